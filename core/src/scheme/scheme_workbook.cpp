#include "../model/folded_word.hpp"
#include "../number_text.hpp"

#include <jalon/error.hpp>
#include <jalon/model/scheme_validation.hpp>
#include <jalon/scheme/scheme_workbook.hpp>
#include <jalon/xlsx/workbook_reader.hpp>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

namespace jalon {

namespace {

using Kind = SchemeElement::Kind;
using xlsx::CellValue;

// A cell of the workbook, with the words the user sees for its column.
struct Place {
    std::string sheet;
    int row = 0;
    int column = 0;
    std::string label;
};

// Where each element and each of its keys was read, so that model problems point at cells.
class PlaceIndex {
public:
    void put(Kind kind, std::size_t index, const std::string& key, const Place& place) {
        places_[{kind, index, key}] = place;
    }
    // The place of the key, else of its closest enclosing key, else of the element.
    std::optional<Place> find(Kind kind, std::size_t index, std::string key) const {
        for (;;) {
            if (const auto it = places_.find({kind, index, key}); it != places_.end())
                return it->second;
            if (key.empty())
                break;
            const auto cut = key.find_last_of(".[");
            key = cut == std::string::npos ? std::string() : key.substr(0, cut);
        }
        return std::nullopt;
    }

private:
    std::map<std::tuple<Kind, std::size_t, std::string>, Place> places_;
};

// A header or field label as written, without the mark of a required one (`Code *`).
std::string_view label_text(std::string_view text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '*'))
        text.remove_suffix(1);
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    return text;
}

bool same_word(std::string_view a, std::string_view b) {
    return folded_word(label_text(a)) == folded_word(label_text(b));
}

// One row of a table sheet: its cells by 1-based column.
struct Row {
    int number = 0;
    std::map<int, const CellValue*> cells;
};

// A table sheet read: its layout, its columns by key, its rows.
struct Table {
    const SchemeWorkbookSheet* layout = nullptr;
    std::string name;
    xlsx::Sheet sheet;
    std::map<std::string, int> column_of;     // key -> 1-based column
    std::map<std::string, std::string> label; // key -> header as written
    std::vector<Row> rows;
};

class SchemeWorkbookReader {
public:
    explicit SchemeWorkbookReader(const std::filesystem::path& path)
        : book_(xlsx::WorkbookReader::open(path)), file_(path.string()) {
        for (std::size_t i = 0; i < book_.sheets().size(); ++i)
            tab_of_[book_.sheets()[i].name] = static_cast<int>(i);
    }

    Scheme read(const SchemeRules& extra_rules) {
        check_format();
        read_scheme_sheet();
        read_levels();
        read_nodes();
        read_territories();
        read_series();
        read_unplanned();
        read_indicators();
        read_targets();
        read_figures();
        read_questions();
        read_governance();
        read_links();
        read_totals();
        if (diagnostics_.empty())
            report(validate_scheme(scheme_));
        if (diagnostics_.empty() && extra_rules)
            report(extra_rules(scheme_));
        if (!diagnostics_.empty()) {
            std::stable_sort(
                diagnostics_.begin(), diagnostics_.end(), [&](const Ordered& a, const Ordered& b) {
                    return std::tie(a.tab, a.row, a.column) < std::tie(b.tab, b.row, b.column);
                });
            std::vector<Diagnostic> out;
            for (Ordered& d : diagnostics_)
                out.push_back(std::move(d.diagnostic));
            throw InputError(std::move(out));
        }
        return std::move(scheme_);
    }

private:
    struct Ordered {
        int tab = 0, row = 0, column = 0;
        Diagnostic diagnostic;
    };

    // ---- diagnostics -------------------------------------------------------------------------

    void error(const Place& place, const std::string& message) {
        Ordered d;
        d.tab = tab_of_.count(place.sheet) ? tab_of_.at(place.sheet) : -1;
        d.row = place.row;
        d.column = place.column;
        d.diagnostic = {place.sheet.empty()
                            ? SourceLocation{file_, 0, 0, {}}
                            : table_location(file_, place.sheet, place.row, place.column),
                        place.label, message};
        diagnostics_.push_back(std::move(d));
    }

    void report(const std::vector<SchemeProblem>& problems) {
        for (const SchemeProblem& p : problems) {
            auto place = places_.find(p.element.kind, p.element.index, p.key);
            if (!place)
                place = places_.find(Kind::scheme, 0, "");
            error(place.value_or(Place{}), p.message);
        }
    }

    // ---- sheets ------------------------------------------------------------------------------

    static const SchemeWorkbookSheet& layout(const std::string& key) {
        for (const SchemeWorkbookSheet& s : scheme_workbook_sheets())
            if (s.key == key)
                return s;
        throw std::logic_error("no sheet " + key + " in the workbook's layout");
    }

