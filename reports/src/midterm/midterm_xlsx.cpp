#include "midterm/midterm_xlsx.hpp"

#include "xlsx/sheet_writer.hpp"
#include "xlsx/xlsx_workbook.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>

namespace jalon::reports {

namespace {

std::string joined(const std::vector<std::string>& items, const std::string& prefix) {
    std::string out;
    for (const std::string& item : items)
        out += (out.empty() ? "" : "\n") + prefix + item;
    return out;
}

std::string figures_text(const MidtermModel& m, const std::vector<Figure>& figures) {
    std::vector<std::string> lines;
    for (const Figure& f : figures)
        lines.push_back(m.figure_text(f));
    return joined(lines, "");
}

std::string title_with_status(const MidtermModel& m, const ReviewNode& n) {
    return n.action || n.follow_up ? n.node->title + " (" + m.action_status_text(n.follow_up) + ")"
                                   : n.node->title;
}

// "Synthèse par axe", or by the steering level (a sheet name holds 31 characters at most).
std::string summary_sheet_name(const MidtermModel& m) {
    const std::string title = m.summary_title();
    const auto characters =
        std::count_if(title.begin(), title.end(), [](char c) { return (c & 0xC0) != 0x80; });
    return characters <= 31 ? title : m.words.summary;
}

// The code and title of a summary's row: its steering node, or "Hors axe".
std::vector<Cell> summary_head(const MidtermModel& m, const ReviewSummary& summary) {
    if (!summary.top)
        return {Cell::of("", "text"), Cell::of(m.outside_title(), "wrap")};
    return {Cell::of(summary.top->code, "bold"), Cell::of(summary.top->title, "wrap")};
}

class Writer {
public:
    Writer(const MidtermModel& model, XlsxWorkbook& workbook) : m_(model), workbook_(workbook) {}

    SheetWriter sheet(const std::string& name) {
        return SheetWriter(workbook_, name,
                           m_.scheme.title + " — " + m_.words.review + " " +
                               std::to_string(m_.input.year),
                           m_.labels.footer, m_.labels.language, excel_max_rows);
    }

    // Sheets that show indicators' values or statuses say so when they rest on synthetic data.
    void synthetic_banner(SheetWriter& s, int columns) {
        if (m_.input.run && m_.input.run->synthetic) {
            s.banner(m_.words.synthetic_banner, columns);
            s.skip();
        }
    }

    void review() {
        const MidtermWords& w = m_.words;
        SheetWriter s = sheet(w.review);
        s.title(m_.scheme.title + " — " + w.review + " " + std::to_string(m_.input.year));
        s.line(w.owner, Cell::of(m_.scheme.owner, "bold"));
        s.line(w.period, Cell::of(std::to_string(m_.scheme.period.start) + "–" +
                                  std::to_string(m_.scheme.period.end)));
        s.line(w.year, Cell::num(m_.input.year, "numbold:0"));
        if (m_.input.run && m_.input.run->synthetic)
            s.banner(w.synthetic_banner, 8);
        s.skip();
        s.subtitle(w.tree);
        s.begin_table({{m_.labels.path, 14},
                       {m_.labels.code, 10},
                       {m_.labels.node_title, 56},
                       {m_.labels.level, 14},
                       {w.status, 14},
                       {w.comment, 36},
                       {m_.labels.language == "en" ? "Narrative" : "Récit", 70},
                       {w.figures, 40}});
        for (const ReviewNode& n : m_.tree) {
            const std::string indent = "indent" + std::to_string(std::min(n.depth, 4));
            if (!n.action && !n.follow_up) { // a non-action's status is shown all the same
                s.add_row({Cell::of(m_.path_codes(*n.node)), Cell::of(n.node->code, "bold"),
                           Cell::of(n.node->title, n.depth == 0 ? "bold" : indent),
                           Cell::of(n.node->level), Cell::of("", "text"), Cell::of("", "text"),
                           Cell::of("", "text"), Cell::of("", "text")});
                continue;
            }
            const ActionFollowUp* f = n.follow_up;
            s.add_row({Cell::of(m_.path_codes(*n.node)), Cell::of(n.node->code, "bold"),
                       Cell::of(title_with_status(m_, n), indent), Cell::of(n.node->level),
                       Cell::of(m_.action_status_text(f)),
                       Cell::of(f ? f->comment : std::string(), "wrap"),
                       Cell::of(f ? joined(f->narrative, "• ") : std::string(), "wrap"),
                       Cell::of(f ? figures_text(m_, f->figures) : std::string(), "wrap")});
        }
        s.end_table();
        s.finish();
        worksheet_activate(s.sheet());
    }

