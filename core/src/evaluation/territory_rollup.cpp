#include "territory_rollup.hpp"

#include "../model/folded_word.hpp"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace jalon {

TerritoryTree::TerritoryTree(const Scheme& scheme) {
    std::unordered_map<std::string, std::size_t> index;
    for (const Territory& t : scheme.territories) {
        index.emplace(t.code, codes_.size());
        codes_.push_back(t.code);
        kinds_.push_back(t.kind);
    }
    parents_.assign(codes_.size(), codes_.size());
    children_.resize(codes_.size());
    for (std::size_t i = 0; i < scheme.territories.size(); ++i)
        if (const auto& parent = scheme.territories[i].parent)
            if (const auto it = index.find(*parent); it != index.end()) {
                parents_[i] = it->second;
                children_[it->second].push_back(i);
            }
}

std::size_t TerritoryTree::index_of(const std::string& code) const {
    const auto it = std::find(codes_.begin(), codes_.end(), code);
    return static_cast<std::size_t>(it - codes_.begin());
}

std::vector<std::size_t> TerritoryTree::subtree(std::size_t root) const {
    std::vector<std::size_t> out;
    std::vector<std::size_t> stack{root};
    while (!stack.empty()) {
        const std::size_t i = stack.back();
        stack.pop_back();
        out.push_back(i);
        for (auto it = children_[i].rbegin(); it != children_[i].rend(); ++it)
            stack.push_back(*it);
    }
    return out;
}

namespace {

using plugin::YearlyValues;
using plugin::YearValue;

// Combines the values present among `parts` as the across-territories rule says.
YearValue combine(const std::vector<const YearValue*>& parts, Rollup across) {
    YearValue out;
    double total = 0;
    std::size_t n = 0;
    for (const YearValue* part : parts) {
        if (!part->value)
            continue;
        const double v = *part->value;
        if (n == 0)
            total = v;
        else if (across == Rollup::min)
            total = std::min(total, v);
        else if (across == Rollup::max)
            total = std::max(total, v);
        else
            total += v;
        ++n;
        out.synthetic = out.synthetic || part->synthetic;
        if (!part->first_positive.empty() &&
            (out.first_positive.empty() || part->first_positive < out.first_positive))
            out.first_positive = part->first_positive;
    }
    if (n > 0)
        out.value = across == Rollup::mean ? total / static_cast<double>(n) : total;
    return out;
}

} // namespace

std::vector<YearlyValues> roll_up(const TerritoryTree& tree, const std::vector<YearCell>& cells,
                                  const Period& period, const RollupRule& rule) {
    const std::size_t n = tree.size();
    const std::size_t years = static_cast<std::size_t>(period.end - period.start + 1);
    std::vector<YearlyValues> value(n, YearlyValues{period.start, std::vector<YearValue>(years)});
    std::vector<std::vector<bool>> own(n, std::vector<bool>(years, false));
    for (const YearCell& cell : cells) {
        const std::size_t t = tree.index_of(cell.territory);
        if (t >= n || !period.contains(cell.year))
            continue;
        const auto y = static_cast<std::size_t>(cell.year - period.start);
        YearValue& entry = value[t].years[y];
        entry.value = cell.value(rule.within_year);
        entry.first_positive = cell.first_positive;
        entry.synthetic = cell.synthetic;
        own[t][y] = true;
    }
    // Children come after their parent in document order: walk backwards to roll up.
    for (std::size_t t = n; t-- > 0;) {
        if (tree.children(t).empty())
            continue;
        for (std::size_t y = 0; y < years; ++y) {
            if (own[t][y])
                continue;
            std::vector<const YearValue*> parts;
            for (const std::size_t c : tree.children(t))
                parts.push_back(&value[c].years[y]);
            value[t].years[y] = combine(parts, rule.across_territories);
        }
    }
    if (rule.kinds.empty())
        return value;

    // The part of each territory made of territories of the given kinds.
    std::vector<std::string> kinds;
    for (const std::string& k : rule.kinds)
        kinds.push_back(folded_word(k));
    std::vector<bool> inside(n, false), has_part(n, false);
    for (std::size_t t = 0; t < n; ++t) {
        const bool matches =
            std::find(kinds.begin(), kinds.end(), folded_word(tree.kind(t))) != kinds.end();
        inside[t] = matches || (tree.parent(t) < n && inside[tree.parent(t)]);
    }
    std::vector<YearlyValues> part(n, YearlyValues{period.start, std::vector<YearValue>(years)});
    for (std::size_t t = n; t-- > 0;) {
        part[t].within_kinds = inside[t];
        has_part[t] = inside[t];
        for (const std::size_t c : tree.children(t))
            has_part[t] = has_part[t] || has_part[c];
        for (std::size_t y = 0; y < years; ++y) {
            if (inside[t]) {
                part[t].years[y] = value[t].years[y];
            } else if (!has_part[t]) {
                part[t].years[y].value = 0.0; // no such territory here: none of it
            } else {
                std::vector<const YearValue*> parts;
                for (const std::size_t c : tree.children(t))
                    if (has_part[c])
                        parts.push_back(&part[c].years[y]);
                part[t].years[y] = combine(parts, rule.across_territories);
            }
        }
    }
    if (!rule.outside)
        return part;
    if (rule.across_territories != Rollup::sum)
        throw std::invalid_argument("the part outside given territory kinds needs a series "
                                    "summed across territories");
    std::vector<YearlyValues> rest = value;
    for (std::size_t t = 0; t < n; ++t) {
        rest[t].within_kinds = inside[t];
        for (std::size_t y = 0; y < years; ++y) {
            YearValue& entry = rest[t].years[y];
            const YearValue& in = part[t].years[y];
            if (entry.value && in.value)
                entry.value = *entry.value - *in.value;
            else
                entry.value.reset();
        }
    }
    return rest;
}

} // namespace jalon
