#include "xlsx/formats.hpp"
#include "xlsx/sheet_writer.hpp"
#include "xlsx/xlsx_workbook.hpp"

#include <jalon/error.hpp>
#include <jalon/reports/atomic_output.hpp>
#include <jalon/reports/scheme_workbook.hpp>
#include <jalon/scheme/scheme_workbook.hpp>
#include <jalon/scheme/scheme_yaml.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <variant>

namespace fs = std::filesystem;

namespace jalon::reports {

namespace {

// One cell's content: nothing, a text or a number.
using Value = std::variant<std::monostate, std::string, double>;
using Values = std::map<std::string, Value>; // column key -> value

std::string lines(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items)
        out += (out.empty() ? "" : "\n") + item;
    return out;
}

struct Writer {
    XlsxWorkbook& book;
    const Scheme* scheme;
    const std::vector<plugin::MethodSpec>& methods;
    const std::string& language;
    bool en = language == "en";
    std::map<std::string, std::string> sheet_name; // layout key -> name in the workbook

    const std::string& word(const SchemeWorkbookColumn& c) const { return en ? c.en : c.fr; }
    const std::string& word(const SchemeWorkbookSheet& s) const { return en ? s.en : s.fr; }
    std::string word(std::string_view list, std::string_view code) const {
        return scheme_workbook_choice_word(list, code, language);
    }

    Value flag(bool value) const {
        if (!value)
            return {};
        return std::string(en ? "yes" : "oui");
    }
    Value optional_flag(const std::optional<bool>& value) const {
        if (!value)
            return {};
        return std::string(*value ? (en ? "yes" : "oui") : (en ? "no" : "non"));
    }
    static Value text(const std::string& t) {
        if (t.empty())
            return {};
        return t;
    }
    static Value list(const std::vector<std::string>& items) { return text(lines(items)); }
    static Value year(const std::optional<int>& y) {
        if (!y)
            return {};
        return static_cast<double>(*y);
    }

    // ---- the rows of each sheet ---------------------------------------------------------------

