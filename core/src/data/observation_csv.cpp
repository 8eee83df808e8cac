#include <jalon/data/observation_csv.hpp>
#include <jalon/error.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <deque>
#include <fstream>
#include <functional>
#include <iterator>
#include <string_view>
#include <system_error>
#include <utility>

namespace jalon {

namespace {

constexpr std::string_view required_columns[] = {"series", "territory", "period", "value"};

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_blank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_blank(text.back()))
        text.remove_suffix(1);
    return text;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Length of the valid UTF-8 sequence starting at `p` (a byte >= 0x80), or 0 if it is invalid.
std::size_t utf8_sequence(const char* p, const char* end) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(p[i]); };
    const auto follows = [&](std::size_t i, unsigned lo = 0x80, unsigned hi = 0xBF) {
        return p + i < end && byte(i) >= lo && byte(i) <= hi;
    };
    const unsigned lead = byte(0);
    if (lead >= 0xC2 && lead <= 0xDF)
        return follows(1) ? 2 : 0;
    if (lead == 0xE0)
        return follows(1, 0xA0) && follows(2) ? 3 : 0;
    if (lead == 0xED)
        return follows(1, 0x80, 0x9F) && follows(2) ? 3 : 0;
    if (lead >= 0xE1 && lead <= 0xEF)
        return follows(1) && follows(2) ? 3 : 0;
    if (lead == 0xF0)
        return follows(1, 0x90) && follows(2) && follows(3) ? 4 : 0;
    if (lead >= 0xF1 && lead <= 0xF3)
        return follows(1) && follows(2) && follows(3) ? 4 : 0;
    if (lead == 0xF4)
        return follows(1, 0x80, 0x8F) && follows(2) && follows(3) ? 4 : 0;
    return 0;
}