    void unplanned() {
        const MidtermWords& w = m_.words;
        SheetWriter s = sheet(w.unplanned);
        s.title(w.unplanned);
        s.begin_table({{m_.labels.code, 10},
                       {m_.labels.node_title, 50},
                       {w.relates_to, 14},
                       {m_.labels.year, 10},
                       {m_.labels.language == "en" ? "Narrative" : "Récit", 80},
                       {w.figures, 44}});
        for (const ReviewUnplanned& u : m_.unplanned) {
            const ActionFollowUp* f = u.follow_up;
            const std::vector<std::string>& narrative = f ? f->narrative : u.declared->narrative;
            const std::vector<Figure>& figures = f ? f->figures : u.declared->figures;
            s.add_row({Cell::of(u.code, "bold"), Cell::of(u.title, "wrap"),
                       Cell::of(u.attached_to.value_or("")),
                       f ? Cell::num(f->year, "num:0") : Cell::of("", "text"),
                       Cell::of(joined(narrative, "• "), "wrap"),
                       Cell::of(figures_text(m_, figures), "wrap")});
        }
        s.end_table();
        if (m_.unplanned.empty())
            s.note(w.unplanned_none);
        s.finish();
    }

    void summary() {
        const MidtermWords& w = m_.words;
        SheetWriter s = sheet(summary_sheet_name(m_));
        s.title(m_.summary_title() + " — " + std::to_string(m_.input.year));
        synthetic_banner(s, 8);
        const std::string group_title =
            m_.steering_level.empty() ? m_.labels.node_title : m_.steering_title();
        std::vector<Column> columns{{m_.labels.code, 10}, {group_title, 44}};
        for (const ActionStatus status : review_action_statuses)
            columns.push_back({action_status_label(status, m_.labels), 11});
        columns.push_back({w.no_status, 11});
        columns.push_back({m_.labels.total, 9});
        for (const ActionStatus status : review_action_statuses)
            columns.push_back({"% " + action_status_label(status, m_.labels), 11});
        s.subtitle(w.chart_actions);
        s.begin_table(columns);
        for (const ReviewSummary& summary : m_.summaries) {
            std::vector<Cell> row = summary_head(m_, summary);
            const auto count = [&](const std::string& code) {
                const auto it = summary.actions.find(code);
                return it == summary.actions.end() ? std::size_t{0} : it->second;
            };
            for (const ActionStatus status : review_action_statuses)
                row.push_back(
                    Cell::num(static_cast<double>(count(std::string(to_code(status)))), "num:0"));
            row.push_back(Cell::num(static_cast<double>(count("")), "num:0"));
            row.push_back(Cell::num(static_cast<double>(summary.action_count), "numbold:0"));
            for (const ActionStatus status : review_action_statuses)
                row.push_back(
                    summary.action_count
                        ? Cell::num(static_cast<double>(count(std::string(to_code(status)))) /
                                        static_cast<double>(summary.action_count),
                                    "percent")
                        : Cell::of("", "text"));
            s.add_row(row);
        }
        s.end_table();
        s.skip();
        s.subtitle(w.chart_indicators);
        std::vector<Column> indicator_columns{{m_.labels.code, 10}, {group_title, 44}};
        for (const ProgressStatus status : all_progress_statuses)
            indicator_columns.push_back({status_label(status, m_.labels), 11});
        s.begin_table(indicator_columns, std::nullopt, false);
        for (const ReviewSummary& summary : m_.summaries) {
            std::vector<Cell> row = summary_head(m_, summary);
            for (const ProgressStatus status : all_progress_statuses) {
                const auto it = summary.indicators.find(status);
                row.push_back(Cell::num(
                    static_cast<double>(it == summary.indicators.end() ? 0 : it->second), "num:0"));
            }
            s.add_row(row);
        }
        s.end_table();
        s.finish();
    }

