#include "code_table.hpp"

#include <jalon/model/indicator.hpp>

namespace jalon {

namespace {
constexpr CodeTable<IndicatorLevel, 3> levels{{
    {IndicatorLevel::output, "realisation"},
    {IndicatorLevel::outcome, "resultat"},
    {IndicatorLevel::impact, "impact"},
}};
constexpr CodeTable<Direction, 2> directions{{
    {Direction::up, "up"},
    {Direction::down, "down"},
}};
} // namespace

std::string_view to_code(IndicatorLevel level) {
    return code_in(levels, level);
}

std::optional<IndicatorLevel> parse_indicator_level(std::string_view text) {
    return value_in(levels, text);
}

std::string_view to_code(Direction direction) {
    return code_in(directions, direction);
}

std::optional<Direction> parse_direction(std::string_view text) {
    return value_in(directions, text);
}

} // namespace jalon
