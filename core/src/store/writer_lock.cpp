#include "writer_lock.hpp"

#include <soci/soci.h>

namespace jalon {

void lock_writers(Database& database, WriterLock what) {
    if (database.backend() != Backend::postgresql)
        return;
    const long long key = static_cast<long long>(what);
    database.session() << "SELECT pg_advisory_xact_lock(:k)", soci::use(key);
}

} // namespace jalon
