#pragma once
/// @file
/// How Jalon writes every file (reports, templates, the benchmark's data): whole or not at all,
/// and never through a link planted in the output's folder.

#include <filesystem>
#include <functional>

namespace jalon::reports {

/// Writes `output` through a private temporary file renamed over it once complete.
///
/// `write` fills the path it is given. That path is in a private directory (mode 0700, an
/// unpredictable name `.NAME.tmp-PID-RANDOM`, made with mkdirat, which never follows a link)
/// beside `output`, reached through the directory's open descriptor, where the file was created
/// beforehand with `O_CREAT|O_EXCL|O_NOFOLLOW` and mode 0600: whoever can write to the output's
/// folder can neither plant a link there nor swap the directory. Once `write` returns, the file
/// gets the mode `0666 & ~umask`, is synced and renamed over `output` (a link at `output` is
/// replaced, never followed), and the directory is removed.
///
/// A private directory left by a killed writer of the same output (or a file of the earlier
/// `.NAME.tmp-PID` form) is removed first, once the process named in it is gone, if it belongs to
/// the current user and is a real directory or file: a link, or someone else's entry, is left.
///
/// @throws RuntimeError when the directory is missing, a file cannot be made or renamed, or
///         `write` throws RuntimeError (its message then names `output`, not the temporary
///         path); any exception from `write` is passed on. Nothing is left behind on failure.
void write_atomically(const std::filesystem::path& output,
                      const std::function<void(const std::filesystem::path& temporary)>& write);

} // namespace jalon::reports
