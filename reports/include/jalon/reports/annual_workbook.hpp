#pragma once
/// @file
/// The annual evaluation workbook a steering committee reads (Excel).

#include <jalon/evaluation/indicator_result.hpp>
#include <jalon/model/action_follow_up.hpp>
#include <jalon/model/scheme.hpp>
#include <jalon/plugin/indicator_method.hpp>
#include <jalon/store/approval_store.hpp>
#include <jalon/store/observation_store.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace jalon::reports {

/// What the workbook is made of: a scheme, one of its runs and what explains it.
struct AnnualWorkbookInput {
    const Scheme* scheme = nullptr;
    const EvaluationRun* run = nullptr;
    /// The scheme's previous run for the same year, to show values that changed; may be null.
    const EvaluationRun* previous_run = nullptr;
    std::vector<ObservationSource> sources; ///< where the data came from
    std::vector<DataApproval> approvals;    ///< territories whose data is approved, by year
    /// Every node's latest follow-up up to the run's year (FollowUpStore::latest): where each
    /// action stands, its comment and narrative. A node without one keeps its scheme file's status.
    std::vector<ActionFollowUp> follow_ups;
    std::string database;                   ///< the database, as shown to the user
    /// The methods on offer, for their labels in the workbook's language; a method not among
    /// them is shown by its name.
    std::vector<plugin::MethodSpec> methods;
};

/// How to write it.
struct AnnualWorkbookOptions {
    std::string language = "fr"; ///< `fr` or `en`: sheet names, headers, statuses
    /// The level the synthesis and the axis sheets group by; empty: the scheme's steering level
    /// (and without one, the top-level nodes). Must be one of the scheme's levels.
    std::string steering_level;
    long long max_rows_per_sheet = 1048576;   ///< a longer table continues on a numbered sheet
    long long constant_memory_above = 100000; ///< rows beyond which the workbook streams rows
};

/// Writes the workbook (sheets Synthèse, Indicateurs, Territoires, Actions, one per steering
/// node, Tendances, Qualité des données, Méthode) to a temporary file in the target directory,
/// renamed to `output` once complete: a failure leaves no file behind. The same input and options
/// give a byte-identical file. Throws RuntimeError when writing fails.
void write_annual_workbook(const AnnualWorkbookInput& input, const AnnualWorkbookOptions& options,
                           const std::filesystem::path& output);

} // namespace jalon::reports
