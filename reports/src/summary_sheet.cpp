#include "formats.hpp"
#include "sheets.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace jalon::reports {

namespace {

constexpr std::array<ActionStatus, 5> action_statuses{
    ActionStatus::done, ActionStatus::in_progress, ActionStatus::not_started,
    ActionStatus::postponed, ActionStatus::dropped};

// "2026-11-21T20:07:08Z" → "2026-11-21 20:07 UTC".
std::string readable_time(const std::string& iso) {
    if (iso.size() < 16)
        return iso;
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

std::string percent_text(std::size_t part, std::size_t whole) {
    return whole == 0 ? "0 %" : std::to_string((part * 100 + whole / 2) / whole) + " %";
}

} // namespace

SheetWriter new_sheet(XlsxWorkbook& workbook, const ReportModel& model, const std::string& name) {
    return SheetWriter(workbook, name,
                       model.scheme.title + " — " + model.labels.annual_evaluation + " " +
                           std::to_string(model.run.year),
                       model.labels.footer, model.labels.language,
                       model.options.max_rows_per_sheet);
}

void write_status_legend(SheetWriter& sheet, const ReportModel& model, const std::string& title) {
    const Labels& l = model.labels;
    sheet.subtitle(title);
    sheet.begin_table({{l.status, 14}, {l.meaning, 40}}, std::nullopt, false);
    for (std::size_t i = 0; i < std::size(all_progress_statuses); ++i)
        sheet.add_row({Cell::of(status_label(all_progress_statuses[i], l),
                                "status:" + std::string(to_code(all_progress_statuses[i]))),
                       Cell::of(l.status_rule[i], "wrap")});
    sheet.end_table();
}

void write_summary_sheet(XlsxWorkbook& workbook, const ReportModel& model) {
    const Labels& l = model.labels;
    SheetWriter sheet = new_sheet(workbook, model, l.sheet_summary);
    sheet.title(model.scheme.title);
    sheet.line(l.owner, Cell::of(model.scheme.owner, "bold"));
    sheet.line(l.period, Cell::of(std::to_string(model.scheme.period.start) + "–" +
                                  std::to_string(model.scheme.period.end)));
    sheet.line(l.year, Cell::num(model.run.year, "numbold:0"));
    const Territory* root = model.scheme.find_territory(model.root);
    sheet.line(l.territory, Cell::of(root ? root->name : model.root));
    sheet.line(l.run, Cell::num(static_cast<double>(model.run.id), "num:0"));
    sheet.line(l.run_date, Cell::of(readable_time(model.run.created_at)));

    // Counts at the scheme's territory, for the run's year.
    std::map<const Node*, std::map<ProgressStatus, std::size_t>> indicators;
    std::map<ProgressStatus, std::size_t> all;
    for (const Indicator& ind : model.scheme.indicators)
        if (const IndicatorResult* r = model.result(ind.code, model.root, model.run.year)) {
            ++indicators[model.steering_of(ind.node)][r->status];
            ++all[r->status];
        }
    const std::size_t good = all[ProgressStatus::reached] + all[ProgressStatus::on_track];
    const std::size_t judged = good + all[ProgressStatus::late];
    if (!model.scheme.indicators.empty()) {
        const bool en = l.language == "en";
        const std::size_t pending = all[ProgressStatus::pending];
        const std::string pending_text =
            pending == 0 ? std::string()
                         : ", " + std::to_string(pending) + (en ? " not yet due" : " à échéance");
        const std::string headline =
            en ? "In " + std::to_string(model.run.year) + ", " + std::to_string(good) + " of the " +
                     std::to_string(judged) +
                     " indicators with a target and a value are reached "
                     "or on track (" +
                     percent_text(good, judged) + "), " +
                     std::to_string(all[ProgressStatus::late]) + " are late" + pending_text + "; " +
                     std::to_string(all[ProgressStatus::missing]) + " have no value and " +
                     std::to_string(all[ProgressStatus::no_target]) + " no target."
               : "En " + std::to_string(model.run.year) + ", " + std::to_string(good) + " des " +
                     std::to_string(judged) +
                     " indicateurs dotés d'une cible et d'une valeur sont "
                     "atteints ou en bonne voie (" +
                     percent_text(good, judged) + "), " +
                     std::to_string(all[ProgressStatus::late]) + " sont en retard" + pending_text +
                     " ; " + std::to_string(all[ProgressStatus::missing]) +
                     " sont non renseignés et " + std::to_string(all[ProgressStatus::no_target]) +
                     " sans cible.";
        sheet.skip();
        sheet.note(headline);
    }
    if (model.run.synthetic) {
        sheet.skip();
        sheet.banner(l.synthetic_banner, 15);
    }
    sheet.skip();

    // One row per steering node (and one for what is under none): actions by status, indicators
    // by status, share on track.
    std::vector<Column> columns{{l.code, 20}, {model.steering_title(), 44}};
    for (const ActionStatus s : action_statuses)
        columns.push_back({l.sheet_actions + " : " + action_status_label(s, l), 10});
    columns.push_back({l.sheet_actions + " : " + l.action_status_none, 10});
    const int first_indicator_column = static_cast<int>(columns.size());
    for (const ProgressStatus s : all_progress_statuses)
        columns.push_back({l.sheet_indicators + " : " + status_label(s, l), 10});
    columns.push_back({l.share_on_track, 11});
    sheet.begin_table(columns);
    const long long first = sheet.row();
    const auto status_column = [&](ProgressStatus status) {
        const auto* at =
            std::find(std::begin(all_progress_statuses), std::end(all_progress_statuses), status);
        return column_letters(first_indicator_column +
                              static_cast<int>(at - std::begin(all_progress_statuses))) +
               "{r}";
    };
    const std::string reached = status_column(ProgressStatus::reached);
    const std::string on_track = status_column(ProgressStatus::on_track);
    const std::string late = status_column(ProgressStatus::late);
    const std::string share_formula = "=IF((" + reached + "+" + on_track + "+" + late +
                                      ")=0,\"\",(" + reached + "+" + on_track + ")/(" + reached +
                                      "+" + on_track + "+" + late + "))";
    std::map<std::string, std::size_t> action_totals;
    std::vector<const Node*> groups = model.steering_nodes();
    if (model.has_outside())
        groups.push_back(nullptr);
    for (const Node* group : groups) {
        std::vector<Cell> row{group ? Cell::of(group->code, "bold") : Cell::blank(),
                              Cell::of(group ? group->title : model.outside_title(), "wrap")};
        std::map<std::string, std::size_t> actions;
        for (const Node* action : model.actions_of(group))
            ++actions[action->status ? std::string(to_code(*action->status)) : std::string()];
        for (const ActionStatus s : action_statuses)
            row.push_back(
                Cell::num(static_cast<double>(actions[std::string(to_code(s))]), "num:0"));
        row.push_back(Cell::num(static_cast<double>(actions[""]), "num:0"));
        auto& counts = indicators[group];
        for (const ProgressStatus s : all_progress_statuses)
            row.push_back(Cell::num(static_cast<double>(counts[s]), "num:0"));
        const std::size_t top_good =
            counts[ProgressStatus::reached] + counts[ProgressStatus::on_track];
        const std::size_t top_judged = top_good + counts[ProgressStatus::late];
        row.push_back(top_judged
                          ? Cell::formula(share_formula, static_cast<double>(top_good) / top_judged,
                                          "percent")
                          : Cell::of("—", "text"));
        sheet.add_row(row);
    }
    const long long last = sheet.row() - 1;
    std::vector<Cell> total{Cell::of(l.total, "bold"), Cell::blank()};
    for (int c = 2; c < static_cast<int>(columns.size()) - 1; ++c) {
        double sum = 0;
        if (c >= first_indicator_column)
            sum = static_cast<double>(all[all_progress_statuses[c - first_indicator_column]]);
        else if (c - 2 < static_cast<int>(action_statuses.size()))
            for (const Node* a : model.actions())
                sum += a->status && *a->status == action_statuses[c - 2] ? 1 : 0;
        else
            for (const Node* a : model.actions())
                sum += a->status ? 0 : 1;
        total.push_back(Cell::formula("=SUM(" + cell_ref(first, c) + ":" + cell_ref(last, c) + ")",
                                      sum, "numbold:0"));
    }
    total.push_back(
        judged ? Cell::formula(share_formula, static_cast<double>(good) / judged, "percentbold")
               : Cell::of("—", "bold"));
    sheet.add_row(total);
    sheet.end_table();

    // A native chart: indicators by status per axis, stacked, in the status colours.
    if (!groups.empty() && !model.scheme.indicators.empty()) {
        lxw_chart* chart = workbook.add_chart(LXW_CHART_BAR_STACKED);
        chart_title_set_name(chart, chart_text(l.chart_title).c_str());
        for (std::size_t i = 0; i < std::size(all_progress_statuses); ++i) {
            const int column = first_indicator_column + static_cast<int>(i);
            const std::string categories = "=" + quoted_sheet(sheet.name()) + "!" +
                                           cell_ref(first, 1, true) + ":" + cell_ref(last, 1, true);
            const std::string values = "=" + quoted_sheet(sheet.name()) + "!" +
                                       cell_ref(first, column, true) + ":" +
                                       cell_ref(last, column, true);
            lxw_chart_series* series = chart_add_series(chart, categories.c_str(), values.c_str());
            if (!series)
                throw RuntimeError("cannot write the workbook: chart series");
            chart_series_set_name(series,
                                  chart_text(status_label(all_progress_statuses[i], l)).c_str());
            lxw_chart_fill fill{};
            fill.color = status_colors(all_progress_statuses[i]).fill;
            chart_series_set_fill(series, &fill);
            lxw_chart_line border{};
            border.color = status_colors(all_progress_statuses[i]).font;
            border.width = 0.5;
            chart_series_set_line(series, &border);
        }
        chart_axis_set_reverse(chart->y_axis); // categories top to bottom in document order
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
        chart_set_series_gap(chart, 60);
        sheet.skip();
        lxw_chart_options place{};
        place.x_scale = 1.6;
        place.y_scale = 1.0 + 0.08 * static_cast<double>(groups.size());
        check(worksheet_insert_chart_opt(sheet.sheet(), static_cast<lxw_row_t>(sheet.row()), 1,
                                         chart, &place),
              "chart of " + sheet.name());
        sheet.skip(16 + static_cast<long long>(groups.size()));
    }

    write_status_legend(sheet, model, l.legend);
    sheet.note(l.missing_legend);
    sheet.finish();
    worksheet_activate(sheet.sheet());
}

} // namespace jalon::reports
