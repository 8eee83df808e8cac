#include "clock.hpp"
#include "copy_in.hpp"
#include "row_value.hpp"
#include "sqlite_statement.hpp"
#include "writer_lock.hpp"

#include <jalon/error.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/observation_store.hpp>

#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <tuple>

namespace jalon {

namespace {

std::string escaped(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '%')
            out += "%25";
        else if (c == ';')
            out += "%3B";
        else if (c == '=')
            out += "%3D";
        else
            out += c;
    }
    return out;
}

// The key of many rows with the same dimension names: the names are sorted and escaped once,
// and each row's key is built in one reused buffer.
class DimensionsKey {
public:
    explicit DimensionsKey(const std::vector<std::string>& names) : order_(names.size()) {
        std::iota(order_.begin(), order_.end(), 0);
        std::sort(order_.begin(), order_.end(),
                  [&](auto a, auto b) { return names[a] < names[b]; });
        for (const std::size_t i : order_)
            prefixes_.push_back(escaped(names[i]) + "=");
    }

    const std::string& of(const std::vector<std::string>& values) {
        key_.clear();
        for (std::size_t k = 0; k < order_.size(); ++k) {
            if (k > 0)
                key_ += ';';
            key_ += prefixes_[k];
            if (order_[k] < values.size())
                append_escaped(values[order_[k]]);
        }
        return key_;
    }

private:
    void append_escaped(const std::string& text) {
        if (text.find_first_of("%;=") == std::string::npos)
            key_ += text;
        else
            key_ += escaped(text);
    }

    std::vector<std::size_t> order_;
    std::vector<std::string> prefixes_;
    std::string key_;
};

} // namespace

std::string dimensions_key(const std::vector<std::string>& names,
                           const std::vector<std::string>& values) {
    return DimensionsKey(names).of(values);
}

std::vector<Diagnostic> check_observations(const Scheme& scheme,
                                           const std::set<std::string>& series,
                                           const ObservationTable& table) {
    std::vector<Diagnostic> problems;
    const auto at = [&](const ObservationRow& row, const char* column) {
        return table.locate(row.line, column);
    };
    for (const ObservationRow& row : table.rows) {
        if (problems.size() >= 100) {
            problems.push_back({table_location(table.file, table.sheet, row.line, 0),
                                {},
                                "too many problems, stopping"});
            break;
        }
        if (!series.count(row.series))
            problems.push_back({at(row, "series"), "series",
                                "unknown series '" + row.series + "' in scheme '" + scheme.id +
                                    "' (declare it under series:, or use it in an indicator)"});
        if (!scheme.find_territory(row.territory))
            problems.push_back(
                {at(row, "territory"), "territory",
                 "unknown territory '" + row.territory + "' in scheme '" + scheme.id + "'"});
        if (!scheme.period.contains(row.period.year))
            problems.push_back({at(row, "period"), "period",
                                "period " + row.period.text + " is outside the scheme's period " +
                                    std::to_string(scheme.period.start) + "-" +
                                    std::to_string(scheme.period.end)});
    }
    return problems;
}

ObservationStore::ObservationStore(Database& database) : database_(database) {}

