#include "folded_word.hpp"

#include <jalon/model/series.hpp>

#include <array>
#include <utility>

namespace jalon {

namespace {
constexpr std::array<std::pair<Rollup, std::string_view>, 6> codes{{
    {Rollup::sum, "sum"},
    {Rollup::last, "last"},
    {Rollup::mean, "mean"},
    {Rollup::min, "min"},
    {Rollup::max, "max"},
    {Rollup::count, "count"},
}};
} // namespace

std::string_view to_code(Rollup rollup) {
    for (const auto& [value, code] : codes)
        if (value == rollup)
            return code;
    return "sum";
}

std::optional<Rollup> parse_rollup(std::string_view text) {
    const std::string word = folded_word(text);
    for (const auto& [value, code] : codes)
        if (word == code)
            return value;
    return std::nullopt;
}

} // namespace jalon
