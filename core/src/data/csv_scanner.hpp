#pragma once
/// @file
/// The CSV machinery shared by Jalon's CSV readers (yearly data, action follow-up): splitting a
/// text into records (RFC 4180 quoting, `,` or `;`, LF or CRLF), UTF-8 and size checks, the
/// header's column names, and problems collected as FILE:LINE:COLUMN diagnostics up to a limit.
/// Private to libjalon; the rules are described in docs/data-format.md.

#include <jalon/error.hpp>

#include <cstddef>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace jalon {

/// Limits of one kind of CSV file.
struct CsvLimits {
    std::size_t max_line_bytes = 0;  ///< longest physical line, line ending excluded
    std::size_t max_field_bytes = 0; ///< longest field, quotes excluded
    std::size_t max_problems = 0;    ///< problems after which reading stops
};

/// A space or a tab.
inline bool csv_is_blank(char c) {
    return c == ' ' || c == '\t';
}

/// The text without the spaces and tabs around it.
inline std::string_view csv_trim(std::string_view text) {
    while (!text.empty() && csv_is_blank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && csv_is_blank(text.back()))
        text.remove_suffix(1);
    return text;
}

/// The text with ASCII capitals lowered (other bytes unchanged).
std::string csv_ascii_lower(std::string_view text);

// The 1-based column of a header name (exact, else ignoring ASCII case); 0 when absent.
int csv_column_of(const std::map<std::string, int>& columns, const std::string& name);

/// The text of a cell for a message: in double quotes, cut to a readable length on a character
/// boundary (with `…`).
std::string csv_quote(std::string_view text);

/// What reading a number cell gave.
enum class CsvNumber { ok, invalid, out_of_range };

/// Parses a trimmed, non-empty number cell with the grammar of every reader of numbers
/// (number_text.hpp): in `;` files, the French one (a decimal comma, thousands groups).
CsvNumber csv_parse_number(std::string_view text, char separator, double& out);

/// The first structural problem of a record; such a record is not read further.
struct CsvRecordProblem {
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
    std::size_t amount = 0; ///< byte offset (invalid UTF-8) or size (too long)
};

/// One record as split by the scanner.
struct CsvRecord {
    int line = 0; ///< 1-based line where the record starts
    /// Trimmed fields; they point into the text or the scanner's scratch buffers and live until
    /// the next record is read.
    std::vector<std::string_view> fields;
    CsvRecordProblem problem;
};

/// Splits a text into records in one pass.
class CsvScanner {
public:
    /// Scans `text` from byte `start` (3 to skip a byte-order mark); `text` must outlive the
    /// scanner.
    CsvScanner(std::string_view text, std::size_t start, std::size_t max_line_bytes,
               std::size_t max_field_bytes);

    /// Bytes read so far, from the start of the text.
    std::size_t offset() const { return static_cast<std::size_t>(p_ - begin_); }

    /// Skips blank lines (empty or only spaces, tabs and CRs); true if a record follows.
    bool skip_blank_lines();

    /// `;` if the line starting here holds a `;` outside quotes, else `,`.
    char detect_separator() const;

    void set_separator(char separator) { separator_ = separator; }

    /// Reads the record starting here (call skip_blank_lines first). A quoted field left open
    /// takes the rest of the text: the record's problem is then `unclosed_quote`.
    void next(CsvRecord& record);

private:
    static void problem(CsvRecord& record, CsvRecordProblem::Kind kind, int line, int column,
                        std::size_t amount);
    void end_line(CsvRecord& record);
    void check_utf8(CsvRecord& record, int column);
    std::string_view unquoted(int column, CsvRecord& record);
    std::string_view quoted(const char* quote_at, int column, CsvRecord& record);
    std::string& scratch(int column);

    const char* begin_;
    const char* p_;
    const char* end_;
    const char* line_start_;
    std::size_t max_line_bytes_;
    std::size_t max_field_bytes_;
    int line_ = 1;
    char separator_ = ',';
    std::deque<std::string> scratch_; // a deque: growing it keeps earlier buffers in place
};

/// Thrown by CsvInput::add when the problems exceed the limit: the reader catches it, and stops
/// reading there.
struct CsvTooManyProblems {};

/// One CSV text being read: the scanner, the current record, the header's column names and the
/// problems found. A reader calls start, read_header, then next_row until it returns false, and
/// throws the problems with fail.
class CsvInput {
public:
    /// `text` must outlive the input; `file` names it in diagnostics. A UTF-8 byte-order mark is
    /// skipped.
    CsvInput(std::string_view text, std::string file, const CsvLimits& limits);

    const std::string& file() const { return file_; }
    std::size_t text_size() const { return text_.size(); }
    /// Bytes read so far, from the start of the text.
    std::size_t offset() const { return scanner_.offset(); }

    /// Finds the header line and detects the separator from it, which it returns. Without a
    /// header line (an empty or blank text), throws an InputError: "no header line".
    char start();

    /// Reads the header line. Column names are trimmed; an empty name, or one given twice
    /// (ignoring ASCII case), is a problem at its column. Every other name is passed to
    /// `classify` as (0-based index, name as written, name in lower case), in header order, so
    /// that the problems it reports come in column order too. False if the header line has a
    /// structural problem (reported; the names were not looked at).
    bool read_header(
        const std::function<void(std::size_t, const std::string&, const std::string&)>& classify);

    /// Line of the header.
    int header_line() const { return header_line_; }

    /// Number of columns of the header.
    std::size_t column_count() const { return keys_.size(); }

    /// Sets the key under which problems of a column are reported (by default its name as
    /// written).
    void set_key(std::size_t index, std::string key) { keys_[index] = std::move(key); }

    /// Key of a 1-based column; empty if there is no such column.
    std::string key_of(int column) const;

    /// Moves to the next data record with as many fields as the header: false at the end of the
    /// text, or after a quote left open. Records with a structural problem or another number of
    /// fields are reported and passed over.
    bool next_row();

    /// The current record.
    const CsvRecord& record() const { return record_; }

    /// Records read after the header, good or bad.
    std::size_t records_read() const { return records_read_; }

    /// True if no problem was found so far.
    bool no_problems() const { return diagnostics_.empty(); }

    /// Records a problem; past the limit, throws CsvTooManyProblems.
    void add(int line, int column, std::string key, std::string message);

    /// Adds problems found apart (each sorted by line) to the others, in line order.
    void merge(std::vector<Diagnostic> found);

    /// Throws what was found as an InputError, cut at the limit with a last diagnostic saying so.
    [[noreturn]] void fail();

private:
    bool report(const CsvRecordProblem& problem);

    std::string_view text_;
    std::string file_;
    CsvLimits limits_;
    CsvScanner scanner_;
    CsvRecord record_;
    std::vector<Diagnostic> diagnostics_;
    std::vector<std::string> keys_; // header names, as set by set_key
    int header_line_ = 0;
    std::size_t records_read_ = 0;
};

/// Reads a whole file into memory. A directory ("is a directory, not a `what`"), a missing or
/// unreadable file is an InputError naming the path.
std::string read_csv_file(const std::filesystem::path& path, std::string_view what);

} // namespace jalon
