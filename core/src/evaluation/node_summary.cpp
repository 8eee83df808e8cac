#include <jalon/evaluation/node_summary.hpp>

#include <unordered_map>
#include <unordered_set>

namespace jalon {

std::vector<NodeSummary> summarize_nodes(const Scheme& scheme, const EvaluationRun& run,
                                         const std::string& territory, int year) {
    std::unordered_map<std::string, std::size_t> index;
    std::vector<NodeSummary> out;
    std::vector<std::size_t> parent;
    for (const Node& node : scheme.nodes) {
        const std::size_t i = out.size();
        index.emplace(node.code, i);
        std::size_t up = scheme.nodes.size();
        std::size_t depth = 0;
        if (node.parent)
            if (const auto it = index.find(*node.parent); it != index.end()) {
                up = it->second;
                depth = out[up].depth + 1;
            }
        parent.push_back(up);
        out.push_back({node.code, depth, {}, {}});
    }
    // Adds to a node and every node above it.
    const auto climb = [&](std::size_t i, auto add) {
        for (; i < out.size(); i = parent[i])
            add(out[i]);
    };
    std::unordered_map<std::string, std::size_t> node_of_indicator;
    for (const Indicator& ind : scheme.indicators)
        if (const auto it = index.find(ind.node); it != index.end())
            node_of_indicator.emplace(ind.code, it->second);
    for (const IndicatorResult& r : run.results) {
        if (r.territory != territory || r.year != year)
            continue;
        if (const auto it = node_of_indicator.find(r.indicator); it != node_of_indicator.end())
            climb(it->second, [&](NodeSummary& s) { ++s.indicators[r.status]; });
    }
    std::unordered_set<const Node*> actions;
    for (const Node* action : scheme.actions())
        actions.insert(action);
    for (std::size_t i = 0; i < scheme.nodes.size(); ++i) {
        if (!actions.count(&scheme.nodes[i]))
            continue;
        const Node& node = scheme.nodes[i];
        const std::string status =
            node.status ? std::string(to_code(*node.status)) : std::string("non-renseigne");
        climb(i, [&](NodeSummary& s) { ++s.actions[status]; });
    }
    return out;
}

} // namespace jalon
