#include "xlsx/formats.hpp"
#include "xlsx/sheet_writer.hpp"
#include "xlsx/xlsx_workbook.hpp"

#include <jalon/data/data_workbook.hpp>
#include <jalon/error.hpp>
#include <jalon/reports/atomic_output.hpp>
#include <jalon/reports/data_template.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace fs = std::filesystem;

namespace jalon::reports {

namespace {

struct Words {
    std::string instructions, title, what, units, deadline, contact, scheme, year, scope, how[4],
        series, indicator, unit, territory, period, previous, target, value, comment, node,
        node_title, pilots, status, current, synthetic, synthetic_note, all_territories,
        territory_scope, node_scope, pilot_scope;
};

Words words_for(const std::string& language) {
    if (language == "en")
        return {"Instructions",
                "Data entry",
                "What to fill",
                "Units",
                "Return by",
                "Contact",
                "Scheme",
                "Year",
                "Scope",
                {"Fill the yellow cells of the Entry sheet: one value per row, in the row's unit.",
                 "Leave a cell empty when the value is not known: an empty cell is no value, never "
                 "zero.",
                 "In the Actions sheet, choose each action's status in the list and add a short "
                 "comment.",
                 "Do not add, remove or move rows or columns: the hidden keys identify each row."},
                "Series",
                "Indicators",
                "Unit",
                "Territory",
                "Period",
                "Previous year",
                "Target",
                "Value",
                "Comment",
                "Code",
                "Action",
                "Pilots",
                "Status",
                "Current status",
                "synthetic",
                "Synthetic (illustrative) data or targets: the columns marked synthetic show "
                "values made up for a demonstration, not the territory's.",
                "all territories",
                "territory",
                "node",
                "pilot"};
    return {"Instructions",
            "Saisie des données",
            "Que remplir",
            "Unités",
            "Date limite de retour",
            "Contact",
            "Schéma",
            "Année",
            "Périmètre",
            {"Remplissez les cellules jaunes de la feuille Saisie : une valeur par ligne, dans "
             "l'unité de la ligne.",
             "Laissez vide une valeur inconnue : une cellule vide n'est pas un zéro.",
             "Dans la feuille Actions, choisissez le statut de chaque action dans la liste et "
             "ajoutez un bref commentaire.",
             "N'ajoutez, ne supprimez ni ne déplacez de lignes ou de colonnes : des clés cachées "
             "identifient chaque ligne."},
            "Série",
            "Indicateurs",
            "Unité",
            "Territoire",
            "Période",
            "Année précédente",
            "Cible",
            "Valeur",
            "Commentaire",
            "Code",
            "Action",
            "Pilotes",
            "Statut",
            "Statut actuel",
            "synthétique",
            "Données ou cibles synthétiques (illustratives) : les colonnes marquées synthétiques "
            "montrent des valeurs de démonstration, qui ne viennent pas du territoire.",
            "tous les territoires",
            "territoire",
            "action",
            "pilote"};
}

// The filters as a phrase: "territoire T1, pilote CAF", or all territories.
std::string scope_text(const DataTemplateInput& input, const Words& w) {
    std::string text =
        input.territory ? w.territory_scope + " " + *input.territory : w.all_territories;
    if (input.node)
        text += ", " + w.node_scope + " " + *input.node;
    if (input.pilot)
        text += ", " + w.pilot_scope + " " + *input.pilot;
    return text;
}

void set_column(lxw_worksheet* sheet, int column, double width, bool hidden = false) {
    lxw_row_col_options options{};
    options.hidden = hidden ? LXW_TRUE : LXW_FALSE;
    check(worksheet_set_column_opt(sheet, static_cast<lxw_col_t>(column),
                                   static_cast<lxw_col_t>(column), width, nullptr, &options),
          "column width");
}

void protect(lxw_worksheet* sheet) {
    lxw_protection options{};
    options.format_columns = LXW_TRUE; // widths may change; structure may not
    options.autofilter = LXW_TRUE;
    worksheet_protect(sheet, nullptr, &options);
}

bool can_be_negative(const std::string& unit) {
    return unit == "points" || unit == "solde";
}

} // namespace

void write_data_template(const DataTemplateInput& input, const std::string& language,
                         const fs::path& output) {
    using Layout = DataTemplateLayout; // 1-based columns; libxlsxwriter's are 0-based
    const Words w = words_for(language);
    const Scheme& scheme = *input.scheme;
    write_atomically(output, [&](const fs::path& temporary) {
        XlsxWorkbook workbook(temporary.string(), false, "");
        XlsxWorkbook::Properties properties;
        properties.title = scheme.title + " — " + w.title + " " + std::to_string(input.year);
        properties.author = scheme.owner;
        properties.keywords = "Jalon; " + scheme.id;
        properties.created = utc_time(input.created_at);
        workbook.set_properties(properties);
        const bool synthetic_previous =
            std::any_of(input.rows.begin(), input.rows.end(), [](const DataTemplateRow& d) {
                return d.previous && d.synthetic_previous;
            });
        const bool synthetic_target =
            std::any_of(input.rows.begin(), input.rows.end(),
                        [](const DataTemplateRow& d) { return d.target && d.synthetic_target; });
        lxw_format* input_cell = workbook.format("input");
        lxw_format* header = workbook.format("header");
        lxw_format* text = workbook.format("text");

        // Instructions: the long lines span both columns and wrap, so the sheet prints on a page.
        lxw_worksheet* about = workbook.add_sheet(w.instructions);
        constexpr double label_width = 26, value_width = 90;
        set_column(about, 0, label_width);
        set_column(about, 1, value_width);
        worksheet_set_paper(about, 9); // A4
        worksheet_fit_to_pages(about, 1, 0);
        long long row = 0;
        const auto spanning = [&](const std::string& line, const std::string& format,
                                  double line_height) {
            lxw_format* f = workbook.format(format);
            check(worksheet_merge_range(about, static_cast<lxw_row_t>(row), 0,
                                        static_cast<lxw_row_t>(row), 1, "", f),
                  "instructions of the template");
            write_text(about, row, 0, line, f);
            const double lines = static_cast<double>(lines_in(
                line, (label_width + value_width) * (format == "wrapped title" ? 0.75 : 1)));
            check(worksheet_set_row(about, static_cast<lxw_row_t>(row++), line_height * lines,
                                    nullptr),
                  "instructions of the template");
        };
        spanning(scheme.title, "wrapped title", 20);
        ++row;
        const auto line = [&](const std::string& label, const std::string& value,
                              lxw_format* format) {
            write_text(about, row, 0, label, workbook.format("label"));
            write_text(about, row++, 1, value, format);
        };
        line(w.scheme, scheme.id, text);
        line(w.year, std::to_string(input.year), text);
        line(w.scope, scope_text(input, w), text);
        line(w.deadline, "", input_cell);
        line(w.contact, "", input_cell);
        if (synthetic_previous || synthetic_target) {
            ++row;
            spanning(w.synthetic_note, "wrapped banner", 15);
        }
        ++row;
        write_text(about, row++, 0, w.what, workbook.format("subtitle"));
        for (const std::string& how : w.how)
            spanning("• " + how, "wrapped note", 15);
        protect(about);

        // Values.
        std::string entry_name;
        lxw_worksheet* entry = workbook.add_sheet(Layout::entry_sheet(language), &entry_name);
        const std::vector<std::pair<std::string, double>> columns{
            {w.series, 18},
            {w.indicator, 40},
            {w.indicator + " (codes)", 14},
            {w.unit, 12},
            {w.territory, 28},
            {w.period, 9},
            {synthetic_previous ? w.previous + " (" + w.synthetic + ")" : w.previous, 13},
            {synthetic_target ? w.target + " (" + w.synthetic + ")" : w.target, 11},
            {w.value, 13},
            {w.comment, 40}};
        constexpr int value_col = Layout::value - 1, comment_col = Layout::comment - 1,
                      key_col = Layout::series_key - 1;
        static_assert(Layout::territory_key == Layout::series_key + 1 &&
                      Layout::period_key == Layout::series_key + 2);
        for (std::size_t c = 0; c < columns.size(); ++c) {
            set_column(entry, static_cast<int>(c), columns[c].second);
            write_text(entry, 0, static_cast<int>(c), columns[c].first, header);
        }
        for (int c = key_col; c < key_col + 3; ++c) // hidden keys: series, territory, period
            set_column(entry, c, 12, true);
        write_text(entry, 0, key_col, "key:series", header);
        write_text(entry, 0, key_col + 1, "key:territory", header);
        write_text(entry, 0, key_col + 2, "key:period", header);
        long long r = Layout::first_row - 1;
        for (const DataTemplateRow& d : input.rows) {
            write_text(entry, r, 0, d.series, text);
            write_text(entry, r, 1, d.label, workbook.format("wrap"));
            write_text(entry, r, 2, d.indicators, text);
            write_text(entry, r, 3, d.unit, text);
            write_text(entry, r, 4, d.territory_name, text);
            write_text(entry, r, 5, d.period, text);
            const std::string number = "num:" + number_format(d.unit, false);
            if (d.previous)
                write_number(entry, r, 6, *d.previous, workbook.format(number));
            else
                write_blank(entry, r, 6, workbook.format("missing"));
            if (d.target)
                write_number(entry, r, 7, *d.target, workbook.format(number));
            else
                write_blank(entry, r, 7, text);
            write_blank(entry, r, value_col, input_cell);
            write_blank(entry, r, comment_col, input_cell);
            write_text(entry, r, key_col, d.series, text);
            write_text(entry, r, key_col + 1, d.territory, text);
            write_text(entry, r, key_col + 2, d.period, text);

            lxw_data_validation check_value{};
            check_value.validate = LXW_VALIDATION_TYPE_DECIMAL;
            const bool percent = d.unit == "%";
            check_value.criteria = percent ? LXW_VALIDATION_CRITERIA_BETWEEN
                                   : can_be_negative(d.unit)
                                       ? LXW_VALIDATION_CRITERIA_BETWEEN
                                       : LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
            check_value.minimum_number = percent ? 0 : -1e15;
            check_value.maximum_number = percent ? 100 : 1e15;
            check_value.value_number = 0;
            std::string title = w.value, message = language == "en" ? "A number in " + d.unit
                                                                    : "Un nombre, en " + d.unit;
            check_value.error_title = title.data();
            check_value.error_message = message.data();
            check_value.show_error = LXW_VALIDATION_ON;
            check(worksheet_data_validation_cell(entry, static_cast<lxw_row_t>(r), value_col,
                                                 &check_value),
                  "validation of " + entry_name);
            ++r;
        }
        worksheet_freeze_panes(entry, 1, 0);
        check(worksheet_autofilter(entry, 0, 0, static_cast<lxw_row_t>(std::max(1LL, r - 1)),
                                   comment_col),
              "autofilter of " + entry_name);
        protect(entry);

        // Actions.
        lxw_worksheet* acts = workbook.add_sheet(Layout::actions_sheet);
        const std::vector<std::pair<std::string, double>> action_columns{
            {w.node, 10},    {w.node_title, 60}, {w.pilots, 30},
            {w.current, 16}, {w.status, 16},     {w.comment, 50}};
        for (std::size_t c = 0; c < action_columns.size(); ++c) {
            set_column(acts, static_cast<int>(c), action_columns[c].second);
            write_text(acts, 0, static_cast<int>(c), action_columns[c].first, header);
        }
        set_column(acts, 6, 10, true);
        write_text(acts, 0, 6, "key:node", header);
        const auto labels = data_template_status_labels(language);
        std::vector<const char*> statuses(labels.begin(), labels.end());
        statuses.push_back(nullptr);
        r = Layout::first_row - 1;
        for (const DataTemplateAction& a : input.actions) {
            write_text(acts, r, 0, a.node, text);
            write_text(acts, r, 1, a.title, workbook.format("wrap"));
            write_text(acts, r, 2, a.pilots, workbook.format("wrap"));
            write_text(acts, r, 3, a.status, text);
            write_blank(acts, r, 4, input_cell);
            write_blank(acts, r, 5, input_cell);
            write_text(acts, r, 6, a.node, text);
            ++r;
        }
        if (!input.actions.empty()) {
            lxw_data_validation list{};
            list.validate = LXW_VALIDATION_TYPE_LIST;
            list.value_list = const_cast<char**>(statuses.data());
            check(worksheet_data_validation_range(acts, 1, 4, static_cast<lxw_row_t>(r - 1), 4,
                                                  &list),
                  "status list");
        }
        worksheet_freeze_panes(acts, 1, 0);
        protect(acts);

        // The keys' fingerprint, for the import.
        DataTemplateKeys keys{scheme.id, input.year, {}, {}};
        for (const DataTemplateRow& d : input.rows)
            keys.rows.push_back({d.series, d.territory, d.period});
        for (const DataTemplateAction& a : input.actions)
            keys.actions.push_back(a.node);
        lxw_worksheet* meta = workbook.add_sheet(Layout::metadata_sheet);
        const std::vector<std::pair<std::string, std::string>> facts{
            {"format", data_template_format},
            {"scheme", scheme.id},
            {"year", std::to_string(input.year)},
            {"language", language},
            {"rows", std::to_string(input.rows.size())},
            {"actions", std::to_string(input.actions.size())},
            {"keys", data_template_checksum(keys)}};
        for (std::size_t i = 0; i < facts.size(); ++i) {
            write_text(meta, static_cast<long long>(i), 0, facts[i].first, nullptr);
            write_text(meta, static_cast<long long>(i), 1, facts[i].second, nullptr);
        }
        worksheet_hide(meta);
        protect(meta);
        worksheet_activate(entry);
        workbook.close();
    });
}

} // namespace jalon::reports
