#pragma once
/// @file
/// Reading scheme files (YAML, format `jalon-scheme/1`, see docs/scheme-format.md).

#include <jalon/export.hpp>
#include <jalon/model/scheme.hpp>

#include <filesystem>
#include <string>

namespace jalon {

/// The format name and version a scheme file declares in its `format` key.
inline constexpr const char* scheme_file_format = "jalon-scheme/1";

/// Reads and validates a scheme file. Every problem found (YAML syntax, unknown or missing keys,
/// wrong types, broken invariants) is collected and thrown at once as an InputError whose
/// diagnostics carry the file, line, column and key.
JALON_API Scheme read_scheme_file(const std::filesystem::path& path);

/// Same as read_scheme_file, from text already in memory; `file_name` is used in diagnostics.
JALON_API Scheme read_scheme_text(const std::string& text, const std::string& file_name);

} // namespace jalon
