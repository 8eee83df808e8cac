#include "csv_scanner.hpp"

#include "../input_file.hpp"
#include "../number_text.hpp"
#include "../utf8.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <system_error>
#include <utility>

namespace jalon {

std::string csv_ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string csv_quote(std::string_view text) {
    constexpr std::size_t longest = 60;
    if (text.size() <= longest)
        return '"' + std::string(text) + '"';
    std::size_t cut = longest;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return '"' + std::string(text.substr(0, cut)) + "…\"";
}

// ---- CsvScanner ------------------------------------------------------------------------------

CsvScanner::CsvScanner(std::string_view text, std::size_t start, std::size_t max_line_bytes,
                       std::size_t max_field_bytes)
    : begin_(text.data()), p_(text.data() + start), end_(text.data() + text.size()),
      line_start_(p_), max_line_bytes_(max_line_bytes), max_field_bytes_(max_field_bytes) {}

bool CsvScanner::skip_blank_lines() {
    while (p_ < end_) {
        const char* q = p_;
        while (q < end_ && (csv_is_blank(*q) || *q == '\r'))
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

char CsvScanner::detect_separator() const {
    const char* q = p_;
    bool field_start = true;
    while (q < end_ && *q != '\n') {
        if (field_start && csv_is_blank(*q)) {
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

void CsvScanner::next(CsvRecord& record) {
    record.line = line_;
    record.fields.clear();
    record.problem = {};
    for (;;) {
        const int column = static_cast<int>(record.fields.size()) + 1;
        const char* q = p_;
        while (q < end_ && csv_is_blank(*q))
            ++q;
        std::string_view value;
        if (q < end_ && *q == '"') {
            value = quoted(q, column, record);
            if (record.problem.kind == CsvRecordProblem::Kind::unclosed_quote) {
                record.fields.push_back(value);
                return;
            }
        } else {
            value = unquoted(column, record);
        }
        if (value.size() > max_field_bytes_)
            problem(record, CsvRecordProblem::Kind::field_too_long, record.line, column,
                    value.size());
        record.fields.push_back(csv_trim(value));
        if (p_ < end_ && *p_ == separator_) {
            ++p_;
            continue;
        }
        end_line(record);
        return;
    }
}

void CsvScanner::problem(CsvRecord& record, CsvRecordProblem::Kind kind, int line, int column,
                         std::size_t amount) {
    if (record.problem.kind == CsvRecordProblem::Kind::none)
        record.problem = {kind, line, column, amount};
}

// Checks the length of the physical line ending here (at a newline or the end of the text) and
// moves past the newline.
void CsvScanner::end_line(CsvRecord& record) {
    std::size_t length = static_cast<std::size_t>(p_ - line_start_);
    if (length > 0 && p_[-1] == '\r')
        --length;
    if (length > max_line_bytes_)
        problem(record, CsvRecordProblem::Kind::line_too_long, line_, 0, length);
    if (p_ < end_) {
        ++p_;
        ++line_;
        line_start_ = p_;
    }
}

void CsvScanner::check_utf8(CsvRecord& record, int column) {
    const std::size_t length = utf8_sequence(p_, end_);
    if (length == 0) {
        problem(record, CsvRecordProblem::Kind::invalid_utf8, line_, column,
                static_cast<std::size_t>(p_ - begin_));
        ++p_;
    } else {
        p_ += length;
    }
}

std::string_view CsvScanner::unquoted(int column, CsvRecord& record) {
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

// A field view points into the text, or into a scratch buffer per column when the quoted field
// holds doubled quotes.
std::string_view CsvScanner::quoted(const char* quote_at, int column, CsvRecord& record) {
    const int opened_on = line_;
    p_ = quote_at + 1;
    const char* segment = p_;
    std::string* unescaped = nullptr;
    for (;;) {
        if (p_ == end_) {
            record.problem = {CsvRecordProblem::Kind::unclosed_quote, opened_on, column, 0};
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
    while (p_ < end_ && csv_is_blank(*p_))
        ++p_;
    if (p_ < end_ && *p_ == '\r' && (p_ + 1 == end_ || p_[1] == '\n'))
        ++p_;
    if (p_ < end_ && *p_ != separator_ && *p_ != '\n') {
        problem(record, CsvRecordProblem::Kind::text_after_quote, line_, column, 0);
        unquoted(column, record);
    }
    return value;
}

std::string& CsvScanner::scratch(int column) {
    while (scratch_.size() < static_cast<std::size_t>(column))
        scratch_.emplace_back();
    return scratch_[static_cast<std::size_t>(column) - 1];
}

// ---- CsvInput --------------------------------------------------------------------------------

CsvInput::CsvInput(std::string_view text, std::string file, const CsvLimits& limits)
    : text_(text), file_(std::move(file)), limits_(limits),
      scanner_(text_, text_.starts_with("\xEF\xBB\xBF") ? 3 : 0, limits.max_line_bytes,
               limits.max_field_bytes) {}

char CsvInput::start() {
    if (!scanner_.skip_blank_lines()) {
        add(0, 0, "", "no header line (the file is empty or blank)");
        fail();
    }
    const char separator = scanner_.detect_separator();
    scanner_.set_separator(separator);
    return separator;
}

bool CsvInput::read_header(
    const std::function<void(std::size_t, const std::string&, const std::string&)>& classify) {
    scanner_.next(record_);
    header_line_ = record_.line;
    if (report(record_.problem))
        return false;

    std::map<std::string, int> folded; // lower-case name -> first column
    for (std::size_t i = 0; i < record_.fields.size(); ++i) {
        const int column = static_cast<int>(i) + 1;
        const std::string name(record_.fields[i]);
        keys_.push_back(name);
        if (name.empty()) {
            add(header_line_, column, "", "empty column name (every column needs a name)");
            continue;
        }
        const std::string lower = csv_ascii_lower(name);
        if (const auto [it, added] = folded.emplace(lower, column); !added) {
            add(header_line_, column, name,
                "duplicate column name (also column " + std::to_string(it->second) + ")");
            continue;
        }
        classify(i, name, lower);
    }
    return true;
}

std::string CsvInput::key_of(int column) const {
    const auto index = static_cast<std::size_t>(column) - 1;
    return column > 0 && index < keys_.size() ? keys_[index] : std::string();
}

bool CsvInput::next_row() {
    while (scanner_.skip_blank_lines()) {
        ++records_read_;
        scanner_.next(record_);
        if (report(record_.problem)) {
            if (record_.problem.kind == CsvRecordProblem::Kind::unclosed_quote)
                return false;
            continue;
        }
        if (record_.fields.size() != keys_.size()) {
            add(record_.line, 0, "",
                "expected " + std::to_string(keys_.size()) + " fields, found " +
                    std::to_string(record_.fields.size()));
            continue;
        }
        return true;
    }
    return false;
}

void CsvInput::add(int line, int column, std::string key, std::string message) {
    diagnostics_.push_back({{file_, line, column, {}}, std::move(key), std::move(message)});
    if (diagnostics_.size() > limits_.max_problems)
        throw CsvTooManyProblems{};
}

void CsvInput::merge(std::vector<Diagnostic> found) {
    if (found.empty())
        return;
    std::vector<Diagnostic> merged;
    merged.reserve(diagnostics_.size() + found.size());
    std::merge(
        std::make_move_iterator(diagnostics_.begin()), std::make_move_iterator(diagnostics_.end()),
        std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()),
        std::back_inserter(merged),
        [](const Diagnostic& a, const Diagnostic& b) { return a.where.line < b.where.line; });
    diagnostics_ = std::move(merged);
}

void CsvInput::fail() {
    if (diagnostics_.size() > limits_.max_problems) {
        const int line = diagnostics_[limits_.max_problems].where.line;
        diagnostics_.resize(limits_.max_problems);
        diagnostics_.push_back({{file_, line, 0, {}},
                                {},
                                "too many problems: stopped after " +
                                    std::to_string(limits_.max_problems) +
                                    ", the rest of the file was not checked"});
    }
    throw InputError(std::move(diagnostics_));
}

// Reports a structural problem; false if the record has none.
bool CsvInput::report(const CsvRecordProblem& problem) {
    using Kind = CsvRecordProblem::Kind;
    switch (problem.kind) {
    case Kind::none:
        return false;
    case Kind::invalid_utf8:
        add(problem.line, problem.column, key_of(problem.column),
            "invalid UTF-8 at byte offset " + std::to_string(problem.amount) +
                " (save the file as UTF-8)");
        break;
    case Kind::field_too_long:
        add(problem.line, problem.column, key_of(problem.column),
            "field longer than " + std::to_string(limits_.max_field_bytes / 1024) + " KiB (" +
                std::to_string(problem.amount) + " bytes)");
        break;
    case Kind::line_too_long:
        add(problem.line, 0, "",
            "line longer than " + std::to_string(limits_.max_line_bytes / (1024 * 1024)) +
                " MiB (" + std::to_string(problem.amount) + " bytes)");
        break;
    case Kind::text_after_quote:
        add(problem.line, problem.column, key_of(problem.column),
            "text after the closing quote of a quoted field");
        break;
    case Kind::unclosed_quote:
        add(problem.line, problem.column, key_of(problem.column),
            "unclosed quote: the quoted field opened on line " + std::to_string(problem.line) +
                " runs to the end of the file");
        break;
    }
    return true;
}

std::string read_csv_file(const std::filesystem::path& path, std::string_view what) {
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored))
        throw InputError(std::vector<Diagnostic>{
            {{path.string(), 0, 0, {}}, {}, "is a directory, not a " + std::string(what)}});
    if (const auto kind = special_file_kind(path))
        throw InputError(
            std::vector<Diagnostic>{{{path.string(), 0, 0, {}}, {}, special_file_message(*kind)}});
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
    return text;
}

int csv_column_of(const std::map<std::string, int>& columns, const std::string& name) {
    if (const auto it = columns.find(name); it != columns.end())
        return it->second;
    const std::string lower = csv_ascii_lower(name);
    for (const auto& [column_name, column] : columns)
        if (csv_ascii_lower(column_name) == lower)
            return column;
    return 0;
}

CsvNumber csv_parse_number(std::string_view text, char separator, double& out) {
    switch (
        parse_number_text(text, separator == ';' ? NumberStyle::french : NumberStyle::point, out)) {
    case NumberText::ok:
        return CsvNumber::ok;
    case NumberText::out_of_range:
        return CsvNumber::out_of_range;
    case NumberText::invalid:
        break;
    }
    return CsvNumber::invalid;
}

} // namespace jalon
