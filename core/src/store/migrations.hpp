#pragma once

#include <jalon/store/database.hpp>

#include <string>
#include <vector>

namespace jalon {

// One forward step of the schema. Statements are portable SQL (SQLite 3.40 and PostgreSQL 15);
// where the dialects must differ (rebuilding a table), `sqlite_statements` replace them on SQLite.
struct Migration {
    int version;
    const char* description;
    std::vector<std::string> statements;
    std::vector<std::string> sqlite_statements = {};
};

// Every migration, in version order; the last one's version is latest_schema_version().
const std::vector<Migration>& migrations();

} // namespace jalon
