#include "command.hpp"
#include "progress_line.hpp"

#include <jalon/data/observation_csv.hpp>
#include <jalon/error.hpp>
#include <jalon/plugin/method_binding.hpp>
#include <jalon/store/observation_store.hpp>
#include <jalon/store/scheme_store.hpp>

#include <algorithm>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <pwd.h>
#include <set>
#include <unistd.h>

namespace jalon::cli {

namespace {

std::string user_name() {
    if (const passwd* entry = getpwuid(getuid()); entry && entry->pw_name)
        return entry->pw_name;
    if (const char* user = std::getenv("USER"))
        return user;
    return "unknown";
}

// The scheme the file is for: the one named, or the only one whose series and territories
// include all those of the file.
Scheme scheme_for(const ObservationTable& table, const po::variables_map& options,
                  CommandContext& context) {
    SchemeStore schemes(context.database());
    if (options.count("scheme")) {
        const std::string id = options["scheme"].as<std::string>();
        auto scheme = schemes.load(id);
        if (!scheme)
            throw InputError("no scheme '" + id + "' in " + context.url().display() +
                             " (see jalon scheme list)");
        return std::move(*scheme);
    }
    std::set<std::string> series, territories;
    for (const ObservationRow& row : table.rows) {
        series.insert(row.series);
        territories.insert(row.territory);
    }
    std::vector<Scheme> matches;
    for (const SchemeSummary& summary : schemes.list()) {
        auto scheme = schemes.load(summary.id);
        const std::set<std::string> known = known_series(*scheme, context.plugins());
        const bool fits =
            std::all_of(series.begin(), series.end(), [&](auto& s) { return known.count(s); }) &&
            std::all_of(territories.begin(), territories.end(),
                        [&](auto& t) { return scheme->find_territory(t) != nullptr; });
        if (fits)
            matches.push_back(std::move(*scheme));
    }
    if (matches.size() == 1)
        return std::move(matches.front());
    if (matches.empty())
        throw InputError(table.file + ": no stored scheme has all the series and territories of "
                                      "this file; name it with --scheme to see which are unknown");
    std::string ids;
    for (const Scheme& s : matches)
        ids += (ids.empty() ? "" : ", ") + s.id;
    throw InputError(table.file + ": several schemes fit this file (" + ids +
                     "); choose one with --scheme");
}

int run_import(const po::variables_map& options, CommandContext& context) {
    const std::string file = options["file"].as<std::string>();
    ProgressLine progress(context.quiet());
    progress.show("reading " + file);
    const ObservationTable table = read_observation_csv(file);
    const Scheme scheme = scheme_for(table, options, context);
    const auto problems =
        check_observations(scheme, known_series(scheme, context.plugins()), table);
    if (!problems.empty())
        throw InputError(problems);

    ObservationImportOptions settings;
    settings.source_file = file;
    settings.recorded_by = options.count("by") ? options["by"].as<std::string>() : user_name();
    settings.synthetic = options.count("synthetic") > 0;
    settings.progress = [&](std::size_t rows) {
        progress.show("importing " + file + ": " + std::to_string(rows) + " rows");
    };
    const ObservationImportResult r =
        ObservationStore(context.database()).import(scheme.id, table, settings);
    progress.clear();
    std::cout << "imported " << file << " into " << scheme.id << ": " << r.rows << " rows ("
              << r.added << " new, " << r.changed << " changed, " << r.unchanged << " unchanged, "
              << r.empty << " empty)" << (settings.synthetic ? ", labelled synthetic" : "")
              << " in " << std::fixed << std::setprecision(1) << progress.elapsed_seconds()
              << " s\n";
    return 0;
} // namespace

} // namespace

std::vector<Command> data_commands() {
    Command import_files;
    import_files.words = {"data", "import"};
    import_files.arguments = "FILE.csv";
    import_files.summary =
        "check and store yearly data (series,territory,period,value[,dimensions])";
    import_files.declare = [](po::options_description& o, po::positional_options_description& p) {
        o.add_options()("file", po::value<std::string>()->required(), "the CSV file")(
            "scheme", po::value<std::string>(),
            "the scheme the data is for (default: the only one that fits the file)")(
            "synthetic", "label the values synthetic (illustrative data for a demonstration)")(
            "by", po::value<std::string>(), "who records the data (default: the user name)");
        p.add("file", 1);
    };
    import_files.run = run_import;
    return {import_files};
}

} // namespace jalon::cli
