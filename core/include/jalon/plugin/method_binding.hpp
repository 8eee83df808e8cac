#pragma once
/// @file
/// Binding indicators to the methods plugins offer: checking their parameters at import, and
/// completing them with defaults before a computation.

#include <jalon/export.hpp>
#include <jalon/model/scheme_validation.hpp>
#include <jalon/plugin/catalog.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace jalon {

/// Checks every indicator of a scheme against the methods on offer: the method exists, each
/// parameter is declared and of the declared type (and one of its choices), every required
/// parameter is given. Problems point at the indicator's `method` or `params.NAME` key.
JALON_API std::vector<SchemeProblem> check_method_bindings(const Scheme& scheme,
                                                           const PluginCatalog& catalog);

/// The indicator's parameters completed with the method's defaults; a `series` parameter with
/// neither value nor default names the indicator's own code.
JALON_API std::map<std::string, ParamValue> bound_params(const Indicator& indicator,
                                                         const plugin::MethodSpec& spec);

/// The series a scheme records: those it declares and those its indicators read (through their
/// methods' series parameters, or their own code when the method is unknown).
JALON_API std::set<std::string> known_series(const Scheme& scheme, const PluginCatalog& catalog);

} // namespace jalon
