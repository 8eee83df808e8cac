#pragma once
/// @file
/// The follow-up status of an action (statut d'une action).

#include <jalon/export.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace jalon {

/// Where an action stands: réalisé, en cours, non engagé, reporté, abandonné, or an achievement
/// outside the plan (réalisé non prévu).
enum class ActionStatus { done, in_progress, not_started, postponed, dropped, unplanned_done };

/// The file and database spelling: `realise`, `en-cours`, `non-engage`, `reporte`, `abandonne`,
/// `realise-non-prevu`.
JALON_API std::string_view to_code(ActionStatus status);

/// Reads a status written by a person: case, accents, spaces and underscores are forgiven
/// (`Non engagé` → not_started). Returns nothing for an unknown word.
JALON_API std::optional<ActionStatus> parse_action_status(std::string_view text);

} // namespace jalon
