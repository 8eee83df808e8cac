#include "clock.hpp"
#include "writer_lock.hpp"
#include "copy_in.hpp"
#include "row_value.hpp"

#include <jalon/error.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/observation_store.hpp>

#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <numeric>

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

std::size_t count_of(soci::session& sql, const std::string& query, const std::string& scheme) {
    long long count = 0;
    sql << query, soci::use(scheme), soci::into(count);
    return static_cast<std::size_t>(count);
}

} // namespace

std::string dimensions_key(const std::vector<std::string>& names,
                           const std::vector<std::string>& values) {
    std::vector<std::size_t> order(names.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return names[a] < names[b]; });
    std::string key;
    for (const std::size_t i : order) {
        key += (key.empty() ? "" : ";") + escaped(names[i]) + "=" +
               escaped(i < values.size() ? values[i] : std::string());
    }
    return key;
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

ObservationImportResult ObservationStore::import(const std::string& scheme_id,
                                                 const ObservationTable& table,
                                                 const ObservationImportOptions& options) {
    soci::session& sql = database_.session();
    ObservationImportResult result;
    result.rows = table.rows.size();
    const std::string now = utc_now();
    try {
        Transaction transaction(database_);
        // One writer of observations at a time (SQLite: BEGIN IMMEDIATE already): imports of the
        // same keys then replace each other whole, each replaced value in the history. Reads go on.
        lock_writers(database_, WriterLock::observations);
        sql << "CREATE TEMPORARY TABLE import_staging (series VARCHAR(200) NOT NULL, "
               "territory_code VARCHAR(200) NOT NULL, period VARCHAR(10) NOT NULL, "
               "dimensions TEXT NOT NULL, year INTEGER NOT NULL, period_end VARCHAR(10) NOT NULL, "
               "value DOUBLE PRECISION, comment TEXT NOT NULL, line INTEGER NOT NULL)";
        std::size_t written = 0;
        const auto count_staged = [&] {
            if (options.progress && ++written % 50000 == 0)
                options.progress(written);
        };
        if (database_.backend() == Backend::postgresql) {
            CopyIn copy(sql, "import_staging (series, territory_code, period, dimensions, year, "
                             "period_end, value, comment, line)");
            for (const ObservationRow& row : table.rows) {
                if (!row.value)
                    ++result.empty;
                if (!row.value && row.comment.empty())
                    continue;
                copy.text(row.series)
                    .text(row.territory)
                    .text(row.period.text)
                    .text(dimensions_key(table.dimension_names, row.dimensions))
                    .integer(row.period.year)
                    .text(row.period.end_date);
                if (row.value)
                    copy.real(*row.value);
                else
                    copy.null();
                copy.text(row.comment).integer(row.line).end_row();
                count_staged();
            }
            copy.finish();
        } else {
            std::string series, territory, period, dimensions, period_end, comment;
            int year = 0;
            double value = 0;
            soci::indicator value_indicator = soci::i_ok;
            int line = 0;
            soci::statement insert =
                (sql.prepare
                     << "INSERT INTO import_staging VALUES (:a, :b, :c, :d, :e, :f, :g, :h, :i)",
                 soci::use(series), soci::use(territory), soci::use(period), soci::use(dimensions),
                 soci::use(year), soci::use(period_end), soci::use(value, value_indicator),
                 soci::use(comment), soci::use(line));
            for (const ObservationRow& row : table.rows) {
                if (!row.value)
                    ++result.empty;
                if (!row.value && row.comment.empty())
                    continue;
                series = row.series;
                territory = row.territory;
                period = row.period.text;
                dimensions = dimensions_key(table.dimension_names, row.dimensions);
                year = row.period.year;
                period_end = row.period.end_date;
                value = row.value.value_or(0);
                value_indicator = row.value ? soci::i_ok : soci::i_null;
                comment = row.comment;
                line = row.line;
                insert.execute(true);
                count_staged();
            }
        }
        // Approved data is locked: the whole import is refused, with the locked rows' lines
        // grouped by territory and year.
        {
            struct Locked {
                std::vector<int> lines;
                std::string by, at;
            };
            std::map<std::pair<std::string, long long>, Locked> locked;
            soci::rowset<soci::row> rows =
                (sql.prepare << "SELECT t.line, t.territory_code, t.year, a.approved_by, "
                                "a.approved_at FROM import_staging t JOIN data_approval a ON "
                                "a.scheme_id = :s AND a.territory_code = t.territory_code AND "
                                "a.year = t.year ORDER BY t.line",
                 soci::use(scheme_id));
            for (const soci::row& r : rows) {
                Locked& l = locked[{text_at(r, 1), integer_at(r, 2).value_or(0)}];
                l.lines.push_back(static_cast<int>(integer_at(r, 0).value_or(0)));
                l.by = text_at(r, 3);
                l.at = text_at(r, 4);
            }
            std::vector<Diagnostic> problems;
            for (const auto& [key, l] : locked) {
                std::string lines;
                for (std::size_t i = 0; i < l.lines.size() && i < 20; ++i)
                    lines += (i ? ", " : "") + std::to_string(l.lines[i]);
                if (l.lines.size() > 20)
                    lines += ", …";
                problems.push_back({table.locate(l.lines.front(), "territory"), "territory",
                                    "the " + std::to_string(key.second) + " data of '" + key.first +
                                        "' is approved (by " + l.by + " on " + l.at + "): " +
                                        std::to_string(l.lines.size()) + " row(s) refused, " +
                                        (table.sheet.empty() ? "lines " : "rows ") + lines +
                                        "; unapprove it before importing"});
            }
            if (!problems.empty())
                throw InputError(std::move(problems));
        }
        const std::string same_key =
            "o.scheme_id = :s AND o.series = t.series AND o.territory_code = t.territory_code "
            "AND o.period = t.period AND o.dimensions = t.dimensions";
        long long staged_rows = 0;
        sql << "SELECT COUNT(*) FROM import_staging WHERE value IS NOT NULL",
            soci::into(staged_rows);
        const auto staged = static_cast<std::size_t>(staged_rows);
        const std::size_t existing =
            count_of(sql,
                     "SELECT COUNT(*) FROM import_staging t JOIN observation o ON " + same_key +
                         " WHERE t.value IS NOT NULL",
                     scheme_id);
        const int synthetic = options.synthetic ? 1 : 0;
        soci::statement history =
            (sql.prepare << "INSERT INTO observation_history (scheme_id, series, territory_code, "
                            "period, dimensions, value, synthetic, source_file, recorded_at, "
                            "recorded_by, replaced_at, replaced_by_file) "
                            "SELECT o.scheme_id, o.series, o.territory_code, o.period, "
                            "o.dimensions, o.value, o.synthetic, o.source_file, o.recorded_at, "
                            "o.recorded_by, :now, :file FROM import_staging t JOIN observation o "
                            "ON " +
                                same_key + " WHERE o.value <> t.value OR o.synthetic <> :syn",
             soci::use(now), soci::use(options.source_file), soci::use(scheme_id),
             soci::use(synthetic));
        history.execute(true);
        result.changed = static_cast<std::size_t>(history.get_affected_rows());
        result.added = staged - existing;
        result.unchanged = existing - result.changed;
        sql << "INSERT INTO observation (scheme_id, series, territory_code, period, dimensions, "
               "year, period_end, value, synthetic, source_file, recorded_at, recorded_by) "
               "SELECT :s, series, territory_code, period, dimensions, year, period_end, value, "
               ":syn, :file, :now, :by FROM import_staging WHERE value IS NOT NULL "
               "ON CONFLICT (scheme_id, series, territory_code, period, dimensions) DO UPDATE SET "
               "value = excluded.value, synthetic = excluded.synthetic, "
               "source_file = excluded.source_file, recorded_at = excluded.recorded_at, "
               "recorded_by = excluded.recorded_by "
               "WHERE observation.value <> excluded.value "
               "OR observation.synthetic <> excluded.synthetic",
            soci::use(scheme_id), soci::use(synthetic), soci::use(options.source_file),
            soci::use(now), soci::use(options.recorded_by);
        soci::statement comments =
            (sql.prepare
                 << "INSERT INTO observation_comment (scheme_id, series, territory_code, period, "
                    "dimensions, year, comment, source_file, recorded_at, recorded_by) "
                    "SELECT :s, series, territory_code, period, dimensions, year, comment, :file, "
                    ":now, :by FROM import_staging WHERE comment <> '' "
                    "ON CONFLICT (scheme_id, series, territory_code, period, dimensions) DO UPDATE "
                    "SET comment = excluded.comment, source_file = excluded.source_file, "
                    "recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by "
                    "WHERE observation_comment.comment <> excluded.comment",
             soci::use(scheme_id), soci::use(options.source_file), soci::use(now),
             soci::use(options.recorded_by));
        comments.execute(true);
        result.comments = static_cast<std::size_t>(comments.get_affected_rows());
        sql << "DROP TABLE import_staging";
        transaction.commit();
    } catch (const soci::soci_error& e) {
        throw RuntimeError("cannot store the data of " + table.file + " in " +
                           database_.url().display() + ": " + e.get_error_message());
    }
    return result;
}