namespace {

// Rows in an approved territory and year refuse the whole import: their lines, grouped by
// territory and year. Approvals are few; they are read once and looked up in memory.
void refuse_approved(soci::session& sql, const std::string& scheme_id,
                     const ObservationTable& table) {
    struct Approval {
        std::string by, at;
        std::vector<int> lines;
    };
    std::map<std::pair<std::string, long long>, Approval> approvals;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT territory_code, year, approved_by, approved_at FROM data_approval "
                        "WHERE scheme_id = :s",
         soci::use(scheme_id));
    for (const soci::row& r : rows)
        approvals[{text_at(r, 0), integer_at(r, 1).value_or(0)}] = {
            text_at(r, 2), text_at(r, 3), {}};
    if (approvals.empty())
        return;
    for (const ObservationRow& row : table.rows)
        if (row.value || !row.comment.empty())
            if (auto it = approvals.find({row.territory, row.period.year}); it != approvals.end())
                it->second.lines.push_back(row.line);
    std::vector<Diagnostic> problems;
    for (const auto& [key, a] : approvals) {
        if (a.lines.empty())
            continue;
        std::string lines;
        for (std::size_t i = 0; i < a.lines.size() && i < 20; ++i)
            lines += (i ? ", " : "") + std::to_string(a.lines[i]);
        if (a.lines.size() > 20)
            lines += ", …";
        problems.push_back({table.locate(a.lines.front(), "territory"), "territory",
                            "the " + std::to_string(key.second) + " data of '" + key.first +
                                "' is approved (by " + a.by + " on " + a.at +
                                "): " + std::to_string(a.lines.size()) + " row(s) refused, " +
                                (table.sheet.empty() ? "lines " : "rows ") + lines +
                                "; unapprove it before importing"});
    }
    if (!problems.empty())
        throw InputError(std::move(problems));
}

const char* const upsert_observation =
    "ON CONFLICT (scheme_id, series, territory_code, year, period, dimensions) DO UPDATE SET "
    "value = excluded.value, synthetic = excluded.synthetic, import_seq = excluded.import_seq "
    "WHERE observation.value <> excluded.value OR observation.synthetic <> excluded.synthetic";

const char* const upsert_comment =
    "ON CONFLICT (scheme_id, series, territory_code, period, dimensions) DO UPDATE SET "
    "comment = excluded.comment, source_file = excluded.source_file, "
    "recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by "
    "WHERE observation_comment.comment <> excluded.comment";

// What the writers below count: values replaced (their old value went to the history), keys
// inserted or updated, comments inserted or updated.
struct WriteCounts {
    long long replaced = 0, upserted = 0, comments = 0;
};

// SQLite: each row goes straight to its place through prepared statements on the connection, as
// the sqlite3 shell's .import does; the previous value of a key moves to the history first,
// which only a scheme that already has observations needs.
WriteCounts write_sqlite(soci::session& sql, const std::string& scheme_id, long long seq,
                         const ObservationTable& table, const ObservationImportOptions& options,
                         const std::string& now, bool has_observations) {
    WriteCounts counts;
    const long long synthetic = options.synthetic ? 1 : 0;
    std::optional<SqliteStatement> history;
    if (has_observations)
        history.emplace(
            sql, "INSERT INTO observation_history (scheme_id, series, territory_code, period, "
                 "dimensions, value, synthetic, source_file, recorded_at, recorded_by, "
                 "replaced_at, replaced_by_file, replaced_by) SELECT o.scheme_id, o.series, "
                 "o.territory_code, o.period, o.dimensions, o.value, o.synthetic, i.source_file, "
                 "i.imported_at, i.imported_by, ?9, ?10, ?11 FROM observation o JOIN "
                 "observation_import i ON "
                 "i.scheme_id = o.scheme_id AND i.seq = o.import_seq WHERE o.scheme_id = ?1 AND "
                 "o.series = ?2 AND o.territory_code = ?3 AND o.year = ?4 AND o.period = ?5 AND "
                 "o.dimensions = ?6 AND (o.value <> ?7 OR o.synthetic <> ?8)");
    SqliteStatement upsert(sql, std::string("INSERT INTO observation (scheme_id, series, "
                                            "territory_code, year, period, dimensions, value, "
                                            "synthetic, period_end, import_seq) VALUES (?1, ?2, "
                                            "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ") +
                                    upsert_observation);
    SqliteStatement comment(sql, std::string("INSERT INTO observation_comment (scheme_id, series, "
                                             "territory_code, year, period, dimensions, comment, "
                                             "source_file, recorded_at, recorded_by) VALUES (?1, "
                                             "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ") +
                                     upsert_comment);
    upsert.text(1, scheme_id).integer(8, synthetic).integer(10, seq);
    comment.text(1, scheme_id).text(8, options.source_file).text(9, now);
    comment.text(10, options.recorded_by);
    if (history)
        history->text(1, scheme_id)
            .integer(8, synthetic)
            .text(9, now)
            .text(10, options.source_file)
            .text(11, options.recorded_by);
    std::size_t written = 0;
    DimensionsKey key(table.dimension_names);
    for (const ObservationRow& row : table.rows) {
        if (!row.value && row.comment.empty())
            continue;
        const std::string& dimensions = key.of(row.dimensions);
        if (row.value) {
            if (history) {
                history->text(2, row.series).text(3, row.territory).integer(4, row.period.year);
                history->text(5, row.period.text).text(6, dimensions).real(7, *row.value);
                counts.replaced += history->run();
            }
            upsert.text(2, row.series).text(3, row.territory).integer(4, row.period.year);
            upsert.text(5, row.period.text).text(6, dimensions).real(7, *row.value);
            upsert.text(9, row.period.end_date);
            counts.upserted += upsert.run();
        }
        if (!row.comment.empty()) {
            comment.text(2, row.series).text(3, row.territory).integer(4, row.period.year);
            comment.text(5, row.period.text).text(6, dimensions).text(7, row.comment);
            counts.comments += comment.run();
        }
        if (options.progress && ++written % 50000 == 0)
            options.progress(written);
    }
    return counts;
}