    std::optional<std::string> sheet_named(const SchemeWorkbookSheet& l) const {
        for (const xlsx::SheetEntry& s : book_.sheets())
            if (same_word(s.name, l.fr) || same_word(s.name, l.en))
                return s.name;
        return std::nullopt;
    }

    void check_format() {
        if (!book_.has_sheet("_jalon"))
            return;
        const xlsx::Sheet meta = book_.read_sheet("_jalon");
        for (int r = 1; r <= meta.last_row(); ++r) {
            const CellValue* name = meta.at(r, 1);
            const CellValue* value = meta.at(r, 2);
            if (name && name->as_text() == "format" && value &&
                value->as_text() != scheme_workbook_format)
                error({"_jalon", r, 2, "format"}, "this workbook is '" + value->as_text() +
                                                      "', not an authoring workbook (" +
                                                      scheme_workbook_format + ")");
        }
    }

    // Opens a table sheet: finds it by its French or English name, its columns by their
    // headers. Nothing when the sheet is absent (an error when it is required).
    std::optional<Table> open(const std::string& key) {
        const SchemeWorkbookSheet& l = layout(key);
        const auto name = sheet_named(l);
        if (!name) {
            if (l.required)
                error({}, "the workbook has no sheet '" + l.fr + "' ('" + l.en +
                              "' in English): is it an authoring workbook (jalon scheme "
                              "template)?");
            return std::nullopt;
        }
        Table t{&l, *name, book_.read_sheet(*name), {}, {}, {}};
        std::map<int, Row> rows;
        for (const xlsx::Cell& c : t.sheet.cells) {
            if (c.value.kind == CellValue::Kind::empty)
                continue;
            if (c.row == 1) {
                header(t, c);
                continue;
            }
            Row& row = rows[c.row];
            row.number = c.row;
            row.cells[c.column] = &c.value;
        }
        for (const SchemeWorkbookColumn& c : l.columns)
            if (c.required && !t.column_of.count(c.key))
                error({*name, 1, 1, c.fr},
                      "missing column '" + c.fr + "' ('" + c.en + "' in English) in row 1");
        for (auto& [number, row] : rows) {
            // A row whose only cells are in unknown columns holds nothing to read.
            const bool known = std::any_of(row.cells.begin(), row.cells.end(), [&](const auto& c) {
                return std::any_of(t.column_of.begin(), t.column_of.end(),
                                   [&](const auto& k) { return k.second == c.first; });
            });
            if (known)
                t.rows.push_back(std::move(row));
        }
        return t;
    }

    void header(Table& t, const xlsx::Cell& c) {
        const std::string text = c.value.as_text();
        for (const SchemeWorkbookColumn& col : t.layout->columns) {
            if (!same_word(text, col.fr) && !same_word(text, col.en))
                continue;
            if (t.column_of.count(col.key)) {
                error({t.name, 1, c.column, text},
                      "column '" + text + "' is given twice (also in column " +
                          xlsx::column_letters(t.column_of.at(col.key)) + ")");
                return;
            }
            t.column_of[col.key] = c.column;
            t.label[col.key] = std::string(label_text(text));
            return;
        }
        std::string expected;
        for (const SchemeWorkbookColumn& col : t.layout->columns)
            expected += (expected.empty() ? "" : ", ") + col.fr;
        error({t.name, 1, c.column, text}, "unknown column '" + text + "' in sheet '" + t.name +
                                               "' (expected: " + expected + ")");
    }

    // ---- cells -------------------------------------------------------------------------------

    Place place(const Table& t, const Row& row, const std::string& key) const {
        const auto it = t.column_of.find(key);
        if (it == t.column_of.end())
            return {t.name, row.number, 1, key};
        return {t.name, row.number, it->second, t.label.at(key)};
    }

    // The cell of a key in a row, or nullptr when empty (or when the column is absent). A cell
    // holding an error or a formula without its value is reported and read as empty.
    const CellValue* cell(const Table& t, const Row& row, const std::string& key) {
        const auto column = t.column_of.find(key);
        if (column == t.column_of.end())
            return nullptr;
        const auto it = row.cells.find(column->second);
        if (it == row.cells.end())
            return nullptr;
        const CellValue* v = it->second;
        if (v->kind == CellValue::Kind::error) {
            error(place(t, row, key), "the cell holds the error " + v->text);
            return nullptr;
        }
        if (v->kind == CellValue::Kind::uncalculated) {
            error(place(t, row, key), "a formula saved without its value: open the workbook in "
                                      "a spreadsheet, let it calculate, save it again");
            return nullptr;
        }
        if (v->kind == CellValue::Kind::text && v->text.empty())
            return nullptr;
        return v;
    }

    std::optional<std::string> maybe_text(const Table& t, const Row& row, const std::string& key) {
        const CellValue* v = cell(t, row, key);
        if (!v)
            return std::nullopt;
        return v->as_text();
    }

    std::string text(const Table& t, const Row& row, const std::string& key) {
        return maybe_text(t, row, key).value_or("");
    }

