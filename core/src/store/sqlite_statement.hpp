#pragma once

#include <soci/soci.h>

#include <string>
#include <string_view>

// SOCI declares SQLite's API inside this namespace.
namespace sqlite_api {
struct sqlite3;
struct sqlite3_stmt;
} // namespace sqlite_api

namespace jalon {

// One prepared SQLite statement run many times on the session's own connection: the bulk path
// of an import, where SOCI's per-execute binding costs more than SQLite's work. Parameters are
// 1-based; texts are bound without copying and must stay alive until run(). Errors throw
// soci::soci_error with SQLite's message, like the rest of the store.
class SqliteStatement {
public:
    SqliteStatement(soci::session& sql, const std::string& text);
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;
    ~SqliteStatement();

    SqliteStatement& text(int index, std::string_view value);
    SqliteStatement& integer(int index, long long value);
    SqliteStatement& real(int index, double value);

    // Runs the statement to completion, resets it (bindings stay) and returns the rows it changed.
    long long run();

private:
    void check(int code, const char* step) const;

    sqlite_api::sqlite3* connection_;
    sqlite_api::sqlite3_stmt* statement_ = nullptr;
};

} // namespace jalon