// PostgreSQL, a scheme with neither values nor comments yet: nothing to replace or merge, so the
// rows go straight into their tables through COPY (duplicates were refused while reading).
WriteCounts copy_postgresql(soci::session& sql, const std::string& scheme_id, long long seq,
                            const ObservationTable& table, const ObservationImportOptions& options,
                            const std::string& now) {
    WriteCounts counts;
    const long long synthetic = options.synthetic ? 1 : 0;
    std::size_t written = 0;
    DimensionsKey key(table.dimension_names);
    {
        CopyIn copy(sql, "observation (scheme_id, series, territory_code, period, dimensions, "
                         "year, period_end, value, synthetic, import_seq)");
        for (const ObservationRow& row : table.rows) {
            if (!row.value)
                continue;
            copy.text(scheme_id)
                .text(row.series)
                .text(row.territory)
                .text(row.period.text)
                .text(key.of(row.dimensions))
                .integer(row.period.year)
                .text(row.period.end_date)
                .real(*row.value)
                .integer(synthetic)
                .integer(seq)
                .end_row();
            ++counts.upserted;
            if (options.progress && ++written % 50000 == 0)
                options.progress(written);
        }
        copy.finish();
    }
    CopyIn copy(sql, "observation_comment (scheme_id, series, territory_code, period, dimensions, "
                     "year, comment, source_file, recorded_at, recorded_by)");
    for (const ObservationRow& row : table.rows) {
        if (row.comment.empty())
            continue;
        copy.text(scheme_id)
            .text(row.series)
            .text(row.territory)
            .text(row.period.text)
            .text(key.of(row.dimensions))
            .integer(row.period.year)
            .text(row.comment)
            .text(options.source_file)
            .text(now)
            .text(options.recorded_by)
            .end_row();
        ++counts.comments;
    }
    copy.finish();
    return counts;
}

