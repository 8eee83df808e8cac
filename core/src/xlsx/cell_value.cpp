#include <jalon/xlsx/workbook_reader.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

namespace jalon::xlsx {

namespace {

/// Integers up to this magnitude are written without an exponent.
constexpr double largest_plain_integer = 1e15;

std::string number_text(double number) {
    char buffer[64];
    std::to_chars_result written{};
    if (number == 0)
        return "0";
    if (std::trunc(number) == number && std::fabs(number) <= largest_plain_integer)
        written = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(number));
    else
        written = std::to_chars(buffer, buffer + sizeof buffer, number);
    return std::string(buffer, written.ptr);
}

} // namespace

std::string CellValue::as_text() const {
    switch (kind) {
    case Kind::empty:
    case Kind::uncalculated:
        return {};
    case Kind::number:
        return number_text(number);
    case Kind::boolean:
        return number != 0 ? "TRUE" : "FALSE";
    case Kind::text:
    case Kind::date:
    case Kind::error:
        return text;
    }
    return text;
}

const CellValue* Sheet::at(int row, int column) const {
    const auto place = std::lower_bound(cells.begin(), cells.end(), std::pair{row, column},
                                        [](const Cell& cell, const std::pair<int, int>& wanted) {
                                            return std::pair{cell.row, cell.column} < wanted;
                                        });
    if (place == cells.end() || place->row != row || place->column != column)
        return nullptr;
    return &place->value;
}

int Sheet::last_row() const {
    return cells.empty() ? 0 : cells.back().row;
}

} // namespace jalon::xlsx
