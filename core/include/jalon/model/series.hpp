#pragma once
/// @file
/// A data series and how it rolls up within a year and across territories.

#include <jalon/export.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace jalon {

/// How values are combined, within a year (months, quarters → year) or across territories.
enum class Rollup {
    sum,  ///< flows: people reached, sessions held
    last, ///< stocks: the latest value of the year (across territories, stocks are summed)
    mean,
    min,
    max,
    count, ///< number of observations (within a year only)
};

/// `sum`, `last`, `mean`, `min`, `max`, `count`.
JALON_API std::string_view to_code(Rollup rollup);
JALON_API std::optional<Rollup> parse_rollup(std::string_view text);

/// A series of observations a scheme records (`series,territory,period,value` rows). Series used by
/// indicators need no declaration: undeclared ones are flows (sum within the year and across
/// territories).
struct Series {
    std::string code;
    std::string label;
    std::string unit;
    Rollup within_year = Rollup::sum;
    Rollup across_territories = Rollup::sum;

    bool operator==(const Series&) const = default;
};

} // namespace jalon
