#include "command.hpp"
#include "progress_line.hpp"

#include <jalon/error.hpp>
#include <jalon/evaluation/evaluator.hpp>
#include <jalon/reports/annual_workbook.hpp>
#include <jalon/reports/midterm_review.hpp>
#include <jalon/store/approval_store.hpp>
#include <jalon/store/follow_up_store.hpp>
#include <jalon/store/observation_store.hpp>
#include <jalon/store/run_store.hpp>
#include <jalon/store/scheme_store.hpp>

#include <spdlog/spdlog.h>

#include <iostream>

namespace jalon::cli {

namespace {

// The run to report: the one asked, else the latest of the whole scheme for that year (a run of
// one territory is reported when asked by its id), else a new one.
EvaluationRun run_for(const po::variables_map& options, CommandContext& context,
                      const Scheme& scheme, int year) {
    RunStore runs(context.database());
    if (options.count("run")) {
        const long long wanted = options["run"].as<long long>();
        auto run = runs.load(wanted);
        if (!run || run->scheme_id != scheme.id || run->year != year)
            throw InputError("no run " + std::to_string(wanted) + " of scheme '" + scheme.id +
                             "' for " + std::to_string(year) + " (see jalon runs list)");
        return std::move(*run);
    }
    if (const auto latest = runs.latest(scheme.id, year))
        return std::move(*runs.load(*latest));
    spdlog::info("no run of {} for {}: evaluating first", scheme.id, year);
    EvaluationOptions evaluation;
    evaluation.year = year;
    return evaluate_and_store(context, scheme.id, evaluation).run;
}

std::string language_of(const po::variables_map& options) {
    const std::string language = options["lang"].as<std::string>();
    if (language != "fr" && language != "en")
        throw UsageError("--lang: expected fr or en");
    return language;
}

// The level of --by, checked against the scheme's (before anything is evaluated or written);
// empty when not given.
std::string steering_level_of(const po::variables_map& options, const Scheme& scheme) {
    if (!options.count("by"))
        return {};
    const std::string level = options["by"].as<std::string>();
    if (scheme.level_index(level))
        return level;
    std::string levels;
    for (const std::string& name : scheme.levels)
        levels += (levels.empty() ? "" : ", ") + name;
    throw UsageError("--by: '" + level + "' is not a level of scheme '" + scheme.id +
                     "' (its levels: " + levels + ")");
}

int run_annual(const po::variables_map& options, CommandContext& context) {
    const std::string id = options["scheme"].as<std::string>();
    const int year = options["year"].as<int>();
    const std::string language = language_of(options);
    const std::filesystem::path output = options["output"].as<std::string>();
    if (output.extension() != ".xlsx")
        throw UsageError("-o: the annual workbook is an .xlsx file, not '" + output.string() + "'");
    const Scheme scheme = context.scheme(id);
    const std::string steering_level = steering_level_of(options, scheme);
    const EvaluationRun run = run_for(options, context, scheme, year);
    RunStore runs(context.database());
    std::optional<EvaluationRun> previous;
    if (const auto before = runs.latest(id, year, run.id, run.territory))
        previous = runs.load(*before);

    reports::AnnualWorkbookInput input;
    input.scheme = &scheme;
    input.run = &run;
    input.previous_run = previous ? &*previous : nullptr;
    input.sources = ObservationStore(context.database()).sources(id, run.id);
    input.approvals = ApprovalStore(context.database()).approvals(id);
    input.follow_ups = FollowUpStore(context.database()).latest(id, year);
    input.database = context.url().display();
    for (const AvailableMethod* method : context.plugins().methods())
        input.methods.push_back(method->spec);
    reports::AnnualWorkbookOptions settings;
    settings.language = language;
    settings.steering_level = steering_level;
    ProgressLine progress(context.quiet());
    progress.show("writing " + output.string());
    reports::write_annual_workbook(input, settings, output);
    progress.clear();
    std::cout << "wrote " << output.string() << " (" << id << ", " << year << ", run " << run.id
              << ", " << language << ")\n";
    return 0;
}

int run_midterm(const po::variables_map& options, CommandContext& context) {
    const std::string id = options["scheme"].as<std::string>();
    const int year = options["year"].as<int>();
    const std::string language = language_of(options);
    const std::filesystem::path output = options["output"].as<std::string>();
    if (output.extension() != ".xlsx" && output.extension() != ".html")
        throw UsageError("-o: the mid-term review is an .xlsx or .html file, not '" +
                         output.string() + "'");
    const Scheme scheme = context.scheme(id);
    if (!scheme.period.contains(year))
        throw InputError("year " + std::to_string(year) + " is outside the period " +
                         std::to_string(scheme.period.start) + "-" +
                         std::to_string(scheme.period.end) + " of scheme '" + id + "'");
    const std::string steering_level = steering_level_of(options, scheme);
    const EvaluationRun run = run_for(options, context, scheme, year);
    reports::MidtermReviewInput input;
    input.scheme = &scheme;
    input.year = year;
    input.run = &run;
    input.follow_ups = FollowUpStore(context.database()).latest(id, year);
    input.sources = ObservationStore(context.database()).sources(id, run.id);
    input.database = context.url().display();
    reports::MidtermReviewOptions settings;
    settings.language = language;
    settings.steering_level = steering_level;
    reports::write_midterm_review(input, settings, output);
    std::cout << "wrote " << output.string() << " (" << id << ", " << year << ", run " << run.id
              << ", " << input.follow_ups.size() << " follow-ups, " << language << ")\n";
    return 0;
}

void declare_report(po::options_description& o, const char* output) {
    o.add_options()("scheme", po::value<std::string>()->required(),
                    "scheme id")("year", po::value<int>()->required(), "year of the report")(
        "run", po::value<long long>(),
        "run to report (default: the latest for that scheme and year; evaluated if none)")(
        "lang", po::value<std::string>()->default_value("fr"), "fr or en")(
        "by", po::value<std::string>(),
        "LEVEL: group the synthesis by this level of the scheme (default: its "
        "steering level, else its top-level nodes)")("output,o",
                                                     po::value<std::string>()->required(), output);
}

} // namespace

std::vector<Command> report_commands() {
    Command annual;
    annual.words = {"report", "annual"};
    annual.summary = "write the annual evaluation workbook (Excel) of a run";
    annual.declare = [](po::options_description& o, po::positional_options_description&) {
        declare_report(o, "the .xlsx file to write");
    };
    annual.run = run_annual;

    Command midterm;
    midterm.words = {"report", "midterm"};
    midterm.summary = "write the mid-term review (.xlsx or .html) of a scheme for a year";
    midterm.declare = [](po::options_description& o, po::positional_options_description&) {
        declare_report(o, "the .xlsx or .html file to write");
    };
    midterm.run = run_midterm;
    return {annual, midterm};
}

} // namespace jalon::cli
