#pragma once
/// @file
/// Evaluation runs: stored once, never modified, listed and read back.

#include <jalon/evaluation/indicator_result.hpp>
#include <jalon/export.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jalon {

class Database;

/// One line of `jalon runs list`.
struct RunSummary {
    long long id = 0;
    std::string scheme_id;
    int year = 0;
    std::optional<std::string> territory;
    std::string created_at;
    std::string scheme_hash;
    bool synthetic = false;
    /// Results of the run's year at its territory (the one asked, else the tree's roots), by
    /// status.
    std::map<ProgressStatus, std::size_t> statuses;
};

/// Stores and reads runs.
class JALON_API RunStore {
public:
    explicit RunStore(Database& database);

    /// Stores a run in one transaction, with its imports, giving it the next id, and the current
    /// time unless it has one (the time its data were read).
    long long save(EvaluationRun& run);
    /// Runs, newest first; of one scheme when given.
    std::vector<RunSummary> list(const std::optional<std::string>& scheme_id = std::nullopt);
    /// A whole run, or nothing for an unknown id.
    std::optional<EvaluationRun> load(long long id);
    /// The latest run of a scheme for a year, if any; with `before`, the latest older than it.
    /// Only runs of the same scope count: of the whole scheme without `territory`, else of that
    /// territory (`jalon evaluate --territory`), so that a run of part of the tree is never taken
    /// for, nor compared with, a run of the whole.
    std::optional<long long> latest(const std::string& scheme_id, int year,
                                    std::optional<long long> before = std::nullopt,
                                    const std::optional<std::string>& territory = std::nullopt);

private:
    Database& database_;
};

} // namespace jalon
