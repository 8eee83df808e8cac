#pragma once
// Every word a report shows, in French (default) and English.

#include <jalon/evaluation/indicator_result.hpp>
#include <jalon/model/action_status.hpp>
#include <jalon/model/indicator.hpp>

#include <string>

namespace jalon::reports {

struct Labels {
    std::string language;
    // Sheets.
    std::string sheet_summary, sheet_indicators, sheet_territories, sheet_actions, sheet_trends,
        sheet_quality, sheet_method;
    // Summary.
    std::string annual_evaluation, owner, period, year, run, run_date, synthetic_banner, axis,
        actions_by_status, indicators_by_status, share_on_track, total, legend, status, meaning,
        chart_title, no_actions, other_statuses;
    // Columns.
    std::string path, code, node_title, indicator, level, unit, baseline, baseline_year, reference,
        reference_year, reference_kind, value, attainment, method, method_code, parameters, note, direction,
        synthetic, territory, kind, pilots, partners, calendar, flagship, comment, yes, no, check,
        detail, previous_value, new_value, ratio, plugin, version, file, rows, recorded, source,
        series, action_status_none;
    // What the documents say of indicators and territories.
    std::string producer, frequency, remarks, code_inferred, level_inferred, inferred_note,
        key_figures, key_figures_note, figure, figure_year;
    std::string missing_legend, milestone_word, target_word, not_applicable, not_applicable_legend;
    std::string data_of_year, approved, pending;
    // Trends.
    std::string trends_note, trend_value, trend_reference;
    // Data quality.
    std::string quality_missing, quality_changed, quality_outlier, quality_no_target,
        quality_not_computed, quality_intro, quality_none;
    // Method.
    std::string method_intro, run_id, created, database, jalon_version, scheme_hash,
        scheme_revision, options, plugins, status_rules, data_sources, indicator_methods,
        synthetic_sources;
    std::string status_rule[7]; ///< by all_progress_statuses
    std::string footer;
};

const Labels& labels_for(const std::string& language);

std::string status_label(ProgressStatus status, const Labels& labels);
std::string level_label(IndicatorLevel level, const Labels& labels);
// A date as its reader writes it: "2026-02-16" → "16 février 2026" (en: "16 February 2026");
// "2026-12-07T18:06:42Z" → "7 décembre 2026 à 18 h 06 (UTC)" (en: "7 December 2026, 18:06
// UTC"). Anything else is returned as is.
std::string date_text(const std::string& iso, const Labels& labels);
std::string action_status_label(ActionStatus status, const Labels& labels);
std::string frequency_label(Frequency frequency, const Labels& labels);
// "CAF — fichier des allocataires": the producer and the source, either may be empty.
std::string producer_text(const Indicator& indicator);
// What the document did not state of an indicator (its code, its level), as a remark.
std::string inferred_text(const Indicator& indicator, const Labels& labels);

} // namespace jalon::reports
