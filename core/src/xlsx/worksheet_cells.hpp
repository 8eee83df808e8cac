#pragma once
/// @file
/// A worksheet part's cells (`<sheetData>`): their places, types and values. Private to libjalon.

#include "excel_date.hpp"

#include <jalon/xlsx/workbook_reader.hpp>

#include <string>
#include <vector>

namespace jalon::xlsx {

class DateStyles;
class SharedStrings;
class ZipArchive;
struct ZipEntry;

/// What a worksheet's cells are read against.
struct WorksheetContext {
    const std::string& sheet; ///< its name, for `Sheet!A1` in messages
    const SharedStrings& shared_strings;
    const DateStyles& date_styles;
    DateSystem date_system = DateSystem::from_1900;
    std::size_t max_text_bytes = 0;
};

/// The non-empty cells of a worksheet part, sorted by row then column. Refuses a cell outside
/// the grid, given twice, with a bad reference or value, or text over the limit.
std::vector<Cell> read_worksheet_cells(ZipArchive& zip, const ZipEntry& part,
                                       const WorksheetContext& context);

} // namespace jalon::xlsx
