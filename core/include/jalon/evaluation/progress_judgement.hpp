#pragma once
/// @file
/// Judging a value against an indicator's baseline, milestones and target (docs/evaluation.md).

#include <jalon/evaluation/indicator_result.hpp>
#include <jalon/export.hpp>
#include <jalon/model/indicator.hpp>
#include <jalon/model/scheme.hpp>

#include <optional>
#include <string>

namespace jalon {

/// The reference in force, the trajectory and the verdict for one value.
struct ProgressJudgement {
    std::optional<double> baseline;
    std::optional<int> baseline_year;
    std::optional<double> reference;
    std::optional<int> reference_year;
    std::string reference_kind; ///< `milestone` or `target`
    std::optional<double> expected;
    std::optional<double> attainment;
    ProgressStatus status = ProgressStatus::missing;
};

/// Judges `value` for `year`. `qualitative` (a method whose results are 1 or 0) makes a target
/// given only as text count as 1, and a value not reached before the year of the checkpoint in
/// force `pending` (à échéance) rather than judged on a trajectory, unless an earlier checkpoint
/// was missed.
JALON_API ProgressJudgement judge_progress(const Indicator& indicator, bool qualitative,
                                           const std::optional<double>& value, int year,
                                           const Period& period);

} // namespace jalon
