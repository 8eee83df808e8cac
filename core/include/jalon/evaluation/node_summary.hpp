#pragma once
/// @file
/// Per node of a scheme: its indicators by status and its actions by status, for one territory
/// and year of a run.

#include <jalon/evaluation/indicator_result.hpp>
#include <jalon/export.hpp>
#include <jalon/model/scheme.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace jalon {

/// One node's counts, over its whole subtree.
struct NodeSummary {
    std::string node;
    std::size_t depth = 0; ///< 0 for a top-level node
    std::map<ProgressStatus, std::size_t> indicators;
    /// Actions (Scheme::is_action) in its subtree, itself included, by status code (`realise`,
    /// `en-cours`…), and `non-renseigne` for those without a status.
    std::map<std::string, std::size_t> actions;
};

/// The summary of every node, in tree order, from the results at `territory` in `year`.
JALON_API std::vector<NodeSummary> summarize_nodes(const Scheme& scheme, const EvaluationRun& run,
                                                   const std::string& territory, int year);

} // namespace jalon
