#include "folded_word.hpp"

#include <jalon/model/indicator.hpp>

namespace jalon {

std::string_view to_code(IndicatorLevel level) {
    switch (level) {
    case IndicatorLevel::output:
        return "realisation";
    case IndicatorLevel::outcome:
        return "resultat";
    case IndicatorLevel::impact:
        return "impact";
    }
    return "realisation";
}

std::optional<IndicatorLevel> parse_indicator_level(std::string_view text) {
    const std::string word = folded_word(text);
    if (word == "realisation")
        return IndicatorLevel::output;
    if (word == "resultat")
        return IndicatorLevel::outcome;
    if (word == "impact")
        return IndicatorLevel::impact;
    return std::nullopt;
}

std::string_view to_code(Direction direction) {
    return direction == Direction::down ? "down" : "up";
}

std::optional<Direction> parse_direction(std::string_view text) {
    const std::string word = folded_word(text);
    if (word == "up")
        return Direction::up;
    if (word == "down")
        return Direction::down;
    return std::nullopt;
}

} // namespace jalon
