#include "report_model.hpp"
#include "sheets.hpp"
#include "xlsx_workbook.hpp"

#include <jalon/error.hpp>
#include <jalon/reports/annual_workbook.hpp>
#include <jalon/reports/atomic_output.hpp>

#include <ctime>
#include <system_error>
#include <unistd.h>

namespace fs = std::filesystem;

namespace jalon::reports {

namespace {

// The longest table the workbook will hold, to decide on streaming rows.
long long longest_table(const ReportModel& model) {
    const long long territories = static_cast<long long>(model.territories().size());
    const long long indicators = static_cast<long long>(model.scheme.indicators.size());
    const long long years = static_cast<long long>(model.years.size());
    return indicators * territories * (model.previous ? years + 2 : 2) +
           static_cast<long long>(model.scheme.nodes.size());
}

} // namespace

void write_annual_workbook(const AnnualWorkbookInput& input, const AnnualWorkbookOptions& options,
                           const fs::path& output) {
    if (!input.scheme || !input.run)
        throw RuntimeError("write_annual_workbook: no scheme or run");
    if (options.language != "fr" && options.language != "en")
        throw UsageError("report language must be fr or en, not '" + options.language + "'");
    const ReportModel model(input, options);
    write_atomically(output, [&](const fs::path& temporary) {
        XlsxWorkbook workbook(temporary.string(),
                              longest_table(model) > options.constant_memory_above,
                              temporary.parent_path().string());
        XlsxWorkbook::Properties properties;
        properties.title = model.scheme.title + " — " + model.labels.annual_evaluation + " " +
                           std::to_string(model.run.year);
        properties.subject = model.labels.annual_evaluation + " " + std::to_string(model.run.year);
        properties.author = model.scheme.owner;
        properties.company = model.scheme.owner;
        properties.keywords = "Jalon; " + model.scheme.id;
        properties.comments = model.labels.run + " " + std::to_string(model.run.id) +
                              (model.run.synthetic ? " — " + model.labels.synthetic_banner : "");
        properties.created = utc_time(model.run.created_at);
        workbook.set_properties(properties);

        // Axis sheets are named after the scheme's nodes: they must not take these names.
        const Labels& l = model.labels;
        workbook.reserve_sheet_names({l.sheet_summary, l.sheet_indicators, l.sheet_territories,
                                      l.sheet_actions, l.sheet_trends, l.sheet_quality,
                                      l.sheet_method});
        write_summary_sheet(workbook, model);
        write_indicators_sheet(workbook, model);
        write_territories_sheet(workbook, model);
        write_actions_sheet(workbook, model);
        write_axis_sheets(workbook, model);
        write_trends_sheet(workbook, model);
        write_quality_sheet(workbook, model);
        write_method_sheet(workbook, model);
        workbook.close();
    });
}

} // namespace jalon::reports
