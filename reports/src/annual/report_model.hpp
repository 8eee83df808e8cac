#pragma once
// What every sheet needs, derived once from the scheme and the run.

#include "labels.hpp"

#include <jalon/reports/annual_workbook.hpp>

#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace jalon::reports {

class ReportModel {
public:
    ReportModel(const AnnualWorkbookInput& input, const AnnualWorkbookOptions& options);

    const Scheme& scheme;
    const EvaluationRun& run;
    const EvaluationRun* previous;
    const AnnualWorkbookInput& input;
    const AnnualWorkbookOptions& options;
    const Labels& labels;

    std::string root;       // the territory the run is about
    std::vector<int> years; // the period's first year up to the run's year

    const IndicatorResult* result(const std::string& indicator, const std::string& territory,
                                  int year) const;
    const IndicatorResult* previous_result(const std::string& indicator,
                                           const std::string& territory, int year) const;
    // Territories of the run's subtree in tree order, with their depth below the root.
    const std::vector<std::pair<const Territory*, int>>& territories() const {
        return territories_;
    }

    // The level the synthesis groups by (empty: the top-level nodes) and its nodes, in order.
    const std::string& steering_level() const { return steering_level_; }
    const std::vector<const Node*>& steering_nodes() const { return steering_nodes_; }
    // The steering node a node is grouped under; null when it is under none.
    const Node* steering_of(const std::string& node) const;
    // The header of the steering column: the level's name, else "Axe".
    std::string steering_title() const;
    // "Hors axe": the group of the actions and indicators under no steering node.
    std::string outside_title() const;
    // Whether some action or indicator is under no steering node.
    bool has_outside() const { return has_outside_; }
    // "1 › 1.1 › 1.1.1": where a node stands in the tree.
    std::string path_codes(const std::string& node) const;
    // The scheme's actions in document order: all of them, or those under one steering node
    // (`group`), or those under none (a null `group`).
    std::vector<const Node*> actions() const { return actions_; }
    std::vector<const Node*> actions_of(const Node* group) const;
    // Where a node stands in the run's year: its latest follow-up up to that year, else the
    // status its scheme file gives; none when neither says. Every section asks this.
    std::optional<ActionStatus> standing(const Node& node) const;
    // A node's latest follow-up up to the run's year, or null.
    const ActionFollowUp* follow_up(const std::string& node) const;
    // Nodes that are not actions but stand somewhere (a status), in document order.
    const std::vector<const Node*>& other_statuses() const { return other_statuses_; }
    std::vector<const Indicator*> indicators() const;
    std::vector<const Indicator*> indicators_of(const Node* group) const;
    // Whether every value of an indicator in the run is a whole number.
    bool whole_values(const std::string& indicator) const;
    std::string number_format(const Indicator& indicator) const;
    std::string params_text(const Indicator& indicator) const;
    /// The label of the indicator's method in the workbook's language, else its name.
    std::string method_label(const Indicator& indicator) const;

private:
    std::map<std::tuple<std::string, std::string, int>, const IndicatorResult*> results_,
        previous_results_;
    std::map<std::string, const Node*> nodes_;
    std::map<std::string, const ActionFollowUp*> follow_ups_;
    std::string steering_level_;
    std::vector<const Node*> steering_nodes_;
    std::unordered_map<std::string, const Node*> steering_of_;
    std::vector<const Node*> actions_, other_statuses_;
    bool has_outside_ = false;
    std::vector<std::pair<const Territory*, int>> territories_;
    std::map<std::string, bool> whole_;
};

} // namespace jalon::reports
