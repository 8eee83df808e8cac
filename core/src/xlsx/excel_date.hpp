#pragma once
/// @file
/// Excel's serial dates: days counted from the workbook's epoch (1900 or 1904), the fraction
/// being the time of day. Private to libjalon.

#include <optional>
#include <string>
#include <string_view>

namespace jalon::xlsx {

/// A workbook's epoch (`<workbookPr date1904>`).
enum class DateSystem { from_1900, from_1904 };

/// A calendar date and time as ISO 8601 text with its serial number.
struct IsoDate {
    std::string text; ///< `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` when the time is not midnight
    double serial = 0;
};

/// The serial's date as ISO 8601 text (rounded to the second), or nullopt when it is negative,
/// not finite or past 9999-12-31. In the 1900 system, serials below 61 count from 1899-12-31
/// and the others from 1899-12-30: serial 60, Excel's fictitious 1900-02-29, is 1900-03-01.
std::optional<std::string> serial_date_text(double serial, DateSystem system);

/// `YYYY-MM-DD`, optionally followed by `THH:MM`, `:SS`, fractional seconds and `Z`: the
/// date in canonical form, its serial 0 when it precedes the epoch; nullopt for other text.
std::optional<IsoDate> parse_iso_date(std::string_view text, DateSystem system);

} // namespace jalon::xlsx