// PostgreSQL: the rows stream into a temporary table through COPY, then a few set-based
// statements move them: one round trip per statement, not per row.
WriteCounts write_postgresql(soci::session& sql, const std::string& scheme_id, long long seq,
                             const ObservationTable& table, const ObservationImportOptions& options,
                             const std::string& now) {
    WriteCounts counts;
    sql << "CREATE TEMPORARY TABLE import_staging (series VARCHAR(200) NOT NULL, "
           "territory_code VARCHAR(200) NOT NULL, period VARCHAR(10) NOT NULL, "
           "dimensions TEXT NOT NULL, year INTEGER NOT NULL, period_end VARCHAR(10) NOT NULL, "
           "value DOUBLE PRECISION, comment TEXT NOT NULL)";
    {
        DimensionsKey key(table.dimension_names);
        CopyIn copy(sql, "import_staging (series, territory_code, period, dimensions, year, "
                         "period_end, value, comment)");
        std::size_t written = 0;
        for (const ObservationRow& row : table.rows) {
            if (!row.value && row.comment.empty())
                continue;
            copy.text(row.series)
                .text(row.territory)
                .text(row.period.text)
                .text(key.of(row.dimensions))
                .integer(row.period.year)
                .text(row.period.end_date);
            if (row.value)
                copy.real(*row.value);
            else
                copy.null();
            copy.text(row.comment).end_row();
            if (options.progress && ++written % 50000 == 0)
                options.progress(written);
        }
        copy.finish();
    }
    // The server's triggers move each replaced value to the history and count the import's
    // added and changed rows (migration 9).
    const int synthetic = options.synthetic ? 1 : 0;
    soci::statement upsert =
        (sql.prepare << std::string("INSERT INTO observation (scheme_id, series, territory_code, "
                                    "period, dimensions, year, period_end, value, synthetic, "
                                    "import_seq) SELECT :s, series, territory_code, period, "
                                    "dimensions, year, period_end, value, :syn, :seq FROM "
                                    "import_staging WHERE value IS NOT NULL ") +
                            upsert_observation,
         soci::use(scheme_id), soci::use(synthetic), soci::use(seq));
    upsert.execute(true);
    soci::statement comments =
        (sql.prepare << std::string("INSERT INTO observation_comment (scheme_id, series, "
                                    "territory_code, period, dimensions, year, comment, "
                                    "source_file, recorded_at, recorded_by) SELECT :s, series, "
                                    "territory_code, period, dimensions, year, comment, :file, "
                                    ":now, :by FROM import_staging WHERE comment <> '' ") +
                            upsert_comment,
         soci::use(scheme_id), soci::use(options.source_file), soci::use(now),
         soci::use(options.recorded_by));
    comments.execute(true);
    counts.comments = comments.get_affected_rows();
    sql << "DROP TABLE import_staging";
    return counts;
}

} // namespace

