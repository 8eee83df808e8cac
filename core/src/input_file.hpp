#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace jalon {

// What `path` is when it exists but is neither a regular file nor a directory ("a named pipe", "a
// device", "a socket"…); nothing otherwise. Every input file is read whole, and opening a named
// pipe would wait for a writer: such paths are refused before they are opened, by their kind.
std::optional<std::string> special_file_kind(const std::filesystem::path& path);

// The message for such a path: "is a named pipe, not a regular file (…)".
std::string special_file_message(const std::string& kind);

} // namespace jalon
