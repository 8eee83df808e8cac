// The `jalon` command line: global options, command dispatch, logging and exit codes.
#include "../src/utf8.hpp"
#include "command.hpp"
#include "terminal_text.hpp"

#include <jalon/error.hpp>
#include <jalon/version.hpp>

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <unistd.h>

namespace po = boost::program_options;
using namespace jalon;
using namespace jalon::cli;

namespace {

std::vector<Command> all_commands() {
    std::vector<Command> commands = init_commands();
    for (auto group : {scheme_commands(), data_commands(), status_commands(), evaluation_commands(),
                       report_commands(), plugin_commands()})
        for (auto& c : group)
            commands.push_back(std::move(c));
    return commands;
}

po::options_description global_options() {
    po::options_description o("Global options");
    o.add_options()("db", po::value<std::string>(),
                    "database: sqlite:PATH (default $JALON_DB, else sqlite:./jalon.db) or "
                    "postgresql://USER@HOST:PORT/DB")("verbose,v", "log more (debug)")(
        "quiet,q", "log errors only")(
        "wait", po::value<double>()->value_name("SECONDS"),
        "a write waits at most this long for another import or evaluation writing into the "
        "database (default: as long as it takes), then fails with exit code 1; reads never wait")(
        "plugins", po::value<std::vector<std::string>>()->composing(),
        "look for plugins in this directory first (repeatable; then $JALON_PLUGIN_PATH, then the "
        "installed directory)")("help,h", "show help");
    return o;
}

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words)
        out += (out.empty() ? "" : " ") + w;
    return out;
}

void print_command_list(std::ostream& out, const std::vector<Command>& commands,
                        const std::string& prefix) {
    out << "Usage: jalon [--db URL] [--wait SECONDS] [--plugins DIR] [-v|-q] "
        << (prefix.empty() ? "" : prefix + " ") << "COMMAND [OPTIONS] [ARGS]\n\nCommands:\n";
    for (const Command& c : commands) {
        const std::string name = joined(c.words);
        if (name.rfind(prefix, 0) != 0)
            continue;
        const std::string usage = name + (c.arguments.empty() ? "" : " " + c.arguments);
        constexpr std::size_t width = 28;
        out << "  " << usage << std::string(usage.size() < width ? width - usage.size() : 2, ' ')
            << c.summary << "\n";
    }
    out << "\n" << global_options() << "\nRun 'jalon COMMAND --help' for a command's options.\n";
}

void set_up_logging(const po::variables_map& vm) {
    auto logger =
        std::make_shared<spdlog::logger>("jalon", std::make_shared<PrintableStderrSink>());
    logger->set_pattern("jalon: %l: %v");
    spdlog::set_default_logger(logger);
    spdlog::set_level(vm.count("verbose") ? spdlog::level::debug
                      : vm.count("quiet") ? spdlog::level::err
                                          : spdlog::level::info);
}

