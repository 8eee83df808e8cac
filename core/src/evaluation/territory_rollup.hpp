#pragma once

#include <jalon/model/scheme.hpp>
#include <jalon/plugin/indicator_method.hpp>
#include <jalon/store/observation_store.hpp>

#include <string>
#include <vector>

namespace jalon {

// The scheme's territory tree as indices, in document (pre-)order.
class TerritoryTree {
public:
    explicit TerritoryTree(const Scheme& scheme);

    std::size_t size() const { return codes_.size(); }
    const std::string& code(std::size_t i) const { return codes_[i]; }
    const std::string& kind(std::size_t i) const { return kinds_[i]; }
    // Index of the parent, or size() for a root.
    std::size_t parent(std::size_t i) const { return parents_[i]; }
    const std::vector<std::size_t>& children(std::size_t i) const { return children_[i]; }
    // The territory and everything below it, in order; size() when the code is unknown.
    std::size_t index_of(const std::string& code) const;
    std::vector<std::size_t> subtree(std::size_t root) const;

private:
    std::vector<std::string> codes_, kinds_;
    std::vector<std::size_t> parents_;
    std::vector<std::vector<std::size_t>> children_;
};

// How one data need is rolled up.
struct RollupRule {
    Rollup within_year = Rollup::sum;
    Rollup across_territories = Rollup::sum;
    std::vector<std::string> kinds; // non-empty: only the part made of territories of these kinds
    bool outside = false;           // with kinds: the rest of each territory
};

// A series' values for every territory (by index) and every year of the period: a territory's
// own observation when it has one, else the roll-up of its children that have a value. Throws
// std::invalid_argument when `outside` is asked of a roll-up that does not add up.
std::vector<plugin::YearlyValues> roll_up(const TerritoryTree& tree,
                                          const std::vector<YearCell>& cells, const Period& period,
                                          const RollupRule& rule);

} // namespace jalon
