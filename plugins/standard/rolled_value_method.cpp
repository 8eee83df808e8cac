#include "standard_methods.hpp"

namespace jalon::standard {

namespace {

// The value of one series, rolled up as declared: the methods differ only in their roll-ups.
class RolledValue final : public plugin::IndicatorMethod {
public:
    plugin::MethodResult compute(const plugin::MethodInput& input) const override {
        plugin::MethodResult result;
        result.value = input.values("value").value(input.year);
        if (!result.value)
            result.note = "no data";
        return result;
    }
};

Registration rolled(const std::string& name, const std::string& description,
                    std::optional<Rollup> within, std::optional<Rollup> across) {
    plugin::MethodSpec spec;
    spec.name = name;
    spec.description = description;
    spec.params.push_back(
        series_parameter("series", false, "series to read (default: the indicator's code)"));
    spec.data.push_back({"value", "series", within, across, "", false});
    return {std::move(spec), std::make_unique<RolledValue>()};
}

} // namespace

std::vector<Registration> rolled_value_methods() {
    std::vector<Registration> out;
    out.push_back(rolled("sum",
                         "total of a flow over the year (across territories as the series "
                         "declares, by default summed)",
                         Rollup::sum, std::nullopt));
    out.push_back(rolled("count", "number of observations in the year, summed across territories",
                         Rollup::count, Rollup::sum));
    out.push_back(rolled("mean", "mean of the year's values, averaged across territories",
                         Rollup::mean, Rollup::mean));
    out.push_back(rolled("min", "smallest value of the year and of the territories", Rollup::min,
                         Rollup::min));
    out.push_back(rolled("max", "largest value of the year and of the territories", Rollup::max,
                         Rollup::max));
    out.push_back(rolled("last",
                         "a stock: the latest value in the year (across territories as the series "
                         "declares, by default summed)",
                         Rollup::last, std::nullopt));
    return out;
}

} // namespace jalon::standard
