#pragma once
// One function per sheet of the annual workbook, in the order the workbook shows them.

#include "report_model.hpp"
#include "sheet_writer.hpp"
#include "xlsx_workbook.hpp"

namespace jalon::reports {

// A sheet writer with the report's footer and limits.
SheetWriter new_sheet(XlsxWorkbook& workbook, const ReportModel& model, const std::string& name);

// The statuses with their meaning, as a small table under `title`.
void write_status_legend(SheetWriter& sheet, const ReportModel& model, const std::string& title);

void write_summary_sheet(XlsxWorkbook& workbook, const ReportModel& model);
// These indicators at the scheme's territory.
void write_indicator_table(SheetWriter& sheet, const ReportModel& model,
                           const std::vector<const Indicator*>& indicators);
void write_indicators_sheet(XlsxWorkbook& workbook, const ReportModel& model);
void write_territories_sheet(XlsxWorkbook& workbook, const ReportModel& model);
void write_action_table(SheetWriter& sheet, const ReportModel& model,
                        const std::vector<const Node*>& actions, bool main);
void write_actions_sheet(XlsxWorkbook& workbook, const ReportModel& model);
// One sheet per steering node (and one for what is under none, if anything is).
void write_axis_sheets(XlsxWorkbook& workbook, const ReportModel& model);
void write_trends_sheet(XlsxWorkbook& workbook, const ReportModel& model);
void write_quality_sheet(XlsxWorkbook& workbook, const ReportModel& model);
void write_method_sheet(XlsxWorkbook& workbook, const ReportModel& model);

} // namespace jalon::reports
