#pragma once
/// @file
/// Storing schemes: import (create or update in place, saying what changed), list, load.

#include <jalon/export.hpp>
#include <jalon/model/scheme.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jalon {

class Database;

/// One line of `jalon scheme list`.
struct SchemeSummary {
    std::string id;
    std::string title;
    std::string kind;
    std::string owner;
    Period period;
    std::size_t nodes = 0;
    std::size_t indicators = 0;
    std::size_t territories = 0;
    int revision = 0;         ///< 1 at first import, +1 at each re-import
    std::string imported_at;  ///< UTC, ISO 8601
    std::string content_hash; ///< hash of the imported file(s)
    std::string retired_at;   ///< UTC, ISO 8601, when `jalon scheme retire` retired it; else empty
};

/// A scheme to store, with where it came from.
struct SchemeImport {
    const Scheme* scheme = nullptr;
    std::string source_file;  ///< as given by the user (several files joined by " + ")
    std::string content_hash; ///< of the files' bytes (content_hash())
    /// Overlays the stored scheme was imported with (ids, or files as recorded) whose values
    /// the user drops on purpose (`--drop-overlay`).
    std::vector<std::string> dropped_overlays = {};
};

/// The codes of one kind of element an import adds, changes or removes, in document order
/// (removed ones in the stored scheme's order).
struct CodeChanges {
    std::vector<std::string> added;
    std::vector<std::string> changed;
    std::vector<std::string> removed;
    std::vector<std::string> retired;  ///< territories: gone from the file, kept with their data
    std::vector<std::string> restored; ///< territories: retired earlier, listed again

    bool empty() const {
        return added.empty() && changed.empty() && removed.empty() && retired.empty() &&
               restored.empty();
    }
};

/// What a re-import changes, element by element. Baselines and targets are named by their
/// indicator's code, milestones by `CODE/YEAR`; a node or indicator counts as changed when one
/// of its own fields does (its baseline, milestones and target are counted apart).
struct SchemeChanges {
    CodeChanges nodes; ///< unplanned achievements included
    CodeChanges indicators;
    CodeChanges baselines;
    CodeChanges milestones;
    CodeChanges targets;
    CodeChanges territories;
    CodeChanges series;

    bool empty() const {
        return nodes.empty() && indicators.empty() && baselines.empty() && milestones.empty() &&
               targets.empty() && territories.empty() && series.empty();
    }
};

/// Records kept in the database against a code the import removes from the scheme: yearly values
/// of a series, follow-ups of a node, yearly values of a retired territory. They stay (with their
/// history), out of evaluations and reports, and come back if a later file lists the code again.
struct KeptRecords {
    std::string kind; ///< `series`, `node` or `territory`
    std::string code;
    std::size_t count = 0; ///< yearly values (series, territory) or follow-ups (node)
    int first_year = 0;
    int last_year = 0;
};

/// What an import changed, per kind of coded element.
struct SchemeImportResult {
    bool created = false; ///< false: an existing scheme was updated in place
    int revision = 0;
    struct Changes {
        std::size_t added = 0;
        std::size_t kept = 0; ///< codes that were there before and remain
        std::size_t removed = 0;
        std::size_t retired = 0;  ///< territories gone from the file but kept: they have history
        std::size_t restored = 0; ///< retired territories the file lists again
    };
    Changes nodes;
    Changes indicators;
    Changes territories;
    SchemeChanges changes;                     ///< code by code (empty for a new scheme)
    std::vector<KeptRecords> kept;             ///< records against removed codes, kept
    std::vector<std::string> dropped_overlays; ///< stored overlays dropped by this import (ids)
};

/// Reads and writes schemes in a Database.
class JALON_API SchemeStore {
public:
    explicit SchemeStore(Database& database);

    /// Stores a valid scheme in one transaction. An existing scheme with the same id is updated
    /// in place: elements whose codes remain keep their identity and what is recorded against
    /// them; elements whose codes are gone are removed, except territories the database refuses
    /// to delete (they have data, runs, history or contributors): those are retired, kept with
    /// all that out of the scheme as loaded, until a file lists them again. `source_file` is
    /// recorded as given.
    SchemeImportResult save(const Scheme& scheme, const std::string& source_file,
                            const std::string& content_hash = "");

    /// Stores several schemes in one transaction: all or none. With `dry_run`, does every
    /// write and check in that transaction, then rolls it back: the results say what the import
    /// would do, and nothing is changed.
    ///
    /// Throws InputError, writing nothing, when a stored scheme was imported with an overlay
    /// (Scheme::overlays) that the new one neither applies again (same id) nor drops
    /// (SchemeImport::dropped_overlays): its message names the overlay, its file and how many
    /// baselines, milestones and targets it set. Also for a dropped overlay the scheme does not
    /// have.
    std::vector<SchemeImportResult> save_all(const std::vector<SchemeImport>& schemes,
                                             bool dry_run = false);

    std::vector<SchemeSummary> list();
    /// One scheme's summary, or nothing for an unknown id.
    std::optional<SchemeSummary> summary(const std::string& id);
    /// The whole scheme as stored (without its retired territories), or nothing for an unknown
    /// id.
    std::optional<Scheme> load(const std::string& id);
    /// Marks a scheme retired (or active again with `retired` false): it keeps everything, and
    /// takes no new data or evaluation. False for an unknown id.
    bool retire(const std::string& id, bool retired = true);

private:
    Database& database_;
};

} // namespace jalon