    std::vector<Values> rows(const std::string& sheet) const {
        std::vector<Values> out;
        if (!scheme)
            return out;
        const Scheme& s = *scheme;
        if (sheet == "levels") {
            for (const std::string& level : s.levels)
                out.push_back(
                    {{"name", level},
                     {"action", flag(std::find(s.action_levels.begin(), s.action_levels.end(),
                                               level) != s.action_levels.end())}});
        } else if (sheet == "nodes") {
            for (const Node& n : s.nodes) {
                Values v{{"code", n.code},
                         {"parent", text(n.parent.value_or(""))},
                         {"level", text(n.level)},
                         {"title", text(n.title)},
                         {"short_title", text(n.short_title)},
                         {"code_inferred", flag(n.code_inferred)},
                         {"action", optional_flag(n.action)},
                         {"flagship", flag(n.flagship)},
                         {"pilots", list(n.pilots)},
                         {"partners", list(n.partners)},
                         {"objective", text(n.objective)},
                         {"modalities", list(n.modalities)},
                         {"territorial_notes", list(n.territorial_notes)},
                         {"articulation", list(n.articulation)},
                         {"participation", text(n.participation)},
                         {"levers", list(n.levers)},
                         {"narrative", list(n.narrative)},
                         {"notes", list(n.notes)}};
                if (n.status)
                    v["status"] = word("statuses", to_code(*n.status));
                if (n.calendar) {
                    v["calendar.start"] = year(n.calendar->start);
                    v["calendar.end"] = year(n.calendar->end);
                    v["calendar.text"] = text(n.calendar->text);
                }
                out.push_back(std::move(v));
            }
        } else if (sheet == "indicators") {
            for (const Indicator& i : s.indicators) {
                Values v{{"code", i.code},
                         {"code_inferred", flag(i.code_inferred)},
                         {"node", text(i.node)},
                         {"label", text(i.label)},
                         {"level", word("indicator_levels", to_code(i.level))},
                         {"level_inferred", flag(i.level_inferred)},
                         {"kind", text(i.kind)},
                         {"unit", text(i.unit)},
                         {"method", text(i.method)},
                         {"params", text(write_params_text(i.params))},
                         {"key", flag(i.key)},
                         {"producer", text(i.producer)},
                         {"source", text(i.source)},
                         {"notes", list(i.notes)}};
                if (i.direction != Direction::up)
                    v["direction"] = word("directions", to_code(i.direction));
                if (i.frequency)
                    v["frequency"] = word("frequencies", to_code(*i.frequency));
                if (i.baseline) {
                    v["baseline.value"] = i.baseline->value;
                    v["baseline.year"] = year(i.baseline->year);
                }
                out.push_back(std::move(v));
            }
        } else if (sheet == "targets") {
            for (const Indicator& i : s.indicators) {
                for (const Milestone& m : i.milestones)
                    out.push_back({{"indicator", i.code},
                                   {"type", std::string(en ? "milestone" : "jalon")},
                                   {"year", static_cast<double>(m.year)},
                                   {"value", m.value},
                                   {"text", text(m.text)}});
                if (i.target) {
                    Values v{{"indicator", i.code},
                             {"type", std::string(en ? "target" : "cible")},
                             {"year", year(i.target->year)},
                             {"unit", text(i.target->unit)},
                             {"text", text(i.target->text)}};
                    if (i.target->value)
                        v["value"] = *i.target->value;
                    out.push_back(std::move(v));
                }
            }
        } else if (sheet == "territories") {
            for (const Territory& t : s.territories)
                out.push_back({{"code", t.code},
                               {"parent", text(t.parent.value_or(""))},
                               {"name", text(t.name)},
                               {"kind", text(t.kind)},
                               {"notes", list(t.notes)}});
        } else if (sheet == "figures") {
            const auto add = [&](const std::string& kind, const std::string& code,
                                 const std::vector<Figure>& figures) {
                for (const Figure& f : figures)
                    out.push_back({{"element", kind},
                                   {"code", code},
                                   {"label", text(f.label)},
                                   {"value", f.value},
                                   {"unit", text(f.unit)},
                                   {"year", year(f.year)}});
            };
            const std::string node = en ? "node" : "nœud",
                              territory = en ? "territory" : "territoire";
            for (const Node& n : s.nodes)
                add(node, n.code, n.figures);
            for (const Node& n : s.unplanned)
                add(node, n.code, n.figures);
            for (const Territory& t : s.territories)
                add(territory, t.code, t.figures);
        } else if (sheet == "series") {
            for (const Series& series : s.series) {
                Values v{{"code", series.code},
                         {"label", text(series.label)},
                         {"unit", text(series.unit)}};
                if (series.within_year != Rollup::sum)
                    v["within_year"] = word("rollups", to_code(series.within_year));
                if (series.across_territories != Rollup::sum)
                    v["across_territories"] = word("rollups", to_code(series.across_territories));
                out.push_back(std::move(v));
            }
        } else if (sheet == "unplanned") {
            for (const Node& n : s.unplanned)
                out.push_back({{"code", n.code},
                               {"code_inferred", flag(n.code_inferred)},
                               {"node", text(n.parent.value_or(""))},
                               {"title", text(n.title)},
                               {"year", year(n.year)},
                               {"pilots", list(n.pilots)},
                               {"partners", list(n.partners)},
                               {"territorial_notes", list(n.territorial_notes)},
                               {"narrative", list(n.narrative)},
                               {"notes", list(n.notes)}});
        } else if (sheet == "questions") {
            for (const EvaluativeQuestion& q : s.questions)
                out.push_back({{"code", q.code},
                               {"criterion", word("criteria", to_code(q.criterion))},
                               {"question", text(q.question)},
                               {"indicators", list(q.indicators)},
                               {"nodes", list(q.nodes)},
                               {"judgement_criteria", list(q.judgement_criteria)}});
        } else if (sheet == "governance") {
            for (const GovernanceBody& g : s.governance)
                out.push_back({{"body", text(g.body)},
                               {"scope", text(g.scope)},
                               {"frequency", text(g.frequency)},
                               {"role", text(g.role)}});
        } else if (sheet == "links") {
            for (const SchemeLink& l : s.links)
                out.push_back({{"from", text(l.from.value_or(""))},
                               {"to", text(l.to)},
                               {"kind", text(l.kind)}});
        } else if (sheet == "totals") {
            for (const auto& [name, value] : s.stated_totals)
                out.push_back({{"name", name}, {"value", static_cast<double>(value)}});
        }
        return out;
    }

