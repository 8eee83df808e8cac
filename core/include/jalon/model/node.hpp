#pragma once
/// @file
/// A node of a scheme's tree: axe, orientation, objectif, action, engagement…

#include <jalon/model/action_status.hpp>
#include <jalon/model/figure.hpp>

#include <optional>
#include <string>
#include <vector>

namespace jalon {

/// When a node runs, as years and/or as the document writes it.
struct Calendar {
    std::optional<int> start;
    std::optional<int> end;
    std::string text;

    bool operator==(const Calendar&) const = default;
};

/// One element of the scheme's tree, or an achievement outside the plan (réalisé non prévu).
///
/// Nodes are kept flat, in document (pre-)order; `parent` links a node to the node above it.
/// For an unplanned achievement `level` is empty and `parent` names the node it relates to.
struct Node {
    std::string code;
    std::optional<std::string> parent;
    std::string level; ///< one of the scheme's level names
    std::string title;
    std::string short_title;
    bool code_inferred = false;
    std::vector<std::string> pilots;
    std::vector<std::string> partners;
    std::optional<Calendar> calendar;
    std::string objective;
    std::vector<std::string> modalities;
    std::vector<std::string> territorial_notes;
    std::vector<std::string> articulation; ///< other plans and frameworks the node refers to
    std::string participation;
    std::vector<std::string> levers;
    bool flagship = false; ///< action phare
    /// Whether the node is an action whatever its level; nothing: as its level says
    /// (Scheme::is_action).
    std::optional<bool> action;
    std::optional<ActionStatus> status; ///< review status in the scheme's `status_year`
    std::vector<std::string> narrative;
    std::vector<Figure> figures;
    std::vector<std::string> notes;
    std::optional<int> year; ///< year of an unplanned achievement

    bool operator==(const Node&) const = default;
};

} // namespace jalon
