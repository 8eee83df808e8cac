// Politique de la ville: what goes to residents of priority neighbourhoods (QPV), and rates inside
// and outside them. A territory's QPV part is made of the territories whose kind is one of
// `qpv_kinds` (and of everything below them); the host rolls each part up from the data. On a
// territory that lies within a QPV, part and whole are the same territory and nothing lies outside:
// a share or a rate outside QPV means nothing there, and the methods say so (not applicable).
#include <jalon/plugin/abi.hpp>
#include <jalon/plugin/registrar.hpp>

namespace {

using namespace jalon;
using plugin::MethodInput;
using plugin::MethodResult;
using plugin::Wording;

plugin::ParamSpec qpv_kinds_param() {
    plugin::ParamSpec spec;
    spec.name = "qpv_kinds";
    spec.type = plugin::ParamType::text_list;
    spec.default_value = ParamValue{
        {std::string("QPV"), std::string("quartier prioritaire de la politique de la ville")},
        true};
    spec.description = {"types de territoire qui sont des quartiers prioritaires",
                        "territory kinds that are priority neighbourhoods"};
    return spec;
}

plugin::ParamSpec factor_param() {
    plugin::ParamSpec spec;
    spec.name = "factor";
    spec.type = plugin::ParamType::number;
    spec.default_value = ParamValue{{100.0}, false};
    spec.description = {"multiplicateur du quotient (100 : un pourcentage)",
                        "multiplier of the quotient (100: a percentage)"};
    return spec;
}

// What a quotient's notes say when one of its terms is missing, or when the whole is zero.
struct QuotientNotes {
    Wording no_data;
    Wording zero;
};

const QuotientNotes share_notes{
    {"aucune donnée pour la part en QPV ou pour l'ensemble",
     "no data for the QPV part or the whole"},
    {"ensemble nul : part en QPV non calculée", "the whole is zero: QPV share not computed"}};

QuotientNotes rate_notes(bool outside) {
    if (outside)
        return {{"aucune donnée pour le taux hors QPV", "no data for the rate outside QPV"},
                {"dénominateur nul : taux hors QPV non calculé",
                 "zero denominator: rate outside QPV not computed"}};
    return {{"aucune donnée pour le taux en QPV", "no data for the rate inside QPV"},
            {"dénominateur nul : taux en QPV non calculé",
             "zero denominator: rate inside QPV not computed"}};
}

// part / whole, or a note saying which is missing.
MethodResult quotient(const std::optional<double>& part, const std::optional<double>& whole,
                      double factor, const QuotientNotes& notes) {
    MethodResult result;
    if (!part || !whole)
        result.note = notes.no_data;
    else if (*whole == 0)
        result.note = notes.zero;
    else
        result.value = *part / *whole * factor;
    return result;
}

MethodResult not_applicable() {
    MethodResult result;
    result.not_applicable = true;
    return result;
}

// Share (%) of a quantity that goes to residents of QPV: 15 % of contrats aidés…
class QpvShare final : public plugin::IndicatorMethod {
public:
    MethodResult compute(const MethodInput& input) const override {
        if (input.values("qpv").within_kinds)
            return not_applicable(); // a QPV's share of itself
        return quotient(input.values("qpv").value(input.year),
                        input.values("all").value(input.year), input.number("factor"), share_notes);
    }
};

// A rate numerator / denominator inside or outside QPV, or its change in points since the
// scheme's first year (with `change_from_start`).
class QpvRate final : public plugin::IndicatorMethod {
public:
    MethodResult compute(const MethodInput& input) const override {
        const std::string side = input.text("side");
        if (side == "outside" && input.values("denominator_outside").within_kinds)
            return not_applicable(); // no outside in a QPV
        const auto rate = [&](int year) {
            return quotient(input.values("numerator_" + side).value(year),
                            input.values("denominator_" + side).value(year), input.number("factor"),
                            rate_notes(side == "outside"));
        };
        MethodResult now = rate(input.year);
        if (!now.value || !input.flag("change_from_start"))
            return now;
        const MethodResult start = rate(input.period.start);
        if (!start.value) {
            const std::string year = std::to_string(input.period.start);
            return {
                std::nullopt, {start.note.fr + " en " + year, start.note.en + " in " + year}, ""};
        }
        return {*now.value - *start.value, {}, ""};
    }
};

// Gap in points between the rate inside QPV and the rate outside.
class QpvGap final : public plugin::IndicatorMethod {
public:
    MethodResult compute(const MethodInput& input) const override {
        if (input.values("denominator_outside").within_kinds)
            return not_applicable(); // no outside in a QPV to compare with
        const double factor = input.number("factor");
        const MethodResult inside = quotient(input.values("numerator_inside").value(input.year),
                                             input.values("denominator_inside").value(input.year),
                                             factor, rate_notes(false));
        const MethodResult outside = quotient(input.values("numerator_outside").value(input.year),
                                              input.values("denominator_outside").value(input.year),
                                              factor, rate_notes(true));
        if (!inside.value)
            return inside;
        if (!outside.value)
            return outside;
        return {*inside.value - *outside.value, {}, ""};
    }
};

// The four parts of a rate: numerator and denominator, inside and outside QPV.
void add_rate_parts(plugin::MethodSpec& spec) {
    spec.params.push_back(plugin::series_parameter(
        "numerator", true, {"série au numérateur", "series above the line"}));
    spec.params.push_back(plugin::series_parameter(
        "denominator", true, {"série au dénominateur", "series below the line"}));
    spec.params.push_back(factor_param());
    spec.params.push_back(qpv_kinds_param());
    for (const bool outside : {false, true}) {
        const std::string side = outside ? "outside" : "inside";
        spec.data.push_back(
            {"numerator_" + side, "numerator", std::nullopt, std::nullopt, "qpv_kinds", outside});
        spec.data.push_back({"denominator_" + side, "denominator", std::nullopt, std::nullopt,
                             "qpv_kinds", outside});
    }
}

} // namespace