    void gaps() {
        const MidtermWords& w = m_.words;
        SheetWriter s = sheet(w.gaps);
        s.title(w.gaps + " — " + std::to_string(m_.input.year));
        synthetic_banner(s, 5);
        s.begin_table({{m_.labels.check, 36},
                       {m_.labels.code, 12},
                       {m_.labels.node_title, 56},
                       {w.status, 14},
                       {m_.labels.detail, 50}});
        for (const ReviewNode* n : m_.not_started)
            s.add_row({Cell::of(w.gaps_actions), Cell::of(n->node->code, "bold"),
                       Cell::of(n->node->title, "wrap"),
                       Cell::of(m_.action_status_text(n->follow_up)),
                       Cell::of(n->follow_up ? n->follow_up->comment : std::string(), "wrap")});
        for (const Indicator* ind : m_.late) {
            const IndicatorResult* r = m_.result(ind->code);
            std::string detail;
            if (r && r->value && r->reference)
                detail = w.value + " " + m_.number_text(*r->value) + " / " +
                         m_.number_text(*r->reference) +
                         (r->reference_year ? " (" + std::to_string(*r->reference_year) + ")" : "");
            s.add_row({Cell::of(w.gaps_late), Cell::of(ind->code, "bold"),
                       Cell::of(ind->label, "wrap"),
                       Cell::of(status_label(ProgressStatus::late, m_.labels)),
                       Cell::of(detail, "wrap")});
        }
        for (const Indicator* ind : m_.without_data)
            s.add_row({Cell::of(w.gaps_missing), Cell::of(ind->code, "bold"),
                       Cell::of(ind->label, "wrap"),
                       Cell::of(status_label(ProgressStatus::missing, m_.labels)),
                       Cell::of("", "text")});
        s.end_table();
        s.finish();
    }

    void framework() {
        const MidtermWords& w = m_.words;
        SheetWriter s = sheet(w.framework);
        s.title(w.framework);
        synthetic_banner(s, 8);
        s.begin_table({{m_.labels.language == "en" ? "Criterion" : "Critère", 14},
                       {w.question, 50},
                       {w.node, 12},
                       {m_.labels.node_title, 44},
                       {w.value, 12},
                       {m_.labels.reference, 12},
                       {w.status, 14},
                       {w.judgement, 50}});
        for (std::size_t c = 0; c < std::size(all_evaluation_criteria); ++c)
            for (const EvaluativeQuestion& q : m_.scheme.questions) {
                if (q.criterion != all_evaluation_criteria[c])
                    continue;
                const std::string question = q.code + " — " + q.question;
                const std::string judgement = joined(q.judgement_criteria, "• ");
                for (const std::string& code : q.indicators) {
                    const Indicator* ind = m_.scheme.find_indicator(code);
                    const IndicatorResult* r = m_.result(code);
                    s.add_row(
                        {Cell::of(w.criterion_names[c]), Cell::of(question, "wrap"),
                         Cell::of(code, "bold"), Cell::of(ind ? ind->label : code, "wrap"),
                         r ? Cell::maybe(r->value, "num:#,##0.##") : Cell::missing(),
                         r && r->reference ? Cell::num(*r->reference, "num:#,##0.##")
                                           : Cell::of("", "text"),
                         Cell::of(status_label(r ? r->status : ProgressStatus::missing, m_.labels)),
                         Cell::of(judgement, "wrap")});
                }
                for (const std::string& code : q.nodes) {
                    const Node* node = m_.scheme.find_node(code);
                    const ReviewNode* n = nullptr;
                    for (const ReviewNode& candidate : m_.tree)
                        if (candidate.node == node)
                            n = &candidate;
                    s.add_row({Cell::of(w.criterion_names[c]), Cell::of(question, "wrap"),
                               Cell::of(code, "bold"), Cell::of(node ? node->title : code, "wrap"),
                               Cell::of("", "text"), Cell::of("", "text"),
                               Cell::of(n && (n->action || n->follow_up)
                                            ? m_.action_status_text(n->follow_up)
                                            : std::string()),
                               Cell::of(judgement, "wrap")});
                }
            }
        s.end_table();
        if (m_.scheme.questions.empty())
            s.note(w.framework_none);
        s.finish();
    }

