#include "standard_methods.hpp"

namespace jalon::standard {

namespace {

// Qualitative: 1 from the first year a value above zero is recorded (dated), 0 while only zeros
// are, missing while nothing is.
class Milestone final : public plugin::IndicatorMethod {
public:
    plugin::MethodResult compute(const plugin::MethodInput& input) const override {
        plugin::MethodResult result;
        const plugin::YearlyValues& values = input.values("reached");
        bool recorded = false;
        for (int year = input.period.start; year <= input.year; ++year) {
            const plugin::YearValue* entry = values.at(year);
            if (!entry || !entry->value)
                continue;
            recorded = true;
            if (*entry->value > 0) {
                result.value = 1;
                result.date = entry->first_positive;
                return result;
            }
        }
        if (recorded)
            result.value = 0;
        else
            result.note = {"aucune donnée", "no data"};
        return result;
    }
};

} // namespace

Registration milestone_method() {
    plugin::MethodSpec spec;
    spec.name = "milestone";
    spec.label = {"Jalon atteint ou non", "Milestone reached or not"};
    spec.description = {"indicateur qualitatif, 1 (avec la date) une fois atteint, 0 avant",
                        "a qualitative indicator, 1 (with the date) once reached, 0 before"};
    spec.qualitative = true;
    spec.params.push_back(series_parameter(
        "series", false,
        {"série qui vaut 1 (ou plus) une fois le jalon atteint (par défaut : le code de "
         "l'indicateur)",
         "series recording 1 (or more) once reached (default: the indicator's code)"}));
    spec.data.push_back({"reached", "series", Rollup::max, Rollup::max, "", false});
    return {std::move(spec), std::make_unique<Milestone>()};
}

} // namespace jalon::standard
