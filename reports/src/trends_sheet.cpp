#include "formats.hpp"
#include "sheets.hpp"

namespace jalon::reports {

void write_trends_sheet(XlsxWorkbook& workbook, const ReportModel& model) {
    const Labels& l = model.labels;
    SheetWriter sheet = new_sheet(workbook, model, l.sheet_trends);
    sheet.title(l.sheet_trends);
    sheet.note(l.trends_note);
    sheet.skip();

    // The key indicators, or else the first indicator of each steering node.
    std::vector<const Indicator*> chosen;
    for (const Indicator& ind : model.scheme.indicators)
        if (ind.key)
            chosen.push_back(&ind);
    if (chosen.empty())
        for (const Node* group : model.steering_nodes())
            if (const auto in_axis = model.indicators_of(group); !in_axis.empty())
                chosen.push_back(in_axis.front());

    const int years = static_cast<int>(model.years.size());
    std::vector<Column> columns{{l.indicator, 30}};
    for (const int y : model.years)
        columns.push_back({std::to_string(y), 11});
    for (const Indicator* ind : chosen) {
        const long long top = sheet.row();
        sheet.subtitle(ind->code + " — " + ind->label +
                       (ind->unit.empty() ? "" : " (" + ind->unit + ")"));
        sheet.begin_table(columns, std::nullopt, false);
        const long long values_row = sheet.row();
        const std::string number = "num:" + model.number_format(*ind);
        std::vector<Cell> values{Cell::of(l.trend_value, "bold")};
        std::vector<Cell> references{Cell::of(l.trend_reference, "bold")};
        bool synthetic = false;
        for (const int y : model.years) {
            const IndicatorResult* r = model.result(ind->code, model.root, y);
            values.push_back(r ? Cell::maybe(r->value, number) : Cell::missing());
            references.push_back(r && r->reference ? Cell::num(*r->reference, number)
                                                   : Cell::of("", "text"));
            synthetic = synthetic || (r && r->synthetic);
        }
        sheet.add_row(values);
        sheet.add_row(references);
        sheet.end_table();
        if (synthetic)
            sheet.note(l.synthetic_banner);

        // A native line chart: the values and the milestone or target in force.
        lxw_chart* chart = workbook.add_chart(LXW_CHART_LINE);
        std::string title = ind->code + " — " + ind->label;
        if (title.size() > 70) { // cut on a character boundary, and say so
            std::size_t cut = 67;
            while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80)
                --cut;
            title = title.substr(0, cut) + "…";
        }
        chart_title_set_name(chart, chart_text(title).c_str());
        lxw_chart_font title_font{};
        title_font.size = 10;
        title_font.bold = LXW_TRUE;
        chart_title_set_name_font(chart, &title_font);
        const std::string sheet_ref = "=" + quoted_sheet(sheet.name()) + "!";
        const std::string categories = sheet_ref + cell_ref(values_row - 1, 1, true) + ":" +
                                       cell_ref(values_row - 1, years, true);
        for (int series_row = 0; series_row < 2; ++series_row) {
            const long long r = values_row + series_row;
            const std::string range =
                sheet_ref + cell_ref(r, 1, true) + ":" + cell_ref(r, years, true);
            lxw_chart_series* series = chart_add_series(chart, categories.c_str(), range.c_str());
            if (!series)
                throw RuntimeError("cannot write the workbook: chart series");
            chart_series_set_name(series, series_row == 0 ? l.trend_value.c_str()
                                                          : l.trend_reference.c_str());
            lxw_chart_line line{};
            line.color = series_row == 0 ? 0x1F3864 : 0xC00000;
            line.width = 2;
            line.dash_type = series_row == 0 ? LXW_CHART_LINE_DASH_SOLID : LXW_CHART_LINE_DASH_DASH;
            chart_series_set_line(series, &line);
            chart_series_set_marker_type(series, LXW_CHART_MARKER_CIRCLE);
        }
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
        chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
        lxw_chart_options place{};
        place.x_scale = 1.1;
        place.y_scale = 1.0;
        check(worksheet_insert_chart_opt(sheet.sheet(), static_cast<lxw_row_t>(top),
                                         static_cast<lxw_col_t>(years + 2), chart, &place),
              "chart of " + sheet.name());
        sheet.skip(std::max<long long>(1, top + 15 - sheet.row()));
    }
    sheet.finish();
}

} // namespace jalon::reports
