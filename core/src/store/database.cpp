#include "clock.hpp"
#include "migrations.hpp"
#include "writer_lock.hpp"

#include <jalon/error.hpp>
#include <jalon/store/database.hpp>
#include <jalon/version.hpp>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

namespace jalon {

// ---- DatabaseUrl -----------------------------------------------------------------------------

DatabaseUrl DatabaseUrl::parse(const std::string& text) {
    auto starts_with = [&](const char* prefix) { return text.rfind(prefix, 0) == 0; };
    DatabaseUrl url;
    if (starts_with("postgresql://") || starts_with("postgres://")) {
        url.backend = Backend::postgresql;
        url.target = text;
        if (text.find('@') != std::string::npos &&
            text.substr(0, text.find('@')).find(':', text.find("//") + 2) != std::string::npos)
            throw UsageError("--db: do not put a password in the URL; use PGPASSWORD or ~/.pgpass");
        return url;
    }
    if (starts_with("sqlite:")) {
        url.target = text.substr(7);
        if (url.target.rfind("//", 0) == 0)
            url.target = url.target.substr(2);
    } else if (text.find("://") != std::string::npos) {
        throw UsageError("--db: unknown database kind in '" + text +
                         "' (expected sqlite:PATH or postgresql://USER@HOST:PORT/DB)");
    } else {
        url.target = text;
    }
    if (url.target.empty())
        throw UsageError("--db: the SQLite database path is empty");
    return url;
}

DatabaseUrl DatabaseUrl::from_environment() {
    if (const char* env = std::getenv("JALON_DB"); env && *env)
        return parse(env);
    return parse("sqlite:./jalon.db");
}

std::string DatabaseUrl::display() const {
    return backend == Backend::sqlite ? "sqlite:" + target : target;
}

// ---- Database --------------------------------------------------------------------------------

int latest_schema_version() {
    return migrations().back().version;
}

struct Database::State {
    DatabaseUrl url;
    soci::session session;
    int transaction_depth = 0;
    bool rollback_only = false;
    WriterWait writer_wait;
    // SQLite's busy handler: whether the statement it waits for takes the write lock, since when
    // it waits, and whether it gave up.
    bool taking_write_lock = false;
    std::chrono::steady_clock::time_point busy_since;
    bool gave_up = false;
};

namespace {

bool has_table(soci::session& sql, Backend backend, const std::string& table) {
    int count = 0;
    if (backend == Backend::sqlite)
        sql << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = :t",
            soci::use(table), soci::into(count);
    else
        sql << "SELECT COUNT(*) FROM information_schema.tables "
               "WHERE table_schema = current_schema() AND table_name = :t",
            soci::use(table), soci::into(count);
    return count > 0;
}

int count_tables(soci::session& sql, Backend backend) {
    int count = 0;
    if (backend == Backend::sqlite)
        sql << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'", soci::into(count);
    else
        sql << "SELECT COUNT(*) FROM information_schema.tables "
               "WHERE table_schema = current_schema()",
            soci::into(count);
    return count;
}

// The stored version; 0 for an empty database. Throws for a database that is not Jalon's.
int stored_version(soci::session& sql, const DatabaseUrl& url) {
    if (!has_table(sql, url.backend, "jalon_meta")) {
        if (count_tables(sql, url.backend) > 0)
            throw RuntimeError("database " + url.display() +
                               " holds tables but is not a Jalon database");
        return 0;
    }
    std::string value;
    soci::indicator ind = soci::i_null;
    sql << "SELECT value FROM jalon_meta WHERE key = 'schema_version'", soci::into(value, ind);
    if (!sql.got_data() || ind != soci::i_ok)
        throw RuntimeError("database " + url.display() + " has no schema version");
    try {
        return std::stoi(value);
    } catch (const std::exception&) {
        throw RuntimeError("database " + url.display() + " has an unreadable schema version '" +
                           value + "'");
    }
}

} // namespace

// SOCI 4.0's PostgreSQL backend takes the string apart as `key=value` pairs, which breaks libpq
// URIs: turn postgresql://USER@HOST:PORT/DB?k=v into keyword form.
std::string DatabaseUrl::libpq_keywords() const {
    const std::string& uri = target;
    auto quoted = [](const std::string& value) {
        std::string out = "'";
        for (const char c : value) {
            if (c == '\\' || c == '\'')
                out += '\\';
            out += c;
        }
        return out + "'";
    };
    auto decoded = [](const std::string& text) {
        std::string out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '%' && i + 2 < text.size()) {
                out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
                i += 2;
            } else {
                out += text[i];
            }
        }
        return out;
    };
    std::string rest = uri.substr(uri.find("://") + 3);
    std::string query;
    if (const auto q = rest.find('?'); q != std::string::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    std::string authority = rest, dbname;
    if (const auto slash = rest.find('/'); slash != std::string::npos) {
        authority = rest.substr(0, slash);
        dbname = rest.substr(slash + 1);
    }
    std::string keywords;
    auto add = [&](const std::string& key, const std::string& value) {
        if (!value.empty())
            keywords += (keywords.empty() ? "" : " ") + key + "=" + quoted(decoded(value));
    };
    if (const auto at = authority.find('@'); at != std::string::npos) {
        add("user", authority.substr(0, at));
        authority = authority.substr(at + 1);
    }
    if (const auto colon = authority.rfind(':');
        colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
        add("port", authority.substr(colon + 1));
        authority = authority.substr(0, colon);
    }
    if (authority.size() > 1 && authority.front() == '[' && authority.back() == ']')
        authority = authority.substr(1, authority.size() - 2);
    add("host", authority);
    add("dbname", dbname);
    std::size_t start = 0;
    while (start < query.size()) {
        const std::size_t amp = query.find('&', start);
        const std::string pair =
            query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
        if (const auto eq = pair.find('='); eq != std::string::npos)
            add(decoded(pair.substr(0, eq)), pair.substr(eq + 1));
        start = amp == std::string::npos ? query.size() : amp + 1;
    }
    return keywords;
}

