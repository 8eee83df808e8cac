#pragma once

#include <jalon/store/database.hpp>

#include <soci/soci.h>

namespace jalon {

// A transaction that takes the write lock at once (SQLite: BEGIN IMMEDIATE), so that two writers
// queue instead of failing when both read first; rolled back unless committed.
class WriteTransaction {
public:
    explicit WriteTransaction(Database& database) : sql_(database.session()) {
        sql_ << (database.backend() == Backend::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
    }
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;
    ~WriteTransaction() {
        if (!done_) {
            try {
                sql_ << "ROLLBACK";
            } catch (...) {
            }
        }
    }
    void commit() {
        sql_ << "COMMIT";
        done_ = true;
    }

private:
    soci::session& sql_;
    bool done_ = false;
};

} // namespace jalon
