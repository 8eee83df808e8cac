#include "annual/report_model.hpp"

#include "xlsx/formats.hpp"

#include <cmath>
#include <set>
#include <sstream>

namespace jalon::reports {

ReportModel::ReportModel(const AnnualWorkbookInput& in, const AnnualWorkbookOptions& opts)
    : scheme(*in.scheme), run(*in.run), previous(in.previous_run), input(in), options(opts),
      labels(labels_for(opts.language)) {
    for (int y = scheme.period.start; y <= run.year; ++y)
        years.push_back(y);
    for (const IndicatorResult& r : run.results) {
        results_[{r.indicator, r.territory, r.year}] = &r;
        if (r.value) {
            auto& whole = whole_.try_emplace(r.indicator, true).first->second;
            whole = whole && std::fabs(*r.value - std::round(*r.value)) < 1e-9;
        }
    }
    if (previous)
        for (const IndicatorResult& r : previous->results)
            previous_results_[{r.indicator, r.territory, r.year}] = &r;

    for (const Node& node : scheme.nodes)
        nodes_[node.code] = &node;
    steering_level_ = opts.steering_level.empty() ? scheme.steering_level : opts.steering_level;
    steering_nodes_ = scheme.steering_nodes(steering_level_);
    steering_of_ = scheme.steering_groups(steering_level_);
    for (const ActionFollowUp& f : in.follow_ups)
        follow_ups_[f.node] = &f;
    actions_ = scheme.actions();
    std::set<const Node*> is_action(actions_.begin(), actions_.end());
    for (const Node& node : scheme.nodes)
        if (standing(node) && !is_action.count(&node))
            other_statuses_.push_back(&node);
    for (const Node* action : actions_)
        has_outside_ = has_outside_ || !steering_of(action->code);
    for (const Indicator& ind : scheme.indicators)
        has_outside_ = has_outside_ || !steering_of(ind.node);

    // The run's territory, else the first root; then its subtree in tree order with depths.
    root = run.territory.value_or(scheme.territories.empty() ? std::string()
                                                             : scheme.territories.front().code);
    std::map<std::string, int> depth;
    for (const Territory& t : scheme.territories) {
        if (t.code == root)
            depth[t.code] = 0;
        else if (t.parent && depth.count(*t.parent))
            depth[t.code] = depth[*t.parent] + 1;
        else
            continue;
        territories_.emplace_back(&t, depth[t.code]);
    }
}

const ActionFollowUp* ReportModel::follow_up(const std::string& node) const {
    const auto it = follow_ups_.find(node);
    return it == follow_ups_.end() ? nullptr : it->second;
}

std::optional<ActionStatus> ReportModel::standing(const Node& node) const {
    if (const ActionFollowUp* f = follow_up(node.code))
        return f->status;
    return node.status;
}

const IndicatorResult* ReportModel::result(const std::string& indicator,
                                           const std::string& territory, int year) const {
    const auto it = results_.find({indicator, territory, year});
    return it == results_.end() ? nullptr : it->second;
}

const IndicatorResult* ReportModel::previous_result(const std::string& indicator,
                                                    const std::string& territory, int year) const {
    const auto it = previous_results_.find({indicator, territory, year});
    return it == previous_results_.end() ? nullptr : it->second;
}

const Node* ReportModel::steering_of(const std::string& code) const {
    const auto it = steering_of_.find(code);
    return it == steering_of_.end() ? nullptr : it->second;
}

std::string ReportModel::steering_title() const {
    if (steering_level_.empty())
        return labels.axis;
    std::string title = steering_level_;
    if (!title.empty() && title.front() >= 'a' && title.front() <= 'z')
        title.front() = static_cast<char>(title.front() - 'a' + 'A');
    return title;
}

std::string ReportModel::outside_title() const {
    const std::string level = steering_level_.empty() ? labels.axis : steering_level_;
    return labels.language == "en" ? "Outside any " + level : "Hors " + level;
}

std::string ReportModel::path_codes(const std::string& code) const {
    std::string path;
    for (auto it = nodes_.find(code); it != nodes_.end();
         it = it->second->parent ? nodes_.find(*it->second->parent) : nodes_.end())
        path = it->second->code + (path.empty() ? "" : " › " + path);
    return path;
}

std::vector<const Node*> ReportModel::actions_of(const Node* group) const {
    std::vector<const Node*> out;
    for (const Node* action : actions_)
        if (steering_of(action->code) == group)
            out.push_back(action);
    return out;
}

std::vector<const Indicator*> ReportModel::indicators() const {
    std::vector<const Indicator*> out;
    for (const Indicator& ind : scheme.indicators)
        out.push_back(&ind);
    return out;
}

std::vector<const Indicator*> ReportModel::indicators_of(const Node* group) const {
    std::vector<const Indicator*> out;
    for (const Indicator& ind : scheme.indicators)
        if (steering_of(ind.node) == group)
            out.push_back(&ind);
    return out;
}

bool ReportModel::whole_values(const std::string& indicator) const {
    const auto it = whole_.find(indicator);
    return it == whole_.end() || it->second;
}

std::string ReportModel::number_format(const Indicator& indicator) const {
    return reports::number_format(indicator.unit, whole_values(indicator.code));
}

std::string ReportModel::method_label(const Indicator& indicator) const {
    for (const plugin::MethodSpec& spec : input.methods)
        if (spec.name == indicator.method && !spec.label.empty())
            return spec.label.in(labels.language);
    return indicator.method;
}

std::string ReportModel::params_text(const Indicator& indicator) const {
    std::string text;
    for (const auto& [name, value] : indicator.params) {
        std::string items;
        for (const ParamScalar& item : value.items) {
            std::ostringstream one;
            if (const auto* t = std::get_if<std::string>(&item))
                one << *t;
            else if (const auto* b = std::get_if<bool>(&item))
                one << (*b ? "true" : "false");
            else
                one << std::get<double>(item);
            items += (items.empty() ? "" : ", ") + one.str();
        }
        text +=
            (text.empty() ? "" : "; ") + name + " = " + (value.is_list ? "[" + items + "]" : items);
    }
    return text;
}

} // namespace jalon::reports
