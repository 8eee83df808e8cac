#pragma once

#include <jalon/store/database.hpp>

namespace jalon {

// What concurrent writers must take turns at.
enum class WriterLock : long long {
    observations = 0x4A616C6F6E01, // imports and approvals of yearly data
    runs = 0x4A616C6F6E02,         // run ids, allocated one at a time
};

// Makes the current transaction wait for, then hold until it ends, the right to write `what`.
// PostgreSQL: a transaction-level advisory lock (no table privilege needed; reads go on). SQLite:
// nothing more, BEGIN IMMEDIATE already admits one writer at a time.
void lock_writers(Database& database, WriterLock what);

} // namespace jalon
