#include "xlsx/sheet_writer.hpp"

#include "xlsx/formats.hpp"

#include <jalon/error.hpp>

#include <algorithm>
#include <cmath>

namespace jalon::reports {

SheetWriter::SheetWriter(XlsxWorkbook& workbook, std::string name, std::string footer_title,
                         std::string footer_page, std::string language, long long max_rows)
    : workbook_(workbook), base_name_(std::move(name)), footer_title_(std::move(footer_title)),
      footer_page_(std::move(footer_page)), language_(std::move(language)), max_rows_(max_rows) {
    sheet_ = workbook_.add_sheet(base_name_, &name_);
    sheets_.push_back(sheet_);
}

void SheetWriter::title(const std::string& text) {
    write_text(sheet_, row_++, 0, text, workbook_.format("title"));
    ++row_;
}

void SheetWriter::subtitle(const std::string& text) {
    write_text(sheet_, row_++, 0, text, workbook_.format("subtitle"));
}

void SheetWriter::line(const std::string& label, const Cell& value) {
    write_text(sheet_, row_, 0, label, workbook_.format("label"));
    write(row_, 1, value);
    ++row_;
}

void SheetWriter::note(const std::string& text) {
    write_text(sheet_, row_++, 0, text, workbook_.format("note"));
}

void SheetWriter::banner(const std::string& text, int columns) {
    write_text(sheet_, row_, 0, text, workbook_.format("banner"));
    for (int c = 1; c < columns; ++c) // the fill spans the table's width
        write_blank(sheet_, row_, c, workbook_.format("banner"));
    ++row_;
}

void SheetWriter::cells(const std::vector<Cell>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c)
        write(row_, static_cast<int>(c), cells[c]);
    ++row_;
}

void SheetWriter::write(long long row, int column, const Cell& cell) {
    lxw_format* format = cell.format.empty() ? nullptr : workbook_.format(cell.format);
    switch (cell.kind) {
    case Cell::Kind::blank:
        write_blank(sheet_, row, column, format);
        break;
    case Cell::Kind::missing:
        write_blank(sheet_, row, column, workbook_.format("missing"));
        break;
    case Cell::Kind::text:
        write_text(sheet_, row, column, cell.text, format);
        break;
    case Cell::Kind::number:
        write_number(sheet_, row, column, cell.number, format);
        break;
    case Cell::Kind::formula: {
        std::string formula = cell.text;
        const auto put = [&](const std::string& token, long long value) {
            const std::string number = std::to_string(value);
            for (std::size_t at = formula.find(token); at != std::string::npos;
                 at = formula.find(token, at + number.size()))
                formula.replace(at, token.size(), number);
        };
        put("{r}", row + 1);
        put("{prev}", row);
        put("{first}", table_first_row_ + 1);
        write_formula(sheet_, row, column, formula, format, cell.number);
        break;
    }
    }
}

namespace {

std::size_t characters(const std::string& text) {
    std::size_t n = 0;
    for (const char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++n;
    return n;
}

} // namespace

std::size_t lines_in(const std::string& text, double width) {
    const double per_line = std::max(1.0, width * 1.15 - 1);
    std::size_t lines = 0;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find('\n', start);
        const std::string paragraph =
            text.substr(start, end == std::string::npos ? end : end - start);
        lines += std::max<std::size_t>(
            1, static_cast<std::size_t>(std::ceil(characters(paragraph) / per_line)));
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return lines;
}

namespace {

bool wraps(const std::string& format) {
    return format == "wrap" || format == "header" || format.rfind("indent", 0) == 0;
}

} // namespace

void SheetWriter::fit_row_height(const std::vector<std::pair<std::string, std::string>>& texts) {
    std::size_t lines = 1;
    for (std::size_t c = 0; c < texts.size() && c < columns_.size(); ++c)
        if (wraps(texts[c].second))
            lines = std::max(lines, lines_in(texts[c].first, columns_[c].width));
    if (lines > 1)
        check(worksheet_set_row(sheet_, static_cast<lxw_row_t>(row_),
                                std::min(409.0, 13.0 * static_cast<double>(lines) + 2), nullptr),
              "row height in " + name_);
}

void SheetWriter::write_header() {
    std::vector<std::pair<std::string, std::string>> texts;
    for (const Column& column : columns_)
        texts.emplace_back(column.title, "header");
    fit_row_height(texts);
    header_row_ = last_header_row_ = row_;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
        write_text(sheet_, row_, static_cast<int>(c), columns_[c].title,
                   workbook_.format("header"));
    }
    ++row_;
    table_first_row_ = row_;
}

