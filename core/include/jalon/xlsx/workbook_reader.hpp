#pragma once
/// @file
/// A small reader of xlsx workbooks (Office Open XML spreadsheets), for data imports: sheet names,
/// and each sheet's cell values (shared strings, inline strings, numbers, booleans, dates, errors,
/// and formulas' cached values). Styles are read only to tell dates from numbers.
///
/// Input is untrusted: the archive's entry count and the uncompressed size of what is read are
/// bounded (declared sizes are checked before inflating and actual sizes while inflating), XML
/// with a document type declaration is refused, and every problem is an InputError naming the
/// file and, for a cell, `Sheet!A1`.

#include <jalon/export.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace jalon::xlsx {

/// Bounds past which a workbook is refused rather than read.
struct ReadLimits {
    std::uint64_t max_entries = 10'000;            ///< files in the zip archive
    std::uint64_t max_part_bytes = 256ull << 20;   ///< uncompressed size of one part read
    std::uint64_t max_total_bytes = 1024ull << 20; ///< uncompressed size of all parts read
    std::size_t max_text_bytes = 32'767 * 4;       ///< one cell's text (Excel: 32 767 characters)
};

/// One cell's value.
struct CellValue {
    /// What the cell holds.
    enum class Kind {
        empty,
        number,
        text,
        boolean,
        date,
        error,
        uncalculated ///< a formula saved without its value (by a program that does not
                     ///< calculate): its result is unknown
    };

    Kind kind = Kind::empty;
    double number = 0; ///< number; boolean as 0 or 1; date as its serial number
    std::string text;  ///< text (UTF-8, `_xHHHH_` escapes decoded); error code (`#DIV/0!`);
                       ///< date as `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` when it has a time

    /// The value as text: text and error as is; number in its shortest round-trip form
    /// (`12`, `0.1`, `-3.25`); boolean as `TRUE`/`FALSE`; date as in `text`; empty and
    /// uncalculated as "".
    JALON_API std::string as_text() const;
};

/// A non-empty cell and where it is (1-based row and column).
struct Cell {
    int row = 0;
    int column = 0;
    CellValue value;
};

/// A sheet's non-empty cells, sorted by row then column.
struct Sheet {
    std::string name;
    std::vector<Cell> cells;

    /// The cell at a place, or nullptr when it is empty.
    JALON_API const CellValue* at(int row, int column) const;
    /// The highest row number holding a cell (0 for an empty sheet).
    JALON_API int last_row() const;
};

/// A sheet as listed in the workbook, in tab order.
struct SheetEntry {
    std::string name;
    bool hidden = false; ///< `hidden` or `veryHidden`
};

/// An xlsx file opened for reading. Opening reads the workbook's structure (sheet list,
/// relationships, shared strings, date styles); read_sheet() reads one sheet's cells.
///
/// One reader serves one thread at a time (read_sheet() moves the archive's read position and
/// counts the bytes read against the limits). A moved-from reader may only be destroyed or
/// assigned to.
class JALON_API WorkbookReader {
public:
    /// Opens a workbook. Throws InputError (naming `path`) when the file cannot be read, is not a
    /// zip archive (an old `.xls`, a CSV renamed), is not an xlsx workbook, is encrypted, exceeds
    /// a limit, or holds malformed XML.
    static WorkbookReader open(const std::filesystem::path& path, const ReadLimits& limits = {});

    WorkbookReader(WorkbookReader&&) noexcept;
    WorkbookReader& operator=(WorkbookReader&&) noexcept;
    ~WorkbookReader();

    /// The file as given, for diagnostics.
    const std::string& file() const noexcept;
    /// The sheets in tab order.
    const std::vector<SheetEntry>& sheets() const noexcept;
    /// Whether a sheet of that exact name exists.
    bool has_sheet(const std::string& name) const noexcept;
    /// Reads a sheet's cells. Throws InputError for an unknown sheet, a limit exceeded, malformed
    /// XML, or a bad cell (reference out of Excel's grid, shared string index out of range, text
    /// over the limit), naming the cell as `Sheet!A1` when it is known.
    Sheet read_sheet(const std::string& name) const;

private:
    struct State;
    explicit WorkbookReader(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

/// `A`, `B`, … `Z`, `AA`, … `XFD` for 1-based columns 1 to 16 384.
JALON_API std::string column_letters(int column);

/// `Sheet!D14`: the reference users see in messages (the sheet name quoted when it must be, as
/// Excel does: `'Mes données'!D14`).
JALON_API std::string cell_reference(const std::string& sheet, int row, int column);

} // namespace jalon::xlsx
