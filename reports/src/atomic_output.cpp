#include "atomic_output.hpp"

#include <jalon/error.hpp>

#include <cerrno>
#include <csignal>
#include <system_error>
#include <unistd.h>

namespace fs = std::filesystem;

namespace jalon::reports {

namespace {

// A writer killed mid-way (SIGKILL, power loss) leaves its temporary file: removed by the next
// writer of the same output once the process named in it is gone.
void remove_abandoned(const fs::path& directory, const std::string& prefix) {
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(directory, error)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) != 0 || name.size() == prefix.size())
            continue;
        const std::string pid = name.substr(prefix.size());
        if (pid.find_first_not_of("0123456789") != std::string::npos || pid.size() > 9)
            continue;
        if (::kill(static_cast<pid_t>(std::stol(pid)), 0) != 0 && errno == ESRCH) {
            std::error_code ignored;
            fs::remove(entry.path(), ignored);
        }
    }
}

} // namespace

void write_atomically(const fs::path& output,
                      const std::function<void(const fs::path& temporary)>& write) {
    const fs::path directory = output.has_parent_path() ? output.parent_path() : fs::path(".");
    if (std::error_code error; !fs::is_directory(directory, error))
        throw RuntimeError("cannot write " + output.string() + ": no directory " +
                           directory.string());
    const std::string prefix = "." + output.filename().string() + ".tmp-";
    remove_abandoned(directory, prefix);
    const fs::path temporary = directory / (prefix + std::to_string(getpid()));
    try {
        write(temporary);
        std::error_code error;
        fs::rename(temporary, output, error);
        if (error)
            throw RuntimeError("cannot write " + output.string() + ": " + error.message());
    } catch (...) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw;
    }
}

} // namespace jalon::reports
