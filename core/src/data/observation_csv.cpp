#include "../number_text.hpp"
#include "csv_scanner.hpp"
#include "duplicate_observations.hpp"

#include <jalon/data/observation_csv.hpp>
#include <jalon/error.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <functional>
#include <string_view>
#include <system_error>
#include <utility>

namespace jalon {

namespace {

constexpr std::string_view required_columns[] = {"series", "territory", "period", "value"};

constexpr CsvLimits limits{observation_csv_max_line_bytes, observation_csv_max_field_bytes,
                           observation_csv_max_problems};

class ObservationReader {
public:
    ObservationReader(const std::string& text, std::string file)
        : input_(text, std::move(file), limits) {
        table_.file = input_.file();
    }

    ObservationTable read() {
        table_.separator = input_.start();
        try {
            if (!read_header())
                input_.fail();
            read_rows();
        } catch (const CsvTooManyProblems&) {
        }
        add_duplicates();
        if (!input_.no_problems())
            input_.fail();
        return std::move(table_);
    }

private:
    // Duplicates, found once every row is read, join the other problems in line order.
    void add_duplicates() {
        std::vector<Diagnostic> found = duplicate_observations(table_);
        if (!found.empty())
            input_.merge(std::move(found));
    }

    // Reads the column names; false if they have problems (the rows are then not read).
    bool read_header() {
        const bool readable = input_.read_header(
            [this](std::size_t i, const std::string& name, const std::string& lower) {
                const int column = static_cast<int>(i) + 1;
                for (std::size_t r = 0; r < std::size(required_columns); ++r) {
                    if (lower == required_columns[r]) {
                        required_index_[r] = i;
                        input_.set_key(i, lower);
                        table_.columns.emplace(lower, column);
                        return;
                    }
                }
                if (lower == "comment" && comment_index_ == npos) {
                    comment_index_ = i;
                    table_.columns.emplace(lower, column);
                    return;
                }
                dimension_index_.push_back(i);
                table_.dimension_names.push_back(name);
                table_.columns.emplace(name, column);
            });
        if (!readable)
            return false;
        for (std::size_t r = 0; r < std::size(required_columns); ++r)
            if (required_index_[r] == npos)
                input_.add(input_.header_line(), 0, std::string(required_columns[r]),
                           "missing required column");
        return input_.no_problems();
    }

    void read_rows() {
        const std::size_t data_start = input_.offset();
        bool reserved = false;
        while (input_.next_row()) {
            if (!reserved && input_.records_read() >= sample_records) {
                reserve_for_the_rest(data_start);
                reserved = true;
            }
            ObservationRow row;
            if (read_row(row))
                table_.rows.push_back(std::move(row));
        }
    }

    // Sizes the rows once for the whole file, from the mean record length so far, instead of
    // growing them step by step (each step moves every row).
    void reserve_for_the_rest(std::size_t data_start) {
        const std::size_t done = input_.offset();
        const std::size_t mean =
            std::max<std::size_t>(1, (done - data_start) / input_.records_read());
        const std::size_t rest = (input_.text_size() - done) / mean;
        const std::size_t total = table_.rows.size() + rest + rest / 16 + 16;
        table_.rows.reserve(total);
    }

    // Fills the row from the current record; false (with diagnostics) if a field is bad.
    bool read_row(ObservationRow& row) {
        const CsvRecord& record = input_.record();
        const int line = record.line;
        bool ok = true;
        const auto field = [&](std::size_t r) { return record.fields[required_index_[r]]; };
        const auto column = [&](std::size_t r) { return static_cast<int>(required_index_[r]) + 1; };
        for (const std::size_t r : {std::size_t{0}, std::size_t{1}, std::size_t{2}}) {
            if (field(r).empty()) {
                input_.add(line, column(r), std::string(required_columns[r]),
                           "is empty (every row needs a " + std::string(required_columns[r]) + ")");
                ok = false;
            }
        }
        row.line = line;
        row.series = field(0);
        row.territory = field(1);
        if (!field(2).empty()) {
            if (auto period = parse_observation_period(field(2))) {
                row.period = std::move(*period);
            } else {
                input_.add(line, column(2), "period",
                           csv_quote(field(2)) +
                               " is not a period (expected YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD, "
                               "year 1000 to 9999)");
                ok = false;
            }
        }
        if (const std::string_view text = field(3); !text.empty()) {
            double value = 0;
            switch (csv_parse_number(text, table_.separator, value)) {
            case CsvNumber::ok:
                row.value = value;
                break;
            case CsvNumber::invalid:
                input_.add(line, column(3), "value",
                           csv_quote(text) + " is not a number" +
                               (table_.separator == ';'
                                    ? " (expected a number such as 1234, -12,5 or 1 234,5)"
                                    : " (expected a number such as 1234, -12.5 or 1.5e3, with a "
                                      "decimal point)"));
                ok = false;
                break;
            case CsvNumber::out_of_range:
                input_.add(line, column(3), "value",
                           csv_quote(text) + " is " + number_out_of_range_text());
                ok = false;
                break;
            }
        }
        if (!ok)
            return false;
        row.dimensions.reserve(dimension_index_.size());
        for (const std::size_t i : dimension_index_)
            row.dimensions.emplace_back(record.fields[i]);
        if (comment_index_ != npos)
            row.comment = record.fields[comment_index_];
        return true;
    }

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    static constexpr std::size_t sample_records = 1024;

    CsvInput input_;
    ObservationTable table_;
    std::array<std::size_t, 4> required_index_{npos, npos, npos, npos};
    std::vector<std::size_t> dimension_index_;
    std::size_t comment_index_ = npos;
};

} // namespace

int ObservationTable::column_of(const std::string& name) const {
    return csv_column_of(columns, name);
}

SourceLocation ObservationTable::locate(int line, const std::string& column) const {
    return table_location(file, sheet, line, column_of(column));
}

ObservationTable read_observation_csv_text(const std::string& text, const std::string& file_name) {
    return ObservationReader(text, file_name).read();
}

ObservationTable read_observation_csv(const std::filesystem::path& path) {
    return read_observation_csv_text(read_csv_file(path, "CSV data file"), path.string());
}

} // namespace jalon
