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
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace jalon {

// ---- DatabaseUrl -----------------------------------------------------------------------------

namespace {

const char* const expected_forms = "expected sqlite:PATH or postgresql://USER@HOST:PORT/DBNAME";
const char* const no_password =
    "do not put a password in the database URL; use PGPASSWORD or ~/.pgpass";

bool starts_with(const std::string& text, const std::string& prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

std::string lowercase(std::string text) {
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// libpq parameters that carry a secret themselves (a file holding one, `passfile`, does not).
bool is_secret(const std::string& key) {
    const std::string k = lowercase(key);
    return k == "password" || k == "sslpassword";
}

// A keyword/value connection string (`host=db password=x`) or a bare path: neither is accepted,
// but one that holds a password is told where passwords go.
[[noreturn]] void refuse_unknown_form(const std::string& text) {
    for (std::size_t eq = text.find('='); eq != std::string::npos; eq = text.find('=', eq + 1)) {
        std::size_t end = eq;
        while (end > 0 && std::isspace(static_cast<unsigned char>(text[end - 1])))
            --end;
        std::size_t begin = end;
        while (begin > 0 && (std::isalnum(static_cast<unsigned char>(text[begin - 1])) ||
                             text[begin - 1] == '_'))
            --begin;
        if (is_secret(text.substr(begin, end - begin)))
            throw UsageError(std::string("--db: ") + no_password);
    }
    if (const auto scheme = text.find("://");
        scheme != std::string::npos && scheme > 0 && scheme <= 20 &&
        text.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789+.-") == scheme)
        throw UsageError("--db: unknown database kind '" + text.substr(0, scheme) + "' (" +
                         expected_forms + ")");
    throw UsageError(std::string("--db: neither a sqlite: path nor a postgresql:// URL (") +
                     expected_forms +
                     "; a keyword/value connection string or a bare path is not "
                     "accepted)");
}

std::string percent_decoded(const std::string& text, const char* part) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(text[i + 2])))
            throw UsageError(std::string("--db: a bad percent-escape in the ") + part +
                             " of the PostgreSQL URL");
        out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
        i += 2;
    }
    return out;
}

// libpq's URI grammar: postgresql://[USERINFO@][HOST[:PORT][,…]][/DBNAME][?KEY=VALUE&…], where
// USERINFO runs to the first '@' met before any '/'.
DatabaseUrl parse_postgresql(const std::string& text) {
    DatabaseUrl url;
    url.backend = Backend::postgresql;
    std::string rest = text.substr(text.find("://") + 3);
    std::string query;
    if (const auto q = rest.find('?'); q != std::string::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    if (const auto at = rest.find_first_of("@/"); at != std::string::npos && rest[at] == '@') {
        const std::string userinfo = rest.substr(0, at);
        rest = rest.substr(at + 1);
        if (userinfo.find(':') != std::string::npos)
            throw UsageError(std::string("--db: ") + no_password);
        url.user = percent_decoded(userinfo, "user");
        if (url.user.find(':') != std::string::npos)
            throw UsageError(std::string("--db: ") + no_password + " (not even percent-encoded)");
    }
    std::string authority = rest;
    if (const auto slash = rest.find('/'); slash != std::string::npos) {
        authority = rest.substr(0, slash);
        url.dbname = percent_decoded(rest.substr(slash + 1), "database name");
    }
    if (const auto colon = authority.rfind(':'); colon != std::string::npos &&
                                                 authority.find(']', colon) == std::string::npos &&
                                                 authority.find(',') == std::string::npos) {
        url.port = percent_decoded(authority.substr(colon + 1), "port");
        authority = authority.substr(0, colon);
    }
    if (authority.size() > 1 && authority.front() == '[' && authority.back() == ']')
        authority = authority.substr(1, authority.size() - 2);
    url.host = percent_decoded(authority, "host");
    for (std::size_t start = 0; start < query.size();) {
        const std::size_t amp = query.find('&', start);
        const std::string pair =
            query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
        start = amp == std::string::npos ? query.size() : amp + 1;
        if (pair.empty())
            continue;
        const auto eq = pair.find('=');
        const std::string key = percent_decoded(pair.substr(0, eq), "query");
        if (is_secret(key))
            throw UsageError(std::string("--db: ") + no_password);
        if (eq == std::string::npos || key.empty() ||
            key.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos)
            throw UsageError("--db: a query parameter of the PostgreSQL URL is not KEY=VALUE with "
                             "a libpq keyword as KEY");
        const std::string value = percent_decoded(pair.substr(eq + 1), "query");
        if (key == "user" || key == "host" || key == "port" || key == "dbname") {
            std::string& field = key == "user"   ? url.user
                                 : key == "host" ? url.host
                                 : key == "port" ? url.port
                                                 : url.dbname;
            field = value;
            if (key == "user" && value.find(':') != std::string::npos)
                throw UsageError(std::string("--db: ") + no_password);
        } else {
            url.parameters.emplace_back(key, value);
        }
    }
    return url;
}

} // namespace

DatabaseUrl DatabaseUrl::parse(const std::string& text) {
    if (starts_with(text, "postgresql://") || starts_with(text, "postgres://"))
        return parse_postgresql(text);
    if (!starts_with(text, "sqlite:"))
        refuse_unknown_form(text);
    DatabaseUrl url;
    url.target = text.substr(7);
    if (starts_with(url.target, "//"))
        url.target = url.target.substr(2);
    if (url.target.empty())
        throw UsageError("--db: the SQLite database path is empty");
    if (url.target.find('"') != std::string::npos)
        throw UsageError("--db: a SQLite database path cannot contain '\"'");
    return url;
}

DatabaseUrl DatabaseUrl::from_environment() {
    if (const char* env = std::getenv("JALON_DB"); env && *env) {
        try {
            return parse(env);
        } catch (const UsageError& e) {
            std::string message = e.what();
            if (starts_with(message, "--db: "))
                message = "JALON_DB: " + message.substr(6);
            throw UsageError(message);
        }
    }
    return parse("sqlite:./jalon.db");
}

std::string DatabaseUrl::display() const {
    if (backend == Backend::sqlite) // its file name: where it lives is no one else's business
        return std::filesystem::path(target).filename().string();
    std::string shown = "postgresql://";
    if (!user.empty())
        shown += user + "@";
    if (host.find(':') != std::string::npos && host.find(',') == std::string::npos)
        shown += "[" + host + "]";
    else
        for (const char c : host) // a socket directory, as libpq's URIs write it
            shown += c == '/' ? std::string("%2F") : std::string(1, c);
    if (!port.empty())
        shown += ":" + port;
    if (!dbname.empty())
        shown += "/" + dbname;
    return shown;
}

// SOCI 4.0's PostgreSQL backend takes its string apart as `key=value` pairs, which breaks libpq
// URIs: the keyword form, every value quoted.
std::string DatabaseUrl::libpq_keywords() const {
    auto quoted = [](const std::string& value) {
        std::string out = "'";
        for (const char c : value) {
            if (c == '\\' || c == '\'')
                out += '\\';
            out += c;
        }
        return out + "'";
    };
    std::string keywords;
    auto add = [&](const std::string& key, const std::string& value) {
        if (!value.empty())
            keywords += (keywords.empty() ? "" : " ") + key + "=" + quoted(value);
    };
    add("user", user);
    add("host", host);
    add("port", port);
    add("dbname", dbname);
    for (const auto& [key, value] : parameters)
        add(key, value);
    return keywords;
}

// SOCI's SQLite backend reads `key=value` pairs, a value in double quotes running to the next
// quote: with no '"' in the path (refused by parse) and the path starting with '/' or "./" (so
// that neither a leading space, nor SQLite's `file:` URIs and `:memory:` apply), the path comes
// back whole and adds nothing.
std::string DatabaseUrl::sqlite_connection() const {
    std::string path = target;
    if (!starts_with(path, "/") && !starts_with(path, "./") && !starts_with(path, "../"))
        path = "./" + path;
    return "db=\"" + path + "\"";
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

// Readers' views (docs/postgresql-roles.sql, schema jalon_reader) depend on the columns of their
// tables, so a migration that changes one would fail: the owner drops those that read the tables
// being migrated, and the roles file makes them again from the migrated tables.
void drop_reader_views(soci::session& sql) {
    const std::string reader_views =
        "SELECT DISTINCT v.relname FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid "
        "JOIN pg_class v ON v.oid = r.ev_class JOIN pg_class t ON t.oid = d.refobjid "
        "WHERE d.classid = CAST('pg_rewrite' AS regclass) AND "
        "d.refclassid = CAST('pg_class' AS regclass) "
        "AND v.relkind = 'v' AND v.relnamespace = to_regnamespace('jalon_reader') "
        "AND t.relnamespace = to_regnamespace(current_schema())";
    int views = 0;
    sql << "SELECT COUNT(*) FROM (" + reader_views + ") x", soci::into(views);
    if (views == 0)
        return;
    sql << "DO $$DECLARE doomed record; BEGIN FOR doomed IN " + reader_views +
               " LOOP EXECUTE format('DROP VIEW IF EXISTS jalon_reader.%I', doomed.relname); END "
               "LOOP; "
               "END$$";
    spdlog::warn("the readers' views (schema jalon_reader) were dropped for the migration: run "
                 "docs/postgresql-roles.sql again as the owner; readers cannot read until then");
}

// A login that may not read the author columns (the import log) but may use schema jalon_reader
// (docs/postgresql-roles.sql) reads the views there, of the same names, with authors under
// pseudonyms, and the other tables in public.
void read_through_reader_views(soci::session& sql) {
    int reader = 0;
    sql << "SELECT COUNT(*) FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
           "WHERE n.nspname = 'jalon_reader' AND c.relname = 'observation_import' AND "
           "current_schema() = 'public' AND has_schema_privilege(n.oid, 'USAGE') AND NOT "
           "COALESCE(has_table_privilege(to_regclass('public.observation_import'), 'SELECT'), "
           "true)",
        soci::into(reader);
    if (reader > 0)
        sql << "SET search_path = jalon_reader, public";
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
        // A table lock that only the owner may take (it needs UPDATE on jalon_meta) and that
        // ends with the transaction: no other login can block a migration. An empty database
        // has no jalon_meta yet: there, a transaction-level advisory lock.
        if (has_table(sql, url.backend, "jalon_meta"))
            sql << "LOCK TABLE jalon_meta IN SHARE ROW EXCLUSIVE MODE";
        else
            sql << "SELECT pg_advisory_xact_lock(7420150001)";
    }
    try {
        version = stored_version(sql, url);
        refuse_newer(version, url);
        if (version == 0 && !has_table(sql, url.backend, "jalon_meta")) {
            sql << "CREATE TABLE jalon_meta (key VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL)";
            sql << "INSERT INTO jalon_meta (key, value) VALUES ('schema_version', '0')";
        }
        if (url.backend == Backend::postgresql && version < latest_schema_version())
            drop_reader_views(sql);
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
            state->session.open(soci::sqlite3, url.sqlite_connection());
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
        if (url.backend == Backend::postgresql)
            read_through_reader_views(state->session);
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
