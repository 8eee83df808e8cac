#pragma once
/// @file
/// Reading scheme files (YAML, format `jalon-scheme/1`, see docs/scheme-format.md).

#include <jalon/export.hpp>
#include <jalon/model/scheme.hpp>
#include <jalon/model/scheme_validation.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace jalon {

/// The format name and version a scheme file declares in its `format` key.
inline constexpr const char* scheme_file_format = "jalon-scheme/1";

/// Further rules a caller checks once the scheme is sound (methods against plugins…); their
/// problems are reported at the lines of the keys they name.
using SchemeRules = std::function<std::vector<SchemeProblem>(const Scheme&)>;

/// Reads and validates a scheme file. Every problem found (YAML syntax, unknown or missing keys,
/// wrong types, broken invariants) is collected and thrown at once as an InputError whose
/// diagnostics carry the file, line, column and key.
JALON_API Scheme read_scheme_file(const std::filesystem::path& path,
                                  const SchemeRules& extra_rules = {});

/// Same as read_scheme_file, from text already in memory; `file_name` is used in diagnostics.
JALON_API Scheme read_scheme_text(const std::string& text, const std::string& file_name,
                                  const SchemeRules& extra_rules = {});

/// The format name and version of overlay files.
inline constexpr const char* overlay_file_format = "jalon-overlay/1";

/// Applies an overlay file — baselines, milestones, targets, directions and key flags for some of
/// a scheme's indicators, kept apart from the scheme's own file (illustrative values for a
/// demonstration, or revised ones) — and checks the result. With `synthetic: true` the indicators
/// it touches are marked `synthetic_targets`. Errors name the overlay's lines.
JALON_API Scheme apply_overlay_file(Scheme scheme, const std::filesystem::path& path);
JALON_API Scheme apply_overlay_text(Scheme scheme, const std::string& text,
                                    const std::string& file_name);

/// A short hash (16 hex digits) of the files' contents, in order: the scheme's content hash.
JALON_API std::string content_hash(const std::vector<std::filesystem::path>& files);

} // namespace jalon
