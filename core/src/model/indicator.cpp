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
constexpr CodeTable<Frequency, 6> frequencies{{
    {Frequency::annual, "annuelle"},
    {Frequency::semiannual, "semestrielle"},
    {Frequency::quarterly, "trimestrielle"},
    {Frequency::monthly, "mensuelle"},
    {Frequency::multiannual, "pluriannuelle"},
    {Frequency::one_off, "ponctuelle"},
}};
constexpr CodeTable<Frequency, 6> english_frequencies{{
    {Frequency::annual, "annual"},
    {Frequency::semiannual, "semiannual"},
    {Frequency::quarterly, "quarterly"},
    {Frequency::monthly, "monthly"},
    {Frequency::multiannual, "multiannual"},
    {Frequency::one_off, "one-off"},
}};
} // namespace

std::string_view to_code(Frequency frequency) {
    return code_in(frequencies, frequency);
}

std::optional<Frequency> parse_frequency(std::string_view text) {
    if (const auto french = value_in(frequencies, text))
        return french;
    return value_in(english_frequencies, text);
}

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