    Values scheme_fields() const {
        if (!scheme)
            return {};
        const Scheme& s = *scheme;
        return {
            {"id", text(s.id)},
            {"title", text(s.title)},
            {"kind", text(s.kind)},
            {"owner", text(s.owner)},
            {"period.start", static_cast<double>(s.period.start)},
            {"period.end", static_cast<double>(s.period.end)},
            {"language", text(s.language)},
            {"source", text(s.source)},
            {"level_order",
             std::string(s.level_order == LevelOrder::strict ? "strict" : (en ? "free" : "libre"))},
            {"steering_level", text(s.steering_level)},
            {"status_year", year(s.status_year)},
            {"domains", list(s.domains)},
            {"notes", list(s.notes)},
            {"evaluation.notes", list(s.evaluation_notes)}};
    }

    // ---- cells --------------------------------------------------------------------------------

    // Writes a value; returns the lines it takes in a column of that width (for row heights).
    std::size_t put(lxw_worksheet* sheet, long long row, int column, const Value& value,
                    const SchemeWorkbookColumn& c, double width) {
        const bool code = c.type == SchemeCellType::code;
        if (const std::string* t = std::get_if<std::string>(&value)) {
            write_text(sheet, row, column, *t, book.format(code ? "code" : "wrap"));
            return code ? 1 : lines_in(*t, width);
        }
        if (const double* n = std::get_if<double>(&value)) {
            write_number(sheet, row, column, *n,
                         book.format(c.type == SchemeCellType::year ? "num:0" : "num:General"));
            return 1;
        }
        return 1;
    }

    // The range a list of choices comes from, as a formula.
    std::string choice_range(const std::string& list, long long last_row) const {
        const auto data = [&](const std::string& sheet_key) {
            return "=" + quoted_sheet(sheet_name.at(sheet_key)) + "!$A$2:$A$" +
                   std::to_string(last_row + 1);
        };
        if (list == "levels")
            return data("levels");
        if (list == "nodes")
            return data("nodes");
        if (list == "indicators")
            return data("indicators");
        if (list == "territories")
            return data("territories");
        // methods: the hidden lists sheet
        return "=" + quoted_sheet("_listes") + "!$A$2:$A$" +
               std::to_string(1 + std::max<std::size_t>(methods.size(), 1));
    }

    void validate(lxw_worksheet* sheet, long long first, long long last, int column,
                  const SchemeWorkbookColumn& c, long long list_rows) {
        lxw_data_validation v{};
        std::string formula, title = word(c), message;
        std::vector<std::string> words;
        std::vector<const char*> word_pointers;
        if (c.type == SchemeCellType::year) {
            v.validate = LXW_VALIDATION_TYPE_INTEGER;
            v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
            v.minimum_number = 1000;
            v.maximum_number = 9999;
            message = en ? "A year, such as 2025" : "Une année, par exemple 2025";
        } else if (c.type == SchemeCellType::number) {
            v.validate = LXW_VALIDATION_TYPE_DECIMAL;
            v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
            v.minimum_number = -1e300;
            v.maximum_number = 1e300;
            message = en ? "A number" : "Un nombre";
        } else if (!c.choices.empty()) {
            // Codes and methods typed before they are listed, or offered by other plugins, stay
            // possible: a warning, not a refusal. Their lists are ranges of the workbook; a fixed
            // list is given as its words (Excel's limit of 255 characters is far off).
            const bool open = c.choices == "levels" || c.choices == "nodes" ||
                              c.choices == "indicators" || c.choices == "territories" ||
                              c.choices == "methods";
            if (open) {
                v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
                formula = choice_range(c.choices, list_rows);
                v.value_formula = formula.data();
            } else {
                words = scheme_workbook_choices(c.choices, language);
                for (const std::string& w : words)
                    word_pointers.push_back(w.c_str());
                word_pointers.push_back(nullptr);
                v.validate = LXW_VALIDATION_TYPE_LIST;
                v.value_list = const_cast<char**>(word_pointers.data());
            }
            v.error_type =
                open ? LXW_VALIDATION_ERROR_TYPE_WARNING : LXW_VALIDATION_ERROR_TYPE_STOP;
            message = en ? "Choose in the list" : "Choisissez dans la liste";
        } else {
            return;
        }
        v.error_title = title.data();
        v.error_message = message.data();
        v.show_error = LXW_VALIDATION_ON;
        check(worksheet_data_validation_range(
                  sheet, static_cast<lxw_row_t>(first), static_cast<lxw_col_t>(column),
                  static_cast<lxw_row_t>(last), static_cast<lxw_col_t>(column), &v),
              "validation of " + word(c));
    }

