#include "row_value.hpp"

#include <jalon/error.hpp>

#include <cstdlib>

namespace jalon {

std::optional<long long> integer_at(const soci::row& row, std::size_t column) {
    if (row.get_indicator(column) == soci::i_null)
        return std::nullopt;
    switch (row.get_properties(column).get_data_type()) {
    case soci::dt_integer:
        return row.get<int>(column);
    case soci::dt_long_long:
        return row.get<long long>(column);
    case soci::dt_unsigned_long_long:
        return static_cast<long long>(row.get<unsigned long long>(column));
    case soci::dt_double:
        return static_cast<long long>(row.get<double>(column));
    case soci::dt_string:
        return std::strtoll(row.get<std::string>(column).c_str(), nullptr, 10);
    default:
        throw RuntimeError("unexpected column type for an integer: " +
                           row.get_properties(column).get_name());
    }
}

std::optional<double> real_at(const soci::row& row, std::size_t column) {
    if (row.get_indicator(column) == soci::i_null)
        return std::nullopt;
    switch (row.get_properties(column).get_data_type()) {
    case soci::dt_double:
        return row.get<double>(column);
    case soci::dt_integer:
        return row.get<int>(column);
    case soci::dt_long_long:
        return static_cast<double>(row.get<long long>(column));
    case soci::dt_string:
        return std::strtod(row.get<std::string>(column).c_str(), nullptr);
    default:
        throw RuntimeError("unexpected column type for a number: " +
                           row.get_properties(column).get_name());
    }
}

std::string text_at(const soci::row& row, std::size_t column) {
    return optional_text_at(row, column).value_or(std::string());
}

std::optional<std::string> optional_text_at(const soci::row& row, std::size_t column) {
    if (row.get_indicator(column) == soci::i_null)
        return std::nullopt;
    return row.get<std::string>(column);
}

} // namespace jalon
