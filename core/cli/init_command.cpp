#include "command.hpp"

#include <iostream>

namespace jalon::cli {

std::vector<Command> init_commands() {
    Command init;
    init.words = {"init"};
    init.summary = "create the database, or migrate it to this Jalon's schema version";
    init.declare = [](po::options_description&, po::positional_options_description&) {};
    init.run = [](const po::variables_map&, CommandContext& context) {
        Database& database = context.database();
        std::cout << "database " << database.url().display() << " is at schema version "
                  << database.schema_version() << "\n";
        return 0;
    };
    return {init};
}

} // namespace jalon::cli
