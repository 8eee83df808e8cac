#pragma once

#include <filesystem>
#include <functional>

namespace jalon::reports {

// Writes a file (a report, a template) so that it appears whole or not at all, and so that no one
// who can write to the output's directory can redirect the write. `write` fills the path it is
// given; that path is in a private directory (mode 0700, an unpredictable name
// `.NAME.tmp-PID-RANDOM`, made with mkdirat, which never follows a link) beside `output`, where
// the file was created beforehand with O_CREAT|O_EXCL|O_NOFOLLOW and mode 0600. Once `write`
// returns, the file gets the mode 0666 & ~umask, is synced and renamed over `output` (a link
// there is replaced, never followed), and the directory is removed. A failure (an exception from
// `write`, a missing directory, a failed rename) leaves nothing behind and throws RuntimeError.
// A private directory left by a killed writer of the same output is removed once its process is
// gone, if it is ours and a real directory.
void write_atomically(const std::filesystem::path& output,
                      const std::function<void(const std::filesystem::path& temporary)>& write);

} // namespace jalon::reports