    // Texts one a line (blank lines skipped; a Windows line end is a line end).
    std::vector<std::string> list(const Table& t, const Row& row, const std::string& key) {
        std::vector<std::string> out;
        const auto raw = maybe_text(t, row, key);
        if (!raw)
            return out;
        std::size_t start = 0;
        while (start <= raw->size()) {
            std::size_t end = raw->find('\n', start);
            if (end == std::string::npos)
                end = raw->size();
            std::string item = raw->substr(start, end - start);
            if (!item.empty() && item.back() == '\r')
                item.pop_back();
            if (item.find_first_not_of(" \t") != std::string::npos)
                out.push_back(std::move(item));
            start = end + 1;
        }
        return out;
    }

    std::optional<bool> flag(const Table& t, const Row& row, const std::string& key) {
        const CellValue* v = cell(t, row, key);
        if (!v)
            return std::nullopt;
        if (v->kind == CellValue::Kind::boolean)
            return v->number != 0;
        const std::string word = folded_word(v->as_text());
        for (const char* yes : {"oui", "yes", "true", "vrai", "1", "o", "y"})
            if (word == yes)
                return true;
        for (const char* no : {"non", "no", "false", "faux", "0", "n"})
            if (word == no)
                return false;
        error(place(t, row, key), "'" + v->as_text() + "' is not oui or non (yes or no)");
        return std::nullopt;
    }

    std::optional<int> year(const Table& t, const Row& row, const std::string& key) {
        const CellValue* v = cell(t, row, key);
        if (!v)
            return std::nullopt;
        long long value = 0;
        if (v->kind == CellValue::Kind::number) {
            if (v->number != std::floor(v->number) || std::fabs(v->number) > 1e9) {
                error(place(t, row, key),
                      "'" + v->as_text() + "' is not a year (a whole number such as 2025)");
                return std::nullopt;
            }
            value = static_cast<long long>(v->number);
        } else {
            const std::string raw = v->as_text();
            const auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
            if (ec != std::errc() || ptr != raw.data() + raw.size() || raw.empty()) {
                error(place(t, row, key),
                      "'" + raw + "' is not a year (a whole number such as 2025)");
                return std::nullopt;
            }
        }
        if (value < 1000 || value > 9999) {
            error(place(t, row, key), std::to_string(value) + " is not a year");
            return std::nullopt;
        }
        return static_cast<int>(value);
    }

    std::optional<double> number(const Table& t, const Row& row, const std::string& key) {
        const CellValue* v = cell(t, row, key);
        if (!v)
            return std::nullopt;
        if (v->kind == CellValue::Kind::number)
            return v->number;
        const std::string raw = v->as_text();
        double value = 0;
        switch (parse_number_text(raw, NumberStyle::french, value)) {
        case NumberText::ok:
            return value;
        case NumberText::out_of_range:
            error(place(t, row, key), "'" + raw + "' is " + number_out_of_range_text());
            return std::nullopt;
        case NumberText::invalid:
            break;
        }
        error(place(t, row, key), "'" + raw +
                                      "' is not a number (expected a number cell, or digits with "
                                      "an optional sign and decimal part, such as 12 or -3,5)");
        return std::nullopt;
    }

    // A word of a list: the parsed value, or an error naming the words expected.
    // A parser of a list's words: the word's code (a word of either language, or the code) goes
    // to the scheme file's parser, which also takes its own synonyms.
    template <typename Parse>
    static auto coded(std::string_view list, Parse parse) {
        return [list, parse](std::string_view s) {
            const auto code = scheme_workbook_choice_code(list, s);
            return parse(code ? std::string_view(*code) : s);
        };
    }

    // What a list's cell may hold, for an error: its French words.
    static std::string expected(std::string_view list) {
        const std::vector<std::string> words = scheme_workbook_choices(list, "fr");
        std::string out;
        for (std::size_t i = 0; i < words.size(); ++i)
            out += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
        return out;
    }

    template <typename Parse>
    auto choice(const Table& t, const Row& row, const std::string& key, Parse parse,
                const std::string& what, const std::string& expected)
        -> decltype(parse(std::string_view())) {
        const auto raw = maybe_text(t, row, key);
        if (!raw)
            return std::nullopt;
        auto parsed = parse(*raw);
        if (!parsed)
            error(place(t, row, key),
                  "unknown " + what + " '" + *raw + "' (expected " + expected + ")");
        return parsed;
    }

    // Remembers where each key of an element was read (and the element itself, at its row).
    void remember(Kind kind, std::size_t index, const Table& t, const Row& row,
                  const std::string& prefix = "") {
        places_.put(kind, index, prefix, {t.name, row.number, 1, ""});
        for (const auto& [key, column] : t.column_of)
            places_.put(kind, index, prefix.empty() ? key : prefix + "." + key,
                        {t.name, row.number, column, t.label.at(key)});
    }

    // ---- scheme ------------------------------------------------------------------------------

