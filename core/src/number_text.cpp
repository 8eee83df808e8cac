#include "number_text.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace jalon {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Length of a thousands separator at the start of `text` (space, U+00A0, U+202F), or 0.
std::size_t thousands_separator(std::string_view text) {
    if (!text.empty() && text[0] == ' ')
        return 1;
    if (text.starts_with("\xC2\xA0"))
        return 2;
    if (text.starts_with("\xE2\x80\xAF"))
        return 3;
    return 0;
}

} // namespace

NumberText parse_number_text(std::string_view text, NumberStyle style, double& out) {
    const bool french = style == NumberStyle::french;
    std::array<char, 128> buffer;
    std::size_t size = 0;
    const auto put = [&](char c) {
        if (size == buffer.size())
            return false;
        buffer[size++] = c;
        return true;
    };
    std::size_t i = 0;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        if (text[0] == '-')
            put('-');
        ++i;
    }

    // Integer part: digits, at least one; in French, groups of three after the first.
    std::size_t integer_digits = 0;
    std::size_t group_digits = 0;
    bool grouped = false;
    while (i < text.size()) {
        if (is_digit(text[i])) {
            if (!put(text[i]))
                return NumberText::invalid;
            ++integer_digits;
            ++group_digits;
            ++i;
            continue;
        }
        const std::size_t gap = french ? thousands_separator(text.substr(i)) : 0;
        if (gap == 0)
            break;
        const bool first_group_ok = !grouped && group_digits >= 1 && group_digits <= 3;
        const bool next_group_ok = grouped && group_digits == 3;
        if (!first_group_ok && !next_group_ok)
            return NumberText::invalid;
        if (i + gap >= text.size() || !is_digit(text[i + gap]))
            return NumberText::invalid;
        grouped = true;
        group_digits = 0;
        i += gap;
    }
    if (integer_digits == 0 || (grouped && group_digits != 3))
        return NumberText::invalid;

    // Decimal part: a mark, then digits, at least one.
    bool decimal_comma = false;
    if (i < text.size() && (text[i] == '.' || (french && text[i] == ','))) {
        decimal_comma = text[i] == ',';
        ++i;
        put('.');
        std::size_t fraction_digits = 0;
        while (i < text.size() && is_digit(text[i])) {
            if (!put(text[i]))
                return NumberText::invalid;
            ++fraction_digits;
            ++i;
        }
        if (fraction_digits == 0)
            return NumberText::invalid;
    }

    // Exponent, not after a decimal comma.
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E') && !decimal_comma) {
        put('e');
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-'))
            put(text[i++]);
        std::size_t exponent_digits = 0;
        while (i < text.size() && is_digit(text[i])) {
            if (!put(text[i]))
                return NumberText::invalid;
            ++exponent_digits;
            ++i;
        }
        if (exponent_digits == 0)
            return NumberText::invalid;
    }
    if (i != text.size() || size == buffer.size())
        return NumberText::invalid;

    double value = 0;
    const auto [end, error] = std::from_chars(buffer.data(), buffer.data() + size, value);
    if (error == std::errc::result_out_of_range)
        return NumberText::out_of_range;
    if (error != std::errc() || end != buffer.data() + size)
        return NumberText::invalid;
    if (!std::isfinite(value) ||
        (value != 0 && std::fabs(value) < std::numeric_limits<double>::min()))
        return NumberText::out_of_range;
    out = value;
    return NumberText::ok;
}

std::string number_out_of_range_text() {
    return "out of range (a number is 0 or between 2.2e-308 and 1.8e308 in size)";
}

} // namespace jalon
