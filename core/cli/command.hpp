#pragma once

#include <jalon/error.hpp>
#include <jalon/evaluation/evaluator.hpp>
#include <jalon/plugin/catalog.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/scheme_store.hpp>

#include <boost/program_options.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace jalon::cli {

namespace po = boost::program_options;

// What every command can use: the database chosen by --db / JALON_DB (its writes waiting for
// other writers at most --wait) and the plugins found on the search path, each opened on first
// use.
class CommandContext {
public:
    CommandContext(DatabaseUrl url, std::vector<std::string> plugin_directories, bool quiet,
                   std::optional<std::chrono::milliseconds> writer_wait = std::nullopt)
        : url_(std::move(url)), plugin_directories_(std::move(plugin_directories)), quiet_(quiet),
          writer_wait_(writer_wait) {}

    const DatabaseUrl& url() const { return url_; }
    bool quiet() const { return quiet_; }
    Database& database() {
        if (!database_)
            database_.emplace(Database::open(url_, writer_wait_));
        return *database_;
    }
    std::vector<std::filesystem::path> plugin_path() const {
        return plugin_search_path(plugin_directories_);
    }
    // Refuses (InputError) to `what` ("import data into", "evaluate") a retired scheme.
    void refuse_retired(const std::string& id, const std::string& what) {
        const auto summary = SchemeStore(database()).summary(id);
        if (summary && !summary->retired_at.empty())
            throw InputError("cannot " + what + " scheme '" + id + "': it was retired on " +
                             summary->retired_at +
                             "; its data, runs and history stay readable, but it takes no new "
                             "data or evaluation (jalon scheme retire " +
                             id + " --undo makes it active again)");
    }

    // A stored scheme; InputError naming the database when there is none of that id.
    Scheme scheme(const std::string& id) {
        auto scheme = SchemeStore(database()).load(id);
        if (!scheme)
            throw InputError("no scheme '" + id + "' in " + url_.display() +
                             " (see jalon scheme list)");
        return std::move(*scheme);
    }
    const PluginCatalog& plugins() {
        if (!catalog_)
            catalog_.emplace(PluginCatalog::load(plugin_path()));
        return *catalog_;
    }

private:
    DatabaseUrl url_;
    std::vector<std::string> plugin_directories_;
    bool quiet_ = false;
    std::optional<std::chrono::milliseconds> writer_wait_;
    std::optional<Database> database_;
    std::optional<PluginCatalog> catalog_;
};

// A scheme as it was evaluated, and the run stored from it.
struct EvaluatedScheme {
    Scheme scheme;
    EvaluationRun run;
};

// Evaluates a stored scheme and stores the run. The scheme, its hash, the import log and every
// series are read in one ReadSnapshot, so that an import committing meanwhile is wholly in the
// run or not at all; the run is dated by the snapshot and lists the imports it contained.
EvaluatedScheme
evaluate_and_store(CommandContext& context, const std::string& scheme_id,
                   const EvaluationOptions& options,
                   const std::function<void(std::size_t, std::size_t)>& progress = {});

// Who records something: --by, else the user's name.
std::string recorded_by(const po::variables_map& options);

// The scheme an input file goes to: the one named by --scheme, else the only stored scheme that
// `fits`; InputError naming the file when none does (`holds` says what the file holds that no
// scheme has all of: "series and territories") or several do.
Scheme scheme_for_file(CommandContext& context, const po::variables_map& options,
                       const std::string& file, const std::string& holds,
                       const std::function<bool(const Scheme&)>& fits);

// One command of the command line: `jalon init`, `jalon scheme import`…
struct Command {
    std::vector<std::string> words; // {"scheme", "import"}
    std::string arguments;          // usage of its positional arguments: "FILE..."
    std::string summary;            // one line for the command list
    std::function<void(po::options_description&, po::positional_options_description&)> declare;
    std::function<int(const po::variables_map&, CommandContext&)> run;
};

std::vector<Command> init_commands();
std::vector<Command> scheme_commands();
std::vector<Command> plugin_commands();
std::vector<Command> data_commands();
std::vector<Command> evaluation_commands();
std::vector<Command> report_commands();
std::vector<Command> status_commands();

} // namespace jalon::cli
