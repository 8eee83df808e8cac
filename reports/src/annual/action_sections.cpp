#include "annual/sections.hpp"

namespace jalon::reports {

namespace {

std::string joined(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const std::string& item : items)
        out += (out.empty() ? "" : separator) + item;
    return out;
}

std::string calendar_text(const Node& node) {
    if (!node.calendar)
        return {};
    if (!node.calendar->text.empty())
        return node.calendar->text;
    const auto& c = *node.calendar;
    return (c.start ? std::to_string(*c.start) : std::string()) + "–" +
           (c.end ? std::to_string(*c.end) : std::string());
}

} // namespace

void add_action_table(Section& sheet, const ReportModel& model,
                      const std::vector<const Node*>& actions, bool main) {
    const Labels& l = model.labels;
    block::Table& table = sheet.table({{l.path, 14},
                                       {l.code, 10},
                                       {l.node_title, 48},
                                       {l.pilots, 26},
                                       {l.partners, 34},
                                       {l.calendar, 12},
                                       {l.flagship, 9},
                                       {l.status, 14},
                                       {l.comment, 50}},
                                      std::nullopt, main);
    for (const Node* action : actions) {
        // The year's follow-up says where the action stands, in the evaluator's words; else the
        // scheme file's narrative, else its notes.
        std::string comment;
        if (const ActionFollowUp* f = model.follow_up(action->code)) {
            comment = f->comment;
            for (const std::string& line : f->narrative)
                comment += (comment.empty() ? "" : "\n") + line;
        }
        if (comment.empty())
            comment = joined(action->narrative, "\n");
        if (comment.empty())
            comment = joined(action->notes, "\n");
        const std::optional<ActionStatus> status = model.standing(*action);
        table.rows.push_back(
            {Cell::of(model.path_codes(action->code)), Cell::of(action->code, "bold"),
             Cell::of(action->title, "wrap"), Cell::of(joined(action->pilots, ", "), "wrap"),
             Cell::of(joined(action->partners, ", "), "wrap"), Cell::of(calendar_text(*action)),
             Cell::of(action->flagship ? l.yes : l.no),
             Cell::of(status ? action_status_label(*status, l) : l.action_status_none),
             Cell::of(comment, "wrap")});
    }
}

namespace {

// Statuses of nodes that are not actions (a drafting step, an axis): shown, never counted.
void write_other_statuses(Section& sheet, const ReportModel& model, const Node* group, bool all) {
    std::vector<const Node*> nodes;
    for (const Node* node : model.other_statuses())
        if (all || model.steering_of(node->code) == group)
            nodes.push_back(node);
    if (nodes.empty())
        return;
    sheet.space();
    sheet.subtitle(model.labels.other_statuses);
    add_action_table(sheet, model, nodes, false);
}

} // namespace

Section actions_section(const ReportModel& model) {
    Section sheet{model.labels.sheet_actions};
    sheet.title(model.labels.sheet_actions);
    add_action_table(sheet, model, model.actions(), true);
    write_other_statuses(sheet, model, nullptr, true);
    return sheet;
}

std::vector<Section> axis_sections(const ReportModel& model) {
    std::vector<const Node*> groups = model.steering_nodes();
    if (model.has_outside())
        groups.push_back(nullptr);
    std::vector<Section> out;
    for (const Node* group : groups) {
        const std::string name = group ? group->code + " " + group->title : model.outside_title();
        Section& sheet = out.emplace_back(Section{name});
        sheet.title(group ? group->code + " — " + group->title : model.outside_title());
        const auto indicators = model.indicators_of(group);
        if (!indicators.empty()) {
            sheet.subtitle(model.labels.sheet_indicators);
            add_indicator_table(sheet, model, indicators);
            sheet.space();
        }
        sheet.subtitle(model.labels.sheet_actions);
        add_action_table(sheet, model, model.actions_of(group), indicators.empty());
        write_other_statuses(sheet, model, group, false);
    }
    return out;
}

} // namespace jalon::reports
