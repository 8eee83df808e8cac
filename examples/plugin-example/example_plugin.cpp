// An example Jalon plugin, built outside Jalon against its installed CMake package
// (docs/writing-a-plugin.md). It offers two methods the standard plugin does not:
//
//   take_up_rate  taux de recours: beneficiaries / eligible population × 100, not computed
//                 where the eligible population is below an optional floor;
//   per_1000      a series per 1,000 inhabitants of a population series (a stock: the latest
//                 value of each year).
#include <jalon/plugin/abi.hpp>
#include <jalon/plugin/registrar.hpp>

#include <memory>
#include <sstream>
#include <string>
#include <utility>

namespace {

using jalon::ParamValue;
using jalon::Rollup;
using jalon::plugin::DataNeed;
using jalon::plugin::IndicatorMethod;
using jalon::plugin::MethodInput;
using jalon::plugin::MethodResult;
using jalon::plugin::MethodSpec;
using jalon::plugin::number_parameter;
using jalon::plugin::ParamSpec;
using jalon::plugin::ParamType;
using jalon::plugin::series_parameter;
using jalon::plugin::Wording;

// A number as people read it: 150, 12.5.
std::string shown(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

// Taux de recours: the share of the people entitled to a benefit who actually receive it.
// Numerator and denominator arrive already rolled up by the host (a département's rate is
// Σ beneficiaries / Σ eligible of its territories, never a mean of their rates).
class TakeUpRate final : public IndicatorMethod {
public:
    MethodResult compute(const MethodInput& input) const override {
        MethodResult result;
        const auto beneficiaries = input.values("beneficiaries").value(input.year);
        const auto eligible = input.values("eligible").value(input.year);
        if (!beneficiaries || !eligible) {
            // Missing data stays missing: no value, and say why, in French (the committee's
            // language) and in English: the report shows the one of its language.
            result.note = !beneficiaries ? Wording{"aucune donnée sur les bénéficiaires",
                                                   "no data for the beneficiaries"}
                                         : Wording{"aucune donnée sur la population éligible",
                                                   "no data for the eligible population"};
            return result;
        }
        const double floor = input.number("floor"); // always there: it has a default
        if (*eligible < floor) {
            result.note = {"population éligible (" + shown(*eligible) + ") sous le seuil de " +
                               shown(floor) + " : taux non calculé",
                           "eligible population " + shown(*eligible) + " below the floor of " +
                               shown(floor) + ": rate not computed"};
            return result;
        }
        if (*eligible <= 0) {
            result.note = {"aucune personne éligible", "no eligible population"};
            return result;
        }
        result.value = *beneficiaries / *eligible * 100;
        if (*beneficiaries > *eligible)
            result.note = {"plus de bénéficiaires que de personnes éligibles : vérifier les deux "
                           "sources",
                           "more beneficiaries than eligible people: check the two sources"};
        return result;
    }
};

// A count per `per` (1,000 by default) inhabitants.
class PerThousand final : public IndicatorMethod {
public:
    MethodResult compute(const MethodInput& input) const override {
        MethodResult result;
        const auto count = input.values("count").value(input.year);
        const auto population = input.values("population").value(input.year);
        if (!count) {
            result.note = {"aucune donnée", "no data"};
            return result;
        }
        if (!population || *population <= 0) {
            result.note = population ? Wording{"population nulle", "no population"}
                                     : Wording{"aucune donnée sur la population",
                                               "no data for the population"};
            return result;
        }
        result.value = *count / *population * input.number("per");
        return result;
    }
};

MethodSpec take_up_rate_spec() {
    MethodSpec spec;
    spec.name = "take_up_rate";
    // The name is a code (scheme files write it); the label and the description are what the
    // reports show, in French by default and in English with --lang en.
    spec.label = {"Taux de recours", "Take-up rate"};
    spec.description = {"bénéficiaires / population éligible × 100",
                        "beneficiaries / eligible population × 100"};
    spec.unit = "%";
    spec.params.push_back(series_parameter(
        "beneficiaries", true,
        {"personnes qui perçoivent la prestation", "people receiving the benefit"}));
    spec.params.push_back(
        series_parameter("eligible", true, {"personnes qui y ont droit", "people entitled to it"}));
    spec.params.push_back(number_parameter(
        "floor", 0,
        {"plus petite population éligible pour laquelle le taux est calculé (0 par défaut)",
         "smallest eligible population for which the rate is computed (default 0)"}));
    // Both series roll up as the scheme declares them (by default: summed).
    spec.data.push_back(
        DataNeed{"beneficiaries", "beneficiaries", std::nullopt, std::nullopt, "", false});
    spec.data.push_back(DataNeed{"eligible", "eligible", std::nullopt, std::nullopt, "", false});
    return spec;
}

MethodSpec per_1000_spec() {
    MethodSpec spec;
    spec.name = "per_1000";
    spec.label = {"Pour 1 000 habitants", "Per 1,000 inhabitants"};
    spec.description = {"une série rapportée à 1 000 habitants d'une série de population",
                        "a series per 1,000 inhabitants of a population series"};
    spec.params.push_back(series_parameter("series", false,
                                           {"l'effectif (par défaut : le code de l'indicateur)",
                                            "the count (default: the indicator's code)"}));
    spec.params.push_back(
        series_parameter("population", true, {"habitants (un stock)", "inhabitants (a stock)"}));
    spec.params.push_back(number_parameter("per", 1000,
                                           {"pour combien d'habitants (1 000 par défaut)",
                                            "per how many inhabitants (default 1000)"}));
    spec.data.push_back(DataNeed{"count", "series", std::nullopt, std::nullopt, "", false});
    // A population is a stock whatever the scheme declares: the latest value of the year, then
    // summed across territories.
    spec.data.push_back(DataNeed{"population", "population", Rollup::last, Rollup::sum, "", false});
    return spec;
}

} // namespace

JALON_PLUGIN("example", "1.0.0");

void jalon_register_plugin(jalon::plugin::MethodRegistrar& registrar) {
    registrar.add(take_up_rate_spec(), std::make_unique<TakeUpRate>());
    registrar.add(per_1000_spec(), std::make_unique<PerThousand>());
}
