#pragma once

#include <jalon/error.hpp>
#include <jalon/store/database.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace jalon {

// What concurrent writers must take turns at.
enum class WriterLock : long long {
    observations = 0x4A616C6F6E01, // imports and approvals of yearly data
    runs = 0x4A616C6F6E02,         // run ids, allocated one at a time
};

// How a write waits for another writer: as long as it takes, or at most `limit` (--wait);
// the wait is logged once per database.
struct WriterWait {
    std::string database; // as shown to the user
    std::optional<std::chrono::milliseconds> limit;
    bool announced = false;

    // Logs, the first time only, that a write waits for another writer.
    void announce();
    // Whether a wait that began at `since` may go on.
    bool may_go_on(std::chrono::steady_clock::time_point since) const;
    // The error of a write that gave up waiting.
    RuntimeError gave_up() const;
};

// Makes the current transaction wait for, then hold until it ends, the right to write `what`.
// PostgreSQL: the lock of `what`'s row in jalon_writer_lock (SELECT ... FOR UPDATE), which ends
// with the transaction and needs the UPDATE privilege on that table: a login that may not write
// (a reader) cannot take it, and no login can hold it outside a transaction (an advisory lock,
// which any login may take at session level, let a reader block every writer). Reads go on;
// waited for as the database's WriterWait says. SQLite: nothing more, BEGIN IMMEDIATE already
// admits one writer at a time (and waits in the connection's busy handler).
void lock_writers(Database& database, WriterLock what);

} // namespace jalon
