#include "command.hpp"

#include <cstdlib>
#include <pwd.h>
#include <unistd.h>

namespace jalon::cli {

std::string recorded_by(const po::variables_map& options) {
    if (options.count("by"))
        return options["by"].as<std::string>();
    if (const passwd* entry = getpwuid(getuid()); entry && entry->pw_name)
        return entry->pw_name;
    if (const char* user = std::getenv("USER"))
        return user;
    return "unknown";
}

} // namespace jalon::cli
