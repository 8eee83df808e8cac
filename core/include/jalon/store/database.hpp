#pragma once
/// @file
/// A connection to Jalon's database (SQLite embedded by default, PostgreSQL as a server).

#include <jalon/export.hpp>

#include <memory>
#include <string>

namespace soci {
class session;
}

namespace jalon {

/// Which SQL engine a database runs on.
enum class Backend { sqlite, postgresql };

/// A parsed `--db` value: `sqlite:PATH`, a bare path, or `postgresql://USER@HOST:PORT/DB`.
struct DatabaseUrl {
    Backend backend = Backend::sqlite;
    std::string target; ///< file path for SQLite, libpq connection URI for PostgreSQL

    /// Parses a user-given URL; throws UsageError for an unknown scheme or an empty path.
    JALON_API static DatabaseUrl parse(const std::string& text);
    /// The URL to use when none is given: `$JALON_DB`, else `sqlite:./jalon.db`.
    JALON_API static DatabaseUrl from_environment();
    /// The URL as shown to the user (never with a password).
    JALON_API std::string display() const;
    /// For PostgreSQL: the URI as libpq keywords (`user='eval' host='127.0.0.1' dbname='jalon'`),
    /// percent-escapes decoded and query parameters kept.
    JALON_API std::string libpq_keywords() const;
};

/// An open database, migrated to the schema version this Jalon knows.
///
/// Opening applies the forward migrations that are missing (creating the schema in a new or empty
/// file) and refuses, with RuntimeError, a database written by a newer Jalon.
class JALON_API Database {
public:
    /// Opens (creating a SQLite file if needed) and migrates.
    static Database open(const DatabaseUrl& url);

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

private:
    friend class Transaction;
    friend class ReadSnapshot;
    struct State;
    explicit Database(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

/// A write transaction that takes the write lock at once (SQLite: `BEGIN IMMEDIATE`), so that
/// two writers queue instead of failing when both read first; rolled back unless committed.
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
/// the database as it was when the first one ran, whatever commits meanwhile (PostgreSQL:
/// `REPEATABLE READ READ ONLY`; SQLite: a deferred transaction, whose shared lock holds writers'
/// commits back until the reads end). Inside a Transaction it adds nothing. Ends when destroyed.
class JALON_API ReadSnapshot {
public:
    explicit ReadSnapshot(Database& database);
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;
    ~ReadSnapshot();

private:
    Database& database_;
    bool outermost_ = false;
};

/// The highest schema version this Jalon can write.
JALON_API int latest_schema_version();

} // namespace jalon
