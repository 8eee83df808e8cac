#pragma once

#include "folded_word.hpp"

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace jalon {

// A fixed table between an enumeration and the words that name it in files and databases.
template <typename Enum, std::size_t N>
using CodeTable = std::array<std::pair<Enum, std::string_view>, N>;

template <typename Enum, std::size_t N>
std::string_view code_in(const CodeTable<Enum, N>& table, Enum value) {
    for (const auto& [entry, code] : table)
        if (entry == value)
            return code;
    return table.front().second;
}

// The value a word names, forgiving case, accents, spaces and underscores.
template <typename Enum, std::size_t N>
std::optional<Enum> value_in(const CodeTable<Enum, N>& table, std::string_view text) {
    const std::string word = folded_word(text);
    for (const auto& [entry, code] : table)
        if (word == code)
            return entry;
    return std::nullopt;
}

} // namespace jalon
