#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>

namespace jalon {

// Typed reads from a soci::row whatever integer or float type the backend reports, NULL-aware.
std::optional<long long> integer_at(const soci::row& row, std::size_t column);
std::optional<double> real_at(const soci::row& row, std::size_t column);
std::string text_at(const soci::row& row, std::size_t column);
std::optional<std::string> optional_text_at(const soci::row& row, std::size_t column);

// A value bound to a statement with its NULL indicator.
template <typename T>
struct Nullable {
    T value{};
    soci::indicator indicator = soci::i_null;

    Nullable() = default;
    Nullable(const std::optional<T>& source) {
        if (source) {
            value = *source;
            indicator = soci::i_ok;
        }
    }
};

} // namespace jalon