void SheetWriter::begin_table(const std::vector<Column>& columns, std::optional<int> status_column,
                              bool main) {
    columns_ = columns;
    status_column_ = status_column;
    main_table_ = main && !sheet_has_main_;
    if (!widths_set_) { // the first table sets the widths of the sheet's columns
        for (std::size_t c = 0; c < columns_.size(); ++c)
            check(worksheet_set_column(sheet_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                                       columns_[c].width, nullptr),
                  "column widths of " + name_);
        widths_set_ = true;
    }
    if (row_ + 2 > max_rows_)
        continue_on_next_sheet();
    write_header();
    if (main_table_) {
        sheet_has_main_ = true;
        worksheet_freeze_panes(sheet_, static_cast<lxw_row_t>(row_), 0);
        repeated_rows_.emplace_back(sheet_, header_row_);
    }
}

void SheetWriter::continue_on_next_sheet() {
    const bool was_main = main_table_;
    const std::optional<int> status = status_column_;
    end_table();
    status_column_ = status;
    ++continuation_;
    sheet_ = workbook_.add_sheet(base_name_ + " (" + std::to_string(continuation_) + ")", &name_);
    sheets_.push_back(sheet_);
    row_ = 0;
    for (std::size_t c = 0; c < columns_.size(); ++c)
        check(worksheet_set_column(sheet_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                                   columns_[c].width, nullptr),
              "column widths of " + name_);
    write_header();
    worksheet_freeze_panes(sheet_, static_cast<lxw_row_t>(row_), 0);
    repeated_rows_.emplace_back(sheet_, header_row_);
    main_table_ = true; // the continued table is this sheet's main one
    sheet_has_main_ = true;
    (void)was_main;
}

void SheetWriter::add_row(const std::vector<Cell>& cells) {
    if (row_ >= max_rows_)
        continue_on_next_sheet();
    std::vector<std::pair<std::string, std::string>> texts;
    for (const Cell& cell : cells)
        texts.emplace_back(cell.kind == Cell::Kind::text ? cell.text : std::string(), cell.format);
    fit_row_height(texts);
    for (std::size_t c = 0; c < cells.size(); ++c)
        write(row_, static_cast<int>(c), cells[c]);
    ++row_;
}

std::string SheetWriter::column_range(int column) const {
    return cell_ref(table_first_row_, column, true) + ":" +
           cell_ref(std::max(table_first_row_, row_ - 1), column, true);
}

void SheetWriter::format_status_column() {
    if (!status_column_ || row_ <= table_first_row_)
        return;
    const auto column = static_cast<lxw_col_t>(*status_column_);
    for (const ProgressStatus status : all_progress_statuses) {
        std::string value = "\"" + std::string(label(status, language_)) + "\"";
        lxw_conditional_format traffic_light{};
        traffic_light.type = LXW_CONDITIONAL_TYPE_CELL;
        traffic_light.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
        traffic_light.value_string = value.data();
        traffic_light.format = workbook_.format("cf:" + std::string(to_code(status)));
        check(worksheet_conditional_format_range(sheet_, static_cast<lxw_row_t>(table_first_row_),
                                                 column, static_cast<lxw_row_t>(row_ - 1), column,
                                                 &traffic_light),
              "status colours of " + name_);
    }
}

void SheetWriter::end_table() {
    if (header_row_ < 0)
        return;
    const long long last = std::max(row_ - 1, header_row_);
    if (main_table_ && !columns_.empty())
        check(worksheet_autofilter(sheet_, static_cast<lxw_row_t>(header_row_), 0,
                                   static_cast<lxw_row_t>(last),
                                   static_cast<lxw_col_t>(columns_.size() - 1)),
              "autofilter of " + name_);
    format_status_column();
    main_table_ = false;
    header_row_ = -1;
}

void SheetWriter::finish() {
    end_table();
    const std::string footer = footer_text(footer_title_, footer_page_);
    for (lxw_worksheet* sheet : sheets_) {
        worksheet_set_landscape(sheet);
        worksheet_set_paper(sheet, 9); // A4
        worksheet_fit_to_pages(sheet, 1, 0);
        check(worksheet_set_footer(sheet, footer.c_str()), "footer of " + name_);
    }
    for (const auto& [sheet, header] : repeated_rows_)
        check(worksheet_repeat_rows(sheet, static_cast<lxw_row_t>(header),
                                    static_cast<lxw_row_t>(header)),
              "repeated rows of " + name_);
}

} // namespace jalon::reports
