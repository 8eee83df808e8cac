#pragma once
/// @file
/// The data-entry workbook handed to pilots and partners: what to fill, with checks on inputs,
/// and hidden keys so that the import does not rely on visible labels.

#include <jalon/model/scheme.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace jalon::reports {

/// One value to enter: a series at a territory for a period.
struct DataTemplateRow {
    std::string series;
    std::string label; ///< what the series counts
    std::string unit;
    std::string indicators; ///< codes of the indicators reading it
    std::string territory;  ///< code (hidden key)
    std::string territory_name;
    std::string period;             ///< `YYYY`
    std::optional<double> previous; ///< the previous year's value, for reference
    std::optional<double> target;
    bool synthetic_previous = false; ///< the previous value rests on synthetic data
    bool synthetic_target = false;   ///< the target comes from a synthetic overlay
};

/// One action whose status is asked.
struct DataTemplateAction {
    std::string node;
    std::string title;
    std::string pilots;
    std::string status; ///< current status, as a label (may be empty)
};

struct DataTemplateInput {
    const Scheme* scheme = nullptr;
    int year = 0;
    /// The filters the template was made with, worded in the instructions (all territories
    /// when none).
    std::optional<std::string> territory, node, pilot;
    /// The workbook's creation date (UTC, ISO 8601): when the scheme was imported, so that the same
    /// database gives the same bytes; undated when empty.
    std::string created_at;
    std::vector<DataTemplateRow> rows;
    std::vector<DataTemplateAction> actions;
};

/// Writes the template (sheets Instructions, Saisie, Actions and the hidden `_jalon`, laid out as
/// jalon::DataTemplateLayout says) through a temporary file renamed at the end. Descriptive cells
/// are protected (no password); inputs are checked (numbers only, non-negative unless the unit
/// allows negatives, percentages within 0-100, statuses from a list). The hidden sheet holds the
/// scheme, the year and a checksum of the key columns (jalon::data_template_checksum), so that an
/// altered template can be refused at import. Previous values and targets that are synthetic are
/// labelled so (their column headers, and a banner in the instructions).
void write_data_template(const DataTemplateInput& input, const std::string& language,
                         const std::filesystem::path& output);

} // namespace jalon::reports
