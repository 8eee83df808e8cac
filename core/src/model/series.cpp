#include "code_table.hpp"

#include <jalon/model/series.hpp>

namespace jalon {

namespace {
constexpr CodeTable<Rollup, 6> codes{{
    {Rollup::sum, "sum"},
    {Rollup::last, "last"},
    {Rollup::mean, "mean"},
    {Rollup::min, "min"},
    {Rollup::max, "max"},
    {Rollup::count, "count"},
}};
} // namespace

std::string_view to_code(Rollup rollup) {
    return code_in(codes, rollup);
}

std::optional<Rollup> parse_rollup(std::string_view text) {
    return value_in(codes, text);
}

} // namespace jalon
