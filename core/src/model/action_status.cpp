#include "folded_word.hpp"

#include <jalon/model/action_status.hpp>

#include <array>
#include <utility>

namespace jalon {

namespace {
constexpr std::array<std::pair<ActionStatus, std::string_view>, 6> codes{{
    {ActionStatus::done, "realise"},
    {ActionStatus::in_progress, "en-cours"},
    {ActionStatus::not_started, "non-engage"},
    {ActionStatus::postponed, "reporte"},
    {ActionStatus::dropped, "abandonne"},
    {ActionStatus::unplanned_done, "realise-non-prevu"},
}};
} // namespace

std::string_view to_code(ActionStatus status) {
    for (const auto& [value, code] : codes)
        if (value == status)
            return code;
    return "realise";
}

std::optional<ActionStatus> parse_action_status(std::string_view text) {
    const std::string word = folded_word(text);
    for (const auto& [value, code] : codes)
        if (word == code)
            return value;
    return std::nullopt;
}

} // namespace jalon
