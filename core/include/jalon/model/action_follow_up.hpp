#pragma once
/// @file
/// What was done for an action in a year: its follow-up (suivi), and achievements outside the plan.

#include <jalon/model/action_status.hpp>
#include <jalon/model/figure.hpp>

#include <optional>
#include <string>
#include <vector>

namespace jalon {

/// Where an action stands in a year, as recorded by an evaluator, a CSV or the scheme file.
///
/// For an achievement outside the plan recorded after the scheme file (`jalon status set
/// --unplanned`), `unplanned` is true and `title` and `attached_to` describe it.
struct ActionFollowUp {
    std::string node; ///< node code (an action, or an unplanned achievement)
    int year = 0;
    ActionStatus status = ActionStatus::in_progress;
    std::string comment;
    std::vector<std::string> narrative; ///< bullets
    std::vector<Figure> figures;
    bool unplanned = false;
    std::string title;                      ///< unplanned achievements not in the scheme file
    std::optional<std::string> attached_to; ///< the node an unplanned achievement relates to
    std::string source;                     ///< file or `jalon status set`
    std::string recorded_at;                ///< UTC, ISO 8601
    std::string recorded_by;

    /// Equal in what it says (status, comment, narrative, figures, title, attachment).
    bool same_content(const ActionFollowUp& other) const {
        return status == other.status && comment == other.comment &&
               narrative == other.narrative && figures == other.figures &&
               unplanned == other.unplanned && title == other.title &&
               attached_to == other.attached_to;
    }
};

} // namespace jalon