    void hint(lxw_worksheet* sheet, long long first, long long last, int column,
              const std::string& title, const std::string& message) {
        lxw_data_validation v{};
        v.validate = LXW_VALIDATION_TYPE_ANY;
        std::string t = title, m = message;
        v.input_title = t.data();
        v.input_message = m.data();
        v.show_input = LXW_VALIDATION_ON;
        check(worksheet_data_validation_range(
                  sheet, static_cast<lxw_row_t>(first), static_cast<lxw_col_t>(column),
                  static_cast<lxw_row_t>(last), static_cast<lxw_col_t>(column), &v),
              "hint of " + title);
    }

    // Landscape A4, `pages_wide` pages wide (a wide table prints in bands, readable, rather than
    // shrunk onto one page), the header row repeated, the first column too when in bands.
    void print_setup(lxw_worksheet* sheet, const std::string& name, bool header,
                     std::uint16_t pages_wide = 1) {
        worksheet_set_landscape(sheet);
        worksheet_set_paper(sheet, 9); // A4
        worksheet_fit_to_pages(sheet, pages_wide, 0);
        if (pages_wide > 1)
            check(worksheet_repeat_columns(sheet, 0, 0), "repeated column of " + name);
        worksheet_set_margins(sheet, 0.4, 0.4, 0.5, 0.6);
        const std::string left = (scheme ? scheme->title + " — " : std::string()) + name;
        const std::string footer = footer_text(left, en ? "Page &P of &N" : "Page &P sur &N");
        check(worksheet_set_footer(sheet, footer.c_str()), "footer of " + name);
        if (header)
            check(worksheet_repeat_rows(sheet, 0, 0), "repeated header of " + name);
    }

    // ---- sheets -------------------------------------------------------------------------------

