#pragma once

#include <jalon/data/observation_csv.hpp>
#include <jalon/error.hpp>

#include <vector>

namespace jalon {

// One diagnostic per row that repeats the series, territory, period and dimensions of an earlier
// row, naming that row, in row order.
std::vector<Diagnostic> duplicate_observations(const ObservationTable& table);

} // namespace jalon