    void read_scheme_sheet() {
        const SchemeWorkbookSheet& l = layout("scheme");
        const auto name = sheet_named(l);
        if (!name) {
            error({}, "the workbook has no sheet '" + l.fr + "' ('" + l.en +
                          "' in English): is it an authoring workbook (jalon scheme template)?");
            return;
        }
        const xlsx::Sheet sheet = book_.read_sheet(*name);
        std::map<std::string, std::pair<int, const CellValue*>> given; // key -> (row, value)
        std::map<std::string, std::string> written;                    // key -> label as written
        for (int r = 2; r <= sheet.last_row(); ++r) {
            const CellValue* label = sheet.at(r, 1);
            if (!label || label->as_text().empty())
                continue;
            const SchemeWorkbookColumn* field = nullptr;
            for (const SchemeWorkbookColumn& f : l.columns)
                if (same_word(label->as_text(), f.fr) || same_word(label->as_text(), f.en))
                    field = &f;
            if (!field) {
                std::string expected;
                for (const SchemeWorkbookColumn& f : l.columns)
                    expected += (expected.empty() ? "" : ", ") + f.fr;
                error({*name, r, 1, label->as_text()},
                      "unknown field '" + label->as_text() + "' (expected: " + expected + ")");
                continue;
            }
            if (given.count(field->key)) {
                error({*name, r, 1, label->as_text()},
                      "field '" + label->as_text() + "' is given twice (also in row " +
                          std::to_string(given.at(field->key).first) + ")");
                continue;
            }
            given[field->key] = {r, sheet.at(r, 2)};
            written[field->key] = std::string(label_text(label->as_text()));
        }
        // The fields as a one-row table: column 2 of each field's row.
        Table t{&l, *name, {}, {}, {}, {}};
        for (const SchemeWorkbookColumn& f : l.columns) {
            const auto it = given.find(f.key);
            if (it == given.end()) {
                if (f.required)
                    error({*name, 1, 1, f.fr},
                          "missing field '" + f.fr + "' ('" + f.en + "' in English) in column A");
                continue;
            }
            places_.put(Kind::scheme, 0, f.key, {*name, it->second.first, 2, written.at(f.key)});
        }
        const auto value = [&](const std::string& key) -> const CellValue* {
            const auto it = given.find(key);
            return it == given.end() ? nullptr : it->second.second;
        };
        // Each field is read as the cell of a one-cell row.
        const auto row_of = [&](const std::string& key, Table& table) {
            table.column_of = {{key, 2}};
            const auto it = given.find(key);
            Row row;
            row.number = it == given.end() ? 0 : it->second.first;
            if (const CellValue* v = value(key))
                row.cells[2] = v;
            table.label = {{key, written.count(key) ? written.at(key) : key}};
            return row;
        };
        const auto text_of = [&](const std::string& key) {
            const Row row = row_of(key, t);
            return text(t, row, key);
        };
        scheme_.id = text_of("id");
        scheme_.title = text_of("title");
        scheme_.kind = text_of("kind");
        scheme_.owner = text_of("owner");
        scheme_.language = text_of("language");
        scheme_.source = text_of("source");
        {
            const Row row = row_of("period.start", t);
            scheme_.period.start = year(t, row, "period.start").value_or(0);
        }
        {
            const Row row = row_of("period.end", t);
            scheme_.period.end = year(t, row, "period.end").value_or(0);
        }
        {
            const Row row = row_of("level_order", t);
            if (const auto order = choice(
                    t, row, "level_order",
                    [](std::string_view s) {
                        return same_word(s, "libre") ? std::optional(LevelOrder::free)
                                                     : parse_level_order(folded_word(s));
                    },
                    "level order", "strict or free"))
                scheme_.level_order = *order;
        }
        scheme_.steering_level = text_of("steering_level");
        {
            const Row row = row_of("status_year", t);
            scheme_.status_year = year(t, row, "status_year");
        }
        {
            const Row row = row_of("domains", t);
            scheme_.domains = list(t, row, "domains");
        }
        {
            const Row row = row_of("notes", t);
            scheme_.notes = list(t, row, "notes");
        }
        {
            const Row row = row_of("evaluation.notes", t);
            scheme_.evaluation_notes = list(t, row, "evaluation.notes");
        }
    }

    void read_levels() {
        const auto t = open("levels");
        if (!t)
            return;
        places_.put(Kind::scheme, 0, "levels",
                    {t->name, t->rows.empty() ? 1 : t->rows.front().number, 1,
                     t->label.count("name") ? t->label.at("name") : t->layout->fr});
        for (const Row& row : t->rows) {
            const std::size_t i = scheme_.levels.size();
            places_.put(Kind::level, i, "levels", place(*t, row, "name"));
            scheme_.levels.push_back(text(*t, row, "name"));
            if (flag(*t, row, "action").value_or(false)) {
                places_.put(Kind::scheme, 0,
                            "actions.levels[" + std::to_string(scheme_.action_levels.size()) + "]",
                            place(*t, row, "action"));
                scheme_.action_levels.push_back(scheme_.levels.back());
            }
        }
    }

