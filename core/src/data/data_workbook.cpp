#include "../number_text.hpp"
#include "csv_scanner.hpp"
#include "duplicate_observations.hpp"

#include <jalon/data/data_workbook.hpp>
#include <jalon/error.hpp>
#include <jalon/xlsx/workbook_reader.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

namespace jalon {

namespace {

using xlsx::CellValue;
using Kind = xlsx::CellValue::Kind;
using Layout = DataTemplateLayout;

constexpr std::size_t max_problems = observation_csv_max_problems;

struct TooManyProblems {};

// Problems of one workbook, each at a cell.
class Problems {
public:
    explicit Problems(std::string file) : file_(std::move(file)) {}

    void add(const std::string& sheet, int row, int column, const std::string& key,
             const std::string& message) {
        if (list_.size() >= max_problems) {
            list_.push_back({{file_, 0, 0, {}}, {}, "too many problems, stopping"});
            throw TooManyProblems{};
        }
        list_.push_back({table_location(file_, sheet, row, column), key, message});
    }
    void merge(std::vector<Diagnostic> more) {
        list_.insert(list_.end(), std::make_move_iterator(more.begin()),
                     std::make_move_iterator(more.end()));
    }
    bool empty() const { return list_.empty(); }
    [[noreturn]] void fail() { throw InputError(std::move(list_)); }
    const std::string& file() const { return file_; }

private:
    std::string file_;
    std::vector<Diagnostic> list_;
};

std::string trimmed(const CellValue* cell) {
    return cell ? std::string(csv_trim(cell->as_text())) : std::string();
}

std::string kind_name(Kind kind) {
    switch (kind) {
    case Kind::boolean:
        return "a boolean";
    case Kind::date:
        return "a date";
    case Kind::error:
        return "a formula error";
    case Kind::uncalculated:
        return "a formula saved without its result (open the workbook in Excel or LibreOffice "
               "and save it again)";
    default:
        return "text";
    }
}

// A value cell: a number, a number written as text (`12,5`, `1 234`), or empty.
std::optional<double> read_value(const CellValue* cell, const std::string& sheet, int row,
                                 int column, Problems& problems) {
    if (!cell)
        return std::nullopt;
    if (cell->kind == Kind::number) {
        if (!std::isfinite(cell->number)) {
            problems.add(sheet, row, column, "value", "is not a finite number");
            return std::nullopt;
        }
        if (cell->number != 0 && std::fabs(cell->number) < std::numeric_limits<double>::min()) {
            problems.add(sheet, row, column, "value",
                         csv_quote(cell->as_text()) + " is " + number_out_of_range_text());
            return std::nullopt;
        }
        return cell->number;
    }
    if (cell->kind == Kind::text) {
        const std::string_view text = csv_trim(cell->text);
        if (text.empty())
            return std::nullopt;
        double value = 0;
        switch (parse_number_text(text, NumberStyle::french, value)) {
        case NumberText::ok:
            return value;
        case NumberText::out_of_range:
            problems.add(sheet, row, column, "value",
                         csv_quote(text) + " is " + number_out_of_range_text());
            return std::nullopt;
        case NumberText::invalid:
            break;
        }
        problems.add(sheet, row, column, "value",
                     csv_quote(text) + " is not a number (expected a number such as 1234 or 12,5)");
        return std::nullopt;
    }
    problems.add(sheet, row, column, "value",
                 "holds " + kind_name(cell->kind) +
                     (cell->kind == Kind::uncalculated ? std::string()
                                                       : " (" + csv_quote(cell->as_text()) + ")") +
                     ", not a number");
    return std::nullopt;
}

// A period cell: text in one of the four forms, a year typed as a number, or a date.
std::optional<ObservationPeriod> read_period(const CellValue* cell, const std::string& sheet,
                                             int row, int column, Problems& problems) {
    std::string text = trimmed(cell);
    if (cell && cell->kind == Kind::date)
        text = cell->text.substr(0, 10);
    if (text.empty()) {
        problems.add(sheet, row, column, "period", "is empty (every row needs a period)");
        return std::nullopt;
    }
    if (auto period = parse_observation_period(text))
        return period;
    problems.add(sheet, row, column, "period",
                 csv_quote(text) +
                     " is not a period (expected YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD, year 1000 "
                     "to 9999)");
    return std::nullopt;
}

std::optional<ActionStatus> read_status(std::string_view text) {
    if (const auto status = parse_action_status(text);
        status && *status != ActionStatus::unplanned_done)
        return status;
    const std::string lower = csv_ascii_lower(text);
    const auto en = data_template_status_labels("en");
    for (std::size_t i = 0; i < en.size(); ++i)
        if (lower == en[i])
            return static_cast<ActionStatus>(i);
    return std::nullopt;
}

std::string altered(const std::string& what) {
    return what + ": the template was altered and cannot be imported; ask for a new one "
                  "(jalon data template) and copy the values into it";
}

class TemplateReader {
public:
    TemplateReader(const xlsx::WorkbookReader& workbook, Problems& problems)
        : workbook_(workbook), problems_(problems) {}