ObservationImportResult ObservationStore::import(const std::string& scheme_id,
                                                 const ObservationTable& table,
                                                 const ObservationImportOptions& options) {
    soci::session& sql = database_.session();
    ObservationImportResult result;
    result.rows = table.rows.size();
    std::size_t with_value = 0;
    for (const ObservationRow& row : table.rows)
        (row.value ? with_value : result.empty) += 1;
    const std::string now = utc_now();
    try {
        Transaction transaction(database_);
        // One writer of observations at a time (SQLite: BEGIN IMMEDIATE already): imports of the
        // same keys then replace each other whole, each replaced value in the history. Reads go on.
        lock_writers(database_, WriterLock::observations);
        refuse_approved(sql, scheme_id, table);
        long long present = 0, commented = 0, next = 0, seq = 0;
        sql << "SELECT COUNT(*) FROM (SELECT 1 FROM observation WHERE scheme_id = :s LIMIT 1) o",
            soci::use(scheme_id), soci::into(present);
        // The import's line in the log comes first: the rows written point to it. On PostgreSQL
        // the server numbers it (a sequence), makes the login its author and counts the rows
        // its triggers see written; on SQLite, Jalon does.
        if (database_.backend() == Backend::sqlite)
            sql << "SELECT COALESCE(MAX(seq), 0) + 1 FROM observation_import WHERE scheme_id = :s",
                soci::use(scheme_id), soci::into(next);
        const int synthetic = options.synthetic ? 1 : 0;
        const auto rows = static_cast<long long>(with_value);
        sql << "INSERT INTO observation_import (scheme_id, seq, source_file, imported_at, "
               "imported_by, synthetic, rows_with_value, added, changed) VALUES (:s, :q, :f, :at, "
               ":by, :syn, :r, 0, 0) RETURNING seq",
            soci::use(scheme_id), soci::use(next), soci::use(options.source_file), soci::use(now),
            soci::use(options.recorded_by), soci::use(synthetic), soci::use(rows), soci::into(seq);
        long long added = 0, changed = 0;
        if (database_.backend() == Backend::sqlite) {
            const WriteCounts counts =
                write_sqlite(sql, scheme_id, seq, table, options, now, present > 0);
            changed = counts.replaced;
            added = counts.upserted - counts.replaced;
            result.comments = static_cast<std::size_t>(counts.comments);
            sql << "UPDATE observation_import SET added = :a, changed = :c WHERE scheme_id = :s "
                   "AND seq = :q",
                soci::use(added), soci::use(changed), soci::use(scheme_id), soci::use(seq);
        } else {
            // COPY into a table refuses users under row-level security (contributors): they go
            // through the staging table, whose INSERT … SELECT the policies check.
            int secured = 0;
            sql << "SELECT COUNT(*) FROM (SELECT 1 FROM observation_comment WHERE scheme_id = :s "
                   "LIMIT 1) c",
                soci::use(scheme_id), soci::into(commented);
            sql << "SELECT CASE WHEN row_security_active('observation') OR "
                   "row_security_active('observation_comment') THEN 1 ELSE 0 END",
                soci::into(secured);
            const WriteCounts counts =
                present == 0 && commented == 0 && secured == 0
                    ? copy_postgresql(sql, scheme_id, seq, table, options, now)
                    : write_postgresql(sql, scheme_id, seq, table, options, now);
            result.comments = static_cast<std::size_t>(counts.comments);
            sql << "SELECT added, changed FROM observation_import WHERE scheme_id = :s AND seq = "
                   ":q",
                soci::use(scheme_id), soci::use(seq), soci::into(added), soci::into(changed);
        }
        result.changed = static_cast<std::size_t>(changed);
        result.added = static_cast<std::size_t>(added);
        result.unchanged = with_value - result.added - result.changed;
        const bool committed = transaction.outermost();
        transaction.commit();
        // Not inside a caller's transaction: ANALYZE would hold its locks (the caller refreshes).
        if (committed)
            database_.refresh_statistics("observation");
    } catch (const soci::soci_error& e) {
        throw RuntimeError("cannot store the data of " + table.file + " in " +
                           database_.url().display() + ": " + e.get_error_message());
    }
    return result;
}

namespace {

// The grouped totals of one series (`series` given) or of every series of the scheme (empty),
// by series, territory and year. The key starts (scheme, series, territory, year): on SQLite the
// rows come grouped, with no sort.
std::map<std::string, std::vector<YearCell>>
yearly_totals(soci::session& sql, const std::string& scheme_id, const std::string& series) {
    std::map<std::string, std::vector<YearCell>> cells;
    std::string code;
    YearCell cell;
    int synthetic = 0;
    std::string first_positive;
    soci::indicator first_indicator = soci::i_null;
    // Without a series, `series <> :c` (never '') keeps one statement for both cases.
    soci::statement statement =
        (sql.prepare << std::string("SELECT series, territory_code, year, SUM(value), COUNT(*), "
                                    "MIN(value), MAX(value), MIN(CASE WHEN value > 0 THEN "
                                    "period_end END), MAX(synthetic) FROM observation WHERE "
                                    "scheme_id = :s AND series ") +
                            (series.empty() ? "<>" : "=") +
                            " :c GROUP BY series, territory_code, year ORDER BY series, "
                            "territory_code, year",
         soci::use(scheme_id), soci::use(series), soci::into(code), soci::into(cell.territory),
         soci::into(cell.year), soci::into(cell.sum), soci::into(cell.count), soci::into(cell.min),
         soci::into(cell.max), soci::into(first_positive, first_indicator), soci::into(synthetic));
    statement.execute();
    std::vector<YearCell>* current = nullptr;
    std::string current_code;
    while (statement.fetch()) {
        cell.first_positive = first_indicator == soci::i_ok ? first_positive : std::string();
        cell.synthetic = synthetic != 0;
        if (!current || code != current_code) {
            current = &cells[code];
            current_code = code;
        }
        current->push_back(cell);
    }
    return cells;
}

// Adds a series' latest values (YearCell::last) to its cells: the latest period of each
// combination of dimensions, then added up, the stock of each group at the end of the year. Of
// periods ending the same day (2025-12, 2025-Q4), the greatest code counts. SQLite takes the row
// of the one max() (its "bare columns"), PostgreSQL the first row of each group (DISTINCT ON).
void add_latest(soci::session& sql, Backend backend, const std::string& scheme_id,
                const std::string& series, std::vector<YearCell>& cells) {
    const std::string query =
        backend == Backend::sqlite
            ? "SELECT territory_code, year, SUM(value) FROM (SELECT territory_code, year, "
              "MAX(period_end || ' ' || period), value FROM observation WHERE scheme_id = :s "
              "AND series = :c GROUP BY territory_code, year, dimensions) o "
              "GROUP BY territory_code, year ORDER BY territory_code, year"
            : "SELECT territory_code, year, SUM(value) FROM (SELECT DISTINCT ON "
              "(territory_code, year, dimensions) territory_code, year, value FROM observation "
              "WHERE scheme_id = :s AND series = :c ORDER BY territory_code, year, dimensions, "
              "period_end DESC, period DESC) o GROUP BY territory_code, year "
              "ORDER BY territory_code, year";
    std::string territory;
    int year = 0;
    double last = 0;
    soci::statement statement = (sql.prepare << query, soci::use(scheme_id), soci::use(series),
                                 soci::into(territory), soci::into(year), soci::into(last));
    statement.execute();
    // Both queries list the same groups in the same order.
    auto it = cells.begin();
    while (statement.fetch()) {
        while (it != cells.end() && std::tie(it->territory, it->year) < std::tie(territory, year))
            ++it;
        if (it != cells.end() && it->territory == territory && it->year == year)
            it->last = last;
    }
}

} // namespace

