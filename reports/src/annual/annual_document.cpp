#include "annual/report_model.hpp"
#include "annual/sections.hpp"
#include "xlsx/document_xlsx.hpp"

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

Document annual_document(const ReportModel& model) {
    const Labels& l = model.labels;
    Document document;
    DocumentInfo& info = document.info;
    info.title =
        model.scheme.title + " — " + l.annual_evaluation + " " + std::to_string(model.run.year);
    info.subject = l.annual_evaluation + " " + std::to_string(model.run.year);
    info.author = model.scheme.owner;
    info.company = model.scheme.owner;
    info.keywords = "Jalon; " + model.scheme.id;
    info.comments = l.run + " " + std::to_string(model.run.id) +
                    (model.run.synthetic ? " — " + l.synthetic_banner : "");
    info.created = model.run.created_at;
    info.footer_title = info.title;
    info.footer_page = l.footer;
    info.language = l.language;
    document.max_rows_per_sheet = model.options.max_rows_per_sheet;
    // Axis sections are named after the scheme's nodes: they must not take these names.
    document.reserved_names = {l.sheet_summary, l.sheet_territories, l.sheet_indicators,
                               l.sheet_actions, l.sheet_trends,      l.sheet_quality,
                               l.sheet_method};
    document.sections.push_back(summary_section(model));
    document.sections.push_back(indicators_section(model));
    document.sections.push_back(territories_section(model));
    document.sections.push_back(actions_section(model));
    for (Section& axis : axis_sections(model))
        document.sections.push_back(std::move(axis));
    document.sections.push_back(trends_section(model));
    document.sections.push_back(quality_section(model));
    document.sections.push_back(method_section(model));
    return document;
}

void write_annual_workbook(const AnnualWorkbookInput& input, const AnnualWorkbookOptions& options,
                           const fs::path& output) {
    if (!input.scheme || !input.run)
        throw RuntimeError("write_annual_workbook: no scheme or run");
    if (options.language != "fr" && options.language != "en")
        throw UsageError("report language must be fr or en, not '" + options.language + "'");
    const ReportModel model(input, options);
    const Document document = annual_document(model);
    write_atomically(output, [&](const fs::path& temporary) {
        write_document_xlsx(document, temporary,
                            longest_table(model) > options.constant_memory_above,
                            temporary.parent_path());
    });
}

} // namespace jalon::reports
