#include "command.hpp"

#include <jalon/store/observation_store.hpp>
#include <jalon/store/run_store.hpp>

#include <cstdlib>
#include <pwd.h>
#include <unistd.h>

namespace jalon::cli {

EvaluatedScheme evaluate_and_store(CommandContext& context, const std::string& scheme_id,
                                   const EvaluationOptions& options,
                                   const std::function<void(std::size_t, std::size_t)>& progress) {
    const PluginCatalog& catalog = context.plugins();
    std::optional<ReadSnapshot> snapshot(std::in_place, context.database());
    Scheme scheme = context.scheme(scheme_id);
    context.refuse_retired(scheme_id, "evaluate");
    ObservationStore observations(context.database());
    EvaluationRun run = Evaluator(scheme, catalog, observations).evaluate(options, progress);
    run.created_at = snapshot->taken_at();
    const auto summary = SchemeStore(context.database()).summary(scheme_id);
    run.scheme_hash = summary->content_hash;
    run.scheme_revision = summary->revision;
    snapshot.reset();
    RunStore(context.database()).save(run);
    return {std::move(scheme), std::move(run)};
}

std::string recorded_by(const po::variables_map& options) {
    if (options.count("by"))
        return options["by"].as<std::string>();
    if (const passwd* entry = getpwuid(getuid()); entry && entry->pw_name)
        return entry->pw_name;
    if (const char* user = std::getenv("USER"))
        return user;
    return "unknown";
}

Scheme scheme_for_file(CommandContext& context, const po::variables_map& options,
                       const std::string& file, const std::string& holds,
                       const std::function<bool(const Scheme&)>& fits) {
    if (options.count("scheme"))
        return context.scheme(options["scheme"].as<std::string>());
    SchemeStore store(context.database());
    std::vector<Scheme> matches, retired; // a retired scheme only when no active one fits
    for (const SchemeSummary& summary : store.list())
        if (auto scheme = store.load(summary.id); scheme && fits(*scheme))
            (summary.retired_at.empty() ? matches : retired).push_back(std::move(*scheme));
    if (matches.empty())
        matches = std::move(retired);
    if (matches.size() == 1)
        return std::move(matches.front());
    if (matches.empty())
        throw InputError(file + ": no stored scheme has all the " + holds +
                         " of this file; name it with --scheme to see which are unknown");
    std::string ids;
    for (const Scheme& s : matches)
        ids += (ids.empty() ? "" : ", ") + s.id;
    throw InputError(file + ": several schemes fit this file (" + ids +
                     "); choose one with --scheme");
}

} // namespace jalon::cli
