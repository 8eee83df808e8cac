#pragma once

#include <filesystem>
#include <functional>

namespace jalon::reports {

// Writes a report through a temporary file beside `output`, renamed to it once `write` has
// filled it: a failure (an exception from `write`, a missing directory, a failed rename) leaves
// no file behind and throws RuntimeError.
void write_atomically(const std::filesystem::path& output,
                      const std::function<void(const std::filesystem::path& temporary)>& write);

} // namespace jalon::reports