namespace {

void refuse_newer(int version, const DatabaseUrl& url) {
    if (version > latest_schema_version())
        throw RuntimeError("database " + url.display() +
                           " was written by a newer Jalon (schema version " +
                           std::to_string(version) +
                           "; this Jalon " JALON_VERSION_STRING " knows versions up to " +
                           std::to_string(latest_schema_version()) + "): upgrade Jalon to use it");
}

// SQLite's busy handler: waits for the lock another connection holds, as long as the database's
// WriterWait allows, saying so once when the lock is the write lock.
int wait_while_busy(void* data, int count) {
    auto& state = *static_cast<Database::State*>(data);
    const auto now = std::chrono::steady_clock::now();
    if (count == 0)
        state.busy_since = now;
    if (state.taking_write_lock)
        state.writer_wait.announce();
    if (!state.writer_wait.may_go_on(state.busy_since)) {
        state.gave_up = true;
        return 0;
    }
    auto pause = std::chrono::milliseconds(std::min(5 + 5 * count, 100));
    if (state.writer_wait.limit)
        pause = std::min(pause, std::chrono::duration_cast<std::chrono::milliseconds>(
                                    state.busy_since + *state.writer_wait.limit - now) +
                                    std::chrono::milliseconds(1));
    std::this_thread::sleep_for(pause);
    return 1;
}

// Runs `statement`, which takes SQLite's write lock, waiting for another writer as the database's
// WriterWait says: RuntimeError when it gave up.
template <typename Statement>
void taking_write_lock(Database::State& state, Statement statement) {
    state.taking_write_lock = true;
    state.gave_up = false;
    try {
        statement();
    } catch (const soci::soci_error&) {
        state.taking_write_lock = false;
        if (state.gave_up)
            throw state.writer_wait.gave_up();
        throw;
    }
    state.taking_write_lock = false;
}

void begin_writing(Database::State& state) {
    taking_write_lock(state, [&] { state.session << "BEGIN IMMEDIATE"; });
}

void migrate(Database::State& state) {
    soci::session& sql = state.session;
    const DatabaseUrl& url = state.url;
    int version = stored_version(sql, url);
    refuse_newer(version, url);
    if (version == latest_schema_version())
        return;
    // Take the write lock first, then look again: another process may have migrated meanwhile.
    if (url.backend == Backend::sqlite) {
        begin_writing(state);
    } else {
        sql << "BEGIN";
        sql << "SELECT pg_advisory_xact_lock(7420150001)";
    }
    try {
        version = stored_version(sql, url);
        refuse_newer(version, url);
        if (version == 0 && !has_table(sql, url.backend, "jalon_meta")) {
            sql << "CREATE TABLE jalon_meta (key VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL)";
            sql << "INSERT INTO jalon_meta (key, value) VALUES ('schema_version', '0')";
        }
        for (const Migration& migration : migrations()) {
            if (migration.version <= version)
                continue;
            spdlog::info("migrating {} to schema version {}: {}", url.display(), migration.version,
                         migration.description);
            const bool sqlite_only =
                url.backend == Backend::sqlite && !migration.sqlite_statements.empty();
            for (const std::string& statement :
                 sqlite_only ? migration.sqlite_statements : migration.statements)
                sql << statement;
            const std::string next = std::to_string(migration.version);
            sql << "UPDATE jalon_meta SET value = :v WHERE key = 'schema_version'", soci::use(next);
            version = migration.version;
        }
        sql << "COMMIT";
    } catch (...) {
        try {
            sql << "ROLLBACK";
        } catch (...) {
        }
        throw;
    }
}

} // namespace

