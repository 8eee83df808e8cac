#include "annual/sections.hpp"
#include "xlsx/formats.hpp"

#include <algorithm>

namespace jalon::reports {

Section method_section(const ReportModel& model) {
    const Labels& l = model.labels;
    const EvaluationRun& run = model.run;
    Section sheet{l.sheet_method};
    sheet.title(l.sheet_method);
    sheet.note(l.method_intro);
    sheet.space();
    sheet.field(l.run_id, Cell::num(static_cast<double>(run.id), "num:0"));
    sheet.field(l.created, Cell::of(date_text(run.created_at, l)));
    sheet.field(l.database, Cell::of(model.input.database));
    sheet.field(l.jalon_version, Cell::of(run.jalon_version));
    sheet.field(l.scheme_hash, Cell::of(run.scheme_hash));
    sheet.field(l.scheme_revision, Cell::num(run.scheme_revision, "num:0"));
    sheet.field(l.options, Cell::of(run.options));
    sheet.space();

    sheet.subtitle(l.indicator_methods);
    block::Table& methods = sheet.table({{l.code, 14},
                                         {l.indicator, 44},
                                         {l.method, 22},
                                         {l.method_code, 11},
                                         {l.parameters, 44},
                                         {l.unit, 12},
                                         {l.direction, 14},
                                         {l.synthetic, 12},
                                         {l.producer, 30},
                                         {l.frequency, 14},
                                         {l.remarks, 30}});
    for (const Indicator& ind : model.scheme.indicators)
        methods.rows.push_back(
            {Cell::of(ind.code, "bold"), Cell::of(ind.label, "wrap"),
             Cell::of(model.method_label(ind), "wrap"), Cell::of(ind.method),
             Cell::of(model.params_text(ind), "wrap"), Cell::of(ind.unit),
             Cell::of(std::string(to_code(ind.direction)) == "down"
                          ? (l.language == "en" ? "falling is better" : "baisse souhaitée")
                          : (l.language == "en" ? "rising is better" : "hausse souhaitée")),
             Cell::of(ind.synthetic_targets ? l.yes : ""), Cell::of(producer_text(ind), "wrap"),
             Cell::of(ind.frequency ? frequency_label(*ind.frequency, l) : std::string()),
             Cell::of(inferred_text(ind, l), "wrap")});
    if (std::any_of(model.scheme.indicators.begin(), model.scheme.indicators.end(),
                    [](const Indicator& i) { return i.code_inferred || i.level_inferred; }))
        sheet.note(l.inferred_note);
    sheet.space();

    sheet.subtitle(l.plugins);
    block::Table& plugins =
        sheet.table({{l.plugin, 14}, {l.version, 44}, {l.file, 14}}, std::nullopt, false);
    for (const RunPlugin& plugin : run.plugins)
        plugins.rows.push_back(
            {Cell::of(plugin.name, "bold"), Cell::of(plugin.version), Cell::of(plugin.file)});
    sheet.space();

    sheet.subtitle(l.data_sources);
    block::Table& sources = sheet.table(
        {{l.file, 14}, {l.rows, 44}, {l.synthetic, 14}, {l.recorded, 44}}, std::nullopt, false);
    for (const ObservationSource& source : model.input.sources)
        sources.rows.push_back(
            {Cell::of(source.file, "wrap"),
             Cell::num(static_cast<double>(source.rows), "num:#,##0"),
             Cell::of(source.synthetic ? l.synthetic_sources : ""),
             Cell::of(date_text(source.last_recorded, l) +
                      (source.recorded_by.empty() ? "" : " — " + source.recorded_by))});
    sheet.space();

    add_status_legend(sheet, model, l.status_rules);
    sheet.note(l.language == "en"
                   ? "Attainment = (value − baseline) / (milestone or target − baseline); the "
                     "expected value lies on the straight line from the baseline to the "
                     "milestone or target in force. Targets apply to the scheme's territory."
                   : "Taux d'atteinte = (valeur − valeur de référence) / (jalon ou cible − valeur "
                     "de référence) ; la valeur attendue est sur la droite qui va de la valeur de "
                     "référence au jalon ou à la cible en vigueur. Les cibles s'appliquent au "
                     "territoire du schéma.");
    return sheet;
}

} // namespace jalon::reports