int run(int argc, char** argv) {
    const std::vector<Command> commands = all_commands();
    std::vector<std::string> args(argv + 1, argv + argc);
    // Arguments become stored texts (comments, authors, file names): UTF-8 like every input.
    for (std::size_t a = 0; a < args.size(); ++a)
        if (const auto bad = first_invalid_utf8(args[a]))
            throw UsageError("argument " + std::to_string(a + 1) +
                             " is not valid UTF-8 (byte offset " + std::to_string(*bad) +
                             "): Jalon reads and stores text as UTF-8");

    // Global options may come before the command words; --db takes a value.
    std::vector<std::string> words, rest;
    std::size_t i = 0;
    for (; i < args.size() && !args[i].empty() && args[i][0] == '-'; ++i) {
        rest.push_back(args[i]);
        if ((args[i] == "--db" || args[i] == "--plugins" || args[i] == "--wait") &&
            i + 1 < args.size())
            rest.push_back(args[++i]);
        if (args[i] == "--version") {
            std::cout << "jalon " << JALON_VERSION_STRING << "\n";
            return 0;
        }
    }
    const Command* command = nullptr;
    for (; i < args.size() && args[i][0] != '-'; ++i) {
        words.push_back(args[i]);
        const auto found = std::find_if(commands.begin(), commands.end(),
                                        [&](const Command& c) { return c.words == words; });
        if (found != commands.end()) {
            command = &*found;
            ++i;
            break;
        }
    }
    rest.insert(rest.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());

    const bool wants_help = std::find_if(rest.begin(), rest.end(), [](const std::string& a) {
                                return a == "--help" || a == "-h";
                            }) != rest.end();
    if (!command) {
        const std::string prefix = joined(words);
        const bool known_prefix =
            std::any_of(commands.begin(), commands.end(),
                        [&](const Command& c) { return joined(c.words).rfind(prefix, 0) == 0; });
        if (words.empty() || (known_prefix && wants_help)) {
            print_command_list(std::cout, commands, known_prefix ? prefix : "");
            return words.empty() && !wants_help ? 2 : 0;
        }
        std::ostringstream usage;
        print_command_list(usage, commands, known_prefix ? prefix : "");
        throw UsageError((known_prefix ? "incomplete command '" : "unknown command '") + prefix +
                         "'\n" + usage.str());
    }

    po::options_description own(joined(command->words) + " options");
    po::positional_options_description positional;
    command->declare(own, positional);
    po::options_description all;
    all.add(own).add(global_options());
    if (wants_help) {
        std::cout << "Usage: jalon " << joined(command->words)
                  << (command->arguments.empty() ? "" : " " + command->arguments)
                  << " [OPTIONS]\n\n"
                  << command->summary << "\n\n";
        // Positional arguments are shown in the usage line, not as options.
        po::options_description visible(joined(command->words) + " options");
        for (const auto& option : own.options())
            if (positional.max_total_count() == 0 ||
                (option->long_name() != positional.name_for_position(0)))
                visible.add(option);
        if (!visible.options().empty())
            std::cout << visible << "\n";
        std::cout << global_options();
        return 0;
    }
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(rest).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(std::string(e.what()) + " (see jalon " + joined(command->words) +
                         " --help)");
    }
    set_up_logging(vm);
    std::optional<std::chrono::milliseconds> writer_wait;
    if (vm.count("wait")) {
        const double seconds = vm["wait"].as<double>();
        if (!(seconds >= 0 && seconds <= 1e6))
            throw UsageError("--wait: expected a number of seconds from 0 to 1000000");
        writer_wait = std::chrono::milliseconds(std::llround(seconds * 1000));
    }
    CommandContext context(vm.count("db") ? DatabaseUrl::parse(vm["db"].as<std::string>())
                                          : DatabaseUrl::from_environment(),
                           vm.count("plugins") ? vm["plugins"].as<std::vector<std::string>>()
                                               : std::vector<std::string>(),
                           vm.count("quiet") > 0, writer_wait);
    return command->run(vm, context);
}

int run_reporting_errors(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const InputError& e) {
        for (const Diagnostic& d : e.diagnostics())
            std::cerr << "jalon: error: " << printable(d.to_string()) << "\n";
        return static_cast<int>(ExitCode::bad_input);
    } catch (const UsageError& e) {
        std::cerr << "jalon: error: " << printable(e.what()) << "\n";
        return static_cast<int>(ExitCode::bad_input);
    } catch (const std::exception& e) {
        std::cerr << "jalon: error: " << printable(e.what()) << "\n";
        return static_cast<int>(ExitCode::runtime_failure);
    }
}

bool command_completed = false;

// Status 0 says the command completed: anything else ending the process with 0 (a library
// calling exit(0)) is turned into a runtime failure.
void refuse_early_success(int status, void*) {
    if (status != 0 || command_completed)
        return;
    std::fflush(stdout);
    std::cerr << "jalon: error: the process was ended with status 0 before the command completed\n";
    std::cerr.flush();
    ::_exit(static_cast<int>(ExitCode::runtime_failure));
}

} // namespace

int main(int argc, char** argv) {
    ::on_exit(refuse_early_success, nullptr);
    // Listings show stored texts: their control characters are escaped like those of errors.
    std::streambuf* const terminal = std::cout.rdbuf();
    PrintableOutput output(terminal);
    std::cout.rdbuf(&output);
    const int status = run_reporting_errors(argc, argv);
    std::cout.flush();
    std::cout.rdbuf(terminal);
    command_completed = true;
    return status;
}
