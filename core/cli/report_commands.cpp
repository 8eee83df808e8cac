#include "command.hpp"
#include "progress_line.hpp"

#include <jalon/error.hpp>
#include <jalon/evaluation/evaluator.hpp>
#include <jalon/reports/annual_workbook.hpp>
#include <jalon/store/observation_store.hpp>
#include <jalon/store/run_store.hpp>
#include <jalon/store/scheme_store.hpp>

#include <spdlog/spdlog.h>

#include <iostream>

namespace jalon::cli {

namespace {

int run_annual(const po::variables_map& options, CommandContext& context) {
    const std::string id = options["scheme"].as<std::string>();
    const int year = options["year"].as<int>();
    const std::string language = options["lang"].as<std::string>();
    const std::filesystem::path output = options["output"].as<std::string>();
    if (language != "fr" && language != "en")
        throw UsageError("--lang: expected fr or en");
    if (output.extension() != ".xlsx")
        throw UsageError("-o: the annual workbook is an .xlsx file, not '" + output.string() + "'");

    auto scheme = SchemeStore(context.database()).load(id);
    if (!scheme)
        throw InputError("no scheme '" + id + "' in " + context.url().display() +
                         " (see jalon scheme list)");
    RunStore runs(context.database());
    std::optional<EvaluationRun> run;
    if (options.count("run")) {
        const long long wanted = options["run"].as<long long>();
        run = runs.load(wanted);
        if (!run || run->scheme_id != id || run->year != year)
            throw InputError("no run " + std::to_string(wanted) + " of scheme '" + id + "' for " +
                             std::to_string(year) + " (see jalon runs list)");
    } else if (const auto latest = runs.latest(id, year)) {
        run = runs.load(*latest);
    } else {
        spdlog::info("no run of {} for {}: evaluating first", id, year);
        ObservationStore observations(context.database());
        EvaluationOptions evaluation;
        evaluation.year = year;
        run = Evaluator(*scheme, context.plugins(), observations).evaluate(evaluation);
        const auto summary = SchemeStore(context.database()).summary(id);
        run->scheme_hash = summary->content_hash;
        run->scheme_revision = summary->revision;
        runs.save(*run);
    }
    std::optional<EvaluationRun> previous;
    if (const auto before = runs.latest(id, year, run->id))
        previous = runs.load(*before);

    reports::AnnualWorkbookInput input;
    input.scheme = &*scheme;
    input.run = &*run;
    input.previous_run = previous ? &*previous : nullptr;
    input.sources = ObservationStore(context.database()).sources(id);
    input.database = context.url().display();
    reports::AnnualWorkbookOptions settings;
    settings.language = language;
    ProgressLine progress(context.quiet());
    progress.show("writing " + output.string());
    reports::write_annual_workbook(input, settings, output);
    progress.clear();
    std::cout << "wrote " << output.string() << " (" << id << ", " << year << ", run " << run->id
              << ", " << language << ")\n";
    return 0;
}

} // namespace

std::vector<Command> report_commands() {
    Command annual;
    annual.words = {"report", "annual"};
    annual.summary = "write the annual evaluation workbook (Excel) of a run";
    annual.declare = [](po::options_description& o, po::positional_options_description&) {
        o.add_options()("scheme", po::value<std::string>()->required(),
                        "scheme id")("year", po::value<int>()->required(), "year evaluated")(
            "run", po::value<long long>(),
            "run to report (default: the latest for that scheme and year; evaluated if none)")(
            "lang", po::value<std::string>()->default_value("fr"), "fr or en")(
            "output,o", po::value<std::string>()->required(), "the .xlsx file to write");
    };
    annual.run = run_annual;
    return {annual};
}

} // namespace jalon::cli