    // Puts elements read in any order into tree order: each after its parent, children in their
    // rows' order. Those under no root (a parent missing, or a cycle) are reported and come last.
    template <typename Element>
    std::vector<std::size_t> tree_order(const std::vector<Element>& elements,
                                        const std::vector<Place>& parent_places,
                                        const std::string& what) {
        std::map<std::string, std::vector<std::size_t>> children;
        std::set<std::string> codes;
        for (std::size_t i = 0; i < elements.size(); ++i) {
            codes.insert(elements[i].code);
            children[elements[i].parent.value_or("")].push_back(i);
        }
        std::vector<std::size_t> order;
        std::vector<bool> placed(elements.size(), false);
        std::set<std::string> expanded;
        std::function<void(const std::string&)> visit = [&](const std::string& code) {
            if (!expanded.insert(code).second)
                return;
            for (const std::size_t i : children[code]) {
                if (placed[i])
                    continue;
                placed[i] = true;
                order.push_back(i);
                visit(elements[i].code);
            }
        };
        for (const std::size_t i : children[""]) {
            placed[i] = true;
            order.push_back(i);
            visit(elements[i].code);
        }
        std::map<std::string, std::string> parent_of;
        for (const Element& e : elements)
            parent_of.emplace(e.code, e.parent.value_or(""));
        // Whether following the parents from a code comes back to it.
        const auto on_cycle = [&](const std::string& code) {
            std::string at = code;
            for (std::size_t steps = 0; steps <= elements.size(); ++steps) {
                const auto it = parent_of.find(at);
                if (it == parent_of.end() || it->second.empty())
                    return false;
                at = it->second;
                if (at == code)
                    return true;
            }
            return false;
        };
        for (std::size_t i = 0; i < elements.size(); ++i) {
            if (placed[i])
                continue;
            const std::string& parent = *elements[i].parent;
            // Rows under a missing parent or a cycle are not reported again.
            if (!codes.count(parent))
                error(parent_places[i], "no " + what + " '" + parent +
                                            "' in the sheet: a parent is the code of another row");
            else if (on_cycle(elements[i].code))
                error(parent_places[i], what + " '" + elements[i].code + "' is under '" + parent +
                                            "', which is under it: the parents make a cycle");
            order.push_back(i);
        }
        return order;
    }

    void read_nodes() {
        const auto t = open("nodes");
        if (!t)
            return;
        places_.put(Kind::scheme, 0, "nodes",
                    {t->name, 2, 1, t->label.count("code") ? t->label.at("code") : ""});
        std::vector<Node> nodes;
        std::vector<Place> parents;
        for (const Row& row : t->rows) {
            Node n;
            n.code = text(*t, row, "code");
            n.parent = maybe_text(*t, row, "parent");
            n.level = text(*t, row, "level");
            n.title = text(*t, row, "title");
            n.short_title = text(*t, row, "short_title");
            n.code_inferred = flag(*t, row, "code_inferred").value_or(false);
            n.action = flag(*t, row, "action");
            n.flagship = flag(*t, row, "flagship").value_or(false);
            n.pilots = list(*t, row, "pilots");
            n.partners = list(*t, row, "partners");
            const auto start = year(*t, row, "calendar.start");
            const auto end = year(*t, row, "calendar.end");
            const auto calendar_text = maybe_text(*t, row, "calendar.text");
            if (start || end || calendar_text)
                n.calendar = Calendar{start, end, calendar_text.value_or("")};
            n.objective = text(*t, row, "objective");
            n.modalities = list(*t, row, "modalities");
            n.territorial_notes = list(*t, row, "territorial_notes");
            n.articulation = list(*t, row, "articulation");
            n.participation = text(*t, row, "participation");
            n.levers = list(*t, row, "levers");
            n.status = choice(*t, row, "status", coded("statuses", parse_action_status), "status",
                              expected("statuses"));
            n.narrative = list(*t, row, "narrative");
            n.notes = list(*t, row, "notes");
            nodes.push_back(std::move(n));
            parents.push_back(place(*t, row, "parent"));
        }
        const auto order = tree_order(nodes, parents, "node");
        for (const std::size_t i : order) {
            remember(Kind::node, scheme_.nodes.size(), *t, t->rows[i]);
            scheme_.nodes.push_back(std::move(nodes[i]));
        }
    }

    void read_territories() {
        const auto t = open("territories");
        if (!t)
            return;
        std::vector<Territory> territories;
        std::vector<Place> parents;
        for (const Row& row : t->rows) {
            Territory territory;
            territory.code = text(*t, row, "code");
            territory.parent = maybe_text(*t, row, "parent");
            territory.name = text(*t, row, "name");
            territory.kind = text(*t, row, "kind");
            territory.notes = list(*t, row, "notes");
            territories.push_back(std::move(territory));
            parents.push_back(place(*t, row, "parent"));
        }
        for (const std::size_t i : tree_order(territories, parents, "territory")) {
            remember(Kind::territory, scheme_.territories.size(), *t, t->rows[i]);
            scheme_.territories.push_back(std::move(territories[i]));
        }
    }