JALON_PLUGIN("politique-ville", "1.0.0");

void jalon_register_plugin(plugin::MethodRegistrar& registrar) {
    plugin::MethodSpec share;
    share.name = "qpv_share";
    share.label = {"Part des habitants en QPV", "Share going to QPV residents"};
    share.description = {
        "part (%) d'une quantité qui revient aux habitants des quartiers prioritaires",
        "share (%) of a quantity going to residents of priority neighbourhoods"};
    share.unit = "%";
    share.params.push_back(
        plugin::series_parameter("series", false,
                                 {"la quantité (par défaut : le code de l'indicateur)",
                                  "the quantity (default: the indicator's code)"}));
    share.params.push_back(factor_param());
    share.params.push_back(qpv_kinds_param());
    share.data.push_back({"all", "series", std::nullopt, std::nullopt, "", false});
    share.data.push_back({"qpv", "series", std::nullopt, std::nullopt, "qpv_kinds", false});
    registrar.add(std::move(share), std::make_unique<QpvShare>());

    plugin::MethodSpec rate;
    rate.name = "qpv_rate";
    rate.label = {"Taux en QPV ou hors QPV", "Rate inside or outside QPV"};
    rate.description = {"un taux dans les quartiers prioritaires ou hors de ceux-ci, ou son "
                        "évolution en points depuis la première année",
                        "a rate inside or outside priority neighbourhoods, or its change in "
                        "points since the first year"};
    add_rate_parts(rate);
    plugin::ParamSpec side;
    side.name = "side";
    side.type = plugin::ParamType::text;
    side.default_value = ParamValue{{std::string("inside")}, false};
    side.choices = {"inside", "outside"};
    side.description = {"dans (inside) ou hors (outside) des quartiers prioritaires",
                        "inside or outside priority neighbourhoods"};
    rate.params.push_back(side);
    plugin::ParamSpec change;
    change.name = "change_from_start";
    change.type = plugin::ParamType::boolean;
    change.default_value = ParamValue{{false}, false};
    change.description = {"donner l'évolution en points depuis la première année du schéma",
                          "give the change in points since the scheme's first year"};
    rate.params.push_back(change);
    registrar.add(std::move(rate), std::make_unique<QpvRate>());

    plugin::MethodSpec gap;
    gap.name = "qpv_gap";
    gap.label = {"Écart de taux entre QPV et hors QPV", "Rate gap between QPV and elsewhere"};
    gap.description = {"écart en points entre le taux dans les quartiers prioritaires et le taux "
                       "hors de ceux-ci",
                       "gap in points between the rate inside and outside priority "
                       "neighbourhoods"};
    gap.unit = "points";
    add_rate_parts(gap);
    registrar.add(std::move(gap), std::make_unique<QpvGap>());
}
