#include "clock.hpp"
#include "copy_in.hpp"
#include "row_value.hpp"
#include "writer_lock.hpp"

#include <jalon/error.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/run_store.hpp>

#include <soci/soci.h>

#include <limits>

namespace jalon {

RunStore::RunStore(Database& database) : database_(database) {}

long long RunStore::save(EvaluationRun& run) {
    soci::session& sql = database_.session();
    try {
        Transaction transaction(database_);
        lock_writers(database_, WriterLock::runs);
        // On PostgreSQL the server numbers the run (a sequence; migration 9).
        long long next = 0;
        if (database_.backend() == Backend::sqlite) {
            soci::indicator none = soci::i_null;
            sql << "SELECT MAX(id) FROM evaluation_run", soci::into(next, none);
            next = (none == soci::i_ok ? next : 0) + 1;
        }
        if (run.created_at.empty())
            run.created_at = utc_now();
        Nullable<std::string> territory(run.territory);
        const int synthetic = run.synthetic ? 1 : 0;
        sql << "INSERT INTO evaluation_run (id, scheme_id, year, territory_code, created_at, "
               "scheme_hash, scheme_revision, jalon_version, options, synthetic) VALUES (:i, :s, "
               ":y, :t, :c, :h, :r, :v, :o, :syn) RETURNING id",
            soci::use(next), soci::use(run.scheme_id), soci::use(run.year),
            soci::use(territory.value, territory.indicator), soci::use(run.created_at),
            soci::use(run.scheme_hash), soci::use(run.scheme_revision),
            soci::use(run.jalon_version), soci::use(run.options), soci::use(synthetic),
            soci::into(run.id);
        for (std::size_t p = 0; p < run.plugins.size(); ++p) {
            const int position = static_cast<int>(p);
            sql << "INSERT INTO run_plugin (run_id, position, name, version, file) VALUES (:r, "
                   ":p, :n, :v, :f)",
                soci::use(run.id), soci::use(position), soci::use(run.plugins[p].name),
                soci::use(run.plugins[p].version), soci::use(run.plugins[p].file);
        }
        for (const long long seq : run.imports)
            sql << "INSERT INTO run_import (run_id, import_seq) VALUES (:r, :q)", soci::use(run.id),
                soci::use(seq);
        if (database_.backend() == Backend::postgresql) {
            CopyIn copy(sql, "indicator_result (run_id, indicator_code, territory_code, year, "
                             "value, baseline, baseline_year, reference, reference_year, "
                             "reference_kind, expected, attainment, status, method, note, note_en, "
                             "date, synthetic)");
            const auto real = [&](const std::optional<double>& v) -> CopyIn& {
                return v ? copy.real(*v) : copy.null();
            };
            const auto integer = [&](const std::optional<int>& v) -> CopyIn& {
                return v ? copy.integer(*v) : copy.null();
            };
            for (const IndicatorResult& result : run.results) {
                copy.integer(run.id)
                    .text(result.indicator)
                    .text(result.territory)
                    .integer(result.year);
                real(result.value);
                real(result.baseline);
                integer(result.baseline_year);
                real(result.reference);
                integer(result.reference_year);
                if (result.reference_kind.empty())
                    copy.null();
                else
                    copy.text(result.reference_kind);
                real(result.expected);
                real(result.attainment);
                copy.text(to_code(result.status))
                    .text(result.method)
                    .text(result.note)
                    .text(result.note_en)
                    .text(result.date)
                    .integer(result.synthetic ? 1 : 0)
                    .end_row();
            }
            copy.finish();
        } else {
            IndicatorResult r;
            Nullable<double> value, baseline, reference, expected, attainment;
            Nullable<int> baseline_year, reference_year;
            Nullable<std::string> reference_kind;
            std::string status;
            int result_synthetic = 0;
            soci::statement insert =
                (sql.prepare
                     << "INSERT INTO indicator_result (run_id, indicator_code, "
                        "territory_code, year, value, baseline, baseline_year, reference, "
                        "reference_year, reference_kind, expected, attainment, status, "
                        "method, note, note_en, date, synthetic) VALUES (:a, :b, :c, :d, :e, "
                        ":f, :g, :h, :i, :j, :k, :l, :m, :n, :o, :o2, :p, :q)",
                 soci::use(run.id), soci::use(r.indicator), soci::use(r.territory),
                 soci::use(r.year), soci::use(value.value, value.indicator),
                 soci::use(baseline.value, baseline.indicator),
                 soci::use(baseline_year.value, baseline_year.indicator),
                 soci::use(reference.value, reference.indicator),
                 soci::use(reference_year.value, reference_year.indicator),
                 soci::use(reference_kind.value, reference_kind.indicator),
                 soci::use(expected.value, expected.indicator),
                 soci::use(attainment.value, attainment.indicator), soci::use(status),
                 soci::use(r.method), soci::use(r.note), soci::use(r.note_en), soci::use(r.date),
                 soci::use(result_synthetic));
            for (const IndicatorResult& result : run.results) {
                r = result;
                value = Nullable<double>(result.value);
                baseline = Nullable<double>(result.baseline);
                baseline_year = Nullable<int>(result.baseline_year);
                reference = Nullable<double>(result.reference);
                reference_year = Nullable<int>(result.reference_year);
                reference_kind =
                    Nullable<std::string>(result.reference_kind.empty()
                                              ? std::nullopt
                                              : std::optional<std::string>(result.reference_kind));
                expected = Nullable<double>(result.expected);
                attainment = Nullable<double>(result.attainment);
                status = std::string(to_code(result.status));
                result_synthetic = result.synthetic ? 1 : 0;
                insert.execute(true);
            }
        }
        const bool committed = transaction.outermost();
        transaction.commit();
        if (committed)
            database_.refresh_statistics("indicator_result");
    } catch (const soci::soci_error& e) {
        throw RuntimeError("cannot store the run in " + database_.url().display() + ": " +
                           e.get_error_message());
    }
    return run.id;
}

std::vector<RunSummary> RunStore::list(const std::optional<std::string>& scheme_id) {
    std::vector<RunSummary> out;
    const std::string scheme = scheme_id.value_or("");
    const int all = scheme_id ? 0 : 1;
    soci::session& sql = database_.session();
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT id, scheme_id, year, territory_code, created_at, scheme_hash, "
                        "synthetic FROM evaluation_run WHERE scheme_id = :s OR :all = 1 "
                        "ORDER BY id DESC",
         soci::use(scheme), soci::use(all));
    for (const soci::row& r : rows)
        out.push_back({*integer_at(r, 0),
                       text_at(r, 1),
                       static_cast<int>(*integer_at(r, 2)),
                       optional_text_at(r, 3),
                       text_at(r, 4),
                       text_at(r, 5),
                       integer_at(r, 6).value_or(0) != 0,
                       {}});
    for (RunSummary& summary : out) {
        // At the territory the run is about: the one asked, else the roots of the tree.
        const std::string territory = summary.territory.value_or("");
        const int roots = summary.territory ? 0 : 1;
        soci::rowset<soci::row> counts =
            (sql.prepare << "SELECT r.status, COUNT(*) FROM indicator_result r JOIN territory t "
                            "ON t.scheme_id = :s AND t.code = r.territory_code "
                            "WHERE r.run_id = :r AND r.year = :y AND "
                            "(t.code = :t OR (:roots = 1 AND t.parent_code IS NULL)) "
                            "GROUP BY r.status",
             soci::use(summary.scheme_id), soci::use(summary.id), soci::use(summary.year),
             soci::use(territory), soci::use(roots));
        for (const soci::row& r : counts)
            if (const auto status = parse_progress_status(text_at(r, 0)))
                summary.statuses[*status] = static_cast<std::size_t>(*integer_at(r, 1));
    }
    return out;
}

