#include "xlsx/document_xlsx.hpp"

#include "xlsx/sheet_writer.hpp"
#include "xlsx/xlsx_workbook.hpp"

#include <jalon/error.hpp>

#include <algorithm>

namespace jalon::reports {

namespace {

// Where the last table of a sheet went, for the chart drawn from it.
struct TablePlace {
    std::string sheet;
    long long header = -1, first = -1;
};

class SectionWriter {
public:
    SectionWriter(XlsxWorkbook& workbook, const Document& document, const Section& section)
        : workbook_(workbook),
          sheet_(workbook, section.name, document.info.footer_title, document.info.footer_page,
                 document.info.language, document.max_rows_per_sheet) {}

    void write(const Section& section) {
        for (const Block& b : section.blocks)
            std::visit([&](const auto& item) { put(item); }, b);
        sheet_.finish();
        if (section.first)
            worksheet_activate(sheet_.sheet());
    }

private:
    void put(const block::Title& b) { sheet_.title(b.text); }
    void put(const block::Subtitle& b) { sheet_.subtitle(b.text); }
    void put(const block::Field& b) { sheet_.line(b.label, b.value); }
    void put(const block::Note& b) { sheet_.note(b.text); }
    void put(const block::Banner& b) { sheet_.banner(b.text, b.columns); }
    void put(const block::Space& b) { sheet_.skip(b.lines); }
    void put(const block::Cells& b) { sheet_.cells(b.cells); }
    void put(const block::Table& b) {
        sheet_.begin_table(b.columns, b.status_column, b.main);
        table_ = {sheet_.name(), sheet_.header_row(), sheet_.table_first_row()};
        for (const auto& row : b.rows)
            sheet_.add_row(row);
        sheet_.end_table();
    }
    void put(const block::Chart& b) {
        lxw_chart* chart = workbook_.add_chart(
            b.kind == block::Chart::Kind::lines ? LXW_CHART_LINE : LXW_CHART_BAR_STACKED);
        chart_title_set_name(chart, chart_text(b.title).c_str());
        if (b.title_small) {
            lxw_chart_font font{};
            font.size = 10;
            font.bold = LXW_TRUE;
            chart_title_set_name_font(chart, &font);
        }
        const std::string at = "=" + quoted_sheet(table_.sheet) + "!";
        const std::string categories =
            b.by_rows ? at + cell_ref(table_.header, b.first_column, true) + ":" +
                            cell_ref(table_.header, b.last_column, true)
                      : at + cell_ref(table_.first, b.category_index, true) + ":" +
                            cell_ref(table_.first + b.rows - 1, b.category_index, true);
        for (const block::ChartSeries& s : b.series) {
            const std::string values =
                b.by_rows ? at + cell_ref(table_.first + s.index, b.first_column, true) + ":" +
                                cell_ref(table_.first + s.index, b.last_column, true)
                          : at + cell_ref(table_.first, s.index, true) + ":" +
                                cell_ref(table_.first + b.rows - 1, s.index, true);
            lxw_chart_series* series = chart_add_series(chart, categories.c_str(), values.c_str());
            if (!series)
                throw RuntimeError("cannot write the workbook: chart series");
            chart_series_set_name(series, chart_text(s.name).c_str());
            lxw_chart_line line{};
            line.color = s.line;
            if (b.kind == block::Chart::Kind::lines) {
                line.width = 2;
                line.dash_type = s.dashed ? LXW_CHART_LINE_DASH_DASH : LXW_CHART_LINE_DASH_SOLID;
                chart_series_set_line(series, &line);
                chart_series_set_marker_type(series, LXW_CHART_MARKER_CIRCLE);
            } else {
                lxw_chart_fill fill{};
                fill.color = s.fill;
                chart_series_set_fill(series, &fill);
                line.width = 0.5;
                chart_series_set_line(series, &line);
            }
        }
        if (b.reverse_categories)
            chart_axis_set_reverse(chart->y_axis);
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
        if (b.kind == block::Chart::Kind::stacked_bars)
            chart_set_series_gap(chart, 60);
        if (b.gaps_for_blanks)
            chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
        lxw_chart_options place{};
        place.x_scale = b.x_scale;
        place.y_scale = b.y_scale;
        const long long row = b.beside ? table_.header - b.lines_up : sheet_.row();
        const int column = b.beside ? b.beside_column : 1;
        check(worksheet_insert_chart_opt(sheet_.sheet(), static_cast<lxw_row_t>(row),
                                         static_cast<lxw_col_t>(column), chart, &place),
              "chart of " + sheet_.name());
        sheet_.skip(b.beside ? std::max<long long>(1, row + b.height - sheet_.row()) : b.height);
    }

    XlsxWorkbook& workbook_;
    SheetWriter sheet_;
    TablePlace table_;
};

} // namespace

void write_document_xlsx(const Document& document, const std::filesystem::path& path,
                         bool constant_memory, const std::filesystem::path& tmpdir) {
    XlsxWorkbook workbook(path.string(), constant_memory, tmpdir.string());
    XlsxWorkbook::Properties properties;
    properties.title = document.info.title;
    properties.subject = document.info.subject;
    properties.author = document.info.author;
    properties.company = document.info.company;
    properties.keywords = document.info.keywords;
    properties.comments = document.info.comments;
    properties.created = utc_time(document.info.created);
    workbook.set_properties(properties);
    workbook.reserve_sheet_names(document.reserved_names);
    for (const Section& section : document.sections)
        SectionWriter(workbook, document, section).write(section);
    workbook.close();
}

} // namespace jalon::reports
