#pragma once
/// @file
/// The evaluative framework (référentiel d'évaluation): questions under the OECD-DAC criteria.

#include <jalon/export.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jalon {

/// Pertinence, cohérence, efficacité, efficience, impact, durabilité.
enum class EvaluationCriterion { relevance, coherence, effectiveness, efficiency, impact, sustainability };

/// Every criterion, in the order reviews present them.
inline constexpr EvaluationCriterion all_evaluation_criteria[] = {
    EvaluationCriterion::relevance,     EvaluationCriterion::coherence,
    EvaluationCriterion::effectiveness, EvaluationCriterion::efficiency,
    EvaluationCriterion::impact,        EvaluationCriterion::sustainability};

/// `pertinence`, `coherence`, `efficacite`, `efficience`, `impact`, `durabilite`.
JALON_API std::string_view to_code(EvaluationCriterion criterion);
/// Reads `Efficacité`, `efficacite`… (case and accents forgiven).
JALON_API std::optional<EvaluationCriterion> parse_evaluation_criterion(std::string_view text);

/// An evaluative question, answered by indicators and/or nodes, judged against criteria in text.
struct EvaluativeQuestion {
    std::string code;
    EvaluationCriterion criterion = EvaluationCriterion::effectiveness;
    std::string question;
    std::vector<std::string> indicators;         ///< indicator codes
    std::vector<std::string> nodes;              ///< node codes
    std::vector<std::string> judgement_criteria; ///< critères de jugement

    bool operator==(const EvaluativeQuestion&) const = default;
};

} // namespace jalon
