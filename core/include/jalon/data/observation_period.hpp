#pragma once
/// @file
/// Periods of observations as written in yearly-data files (see docs/data-format.md).

#include <jalon/export.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace jalon {

/// A period of an observation as written in data files: `YYYY`, `YYYY-Qn`, `YYYY-MM` or
/// `YYYY-MM-DD`.
struct ObservationPeriod {
    /// How long the period is.
    enum class Granularity { year, quarter, month, day };

    std::string text; ///< as written, normalised (`2025-q1` → `2025-Q1`)
    Granularity granularity = Granularity::year;
    int year = 0;
    std::string end_date; ///< last day of the period, `YYYY-MM-DD` (sorts chronologically)

    bool operator==(const ObservationPeriod&) const = default;
};

/// Parses a period; nothing for anything else. Leading and trailing spaces and tabs are trimmed.
/// Exactly four forms are accepted: `YYYY`, `YYYY-Qn` (`Q` or `q`, n from 1 to 4), `YYYY-MM`
/// (two-digit month, 01 to 12) and `YYYY-MM-DD` (a real calendar day, leap years included); the
/// year is from 1000 to 9999.
JALON_API std::optional<ObservationPeriod> parse_observation_period(std::string_view text);

} // namespace jalon