    DataWorkbook read() {
        DataWorkbook out;
        DataTemplateKeys keys;
        read_metadata(keys);
        if (!problems_.empty())
            problems_.fail();
        out.observations = read_entries(keys);
        out.statuses = read_actions(keys);
        if (problems_.empty() && data_template_checksum(keys) != checksum_)
            problems_.add(Layout::metadata_sheet, checksum_row_, 2, "keys",
                          altered("the scheme, the year or the hidden key columns do not match "
                                  "the template's checksum (rows added, removed, moved or keys "
                                  "edited)"));
        out.template_keys = std::move(keys);
        return out;
    }

private:
    void read_metadata(DataTemplateKeys& keys) {
        const xlsx::Sheet meta = workbook_.read_sheet(Layout::metadata_sheet);
        std::map<std::string, std::pair<std::string, int>> facts;
        for (const xlsx::Cell& cell : meta.cells)
            if (cell.column == 1)
                facts[cell.value.as_text()] = {trimmed(meta.at(cell.row, 2)), cell.row};
        const auto fact = [&](const std::string& name) -> const std::pair<std::string, int>* {
            const auto it = facts.find(name);
            if (it == facts.end()) {
                problems_.add(Layout::metadata_sheet, 1, 1, name,
                              altered("missing from the hidden sheet"));
                return nullptr;
            }
            return &it->second;
        };
        // Rows under the header row fit in Excel's 1 048 576 rows (a larger count would also
        // overflow the row numbers computed from it).
        constexpr std::size_t max_count = 1'048'576 - Layout::first_row + 1;
        const auto count = [&](const std::string& name, std::size_t& out) {
            if (const auto* f = fact(name)) {
                const auto [p, ec] =
                    std::from_chars(f->first.data(), f->first.data() + f->first.size(), out);
                if (ec != std::errc() || p != f->first.data() + f->first.size() || out > max_count)
                    problems_.add(Layout::metadata_sheet, f->second, 2, name,
                                  altered(csv_quote(f->first) + " is not a count"));
            }
        };
        if (const auto* f = fact("format"); f && f->first != data_template_format) {
            problems_.add(Layout::metadata_sheet, f->second, 2, "format",
                          csv_quote(f->first) + " is not a template format this Jalon reads (" +
                              data_template_format + ")");
            return;
        }
        if (const auto* f = fact("scheme"))
            keys.scheme = f->first;
        if (const auto* f = fact("year")) {
            const auto [p, ec] =
                std::from_chars(f->first.data(), f->first.data() + f->first.size(), keys.year);
            if (ec != std::errc() || p != f->first.data() + f->first.size())
                problems_.add(Layout::metadata_sheet, f->second, 2, "year",
                              altered(csv_quote(f->first) + " is not a year"));
        }
        if (const auto* f = fact("language"))
            language_ = f->first;
        count("rows", rows_);
        count("actions", actions_);
        if (const auto* f = fact("keys")) {
            checksum_ = f->first;
            checksum_row_ = f->second;
        }
    }

    // Checks that a key column's header is as written; false (with a problem) if not.
    bool key_header(const xlsx::Sheet& sheet, int column, const std::string& name) {
        const std::string header = trimmed(sheet.at(1, column));
        if (header == name)
            return true;
        problems_.add(sheet.name, 1, column, name,
                      altered("the hidden key column holds " + csv_quote(header)));
        return false;
    }

    // A hidden key cell: its text, or a problem when it was emptied.
    std::string key(const xlsx::Sheet& sheet, int row, int column, const std::string& name) {
        std::string text = trimmed(sheet.at(row, column));
        if (text.empty())
            problems_.add(sheet.name, row, column, name, altered("the hidden key is empty"));
        return text;
    }

    // Rows past the template's last row that hold anything: added by hand, never imported.
    void no_rows_below(const xlsx::Sheet& sheet, std::size_t rows) {
        const int last = Layout::first_row + static_cast<int>(rows) - 1;
        for (const xlsx::Cell& cell : sheet.cells)
            if (cell.row > last) {
                problems_.add(sheet.name, cell.row, cell.column, {},
                              altered("a row was added below the template's " +
                                      std::to_string(rows) + " rows"));
                return;
            }
    }

