#pragma once
/// @file
/// A territory of a scheme: département, territoire des solidarités, commune, quartier (QPV).

#include <jalon/model/figure.hpp>

#include <optional>
#include <string>
#include <vector>

namespace jalon {

/// One territory of the scheme's territory tree. Yearly data is recorded against its code.
struct Territory {
    std::string code;
    std::optional<std::string> parent; ///< code of the enclosing territory; none for a root
    std::string name;
    std::string kind; ///< `departement`, `territoire-des-solidarites`, `commune`, `QPV`…
    std::vector<std::string> notes;
    std::vector<Figure> figures; ///< key figures: population, households, places…

    bool operator==(const Territory&) const = default;
};

} // namespace jalon
