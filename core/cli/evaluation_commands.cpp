#include "command.hpp"
#include "progress_line.hpp"

#include <jalon/error.hpp>
#include <jalon/evaluation/evaluator.hpp>
#include <jalon/evaluation/node_summary.hpp>
#include <jalon/store/observation_store.hpp>
#include <jalon/store/run_store.hpp>
#include <jalon/store/scheme_store.hpp>

#include <cmath>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

namespace jalon::cli {

namespace {

std::string status_counts(const std::map<ProgressStatus, std::size_t>& counts,
                          const std::string& language) {
    std::string text;
    for (const ProgressStatus status : all_progress_statuses)
        if (const auto it = counts.find(status); it != counts.end() && it->second)
            text += (text.empty() ? "" : ", ") + std::string(label(status, language)) + " " +
                    std::to_string(it->second);
    return text.empty() ? "no result" : text;
}

std::string number(const std::optional<double>& value, int decimals = 2) {
    if (!value)
        return "-";
    std::ostringstream out;
    const double rounded = std::round(*value);
    if (std::fabs(*value - rounded) < 1e-9)
        out << static_cast<long long>(rounded);
    else
        out << std::fixed << std::setprecision(decimals) << *value;
    return out.str();
}

int run_evaluate(const po::variables_map& options, CommandContext& context) {
    const std::string id = options["scheme"].as<std::string>();
    EvaluationOptions evaluation;
    evaluation.year = options["year"].as<int>();
    if (options.count("territory"))
        evaluation.territory = options["territory"].as<std::string>();
    evaluation.isolate_plugins = options.count("isolate-plugins") > 0;
    if (options.count("plugin-timeout")) {
        const double seconds = options["plugin-timeout"].as<double>();
        if (!evaluation.isolate_plugins)
            throw UsageError("--plugin-timeout needs --isolate-plugins");
        if (!(seconds > 0 && seconds <= 86400))
            throw UsageError("--plugin-timeout must be more than 0 and at most 86400 seconds");
        evaluation.plugin_timeout =
            std::chrono::milliseconds(static_cast<long long>(std::ceil(seconds * 1000)));
    }
    ProgressLine progress(context.quiet());
    const auto [scheme, run] =
        evaluate_and_store(context, id, evaluation, [&](std::size_t done, std::size_t total) {
            progress.show("evaluating " + id + ": " + std::to_string(done) + "/" +
                          std::to_string(total) + " indicators");
        });
    progress.clear();
    // The verdicts at the territory the run is about: the one asked, else the tree's roots.
    std::map<ProgressStatus, std::size_t> counts;
    std::string where;
    for (const Territory& t : scheme.territories)
        if (evaluation.territory ? t.code == *evaluation.territory : !t.parent)
            where += (where.empty() ? "" : ", ") + t.code;
    for (const IndicatorResult& r : run.results) {
        const Territory* t = scheme.find_territory(r.territory);
        if (r.year == run.year &&
            (evaluation.territory ? r.territory == *evaluation.territory : t && !t->parent))
            ++counts[r.status];
    }
    std::cout << "run " << run.id << ": " << id << " " << run.year << ", " << run.results.size()
              << " results (" << scheme.indicators.size() << " indicators, years "
              << scheme.period.start << "-" << run.year << "); in " << run.year
              << (where.empty() ? "" : " at " + where) << ": " << status_counts(counts, "fr")
              << (run.synthetic ? " [synthetic data or targets]" : "") << " in " << std::fixed
              << std::setprecision(1) << progress.elapsed_seconds() << " s\n";
    return 0;
}

int run_list(const po::variables_map& options, CommandContext& context) {
    const auto scheme = options.count("scheme")
                            ? std::optional<std::string>(options["scheme"].as<std::string>())
                            : std::nullopt;
    const auto runs = RunStore(context.database()).list(scheme);
    if (runs.empty()) {
        std::cout << "no run (evaluate with: jalon evaluate --scheme ID --year Y)\n";
        return 0;
    }
    for (const RunSummary& r : runs)
        std::cout << std::right << std::setw(4) << r.id << "  " << r.created_at << "  "
                  << r.scheme_id << " " << r.year
                  << (r.territory ? " territory " + *r.territory : std::string()) << "  "
                  << status_counts(r.statuses, "fr") << (r.synthetic ? "  [synthetic]" : "")
                  << "\n";
    return 0;
}

int run_show(const po::variables_map& options, CommandContext& context) {
    const long long id = options["id"].as<long long>();
    const std::string language = options["lang"].as<std::string>();
    if (language != "fr" && language != "en")
        throw UsageError("--lang: expected fr or en");
    const auto run = RunStore(context.database()).load(id);
    if (!run)
        throw InputError("no run " + std::to_string(id) + " in " + context.url().display() +
                         " (see jalon runs list)");
    const Scheme scheme = context.scheme(run->scheme_id);
    const int year = options.count("year") ? options["year"].as<int>() : run->year;
    std::string territory = options.count("territory")   ? options["territory"].as<std::string>()
                            : run->territory             ? *run->territory
                            : scheme.territories.empty() ? std::string()
                                                         : scheme.territories.front().code;
    std::cout << "run " << run->id << " of " << run->scheme_id << " for " << run->year
              << "\n  created " << run->created_at << " by Jalon " << run->jalon_version
              << "\n  scheme revision " << run->scheme_revision << ", content hash "
              << run->scheme_hash << "\n  options: " << run->options << "\n  plugins:";
    for (const RunPlugin& p : run->plugins)
        std::cout << " " << p.name << " " << p.version;
    // The files of the imports its data contained, not those imported since.
    const auto sources = ObservationStore(context.database()).sources(run->scheme_id, run->id);
    if (sources.empty())
        std::cout << "\n  data: none";
    for (const ObservationSource& source : sources)
        std::cout << "\n  data: " << source.file << " (imported " << source.last_recorded << " by "
                  << source.recorded_by << ")";
    std::cout << "\n  shown: territory " << territory << ", year " << year << "\n";
    if (run->synthetic)
        std::cout << "  * marks results resting on synthetic (illustrative) data or targets\n";

    std::cout << "\nnodes (indicators by status | actions by status):\n";
    for (const NodeSummary& s : summarize_nodes(scheme, *run, territory, year)) {
        if (s.depth > 1)
            continue;
        std::string actions;
        for (const auto& [status, n] : s.actions)
            actions += (actions.empty() ? "" : ", ") + status + " " + std::to_string(n);
        std::cout << std::string(2 + 2 * s.depth, ' ') << s.node << "  "
                  << status_counts(s.indicators, language) << " | "
                  << (actions.empty() ? "no action" : actions) << "\n";
    }
    std::cout << "\nindicators:\n";
    for (const IndicatorResult& r : run->results) {
        if (r.territory != territory || r.year != year)
            continue;
        std::cout << "  " << std::left << std::setw(14) << r.indicator << std::right
                  << std::setw(12) << number(r.value) << "  ref " << std::setw(10)
                  << number(r.reference)
                  << (r.reference_year ? " (" + std::to_string(*r.reference_year) + ")" : "      ")
                  << "  " << std::setw(6)
                  << (r.attainment ? number(*r.attainment * 100, 0) + "%" : "-") << "  "
                  << label(r.status, language) << (r.synthetic ? " *" : "")
                  << (r.note_in(language).empty() ? "" : "  — " + r.note_in(language)) << "\n";
    }
    return 0;
}

} // namespace

std::vector<Command> evaluation_commands() {
    Command evaluate;
    evaluate.words = {"evaluate"};
    evaluate.summary = "compute every indicator for every territory and year, and store a run";
    evaluate.declare = [](po::options_description& o, po::positional_options_description&) {
        o.add_options()("scheme", po::value<std::string>()->required(), "scheme id")(
            "year", po::value<int>()->required(), "year to evaluate (and the years before it)")(
            "territory", po::value<std::string>(), "only this territory and those below it")(
            "isolate-plugins",
            "compute each indicator in a child process: a plugin that crashes or hangs fails "
            "that indicator only")("plugin-timeout", po::value<double>(),
                                   "with --isolate-plugins: seconds one indicator may take "
                                   "(default 30)");
    };
    evaluate.run = run_evaluate;

    Command list;
    list.words = {"runs", "list"};
    list.summary = "list the stored evaluation runs, newest first";
    list.declare = [](po::options_description& o, po::positional_options_description&) {
        o.add_options()("scheme", po::value<std::string>(), "only the runs of this scheme");
    };
    list.run = run_list;

    Command show;
    show.words = {"runs", "show"};
    show.arguments = "ID";
    show.summary = "print a run: how it was made, node summary, indicators and statuses";
    show.declare = [](po::options_description& o, po::positional_options_description& p) {
        o.add_options()("id", po::value<long long>()->required(), "run id")(
            "territory", po::value<std::string>(), "territory to show (default: the root)")(
            "year", po::value<int>(), "year to show (default: the run's year)")(
            "lang", po::value<std::string>()->default_value("fr"),
            "status words and notes: fr or en");
        p.add("id", 1);
    };
    show.run = run_show;
    return {evaluate, list, show};
}

} // namespace jalon::cli
