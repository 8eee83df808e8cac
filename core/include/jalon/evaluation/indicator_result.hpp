#pragma once
/// @file
/// What an evaluation run computes: one result per indicator, territory and year.

#include <jalon/export.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jalon {

/// Where an indicator stands against its milestones and target (docs/evaluation.md).
enum class ProgressStatus {
    reached,      ///< atteint
    on_track,     ///< en bonne voie
    pending,      ///< à échéance: qualitative, not reached, not yet due
    late,         ///< en retard
    missing,      ///< non renseigné: no value
    no_target,    ///< sans cible
    not_computed, ///< non calculé: method unavailable or failed (reason in the note)
};

/// Every status, in the order reports list them.
inline constexpr ProgressStatus all_progress_statuses[] = {
    ProgressStatus::reached,     ProgressStatus::on_track, ProgressStatus::pending,
    ProgressStatus::late,        ProgressStatus::missing,  ProgressStatus::no_target,
    ProgressStatus::not_computed};

/// `atteint`, `en-bonne-voie`, `a-echeance`, `en-retard`, `non-renseigne`, `sans-cible`,
/// `non-calcule`.
JALON_API std::string_view to_code(ProgressStatus status);
JALON_API std::optional<ProgressStatus> parse_progress_status(std::string_view code);
/// The status as a committee reads it: `en bonne voie` (fr) or `on track` (en).
JALON_API std::string_view label(ProgressStatus status, std::string_view language);

/// One indicator at one territory in one year.
struct IndicatorResult {
    std::string indicator;
    std::string territory;
    int year = 0;
    std::optional<double> value;
    std::optional<double> baseline;
    std::optional<int> baseline_year;
    std::optional<double> reference; ///< milestone or target in force
    std::optional<int> reference_year;
    std::string reference_kind;       ///< `milestone` or `target`
    std::optional<double> expected;   ///< on the straight trajectory from the baseline
    std::optional<double> attainment; ///< (value − baseline) / (reference − baseline)
    ProgressStatus status = ProgressStatus::missing;
    std::string method;
    std::string note;       ///< the method's remark, or why nothing was computed (French)
    std::string note_en;    ///< the same in English
    std::string date;       ///< a dated result (milestone reached on…)
    bool synthetic = false; ///< synthetic data or targets behind it

    /// The note in `language` ("fr" or "en"); when the method gave it in one language only, in
    /// that one.
    const std::string& note_in(std::string_view language) const {
        const std::string& wanted = language == "en" ? note_en : note;
        return wanted.empty() ? (language == "en" ? note : note_en) : wanted;
    }

    bool operator==(const IndicatorResult&) const = default;
};

/// A plugin as it was when a run used it.
struct RunPlugin {
    std::string name;
    std::string version;
    std::string file;

    bool operator==(const RunPlugin&) const = default;
};

/// A stored evaluation: how it was made and every result.
struct EvaluationRun {
    long long id = 0;       ///< assigned when stored
    std::string created_at; ///< UTC, ISO 8601: when its data were read (else when it was stored)
    std::string scheme_id;
    int year = 0;
    std::optional<std::string> territory; ///< the subtree evaluated, when not the whole tree
    std::string scheme_hash;
    int scheme_revision = 0;
    std::string jalon_version;
    std::string options; ///< the options as text (`year=2027`)
    std::vector<RunPlugin> plugins;
    std::vector<IndicatorResult>
        results;            ///< indicator (scheme order), territory (tree order), year
    bool synthetic = false; ///< some result rests on synthetic data or targets
    /// The imports of yearly data its data contained: their numbers in the scheme's import log
    /// (ObservationStore::imports), ascending.
    std::vector<long long> imports;
};

} // namespace jalon
