#include "code_table.hpp"

#include <jalon/model/scheme.hpp>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace jalon {

namespace {
template <typename T>
const T* find_by_code(const std::vector<T>& items, const std::string& code) {
    const auto it =
        std::find_if(items.begin(), items.end(), [&](const T& item) { return item.code == code; });
    return it == items.end() ? nullptr : &*it;
}

constexpr CodeTable<LevelOrder, 2> level_orders{{
    {LevelOrder::free, "free"},
    {LevelOrder::strict, "strict"},
}};

// The default of a node without its own flag nor a declared action level.
bool action_by_default(const Scheme& scheme, const Node& node, bool carries_indicators) {
    if (scheme.level_order == LevelOrder::strict)
        return !scheme.levels.empty() && node.level == scheme.levels.back();
    return carries_indicators || node.status.has_value();
}

} // namespace

std::string_view to_code(LevelOrder order) {
    return code_in(level_orders, order);
}

std::optional<LevelOrder> parse_level_order(std::string_view code) {
    return value_in(level_orders, code);
}

std::optional<std::size_t> Scheme::level_index(const std::string& level) const {
    const auto it = std::find(levels.begin(), levels.end(), level);
    if (it == levels.end())
        return std::nullopt;
    return static_cast<std::size_t>(it - levels.begin());
}

const Node* Scheme::find_node(const std::string& code) const {
    return find_by_code(nodes, code);
}

const Indicator* Scheme::find_indicator(const std::string& code) const {
    return find_by_code(indicators, code);
}

const Territory* Scheme::find_territory(const std::string& code) const {
    return find_by_code(territories, code);
}

const Series* Scheme::find_series(const std::string& code) const {
    return find_by_code(series, code);
}

Series Scheme::series_or_default(const std::string& code) const {
    if (const Series* declared = find_series(code))
        return *declared;
    Series undeclared;
    undeclared.code = code;
    return undeclared;
}

std::vector<std::string> Scheme::children_of(const std::string& code) const {
    std::vector<std::string> children;
    for (const Node& node : nodes)
        if (code.empty() ? !node.parent.has_value() : node.parent == code)
            children.push_back(node.code);
    return children;
}

bool Scheme::is_action(const Node& node) const {
    if (node.action)
        return *node.action;
    if (!action_levels.empty())
        return std::find(action_levels.begin(), action_levels.end(), node.level) !=
               action_levels.end();
    return action_by_default(*this, node,
                             std::any_of(indicators.begin(), indicators.end(),
                                         [&](const Indicator& i) { return i.node == node.code; }));
}

std::vector<const Node*> Scheme::actions() const {
    std::unordered_set<std::string> with_indicators;
    for (const Indicator& indicator : indicators)
        with_indicators.insert(indicator.node);
    std::vector<const Node*> out;
    for (const Node& node : nodes) {
        const bool action =
            node.action ? *node.action
            : !action_levels.empty()
                ? std::find(action_levels.begin(), action_levels.end(), node.level) !=
                      action_levels.end()
                : action_by_default(*this, node, with_indicators.count(node.code) > 0);
        if (action)
            out.push_back(&node);
    }
    return out;
}

std::unordered_map<std::string, const Node*>
Scheme::steering_groups(const std::string& level) const {
    std::unordered_map<std::string, const Node*> group;
    for (const Node& node : nodes) {
        const Node* above = nullptr;
        if (node.parent)
            if (const auto it = group.find(*node.parent); it != group.end())
                above = it->second;
        const bool starts = level.empty() ? !node.parent : !above && node.level == level;
        group.emplace(node.code, starts ? &node : above);
    }
    return group;
}

std::vector<const Node*> Scheme::steering_nodes(const std::string& level) const {
    const auto group = steering_groups(level);
    std::vector<const Node*> out;
    for (const Node& node : nodes)
        if (group.at(node.code) == &node)
            out.push_back(&node);
    return out;
}

const Node* Scheme::steering_node_of(const std::string& code, const std::string& level) const {
    const Node* found = nullptr;
    const Node* at = find_node(code);
    for (std::size_t steps = 0; at && steps <= nodes.size(); ++steps) {
        if (level.empty() ? !at->parent : at->level == level)
            found = at;
        at = at->parent ? find_node(*at->parent) : nullptr;
    }
    return found;
}

std::vector<std::size_t> Scheme::node_count_per_level() const {
    std::vector<std::size_t> counts(levels.size(), 0);
    for (const Node& node : nodes)
        if (const auto index = level_index(node.level))
            ++counts[*index];
    return counts;
}

std::vector<std::size_t> Scheme::indicator_count_per_level() const {
    std::vector<std::size_t> counts(3, 0);
    for (const Indicator& indicator : indicators)
        ++counts[static_cast<std::size_t>(indicator.level)];
    return counts;
}

} // namespace jalon
