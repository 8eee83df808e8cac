#include <jalon/evaluation/indicator_result.hpp>

#include <array>

namespace jalon {

namespace {
struct StatusWords {
    ProgressStatus status;
    std::string_view code, fr, en;
};
constexpr std::array<StatusWords, 7> words{{
    {ProgressStatus::reached, "atteint", "atteint", "reached"},
    {ProgressStatus::on_track, "en-bonne-voie", "en bonne voie", "on track"},
    {ProgressStatus::pending, "a-echeance", "à échéance", "not yet due"},
    {ProgressStatus::late, "en-retard", "en retard", "late"},
    {ProgressStatus::missing, "non-renseigne", "non renseigné", "missing"},
    {ProgressStatus::no_target, "sans-cible", "sans cible", "no target"},
    {ProgressStatus::not_computed, "non-calcule", "non calculé", "not computed"},
}};
} // namespace

std::string_view to_code(ProgressStatus status) {
    for (const auto& w : words)
        if (w.status == status)
            return w.code;
    return "non-renseigne";
}

std::optional<ProgressStatus> parse_progress_status(std::string_view code) {
    for (const auto& w : words)
        if (w.code == code)
            return w.status;
    return std::nullopt;
}

std::string_view label(ProgressStatus status, std::string_view language) {
    for (const auto& w : words)
        if (w.status == status)
            return language == "en" ? w.en : w.fr;
    return {};
}

} // namespace jalon
