#pragma once
/// @file
/// Action follow-ups (statuses, comments, narratives, figures per action and year) and their
/// history.

#include <jalon/error.hpp>
#include <jalon/export.hpp>
#include <jalon/model/action_follow_up.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace jalon {

class Database;
struct Scheme;
struct StatusTable;

/// Follow-ups read from a file and checked against a scheme: the records to store, or the
/// problems (each with its place in the file) that forbid storing them.
struct CheckedFollowUps {
    std::vector<ActionFollowUp> records;
    std::vector<Diagnostic> problems;
};

/// Checks a follow-up table against a scheme (known node, year within the scheme's period) and
/// turns its rows into records from `table.file`, by `recorded_by`. A node listed as an
/// achievement outside the plan gets the status réalisé non prévu.
JALON_API CheckedFollowUps check_follow_ups(const Scheme& scheme, const StatusTable& table,
                                            const std::string& recorded_by);

/// What recording follow-ups did.
struct FollowUpResult {
    std::size_t added = 0;     ///< node and year had no follow-up
    std::size_t changed = 0;   ///< the previous record went to the history
    std::size_t unchanged = 0; ///< the same content again
};

/// A follow-up as it was, with when it was replaced (empty for the current one).
struct FollowUpVersion {
    ActionFollowUp follow_up;
    std::string replaced_at;
};

/// Stores and reads follow-ups.
class JALON_API FollowUpStore {
public:
    explicit FollowUpStore(Database& database);

    /// Records follow-ups in one transaction, each with its source, time and author (taken from
    /// the records; a record without time gets the current one): a new node and year is added; a
    /// changed record replaces the stored one, which goes to the history; the same content changes
    /// nothing.
    FollowUpResult record(const std::string& scheme_id, const std::vector<ActionFollowUp>& records);

    /// Every node's latest follow-up up to a year (inclusive), ordered by node code.
    std::vector<ActionFollowUp> latest(const std::string& scheme_id, int up_to_year);

    /// Every version of one node's follow-ups, oldest first, year by year.
    std::vector<FollowUpVersion> history(const std::string& scheme_id, const std::string& node);

private:
    Database& database_;
};

} // namespace jalon