std::vector<YearCell> ObservationStore::yearly_cells(const std::string& scheme_id,
                                                     const std::string& series) {
    soci::session& sql = database_.session();
    std::vector<YearCell> cells;
    YearCell cell;
    double last = 0;
    int synthetic = 0;
    std::string first_positive;
    soci::indicator first_indicator = soci::i_null, last_indicator = soci::i_null;
    try {
        // The latest period is found per territory, year and combination of dimensions, then
        // added up: the stock of each group at the end of the year.
        soci::statement statement =
            (sql.prepare << "SELECT territory_code, year, SUM(value), COUNT(*), MIN(value), "
                            "MAX(value), MIN(CASE WHEN value > 0 THEN period_end END), "
                            "SUM(CASE WHEN period_end = last_end THEN value END), MAX(synthetic) "
                            "FROM (SELECT territory_code, year, value, period_end, synthetic, "
                            "MAX(period_end) OVER (PARTITION BY territory_code, year, dimensions) "
                            "AS last_end FROM observation WHERE scheme_id = :s AND series = :c) o "
                            "GROUP BY territory_code, year ORDER BY territory_code, year",
             soci::use(scheme_id), soci::use(series), soci::into(cell.territory),
             soci::into(cell.year), soci::into(cell.sum), soci::into(cell.count),
             soci::into(cell.min), soci::into(cell.max),
             soci::into(first_positive, first_indicator), soci::into(last, last_indicator),
             soci::into(synthetic));
        statement.execute();
        while (statement.fetch()) {
            cell.first_positive = first_indicator == soci::i_ok ? first_positive : std::string();
            cell.last = last_indicator == soci::i_ok ? last : 0;
            cell.synthetic = synthetic != 0;
            cells.push_back(cell);
        }
    } catch (const soci::soci_error& e) {
        throw RuntimeError("cannot read series '" + series + "' from " + database_.url().display() +
                           ": " + e.get_error_message());
    }
    return cells;
}

std::vector<ObservationSource> ObservationStore::sources(const std::string& scheme_id) {
    std::vector<ObservationSource> sources;
    soci::rowset<soci::row> rows =
        (database_.session().prepare
             << "SELECT source_file, COUNT(*), MAX(synthetic), MAX(recorded_at), MAX(recorded_by) "
                "FROM observation WHERE scheme_id = :s GROUP BY source_file ORDER BY source_file",
         soci::use(scheme_id));
    for (const soci::row& r : rows)
        sources.push_back({text_at(r, 0), integer_at(r, 1).value_or(0),
                           integer_at(r, 2).value_or(0) != 0, text_at(r, 3), text_at(r, 4)});
    return sources;
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
                "SELECT period, dimensions, value, synthetic, source_file, recorded_at, "
                "recorded_by, '' FROM observation WHERE scheme_id = :s2 AND series = :c2 AND "
                "territory_code = :t2) h ORDER BY period, dimensions, "
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
