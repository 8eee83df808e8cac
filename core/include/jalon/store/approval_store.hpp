#pragma once
/// @file
/// Approving (locking) a year's data per territory: imports into approved data are refused.

#include <jalon/export.hpp>
#include <jalon/model/scheme.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace jalon {

class Database;

/// A territory whose data of a year is approved.
struct DataApproval {
    std::string territory;
    int year = 0;
    std::string approved_by;
    std::string approved_at; ///< UTC, ISO 8601

    bool operator==(const DataApproval&) const = default;
};

/// Approves and unapproves data, territory subtree by territory subtree.
class JALON_API ApprovalStore {
public:
    explicit ApprovalStore(Database& database);

    /// Locks `year` for `territory` and every territory below it (all territories when none),
    /// recording who and when; returns how many territories became approved.
    std::size_t approve(const Scheme& scheme, int year, const std::optional<std::string>& territory,
                        const std::string& by);
    /// Unlocks them again; the reason is kept in the approval log. Returns how many were unlocked.
    std::size_t unapprove(const Scheme& scheme, int year,
                          const std::optional<std::string>& territory, const std::string& by,
                          const std::string& reason);
    /// The approved territories and years of a scheme, in territory and year order.
    std::vector<DataApproval> approvals(const std::string& scheme_id);

private:
    Database& database_;
};

} // namespace jalon
