#pragma once
/// @file
/// A scheme: schéma des solidarités, projet social de territoire, contrat de ville, review.

#include <jalon/export.hpp>
#include <jalon/model/evaluative_question.hpp>
#include <jalon/model/indicator.hpp>
#include <jalon/model/node.hpp>
#include <jalon/model/series.hpp>
#include <jalon/model/territory.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jalon {

/// First and last year of a scheme, both included.
struct Period {
    int start = 0;
    int end = 0;

    bool contains(int year) const { return year >= start && year <= end; }
    bool operator==(const Period&) const = default;
};

/// A body of the scheme's governance (COPIL, comité technique, commission…).
struct GovernanceBody {
    std::string body;
    std::string scope;
    std::string frequency;
    std::string role;

    bool operator==(const GovernanceBody&) const = default;
};

/// A link from the scheme (or one of its nodes) to another plan or framework.
struct SchemeLink {
    std::optional<std::string> from; ///< node code; none for the scheme itself
    std::string to;
    std::string kind;

    bool operator==(const SchemeLink&) const = default;
};

/// Whether a scheme's levels are ordered: `strict`, each child's level is declared after its
/// parent's (the levels are depths); `free`, any node may sit under any other, a level may nest in
/// itself and appear at different depths.
enum class LevelOrder { free, strict };

/// `free` or `strict`.
JALON_API std::string_view to_code(LevelOrder order);
/// The order named by a code, or nothing.
JALON_API std::optional<LevelOrder> parse_level_order(std::string_view code);

/// An overlay file (`jalon-overlay/1`) applied to a scheme at import. The baselines, milestones and
/// targets it set name it by `id` in their `origin`.
struct AppliedOverlay {
    std::string id;   ///< its `id` key, else the file's name without its extension
    std::string file; ///< as given at import
    bool synthetic = false;
    std::string note;

    bool operator==(const AppliedOverlay&) const = default;
};

/// A scheme with its tree of nodes, indicators and territories.
///
/// Nodes, unplanned achievements, indicators and territories are stored flat, in document order
/// (a parent always comes before its children), which is also the order reports show them in.
struct JALON_API Scheme {
    std::string id;
    std::string title;
    std::string kind;
    std::string owner;
    Period period;
    std::string language;
    std::string source;
    std::vector<std::string> levels; ///< the scheme's level names (top to bottom when strict)
    LevelOrder level_order = LevelOrder::free;
    /// Levels whose nodes are actions (the units followed with statuses); empty: the default
    /// (see is_action). A node's own `action` flag wins over its level.
    std::vector<std::string> action_levels;
    /// The level the reports' synthesis groups by; empty: the tree's top-level nodes.
    std::string steering_level;
    std::optional<int> status_year; ///< the year node statuses describe
    std::vector<std::string> domains;
    std::vector<std::string> notes;
    std::vector<std::string> evaluation_notes;
    std::vector<EvaluativeQuestion> questions; ///< the evaluative framework
    std::vector<GovernanceBody> governance;
    std::vector<SchemeLink> links;
    std::map<std::string, long long> stated_totals;
    std::vector<Territory> territories;
    std::vector<Series> series; ///< declared series (others are flows: sum, sum)
    std::vector<Node> nodes;
    std::vector<Node> unplanned; ///< réalisés non prévus
    std::vector<Indicator> indicators;
    /// Overlays applied at import, in order (a later one wins).
    std::vector<AppliedOverlay> overlays;

    /// Depth of a level name (0 = top), or nothing when the scheme does not declare it.
    std::optional<std::size_t> level_index(const std::string& level) const;
    const Node* find_node(const std::string& code) const;
    const Indicator* find_indicator(const std::string& code) const;
    const Territory* find_territory(const std::string& code) const;
    const Series* find_series(const std::string& code) const;
    /// The declaration of a series, or the default one (sum within the year and across
    /// territories).
    Series series_or_default(const std::string& code) const;
    /// Codes of the direct children of a node (of the roots for an empty code), in order.
    std::vector<std::string> children_of(const std::string& code) const;
    /// Whether a node is an action: its own `action` flag, else whether its level is one of
    /// `action_levels`, else (none declared) whether it is of the last level when the levels are
    /// strict, or carries indicators or a status when they are free.
    bool is_action(const Node& node) const;
    /// The actions, in document order.
    std::vector<const Node*> actions() const;
    /// The nodes the synthesis groups by for a level: the nodes of that level that have no
    /// ancestor of that level, in document order; for an empty level, the top-level nodes.
    std::vector<const Node*> steering_nodes(const std::string& level) const;
    /// The node a node is grouped under for a level (see steering_nodes): itself or its outermost
    /// ancestor of that level; nothing when no node of its branch above it is of that level (nor
    /// itself) or when there is no such node.
    const Node* steering_node_of(const std::string& code, const std::string& level) const;
    /// steering_node_of for every node at once: node code -> its steering node (null when none).
    std::unordered_map<std::string, const Node*> steering_groups(const std::string& level) const;
    /// Number of nodes at each level, in `levels` order (unplanned achievements excluded).
    std::vector<std::size_t> node_count_per_level() const;
    /// Number of indicators at réalisation, résultat and impact level, in that order.
    std::vector<std::size_t> indicator_count_per_level() const;

    bool operator==(const Scheme&) const = default;
};

} // namespace jalon
