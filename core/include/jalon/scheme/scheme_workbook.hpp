#pragma once
/// @file
/// The authoring workbook: a scheme described in Excel (docs/scheme-format.md, section "The
/// authoring workbook"). Its layout — sheets, columns, the words of drop-down lists, in French and
/// English — is shared by its writer (`jalon scheme template`, `jalon scheme export ID -o
/// FILE.xlsx`) and its reader (`jalon scheme import FILE.xlsx`).

#include <jalon/export.hpp>
#include <jalon/model/scheme.hpp>
#include <jalon/scheme/scheme_file.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jalon {

/// Name and version of the authoring workbook, stored in its hidden `_jalon` sheet.
inline constexpr const char* scheme_workbook_format = "jalon-scheme-workbook/1";

/// What a column holds, which says how it is written, checked and read.
enum class SchemeCellType {
    text,   ///< a text as is
    code,   ///< a code (written as text, so that `1.1` stays `1.1`)
    list,   ///< texts, one a line in the cell
    flag,   ///< oui/non (yes/no); also true/false, vrai/faux, 1/0 and Excel booleans
    year,   ///< a whole number from 1000 to 9999
    number, ///< a number (a number cell, or text with a decimal point or comma)
    choice, ///< one word of a drop-down list (SchemeWorkbookColumn::choices)
};

/// One column of a table sheet, or one field (row) of the scheme sheet.
struct SchemeWorkbookColumn {
    std::string key; ///< the scheme file's key it holds: `code`, `calendar.start`, `baseline.value`
    std::string fr;  ///< header (or field label) in French
    std::string en;  ///< in English
    double width = 14;
    SchemeCellType type = SchemeCellType::text;
    /// For a choice, or a code taken from a list: `levels`, `nodes`, `indicators`, `territories`,
    /// `methods`, `indicator_levels`, `directions`, `frequencies`, `statuses`, `rollups`,
    /// `criteria`, `level_orders`, `flags`, `target_kinds`, `element_kinds`.
    std::string choices = {};
    bool required = false;
    std::string help_fr = {}, help_en = {}; ///< shown beside a field, or as a column's hint
};

/// One sheet of the workbook. The scheme sheet has one field a row (label, value, help); every
/// other sheet is a table: a header row, then one element a row.
struct SchemeWorkbookSheet {
    std::string key; ///< `scheme`, `levels`, `nodes`, `indicators`, `targets`, `territories`,
                     ///< `figures`, `series`, `unplanned`, `questions`, `governance`, `links`,
                     ///< `totals`
    std::string fr, en;
    std::vector<SchemeWorkbookColumn> columns;
    bool required = false; ///< the reader refuses a workbook without it
    std::string help_fr = {}, help_en = {};
};

/// The workbook's sheets, in tab order (the Instructions and Methods sheets apart: they are
/// written, never read).
JALON_API const std::vector<SchemeWorkbookSheet>& scheme_workbook_sheets();

/// The words a drop-down list offers in a language (`fr` or `en`): for the lists of fixed words
/// (`indicator_levels`, `directions`, `frequencies`, `statuses`, `rollups`, `criteria`,
/// `level_orders`, `flags`, `target_kinds`, `element_kinds`): `réalisé`, `en cours`… where the
/// scheme file says `realise`, `en-cours`. The reader takes either language's words, and the
/// scheme file's codes.
JALON_API std::vector<std::string> scheme_workbook_choices(std::string_view list,
                                                           std::string_view language);

/// The word a list shows for a scheme file's code (`statuses`, `non-engage` → `non engagé`);
/// the code itself when the list does not have it.
JALON_API std::string scheme_workbook_choice_word(std::string_view list, std::string_view code,
                                                  std::string_view language);

/// The scheme file's code a word of a list stands for: either language's word or the code,
/// compared without case, accents or the difference between space and hyphen.
JALON_API std::optional<std::string> scheme_workbook_choice_code(std::string_view list,
                                                                 std::string_view word);

/// Reads an authoring workbook into a scheme and checks it with the same rules as a scheme file
/// (validate_scheme, then `extra_rules`: the methods against the plugins). Nodes and territories
/// may come in any order (each under its parent): the scheme keeps them in tree order, a node's
/// children in their rows' order, and its indicators in the order of their nodes. Every problem
/// found is thrown at once as an InputError whose diagnostics name the cell (`Sheet!D14`) and
/// the column's key.
JALON_API Scheme read_scheme_workbook(const std::filesystem::path& path,
                                      const SchemeRules& extra_rules = {});

} // namespace jalon
