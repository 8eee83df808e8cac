#include "../plugin/plugin_call.hpp"
#include "child_computation.hpp"
#include "territory_rollup.hpp"

#include <jalon/error.hpp>
#include <jalon/evaluation/evaluator.hpp>
#include <jalon/evaluation/progress_judgement.hpp>
#include <jalon/plugin/catalog.hpp>
#include <jalon/plugin/method_binding.hpp>
#include <jalon/store/observation_store.hpp>
#include <jalon/version.hpp>

#include <map>
#include <set>
#include <tuple>

namespace jalon {

namespace {

using plugin::YearlyValues;

std::string rule_key(const std::string& series, const RollupRule& rule) {
    std::string key = series + '\x1f' + std::string(to_code(rule.within_year)) + '\x1f' +
                      std::string(to_code(rule.across_territories)) + '\x1f' +
                      (rule.outside ? "out" : "in");
    for (const std::string& kind : rule.kinds)
        key += '\x1f' + kind;
    return key;
}

// One data need of a method, resolved for an indicator: the series it reads and how it rolls up.
struct ResolvedNeed {
    std::string name;
    std::string series;
    RollupRule rule;
};

// Throws std::invalid_argument, std::out_of_range or std::bad_variant_access when a parameter the
// method reads is missing or mistyped (the caller reports which).
std::vector<ResolvedNeed> resolve_needs(const Scheme& scheme, const plugin::MethodSpec& spec,
                                        const std::map<std::string, ParamValue>& params) {
    std::vector<ResolvedNeed> needs;
    for (const plugin::DataNeed& need : spec.data) {
        ResolvedNeed resolved;
        resolved.name = need.name;
        resolved.series = std::get<std::string>(params.at(need.series_param).items.at(0));
        const Series declared = scheme.series_or_default(resolved.series);
        resolved.rule.within_year = need.within_year.value_or(declared.within_year);
        resolved.rule.across_territories =
            need.across_territories.value_or(declared.across_territories);
        resolved.rule.outside = need.outside_kinds;
        if (!need.kinds_param.empty())
            for (const ParamScalar& kind : params.at(need.kinds_param).items)
                resolved.rule.kinds.push_back(std::get<std::string>(kind));
        needs.push_back(std::move(resolved));
    }
    return needs;
}

// What a plugin's result may be stored as: an error text bounded and safe to store, or every field
// checked (result_fault); a bad field makes the result an error naming the plugin.
Computation checked(Computation c, const std::string& who) {
    if (!c.error.empty())
        return {{}, {}, {}, {}, plugin_text(c.error)};
    if (c.not_applicable)
        return {{}, {}, {}, {}, {}, true};
    plugin::MethodResult result{
        c.value, {std::move(c.note), std::move(c.note_en)}, std::move(c.date)};
    if (const std::string fault = result_fault(result); !fault.empty())
        return {{}, {}, {}, {}, who + " " + fault};
    return {result.value,
            std::move(result.note.fr),
            std::move(result.note.en),
            std::move(result.date),
            {}};
}

// The one guard around a call into a plugin, in process and in an isolated child alike.
Computation computed(const plugin::IndicatorMethod& method, const plugin::MethodInput& input,
                     const std::string& who) {
    try {
        plugin::MethodResult result = method.compute(input);
        return checked({result.value,
                        std::move(result.note.fr),
                        std::move(result.note.en),
                        std::move(result.date),
                        {},
                        result.not_applicable},
                       who);
    } catch (const std::exception& e) {
        return {{}, {}, {}, {}, who + " threw: " + plugin_text(e.what())};
    } catch (...) {
        return {{}, {}, {}, {}, who + " threw an exception that is not a std::exception"};
    }
}

} // namespace

Evaluator::Evaluator(const Scheme& scheme, const PluginCatalog& catalog,
                     ObservationStore& observations)
    : scheme_(scheme), catalog_(catalog), observations_(observations) {}

EvaluationRun Evaluator::evaluate(const EvaluationOptions& options,
                                  const std::function<void(std::size_t, std::size_t)>& progress) {
    const Period& period = scheme_.period;
    if (!period.contains(options.year))
        throw InputError("year " + std::to_string(options.year) + " is outside the period " +
                         std::to_string(period.start) + "-" + std::to_string(period.end) +
                         " of scheme '" + scheme_.id + "'");
    const TerritoryTree tree(scheme_);
    if (tree.size() == 0 && !scheme_.indicators.empty())
        throw InputError("scheme '" + scheme_.id +
                         "' has indicators but no territory: declare at least the territory it "
                         "covers");
    std::vector<std::size_t> scope;
    if (options.territory) {
        const std::size_t root = tree.index_of(*options.territory);
        if (root >= tree.size())
            throw InputError("no territory '" + *options.territory + "' in scheme '" + scheme_.id +
                             "'");
        scope = tree.subtree(root);
    } else {
        for (std::size_t t = 0; t < tree.size(); ++t)
            scope.push_back(t);
    }

    EvaluationRun run;
    run.scheme_id = scheme_.id;
    run.year = options.year;
    run.territory = options.territory;
    run.jalon_version = JALON_VERSION_STRING;
    run.options =
        "year=" + std::to_string(options.year) +
        (options.territory ? " territory=" + *options.territory : std::string()) +
        (options.isolate_plugins ? " isolate-plugins plugin-timeout=" +
                                       std::to_string(options.plugin_timeout.count()) + "ms"
                                 : std::string());
    for (const PluginInfo& plugin : catalog_.plugins())
        run.plugins.push_back({plugin.name, plugin.version, plugin.file});

    // Every series at once, in one grouped query; a stock's latest values only for the series
    // some indicator reads with the `last` roll-up (they cost a second pass).
    std::set<std::string> stocks;
    for (const Indicator& ind : scheme_.indicators)
        if (const AvailableMethod* method = catalog_.find(ind.method))
            try {
                for (const ResolvedNeed& need :
                     resolve_needs(scheme_, method->spec, bound_params(ind, method->spec)))
                    if (need.rule.within_year == Rollup::last)
                        stocks.insert(need.series);
            } catch (const std::exception&) {
                // Reported with the indicator below.
            }
    run.imports = observations_.imports(scheme_.id);
    const std::map<std::string, std::vector<YearCell>> cells =
        observations_.scheme_cells(scheme_.id, stocks);
    const std::vector<YearCell> no_cells;
    std::map<std::string, std::vector<YearlyValues>> rolled; // by series and roll-up rule
    std::string unavailable_hint;
    for (const PluginFailure& failure : catalog_.failures())
        unavailable_hint += "; plugin " + failure.file + " failed: " + failure.reason;

    const std::size_t total = scheme_.indicators.size();
    for (std::size_t done = 0; done < total; ++done) {
        const Indicator& ind = scheme_.indicators[done];
        const AvailableMethod* method = catalog_.find(ind.method);
        std::string failure; // set when nothing can be computed for this indicator
        std::map<std::string, const std::vector<YearlyValues>*> needs;
        std::map<std::string, ParamValue> params;
        if (!method) {
            failure = "method '" + ind.method + "' is not offered by any loaded plugin" +
                      unavailable_hint;
        } else {
            params = bound_params(ind, method->spec);
            try {
                for (const ResolvedNeed& need : resolve_needs(scheme_, method->spec, params)) {
                    const std::string key = rule_key(need.series, need.rule);
                    auto it = rolled.find(key);
                    if (it == rolled.end()) {
                        const auto found = cells.find(need.series);
                        it = rolled
                                 .emplace(key,
                                          roll_up(tree,
                                                  found == cells.end() ? no_cells : found->second,
                                                  period, need.rule))
                                 .first;
                    }
                    needs[need.name] = &it->second;
                }
            } catch (const std::invalid_argument& e) {
                failure = std::string("method '") + ind.method + "': " + e.what();
            } catch (const std::out_of_range&) {
                failure = "method '" + ind.method + "': a parameter it reads has no value";
            } catch (const std::bad_variant_access&) {
                failure = "method '" + ind.method + "': a series or kind parameter is not a text";
            }
        }
        const bool qualitative = method && method->spec.qualitative;
        // Baseline, milestones and target are the scheme's: they apply to the territory it
        // covers (a root of the tree); below it, values are shown without a verdict.
        Indicator unjudged = ind;
        unjudged.baseline.reset();
        unjudged.milestones.clear();
        unjudged.target.reset();

        // The method's answers for every territory and year, in the order of the loop below;
        // with isolation, computed in a child process that may crash or hang alone.
        const auto input_for = [&](std::size_t t) {
            plugin::MethodInput input;
            input.indicator = ind.code;
            input.territory = tree.code(t);
            input.period = period;
            input.baseline = ind.baseline;
            input.params = params;
            for (const auto& [name, values] : needs)
                input.data.emplace(name, (*values)[t]);
            return input;
        };
        const std::string who = method ? "method '" + ind.method + "' (plugin '" + method->plugin +
                                             "', " + method->file + ")"
                                       : std::string();
        const auto compute_all = [&] {
            std::vector<Computation> out;
            PluginCall call(method->plugin, method->file, "computing indicator '" + ind.code + "'");
            for (const std::size_t t : scope) {
                plugin::MethodInput input = input_for(t);
                for (int year = period.start; year <= options.year; ++year) {
                    input.year = year;
                    call.at(input);
                    out.push_back(computed(*method->method, input, who));
                }
            }
            return out;
        };
        std::vector<Computation> computations;
        if (failure.empty()) {
            if (options.isolate_plugins) {
                auto answer = compute_in_child(compute_all, options.plugin_timeout);
                if (auto* done = std::get_if<std::vector<Computation>>(&answer)) {
                    computations = std::move(*done);
                    // The child is the plugin's: what it sent is checked again here.
                    for (Computation& c : computations)
                        c = checked(std::move(c), who);
                } else {
                    failure = who + " " + std::get<std::string>(answer);
                }
            } else {
                computations = compute_all();
            }
        }

        std::size_t k = 0;
        for (const std::size_t t : scope) {
            const plugin::MethodInput input = input_for(t);
            for (int year = period.start; year <= options.year; ++year, ++k) {
                IndicatorResult result;
                result.indicator = ind.code;
                result.territory = tree.code(t);
                result.year = year;
                result.method = ind.method;
                std::optional<double> value;
                std::string error = failure;
                if (error.empty()) {
                    Computation& c = computations.at(k);
                    if (c.not_applicable)
                        continue; // no meaning here: no result, neither value nor status
                    error = std::move(c.error);
                    value = c.value;
                    result.note = std::move(c.note);
                    result.note_en = std::move(c.note_en);
                    result.date = std::move(c.date);
                }
                const bool root = tree.parent(t) >= tree.size();
                const ProgressJudgement j =
                    judge_progress(root ? ind : unjudged, qualitative, value, year, period);
                result.value = value;
                result.baseline = j.baseline;
                result.baseline_year = j.baseline_year;
                result.reference = j.reference;
                result.reference_year = j.reference_year;
                result.reference_kind = j.reference_kind;
                result.expected = j.expected;
                result.attainment = j.attainment;
                result.status = j.status;
                if (!error.empty()) {
                    result.status = ProgressStatus::not_computed;
                    result.attainment.reset();
                    // The host's reasons are technical, for whoever installs the plugins: the
                    // same text in both languages.
                    result.note = error;
                    result.note_en = error;
                }
                for (const auto& [name, values] : input.data)
                    if (const plugin::YearValue* entry = values.at(year))
                        result.synthetic = result.synthetic || entry->synthetic;
                result.synthetic = result.synthetic || ind.synthetic_targets;
                run.synthetic = run.synthetic || result.synthetic;
                run.results.push_back(std::move(result));
            }
        }
        if (progress)
            progress(done + 1, total);
    }
    return run;
}

} // namespace jalon
