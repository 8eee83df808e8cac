#pragma once
/// @file
/// Writing a scheme as a scheme file (YAML, format `jalon-scheme/1`, see docs/scheme-format.md).

#include <jalon/export.hpp>
#include <jalon/model/scheme.hpp>

#include <map>
#include <string>

namespace jalon {

/// A scheme as the text of a scheme file that read_scheme_text() reads back into the same scheme.
///
/// Deterministic: the same scheme always gives the same bytes. Keys come in the order of the
/// format's documentation, nodes nest as a tree with their indicators, and only what differs from
/// the format's defaults is written (a `direction` of `up`, a `false` flag, an empty list are left
/// out). Texts are quoted when YAML would read them otherwise (a number, `null`, a leading `-`…),
/// and codes that begin with a digit always are, as the documentation writes them.
///
/// The format has no place for where values came from: baselines, milestones and targets set by
/// overlays are written as the scheme's own, and the list of applied overlays is not written.
JALON_API std::string write_scheme_yaml(const Scheme& scheme);

/// An indicator's method parameters as YAML lines, one `name: value` a line, lists in flow style
/// (`kinds: [QPV, commune]`), texts quoted when they would read as a number or a boolean: the
/// parameters column of the authoring workbook. Empty for no parameter.
JALON_API std::string write_params_text(const std::map<std::string, ParamValue>& params);

} // namespace jalon
