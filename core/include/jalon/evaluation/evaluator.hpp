#pragma once
/// @file
/// The evaluation: every indicator of a scheme, for every territory and year up to the one asked.

#include <jalon/evaluation/indicator_result.hpp>
#include <jalon/export.hpp>
#include <jalon/model/scheme.hpp>

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
};

/// Computes runs; reads observations with one grouped query per series.
class JALON_API Evaluator {
public:
    Evaluator(const Scheme& scheme, const PluginCatalog& catalog, ObservationStore& observations);

    /// Computes every result (docs/evaluation.md). A method that is missing, throws or returns
    /// a value that is not finite yields `not_computed` results with the reason, never a crash
    /// and never a zero. `progress` is called with (indicators done, indicators in all).
    /// Throws InputError for a year outside the period or an unknown territory.
    EvaluationRun evaluate(const EvaluationOptions& options,
                           const std::function<void(std::size_t, std::size_t)>& progress = {});

private:
    const Scheme& scheme_;
    const PluginCatalog& catalog_;
    ObservationStore& observations_;
};

} // namespace jalon
