#include "annual/sections.hpp"
#include "xlsx/formats.hpp"
#include "xlsx/xlsx_workbook.hpp"

#include <algorithm>
#include <cmath>

namespace jalon::reports {

namespace {

std::string reference_kind(const IndicatorResult& r, const Labels& l) {
    if (r.reference_kind == "milestone")
        return l.milestone_word;
    if (r.reference_kind == "target")
        return l.target_word;
    return {};
}

// The title of the node an indicator belongs to (the path of codes locates it in the tree).
std::string node_title(const ReportModel& model, const std::string& code) {
    const Node* node = model.scheme.find_node(code);
    return node ? node->title : code;
}

// The key figures the scheme gives for the territories of the report, below their values.
void write_key_figures(Section& sheet, const ReportModel& model) {
    const Labels& l = model.labels;
    const auto& territories = model.territories();
    if (std::none_of(territories.begin(), territories.end(),
                     [](const auto& t) { return !t.first->figures.empty(); }))
        return;
    sheet.space();
    sheet.subtitle(l.key_figures);
    sheet.note(l.key_figures_note);
    // The widths are the first table's: codes in A, names and labels in the wide column B.
    block::Table& table = sheet.table(
        {{l.territory, 12}, {l.figure, 42}, {l.value, 11}, {l.unit, 14}, {l.figure_year, 14}},
        std::nullopt, false);
    const Cell empty = Cell::of("", "text");
    for (const auto& [territory, depth] : territories) {
        if (territory->figures.empty())
            continue;
        table.rows.push_back({Cell::of(territory->code, "bold"), Cell::of(territory->name, "bold"),
                              empty, empty, empty});
        for (const Figure& f : territory->figures)
            table.rows.push_back(
                {empty, Cell::of(f.label, "indent1"),
                 Cell::num(f.value, "num:" + number_format(f.unit, f.value == std::floor(f.value))),
                 Cell::of(f.unit, "wrap"), f.year ? Cell::num(*f.year, "num:0") : empty});
    }
}

} // namespace

void add_indicator_table(Section& sheet, const ReportModel& model,
                         const std::vector<const Indicator*>& indicators) {
    const Labels& l = model.labels;
    const int year = model.run.year;
    std::vector<Column> columns{{l.path, 12},
                                {l.node_title, 30},
                                {l.code, 10},
                                {l.indicator, 36},
                                {l.level, 10},
                                {l.unit, 10},
                                {l.method, 16},
                                {l.baseline, 10},
                                {l.baseline_year, 7},
                                {l.reference, 10},
                                {l.reference_year, 8},
                                {l.reference_kind, 7},
                                {l.value + " " + std::to_string(year), 11},
                                {l.attainment, 9},
                                {l.status, 13}};
    constexpr int baseline_col = 7, reference_col = 9, value_col = 12, status_col = 14;
    for (const int y : model.years)
        if (y != year)
            columns.push_back({l.value + " " + std::to_string(y), 11});
    columns.push_back({l.note, 28});
    columns.push_back({l.synthetic, 8});
    block::Table& table = sheet.table(columns, status_col);
    const std::string value = column_letters(value_col) + "{r}";
    const std::string baseline = column_letters(baseline_col) + "{r}";
    const std::string reference = column_letters(reference_col) + "{r}";
    // Blank cells count as 0 in Excel's arithmetic: a missing baseline starts from zero, as the
    // evaluation does for a rising indicator (docs/evaluation.md).
    const std::string attainment = "=IF(OR(" + value + "=\"\"," + reference + "=\"\"," + reference +
                                   "=" + baseline + "),\"\",(" + value + "-" + baseline + ")/(" +
                                   reference + "-" + baseline + "))";
    for (const Indicator* ind : indicators) {
        const IndicatorResult* r = model.result(ind->code, model.root, year);
        const std::string number = model.number_format(*ind);
        std::vector<Cell> row{Cell::of(model.path_codes(ind->node)),
                              Cell::of(node_title(model, ind->node), "wrap"),
                              Cell::of(ind->code, "bold"),
                              Cell::of(ind->label, "wrap"),
                              Cell::of(level_label(ind->level, l)),
                              Cell::of(ind->unit),
                              Cell::of(model.method_label(*ind), "wrap")};
        if (r && r->baseline) {
            row.push_back(Cell::num(*r->baseline, "num:" + number));
            row.push_back(r->baseline_year ? Cell::num(*r->baseline_year, "num:0") : Cell::blank());
        } else {
            row.push_back(Cell::of("", "text"));
            row.push_back(Cell::of("", "text"));
        }
        if (r && r->reference) {
            row.push_back(Cell::num(*r->reference, "num:" + number));
            row.push_back(Cell::num(*r->reference_year, "num:0"));
            row.push_back(Cell::of(reference_kind(*r, l)));
        } else {
            row.insert(row.end(),
                       {Cell::of("", "text"), Cell::of("", "text"), Cell::of("", "text")});
        }
        row.push_back(r ? Cell::maybe(r->value, "num:" + number) : Cell::missing());
        row.push_back(r && r->attainment ? Cell::formula(attainment, *r->attainment, "percent")
                                         : Cell::of("", "text"));
        row.push_back(
            Cell::of(r ? status_label(r->status, l) : status_label(ProgressStatus::missing, l)));
        for (const int y : model.years) {
            if (y == year)
                continue;
            const IndicatorResult* past = model.result(ind->code, model.root, y);
            row.push_back(past ? Cell::maybe(past->value, "num:" + number) : Cell::missing());
        }
        // A missing value says so in its status; the method's "no data" would only repeat it.
        std::string note =
            r && !(r->status == ProgressStatus::missing && r->note_in("en") == "no data")
                ? r->note_in(l.language)
                : std::string();
        if (r && !r->date.empty())
            note = (l.language == "en" ? "reached on " : "atteint le ") + date_text(r->date, l) +
                   (note.empty() ? "" : " — " + note);
        row.push_back(Cell::of(note, "wrap"));
        row.push_back(Cell::of(r && r->synthetic ? l.yes : ""));
        table.rows.push_back(row);
    }
}

Section indicators_section(const ReportModel& model) {
    Section sheet{model.labels.sheet_indicators};
    const Territory* root = model.scheme.find_territory(model.root);
    sheet.title(model.labels.sheet_indicators + " — " + (root ? root->name : model.root) + " — " +
                std::to_string(model.run.year));
    add_indicator_table(sheet, model, model.indicators());
    return sheet;
}

Section territories_section(const ReportModel& model) {
    const Labels& l = model.labels;
    Section sheet{l.sheet_territories};
    sheet.title(l.sheet_territories + " — " + std::to_string(model.run.year));
    bool not_applicable = false;
    for (const Indicator& ind : model.scheme.indicators)
        for (const auto& [territory, depth] : model.territories())
            not_applicable =
                not_applicable || !model.result(ind.code, territory->code, model.run.year);
    const std::string legend =
        l.missing_legend + (not_applicable ? " " + l.not_applicable_legend : std::string());
    sheet.note(l.language == "en"
                   ? "Columns in tree order; a territory's value is its own figure or the roll-up "
                     "of those below it (the subtotals shown in bold). " +
                         legend
                   : "Colonnes dans l'ordre de l'arborescence ; la valeur d'un territoire est son "
                     "propre chiffre ou le cumul de ceux qui le composent (sous-totaux en gras). " +
                         legend);
    if (model.run.synthetic) {
        sheet.space();
        sheet.banner(l.synthetic_banner, 8);
    }
    sheet.space();
    std::vector<Column> columns{{l.code, 12}, {l.indicator, 42}, {l.unit, 11}};
    std::vector<bool> subtotal;
    for (const auto& [territory, depth] : model.territories()) {
        std::string title = std::string(static_cast<std::size_t>(depth) * 2, ' ');
        title += (depth ? "› " : "") + territory->name;
        columns.push_back({title, 14});
        bool has_children = false;
        for (const Territory& t : model.scheme.territories)
            has_children = has_children || (t.parent && *t.parent == territory->code);
        subtotal.push_back(has_children);
    }
    // Whether each territory's data of the year is approved (locked) or still pending.
    std::vector<Cell> approvals{
        Cell::of(l.data_of_year + " " + std::to_string(model.run.year), "label"), Cell::blank(),
        Cell::blank()};
    for (const auto& [territory, depth] : model.territories()) {
        const bool approved = std::any_of(
            model.input.approvals.begin(), model.input.approvals.end(), [&](const DataApproval& a) {
                return a.territory == territory->code && a.year == model.run.year;
            });
        approvals.push_back(Cell::of(approved ? l.approved : l.pending,
                                     approved ? "status:atteint" : "status:sans-cible"));
    }
    sheet.cells(approvals);
    block::Table& table = sheet.table(columns);
    for (const Indicator& ind : model.scheme.indicators) {
        const std::string number = model.number_format(ind);
        std::vector<Cell> row{Cell::of(ind.code, "bold"), Cell::of(ind.label, "wrap"),
                              Cell::of(ind.unit)};
        std::size_t i = 0;
        for (const auto& [territory, depth] : model.territories()) {
            // No result: the method said the indicator does not apply there.
            const IndicatorResult* r = model.result(ind.code, territory->code, model.run.year);
            row.push_back(r ? Cell::maybe(r->value, (subtotal[i] ? "numbold:" : "num:") + number)
                            : Cell::of(l.not_applicable, "text"));
            ++i;
        }
        table.rows.push_back(row);
    }
    write_key_figures(sheet, model);
    return sheet;
}

} // namespace jalon::reports
