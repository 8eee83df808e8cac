#include "writer_lock.hpp"

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <thread>

namespace jalon {

void WriterWait::announce() {
    if (announced)
        return;
    announced = true;
    spdlog::info("waiting for another import into {} to finish…", database);
}

bool WriterWait::may_go_on(std::chrono::steady_clock::time_point since) const {
    return !limit || std::chrono::steady_clock::now() - since < *limit;
}

RuntimeError WriterWait::gave_up() const {
    const long long ms = limit ? limit->count() : 0;
    std::string seconds = std::to_string(ms / 1000);
    if (ms % 1000 != 0) {
        std::string fraction = std::to_string(1000 + ms % 1000).substr(1);
        while (fraction.back() == '0')
            fraction.pop_back();
        seconds += "." + fraction;
    }
    return RuntimeError("gave up after " + seconds + " s (--wait " + seconds +
                        ") waiting for another import into " + database +
                        " to finish: nothing was written; try again later");
}

namespace {

const char* row_name(WriterLock what) {
    switch (what) {
    case WriterLock::observations:
        return "observations";
    case WriterLock::runs:
        return "runs";
    }
    return "?";
}

// Locks the row of `name` in jalon_writer_lock, without waiting when `wait` is false: whether
// it is now held by this transaction. SKIP LOCKED, not NOWAIT: an error would abort the
// transaction.
bool lock_row(soci::session& sql, const std::string& name, bool wait) {
    std::string got;
    soci::indicator ind = soci::i_null;
    sql << (wait ? "SELECT name FROM jalon_writer_lock WHERE name = :n FOR UPDATE"
                 : "SELECT name FROM jalon_writer_lock WHERE name = :n FOR UPDATE SKIP LOCKED"),
        soci::use(name), soci::into(got, ind);
    return sql.got_data() && ind == soci::i_ok;
}

} // namespace

void lock_writers(Database& database, WriterLock what) {
    if (database.backend() != Backend::postgresql)
        return;
    soci::session& sql = database.session();
    const std::string name = row_name(what);
    // The row exists unless someone removed it: then no writer could ever take it.
    int rows = 0;
    sql << "SELECT COUNT(*) FROM jalon_writer_lock WHERE name = :n", soci::use(name),
        soci::into(rows);
    if (rows == 0)
        throw RuntimeError(
            "the writers' lock row '" + name + "' is missing from table jalon_writer_lock of " +
            database.writer_wait().database +
            ": as the owner, INSERT INTO jalon_writer_lock (name) VALUES ('" + name + "')");
    if (lock_row(sql, name, false))
        return;
    WriterWait& wait = database.writer_wait();
    wait.announce();
    if (!wait.limit) {
        lock_row(sql, name, true);
        return;
    }
    const auto since = std::chrono::steady_clock::now();
    while (true) {
        if (!wait.may_go_on(since))
            throw wait.gave_up();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (lock_row(sql, name, false))
            return;
    }
}

} // namespace jalon
