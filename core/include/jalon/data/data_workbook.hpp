#pragma once
/// @file
/// Reading yearly data from workbooks (rules in docs/data-format.md, section "Workbooks"): a
/// data-entry template written by `jalon data template` and filled by a contributor, or any simple
/// workbook whose first row has the columns of a CSV data file.

#include <jalon/data/observation_csv.hpp>
#include <jalon/data/status_csv.hpp>
#include <jalon/export.hpp>
#include <jalon/model/action_status.hpp>

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jalon {

/// Name and version of the data-entry template, stored in its hidden `_jalon` sheet.
inline constexpr const char* data_template_format = "jalon-data-template/1";

/// Where things are in a data-entry template, shared by its writer and its reader. Columns are
/// 1-based.
struct DataTemplateLayout {
    static constexpr const char* metadata_sheet = "_jalon";
    static constexpr const char* actions_sheet = "Actions";
    static constexpr int first_row = 2; ///< rows start under the header row

    // Entry sheet: descriptive columns 1-8, then the inputs and the hidden keys.
    static constexpr int value = 9;
    static constexpr int comment = 10;
    static constexpr int series_key = 11;
    static constexpr int territory_key = 12;
    static constexpr int period_key = 13;

    // Actions sheet: descriptive columns 1-4, then the inputs and the hidden key.
    static constexpr int action_status = 5;
    static constexpr int action_comment = 6;
    static constexpr int action_key = 7;

    /// The entry sheet's name: `Saisie`, or `Entry` in English.
    static const char* entry_sheet(std::string_view language) {
        return language == "en" ? "Entry" : "Saisie";
    }
};

/// The five statuses offered in the template's drop-down list, in the template's language
/// (`réalisé`, `en cours`…, or `done`, `in progress`…), in ActionStatus order.
JALON_API std::array<const char*, 5> data_template_status_labels(std::string_view language);

/// A template's identity and the keys it was written with.
struct DataTemplateKeys {
    /// The hidden keys of one entry row.
    struct Row {
        std::string series;
        std::string territory;
        std::string period;
    };

    std::string scheme;
    int year = 0;
    std::vector<Row> rows;
    std::vector<std::string> actions; ///< node codes, in row order
};

/// The checksum of a template's identity and keys (FNV-1a, 16 hex digits), as stored in `_jalon`:
/// it changes when the scheme, the year, or any key, row order or row count changes.
JALON_API std::string data_template_checksum(const DataTemplateKeys& keys);

/// What a data workbook holds.
struct DataWorkbook {
    /// Set for a Jalon template: the scheme, year and keys read back (checked against its
    /// checksum).
    std::optional<DataTemplateKeys> template_keys;
    ObservationTable observations; ///< `sheet` is the sheet the rows were read from
    StatusTable statuses;          ///< from a template's Actions sheet: the actions given a status
};

/// Reads a data workbook. Problems are thrown at once as an InputError whose diagnostics name the
/// file and the cell (`FILE:Saisie!I14`): a template whose `_jalon` sheet, keys or key columns
/// were altered, a value that is not a number, an unknown status, a missing column of a simple
/// workbook, a duplicate key, and the reader's own refusals (not an xlsx file, a zip bomb).
JALON_API DataWorkbook read_data_workbook(const std::filesystem::path& path);

} // namespace jalon
