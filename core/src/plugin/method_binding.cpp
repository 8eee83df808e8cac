#include <jalon/plugin/method_binding.hpp>

#include <algorithm>

namespace jalon {

namespace {

using plugin::ParamType;

const char* type_name(ParamType type) {
    switch (type) {
    case ParamType::number:
        return "a number";
    case ParamType::text:
        return "a text";
    case ParamType::boolean:
        return "true or false";
    case ParamType::series:
        return "a series code";
    case ParamType::text_list:
        return "a text or a list of texts";
    }
    return "a value";
}

bool fits(const ParamValue& value, const plugin::ParamSpec& spec) {
    const auto all = [&](auto predicate) {
        return std::all_of(value.items.begin(), value.items.end(), predicate);
    };
    const auto is_text = [](const ParamScalar& s) {
        return std::holds_alternative<std::string>(s);
    };
    switch (spec.type) {
    case ParamType::number:
        return !value.is_list && value.items.size() == 1 &&
               std::holds_alternative<double>(value.items.front());
    case ParamType::boolean:
        return !value.is_list && value.items.size() == 1 &&
               std::holds_alternative<bool>(value.items.front());
    case ParamType::text:
        return !value.is_list && value.items.size() == 1 && is_text(value.items.front());
    case ParamType::series: // a plain 2020 is a series code too
        return !value.is_list && value.items.size() == 1 &&
               !std::holds_alternative<bool>(value.items.front());
    case ParamType::text_list:
        return all(is_text);
    }
    return false;
}

std::string scalar_text(const ParamScalar& scalar) {
    if (const auto* text = std::get_if<std::string>(&scalar))
        return *text;
    if (const auto* number = std::get_if<double>(&scalar)) {
        std::string text = std::to_string(*number);
        if (*number == static_cast<double>(static_cast<long long>(*number)))
            text = std::to_string(static_cast<long long>(*number));
        return text;
    }
    return std::get<bool>(scalar) ? "true" : "false";
}

} // namespace

std::vector<SchemeProblem> check_method_bindings(const Scheme& scheme,
                                                 const PluginCatalog& catalog) {
    std::vector<SchemeProblem> problems;
    for (std::size_t i = 0; i < scheme.indicators.size(); ++i) {
        const Indicator& ind = scheme.indicators[i];
        const SchemeElement element{SchemeElement::Kind::indicator, i};
        const std::string who = "indicator '" + ind.code + "'";
        const AvailableMethod* method = catalog.find(ind.method);
        if (!method) {
            std::string offered;
            for (const AvailableMethod* m : catalog.methods())
                offered += (offered.empty() ? "" : ", ") + m->spec.name;
            problems.push_back({element, "method",
                                who + ": unknown method '" + ind.method + "' (" +
                                    (offered.empty() ? std::string("no plugin is loaded")
                                                     : "offered: " + offered) +
                                    ")"});
            continue;
        }
        const auto& params = method->spec.params;
        for (const auto& [name, value] : ind.params) {
            const auto spec = std::find_if(params.begin(), params.end(),
                                           [&](const auto& p) { return p.name == name; });
            if (spec == params.end()) {
                std::string declared;
                for (const auto& p : params)
                    declared += (declared.empty() ? "" : ", ") + p.name;
                problems.push_back({element, "params." + name,
                                    who + ": method '" + ind.method + "' has no parameter '" +
                                        name + "' (it takes: " +
                                        (declared.empty() ? std::string("none") : declared) + ")"});
                continue;
            }
            if (!fits(value, *spec)) {
                problems.push_back({element, "params." + name,
                                    who + ": parameter '" + name + "' of method '" + ind.method +
                                        "' must be " + type_name(spec->type)});
                continue;
            }
            if (!spec->choices.empty()) {
                const std::string text = scalar_text(value.items.front());
                if (std::find(spec->choices.begin(), spec->choices.end(), text) ==
                    spec->choices.end()) {
                    std::string choices;
                    for (const auto& c : spec->choices)
                        choices += (choices.empty() ? "" : ", ") + c;
                    problems.push_back({element, "params." + name,
                                        who + ": parameter '" + name + "' is '" + text +
                                            "', expected one of: " + choices});
                }
            }
        }
        for (const auto& spec : params)
            if (spec.required && !ind.params.count(spec.name))
                problems.push_back({element, "method",
                                    who + ": method '" + ind.method + "' needs parameter '" +
                                        spec.name + "' (" + type_name(spec.type) + ")"});
    }
    return problems;
}

std::map<std::string, ParamValue> bound_params(const Indicator& indicator,
                                               const plugin::MethodSpec& spec) {
    std::map<std::string, ParamValue> out;
    for (const auto& param : spec.params) {
        const auto given = indicator.params.find(param.name);
        if (given != indicator.params.end()) {
            ParamValue value = given->second;
            if (param.type == ParamType::series) // series codes are texts
                value.items = {scalar_text(value.items.front())};
            if (param.type == ParamType::text_list)
                value.is_list = true;
            out.emplace(param.name, std::move(value));
        } else if (param.default_value) {
            out.emplace(param.name, *param.default_value);
        } else if (param.type == ParamType::series) {
            out.emplace(param.name, ParamValue{{indicator.code}, false});
        }
    }
    return out;
}

std::set<std::string> known_series(const Scheme& scheme, const PluginCatalog& catalog) {
    std::set<std::string> series;
    for (const Series& declared : scheme.series)
        series.insert(declared.code);
    for (const Indicator& ind : scheme.indicators) {
        const AvailableMethod* method = catalog.find(ind.method);
        if (!method) {
            series.insert(ind.code);
            continue;
        }
        const auto params = bound_params(ind, method->spec);
        for (const auto& spec : method->spec.params)
            if (spec.type == ParamType::series)
                if (const auto it = params.find(spec.name); it != params.end())
                    series.insert(scalar_text(it->second.items.front()));
    }
    return series;
}

} // namespace jalon