    void instructions() {
        lxw_worksheet* sheet = book.add_sheet("Instructions");
        set_width(sheet, 0, 26);
        set_width(sheet, 1, 100);
        long long row = 0;
        const std::string title =
            scheme ? scheme->title
                   : (en ? "Describing a scheme in Excel" : "Décrire un schéma dans Excel");
        write_text(sheet, row++, 0, title, book.format("title"));
        ++row;
        const std::vector<std::string> how =
            en ? std::vector<
                     std::string>{"Fill the sheets from left to right: the scheme, its levels, its "
                                  "tree, then "
                                  "its indicators, their milestones and targets, its territories.",
                                  "One element a row, under the header; the header row stays as it "
                                  "is (the "
                                  "columns may be moved, not renamed).",
                                  "Codes are unique; a node's parent is the code of another row of "
                                  "the Tree "
                                  "sheet (empty for a top-level node), in any order.",
                                  "Cells with several values (pilots, partners, notes…): one value "
                                  "a line "
                                  "(Alt+Enter in Excel, Ctrl+Enter in LibreOffice).",
                                  "Yes/no columns: yes, or empty for no. Drop-down lists offer the "
                                  "levels of "
                                  "the Levels sheet, the codes already entered and the format's "
                                  "words.",
                                  "Methods and their parameters: Methods sheet; parameters are "
                                  "written "
                                  "name: value, one a line.",
                                  "Then: jalon scheme import this-file.xlsx — every error names "
                                  "its cell, and "
                                  "nothing is stored until the whole workbook is right."}
               : std::vector<std::string>{
                     "Remplissez les feuilles de gauche à droite : le schéma, ses niveaux, son "
                     "arborescence, puis ses indicateurs, leurs jalons et cibles, ses "
                     "territoires.",
                     "Un élément par ligne, sous l'en-tête ; gardez les en-têtes tels quels (les "
                     "colonnes peuvent être déplacées, pas renommées).",
                     "Chaque code est unique ; le parent d'un élément est le code d'une autre "
                     "ligne de la feuille Arborescence (vide pour un élément de premier niveau), "
                     "dans n'importe quel ordre.",
                     "Cellules à plusieurs valeurs (pilotes, partenaires, notes…) : une valeur "
                     "par ligne (Alt+Entrée dans Excel, Ctrl+Entrée dans LibreOffice).",
                     "Colonnes oui/non : « oui », ou vide pour non. Les listes déroulantes "
                     "proposent les niveaux de la feuille Niveaux, les codes déjà saisis et les "
                     "mots du format.",
                     "Méthodes de calcul et leurs paramètres : feuille Méthodes ; les paramètres "
                     "s'écrivent nom: valeur, un par ligne.",
                     "Ensuite : jalon scheme import ce-fichier.xlsx — chaque erreur désigne sa "
                     "cellule, et rien n'est enregistré tant que le classeur n'est pas correct."};
        write_text(sheet, row++, 0, en ? "How to fill it" : "Comment le remplir",
                   book.format("subtitle"));
        for (const std::string& line : how) {
            check(worksheet_merge_range(sheet, static_cast<lxw_row_t>(row), 0,
                                        static_cast<lxw_row_t>(row), 1, "",
                                        book.format("wrapped note")),
                  "instructions");
            write_text(sheet, row, 0, "• " + line, book.format("wrapped note"));
            check(worksheet_set_row(sheet, static_cast<lxw_row_t>(row++),
                                    14.0 * static_cast<double>(lines_in(line, 120)), nullptr),
                  "instructions");
        }
        ++row;
        write_text(sheet, row++, 0, en ? "Sheets" : "Feuilles", book.format("subtitle"));
        write_text(sheet, row, 0, en ? "Sheet" : "Feuille", book.format("header"));
        write_text(sheet, row++, 1, en ? "What it holds" : "Contenu", book.format("header"));
        for (const SchemeWorkbookSheet& s : scheme_workbook_sheets()) {
            std::string help = en ? s.help_en : s.help_fr;
            if (s.key == "scheme")
                help = en ? "Identity, owner, period, level order and steering level: one field "
                            "a row"
                          : "Identité, porteur, période, ordre des niveaux et niveau de pilotage : "
                            "un champ par ligne";
            write_text(sheet, row, 0, word(s), book.format("bold"));
            write_text(sheet, row, 1, help, book.format("wrap"));
            check(worksheet_set_row(sheet, static_cast<lxw_row_t>(row++),
                                    13.0 * static_cast<double>(lines_in(help, 100)), nullptr),
                  "instructions");
        }
        write_text(sheet, row, 0, en ? "Methods" : "Méthodes", book.format("bold"));
        write_text(sheet, row++, 1,
                   en ? "The calculation methods the plugins offer, with their parameters "
                        "(reference, not read)"
                      : "Les méthodes de calcul qu'offrent les extensions, avec leurs paramètres "
                        "(pour mémoire, non lu)",
                   book.format("wrap"));
        ++row;
        write_text(sheet, row++, 0,
                   (en ? "Format: " : "Format : ") + std::string(scheme_workbook_format),
                   book.format("note"));
        print_setup(sheet, "Instructions", false);
        worksheet_set_portrait(sheet);
    }

    static void set_width(lxw_worksheet* sheet, int column, double width,
                          lxw_format* format = nullptr) {
        check(worksheet_set_column(sheet, static_cast<lxw_col_t>(column),
                                   static_cast<lxw_col_t>(column), width, format),
              "column width");
    }

