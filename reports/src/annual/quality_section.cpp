#include "annual/sections.hpp"
#include "xlsx/formats.hpp"

#include <cmath>
#include <set>

namespace jalon::reports {

Section quality_section(const ReportModel& model) {
    const Labels& l = model.labels;
    const int year = model.run.year;
    Section sheet{l.sheet_quality};
    sheet.title(l.sheet_quality + " — " + std::to_string(year));
    sheet.note(l.quality_intro);
    if (model.run.synthetic) {
        sheet.space();
        sheet.banner(l.synthetic_banner, 8);
    }
    sheet.space();
    block::Table& table = sheet.table({{l.check, 34},
                                       {l.code, 12},
                                       {l.indicator, 40},
                                       {l.territory, 26},
                                       {l.year, 9},
                                       {l.previous_value, 13},
                                       {l.new_value, 13},
                                       {l.detail, 50}});
    const auto name_of = [&](const std::string& code) {
        const Territory* t = model.scheme.find_territory(code);
        return t ? t->name : code;
    };
    const auto row = [&](const std::string& check, const Indicator& ind,
                         const std::string& territory, std::optional<int> y, const Cell& before,
                         const Cell& after, const std::string& detail) {
        table.rows.push_back({Cell::of(check), Cell::of(ind.code, "bold"),
                              Cell::of(ind.label, "wrap"),
                              Cell::of(territory.empty() ? "" : name_of(territory)),
                              y ? Cell::num(*y, "num:0") : Cell::of("", "text"), before, after,
                              Cell::of(detail, "wrap")});
    };
    std::size_t rows = 0;
    for (const Indicator& ind : model.scheme.indicators) {
        const std::string number = "num:" + model.number_format(ind);
        const IndicatorResult* at_root = model.result(ind.code, model.root, year);
        if (at_root && at_root->status == ProgressStatus::not_computed) {
            row(l.quality_not_computed, ind, "", {}, Cell::of("", "text"), Cell::of("", "text"),
                at_root->note_in(l.language));
            ++rows;
            continue; // its other checks would only repeat it
        }
        if (at_root && !at_root->reference) {
            row(l.quality_no_target, ind, "", {}, Cell::of("", "text"), Cell::of("", "text"), "");
            ++rows;
        }
        for (const auto& [territory, depth] : model.territories()) {
            const IndicatorResult* r = model.result(ind.code, territory->code, year);
            if (r && !r->value && r->status != ProgressStatus::not_computed) {
                row(l.quality_missing, ind, territory->code, year, Cell::of("", "text"),
                    Cell::missing(), r->note_in(l.language));
                ++rows;
            }
            const IndicatorResult* before = model.result(ind.code, territory->code, year - 1);
            if (r && r->value && before && before->value && *before->value != 0 &&
                (*r->value / *before->value > 3 || *r->value / *before->value < 1.0 / 3)) {
                row(l.quality_outlier, ind, territory->code, year,
                    Cell::num(*before->value, number), Cell::num(*r->value, number),
                    l.ratio + " " + std::to_string(std::lround(*r->value / *before->value * 100)) +
                        " %");
                ++rows;
            }
        }
        if (model.previous) {
            for (const auto& [territory, depth] : model.territories())
                for (const int y : model.years) {
                    const IndicatorResult* now = model.result(ind.code, territory->code, y);
                    const IndicatorResult* then =
                        model.previous_result(ind.code, territory->code, y);
                    if (!now || !then || now->value == then->value)
                        continue;
                    row(l.quality_changed, ind, territory->code, y,
                        Cell::maybe(then->value, number), Cell::maybe(now->value, number),
                        l.run + " " + std::to_string(model.previous->id) + " → " +
                            std::to_string(model.run.id));
                    ++rows;
                }
        }
    }
    if (rows == 0)
        sheet.note(l.quality_none);
    return sheet;
}

} // namespace jalon::reports
