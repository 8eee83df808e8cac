#pragma once
/// @file
/// The evaluation: every indicator of a scheme, for every territory and year up to the one asked.

#include <jalon/evaluation/indicator_result.hpp>
#include <jalon/export.hpp>
#include <jalon/model/scheme.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace jalon {

class ObservationStore;
class PluginCatalog;

/// What to evaluate.
struct EvaluationOptions {
    int year = 0;                         ///< results for the period's first year up to this one
    std::optional<std::string> territory; ///< only this territory and those below it
    /// Run each indicator's method calls in a child process: a plugin that crashes or hangs
    /// fails that indicator's results (`not_computed`, with the reason) and the run goes on.
    bool isolate_plugins = false;
    /// With isolation: how long one indicator's calls may take before the child is killed.
    std::chrono::milliseconds plugin_timeout{30000};
};

/// Computes runs; reads every series of the scheme with one grouped query.
class JALON_API Evaluator {
public:
    Evaluator(const Scheme& scheme, const PluginCatalog& catalog, ObservationStore& observations);

    /// Computes every result (docs/evaluation.md). A method that is missing, throws or returns
    /// a value that is not finite yields `not_computed` results with the reason, never a crash
    /// and never a zero; with `isolate_plugins`, so does one that crashes or hangs. `progress` is
    /// called with (indicators done, indicators in all). Throws InputError for a year outside the
    /// period or an unknown territory.
    EvaluationRun evaluate(const EvaluationOptions& options,
                           const std::function<void(std::size_t, std::size_t)>& progress = {});

private:
    const Scheme& scheme_;
    const PluginCatalog& catalog_;
    ObservationStore& observations_;
};

} // namespace jalon
