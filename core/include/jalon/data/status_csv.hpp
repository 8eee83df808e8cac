#pragma once
/// @file
/// Reading action follow-up CSV files, for `jalon status import FILE.csv` (rules in
/// docs/data-format.md, section "Action follow-up CSV").

#include <jalon/error.hpp>
#include <jalon/export.hpp>
#include <jalon/model/action_status.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace jalon {

/// One follow-up row: where an action stands in a year.
struct StatusRow {
    int line = 0;     ///< 1-based line where the record starts
    std::string node; ///< node code (an action, or an unplanned achievement)
    int year = 0;     ///< 1000 to 9999
    ActionStatus status = ActionStatus::in_progress; ///< never ActionStatus::unplanned_done
    std::string comment;                             ///< may be empty
    std::vector<std::string> narrative; ///< bullets; empty when the column is absent or empty
};

/// A whole follow-up file, as read (not yet checked against a scheme).
struct StatusTable {
    std::string file;     ///< file name as given, used in diagnostics
    std::string sheet;    ///< for a table read from a workbook: its sheet (rows' `line` are then
                          ///< the sheet's row numbers); empty for a CSV file
    char separator = ','; ///< `,` or `;`, detected from the header line
    std::map<std::string, int> columns; ///< lower-case column name → 1-based column
    std::vector<StatusRow> rows;        ///< data rows, in file order

    /// 1-based column of `node`, `year`, `status`, `comment` or `narrative`, for diagnostics; 0
    /// when the file has no such column. The name is matched exactly first, then ignoring ASCII
    /// case.
    JALON_API int column_of(const std::string& name) const;

    /// Where a named column of a row is (`FILE:LINE:COLUMN` or `FILE:Sheet!D14`), for diagnostics.
    JALON_API SourceLocation locate(int line, const std::string& column) const;
};

/// Reads a CSV file of action follow-up (columns `node`, `year`, `status`, and optionally
/// `comment` and `narrative`). The file follows the same conventions as CSV data files
/// (read_observation_csv): every problem is collected and thrown at once as an InputError whose
/// diagnostics carry FILE:LINE:COLUMN and the column name as key, up to 100 problems. A file that
/// cannot be opened is an InputError too.
JALON_API StatusTable read_status_csv(const std::filesystem::path& path);

/// Same as read_status_csv, from text already in memory; `file_name` is used in diagnostics.
JALON_API StatusTable read_status_csv_text(const std::string& text, const std::string& file_name);

} // namespace jalon
