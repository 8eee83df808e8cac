#include "atomic_output.hpp"

#include <jalon/error.hpp>

#include <system_error>
#include <unistd.h>

namespace fs = std::filesystem;

namespace jalon::reports {

void write_atomically(const fs::path& output,
                      const std::function<void(const fs::path& temporary)>& write) {
    const fs::path directory = output.has_parent_path() ? output.parent_path() : fs::path(".");
    if (std::error_code error; !fs::is_directory(directory, error))
        throw RuntimeError("cannot write " + output.string() + ": no directory " +
                           directory.string());
    const fs::path temporary =
        directory / ("." + output.filename().string() + ".tmp-" + std::to_string(getpid()));
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
