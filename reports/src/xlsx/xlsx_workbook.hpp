#pragma once
// A checked wrapper over libxlsxwriter: every return code is tested and turned into an
// exception; sheet names are made valid and unique; formats are created once, by name.

#include <xlsxwriter.h>

#include <ctime>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace jalon::reports {

// Excel's limits.
inline constexpr long long excel_max_rows = 1048576;
inline constexpr std::size_t excel_max_cell_text = 32767;

// Throws RuntimeError naming what failed when `error` is not LXW_NO_ERROR.
void check(lxw_error error, const std::string& what);

// A valid, unique sheet name: at most 31 characters, none of []:*?/\, not starting or ending with
// an apostrophe; a clash gets " (2)", " (3)"… within the limit.
std::string sheet_name(const std::string& wanted, std::set<std::string>& taken);

// A printed footer: `left` (escaped, cut with "…" to fit Excel's 255 characters) and `right`.
std::string footer_text(const std::string& left, const std::string& right);
// Text for a chart title or series name, which libxlsxwriter would read as a reference when it
// begins with '='.
std::string chart_text(const std::string& text);

// The column letters of a 0-based column: 0 → A, 27 → AB.
std::string column_letters(int column);
// A cell reference such as `$K$5` (absolute) or `K5`.
std::string cell_ref(long long row, int column, bool absolute = false);
// A sheet name quoted for formulas and chart ranges: 'Synthèse'.
std::string quoted_sheet(const std::string& name);

// Text as a cell can hold it: truncated with a visible mark beyond Excel's 32 767 characters.
std::string cell_text(const std::string& text);

// "2026-11-21T20:07:08Z" as a time_t (UTC); 0 when empty or unreadable.
std::time_t utc_time(const std::string& iso);

// The creation date a workbook gets when it has none of its own: 1980-01-01T00:00:00Z, the date
// libxlsxwriter gives every zip entry. Never the clock, so that the same input gives the same
// bytes.
inline constexpr std::time_t undated_workbook = 315532800;

class XlsxWorkbook {
public:
    struct Properties {
        std::string title, subject, author, company, keywords, comments;
        std::time_t created = 0; ///< 0: undated_workbook (libxlsxwriter would take the clock)
    };

    XlsxWorkbook(const std::string& path, bool constant_memory, const std::string& tmpdir);
    ~XlsxWorkbook();
    XlsxWorkbook(const XlsxWorkbook&) = delete;
    XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;

    // Set once by the constructor (no text, undated): call again to give the workbook its own.
    void set_properties(const Properties& properties);
    // Keeps these names for sheets added later, so that no other sheet takes them first.
    void reserve_sheet_names(const std::vector<std::string>& names);
    // A new sheet under a valid, unique version of `name`; returns the name it got.
    lxw_worksheet* add_sheet(const std::string& name, std::string* actual_name = nullptr);
    lxw_chart* add_chart(uint8_t type);
    // The format registered under `name` (created on first use by `make`).
    lxw_format* format(const std::string& name);
    // Writes the file; throws on failure. Must be called once.
    void close();

private:
    lxw_workbook* workbook_ = nullptr;
    std::string path_;
    bool closed_ = false;
    std::set<std::string> sheet_names_, reserved_;
    std::map<std::string, lxw_format*> formats_;
    Properties properties_;
};

// Cell writes that check their result.
void write_text(lxw_worksheet* sheet, long long row, int column, const std::string& text,
                lxw_format* format);
void write_number(lxw_worksheet* sheet, long long row, int column, double value,
                  lxw_format* format);
void write_blank(lxw_worksheet* sheet, long long row, int column, lxw_format* format);
void write_formula(lxw_worksheet* sheet, long long row, int column, const std::string& formula,
                   lxw_format* format, double cached);

} // namespace jalon::reports
