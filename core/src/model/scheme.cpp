#include <jalon/model/scheme.hpp>

#include <algorithm>

namespace jalon {

namespace {
template <typename T>
const T* find_by_code(const std::vector<T>& items, const std::string& code) {
    const auto it =
        std::find_if(items.begin(), items.end(), [&](const T& item) { return item.code == code; });
    return it == items.end() ? nullptr : &*it;
}
} // namespace

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
