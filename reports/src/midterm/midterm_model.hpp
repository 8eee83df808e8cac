#pragma once
// The mid-term review's content, computed once and written as xlsx or HTML.

#include "labels.hpp"

#include <jalon/reports/midterm_review.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jalon::reports {

// Words of the review, fr/en (statuses come from labels.hpp).
struct MidtermWords {
    std::string review, owner, period, year, run, tree, unplanned, unplanned_none, summary, actions,
        indicators, share, gaps, gaps_actions, gaps_late, gaps_missing, gaps_none, framework,
        framework_none, question, judgement, linked_indicators, linked_nodes, method, run_id,
        run_date, plugins, data_sources, follow_up_sources, comment, figures, value, status, node,
        indicator, relates_to, count, percent, none, synthetic_banner, territory, no_status,
        chart_actions, chart_indicators, contents, criterion_names[6];
};
const MidtermWords& midterm_words(const std::string& language);

// A node of the tree as the review shows it.
struct ReviewNode {
    const Node* node = nullptr;
    int depth = 0;                             // 0 for a top-level node
    bool action = false;                       // an action of the scheme (Scheme::is_action)
    const ActionFollowUp* follow_up = nullptr; // its latest follow-up, if any
};

// An achievement outside the plan (from the scheme file or recorded later).
struct ReviewUnplanned {
    std::string code, title;
    std::optional<std::string> attached_to;
    const ActionFollowUp* follow_up = nullptr;
    const Node* declared = nullptr; // as the scheme file declares it, if it does
};

// Counts of one steering node (of the actions and indicators under none when `top` is null).
struct ReviewSummary {
    const Node* top = nullptr;
    std::map<std::string, std::size_t> actions; // by action status code; "" without status
    std::size_t action_count = 0;
    std::map<ProgressStatus, std::size_t> indicators;
};

class MidtermModel {
public:
    MidtermModel(const MidtermReviewInput& input, const MidtermReviewOptions& options);

    const MidtermReviewInput& input;
    const Scheme& scheme;
    const Labels& labels;
    const MidtermWords& words;
    std::string root; // the territory indicators are judged at

    std::vector<ReviewNode> tree;               // every node, in document order
    std::vector<ReviewUnplanned> unplanned;     // in code order of the scheme file, then the others
    std::string steering_level;                 // empty: the top-level nodes
    std::vector<ReviewSummary> summaries;       // per steering node, then the rest if any
    std::vector<const ReviewNode*> not_started; // actions non engagé or reporté
    std::vector<const Indicator*> late, without_data;

    // The indicator's result at the root territory in the review's year.
    const IndicatorResult* result(const std::string& indicator) const;
    std::string action_status_text(const ActionFollowUp* follow_up) const;
    std::string figure_text(const Figure& figure) const;
    std::string number_text(double value) const;
    // A value with its unit ("13 700 €"; a year given as a figure is not grouped).
    std::string value_text(double value, const std::string& unit) const;
    std::string path_codes(const Node& node) const;
    // Whether a territory of the scheme has key figures (the review then lists them).
    bool has_key_figures() const;
    // "Synthèse par axe", or by the steering level; the header of its first column; the row of
    // what is under no steering node ("Hors axe").
    std::string summary_title() const;
    std::string steering_title() const;
    std::string outside_title() const;

private:
    std::map<std::string, const ActionFollowUp*> follow_ups_;
    std::map<std::string, const IndicatorResult*> results_;
};

// The action statuses in the order the review lists them.
inline constexpr ActionStatus review_action_statuses[] = {
    ActionStatus::done, ActionStatus::in_progress, ActionStatus::not_started,
    ActionStatus::postponed, ActionStatus::dropped};

} // namespace jalon::reports