    void scheme_sheet(const SchemeWorkbookSheet& l) {
        std::string name;
        lxw_worksheet* sheet = book.add_sheet(word(l), &name);
        set_width(sheet, 0, 24);
        set_width(sheet, 1, 60);
        set_width(sheet, 2, 70);
        write_text(sheet, 0, 0, en ? "Field" : "Champ", book.format("header"));
        write_text(sheet, 0, 1, en ? "Value" : "Valeur", book.format("header"));
        write_text(sheet, 0, 2, en ? "Help" : "Aide", book.format("header"));
        const Values values = scheme_fields();
        long long row = 1;
        for (const SchemeWorkbookColumn& f : l.columns) {
            write_text(sheet, row, 0, word(f) + (f.required ? " *" : ""), book.format("bold"));
            const auto it = values.find(f.key);
            const Value value = it == values.end() ? Value{} : it->second;
            std::size_t height = 1;
            if (std::holds_alternative<std::monostate>(value))
                write_blank(sheet, row, 1, book.format("input"));
            else
                height = put(sheet, row, 1, value, f, 60);
            const std::string help = en ? f.help_en : f.help_fr;
            write_text(sheet, row, 2, help, book.format("wrapped note"));
            height = std::max(height, lines_in(help, 70));
            if (height > 1)
                check(worksheet_set_row(sheet, static_cast<lxw_row_t>(row),
                                        std::min(409.0, 13.0 * static_cast<double>(height)),
                                        nullptr),
                      "row of " + name);
            validate(sheet, row, row, 1, f, 200);
            ++row;
        }
        worksheet_freeze_panes(sheet, 1, 1);
        print_setup(sheet, name, true);
    }

    static int column_of(const SchemeWorkbookSheet& l, const std::string& key) {
        for (std::size_t c = 0; c < l.columns.size(); ++c)
            if (l.columns[c].key == key)
                return static_cast<int>(c);
        throw std::logic_error("no column " + key + " in sheet " + l.key);
    }

    void table_sheet(const SchemeWorkbookSheet& l) {
        const std::string& name = sheet_name.at(l.key);
        lxw_worksheet* sheet = book.add_sheet(name);
        const std::vector<Values> data = rows(l.key);
        // Checks and lists reach well below the rows written, for rows the user adds.
        const long long last = static_cast<long long>(data.size()) + 1000;
        for (std::size_t c = 0; c < l.columns.size(); ++c) {
            const SchemeWorkbookColumn& col = l.columns[c];
            const int column = static_cast<int>(c);
            set_width(sheet, column, col.width,
                      col.type == SchemeCellType::code ? book.format("code column") : nullptr);
            write_text(sheet, 0, column, word(col) + (col.required ? " *" : ""),
                       book.format("header"));
            validate(sheet, 1, last, column, col, last);
            if (col.type == SchemeCellType::list)
                hint(sheet, 1, last, column, word(col),
                     en ? "One value a line (Alt+Enter)" : "Une valeur par ligne (Alt+Entrée)");
            if (col.key == "params")
                parameter_choices(sheet, last, column, column_of(l, "method"), word(col));
        }
        // Headers wrap in their column: the row takes the lines its longest one needs.
        std::size_t header_lines = 1;
        for (const SchemeWorkbookColumn& col : l.columns)
            header_lines =
                std::max(header_lines, lines_in(word(col) + (col.required ? " *" : ""), col.width));
        if (header_lines > 1)
            check(worksheet_set_row(sheet, 0, 13.5 * static_cast<double>(header_lines), nullptr),
                  "header of " + name);
        long long row = 1;
        for (const Values& values : data) {
            std::size_t height = 1;
            for (std::size_t c = 0; c < l.columns.size(); ++c) {
                const auto it = values.find(l.columns[c].key);
                if (it != values.end())
                    height = std::max(height, put(sheet, row, static_cast<int>(c), it->second,
                                                  l.columns[c], l.columns[c].width));
            }
            if (height > 1)
                check(worksheet_set_row(sheet, static_cast<lxw_row_t>(row),
                                        std::min(409.0, 13.0 * static_cast<double>(height)),
                                        nullptr),
                      "row of " + name);
            ++row;
        }
        worksheet_freeze_panes(sheet, 1, l.key == "nodes" || l.key == "indicators" ? 1 : 0);
        check(worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(std::max(1LL, row - 1)),
                                   static_cast<lxw_col_t>(l.columns.size() - 1)),
              "autofilter of " + name);
        // About 160 characters of 10 pt text fit across a landscape A4 page.
        double total = 0;
        for (const SchemeWorkbookColumn& c : l.columns)
            total += c.width;
        print_setup(sheet, name, true, static_cast<std::uint16_t>(std::ceil(total / 160)));
    }

