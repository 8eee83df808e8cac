#include "annual/sections.hpp"
#include "xlsx/formats.hpp"
#include "xlsx/xlsx_workbook.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace jalon::reports {

namespace {

constexpr std::array<ActionStatus, 5> action_statuses{
    ActionStatus::done, ActionStatus::in_progress, ActionStatus::not_started,
    ActionStatus::postponed, ActionStatus::dropped};

std::string percent_text(std::size_t part, std::size_t whole) {
    return whole == 0 ? "0 %" : std::to_string((part * 100 + whole / 2) / whole) + " %";
}

} // namespace

void add_status_legend(Section& sheet, const ReportModel& model, const std::string& title) {
    const Labels& l = model.labels;
    sheet.subtitle(title);
    block::Table& table = sheet.table({{l.status, 14}, {l.meaning, 40}}, std::nullopt, false);
    for (std::size_t i = 0; i < std::size(all_progress_statuses); ++i)
        table.rows.push_back({Cell::of(status_label(all_progress_statuses[i], l),
                                       "status:" + std::string(to_code(all_progress_statuses[i]))),
                              Cell::of(l.status_rule[i], "wrap")});
}

// Where the scheme stands, in one sentence whose words agree with its numbers (in French, 0 and 1
// take the singular).
std::string headline_text(std::map<ProgressStatus, std::size_t> all, int year, const Labels& l) {
    const bool en = l.language == "en";
    const std::size_t good = all[ProgressStatus::reached] + all[ProgressStatus::on_track];
    const std::size_t late = all[ProgressStatus::late], pending = all[ProgressStatus::pending];
    const std::size_t judged = good + late, missing = all[ProgressStatus::missing],
                      no_target = all[ProgressStatus::no_target];
    const auto n = [](std::size_t v) { return std::to_string(v); };
    std::string out = (en ? "In " : "En ") + std::to_string(year) + ", ";
    if (judged == 0) {
        out += en ? "no indicator has both a target and a value yet"
                  : "aucun indicateur n'a encore à la fois une cible et une valeur";
    } else {
        if (en)
            out += judged == 1 ? std::string(good ? "the one indicator with a target and a value "
                                                    "is reached or on track"
                                                  : "the one indicator with a target and a value "
                                                    "is neither reached nor on track")
                               : n(good) + " of the " + n(judged) +
                                     " indicators with a target and a value " +
                                     (good == 1 ? "is" : "are") + " reached or on track";
        else
            out += judged == 1
                       ? std::string(good ? "l'indicateur doté d'une cible et d'une valeur est "
                                            "atteint ou en bonne voie"
                                          : "l'indicateur doté d'une cible et d'une valeur n'est "
                                            "ni atteint ni en bonne voie")
                   : good == 0
                       ? "aucun des " + n(judged) +
                             " indicateurs dotés d'une cible et d'une valeur n'est atteint "
                             "ni en bonne voie"
                       : n(good) + " des " + n(judged) +
                             " indicateurs dotés d'une cible et d'une valeur " +
                             (good == 1 ? "est atteint" : "sont atteints") + " ou en bonne voie";
        out += " (" + percent_text(good, judged) + ")";
        if (judged > 1 || late > 0)
            out += late == 0   ? (en ? ", none is late" : ", aucun n'est en retard")
                   : late == 1 ? (en ? ", 1 is late" : ", 1 est en retard")
                               : ", " + n(late) + (en ? " are late" : " sont en retard");
    }
    if (pending > 0)
        out += ", " + n(pending) + (en ? " not yet due" : " à échéance");
    std::vector<std::string> rest;
    if (missing > 0)
        rest.push_back(n(missing) +
                       (en ? (missing == 1 ? " has no value" : " have no value")
                           : (missing == 1 ? " est non renseigné" : " sont non renseignés")));
    if (no_target > 0)
        rest.push_back(n(no_target) + (en ? " no target" : " sans cible"));
    if (!rest.empty())
        out += (en ? "; " : " ; ") + rest.front() +
               (rest.size() > 1 ? (en ? " and " : " et ") + rest.back() : std::string());
    return out + ".";
}

Section summary_section(const ReportModel& model) {
    const Labels& l = model.labels;
    Section sheet{l.sheet_summary};
    sheet.title(model.scheme.title);
    sheet.field(l.owner, Cell::of(model.scheme.owner, "bold"));
    sheet.field(l.period, Cell::of(std::to_string(model.scheme.period.start) + "–" +
                                   std::to_string(model.scheme.period.end)));
    sheet.field(l.year, Cell::num(model.run.year, "numbold:0"));
    const Territory* root = model.scheme.find_territory(model.root);
    sheet.field(l.territory, Cell::of(root ? root->name : model.root));
    sheet.field(l.run, Cell::num(static_cast<double>(model.run.id), "num:0"));
    sheet.field(l.run_date, Cell::of(date_text(model.run.created_at, l)));

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
        const std::string headline = headline_text(all, model.run.year, l);
        sheet.space();
        sheet.note(headline);
    }
    if (model.run.synthetic) {
        sheet.space();
        sheet.banner(l.synthetic_banner, 15);
    }
    sheet.space();

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
    block::Table& table = sheet.table(columns);
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
            ++actions[model.standing(*action) ? std::string(to_code(*model.standing(*action)))
                                              : std::string()];
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
        table.rows.push_back(row);
    }
    std::vector<Cell> total{Cell::of(l.total, "bold"), Cell::blank()};
    for (int c = 2; c < static_cast<int>(columns.size()) - 1; ++c) {
        double sum = 0;
        if (c >= first_indicator_column)
            sum = static_cast<double>(all[all_progress_statuses[c - first_indicator_column]]);
        else if (c - 2 < static_cast<int>(action_statuses.size()))
            for (const Node* a : model.actions())
                sum += model.standing(*a) == action_statuses[c - 2] ? 1 : 0;
        else
            for (const Node* a : model.actions())
                sum += model.standing(*a) ? 0 : 1;
        const std::string letters = column_letters(c);
        total.push_back(
            Cell::formula("=SUM(" + letters + "{first}:" + letters + "{prev})", sum, "numbold:0"));
    }
    total.push_back(
        judged ? Cell::formula(share_formula, static_cast<double>(good) / judged, "percentbold")
               : Cell::of("—", "bold"));
    table.rows.push_back(total);

    // A chart of the table: indicators by status per axis, stacked, in the status colours.
    if (!groups.empty() && !model.scheme.indicators.empty()) {
        block::Chart chart;
        chart.kind = block::Chart::Kind::stacked_bars;
        chart.title = l.chart_title;
        chart.category_index = 1;
        chart.rows = static_cast<long long>(groups.size());
        for (std::size_t i = 0; i < std::size(all_progress_statuses); ++i)
            chart.series.push_back({status_label(all_progress_statuses[i], l),
                                    first_indicator_column + static_cast<int>(i),
                                    status_colors(all_progress_statuses[i]).fill,
                                    status_colors(all_progress_statuses[i]).font, false});
        chart.reverse_categories = true; // categories top to bottom in document order
        chart.x_scale = 1.6;
        chart.y_scale = 1.0 + 0.08 * static_cast<double>(groups.size());
        chart.height = 16 + static_cast<long long>(groups.size());
        sheet.space();
        sheet.chart(chart);
    }

    add_status_legend(sheet, model, l.legend);
    sheet.note(l.missing_legend);
    sheet.first = true;
    return sheet;
}

} // namespace jalon::reports
