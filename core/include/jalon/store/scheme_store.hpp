#pragma once
/// @file
/// Storing schemes: import (create or update in place), list, load.

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

    /// Stores several schemes in one transaction: all or none.
    std::vector<SchemeImportResult> save_all(const std::vector<SchemeImport>& schemes);

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
