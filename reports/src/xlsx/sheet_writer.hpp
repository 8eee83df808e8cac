#pragma once
// Writes one sheet top to bottom (so that it also works in constant-memory mode): a title block,
// then tables of typed cells. A table longer than the sheet allows continues on a numbered sheet.

#include "document/document.hpp"
#include "xlsx/xlsx_workbook.hpp"

#include <optional>
#include <string>
#include <vector>

namespace jalon::reports {

/// Lines a wrapped text takes in a column of that width (Excel width ≈ characters at 11 pt; the
/// reports use 10 pt).
std::size_t lines_in(const std::string& text, double width);

class SheetWriter {
public:
    // `footer_title` goes into the printed footer; `max_rows` is Excel's limit unless testing.
    SheetWriter(XlsxWorkbook& workbook, std::string name, std::string footer_title,
                std::string footer_page, std::string language, long long max_rows);

    lxw_worksheet* sheet() const { return sheet_; }
    const std::string& name() const { return name_; }
    long long row() const { return row_; }

    void title(const std::string& text);
    void subtitle(const std::string& text);
    void line(const std::string& label, const Cell& value);
    // A line of text that runs over the next cells (it does not wrap).
    void note(const std::string& text);
    // A highlighted line across `columns` columns.
    void banner(const std::string& text, int columns);
    // A free row of cells from the first column.
    void cells(const std::vector<Cell>& cells);
    void skip(long long rows = 1) { row_ += rows; }

    // Starts a table: writes its header. The sheet's main table (one per sheet) gets frozen
    // panes, the autofilter and its header repeated on printed pages.
    void begin_table(const std::vector<Column>& columns, std::optional<int> status_column = {},
                     bool main = true);
    void add_row(const std::vector<Cell>& cells);
    // Ends the current table (autofilter, traffic lights on the status column).
    void end_table();
    // Print setup of every sheet this writer used.
    void finish();

    // Rows of the current table written so far on this sheet, as an A1 range of one column.
    std::string column_range(int column) const;
    long long table_first_row() const { return table_first_row_; }
    // The 0-based row of the current (or last) table's header.
    long long header_row() const { return last_header_row_; }

private:
    void write(long long row, int column, const Cell& cell);
    void continue_on_next_sheet();
    void write_header();
    // Gives the current row the height its wrapped texts (text, format name) need.
    void fit_row_height(const std::vector<std::pair<std::string, std::string>>& texts);
    void format_status_column();

    XlsxWorkbook& workbook_;
    std::string base_name_, name_, footer_title_, footer_page_, language_;
    long long max_rows_;
    lxw_worksheet* sheet_ = nullptr;
    std::vector<lxw_worksheet*> sheets_;
    long long row_ = 0;
    std::vector<Column> columns_;
    std::optional<int> status_column_;
    long long header_row_ = -1, table_first_row_ = -1, last_header_row_ = -1;
    bool main_table_ = false, sheet_has_main_ = false, widths_set_ = false;
    int continuation_ = 1;
    std::vector<std::pair<lxw_worksheet*, long long>> repeated_rows_;
};

} // namespace jalon::reports