std::optional<EvaluationRun> RunStore::load(long long id) {
    soci::session& sql = database_.session();
    EvaluationRun run;
    bool found = false;
    soci::rowset<soci::row> head =
        (sql.prepare << "SELECT scheme_id, year, territory_code, created_at, scheme_hash, "
                        "scheme_revision, jalon_version, options, synthetic FROM evaluation_run "
                        "WHERE id = :i",
         soci::use(id));
    for (const soci::row& r : head) {
        found = true;
        run.id = id;
        run.scheme_id = text_at(r, 0);
        run.year = static_cast<int>(*integer_at(r, 1));
        run.territory = optional_text_at(r, 2);
        run.created_at = text_at(r, 3);
        run.scheme_hash = text_at(r, 4);
        run.scheme_revision = static_cast<int>(integer_at(r, 5).value_or(0));
        run.jalon_version = text_at(r, 6);
        run.options = text_at(r, 7);
        run.synthetic = integer_at(r, 8).value_or(0) != 0;
    }
    if (!found)
        return std::nullopt;
    soci::rowset<soci::row> plugins =
        (sql.prepare << "SELECT name, version, file FROM run_plugin WHERE run_id = :i ORDER BY "
                        "position",
         soci::use(id));
    for (const soci::row& r : plugins)
        run.plugins.push_back({text_at(r, 0), text_at(r, 1), text_at(r, 2)});
    soci::rowset<soci::row> imports =
        (sql.prepare << "SELECT import_seq FROM run_import WHERE run_id = :i ORDER BY import_seq",
         soci::use(id));
    for (const soci::row& r : imports)
        run.imports.push_back(*integer_at(r, 0));
    // Results come back in the order they were computed (scheme order of indicators, tree order
    // of territories), which the primary key does not give: join the scheme's positions.
    soci::rowset<soci::row> results =
        (sql.prepare
             << "SELECT r.indicator_code, r.territory_code, r.year, r.value, r.baseline, "
                "r.baseline_year, r.reference, r.reference_year, r.reference_kind, "
                "r.expected, r.attainment, r.status, r.method, r.note, r.date, "
                "r.synthetic, r.note_en FROM indicator_result r "
                "LEFT JOIN indicator i ON i.scheme_id = :s AND i.code = r.indicator_code "
                "LEFT JOIN territory t ON t.scheme_id = :s2 AND t.code = r.territory_code "
                "WHERE r.run_id = :i "
                "ORDER BY i.position, r.indicator_code, t.position, r.territory_code, r.year",
         soci::use(run.scheme_id), soci::use(run.scheme_id), soci::use(id));
    const auto small = [](const std::optional<long long>& v) {
        return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
    };
    for (const soci::row& r : results) {
        IndicatorResult result;
        result.indicator = text_at(r, 0);
        result.territory = text_at(r, 1);
        result.year = static_cast<int>(*integer_at(r, 2));
        result.value = real_at(r, 3);
        result.baseline = real_at(r, 4);
        result.baseline_year = small(integer_at(r, 5));
        result.reference = real_at(r, 6);
        result.reference_year = small(integer_at(r, 7));
        result.reference_kind = text_at(r, 8);
        result.expected = real_at(r, 9);
        result.attainment = real_at(r, 10);
        result.status = parse_progress_status(text_at(r, 11)).value_or(ProgressStatus::missing);
        result.method = text_at(r, 12);
        result.note = text_at(r, 13);
        result.date = text_at(r, 14);
        result.synthetic = integer_at(r, 15).value_or(0) != 0;
        result.note_en = text_at(r, 16);
        run.results.push_back(std::move(result));
    }
    return run;
}

std::optional<long long> RunStore::latest(const std::string& scheme_id, int year,
                                          std::optional<long long> before,
                                          const std::optional<std::string>& territory) {
    long long id = 0;
    const long long limit = before.value_or(std::numeric_limits<long long>::max());
    soci::indicator none = soci::i_null;
    if (territory)
        database_.session() << "SELECT MAX(id) FROM evaluation_run WHERE scheme_id = :s AND "
                               "year = :y AND id < :b AND territory_code = :t",
            soci::use(scheme_id), soci::use(year), soci::use(limit), soci::use(*territory),
            soci::into(id, none);
    else
        database_.session() << "SELECT MAX(id) FROM evaluation_run WHERE scheme_id = :s AND "
                               "year = :y AND id < :b AND territory_code IS NULL",
            soci::use(scheme_id), soci::use(year), soci::use(limit), soci::into(id, none);
    if (none != soci::i_ok)
        return std::nullopt;
    return id;
}

} // namespace jalon
