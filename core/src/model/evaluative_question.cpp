#include "code_table.hpp"

#include <jalon/model/evaluative_question.hpp>

namespace jalon {

namespace {
constexpr CodeTable<EvaluationCriterion, 6> codes{{
    {EvaluationCriterion::relevance, "pertinence"},
    {EvaluationCriterion::coherence, "coherence"},
    {EvaluationCriterion::effectiveness, "efficacite"},
    {EvaluationCriterion::efficiency, "efficience"},
    {EvaluationCriterion::impact, "impact"},
    {EvaluationCriterion::sustainability, "durabilite"},
}};
} // namespace

std::string_view to_code(EvaluationCriterion criterion) {
    return code_in(codes, criterion);
}

std::optional<EvaluationCriterion> parse_evaluation_criterion(std::string_view text) {
    return value_in(codes, text);
}

} // namespace jalon
