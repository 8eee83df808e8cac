#pragma once
// What every sheet needs, derived once from the scheme and the run.

#include "labels.hpp"

#include <jalon/reports/annual_workbook.hpp>

#include <map>
#include <string>
#include <tuple>
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

    const std::vector<const Node*>& top_nodes() const { return top_nodes_; }
    // The top-level node above a node (itself for a top-level node).
    const Node* top_of(const std::string& node) const;
    // "1 › 1.1 › 1.1.1": where a node stands in the tree.
    std::string path_codes(const std::string& node) const;
    // Actions: nodes without children, in document order; under a top-level node when given.
    std::vector<const Node*> actions(const Node* top = nullptr) const;
    std::vector<const Indicator*> indicators(const Node* top = nullptr) const;
    // Whether every value of an indicator in the run is a whole number.
    bool whole_values(const std::string& indicator) const;
    std::string number_format(const Indicator& indicator) const;
    std::string params_text(const Indicator& indicator) const;

private:
    std::map<std::tuple<std::string, std::string, int>, const IndicatorResult*> results_,
        previous_results_;
    std::map<std::string, const Node*> nodes_;
    std::map<std::string, bool> has_children_;
    std::vector<const Node*> top_nodes_;
    std::vector<std::pair<const Territory*, int>> territories_;
    std::map<std::string, bool> whole_;
};

} // namespace jalon::reports
