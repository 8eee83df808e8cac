#include "csv_scanner.hpp"

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

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

enum class NumberResult { ok, invalid, out_of_range };

// Length of a thousands separator at the start of `text` (space, U+00A0, U+202F), or 0.
std::size_t thousands_separator(std::string_view text) {
    if (!text.empty() && text[0] == ' ')
        return 1;
    if (text.starts_with("\xC2\xA0"))
        return 2;
    if (text.starts_with("\xE2\x80\xAF"))
        return 3;
    return 0;
}

// Parses a trimmed, non-empty number cell. With `;` files, a decimal comma and thousands
// separators between groups of three digits are allowed; an exponent only with a decimal point.
NumberResult parse_number(std::string_view text, char separator, double& out) {
    std::array<char, 128> buffer;
    std::size_t size = 0;
    const auto put = [&](char c) {
        if (size == buffer.size())
            return false;
        buffer[size++] = c;
        return true;
    };
    std::size_t i = 0;
    if (text[0] == '+' || text[0] == '-') {
        if (text[0] == '-')
            put('-');
        ++i;
    }

    // Integer part, with thousands separators in `;` files.
    std::size_t integer_digits = 0;
    std::size_t group_digits = 0;
    bool grouped = false;
    while (i < text.size()) {
        if (is_digit(text[i])) {
            if (!put(text[i]))
                return NumberResult::invalid;
            ++integer_digits;
            ++group_digits;
            ++i;
            continue;
        }
        const std::size_t gap = separator == ';' ? thousands_separator(text.substr(i)) : 0;
        if (gap == 0)
            break;
        const bool first_group_ok = !grouped && group_digits >= 1 && group_digits <= 3;
        const bool next_group_ok = grouped && group_digits == 3;
        if (!first_group_ok && !next_group_ok)
            return NumberResult::invalid;
        if (i + gap >= text.size() || !is_digit(text[i + gap]))
            return NumberResult::invalid;
        grouped = true;
        group_digits = 0;
        i += gap;
    }
    if (grouped && group_digits != 3)
        return NumberResult::invalid;

    // Fraction.
    std::size_t fraction_digits = 0;
    bool decimal_comma = false;
    if (i < text.size() && (text[i] == '.' || (text[i] == ',' && separator == ';'))) {
        decimal_comma = text[i] == ',';
        ++i;
        if (integer_digits == 0)
            put('0');
        put('.');
        while (i < text.size() && is_digit(text[i])) {
            if (!put(text[i]))
                return NumberResult::invalid;
            ++fraction_digits;
            ++i;
        }
        if (fraction_digits == 0)
            put('0');
    }
    if (integer_digits + fraction_digits == 0)
        return NumberResult::invalid;

    // Exponent, only with a decimal point.
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E') && !decimal_comma) {
        put('e');
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-'))
            put(text[i++]);
        std::size_t exponent_digits = 0;
        while (i < text.size() && is_digit(text[i])) {
            if (!put(text[i]))
                return NumberResult::invalid;
            ++exponent_digits;
            ++i;
        }
        if (exponent_digits == 0)
            return NumberResult::invalid;
    }
    if (i != text.size() || size == buffer.size())
        return NumberResult::invalid;

    const auto [end, error] = std::from_chars(buffer.data(), buffer.data() + size, out);
    if (error == std::errc::result_out_of_range)
        return NumberResult::out_of_range;
    if (error != std::errc() || end != buffer.data() + size)
        return NumberResult::invalid;
    return NumberResult::ok;
}

std::uint64_t key_hash(const ObservationRow& row) {
    std::uint64_t hash = std::hash<std::string_view>{}(row.series);
    const auto mix = [&hash](std::string_view text) {
        hash = (hash ^ std::hash<std::string_view>{}(text)) * 0x9e3779b97f4a7c15ULL;
        hash ^= hash >> 29;
    };
    mix(row.territory);
    mix(row.period.text);
    for (const std::string& dimension : row.dimensions)
        mix(dimension);
    return hash;
}

bool same_key(const ObservationRow& x, const ObservationRow& y) {
    return x.series == y.series && x.territory == y.territory && x.period.text == y.period.text &&
           x.dimensions == y.dimensions;
}

// Rows that repeat the series, territory, period and dimensions of an earlier row, as pairs
// (row, first row with that key) in row order. Sorting hashes once at the end reads memory in
// order, where a hash table probed row by row would miss the cache on nearly every row.
std::vector<std::pair<std::size_t, std::size_t>>
find_duplicates(const std::vector<ObservationRow>& rows) {
    struct Entry {
        std::uint64_t hash;
        std::size_t row;
    };
    std::vector<Entry> entries;
    entries.reserve(rows.size());
    for (std::size_t row = 0; row < rows.size(); ++row)
        entries.push_back({key_hash(rows[row]), row});
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.hash < b.hash || (a.hash == b.hash && a.row < b.row);
    });

    std::vector<std::pair<std::size_t, std::size_t>> found;
    std::vector<std::size_t> firsts; // one row per distinct key among rows of equal hash
    for (std::size_t begin = 0, end = 0; begin < entries.size(); begin = end) {
        end = begin + 1;
        while (end < entries.size() && entries[end].hash == entries[begin].hash)
            ++end;
        if (end - begin == 1)
            continue;
        firsts.clear();
        for (std::size_t i = begin; i < end; ++i) {
            const std::size_t row = entries[i].row;
            const auto first = std::find_if(firsts.begin(), firsts.end(), [&](std::size_t f) {
                return same_key(rows[f], rows[row]);
            });
            if (first == firsts.end())
                firsts.push_back(row);
            else
                found.emplace_back(row, *first);
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}

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
        const auto duplicates = find_duplicates(table_.rows);
        if (duplicates.empty())
            return;
        std::vector<Diagnostic> found;
        found.reserve(duplicates.size());
        for (const auto& [row, first] : duplicates)
            found.push_back({{table_.file, table_.rows[row].line, 0, {}},
                             {},
                             "duplicate of line " + std::to_string(table_.rows[first].line) +
                                 " (same series, territory, period and dimensions)"});
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
            switch (parse_number(text, table_.separator, value)) {
            case NumberResult::ok:
                row.value = value;
                break;
            case NumberResult::invalid:
                input_.add(line, column(3), "value",
                           csv_quote(text) + " is not a number" +
                               (table_.separator == ';'
                                    ? " (expected a number such as 1234, -12,5 or 1 234,5)"
                                    : " (expected a number such as 1234, -12.5 or 1.5e3, with a "
                                      "decimal point)"));
                ok = false;
                break;
            case NumberResult::out_of_range:
                input_.add(line, column(3), "value", csv_quote(text) + " is out of range");
                ok = false;
                break;
            }
        }
        if (!ok)
            return false;
        row.dimensions.reserve(dimension_index_.size());
        for (const std::size_t i : dimension_index_)
            row.dimensions.emplace_back(record.fields[i]);
        return true;
    }

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    static constexpr std::size_t sample_records = 1024;

    CsvInput input_;
    ObservationTable table_;
    std::array<std::size_t, 4> required_index_{npos, npos, npos, npos};
    std::vector<std::size_t> dimension_index_;
};

} // namespace

int ObservationTable::column_of(const std::string& name) const {
    return csv_column_of(columns, name);
}

ObservationTable read_observation_csv_text(const std::string& text, const std::string& file_name) {
    return ObservationReader(text, file_name).read();
}

ObservationTable read_observation_csv(const std::filesystem::path& path) {
    return read_observation_csv_text(read_csv_file(path, "CSV data file"), path.string());
}

} // namespace jalon
