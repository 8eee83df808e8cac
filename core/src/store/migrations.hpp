#pragma once

#include <jalon/store/database.hpp>

#include <string>
#include <vector>

namespace jalon {

// One forward step of the schema. Statements are portable SQL (SQLite 3.40 and PostgreSQL 15).
struct Migration {
    int version;
    const char* description;
    std::vector<std::string> statements;
};

// Every migration, in version order; the last one's version is latest_schema_version().
const std::vector<Migration>& migrations();

} // namespace jalon