    void methods_sheet() {
        std::string name;
        lxw_worksheet* sheet = book.add_sheet(en ? "Methods" : "Méthodes", &name);
        const std::vector<std::pair<std::string, double>> columns =
            en ? std::vector<std::pair<std::string, double>>{{"Method", 14},
                                                             {"What it computes", 40},
                                                             {"Parameter", 16},
                                                             {"Type", 10},
                                                             {"Required", 9},
                                                             {"Default", 10},
                                                             {"Possible values", 20},
                                                             {"Parameter's meaning", 50}}
               : std::vector<std::pair<std::string, double>>{
                     {"Méthode", 14},           {"Ce qu'elle calcule", 40},
                     {"Paramètre", 16},         {"Type", 10},
                     {"Obligatoire", 9},        {"Par défaut", 10},
                     {"Valeurs possibles", 20}, {"Sens du paramètre", 50}};
        for (std::size_t c = 0; c < columns.size(); ++c) {
            set_width(sheet, static_cast<int>(c), columns[c].second);
            write_text(sheet, 0, static_cast<int>(c), columns[c].first, book.format("header"));
        }
        const auto type_word = [&](plugin::ParamType t) -> std::string {
            switch (t) {
            case plugin::ParamType::number:
                return en ? "number" : "nombre";
            case plugin::ParamType::text:
                return en ? "text" : "texte";
            case plugin::ParamType::boolean:
                return en ? "true/false" : "true/false";
            case plugin::ParamType::series:
                return en ? "series" : "série";
            case plugin::ParamType::text_list:
                return en ? "list of texts" : "liste de textes";
            }
            return {};
        };
        long long row = 1;
        for (const plugin::MethodSpec& m : methods) {
            const std::size_t n = std::max<std::size_t>(1, m.params.size());
            // The code is what the Indicators sheet's method column takes; the label and
            // description say what it computes, in the workbook's language.
            const std::string& description = m.description.in(language);
            const std::string what = m.label.in(language) +
                                     (description.empty() ? "" : (en ? ": " : " : ") + description);
            for (std::size_t p = 0; p < n; ++p) {
                write_text(sheet, row, 0, m.name, book.format(p == 0 ? "bold" : "text"));
                write_text(sheet, row, 1, p == 0 ? what : std::string(), book.format("wrap"));
                std::size_t height = p == 0 ? lines_in(what, 40) : 1;
                if (p < m.params.size()) {
                    const plugin::ParamSpec& spec = m.params[p];
                    write_text(sheet, row, 2, spec.name, book.format("text"));
                    write_text(sheet, row, 3, type_word(spec.type), book.format("text"));
                    write_text(sheet, row, 4,
                               spec.required ? (en ? "yes" : "oui") : (en ? "no" : "non"),
                               book.format("text"));
                    write_text(sheet, row, 5,
                               spec.default_value
                                   ? write_params_text({{"v", *spec.default_value}}).substr(3)
                                   : std::string(),
                               book.format("text"));
                    write_text(sheet, row, 6, lines(spec.choices), book.format("wrap"));
                    const std::string& meaning = spec.description.in(language);
                    write_text(sheet, row, 7, meaning, book.format("wrap"));
                    height = std::max({height, spec.choices.size(), lines_in(meaning, 50)});
                }
                if (height > 1)
                    check(worksheet_set_row(sheet, static_cast<lxw_row_t>(row),
                                            13.0 * static_cast<double>(height), nullptr),
                          "row of " + name);
                ++row;
            }
        }
        worksheet_freeze_panes(sheet, 1, 1);
        print_setup(sheet, name, true);
    }

    // What the parameters' drop-down list offers for a method: a line to start from for each
    // parameter (`name: value` for each allowed value of a choice, `name: default`, or `name: `).
    static std::vector<std::string> parameter_entries(const plugin::MethodSpec& m) {
        std::vector<std::string> out;
        for (const plugin::ParamSpec& p : m.params) {
            if (!p.choices.empty())
                for (const std::string& c : p.choices)
                    out.push_back(p.name + ": " + c);
            else if (p.default_value)
                out.push_back(p.name + ": " +
                              write_params_text({{"v", *p.default_value}}).substr(3));
            else
                out.push_back(p.name + ": ");
        }
        return out;
    }