std::vector<YearCell> ObservationStore::yearly_cells(const std::string& scheme_id,
                                                     const std::string& series,
                                                     LatestValues latest) {
    try {
        if (series.empty())
            return {};
        auto cells = std::move(yearly_totals(database_.session(), scheme_id, series)[series]);
        if (latest == LatestValues::compute)
            add_latest(database_.session(), database_.backend(), scheme_id, series, cells);
        return cells;
    } catch (const soci::soci_error& e) {
        throw RuntimeError("cannot read series '" + series + "' from " + database_.url().display() +
                           ": " + e.get_error_message());
    }
}

std::map<std::string, std::vector<YearCell>>
ObservationStore::scheme_cells(const std::string& scheme_id, const std::set<std::string>& latest) {
    try {
        auto cells = yearly_totals(database_.session(), scheme_id, std::string());
        for (const std::string& series : latest)
            if (const auto it = cells.find(series); it != cells.end())
                add_latest(database_.session(), database_.backend(), scheme_id, series, it->second);
        return cells;
    } catch (const soci::soci_error& e) {
        throw RuntimeError("cannot read the observations of scheme '" + scheme_id + "' from " +
                           database_.url().display() + ": " + e.get_error_message());
    }
}

namespace {

// Rows of source_file, rows_with_value, synthetic, imported_at, imported_by.
std::vector<ObservationSource> read_sources(soci::rowset<soci::row>& rows) {
    std::vector<ObservationSource> sources;
    for (const soci::row& r : rows)
        sources.push_back({text_at(r, 0), integer_at(r, 1).value_or(0),
                           integer_at(r, 2).value_or(0) != 0, text_at(r, 3), text_at(r, 4)});
    return sources;
}

} // namespace

std::vector<ObservationSource> ObservationStore::sources(const std::string& scheme_id) {
    // The import log, not the observations: each file as its latest import with values left it.
    soci::rowset<soci::row> rows =
        (database_.session().prepare
             << "SELECT source_file, rows_with_value, synthetic, imported_at, imported_by FROM "
                "observation_import i WHERE scheme_id = :s AND seq = (SELECT MAX(seq) FROM "
                "observation_import j WHERE j.scheme_id = i.scheme_id AND "
                "j.source_file = i.source_file AND j.rows_with_value > 0) ORDER BY source_file",
         soci::use(scheme_id));
    return read_sources(rows);
}