    void read_series() {
        const auto t = open("series");
        if (!t)
            return;
        const auto rollup = [&](const Row& row, const std::string& key) {
            return choice(*t, row, key, coded("rollups", parse_rollup), "roll-up",
                          expected("rollups"))
                .value_or(Rollup::sum);
        };
        for (const Row& row : t->rows) {
            remember(Kind::series, scheme_.series.size(), *t, row);
            Series s;
            s.code = text(*t, row, "code");
            s.label = text(*t, row, "label");
            s.unit = text(*t, row, "unit");
            s.within_year = rollup(row, "within_year");
            s.across_territories = rollup(row, "across_territories");
            scheme_.series.push_back(std::move(s));
        }
    }

    void read_unplanned() {
        const auto t = open("unplanned");
        if (!t)
            return;
        for (const Row& row : t->rows) {
            remember(Kind::unplanned, scheme_.unplanned.size(), *t, row);
            Node n;
            n.code = text(*t, row, "code");
            n.code_inferred = flag(*t, row, "code_inferred").value_or(false);
            n.parent = maybe_text(*t, row, "node");
            n.title = text(*t, row, "title");
            n.year = year(*t, row, "year");
            n.pilots = list(*t, row, "pilots");
            n.partners = list(*t, row, "partners");
            n.territorial_notes = list(*t, row, "territorial_notes");
            n.narrative = list(*t, row, "narrative");
            n.notes = list(*t, row, "notes");
            n.status = ActionStatus::unplanned_done;
            scheme_.unplanned.push_back(std::move(n));
        }
    }

    // ---- indicators --------------------------------------------------------------------------

