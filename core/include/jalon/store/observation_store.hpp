#pragma once
/// @file
/// Yearly data: importing observations (with their history) and reading them back rolled up by
/// territory and year in one grouped query per series.

#include <jalon/data/observation_csv.hpp>
#include <jalon/error.hpp>
#include <jalon/export.hpp>
#include <jalon/model/scheme.hpp>
#include <jalon/model/series.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace jalon {

class Database;

/// Who imports what, and how it is labelled.
struct ObservationImportOptions {
    std::string source_file; ///< recorded with each value
    std::string recorded_by; ///< the user name
    bool synthetic = false;  ///< the values are illustrative (demonstration data)
    /// Called now and then with the number of rows written so far (progress display).
    std::function<void(std::size_t)> progress;
};

/// What an import did.
struct ObservationImportResult {
    std::size_t rows = 0;      ///< data rows in the file
    std::size_t added = 0;     ///< keys that had no value before
    std::size_t changed = 0;   ///< keys whose value changed (the previous one went to the history)
    std::size_t unchanged = 0; ///< keys re-imported with the same value
    std::size_t empty = 0;     ///< rows with an empty value: no value, nothing stored
    std::size_t comments = 0;  ///< comments added or changed
};

/// Whether a yearly query also finds each year's latest values (a stock's), which costs a second
/// pass over the series.
enum class LatestValues { skip, compute };

/// Everything the observations of one series say about one territory and year.
struct YearCell {
    std::string territory;
    int year = 0;
    double sum = 0;
    long long count = 0;
    double min = 0;
    double max = 0;
    double last = 0;            ///< value of the latest period (summed over dimensions)
    std::string first_positive; ///< end date of the earliest period with a value > 0
    bool synthetic = false;

    /// The year's value as a within-year roll-up takes it.
    double value(Rollup rollup) const {
        switch (rollup) {
        case Rollup::count:
            return static_cast<double>(count);
        case Rollup::mean:
            return count ? sum / static_cast<double>(count) : 0;
        case Rollup::min:
            return min;
        case Rollup::max:
            return max;
        case Rollup::last:
            return last;
        case Rollup::sum:
            break;
        }
        return sum;
    }
};

/// A value a key had, now or before.
struct ObservationVersion {
    std::string period;
    std::string dimensions;
    double value = 0;
    bool synthetic = false;
    std::string source_file;
    std::string recorded_at;
    std::string recorded_by;
    std::string replaced_at; ///< empty for the current value
};

/// A contributor's comment on a key, as last recorded.
struct ObservationComment {
    std::string series;
    std::string territory;
    std::string period;
    std::string dimensions;
    std::string comment;
    std::string source_file;
    std::string recorded_at;
    std::string recorded_by;

    bool operator==(const ObservationComment&) const = default;
};

/// Where a scheme's data came from: one line per source file.
struct ObservationSource {
    std::string file;
    long long rows = 0;
    bool synthetic = false;
    std::string last_recorded; ///< UTC, ISO 8601
    std::string recorded_by;

    bool operator==(const ObservationSource&) const = default;
};

/// Checks rows against a scheme: known territory, known series (`series` lists them), period
/// within the scheme's period. Problems name the file, line, column and key.
JALON_API std::vector<Diagnostic> check_observations(const Scheme& scheme,
                                                     const std::set<std::string>& series,
                                                     const ObservationTable& table);

/// The canonical text of a row's dimensions: `name=value` pairs sorted by name, joined by `;`
/// (`%`, `;` and `=` escaped as %25, %3B, %3D); empty without dimensions.
JALON_API std::string dimensions_key(const std::vector<std::string>& names,
                                     const std::vector<std::string>& values);

/// Stores and reads observations.
class JALON_API ObservationStore {
public:
    explicit ObservationStore(Database& database);

    /// Stores checked rows in one transaction: new keys are added, changed values replace the old
    /// ones, which go to the history with their time, file and author. A row's non-empty comment
    /// replaces the key's comment (with or without a value). Rows in an approved territory and
    /// year refuse the whole import (InputError listing them).
    ObservationImportResult import(const std::string& scheme_id, const ObservationTable& table,
                                   const ObservationImportOptions& options);

    /// One grouped query: for each territory and year, the series' observations summed, counted,
    /// their extremes and the first positive date; with LatestValues::compute, a second one finds
    /// the latest period's values (YearCell::last), which only the `last` roll-up reads.
    std::vector<YearCell> yearly_cells(const std::string& scheme_id, const std::string& series,
                                       LatestValues latest = LatestValues::compute);

    /// Every series of a scheme at once, each as yearly_cells() gives it: one grouped query over
    /// all the scheme's observations (read in key order), and one more per series listed in
    /// `latest` for its latest values. Series without observations are absent.
    std::map<std::string, std::vector<YearCell>> scheme_cells(const std::string& scheme_id,
                                                              const std::set<std::string>& latest);

    /// The files the scheme's current values came from, sorted by file name.
    std::vector<ObservationSource> sources(const std::string& scheme_id);
    /// The files a stored run's data came from, as its imports (EvaluationRun::imports) left
    /// them: each file's latest import with values among them, sorted by file name.
    std::vector<ObservationSource> sources(const std::string& scheme_id, long long run_id);
    /// The numbers (in the scheme's import log) of every import of the scheme, ascending.
    std::vector<long long> imports(const std::string& scheme_id);

    /// The comments on a year's keys, ordered by series, territory, period and dimensions; every
    /// year's when `year` is 0.
    std::vector<ObservationComment> comments(const std::string& scheme_id, int year = 0);

    /// Every value a key has had, oldest first, the current one last.
    std::vector<ObservationVersion> history(const std::string& scheme_id, const std::string& series,
                                            const std::string& territory);

private:
    Database& database_;
};

} // namespace jalon
