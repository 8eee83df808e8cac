#pragma once
/// @file
/// The invariants of a scheme, checked before anything is stored.

#include <jalon/export.hpp>
#include <jalon/model/scheme.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace jalon {

/// What a problem is about, so a reader can point at the right place of its source file.
struct SchemeElement {
    enum class Kind { scheme, level, territory, series, node, unplanned, indicator, link, question };
    Kind kind = Kind::scheme;
    std::size_t index = 0; ///< position in the matching vector of Scheme (0 for the scheme)

    bool operator==(const SchemeElement&) const = default;
};

/// A broken invariant: the element, the key concerned and what is wrong.
struct SchemeProblem {
    SchemeElement element;
    std::string
        key; ///< dotted path inside the element: `level`, `target.year`, `milestones[1].year`
    std::string message;
};

/// Checks every invariant of a scheme: required fields, unique codes, at most 64 declared levels
/// and nodes at most 64 deep, each node's level declared (each child strictly below its parent when
/// the levels are strict), declared action and steering levels, years within the period,
/// references to existing nodes. Returns every problem found, in element order; an empty list
/// means the scheme can be stored.
JALON_API std::vector<SchemeProblem> validate_scheme(const Scheme& scheme);

} // namespace jalon
