#include "standard_methods.hpp"

namespace jalon::standard {

namespace {

// numerator / denominator × factor, each rolled up before dividing: a ratio of sums, never a
// mean of ratios.
class Ratio final : public plugin::IndicatorMethod {
public:
    plugin::MethodResult compute(const plugin::MethodInput& input) const override {
        plugin::MethodResult result;
        const auto numerator = input.values("numerator").value(input.year);
        const auto denominator = input.values("denominator").value(input.year);
        if (!numerator || !denominator) {
            result.note = !numerator ? plugin::Wording{"aucune donnée pour le numérateur",
                                                       "no data for the numerator"}
                                     : plugin::Wording{"aucune donnée pour le dénominateur",
                                                       "no data for the denominator"};
            return result;
        }
        if (*denominator == 0) {
            result.note = {"dénominateur nul", "the denominator is zero"};
            return result;
        }
        result.value = *numerator / *denominator * input.number("factor");
        return result;
    }
};

Registration ratio(const std::string& name, const std::string& top, const std::string& bottom,
                   double factor, const std::string& unit, plugin::Wording label,
                   plugin::Wording description) {
    plugin::MethodSpec spec;
    spec.name = name;
    spec.label = std::move(label);
    spec.description = std::move(description);
    spec.unit = unit;
    spec.params.push_back(
        series_parameter(top, true, {"série au numérateur", "series above the line"}));
    spec.params.push_back(
        series_parameter(bottom, true, {"série au dénominateur", "series below the line"}));
    spec.params.push_back(number_parameter(
        "factor", factor, {"multiplicateur du quotient", "multiplier of the quotient"}));
    spec.data.push_back({"numerator", top, std::nullopt, std::nullopt, "", false});
    spec.data.push_back({"denominator", bottom, std::nullopt, std::nullopt, "", false});
    return {std::move(spec), std::make_unique<Ratio>()};
}

} // namespace

std::vector<Registration> ratio_methods() {
    std::vector<Registration> out;
    out.push_back(ratio("ratio", "numerator", "denominator", 1, "", {"Rapport", "Ratio"},
                        {"numérateur / dénominateur × facteur, chacun agrégé avant la division",
                         "numerator / denominator × factor, each rolled up before dividing"}));
    out.push_back(ratio("share", "part", "whole", 100, "%", {"Part (%)", "Share (%)"},
                        {"partie / ensemble × 100, chacun agrégé avant la division",
                         "part / whole × 100, each rolled up before dividing"}));
    return out;
}

} // namespace jalon::standard