    ObservationTable read_entries(DataTemplateKeys& keys) {
        ObservationTable table;
        table.file = problems_.file();
        const std::string name = Layout::entry_sheet(language_);
        table.sheet = name;
        table.columns = {{"value", Layout::value},
                         {"comment", Layout::comment},
                         {"series", Layout::series_key},
                         {"territory", Layout::territory_key},
                         {"period", Layout::period_key}};
        if (!workbook_.has_sheet(name)) {
            problems_.add(name, 1, 1, {}, altered("the sheet '" + name + "' is missing"));
            return table;
        }
        const xlsx::Sheet sheet = workbook_.read_sheet(name);
        if (!key_header(sheet, Layout::series_key, "key:series") ||
            !key_header(sheet, Layout::territory_key, "key:territory") ||
            !key_header(sheet, Layout::period_key, "key:period"))
            return table;
        no_rows_below(sheet, rows_);
        for (std::size_t i = 0; i < rows_; ++i) {
            const int r = Layout::first_row + static_cast<int>(i);
            ObservationRow row;
            row.line = r;
            row.series = key(sheet, r, Layout::series_key, "series");
            row.territory = key(sheet, r, Layout::territory_key, "territory");
            const auto period = read_period(sheet.at(r, Layout::period_key), name, r,
                                            Layout::period_key, problems_);
            keys.rows.push_back({row.series, row.territory, period ? period->text : ""});
            if (period && period->year != keys.year)
                problems_.add(name, r, Layout::period_key, "period",
                              altered("period " + period->text + " is not in the template's year " +
                                      std::to_string(keys.year)));
            row.value = read_value(sheet.at(r, Layout::value), name, r, Layout::value, problems_);
            row.comment = trimmed(sheet.at(r, Layout::comment));
            if (period) {
                row.period = *period;
                table.rows.push_back(std::move(row));
            }
        }
        problems_.merge(duplicate_observations(table));
        return table;
    }

    StatusTable read_actions(DataTemplateKeys& keys) {
        StatusTable table;
        table.file = problems_.file();
        table.sheet = Layout::actions_sheet;
        table.columns = {{"node", Layout::action_key},
                         {"status", Layout::action_status},
                         {"comment", Layout::action_comment}};
        if (!workbook_.has_sheet(Layout::actions_sheet)) {
            if (actions_ > 0)
                problems_.add(
                    Layout::actions_sheet, 1, 1, {},
                    altered(std::string("the sheet '") + Layout::actions_sheet + "' is missing"));
            return table;
        }
        const xlsx::Sheet sheet = workbook_.read_sheet(Layout::actions_sheet);
        if (actions_ > 0 && !key_header(sheet, Layout::action_key, "key:node"))
            return table;
        no_rows_below(sheet, actions_);
        const auto labels = data_template_status_labels(language_);
        for (std::size_t i = 0; i < actions_; ++i) {
            const int r = Layout::first_row + static_cast<int>(i);
            const std::string node = key(sheet, r, Layout::action_key, "node");
            keys.actions.push_back(node);
            const std::string status = trimmed(sheet.at(r, Layout::action_status));
            const std::string comment = trimmed(sheet.at(r, Layout::action_comment));
            if (status.empty()) {
                if (!comment.empty())
                    problems_.add(sheet.name, r, Layout::action_status, "status",
                                  "is empty but the action has a comment: choose its status");
                continue;
            }
            const auto parsed = read_status(status);
            if (!parsed) {
                std::string list;
                for (const char* label : labels)
                    list += (list.empty() ? "" : ", ") + std::string(label);
                problems_.add(sheet.name, r, Layout::action_status, "status",
                              "unknown status " + csv_quote(status) + " (choose one of: " + list +
                                  ")");
                continue;
            }
            StatusRow row;
            row.line = r;
            row.node = node;
            row.year = keys.year;
            row.status = *parsed;
            row.comment = comment;
            table.rows.push_back(std::move(row));
        }
        return table;
    }

