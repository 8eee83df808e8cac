#pragma once
/// @file
/// A figure cited by a scheme or a review (« 300 personnes suivies en 2022 »).

#include <optional>
#include <string>

namespace jalon {

/// A number the document states, with its unit and, when known, its year.
struct Figure {
    std::string label;
    double value = 0;
    std::string unit;
    std::optional<int> year;

    bool operator==(const Figure&) const = default;
};

} // namespace jalon
