#pragma once
/// @file
/// Reading yearly-data CSV files (rules in docs/data-format.md, section "CSV data files").

#include <jalon/data/observation_period.hpp>
#include <jalon/error.hpp>
#include <jalon/export.hpp>

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jalon {

/// Longest physical line accepted in a CSV data file, in bytes (line ending excluded).
inline constexpr std::size_t observation_csv_max_line_bytes = 1024 * 1024;

/// Longest field accepted in a CSV data file, in bytes (quotes excluded).
inline constexpr std::size_t observation_csv_max_field_bytes = 64 * 1024;

/// Number of problems after which reading stops; one more diagnostic then says so.
inline constexpr std::size_t observation_csv_max_problems = 100;

/// One data row of a CSV file, as read (not yet checked against a scheme).
struct ObservationRow {
    int line = 0; ///< 1-based line where the record starts
    std::string series;
    std::string territory;
    ObservationPeriod period;
    std::optional<double> value;         ///< empty cell: no value (never zero)
    std::vector<std::string> dimensions; ///< values of the extra columns, in
                                         ///< ObservationTable::dimension_names order
    std::string comment; ///< the contributor's comment (optional `comment` column), trimmed
};

/// A whole file: the extra column names and the rows.
struct ObservationTable {
    std::string file;     ///< file name as given, used in diagnostics
    std::string sheet;    ///< for a table read from a workbook: its sheet (rows' `line` are then
                          ///< the sheet's row numbers); empty for a CSV file
    char separator = ','; ///< `,` or `;`, detected from the header line
    std::vector<std::string> dimension_names; ///< extra columns (sexe, tranche_age…), header order
    std::vector<ObservationRow> rows;         ///< data rows, in file order

    /// 1-based column of a named column (`series`, `territory`, `period`, `value` or a dimension),
    /// for diagnostics; 0 when there is no such column. The name is matched exactly first, then
    /// ignoring ASCII case.
    JALON_API int column_of(const std::string& name) const;

    /// Where a named column of a row is (`FILE:LINE:COLUMN` or `FILE:Sheet!D14`), for diagnostics.
    JALON_API SourceLocation locate(int line, const std::string& column) const;

    /// Column name → 1-based column. The required columns are under their lower-case names,
    /// dimensions under their names as written in the header (trimmed).
    std::map<std::string, int> columns;
};

/// Reads a CSV file of observations. Every problem found is collected and thrown at once as an
/// InputError whose diagnostics carry FILE:LINE:COLUMN and the column name as key; reading stops
/// after observation_csv_max_problems problems, with a last diagnostic saying so. A file that
/// cannot be opened is an InputError too.
JALON_API ObservationTable read_observation_csv(const std::filesystem::path& path);

/// Same as read_observation_csv, from text already in memory; `file_name` is used in diagnostics.
JALON_API ObservationTable read_observation_csv_text(const std::string& text,
                                                     const std::string& file_name);

} // namespace jalon