    // The territories' key figures, when the scheme gives some.
    void territories() {
        const Labels& l = m_.labels;
        SheetWriter s = sheet(l.sheet_territories);
        s.title(l.key_figures);
        s.note(l.key_figures_note);
        s.skip();
        s.begin_table({{l.code, 14},
                       {l.territory, 48},
                       {l.figure, 56},
                       {l.value, 14},
                       {l.unit, 24},
                       {l.figure_year, 10}});
        for (const Territory& t : m_.scheme.territories)
            for (const Figure& f : t.figures)
                s.add_row({Cell::of(t.code, "bold"), Cell::of(t.name, "wrap"),
                           Cell::of(f.label, "wrap"),
                           Cell::num(f.value, f.value == std::floor(f.value) ? "num:#,##0"
                                                                             : "num:#,##0.0##"),
                           Cell::of(f.unit, "wrap"),
                           f.year ? Cell::num(*f.year, "num:0") : Cell::of("", "text")});
        s.end_table();
        s.finish();
    }

    void method() {
        const MidtermWords& w = m_.words;
        SheetWriter s = sheet(w.method);
        s.title(w.method);
        if (const EvaluationRun* run = m_.input.run) {
            s.line(w.run_id, Cell::num(static_cast<double>(run->id), "num:0"));
            s.line(w.run_date, Cell::of(date_text(run->created_at, m_.labels)));
            s.line(m_.labels.jalon_version, Cell::of(run->jalon_version));
            s.line(m_.labels.scheme_hash, Cell::of(run->scheme_hash));
        }
        s.line(m_.labels.database, Cell::of(m_.input.database));
        s.skip();
        s.subtitle(w.follow_up_sources);
        s.begin_table({{m_.labels.source, 60}, {m_.labels.rows, 12}});
        std::map<std::string, std::size_t> sources;
        for (const ActionFollowUp& f : m_.input.follow_ups)
            ++sources[f.source];
        for (const auto& [source, count] : sources)
            s.add_row({Cell::of(source, "wrap"), Cell::num(static_cast<double>(count), "num:0")});
        s.end_table();
        s.skip();
        s.subtitle(w.plugins);
        s.begin_table({{m_.labels.plugin, 60}, {m_.labels.version, 12}}, std::nullopt, false);
        if (m_.input.run)
            for (const RunPlugin& p : m_.input.run->plugins)
                s.add_row({Cell::of(p.name, "bold"), Cell::of(p.version)});
        s.end_table();
        s.skip();
        s.subtitle(w.data_sources);
        s.begin_table({{m_.labels.file, 60}, {m_.labels.rows, 12}, {m_.labels.synthetic, 14}},
                      std::nullopt, false);
        for (const ObservationSource& source : m_.input.sources)
            s.add_row({Cell::of(source.file, "wrap"),
                       Cell::num(static_cast<double>(source.rows), "num:#,##0"),
                       Cell::of(source.synthetic ? m_.labels.synthetic_sources : "")});
        s.end_table();
        s.finish();
    }

private:
    const MidtermModel& m_;
    XlsxWorkbook& workbook_;
};

} // namespace

void write_midterm_xlsx(const MidtermModel& model, const std::string& path) {
    XlsxWorkbook workbook(path, false, "");
    XlsxWorkbook::Properties properties;
    properties.title =
        model.scheme.title + " — " + model.words.review + " " + std::to_string(model.input.year);
    properties.subject = model.words.review;
    properties.author = model.scheme.owner;
    properties.company = model.scheme.owner;
    properties.keywords = "Jalon; " + model.scheme.id;
    properties.created = model.input.run ? utc_time(model.input.run->created_at) : 0;
    workbook.set_properties(properties);
    const MidtermWords& w = model.words;
    std::vector<std::string> names{w.review, w.unplanned, summary_sheet_name(model), w.gaps,
                                   w.framework};
    if (model.has_key_figures())
        names.push_back(model.labels.sheet_territories);
    names.push_back(w.method);
    workbook.reserve_sheet_names(names);
    Writer writer(model, workbook);
    writer.review();
    writer.unplanned();
    writer.summary();
    writer.gaps();
    writer.framework();
    if (model.has_key_figures())
        writer.territories();
    writer.method();
    workbook.close();
}

} // namespace jalon::reports
