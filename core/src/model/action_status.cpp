#include "code_table.hpp"

#include <jalon/model/action_status.hpp>

namespace jalon {

namespace {
constexpr CodeTable<ActionStatus, 6> codes{{
    {ActionStatus::done, "realise"},
    {ActionStatus::in_progress, "en-cours"},
    {ActionStatus::not_started, "non-engage"},
    {ActionStatus::postponed, "reporte"},
    {ActionStatus::dropped, "abandonne"},
    {ActionStatus::unplanned_done, "realise-non-prevu"},
}};
} // namespace

std::string_view to_code(ActionStatus status) {
    return code_in(codes, status);
}

std::optional<ActionStatus> parse_action_status(std::string_view text) {
    return value_in(codes, text);
}

} // namespace jalon
