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
            result.note = {"aucune donnée", "no data"};
        return result;
    }
};

Registration rolled(const std::string& name, plugin::Wording label, plugin::Wording description,
                    std::optional<Rollup> within, std::optional<Rollup> across) {
    plugin::MethodSpec spec;
    spec.name = name;
    spec.label = std::move(label);
    spec.description = std::move(description);
    spec.params.push_back(series_parameter("series", false,
                                           {"série à lire (par défaut : le code de l'indicateur)",
                                            "series to read (default: the indicator's code)"}));
    spec.data.push_back({"value", "series", within, across, "", false});
    return {std::move(spec), std::make_unique<RolledValue>()};
}

} // namespace

std::vector<Registration> rolled_value_methods() {
    std::vector<Registration> out;
    out.push_back(rolled("sum", {"Somme sur l'année", "Sum over the year"},
                         {"total d'un flux sur l'année (entre territoires, agrégé comme la série "
                          "le déclare, par défaut additionné)",
                          "total of a flow over the year (across territories as the series "
                          "declares, by default summed)"},
                         Rollup::sum, std::nullopt));
    out.push_back(rolled("count", {"Nombre d'observations", "Number of observations"},
                         {"nombre d'observations de l'année, additionné entre territoires",
                          "number of observations in the year, summed across territories"},
                         Rollup::count, Rollup::sum));
    out.push_back(rolled("mean", {"Moyenne", "Mean"},
                         {"moyenne des valeurs de l'année, puis des territoires",
                          "mean of the year's values, averaged across territories"},
                         Rollup::mean, Rollup::mean));
    out.push_back(rolled("min", {"Minimum", "Minimum"},
                         {"plus petite valeur de l'année et des territoires",
                          "smallest value of the year and of the territories"},
                         Rollup::min, Rollup::min));
    out.push_back(rolled("max", {"Maximum", "Maximum"},
                         {"plus grande valeur de l'année et des territoires",
                          "largest value of the year and of the territories"},
                         Rollup::max, Rollup::max));
    out.push_back(rolled("last", {"Valeur en fin d'année (stock)", "Year-end value (stock)"},
                         {"la dernière valeur de l'année, pour un stock (entre territoires, "
                          "agrégée comme la série le déclare, par défaut additionnée)",
                          "the latest value in the year, for a stock (across territories as the "
                          "series declares, by default summed)"},
                         Rollup::last, std::nullopt));
    return out;
}

} // namespace jalon::standard
