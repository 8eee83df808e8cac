#include "csv_scanner.hpp"

#include <jalon/data/observation_csv.hpp>
#include <jalon/data/status_csv.hpp>
#include <jalon/error.hpp>

#include <array>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

namespace jalon {

namespace {

// The same limits as CSV data files.
constexpr CsvLimits limits{observation_csv_max_line_bytes, observation_csv_max_field_bytes,
                           observation_csv_max_problems};

enum Column : std::size_t { node, year, status, comment, narrative, column_count };
constexpr std::array<std::string_view, column_count> column_names = {"node", "year", "status",
                                                                     "comment", "narrative"};
constexpr std::size_t required_count = 3; // node, year, status

// A year written as four digits, 1000 to 9999.
std::optional<int> parse_year(std::string_view text) {
    if (text.size() != 4 || text[0] < '1' || text[0] > '9')
        return std::nullopt;
    int year = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        year = year * 10 + (c - '0');
    }
    return year;
}

// Bullets of a narrative cell: separated by line breaks (LF, CRLF or CR) or by a `|` standing
// alone (a space, tab or line break, or the edge of the cell, on each side); trimmed; empty ones
// dropped.
std::vector<std::string> split_narrative(std::string_view text) {
    std::vector<std::string> bullets;
    const auto keep = [&bullets](std::string_view piece) {
        piece = csv_trim(piece);
        if (!piece.empty())
            bullets.emplace_back(piece);
    };
    const auto gap = [&text](std::size_t i) {
        return i >= text.size() || csv_is_blank(text[i]) || text[i] == '\n' || text[i] == '\r';
    };
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool line_break = c == '\n' || c == '\r';
        const bool bar = c == '|' && (i == 0 || gap(i - 1)) && gap(i + 1);
        if (line_break || bar) {
            keep(text.substr(start, i - start));
            start = i + 1;
        }
    }
    keep(text.substr(start));
    return bullets;
}

class StatusReader {
public:
    StatusReader(const std::string& text, std::string file)
        : input_(text, std::move(file), limits) {
        table_.file = input_.file();
        index_.fill(npos);
    }

    StatusTable read() {
        table_.separator = input_.start();
        try {
            if (!read_header())
                input_.fail();
            read_rows();
        } catch (const CsvTooManyProblems&) {
        }
        if (!input_.no_problems())
            input_.fail();
        return std::move(table_);
    }

private:
    // Reads the column names; false if they have problems (the rows are then not read).
    bool read_header() {
        const bool readable = input_.read_header(
            [this](std::size_t i, const std::string& name, const std::string& lower) {
                const int column = static_cast<int>(i) + 1;
                for (std::size_t c = 0; c < column_count; ++c) {
                    if (lower == column_names[c]) {
                        index_[c] = i;
                        input_.set_key(i, lower);
                        table_.columns.emplace(lower, column);
                        return;
                    }
                }
                input_.add(input_.header_line(), column, name,
                           "unknown column (a follow-up file has the columns node, year and "
                           "status, and optionally comment and narrative)");
            });
        if (!readable)
            return false;
        for (std::size_t c = 0; c < required_count; ++c)
            if (index_[c] == npos)
                input_.add(input_.header_line(), 0, std::string(column_names[c]),
                           "missing required column");
        return input_.no_problems();
    }

    void read_rows() {
        while (input_.next_row()) {
            StatusRow row;
            if (read_row(row))
                table_.rows.push_back(std::move(row));
        }
    }

    std::string_view field(Column c) const {
        return index_[c] == npos ? std::string_view() : input_.record().fields[index_[c]];
    }
    int column(Column c) const { return static_cast<int>(index_[c]) + 1; }

    // Reports an empty required field; false if it is empty.
    bool filled(Column c, int line, const std::string& why) {
        if (!field(c).empty())
            return true;
        input_.add(line, column(c), std::string(column_names[c]), "is empty (" + why + ")");
        return false;
    }

    // Fills the row from the current record; false (with diagnostics) if a field is bad.
    bool read_row(StatusRow& row) {
        const int line = input_.record().line;
        row.line = line;
        bool ok = filled(node, line, "every row needs a node");
        row.node = field(node);

        bool year_ok = filled(year, line, "every row needs a year");
        if (year_ok) {
            if (const auto parsed = parse_year(field(year))) {
                row.year = *parsed;
            } else {
                input_.add(line, column(year), "year",
                           csv_quote(field(year)) +
                               " is not a year (expected a whole number from 1000 to 9999)");
                year_ok = false;
            }
        }
        ok = ok && year_ok;

        if (filled(status, line, "a status is required for a follow-up row")) {
            const std::string_view text = field(status);
            const auto parsed = parse_action_status(text);
            if (!parsed) {
                input_.add(line, column(status), "status",
                           csv_quote(text) + " is not a status (expected réalisé, en cours, non "
                                             "engagé, reporté or abandonné)");
                ok = false;
            } else if (*parsed == ActionStatus::unplanned_done) {
                input_.add(line, column(status), "status",
                           csv_quote(text) +
                               " cannot be declared in a follow-up CSV: achievements outside the "
                               "plan are declared in the scheme file or with `jalon status set "
                               "--unplanned`");
                ok = false;
            } else {
                row.status = *parsed;
            }
        } else {
            ok = false;
        }

        if (!row.node.empty() && year_ok) {
            const auto [first, added] = first_lines_.emplace(std::pair(row.node, row.year), line);
            if (!added) {
                input_.add(line, 0, "",
                           "duplicate of line " + std::to_string(first->second) +
                               " (same node and year)");
                ok = false;
            }
        }
        if (!ok)
            return false;
        row.comment = field(comment);
        row.narrative = split_narrative(field(narrative));
        return true;
    }

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    CsvInput input_;
    StatusTable table_;
    std::array<std::size_t, column_count> index_{};
    std::map<std::pair<std::string, int>, int> first_lines_; // (node, year) → first line
};

} // namespace

int StatusTable::column_of(const std::string& name) const {
    return csv_column_of(columns, name);
}

SourceLocation StatusTable::locate(int line, const std::string& column) const {
    return table_location(file, sheet, line, column_of(column));
}

StatusTable read_status_csv_text(const std::string& text, const std::string& file_name) {
    return StatusReader(text, file_name).read();
}

StatusTable read_status_csv(const std::filesystem::path& path) {
    return read_status_csv_text(read_csv_file(path, "CSV follow-up file"), path.string());
}

} // namespace jalon
