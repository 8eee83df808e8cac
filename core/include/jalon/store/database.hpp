#pragma once
/// @file
/// A connection to Jalon's database (SQLite embedded by default, PostgreSQL as a server).

#include <jalon/export.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace soci {
class session;
}

namespace jalon {

/// Which SQL engine a database runs on.
enum class Backend { sqlite, postgresql };

/// A parsed `--db` value: `sqlite:PATH`, or `postgresql://USER@HOST:PORT/DBNAME[?KEY=VALUE&…]`
/// (`postgres://` too), every part optional as in libpq.
///
/// It never holds a connection secret: a password in any spelling libpq accepts (`USER:PW@`, a
/// `:` percent-encoded in the user, `password=` or `sslpassword=` in the query, a keyword/value
/// connection string) is refused by parse(), which says to use `PGPASSWORD` or `~/.pgpass`.
struct DatabaseUrl {
    Backend backend = Backend::sqlite;
    std::string target; ///< SQLite: the file path as given; empty for PostgreSQL

    /// PostgreSQL: the parts of the URL, percent-decoded (empty when not given; libpq's defaults
    /// and `PG*` variables then apply). `host`, `port`, `user` and `dbname` given as query
    /// parameters land here too.
    std::string user, host, port, dbname;
    /// PostgreSQL: the other query parameters (`sslmode`, `options`…), decoded, in order. They
    /// are passed to libpq and never shown.
    std::vector<std::pair<std::string, std::string>> parameters;

    /// Parses a user-given `--db` value. Throws UsageError for a password, for anything that is
    /// neither `sqlite:PATH` nor `postgresql://…` (a bare path, a keyword/value string, another
    /// scheme), an empty path, a bad percent-escape or a query key that is not a libpq keyword.
    /// The messages never repeat the value, which may hold a secret.
    JALON_API static DatabaseUrl parse(const std::string& text);
    /// The URL to use when none is given: `$JALON_DB`, else `sqlite:./jalon.db`.
    JALON_API static DatabaseUrl from_environment();
    /// The database as every message, log line, report and stored run shows it: a SQLite
    /// database's file name (`jalon.db`, never its folders), or
    /// `postgresql://USER@HOST:PORT/DBNAME` with only the parts given and never a query parameter.
    JALON_API std::string display() const;
    /// For PostgreSQL: the connection string for libpq in keyword form, every value quoted
    /// (`user='eval' host='127.0.0.1' port='5433' dbname='jalon' sslmode='require'`).
    JALON_API std::string libpq_keywords() const;
    /// For SQLite: the connection string for SOCI's SQLite backend (`db="PATH" timeout=30`), in
    /// which no character of the path can add an option.
    JALON_API std::string sqlite_connection() const;
};

struct WriterWait;

/// An open database, migrated to the schema version this Jalon knows.
///
/// Opening applies the forward migrations that are missing (creating the schema in a new or empty
/// file) and refuses, with RuntimeError, a database written by a newer Jalon. A SQLite file is
/// put in write-ahead-log mode (`PRAGMA journal_mode=WAL`, kept in the file): readers never wait
/// for a writer, nor a writer for readers.
///
/// A write that finds another writer at work waits for it, logging once "waiting for another
/// import into DB…": as long as it takes, or at most `writer_wait`, after which it throws
/// RuntimeError ("gave up waiting…") and writes nothing.
class JALON_API Database {
public:
    /// Opens (creating a SQLite file if needed) and migrates. Throws RuntimeError when the
    /// database cannot be used, or when migrating it waited for another writer longer than
    /// `writer_wait`.
    static Database open(const DatabaseUrl& url,
                         std::optional<std::chrono::milliseconds> writer_wait = std::nullopt);

    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    ~Database();

    const DatabaseUrl& url() const noexcept;
    Backend backend() const noexcept;
    /// The schema version stored in the database (after migration: latest_schema_version()).
    int schema_version();
    /// After a bulk write: refreshes PostgreSQL's statistics of `table` when the user owns it, so
    /// that the next queries are planned for its real size (autovacuum would come later);
    /// nothing on SQLite, whose plans do not depend on them here.
    void refresh_statistics(const std::string& table);
    /// The underlying SOCI session, for Jalon's stores.
    soci::session& session();
    /// How writes wait for other writers, for Jalon's stores.
    WriterWait& writer_wait();

    struct State; ///< the connection and its transactions (private to the store)

private:
    friend class Transaction;
    friend class ReadSnapshot;
    explicit Database(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

/// A write transaction that takes the write lock at once (SQLite: `BEGIN IMMEDIATE`), so that
/// two writers queue instead of failing when both read first; rolled back unless committed.
/// Throws RuntimeError when it gave up waiting for another writer (Database::open's
/// `writer_wait`).
///
/// Transactions nest: each store opens its own, and a caller that needs several stores' writes to
/// land together (an import of figures and statuses) opens one around them. Only the outermost
/// transaction begins and commits; an inner one left without commit (an exception) makes the
/// outermost roll back, and its commit() then throws.
class JALON_API Transaction {
public:
    explicit Transaction(Database& database);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    /// Commits (the outermost transaction) or hands over to the enclosing one.
    void commit();

    /// Whether this transaction began (and its commit() commits): no enclosing one.
    bool outermost() const noexcept { return outermost_; }

private:
    Database& database_;
    bool outermost_ = false;
    bool done_ = false;
};

/// A consistent view for a series of reads, such as an evaluation's grouped queries: they all see
/// the database as it was when the snapshot was taken, whatever commits meanwhile, and hold no
/// writer back (PostgreSQL: `REPEATABLE READ READ ONLY`; SQLite: a read transaction of the
/// write-ahead log). The constructor takes the view at once, with a first read. Inside a
/// Transaction it adds nothing. Ends when destroyed.
class JALON_API ReadSnapshot {
public:
    explicit ReadSnapshot(Database& database);
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;
    ~ReadSnapshot();

    /// When the view was taken: UTC, ISO 8601 (`2026-12-07T19:20:00Z`).
    const std::string& taken_at() const noexcept { return taken_at_; }

private:
    Database& database_;
    bool outermost_ = false;
    std::string taken_at_;
};

/// The highest schema version this Jalon can write.
JALON_API int latest_schema_version();

} // namespace jalon
