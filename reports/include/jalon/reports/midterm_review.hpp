#pragma once
/// @file
/// The mid-term review report (bilan à mi-parcours): what was planned, what was done, what was
/// not started, what was done that was not planned, and the evaluative questions.

#include <jalon/evaluation/indicator_result.hpp>
#include <jalon/model/action_follow_up.hpp>
#include <jalon/model/scheme.hpp>
#include <jalon/store/observation_store.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace jalon::reports {

/// What the review is made of.
struct MidtermReviewInput {
    const Scheme* scheme = nullptr;
    int year = 0;                          ///< the review's year
    const EvaluationRun* run = nullptr;    ///< the indicators' run for that year
    std::vector<ActionFollowUp> follow_ups; ///< every node's latest follow-up up to the year
    std::vector<ObservationSource> sources; ///< where the indicators' data came from
    std::string database;                   ///< as shown to the user
};

struct MidtermReviewOptions {
    std::string language = "fr"; ///< `fr` or `en`
    /// The level the summary groups by; empty: the scheme's steering level (and without one, the
    /// top-level nodes). Must be one of the scheme's levels.
    std::string steering_level;
};

/// Writes the review as an Excel workbook (`.xlsx`) or one self-contained, printable HTML page
/// (`.html`), chosen by the file's extension; through a temporary file renamed at the end.
/// Throws UsageError for another extension, RuntimeError when writing fails.
void write_midterm_review(const MidtermReviewInput& input, const MidtermReviewOptions& options,
                          const std::filesystem::path& output);

} // namespace jalon::reports
