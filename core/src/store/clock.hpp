#pragma once

#include <string>

namespace jalon {

// The current UTC time as ISO 8601 (`2026-11-21T19:42:07Z`).
std::string utc_now();

} // namespace jalon
