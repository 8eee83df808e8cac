#include "clock.hpp"
#include "writer_lock.hpp"
#include "row_value.hpp"

#include <jalon/error.hpp>
#include <jalon/store/approval_store.hpp>
#include <jalon/store/database.hpp>

#include <soci/soci.h>

namespace jalon {

namespace {

// The territory and those below it, in document order (all of them without a territory).
std::vector<std::string> subtree(const Scheme& scheme, const std::optional<std::string>& root) {
    if (root && !scheme.find_territory(*root))
        throw InputError("no territory '" + *root + "' in scheme '" + scheme.id + "'");
    std::vector<std::string> codes;
    for (const Territory& t : scheme.territories) {
        bool inside = !root || t.code == *root;
        for (const Territory* up = &t; !inside && up->parent;) {
            up = scheme.find_territory(*up->parent);
            if (!up)
                break;
            inside = up->code == *root;
        }
        if (inside)
            codes.push_back(t.code);
    }
    return codes;
}

void check_year(const Scheme& scheme, int year) {
    if (!scheme.period.contains(year))
        throw InputError("year " + std::to_string(year) + " is outside the period " +
                         std::to_string(scheme.period.start) + "-" +
                         std::to_string(scheme.period.end) + " of scheme '" + scheme.id + "'");
}

// One line of the approval log: what was done to which subtree and year, by whom, why.
void log(soci::session& sql, const std::string& scheme, const std::optional<std::string>& territory,
         int year, const std::string& action, const std::string& by, const std::string& at,
         const std::string& reason) {
    const std::string root = territory.value_or("");
    sql << "INSERT INTO data_approval_log (scheme_id, territory_code, year, action, done_by, "
           "done_at, reason) VALUES (:s, :t, :y, :a, :b, :at, :r)",
        soci::use(scheme), soci::use(root), soci::use(year), soci::use(action), soci::use(by),
        soci::use(at), soci::use(reason);
}

} // namespace

ApprovalStore::ApprovalStore(Database& database) : database_(database) {}

std::size_t ApprovalStore::approve(const Scheme& scheme, int year,
                                   const std::optional<std::string>& territory,
                                   const std::string& by) {
    check_year(scheme, year);
    const auto codes = subtree(scheme, territory);
    soci::session& sql = database_.session();
    const std::string now = utc_now();
    std::size_t approved = 0;
    try {
        Transaction transaction(database_);
        // Waits for imports in progress, so that none lands in the year once it is approved.
        lock_writers(database_, WriterLock::observations);
        // The log line first: on PostgreSQL a change of data_approval without a line of its
        // transaction gets one from the server (migration 9).
        log(sql, scheme.id, territory, year, "approve", by, now, "");
        for (const std::string& code : codes) {
            int already = 0;
            sql << "SELECT COUNT(*) FROM data_approval WHERE scheme_id = :s AND territory_code = "
                   ":t AND year = :y",
                soci::use(scheme.id), soci::use(code), soci::use(year), soci::into(already);
            if (already)
                continue;
            sql << "INSERT INTO data_approval (scheme_id, territory_code, year, approved_by, "
                   "approved_at) VALUES (:s, :t, :y, :b, :a)",
                soci::use(scheme.id), soci::use(code), soci::use(year), soci::use(by),
                soci::use(now);
            ++approved;
        }
        transaction.commit();
    } catch (const soci::soci_error& e) {
        throw RuntimeError("cannot approve in " + database_.url().display() + ": " +
                           e.get_error_message());
    }
    return approved;
}

std::size_t ApprovalStore::unapprove(const Scheme& scheme, int year,
                                     const std::optional<std::string>& territory,
                                     const std::string& by, const std::string& reason) {
    check_year(scheme, year);
    if (reason.empty())
        throw InputError("unapproving needs a reason (--reason)");
    const auto codes = subtree(scheme, territory);
    soci::session& sql = database_.session();
    const std::string now = utc_now();
    std::size_t unlocked = 0;
    try {
        Transaction transaction(database_);
        log(sql, scheme.id, territory, year, "unapprove", by, now, reason);
        for (const std::string& code : codes) {
            soci::statement remove =
                (sql.prepare << "DELETE FROM data_approval WHERE scheme_id = :s AND "
                                "territory_code = :t AND year = :y",
                 soci::use(scheme.id), soci::use(code), soci::use(year));
            remove.execute(true);
            unlocked += static_cast<std::size_t>(remove.get_affected_rows());
        }
        transaction.commit();
    } catch (const soci::soci_error& e) {
        throw RuntimeError("cannot unapprove in " + database_.url().display() + ": " +
                           e.get_error_message());
    }
    return unlocked;
}

std::vector<DataApproval> ApprovalStore::approvals(const std::string& scheme_id) {
    std::vector<DataApproval> out;
    soci::rowset<soci::row> rows =
        (database_.session().prepare
             << "SELECT a.territory_code, a.year, a.approved_by, a.approved_at FROM data_approval "
                "a LEFT JOIN territory t ON t.scheme_id = a.scheme_id AND t.code = "
                "a.territory_code WHERE a.scheme_id = :s ORDER BY t.position, a.year",
         soci::use(scheme_id));
    for (const soci::row& r : rows)
        out.push_back({text_at(r, 0), static_cast<int>(integer_at(r, 1).value_or(0)), text_at(r, 2),
                       text_at(r, 3)});
    return out;
}

} // namespace jalon
