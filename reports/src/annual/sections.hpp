#pragma once
// The annual evaluation as a document: one function per section (a sheet of the workbook), in
// the order the report shows them.

#include "annual/report_model.hpp"
#include "document/document.hpp"

#include <map>

namespace jalon::reports {

// The statuses with their meaning, as a small table under `title`.
void add_status_legend(Section& section, const ReportModel& model, const std::string& title);

// Where the scheme stands in one sentence, from the count of indicators per status at the
// scheme's territory.
std::string headline_text(std::map<ProgressStatus, std::size_t> counts, int year,
                          const Labels& labels);
Section summary_section(const ReportModel& model);
// These indicators at the scheme's territory.
void add_indicator_table(Section& section, const ReportModel& model,
                         const std::vector<const Indicator*>& indicators);
Section indicators_section(const ReportModel& model);
Section territories_section(const ReportModel& model);
void add_action_table(Section& section, const ReportModel& model,
                      const std::vector<const Node*>& actions, bool main);
Section actions_section(const ReportModel& model);
// One section per steering node (and one for what is under none, if anything is).
std::vector<Section> axis_sections(const ReportModel& model);
Section trends_section(const ReportModel& model);
Section quality_section(const ReportModel& model);
Section method_section(const ReportModel& model);

// The whole annual evaluation.
Document annual_document(const ReportModel& model);

} // namespace jalon::reports