    void read_indicators() {
        const auto t = open("indicators");
        if (!t)
            return;
        std::vector<Indicator> indicators;
        for (const Row& row : t->rows) {
            Indicator ind;
            ind.code = text(*t, row, "code");
            ind.code_inferred = flag(*t, row, "code_inferred").value_or(false);
            ind.node = text(*t, row, "node");
            ind.label = text(*t, row, "label");
            if (const auto level =
                    choice(*t, row, "level", coded("indicator_levels", parse_indicator_level),
                           "indicator level", expected("indicator_levels")))
                ind.level = *level;
            ind.level_inferred = flag(*t, row, "level_inferred").value_or(false);
            ind.kind = text(*t, row, "kind");
            ind.unit = text(*t, row, "unit");
            if (const auto method = maybe_text(*t, row, "method"))
                ind.method = *method;
            if (const auto params = maybe_text(*t, row, "params"))
                read_params(*params, place(*t, row, "params"), ind);
            if (const auto direction =
                    choice(*t, row, "direction", coded("directions", parse_direction), "direction",
                           expected("directions")))
                ind.direction = *direction;
            ind.key = flag(*t, row, "key").value_or(false);
            ind.producer = text(*t, row, "producer");
            ind.source = text(*t, row, "source");
            ind.frequency = choice(*t, row, "frequency", coded("frequencies", parse_frequency),
                                   "frequency", expected("frequencies"));
            const auto value = number(*t, row, "baseline.value");
            const auto baseline_year = year(*t, row, "baseline.year");
            if (value)
                ind.baseline = Baseline{*value, baseline_year};
            else if (baseline_year)
                error(place(*t, row, "baseline.value"), "a baseline year without a baseline value");
            ind.notes = list(*t, row, "notes");
            indicators.push_back(std::move(ind));
        }
        // In the order of their nodes (the order a scheme file gives), rows' order within a node.
        std::unordered_map<std::string, std::size_t> position;
        for (std::size_t i = 0; i < scheme_.nodes.size(); ++i)
            position.emplace(scheme_.nodes[i].code, i);
        std::vector<std::size_t> order(indicators.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        const auto rank = [&](std::size_t i) {
            const auto it = position.find(indicators[i].node);
            return it == position.end() ? scheme_.nodes.size() : it->second;
        };
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return rank(a) < rank(b); });
        for (const std::size_t i : order) {
            remember(Kind::indicator, scheme_.indicators.size(), *t, t->rows[i]);
            scheme_.indicators.push_back(std::move(indicators[i]));
        }
    }

    // `name: value` lines (YAML), typed as a scheme file types them.
    void read_params(const std::string& text, const Place& where, Indicator& ind) {
        YAML::Node root;
        try {
            root = YAML::Load(text);
        } catch (const YAML::Exception& e) {
            error(where, "parameters are written `name: value`, one a line: " + e.msg);
            return;
        }
        if (!root.IsMap()) {
            error(where, "parameters are written `name: value`, one a line (lists as [a, b])");
            return;
        }
        for (auto it = root.begin(); it != root.end(); ++it) {
            if (!it->first.IsScalar()) {
                error(where, "a parameter name must be a word");
                continue;
            }
            const std::string name = it->first.Scalar();
            const YAML::Node value = it->second;
            ParamValue param;
            if (value.IsScalar()) {
                param.items.push_back(param_scalar(value, name, where));
            } else if (value.IsSequence()) {
                param.is_list = true;
                for (const YAML::Node& item : value) {
                    if (item.IsScalar())
                        param.items.push_back(param_scalar(item, name, where));
                    else
                        error(where, name + ": a parameter list holds numbers or texts only");
                }
            } else {
                error(where, name + ": a parameter is a number, a text or a list of them");
                continue;
            }
            if (!ind.params.emplace(name, std::move(param)).second)
                error(where, "parameter '" + name + "' is given twice");
        }
        places_.put(Kind::indicator, scheme_.indicators.size(), "params", where);
    }

    ParamScalar param_scalar(const YAML::Node& node, const std::string& name, const Place& where) {
        const std::string& raw = node.Scalar();
        if (node.Tag() == "!")
            return raw;
        if (raw == "true" || raw == "false")
            return raw == "true";
        double value = 0;
        switch (parse_number_text(raw, NumberStyle::point, value)) {
        case NumberText::ok:
            return value;
        case NumberText::out_of_range:
            error(where, name + ": '" + raw + "' is " + number_out_of_range_text());
            return 0.0;
        case NumberText::invalid:
            break;
        }
        return raw;
    }

    std::optional<std::size_t> indicator_index(const std::string& code) const {
        for (std::size_t i = 0; i < scheme_.indicators.size(); ++i)
            if (scheme_.indicators[i].code == code)
                return i;
        return std::nullopt;
    }

    void read_targets() {
        const auto t = open("targets");
        if (!t)
            return;
        std::map<std::size_t, int> target_row;
        for (const Row& row : t->rows) {
            const std::string code = text(*t, row, "indicator");
            const auto kind = choice(
                *t, row, "type",
                [](std::string_view s) -> std::optional<bool> {
                    for (const char* m : {"jalon", "milestone", "valeur-intermediaire"})
                        if (same_word(s, m))
                            return false;
                    for (const char* c : {"cible", "target"})
                        if (same_word(s, c))
                            return true;
                    return std::nullopt;
                },
                "type", "jalon or cible (milestone or target)");
            const auto y = year(*t, row, "year");
            const auto value = number(*t, row, "value");
            const std::string unit = text(*t, row, "unit");
            const std::string wording = text(*t, row, "text");
            const auto index = indicator_index(code);
            if (!index) {
                if (!code.empty())
                    error(place(*t, row, "indicator"),
                          "no indicator '" + code + "' in the indicators' sheet");
                else
                    error(place(*t, row, "indicator"), "the indicator's code is empty");
                continue;
            }
            if (!kind)
                continue;
            Indicator& ind = scheme_.indicators[*index];
            if (!*kind) {
                if (!unit.empty())
                    error(place(*t, row, "unit"), "a milestone has no unit of its own (only a "
                                                  "target, when stated in its own unit)");
                if (!y)
                    error(place(*t, row, "year"), "a milestone needs a year");
                if (!value)
                    error(place(*t, row, "value"), "a milestone needs a value");
                if (!y || !value)
                    continue;
                remember(Kind::indicator, *index, *t, row,
                         "milestones[" + std::to_string(ind.milestones.size()) + "]");
                ind.milestones.push_back({*y, *value, wording});
                continue;
            }
            if (const auto it = target_row.find(*index); it != target_row.end()) {
                error(place(*t, row, "type"), "indicator '" + code +
                                                  "' already has a target (row " +
                                                  std::to_string(it->second) + ")");
                continue;
            }
            target_row[*index] = row.number;
            remember(Kind::indicator, *index, *t, row, "target");
            ind.target = Target{value, y, unit, wording};
        }
    }

    void read_figures() {
        const auto t = open("figures");
        if (!t)
            return;
        std::map<std::pair<Kind, std::size_t>, std::size_t> count;
        for (const Row& row : t->rows) {
            const auto kind = choice(
                *t, row, "element",
                [](std::string_view s) -> std::optional<Kind> {
                    for (const char* n : {"nœud", "noeud", "node", "element"})
                        if (same_word(s, n))
                            return Kind::node;
                    for (const char* n : {"territoire", "territory"})
                        if (same_word(s, n))
                            return Kind::territory;
                    return std::nullopt;
                },
                "element", "nœud or territoire (node or territory)");
            const std::string code = text(*t, row, "code");
            Figure f{text(*t, row, "label"), number(*t, row, "value").value_or(0),
                     text(*t, row, "unit"), year(*t, row, "year")};
            if (!kind)
                continue;
            std::vector<Figure>* figures = nullptr;
            std::pair<Kind, std::size_t> owner;
            if (*kind == Kind::territory) {
                for (std::size_t i = 0; i < scheme_.territories.size() && !figures; ++i)
                    if (scheme_.territories[i].code == code) {
                        figures = &scheme_.territories[i].figures;
                        owner = {Kind::territory, i};
                    }
            } else {
                for (std::size_t i = 0; i < scheme_.nodes.size() && !figures; ++i)
                    if (scheme_.nodes[i].code == code) {
                        figures = &scheme_.nodes[i].figures;
                        owner = {Kind::node, i};
                    }
                for (std::size_t i = 0; i < scheme_.unplanned.size() && !figures; ++i)
                    if (scheme_.unplanned[i].code == code) {
                        figures = &scheme_.unplanned[i].figures;
                        owner = {Kind::unplanned, i};
                    }
            }
            if (!figures) {
                error(place(*t, row, "code"),
                      "no " + std::string(*kind == Kind::territory ? "territory" : "node") + " '" +
                          code + "' in the workbook");
                continue;
            }
            if (!cell(*t, row, "value"))
                error(place(*t, row, "value"), "a figure needs a value");
            remember(owner.first, owner.second, *t, row,
                     "figures[" + std::to_string(count[owner]++) + "]");
            figures->push_back(std::move(f));
        }
    }

    void read_questions() {
        const auto t = open("questions");
        if (!t)
            return;
        for (const Row& row : t->rows) {
            const std::size_t i = scheme_.questions.size();
            remember(Kind::question, i, *t, row);
            EvaluativeQuestion q;
            q.code = text(*t, row, "code");
            if (const auto c =
                    choice(*t, row, "criterion", coded("criteria", parse_evaluation_criterion),
                           "criterion", expected("criteria")))
                q.criterion = *c;
            q.question = text(*t, row, "question");
            q.indicators = list(*t, row, "indicators");
            q.nodes = list(*t, row, "nodes");
            q.judgement_criteria = list(*t, row, "judgement_criteria");
            for (std::size_t k = 0; k < q.indicators.size(); ++k)
                places_.put(Kind::question, i, "indicators[" + std::to_string(k) + "]",
                            place(*t, row, "indicators"));
            for (std::size_t k = 0; k < q.nodes.size(); ++k)
                places_.put(Kind::question, i, "nodes[" + std::to_string(k) + "]",
                            place(*t, row, "nodes"));
            scheme_.questions.push_back(std::move(q));
        }
    }

    void read_governance() {
        const auto t = open("governance");
        if (!t)
            return;
        for (const Row& row : t->rows) {
            remember(Kind::scheme, 0, *t, row,
                     "governance[" + std::to_string(scheme_.governance.size()) + "]");
            scheme_.governance.push_back({text(*t, row, "body"), text(*t, row, "scope"),
                                          text(*t, row, "frequency"), text(*t, row, "role")});
        }
    }

    void read_links() {
        const auto t = open("links");
        if (!t)
            return;
        for (const Row& row : t->rows) {
            remember(Kind::link, scheme_.links.size(), *t, row);
            scheme_.links.push_back(
                {maybe_text(*t, row, "from"), text(*t, row, "to"), text(*t, row, "kind")});
        }
    }

    void read_totals() {
        const auto t = open("totals");
        if (!t)
            return;
        std::map<std::string, int> row_of;
        for (const Row& row : t->rows) {
            const std::string name = text(*t, row, "name");
            const auto value = number(*t, row, "value");
            if (name.empty()) {
                error(place(*t, row, "name"), "a total needs a name");
                continue;
            }
            if (const auto it = row_of.find(name); it != row_of.end()) {
                error(place(*t, row, "name"), "total '" + name + "' is given twice (also in row " +
                                                  std::to_string(it->second) + ")");
                continue;
            }
            row_of[name] = row.number;
            if (!value) {
                if (!cell(*t, row, "value"))
                    error(place(*t, row, "value"), "a total needs a value");
                continue;
            }
            if (*value != std::floor(*value) || std::fabs(*value) > 9e15) {
                error(place(*t, row, "value"), "'" + yaml_like(*value) + "' is not a whole number");
                continue;
            }
            places_.put(Kind::scheme, 0, "stated_totals." + name, place(*t, row, "value"));
            scheme_.stated_totals[name] = static_cast<long long>(*value);
        }
    }

    static std::string yaml_like(double value) {
        CellValue v;
        v.kind = CellValue::Kind::number;
        v.number = value;
        return v.as_text();
    }

    xlsx::WorkbookReader book_;
    std::string file_;
    std::map<std::string, int> tab_of_;
    Scheme scheme_;
    PlaceIndex places_;
    std::vector<Ordered> diagnostics_;
};

} // namespace

Scheme read_scheme_workbook(const std::filesystem::path& path, const SchemeRules& extra_rules) {
    return SchemeWorkbookReader(path).read(extra_rules);
}

} // namespace jalon
