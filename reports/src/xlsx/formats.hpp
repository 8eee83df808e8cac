#pragma once
// The workbook's formats, by name: one place for the look of every report.

#include <jalon/evaluation/indicator_result.hpp>

#include <xlsxwriter.h>

#include <string>

namespace jalon::reports {

// Fills `format` for its name. Names: title, subtitle, label, note, banner, header, text, wrap,
// bold, indent1..indent4, missing, total; `num:<Excel number format>` and `numbold:<…>` for
// numbers; `status:<status code>` for status cells and their conditional formats.
void define_format(const std::string& name, lxw_format* format);

// The Excel number format for values of a unit: thousands, decimals when needed, `%`, `€`.
std::string number_format(const std::string& unit, bool integer);

// Fill and font colours of a status (traffic lights), shared by cells and charts.
struct StatusColors {
    lxw_color_t fill;
    lxw_color_t font;
};
StatusColors status_colors(ProgressStatus status);

} // namespace jalon::reports
