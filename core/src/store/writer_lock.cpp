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

void lock_writers(Database& database, WriterLock what) {
    if (database.backend() != Backend::postgresql)
        return;
    soci::session& sql = database.session();
    const long long key = static_cast<long long>(what);
    int taken = 0;
    sql << "SELECT CASE WHEN pg_try_advisory_xact_lock(:k) THEN 1 ELSE 0 END", soci::use(key),
        soci::into(taken);
    if (taken)
        return;
    WriterWait& wait = database.writer_wait();
    wait.announce();
    if (!wait.limit) {
        sql << "SELECT pg_advisory_xact_lock(:k)", soci::use(key);
        return;
    }
    const auto since = std::chrono::steady_clock::now();
    while (!taken) {
        if (!wait.may_go_on(since))
            throw wait.gave_up();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        sql << "SELECT CASE WHEN pg_try_advisory_xact_lock(:k) THEN 1 ELSE 0 END", soci::use(key),
            soci::into(taken);
    }
}

} // namespace jalon
