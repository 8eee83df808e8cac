#pragma once
/// @file
/// The extension point for indicator computations: what a method declares (its parameters and the
/// data it needs) and what it is given and returns for one indicator, territory and year.

#include <jalon/model/indicator.hpp>
#include <jalon/model/scheme.hpp>
#include <jalon/model/series.hpp>
#include <jalon/plugin/wording.hpp>

#include <boost/config.hpp>

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace jalon::plugin {

/// The type of a method parameter, checked when a scheme file is imported.
enum class ParamType {
    number,    ///< a number
    text,      ///< a text
    boolean,   ///< true or false
    series,    ///< the code of a data series (defaults to the indicator's own code)
    text_list, ///< a list of texts (or a single text)
};

/// One parameter a method accepts.
struct ParamSpec {
    std::string name;
    ParamType type = ParamType::number;
    bool required = false;
    std::optional<ParamValue> default_value; ///< used when the scheme file omits it
    std::vector<std::string> choices;        ///< allowed texts, when the parameter is a choice
    Wording description;                     ///< one line, in French and in English
};

/// A `series` parameter: the code of a series; when not required and not given, the indicator's
/// own code.
inline ParamSpec series_parameter(std::string name, bool required, Wording description) {
    ParamSpec spec;
    spec.name = std::move(name);
    spec.type = ParamType::series;
    spec.required = required;
    spec.description = std::move(description);
    return spec;
}

/// A `number` parameter with its default.
inline ParamSpec number_parameter(std::string name, double default_value, Wording description) {
    ParamSpec spec;
    spec.name = std::move(name);
    spec.type = ParamType::number;
    spec.default_value = ParamValue{{default_value}, false};
    spec.description = std::move(description);
    return spec;
}

/// A series a method reads, and how the host must roll it up before the method sees it.
struct DataNeed {
    std::string name;         ///< key under which MethodInput::data() returns it: "numerator"
    std::string series_param; ///< the parameter that names the series (type `series`)
    std::optional<Rollup> within_year;        ///< none: as the series declares
    std::optional<Rollup> across_territories; ///< none: as the series declares
    /// When set: the parameter (type `text_list`) listing territory kinds; the need then covers
    /// only the part of each territory made of territories of those kinds (e.g. QPV)…
    std::string kinds_param;
    /// …or, when true, the rest of the territory: its value minus that part (additive rollups
    /// only).
    bool outside_kinds = false;
};

/// Everything the host needs to know about a method before computing anything. Its label and
/// description reach the reports in their language (French by default, English on request); its
/// name is a code, written in scheme files and shown only where a technician needs it.
struct MethodSpec {
    std::string name;         ///< unique across all loaded plugins: `sum`, `qpv_share`
    Wording label;            ///< a few words: "Somme sur l'année" / "Sum over the year"
    Wording description;      ///< one line: what it computes and how
    std::string unit;         ///< unit of the result when the method fixes it (`%`, `points`)
    bool qualitative = false; ///< results are 1 (reached) or 0: a target given as text means 1
    std::vector<ParamSpec> params;
    std::vector<DataNeed> data;
};

/// One year of a data need at one territory, after roll-up.
struct YearValue {
    std::optional<double> value; ///< missing stays missing: never zero
    std::string first_positive;  ///< end date (YYYY-MM-DD) of the year's first value > 0, if any
    bool synthetic = false;      ///< some observation behind it is synthetic
};

/// A data need's values at one territory, one entry per year of the scheme's period.
struct YearlyValues {
    int first_year = 0;
    std::vector<YearValue> years;
    /// For a need restricted to territory kinds (DataNeed::kinds_param): the territory is itself
    /// of one of those kinds, or lies below one. Its part is then the whole territory (a QPV's QPV
    /// part is the QPV), and the part outside those kinds is empty.
    bool within_kinds = false;

    /// The entry of a year, or nullptr outside the period.
    const YearValue* at(int year) const {
        if (year < first_year || year >= first_year + static_cast<int>(years.size()))
            return nullptr;
        return &years[static_cast<std::size_t>(year - first_year)];
    }
    std::optional<double> value(int year) const {
        const YearValue* entry = at(year);
        return entry ? entry->value : std::nullopt;
    }
};

/// What a method is given for one indicator at one territory and year. Parameters carry their
/// defaults (series parameters default to the indicator's code).
struct MethodInput {
    std::string indicator;
    std::string territory;
    int year = 0;
    Period period;                    ///< the scheme's period
    std::optional<Baseline> baseline; ///< the indicator's baseline
    std::map<std::string, ParamValue> params;
    std::map<std::string, YearlyValues> data; ///< by DataNeed::name

    /// The values of a declared data need (throws std::out_of_range for an undeclared one).
    const YearlyValues& values(const std::string& need) const { return data.at(need); }
    /// Whether a parameter has a value (given, or by default): optional ones without a default
    /// may be absent.
    bool has(const std::string& name) const { return params.count(name) > 0; }
    /// A number parameter (throws std::invalid_argument when absent or not a number).
    double number(const std::string& name) const { return scalar<double>(name, "a number"); }
    /// A text parameter (throws std::invalid_argument when absent or not a text).
    std::string text(const std::string& name) const { return scalar<std::string>(name, "a text"); }
    /// A boolean parameter (throws std::invalid_argument when absent or not a boolean).
    bool flag(const std::string& name) const { return scalar<bool>(name, "true or false"); }
    /// A list of texts (a single text counts as a list of one).
    std::vector<std::string> texts(const std::string& name) const {
        std::vector<std::string> out;
        const auto it = params.find(name);
        if (it != params.end())
            for (const ParamScalar& item : it->second.items)
                if (const auto* text = std::get_if<std::string>(&item))
                    out.push_back(*text);
        return out;
    }

private:
    template <typename T>
    T scalar(const std::string& name, const char* what) const {
        const auto it = params.find(name);
        if (it == params.end() || it->second.items.size() != 1 ||
            !std::holds_alternative<T>(it->second.items.front()))
            throw std::invalid_argument("parameter '" + name + "' must be " + what);
        return std::get<T>(it->second.items.front());
    }
};

/// What a method returns. No value means "cannot be computed" (missing data), with the reason in
/// `note`. The host checks every field before storing it; a field out of its bounds makes that
/// result `non calculé` with the reason (the other results are kept).
///
/// `not_applicable` says instead that the indicator has no meaning at this territory (a share of
/// QPV residents measured on a QPV itself, whose part and whole are the same territory): the host
/// then records no result for that territory and year — no value, no status, nothing missing —
/// and ignores the other fields.
struct MethodResult {
    std::optional<double> value; ///< finite (NaN and infinities are refused)
    /// Why there is no value, or a remark shown with it, in French and in English (both are
    /// stored: a report shows the one of its language, now or later): UTF-8 without NUL bytes
    /// (else refused); longer than 4 096 bytes, it is cut at a character boundary and ends with
    /// " […]".
    Wording note;
    /// For dated results (a milestone reached on that day): empty, or a real date written
    /// YYYY-MM-DD (else refused).
    std::string date;
    /// The indicator does not apply at this territory: nothing is recorded (see above).
    bool not_applicable = false;
};

/// An indicator computation. Implementations must be stateless or thread-compatible: the host may
/// call compute() for many territories and years. Exceptions are caught by the host and recorded.
/// What compute() prints on standard output or error is logged as warnings by the host, never
/// shown as the command's output. It must not end the process: exit() and quick_exit() are
/// reported and make the command fail with status 1 (with --isolate-plugins, they fail that
/// indicator only, as _exit() and crashes do).
class BOOST_SYMBOL_VISIBLE IndicatorMethod {
public:
    virtual ~IndicatorMethod() = default;
    virtual MethodResult compute(const MethodInput& input) const = 0;
};

} // namespace jalon::plugin
