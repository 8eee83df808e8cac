#include "excel_date.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace jalon::xlsx {

namespace {

using namespace std::chrono;

constexpr long long seconds_per_day = 86'400;

sys_days epoch(DateSystem system) {
    return system == DateSystem::from_1904 ? sys_days{year{1904} / January / 1}
                                           : sys_days{year{1899} / December / 30};
}

/// Whole seconds since the Unix epoch as canonical text, or nullopt past year 9999.
std::optional<std::string> iso_text(long long unix_seconds) {
    long long day_count = unix_seconds / seconds_per_day;
    long long second = unix_seconds % seconds_per_day;
    if (second < 0) {
        second += seconds_per_day;
        --day_count;
    }
    const year_month_day date{sys_days{days{day_count}}};
    const int y = static_cast<int>(date.year());
    if (y < 0 || y > 9999)
        return std::nullopt;
    char buffer[32];
    int length =
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", y,
                      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    if (second != 0)
        length +=
            std::snprintf(buffer + length, sizeof buffer - static_cast<std::size_t>(length),
                          "T%02lld:%02lld:%02lld", second / 3600, second / 60 % 60, second % 60);
    return std::string(buffer, static_cast<std::size_t>(length));
}

long long unix_seconds(sys_days day) {
    return static_cast<long long>(day.time_since_epoch().count()) * seconds_per_day;
}

/// Digits at `text[at]`, exactly `count` of them.
std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size())
        return std::nullopt;
    int value = 0;
    const char* first = text.data() + at;
    const auto [end, error] = std::from_chars(first, first + count, value);
    if (error != std::errc{} || end != first + count || *first == '-' || *first == '+')
        return std::nullopt;
    return value;
}

} // namespace

std::optional<std::string> serial_date_text(double serial, DateSystem system) {
    if (!std::isfinite(serial) || serial < 0 || serial > 3'000'000)
        return std::nullopt;
    const long long total = std::llround(serial * seconds_per_day);
    long long day_count = total / seconds_per_day;
    sys_days base = epoch(system);
    if (system == DateSystem::from_1900 && day_count < 61)
        base += days{1};
    return iso_text(unix_seconds(base) + day_count * seconds_per_day + total % seconds_per_day);
}

std::optional<IsoDate> parse_iso_date(std::string_view text, DateSystem system) {
    const auto y = digits(text, 0, 4);
    const auto m = digits(text, 5, 2);
    const auto d = digits(text, 8, 2);
    if (!y || !m || !d || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    const year_month_day date{year{*y}, month{static_cast<unsigned>(*m)},
                              day{static_cast<unsigned>(*d)}};
    if (!date.ok())
        return std::nullopt;

    double second_of_day = 0;
    std::size_t at = 10;
    if (at < text.size() && (text[at] == 'T' || text[at] == ' ')) {
        const auto hh = digits(text, at + 1, 2);
        const auto mm = digits(text, at + 4, 2);
        if (!hh || !mm || text[at + 3] != ':' || *hh > 23 || *mm > 59)
            return std::nullopt;
        second_of_day = *hh * 3600.0 + *mm * 60.0;
        at += 6;
        if (at < text.size() && text[at] == ':') {
            const char* first = text.data() + at + 1;
            const char* last = text.data() + text.size();
            if (last - first < 2 || *first < '0' || *first > '9')
                return std::nullopt;
            double seconds = 0;
            const auto [end, error] =
                std::from_chars(first, last, seconds, std::chars_format::fixed);
            if (error != std::errc{} || seconds >= 60 || end - first < 2)
                return std::nullopt;
            second_of_day += seconds;
            at = static_cast<std::size_t>(end - text.data());
        }
    }
    if (at < text.size() && text[at] == 'Z')
        ++at;
    if (at != text.size())
        return std::nullopt;

    const long long whole = std::llround(second_of_day);
    const std::optional<std::string> canonical = iso_text(unix_seconds(sys_days{date}) + whole);
    if (!canonical)
        return std::nullopt;
    double serial = static_cast<double>((sys_days{date} - epoch(system)).count());
    if (system == DateSystem::from_1900 && serial < 61)
        serial -= 1;
    serial = serial < 0 ? 0 : serial + second_of_day / seconds_per_day;
    return IsoDate{*canonical, serial};
}

} // namespace jalon::xlsx
