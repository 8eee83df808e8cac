#include "standard_methods.hpp"

#include <cmath>

namespace jalon::standard {

namespace {

// Relative change (%) of the year's value against the previous year or the baseline.
class Evolution final : public plugin::IndicatorMethod {
public:
    plugin::MethodResult compute(const plugin::MethodInput& input) const override {
        plugin::MethodResult result;
        const auto value = input.values("value").value(input.year);
        if (!value) {
            result.note = {"aucune donnée", "no data"};
            return result;
        }
        std::optional<double> reference;
        if (input.text("against") == "baseline") {
            if (!input.baseline) {
                result.note = {"l'indicateur n'a pas de valeur de référence à laquelle se comparer",
                               "the indicator has no baseline to compare with"};
                return result;
            }
            reference = input.baseline->value;
        } else {
            reference = input.values("value").value(input.year - 1);
            if (!reference) {
                const std::string year = std::to_string(input.year - 1);
                result.note = {"aucune donnée pour " + year, "no data for " + year};
                return result;
            }
        }
        if (*reference == 0) {
            result.note = {"valeur de comparaison nulle", "the reference value is zero"};
            return result;
        }
        result.value = (*value - *reference) / std::fabs(*reference) * 100;
        return result;
    }
};

// Running total since the scheme's first year; years without data are named in the note.
class Cumulative final : public plugin::IndicatorMethod {
public:
    plugin::MethodResult compute(const plugin::MethodInput& input) const override {
        plugin::MethodResult result;
        double total = 0;
        bool any = false;
        std::string missing;
        for (int year = input.period.start; year <= input.year; ++year) {
            if (const auto value = input.values("value").value(year)) {
                total += *value;
                any = true;
            } else {
                missing += (missing.empty() ? "" : ", ") + std::to_string(year);
            }
        }
        if (!any) {
            result.note = {"aucune donnée", "no data"};
            return result;
        }
        result.value = total;
        if (!missing.empty())
            result.note = {"aucune donnée pour " + missing + " (hors du cumul)",
                           "no data for " + missing + " (left out of the total)"};
        return result;
    }
};

plugin::Wording series_to_read() {
    return {"série à lire (par défaut : le code de l'indicateur)",
            "series to read (default: the indicator's code)"};
}

} // namespace

std::vector<Registration> trend_methods() {
    std::vector<Registration> out;

    plugin::MethodSpec evolution;
    evolution.name = "evolution";
    evolution.label = {"Évolution (%)", "Change (%)"};
    evolution.description = {
        "variation relative (%) par rapport à l'année précédente ou à la valeur de référence",
        "relative change (%) against the previous year or the baseline"};
    evolution.unit = "%";
    evolution.params.push_back(series_parameter("series", false, series_to_read()));
    plugin::ParamSpec against;
    against.name = "against";
    against.type = plugin::ParamType::text;
    against.default_value = ParamValue{{std::string("previous")}, false};
    against.choices = {"previous", "baseline"};
    against.description = {
        "l'année précédente (previous) ou la valeur de référence de l'indicateur (baseline)",
        "previous year, or the indicator's baseline"};
    evolution.params.push_back(against);
    evolution.data.push_back({"value", "series", std::nullopt, std::nullopt, "", false});
    out.emplace_back(std::move(evolution), std::make_unique<Evolution>());

    plugin::MethodSpec cumulative;
    cumulative.name = "cumulative";
    cumulative.label = {"Cumul depuis le début du schéma", "Running total since the start"};
    cumulative.description = {"total cumulé depuis la première année du schéma",
                              "running total since the scheme's first year"};
    cumulative.params.push_back(series_parameter("series", false, series_to_read()));
    cumulative.data.push_back({"value", "series", std::nullopt, std::nullopt, "", false});
    out.emplace_back(std::move(cumulative), std::make_unique<Cumulative>());
    return out;
}

} // namespace jalon::standard
