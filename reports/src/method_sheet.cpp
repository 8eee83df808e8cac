#include "formats.hpp"
#include "sheets.hpp"

#include <algorithm>

namespace jalon::reports {

void write_method_sheet(XlsxWorkbook& workbook, const ReportModel& model) {
    const Labels& l = model.labels;
    const EvaluationRun& run = model.run;
    SheetWriter sheet = new_sheet(workbook, model, l.sheet_method);
    sheet.title(l.sheet_method);
    sheet.note(l.method_intro);
    sheet.skip();
    sheet.line(l.run_id, Cell::num(static_cast<double>(run.id), "num:0"));
    sheet.line(l.created, Cell::of(run.created_at));
    sheet.line(l.database, Cell::of(model.input.database));
    sheet.line(l.jalon_version, Cell::of(run.jalon_version));
    sheet.line(l.scheme_hash, Cell::of(run.scheme_hash));
    sheet.line(l.scheme_revision, Cell::num(run.scheme_revision, "num:0"));
    sheet.line(l.options, Cell::of(run.options));
    sheet.skip();

    sheet.subtitle(l.indicator_methods);
    sheet.begin_table({{l.code, 14},
                       {l.indicator, 44},
                       {l.method, 22},
                       {l.method_code, 11},
                       {l.parameters, 44},
                       {l.unit, 12},
                       {l.level, 14},
                       {l.synthetic, 12},
                       {l.producer, 30},
                       {l.frequency, 14},
                       {l.remarks, 30}});
    for (const Indicator& ind : model.scheme.indicators)
        sheet.add_row(
            {Cell::of(ind.code, "bold"), Cell::of(ind.label, "wrap"),
             Cell::of(model.method_label(ind), "wrap"), Cell::of(ind.method),
             Cell::of(model.params_text(ind), "wrap"), Cell::of(ind.unit),
             Cell::of(std::string(to_code(ind.direction)) == "down"
                          ? (l.language == "en" ? "falling is better" : "baisse souhaitée")
                          : (l.language == "en" ? "rising is better" : "hausse souhaitée")),
             Cell::of(ind.synthetic_targets ? l.yes : ""), Cell::of(producer_text(ind), "wrap"),
             Cell::of(ind.frequency ? frequency_label(*ind.frequency, l) : std::string()),
             Cell::of(inferred_text(ind, l), "wrap")});
    sheet.end_table();
    if (std::any_of(model.scheme.indicators.begin(), model.scheme.indicators.end(),
                    [](const Indicator& i) { return i.code_inferred || i.level_inferred; }))
        sheet.note(l.inferred_note);
    sheet.skip();

    sheet.subtitle(l.plugins);
    sheet.begin_table({{l.plugin, 14}, {l.version, 44}, {l.file, 14}}, std::nullopt, false);
    for (const RunPlugin& plugin : run.plugins)
        sheet.add_row(
            {Cell::of(plugin.name, "bold"), Cell::of(plugin.version), Cell::of(plugin.file)});
    sheet.end_table();
    sheet.skip();

    sheet.subtitle(l.data_sources);
    sheet.begin_table({{l.file, 14}, {l.rows, 44}, {l.synthetic, 14}, {l.recorded, 44}},
                      std::nullopt, false);
    for (const ObservationSource& source : model.input.sources)
        sheet.add_row({Cell::of(source.file, "wrap"),
                       Cell::num(static_cast<double>(source.rows), "num:#,##0"),
                       Cell::of(source.synthetic ? l.synthetic_sources : ""),
                       Cell::of(source.last_recorded +
                                (source.recorded_by.empty() ? "" : " — " + source.recorded_by))});
    sheet.end_table();
    sheet.skip();

    write_status_legend(sheet, model, l.status_rules);
    sheet.note(l.language == "en"
                   ? "Attainment = (value − baseline) / (milestone or target − baseline); the "
                     "expected value lies on the straight line from the baseline to the "
                     "milestone or target in force. Targets apply to the scheme's territory."
                   : "Taux d'atteinte = (valeur − valeur de référence) / (jalon ou cible − valeur "
                     "de référence) ; la valeur attendue est sur la droite qui va de la valeur de "
                     "référence au jalon ou à la cible en vigueur. Les cibles s'appliquent au "
                     "territoire du schéma.");
    sheet.finish();
}

} // namespace jalon::reports