    const xlsx::WorkbookReader& workbook_;
    Problems& problems_;
    std::string language_ = "fr";
    std::size_t rows_ = 0;
    std::size_t actions_ = 0;
    std::string checksum_;
    int checksum_row_ = 1;
};

// A workbook whose first sheet is laid out like a CSV data file.
ObservationTable read_simple_sheet(const xlsx::WorkbookReader& workbook, Problems& problems) {
    ObservationTable table;
    table.file = problems.file();
    if (workbook.sheets().empty()) {
        problems.add({}, 0, 0, {}, "the workbook has no sheet");
        return table;
    }
    const xlsx::Sheet sheet = workbook.read_sheet(workbook.sheets().front().name);
    table.sheet = sheet.name;

    constexpr const char* required[] = {"series", "territory", "period", "value"};
    std::map<std::string, int> lower_names;
    std::vector<std::pair<int, std::string>> dimensions;
    int comment_column = 0;
    std::set<int> named;
    for (const xlsx::Cell& cell : sheet.cells) {
        if (cell.row != 1)
            break;
        const std::string name = trimmed(&cell.value);
        if (name.empty())
            continue;
        const std::string lower = csv_ascii_lower(name);
        if (const auto first = lower_names.find(lower); first != lower_names.end()) {
            problems.add(sheet.name, 1, cell.column, name,
                         "column given twice (first at " +
                             xlsx::cell_reference(sheet.name, 1, first->second) + ")");
            continue;
        }
        lower_names[lower] = cell.column;
        named.insert(cell.column);
        bool is_required = false;
        for (const char* r : required)
            if (lower == r) {
                table.columns.emplace(lower, cell.column);
                is_required = true;
            }
        if (is_required)
            continue;
        if (lower == "comment") {
            comment_column = cell.column;
            table.columns.emplace(lower, cell.column);
            continue;
        }
        dimensions.emplace_back(cell.column, name);
        table.dimension_names.push_back(name);
        table.columns.emplace(name, cell.column);
    }
    for (const char* r : required)
        if (!table.columns.count(r))
            problems.add(sheet.name, 1, 1, r,
                         "missing required column (the first row of the first sheet names the "
                         "columns series, territory, period and value, as in a CSV data file)");
    if (!problems.empty())
        return table;

    const int series = table.columns["series"], territory = table.columns["territory"],
              period = table.columns["period"], value = table.columns["value"];
    std::size_t i = 0;
    while (i < sheet.cells.size() && sheet.cells[i].row == 1)
        ++i;
    while (i < sheet.cells.size()) {
        const int r = sheet.cells[i].row;
        for (; i < sheet.cells.size() && sheet.cells[i].row == r; ++i)
            if (!named.count(sheet.cells[i].column)) {
                problems.add(sheet.name, r, sheet.cells[i].column, {},
                             "a value under a column without a name in the first row");
            }
        ObservationRow row;
        row.line = r;
        bool ok = true;
        const std::pair<int, const char*> needed[] = {{series, "series"}, {territory, "territory"}};
        for (const auto& [column, key] : needed)
            if (trimmed(sheet.at(r, column)).empty()) {
                problems.add(sheet.name, r, column, key,
                             std::string("is empty (every row needs a ") + key + ")");
                ok = false;
            }
        row.series = trimmed(sheet.at(r, series));
        row.territory = trimmed(sheet.at(r, territory));
        const auto p = read_period(sheet.at(r, period), sheet.name, r, period, problems);
        row.value = read_value(sheet.at(r, value), sheet.name, r, value, problems);
        for (const auto& [column, name] : dimensions)
            row.dimensions.push_back(trimmed(sheet.at(r, column)));
        if (comment_column)
            row.comment = trimmed(sheet.at(r, comment_column));
        if (ok && p) {
            row.period = *p;
            table.rows.push_back(std::move(row));
        }
    }
    problems.merge(duplicate_observations(table));
    return table;
}

} // namespace

std::array<const char*, 5> data_template_status_labels(std::string_view language) {
    if (language == "en")
        return {"done", "in progress", "not started", "postponed", "dropped"};
    return {"réalisé", "en cours", "non engagé", "reporté", "abandonné"};
}

std::string data_template_checksum(const DataTemplateKeys& keys) {
    std::uint64_t hash = 14695981039346656037ull; // FNV-1a over the keys and separators
    const auto mix = [&](std::string_view text) {
        for (const char c : text) {
            hash ^= static_cast<unsigned char>(c);
            hash *= 1099511628211ull;
        }
        hash ^= 0x1F;
        hash *= 1099511628211ull;
    };
    mix(keys.scheme);
    mix(std::to_string(keys.year));
    for (const DataTemplateKeys::Row& row : keys.rows) {
        mix(row.series);
        mix(row.territory);
        mix(row.period);
    }
    mix("actions");
    for (const std::string& node : keys.actions)
        mix(node);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    return hex;
}

DataWorkbook read_data_workbook(const std::filesystem::path& path) {
    const xlsx::WorkbookReader workbook = xlsx::WorkbookReader::open(path);
    Problems problems(path.string());
    DataWorkbook out;
    try {
        if (workbook.has_sheet(DataTemplateLayout::metadata_sheet))
            out = TemplateReader(workbook, problems).read();
        else
            out.observations = read_simple_sheet(workbook, problems);
    } catch (const TooManyProblems&) {
    }
    if (!problems.empty())
        problems.fail();
    return out;
}

} // namespace jalon
