#pragma once
// The standard plugin's methods: each returns its declaration and the object computing it.

#include <jalon/plugin/indicator_method.hpp>

#include <memory>
#include <utility>
#include <vector>

namespace jalon::standard {

using Registration = std::pair<plugin::MethodSpec, std::unique_ptr<plugin::IndicatorMethod>>;

// sum, count, mean, min, max, last: one series rolled up, read as it is.
std::vector<Registration> rolled_value_methods();
// ratio and share: numerator and denominator rolled up separately, then divided.
std::vector<Registration> ratio_methods();
// evolution and cumulative: a year against another, or added up since the start.
std::vector<Registration> trend_methods();
// milestone: reached (1, with its date) or not (0).
Registration milestone_method();

using plugin::number_parameter;
using plugin::series_parameter;

} // namespace jalon::standard