Database::Database(std::unique_ptr<State> state) : state_(std::move(state)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

Transaction::Transaction(Database& database) : database_(database) {
    Database::State& state = *database_.state_;
    if (state.transaction_depth == 0) {
        if (state.url.backend == Backend::sqlite)
            begin_writing(state);
        else
            state.session << "BEGIN";
        state.rollback_only = false;
        outermost_ = true;
    }
    ++state.transaction_depth;
}

Transaction::~Transaction() {
    Database::State& state = *database_.state_;
    --state.transaction_depth;
    if (done_)
        return;
    state.rollback_only = true;
    if (outermost_) {
        try {
            state.session << "ROLLBACK";
        } catch (...) {
        }
    }
}

ReadSnapshot::ReadSnapshot(Database& database) : database_(database) {
    Database::State& state = *database_.state_;
    if (state.transaction_depth == 0) {
        state.session << (state.url.backend == Backend::sqlite
                              ? "BEGIN"
                              : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        // Both take the view at the first read, not at BEGIN: read now, so that taken_at() is
        // its time and every later read sees the same database.
        try {
            std::string version;
            state.session << "SELECT value FROM jalon_meta WHERE key = 'schema_version'",
                soci::into(version);
        } catch (...) {
            try {
                state.session << "ROLLBACK";
            } catch (...) {
            }
            throw;
        }
        outermost_ = true;
    }
    taken_at_ = utc_now();
    ++state.transaction_depth;
}

ReadSnapshot::~ReadSnapshot() {
    Database::State& state = *database_.state_;
    --state.transaction_depth;
    if (outermost_) {
        try {
            state.session << "ROLLBACK"; // nothing was written
        } catch (...) {
        }
    }
}

void Transaction::commit() {
    Database::State& state = *database_.state_;
    if (outermost_) {
        if (state.rollback_only)
            throw RuntimeError("a nested write failed: the transaction was not committed");
        state.session << "COMMIT";
    }
    done_ = true;
}

Database Database::open(const DatabaseUrl& url,
                        std::optional<std::chrono::milliseconds> writer_wait) {
    auto state = std::make_unique<State>();
    state->url = url;
    state->writer_wait.database = url.display();
    state->writer_wait.limit = writer_wait;
    try {
        if (url.backend == Backend::sqlite) {
            state->session.open(soci::sqlite3, "db=\"" + url.target + "\"");
            sqlite_api::sqlite3* connection =
                static_cast<soci::sqlite3_session_backend*>(state->session.get_backend())->conn_;
            sqlite_api::sqlite3_busy_handler(connection, wait_while_busy, state.get());
            state->session << "PRAGMA foreign_keys = ON";
            // Kept in the file: set once, by the first Jalon to open it.
            std::string mode;
            state->session << "PRAGMA journal_mode", soci::into(mode);
            if (mode != "wal") {
                taking_write_lock(*state, [&] {
                    state->session << "PRAGMA journal_mode = WAL", soci::into(mode);
                });
                if (mode != "wal")
                    throw RuntimeError("cannot use database " + url.display() +
                                       ": SQLite cannot put it in write-ahead-log mode (" + mode +
                                       ")");
            }
        } else {
            state->session.open(soci::postgresql, url.libpq_keywords());
        }
        migrate(*state);
    } catch (const soci::soci_error& e) {
        throw RuntimeError("cannot use database " + url.display() + ": " + e.get_error_message());
    }
    return Database(std::move(state));
}

const DatabaseUrl& Database::url() const noexcept {
    return state_->url;
}
Backend Database::backend() const noexcept {
    return state_->url.backend;
}

int Database::schema_version() {
    return stored_version(state_->session, state_->url);
}

void Database::refresh_statistics(const std::string& table) {
    if (backend() != Backend::postgresql)
        return;
    long long owned = 0;
    state_->session << "SELECT COUNT(*) FROM pg_class WHERE oid = to_regclass(:t) AND "
                       "pg_has_role(relowner, 'USAGE')",
        soci::use(table), soci::into(owned);
    if (owned > 0)
        state_->session << "ANALYZE " + table;
}

soci::session& Database::session() {
    return state_->session;
}

WriterWait& Database::writer_wait() {
    return state_->writer_wait;
}

} // namespace jalon
