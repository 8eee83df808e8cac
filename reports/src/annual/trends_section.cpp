#include "annual/sections.hpp"
#include "xlsx/formats.hpp"

namespace jalon::reports {

Section trends_section(const ReportModel& model) {
    const Labels& l = model.labels;
    Section sheet{l.sheet_trends};
    sheet.title(l.sheet_trends);
    sheet.note(l.trends_note);
    sheet.space();

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
        sheet.subtitle(ind->code + " — " + ind->label +
                       (ind->unit.empty() ? "" : " (" + ind->unit + ")"));
        block::Table& table = sheet.table(columns, std::nullopt, false);
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
        table.rows.push_back(values);
        table.rows.push_back(references);
        if (synthetic)
            sheet.note(l.synthetic_banner);

        // A line chart beside the table: the values and the milestone or target in force.
        std::string title = ind->code + " — " + ind->label;
        if (title.size() > 70) { // cut on a character boundary, and say so
            std::size_t cut = 67;
            while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80)
                --cut;
            title = title.substr(0, cut) + "…";
        }
        block::Chart chart;
        chart.kind = block::Chart::Kind::lines;
        chart.title = title;
        chart.title_small = true;
        chart.by_rows = true;
        chart.first_column = 1;
        chart.last_column = years;
        chart.series = {{l.trend_value, 0, 0, 0x1F3864, false},
                        {l.trend_reference, 1, 0, 0xC00000, true}};
        chart.beside = true;
        chart.beside_column = years + 2;
        chart.lines_up = 1; // level with the subtitle
        chart.height = 15;
        chart.x_scale = 1.1;
        chart.gaps_for_blanks = true;
        sheet.chart(chart);
    }
    return sheet;
}

} // namespace jalon::reports
