#pragma once
/// @file
/// Which cell styles show numbers as dates: the styles part's number formats (`<numFmts>`) and
/// cell formats (`<cellXfs>`). Private to libjalon.

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace jalon::xlsx {

class ZipArchive;
struct ZipEntry;

/// Whether a built-in number format id is a date or time (14–22, 27–36, 45–47, 50–58).
bool is_builtin_date_format(long id);

/// Whether a format code shows a date or time: once quoted strings, escaped characters (`\x`,
/// `_x`, `*x`) and bracketed sections other than elapsed time (`[h]`, `[mm]`, `[ss]`) are
/// removed, it holds one of `y m d h s` in either case. `General` and `@` are not dates.
bool is_date_format_code(std::string_view code);

/// For each cell format (a cell's `s`), whether it shows a date.
class DateStyles {
public:
    DateStyles() = default;
    explicit DateStyles(std::vector<bool> dates) : dates_(std::move(dates)) {}

    bool is_date(std::size_t style) const { return style < dates_.size() && dates_[style]; }

private:
    std::vector<bool> dates_;
};

/// Reads the styles part.
DateStyles read_date_styles(ZipArchive& zip, const ZipEntry& part);

} // namespace jalon::xlsx