std::vector<ObservationSource> ObservationStore::sources(const std::string& scheme_id,
                                                         long long run_id) {
    soci::rowset<soci::row> rows =
        (database_.session().prepare
             << "SELECT source_file, rows_with_value, synthetic, imported_at, imported_by FROM "
                "observation_import i WHERE scheme_id = :s AND seq = (SELECT MAX(j.seq) FROM "
                "observation_import j JOIN run_import r ON r.run_id = :r AND r.import_seq = "
                "j.seq WHERE j.scheme_id = i.scheme_id AND j.source_file = i.source_file AND "
                "j.rows_with_value > 0) ORDER BY source_file",
         soci::use(scheme_id), soci::use(run_id));
    return read_sources(rows);
}

std::vector<long long> ObservationStore::imports(const std::string& scheme_id) {
    std::vector<long long> seqs;
    try {
        soci::rowset<soci::row> rows =
            (database_.session().prepare
                 << "SELECT seq FROM observation_import WHERE scheme_id = :s ORDER BY seq",
             soci::use(scheme_id));
        for (const soci::row& r : rows)
            seqs.push_back(*integer_at(r, 0));
    } catch (const soci::soci_error& e) {
        throw RuntimeError("cannot read the imports of scheme '" + scheme_id + "' from " +
                           database_.url().display() + ": " + e.get_error_message());
    }
    return seqs;
}

std::vector<ObservationComment> ObservationStore::comments(const std::string& scheme_id, int year) {
    std::vector<ObservationComment> comments;
    soci::rowset<soci::row> rows =
        (database_.session().prepare
             << "SELECT series, territory_code, period, dimensions, comment, source_file, "
                "recorded_at, recorded_by FROM observation_comment WHERE scheme_id = :s AND "
                "(:y = 0 OR year = :y2) ORDER BY series, territory_code, period, dimensions",
         soci::use(scheme_id), soci::use(year), soci::use(year));
    for (const soci::row& r : rows)
        comments.push_back({text_at(r, 0), text_at(r, 1), text_at(r, 2), text_at(r, 3),
                            text_at(r, 4), text_at(r, 5), text_at(r, 6), text_at(r, 7)});
    return comments;
}

std::vector<ObservationVersion> ObservationStore::history(const std::string& scheme_id,
                                                          const std::string& series,
                                                          const std::string& territory) {
    std::vector<ObservationVersion> versions;
    soci::rowset<soci::row> rows =
        (database_.session().prepare
             << "SELECT period, dimensions, value, synthetic, source_file, recorded_at, "
                "recorded_by, replaced_at FROM ("
                "SELECT period, dimensions, value, synthetic, source_file, recorded_at, "
                "recorded_by, replaced_at FROM observation_history WHERE scheme_id = :s AND "
                "series = :c AND territory_code = :t UNION ALL "
                "SELECT o.period, o.dimensions, o.value, o.synthetic, i.source_file, "
                "i.imported_at, i.imported_by, '' FROM observation o JOIN observation_import i "
                "ON i.scheme_id = o.scheme_id AND i.seq = o.import_seq WHERE o.scheme_id = :s2 "
                "AND o.series = :c2 AND o.territory_code = :t2) h ORDER BY period, dimensions, "
                "CASE WHEN replaced_at = '' THEN 1 ELSE 0 END, recorded_at",
         soci::use(scheme_id), soci::use(series), soci::use(territory), soci::use(scheme_id),
         soci::use(series), soci::use(territory));
    for (const soci::row& r : rows)
        versions.push_back({text_at(r, 0), text_at(r, 1), real_at(r, 2).value_or(0),
                            integer_at(r, 3).value_or(0) != 0, text_at(r, 4), text_at(r, 5),
                            text_at(r, 6), text_at(r, 7)});
    return versions;
}

} // namespace jalon
