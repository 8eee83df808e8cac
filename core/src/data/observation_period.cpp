#include <jalon/data/observation_period.hpp>

namespace jalon {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool all_digits(std::string_view text) {
    for (const char c : text)
        if (!is_digit(c))
            return false;
    return !text.empty();
}

int number(std::string_view digits) {
    int value = 0;
    for (const char c : digits)
        value = value * 10 + (c - '0');
    return value;
}

bool is_leap(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

void put_two_digits(std::string& out, int value) {
    out += static_cast<char>('0' + value / 10);
    out += static_cast<char>('0' + value % 10);
}

std::string date(int year, int month, int day) {
    std::string out = std::to_string(year);
    out += '-';
    put_two_digits(out, month);
    out += '-';
    put_two_digits(out, day);
    return out;
}

} // namespace

std::optional<ObservationPeriod> parse_observation_period(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    if (text.size() < 4 || !all_digits(text.substr(0, 4)) || text[0] == '0')
        return std::nullopt;

    ObservationPeriod period;
    period.year = number(text.substr(0, 4));
    if (text.size() == 4) {
        period.text = std::string(text);
        period.granularity = ObservationPeriod::Granularity::year;
        period.end_date = date(period.year, 12, 31);
        return period;
    }
    if (text[4] != '-')
        return std::nullopt;

    if (text.size() == 7 && (text[5] == 'Q' || text[5] == 'q')) {
        if (text[6] < '1' || text[6] > '4')
            return std::nullopt;
        const int quarter = text[6] - '0';
        period.text = std::string(text.substr(0, 5)) + 'Q' + text[6];
        period.granularity = ObservationPeriod::Granularity::quarter;
        period.end_date = date(period.year, quarter * 3, days_in_month(period.year, quarter * 3));
        return period;
    }

    if (text.size() != 7 && text.size() != 10)
        return std::nullopt;
    const std::string_view month_digits = text.substr(5, 2);
    if (!all_digits(month_digits))
        return std::nullopt;
    const int month = number(month_digits);
    if (month < 1 || month > 12)
        return std::nullopt;

    if (text.size() == 7) {
        period.text = std::string(text);
        period.granularity = ObservationPeriod::Granularity::month;
        period.end_date = date(period.year, month, days_in_month(period.year, month));
        return period;
    }

    const std::string_view day_digits = text.substr(8, 2);
    if (text[7] != '-' || !all_digits(day_digits))
        return std::nullopt;
    const int day = number(day_digits);
    if (day < 1 || day > days_in_month(period.year, month))
        return std::nullopt;
    period.text = std::string(text);
    period.granularity = ObservationPeriod::Granularity::day;
    period.end_date = period.text;
    return period;
}

} // namespace jalon
