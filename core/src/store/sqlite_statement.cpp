#include "sqlite_statement.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

namespace jalon {

using namespace sqlite_api;

SqliteStatement::SqliteStatement(soci::session& sql, const std::string& text)
    : connection_(static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_) {
    check(sqlite3_prepare_v2(connection_, text.c_str(), static_cast<int>(text.size() + 1),
                             &statement_, nullptr),
          "prepare");
}

SqliteStatement::~SqliteStatement() {
    sqlite3_finalize(statement_);
}

SqliteStatement& SqliteStatement::text(int index, std::string_view value) {
    check(sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                            SQLITE_STATIC),
          "bind");
    return *this;
}

SqliteStatement& SqliteStatement::integer(int index, long long value) {
    check(sqlite3_bind_int64(statement_, index, value), "bind");
    return *this;
}

SqliteStatement& SqliteStatement::real(int index, double value) {
    check(sqlite3_bind_double(statement_, index, value), "bind");
    return *this;
}

long long SqliteStatement::run() {
    int code;
    while ((code = sqlite3_step(statement_)) == SQLITE_ROW) {
    }
    if (code != SQLITE_DONE) {
        const std::string message = sqlite3_errmsg(connection_);
        sqlite3_reset(statement_);
        throw soci::soci_error("sqlite3_step: " + message);
    }
    sqlite3_reset(statement_);
    return sqlite3_changes64(connection_);
}

void SqliteStatement::check(int code, const char* step) const {
    if (code != SQLITE_OK)
        throw soci::soci_error(std::string("sqlite3_") + step + ": " + sqlite3_errmsg(connection_));
}

} // namespace jalon