    // The methods the plugins offer (column A, for the method column's drop-down list), and for
    // each its parameter entries (column B: how many; C onwards: the entries), which the
    // parameters' list finds by the row's method.
    void lists_sheet() {
        lxw_worksheet* sheet = book.add_sheet("_listes");
        write_text(sheet, 0, 0, "methods", nullptr);
        write_text(sheet, 0, 1, "parameters", nullptr);
        for (std::size_t i = 0; i < methods.size(); ++i) {
            const auto row = static_cast<long long>(i) + 1;
            write_text(sheet, row, 0, methods[i].name, nullptr);
            const std::vector<std::string> entries = parameter_entries(methods[i]);
            check(worksheet_write_number(sheet, static_cast<lxw_row_t>(row), 1,
                                         static_cast<double>(entries.size()), nullptr),
                  "lists");
            for (std::size_t e = 0; e < entries.size(); ++e)
                write_text(sheet, row, 2 + static_cast<int>(e), entries[e], nullptr);
        }
        worksheet_hide(sheet);
    }

    // The parameters' list of a row: the entries of the row's method (`sum` when empty), found
    // on the lists sheet. Typing anything else stays allowed (parameters take values the list
    // cannot know: series codes); the reader checks them against the plugins.
    void parameter_choices(lxw_worksheet* sheet, long long last, int column, int method_column,
                           const std::string& title) {
        const std::string lists = quoted_sheet("_listes");
        const std::string rows = std::to_string(1 + std::max<std::size_t>(methods.size(), 1));
        const std::string method = "$" + column_letters(method_column) + "2";
        const std::string match = "MATCH(IF(" + method + "=\"\",\"sum\"," + method + ")," + lists +
                                  "!$A$2:$A$" + rows + ",0)";
        std::string formula = "=OFFSET(" + lists + "!$C$1," + match + ",0,1,MAX(1,INDEX(" + lists +
                              "!$B$2:$B$" + rows + "," + match + ")))";
        std::string t = title;
        std::string m = en ? "Choose a parameter of the row's method, then complete its value; "
                             "one a line (Alt+Enter). See the Methods sheet."
                           : "Choisissez un paramètre de la méthode de la ligne, puis complétez "
                             "sa valeur ; un par ligne (Alt+Entrée). Voir la feuille Méthodes.";
        lxw_data_validation v{};
        v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
        v.value_formula = formula.data();
        v.show_error = LXW_VALIDATION_OFF;
        v.input_title = t.data();
        v.input_message = m.data();
        v.show_input = LXW_VALIDATION_ON;
        check(worksheet_data_validation_range(sheet, 1, static_cast<lxw_col_t>(column),
                                              static_cast<lxw_row_t>(last),
                                              static_cast<lxw_col_t>(column), &v),
              "parameters' list");
    }

    void write() {
        for (const SchemeWorkbookSheet& s : scheme_workbook_sheets())
            sheet_name[s.key] = word(s);
        std::vector<std::string> reserved;
        for (const auto& [key, name] : sheet_name)
            reserved.push_back(name);
        reserved.push_back("_listes");
        book.reserve_sheet_names(reserved);
        instructions();
        for (const SchemeWorkbookSheet& s : scheme_workbook_sheets()) {
            if (s.key == "scheme")
                scheme_sheet(s);
            else
                table_sheet(s);
        }
        methods_sheet();
        lists_sheet();
        lxw_worksheet* meta = book.add_sheet("_jalon");
        write_text(meta, 0, 0, "format", nullptr);
        write_text(meta, 0, 1, scheme_workbook_format, nullptr);
        write_text(meta, 1, 0, "language", nullptr);
        write_text(meta, 1, 1, language, nullptr);
        worksheet_hide(meta);
    }
};

} // namespace

void write_scheme_workbook(const Scheme* scheme, const std::vector<plugin::MethodSpec>& methods,
                           const std::string& language, const fs::path& output) {
    write_atomically(output, [&](const fs::path& temporary) {
        XlsxWorkbook book(temporary.string(), false, "");
        XlsxWorkbook::Properties properties;
        properties.title = scheme ? scheme->title
                                  : std::string(language == "en" ? "Scheme authoring workbook"
                                                                 : "Classeur de description "
                                                                   "d'un schéma");
        properties.author = scheme ? scheme->owner : std::string();
        properties.keywords = std::string("Jalon; ") + scheme_workbook_format +
                              (scheme ? "; " + scheme->id : std::string());
        book.set_properties(properties);
        Writer{book, scheme, methods, language, language == "en", {}}.write();
        book.close();
    });
}

} // namespace jalon::reports
