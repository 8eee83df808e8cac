#pragma once

#include <jalon/store/database.hpp>

#include <boost/program_options.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace jalon::cli {

namespace po = boost::program_options;

// What every command can use: the database chosen by --db / JALON_DB, opened on first use.
class CommandContext {
public:
    explicit CommandContext(DatabaseUrl url) : url_(std::move(url)) {}

    const DatabaseUrl& url() const { return url_; }
    Database& database() {
        if (!database_)
            database_.emplace(Database::open(url_));
        return *database_;
    }

private:
    DatabaseUrl url_;
    std::optional<Database> database_;
};

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

} // namespace jalon::cli