// The text of a cell for a message: quoted, cut to a readable length on a character boundary.
std::string quote(std::string_view text) {
    constexpr std::size_t longest = 60;
    if (text.size() <= longest)
        return '"' + std::string(text) + '"';
    std::size_t cut = longest;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return '"' + std::string(text.substr(0, cut)) + "…\"";
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

// The first structural problem of a record; such a record is not read further.
struct RecordProblem {
    enum class Kind {
        none,
        invalid_utf8,
        field_too_long,
        line_too_long,
        text_after_quote,
        unclosed_quote
    };
    Kind kind = Kind::none;
    int line = 0;
    int column = 0;
    std::size_t amount = 0; // byte offset or size
};

struct Record {
    int line = 0;
    std::vector<std::string_view> fields;
    RecordProblem problem;
};

// Splits the text into records in one pass. Field views point into the text, or into a scratch
// buffer per column when a quoted field holds doubled quotes; they live until the next record.
class Scanner {
public:
    Scanner(std::string_view text, std::size_t start)
        : begin_(text.data()), p_(text.data() + start), end_(text.data() + text.size()),
          line_start_(p_) {}

    std::size_t offset() const { return static_cast<std::size_t>(p_ - begin_); }

    // Skips blank lines; true if a record follows.
    bool skip_blank_lines() {
        while (p_ < end_) {
            const char* q = p_;
            while (q < end_ && (is_blank(*q) || *q == '\r'))
                ++q;
            if (q == end_) {
                p_ = end_;
                return false;
            }
            if (*q != '\n')
                return true;
            p_ = q + 1;
            ++line_;
            line_start_ = p_;
        }
        return false;
    }

    // `;` if the line starting here holds a `;` outside quotes, else `,`.
    char detect_separator() const {
        const char* q = p_;
        bool field_start = true;
        while (q < end_ && *q != '\n') {
            if (field_start && is_blank(*q)) {
                ++q;
                continue;
            }
            if (field_start && *q == '"') {
                for (++q; q < end_; ++q) {
                    if (*q == '"') {
                        if (q + 1 < end_ && q[1] == '"')
                            ++q;
                        else
                            break;
                    }
                }
                if (q < end_)
                    ++q;
                field_start = false;
                continue;
            }
            if (*q == ';')
                return ';';
            field_start = *q == ',';
            ++q;
        }
        return ',';
    }

    void set_separator(char separator) { separator_ = separator; }

    // Reads the record starting here (call skip_blank_lines first).
    void next(Record& record) {
        record.line = line_;
        record.fields.clear();
        record.problem = {};
        for (;;) {
            const int column = static_cast<int>(record.fields.size()) + 1;
            const char* q = p_;
            while (q < end_ && is_blank(*q))
                ++q;
            std::string_view value;
            if (q < end_ && *q == '"') {
                value = quoted(q, column, record);
                if (record.problem.kind == RecordProblem::Kind::unclosed_quote) {
                    record.fields.push_back(value);
                    return;
                }
            } else {
                value = unquoted(column, record);
            }
            if (value.size() > observation_csv_max_field_bytes)
                problem(record, RecordProblem::Kind::field_too_long, line_, column, value.size());
            record.fields.push_back(trim(value));
            if (p_ < end_ && *p_ == separator_) {
                ++p_;
                continue;
            }
            end_line(record);
            return;
        }
    }

private:
    static void problem(Record& record, RecordProblem::Kind kind, int line, int column,
                        std::size_t amount) {
        if (record.problem.kind == RecordProblem::Kind::none)
            record.problem = {kind, line, column, amount};
    }

    // Checks the length of the physical line ending here (at a newline or the end of the text)
    // and moves past the newline.
    void end_line(Record& record) {
        std::size_t length = static_cast<std::size_t>(p_ - line_start_);
        if (length > 0 && p_[-1] == '\r')
            --length;
        if (length > observation_csv_max_line_bytes)
            problem(record, RecordProblem::Kind::line_too_long, line_, 0, length);
        if (p_ < end_) {
            ++p_;
            ++line_;
            line_start_ = p_;
        }
    }

    void check_utf8(Record& record, int column) {
        const std::size_t length = utf8_sequence(p_, end_);
        if (length == 0) {
            problem(record, RecordProblem::Kind::invalid_utf8, line_, column,
                    static_cast<std::size_t>(p_ - begin_));
            ++p_;
        } else {
            p_ += length;
        }
    }

    std::string_view unquoted(int column, Record& record) {
        const char* start = p_;
        while (p_ < end_) {
            const char c = *p_;
            if (c == separator_ || c == '\n')
                break;
            if (static_cast<unsigned char>(c) >= 0x80)
                check_utf8(record, column);
            else
                ++p_;
        }
        std::string_view value(start, static_cast<std::size_t>(p_ - start));
        if (!value.empty() && value.back() == '\r' && (p_ == end_ || *p_ == '\n'))
            value.remove_suffix(1);
        return value;
    }

    std::string_view quoted(const char* quote_at, int column, Record& record) {
        const int opened_on = line_;
        p_ = quote_at + 1;
        const char* segment = p_;
        std::string* unescaped = nullptr;
        for (;;) {
            if (p_ == end_) {
                record.problem = {RecordProblem::Kind::unclosed_quote, opened_on, column, 0};
                return {};
            }
            const char c = *p_;
            if (c == '"') {
                if (p_ + 1 < end_ && p_[1] == '"') {
                    if (unescaped == nullptr) {
                        unescaped = &scratch(column);
                        unescaped->clear();
                    }
                    unescaped->append(segment, p_ + 1);
                    p_ += 2;
                    segment = p_;
                    continue;
                }
                break;
            }
            if (c == '\n')
                end_line(record);
            else if (static_cast<unsigned char>(c) >= 0x80)
                check_utf8(record, column);
            else
                ++p_;
        }
        std::string_view value(segment, static_cast<std::size_t>(p_ - segment));
        if (unescaped != nullptr) {
            unescaped->append(value);
            value = *unescaped;
        }
        ++p_; // the closing quote
        while (p_ < end_ && is_blank(*p_))
            ++p_;
        if (p_ < end_ && *p_ == '\r' && (p_ + 1 == end_ || p_[1] == '\n'))
            ++p_;
        if (p_ < end_ && *p_ != separator_ && *p_ != '\n') {
            problem(record, RecordProblem::Kind::text_after_quote, line_, column, 0);
            unquoted(column, record);
        }
        return value;
    }

    std::string& scratch(int column) {
        while (scratch_.size() < static_cast<std::size_t>(column))
            scratch_.emplace_back();
        return scratch_[static_cast<std::size_t>(column) - 1];
    }

    const char* begin_;
    const char* p_;
    const char* end_;
    const char* line_start_;
    int line_ = 1;
    char separator_ = ',';
    std::deque<std::string> scratch_; // a deque: growing it keeps earlier buffers in place
};

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

// Thrown by CsvReader::add when the problems exceed the limit: reading stops there.
struct TooManyProblems {};

class CsvReader {
public:
    CsvReader(const std::string& text, std::string file)
        : text_(text), scanner_(text_, text_.starts_with("\xEF\xBB\xBF") ? 3 : 0) {
        table_.file = std::move(file);
    }

    ObservationTable read() {
        if (!scanner_.skip_blank_lines()) {
            add(0, 0, "", "no header line (the file is empty or blank)");
            fail();
        }
        table_.separator = scanner_.detect_separator();
        scanner_.set_separator(table_.separator);
        try {
            if (!read_header())
                fail();
            read_rows();
        } catch (const TooManyProblems&) {
        }
        add_duplicates();
        if (!diagnostics_.empty())
            fail();
        return std::move(table_);
    }

private:
    // Records a problem; past the limit, stops the reading.
    void add(int line, int column, std::string key, std::string message) {
        diagnostics_.push_back(
            {{table_.file, line, column, {}}, std::move(key), std::move(message)});
        if (diagnostics_.size() > observation_csv_max_problems)
            throw TooManyProblems{};
    }

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
        std::vector<Diagnostic> merged;
        merged.reserve(diagnostics_.size() + found.size());
        std::merge(
            std::make_move_iterator(diagnostics_.begin()),
            std::make_move_iterator(diagnostics_.end()), std::make_move_iterator(found.begin()),
            std::make_move_iterator(found.end()), std::back_inserter(merged),
            [](const Diagnostic& a, const Diagnostic& b) { return a.where.line < b.where.line; });
        diagnostics_ = std::move(merged);
    }

    // Throws what was found, cut at the limit with a last diagnostic saying so.
    [[noreturn]] void fail() {
        if (diagnostics_.size() > observation_csv_max_problems) {
            const int line = diagnostics_[observation_csv_max_problems].where.line;
            diagnostics_.resize(observation_csv_max_problems);
            diagnostics_.push_back({{table_.file, line, 0, {}},
                                    {},
                                    "too many problems: stopped after " +
                                        std::to_string(observation_csv_max_problems) +
                                        ", the rest of the file was not checked"});
        }
        throw InputError(std::move(diagnostics_));
    }

    std::string column_name(int column) const {
        const auto index = static_cast<std::size_t>(column) - 1;
        return column > 0 && index < names_.size() ? names_[index] : std::string();
    }

    // Reports a structural problem; false if the record has none.
    bool report(const RecordProblem& problem) {
        using Kind = RecordProblem::Kind;
        switch (problem.kind) {
        case Kind::none:
            return false;
        case Kind::invalid_utf8:
            add(problem.line, problem.column, column_name(problem.column),
                "invalid UTF-8 at byte offset " + std::to_string(problem.amount) +
                    " (save the file as UTF-8)");
            break;
        case Kind::field_too_long:
            add(problem.line, problem.column, column_name(problem.column),
                "field longer than " + std::to_string(observation_csv_max_field_bytes / 1024) +
                    " KiB (" + std::to_string(problem.amount) + " bytes)");
            break;
        case Kind::line_too_long:
            add(problem.line, 0, "",
                "line longer than " +
                    std::to_string(observation_csv_max_line_bytes / (1024 * 1024)) + " MiB (" +
                    std::to_string(problem.amount) + " bytes)");
            break;
        case Kind::text_after_quote:
            add(problem.line, problem.column, column_name(problem.column),
                "text after the closing quote of a quoted field");
            break;
        case Kind::unclosed_quote:
            add(problem.line, problem.column, column_name(problem.column),
                "unclosed quote: the quoted field opened on line " + std::to_string(problem.line) +
                    " runs to the end of the file");
            break;
        }
        return true;
    }

    // Reads the column names; false if they have problems (the rows are then not read).
    bool read_header() {
        scanner_.next(record_);
        const int line = record_.line;
        if (report(record_.problem))
            return false;

        std::map<std::string, int> folded; // lower-case name -> first column
        for (std::size_t i = 0; i < record_.fields.size(); ++i) {
            const int column = static_cast<int>(i) + 1;
            const std::string name(record_.fields[i]);
            names_.push_back(name);
            if (name.empty()) {
                add(line, column, "", "empty column name (every column needs a name)");
                continue;
            }
            const std::string lower = ascii_lower(name);
            if (const auto [it, added] = folded.emplace(lower, column); !added) {
                add(line, column, name,
                    "duplicate column name (also column " + std::to_string(it->second) + ")");
                continue;
            }
            bool required = false;
            for (std::size_t r = 0; r < std::size(required_columns); ++r) {
                if (lower == required_columns[r]) {
                    required_index_[r] = i;
                    names_.back() = lower;
                    table_.columns.emplace(lower, column);
                    required = true;
                }
            }
            if (!required) {
                dimension_index_.push_back(i);
                table_.dimension_names.push_back(name);
                table_.columns.emplace(name, column);
            }
        }
        for (std::size_t r = 0; r < std::size(required_columns); ++r)
            if (required_index_[r] == npos)
                add(line, 0, std::string(required_columns[r]), "missing required column");
        return diagnostics_.empty();
    }

    void read_rows() {
        const std::size_t expected = names_.size();
        const std::size_t data_start = scanner_.offset();
        std::size_t records = 0;
        while (scanner_.skip_blank_lines()) {
            if (++records == sample_records)
                reserve_for_the_rest(data_start);
            scanner_.next(record_);
            if (report(record_.problem)) {
                if (record_.problem.kind == RecordProblem::Kind::unclosed_quote)
                    return;
                continue;
            }
            const int line = record_.line;
            if (record_.fields.size() != expected) {
                add(line, 0, "",
                    "expected " + std::to_string(expected) + " fields, found " +
                        std::to_string(record_.fields.size()));
                continue;
            }
            ObservationRow row;
            if (read_row(row))
                table_.rows.push_back(std::move(row));
        }
    }

    // Sizes the rows once for the whole file, from the mean record length so far, instead of
    // growing them step by step (each step moves every row).
    void reserve_for_the_rest(std::size_t data_start) {
        const std::size_t done = scanner_.offset();
        const std::size_t mean = std::max<std::size_t>(1, (done - data_start) / sample_records);
        const std::size_t rest = (text_.size() - done) / mean;
        const std::size_t total = table_.rows.size() + rest + rest / 16 + 16;
        table_.rows.reserve(total);
    }

    // Fills the row from the current record; false (with diagnostics) if a field is bad.
    bool read_row(ObservationRow& row) {
        const int line = record_.line;
        bool ok = true;
        const auto field = [&](std::size_t r) { return record_.fields[required_index_[r]]; };
        const auto column = [&](std::size_t r) { return static_cast<int>(required_index_[r]) + 1; };
        for (const std::size_t r : {std::size_t{0}, std::size_t{1}, std::size_t{2}}) {
            if (field(r).empty()) {
                add(line, column(r), std::string(required_columns[r]),
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
                add(line, column(2), "period",
                    quote(field(2)) +
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
                add(line, column(3), "value",
                    quote(text) + " is not a number" +
                        (table_.separator == ';'
                             ? " (expected a number such as 1234, -12,5 or 1 234,5)"
                             : " (expected a number such as 1234, -12.5 or 1.5e3, with a decimal "
                               "point)"));
                ok = false;
                break;
            case NumberResult::out_of_range:
                add(line, column(3), "value", quote(text) + " is out of range");
                ok = false;
                break;
            }
        }
        if (!ok)
            return false;
        row.dimensions.reserve(dimension_index_.size());
        for (const std::size_t i : dimension_index_)
            row.dimensions.emplace_back(record_.fields[i]);
        return true;
    }

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    static constexpr std::size_t sample_records = 1024;

    std::string_view text_;
    Scanner scanner_;
    Record record_;
    ObservationTable table_;
    std::vector<Diagnostic> diagnostics_;
    std::vector<std::string> names_; // header names, required ones in lower case
    std::array<std::size_t, 4> required_index_{npos, npos, npos, npos};
    std::vector<std::size_t> dimension_index_;
};

} // namespace

int ObservationTable::column_of(const std::string& name) const {
    if (const auto it = columns.find(name); it != columns.end())
        return it->second;
    const std::string lower = ascii_lower(name);
    for (const auto& [column_name, column] : columns)
        if (ascii_lower(column_name) == lower)
            return column;
    return 0;
}

ObservationTable read_observation_csv_text(const std::string& text, const std::string& file_name) {
    return CsvReader(text, file_name).read();
}

ObservationTable read_observation_csv(const std::filesystem::path& path) {
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored))
        throw InputError(std::vector<Diagnostic>{
            {{path.string(), 0, 0, {}}, {}, "is a directory, not a CSV data file"}});
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in)
        throw InputError(std::vector<Diagnostic>{
            {{path.string(), 0, 0, {}}, {}, "cannot open the file (missing or unreadable)"}});
    const std::streamoff size = in.tellg();
    std::string text;
    if (size > 0) {
        text.resize(static_cast<std::size_t>(size));
        in.seekg(0);
        if (!in.read(text.data(), size))
            throw InputError(
                std::vector<Diagnostic>{{{path.string(), 0, 0, {}}, {}, "cannot read the file"}});
    }
    return read_observation_csv_text(text, path.string());
}

} // namespace jalon
