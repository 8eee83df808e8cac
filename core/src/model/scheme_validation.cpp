#include <jalon/model/scheme_validation.hpp>

#include <cmath>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

namespace jalon {

namespace {

using Kind = SchemeElement::Kind;

constexpr int earliest_year = 1900;
constexpr int latest_year = 2200;
constexpr std::size_t longest_code = 200;
constexpr std::size_t most_levels = 64;
constexpr std::size_t deepest_tree = 64; // nodes inside nodes, the top-level ones at depth 1

bool is_identifier(std::string_view id) {
    if (id.empty() || id.size() > longest_code)
        return false;
    for (const char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

// Codes are stored verbatim (quotes, semicolons…), but they must be visible and single-line.
std::string code_problem(std::string_view code) {
    if (code.empty())
        return "code is empty";
    if (code.size() > longest_code)
        return "code is longer than " + std::to_string(longest_code) + " bytes";
    if (code.front() == ' ' || code.back() == ' ')
        return "code begins or ends with a space";
    for (const char c : code)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
            return "code contains a control character";
    return {};
}

class Checker {
public:
    explicit Checker(const Scheme& scheme) : scheme_(scheme) {}

    std::vector<SchemeProblem> run() {
        check_scheme();
        check_territories();
        check_series();
        check_nodes();
        check_unplanned();
        check_indicators();
        check_links();
        check_questions();
        return std::move(problems_);
    }

private:
    void add(Kind kind, std::size_t index, std::string key, std::string message) {
        problems_.push_back({{kind, index}, std::move(key), std::move(message)});
    }

    std::string in_period() const {
        return "the period " + std::to_string(scheme_.period.start) + "-" +
               std::to_string(scheme_.period.end);
    }

    void check_year_in_period(Kind kind, std::size_t index, const std::string& key,
                              const std::string& what, int year) {
        if (!scheme_.period.contains(year))
            add(kind, index, key, what + " " + std::to_string(year) + " is outside " + in_period());
    }

    void check_finite(Kind kind, std::size_t index, const std::string& key, double value) {
        if (!std::isfinite(value))
            add(kind, index, key, "value is not a finite number");
    }

    std::string declared_levels() const {
        std::string declared;
        for (const std::string& level : scheme_.levels)
            declared += (declared.empty() ? "" : ", ") + level;
        return declared;
    }

    void check_scheme() {
        if (!is_identifier(scheme_.id))
            add(Kind::scheme, 0, "id",
                "scheme id '" + scheme_.id + "' must be 1 to 200 letters, digits, '.', '_' or '-'");
        if (scheme_.title.empty())
            add(Kind::scheme, 0, "title", "title is empty");
        if (scheme_.owner.empty())
            add(Kind::scheme, 0, "owner", "owner is empty");
        const Period& p = scheme_.period;
        if (p.start < earliest_year || p.start > latest_year)
            add(Kind::scheme, 0, "period.start",
                "year " + std::to_string(p.start) + " is not a plausible year");
        if (p.end < earliest_year || p.end > latest_year)
            add(Kind::scheme, 0, "period.end",
                "year " + std::to_string(p.end) + " is not a plausible year");
        if (p.start > p.end)
            add(Kind::scheme, 0, "period.end",
                "period ends (" + std::to_string(p.end) + ") before it starts (" +
                    std::to_string(p.start) + ")");
        if (scheme_.levels.empty())
            add(Kind::scheme, 0, "levels", "at least one level is needed");
        if (scheme_.levels.size() > most_levels)
            add(Kind::scheme, 0, "levels",
                "more than " + std::to_string(most_levels) + " levels are declared");
        std::set<std::string> seen;
        for (std::size_t i = 0; i < scheme_.levels.size(); ++i) {
            const std::string& level = scheme_.levels[i];
            if (level.empty())
                add(Kind::level, i, "levels", "level name is empty");
            else if (!seen.insert(level).second)
                add(Kind::level, i, "levels", "level '" + level + "' is declared twice");
        }
        std::set<std::string> action_levels;
        for (std::size_t i = 0; i < scheme_.action_levels.size(); ++i)
            if (!action_levels.insert(scheme_.action_levels[i]).second)
                add(Kind::scheme, 0, "actions.levels[" + std::to_string(i) + "]",
                    "action level '" + scheme_.action_levels[i] + "' is given twice");
            else if (!seen.count(scheme_.action_levels[i]))
                add(Kind::scheme, 0, "actions.levels[" + std::to_string(i) + "]",
                    "action level '" + scheme_.action_levels[i] +
                        "' is not one of the scheme's levels (" + declared_levels() + ")");
        if (!scheme_.steering_level.empty() && !seen.count(scheme_.steering_level))
            add(Kind::scheme, 0, "steering_level",
                "steering level '" + scheme_.steering_level +
                    "' is not one of the scheme's levels (" + declared_levels() + ")");
        if (scheme_.status_year)
            check_year_in_period(Kind::scheme, 0, "status_year", "status year",
                                 *scheme_.status_year);
        for (const auto& [name, value] : scheme_.stated_totals)
            if (value < 0)
                add(Kind::scheme, 0, "stated_totals." + name, "a total cannot be negative");
        for (std::size_t i = 0; i < scheme_.governance.size(); ++i)
            if (scheme_.governance[i].body.empty())
                add(Kind::scheme, 0, "governance[" + std::to_string(i) + "].body", "body is empty");
        if (scheme_.nodes.empty())
            add(Kind::scheme, 0, "nodes", "a scheme needs at least one node");
    }

    void check_territories() {
        std::unordered_map<std::string, std::size_t> index_of;
        for (std::size_t i = 0; i < scheme_.territories.size(); ++i) {
            const Territory& t = scheme_.territories[i];
            if (const std::string problem = code_problem(t.code); !problem.empty())
                add(Kind::territory, i, "code", "territory: " + problem);
            else if (!index_of.emplace(t.code, i).second)
                add(Kind::territory, i, "code", "territory code '" + t.code + "' is used twice");
            if (t.name.empty())
                add(Kind::territory, i, "name", "territory '" + t.code + "': name is empty");
            if (t.parent && !index_of.count(*t.parent))
                add(Kind::territory, i, "parent",
                    "territory '" + t.code + "': parent '" + *t.parent +
                        "' is not a territory declared before it");
            check_figures(Kind::territory, i, t.figures);
        }
    }

    void check_series() {
        std::set<std::string> codes;
        for (std::size_t i = 0; i < scheme_.series.size(); ++i) {
            const Series& series = scheme_.series[i];
            if (const std::string problem = code_problem(series.code); !problem.empty())
                add(Kind::series, i, "code", "series: " + problem);
            else if (!codes.insert(series.code).second)
                add(Kind::series, i, "code", "series code '" + series.code + "' is declared twice");
            if (series.across_territories == Rollup::count ||
                series.across_territories == Rollup::last)
                add(Kind::series, i, "across_territories",
                    "series '" + series.code +
                        "': across territories, values are summed, averaged "
                        "or compared (sum, mean, min, max)");
        }
    }

    void check_node_common(Kind kind, std::size_t index, const Node& node) {
        if (const std::string problem = code_problem(node.code); !problem.empty())
            add(kind, index, "code", problem);
        else if (!node_codes_.emplace(node.code, index).second)
            add(kind, index, "code", "code '" + node.code + "' is used by another node");
        if (node.title.empty())
            add(kind, index, "title", "'" + node.code + "': title is empty");
        check_figures(kind, index, node.figures);
    }

    void check_figures(Kind kind, std::size_t index, const std::vector<Figure>& figures) {
        for (std::size_t f = 0; f < figures.size(); ++f) {
            const std::string key = "figures[" + std::to_string(f) + "]";
            if (figures[f].label.empty())
                add(kind, index, key + ".label", "figure label is empty");
            check_finite(kind, index, key + ".value", figures[f].value);
        }
    }

    void check_nodes() {
        // Every node declared so far: its level's position when declared, its depth in the tree.
        struct Placed {
            std::optional<std::size_t> level;
            std::size_t depth = 1;
        };
        std::unordered_map<std::string, Placed> placed;
        const bool strict = scheme_.level_order == LevelOrder::strict;
        for (std::size_t i = 0; i < scheme_.nodes.size(); ++i) {
            const Node& node = scheme_.nodes[i];
            check_node_common(Kind::node, i, node);
            const auto level = scheme_.level_index(node.level);
            if (!level)
                add(Kind::node, i, "level",
                    "node '" + node.code + "': level '" + node.level +
                        "' is not one of the scheme's levels (" + declared_levels() + ")");
            std::size_t depth = 1;
            if (node.parent) {
                const auto parent = placed.find(*node.parent);
                if (parent == placed.end()) {
                    add(Kind::node, i, "parent",
                        "node '" + node.code + "': parent '" + *node.parent +
                            "' is not a node declared before it");
                } else {
                    depth = parent->second.depth + 1;
                    if (strict && level && parent->second.level && *level <= *parent->second.level)
                        add(Kind::node, i, "level",
                            "node '" + node.code + "': level '" + node.level +
                                "' is not below its parent's level '" +
                                scheme_.levels[*parent->second.level] +
                                "' (the scheme's levels are strictly ordered: level_order: "
                                "strict)");
                    if (depth == deepest_tree + 1)
                        add(Kind::node, i, "parent",
                            "node '" + node.code + "': nodes nest more than " +
                                std::to_string(deepest_tree) + " deep");
                }
            }
            placed.emplace(node.code, Placed{level, depth});
            if (node.calendar && node.calendar->start && node.calendar->end &&
                *node.calendar->start > *node.calendar->end)
                add(Kind::node, i, "calendar.end",
                    "node '" + node.code + "': calendar ends before it starts");
            if (node.status) {
                if (!scheme_.status_year)
                    add(Kind::node, i, "status",
                        "node '" + node.code + "': a status needs the scheme's status_year");
                if (*node.status == ActionStatus::unplanned_done)
                    add(Kind::node, i, "status",
                        "node '" + node.code +
                            "': an achievement outside the plan belongs in 'unplanned'");
            }
            if (node.year)
                add(Kind::node, i, "year", "only unplanned achievements carry a year");
        }
    }

    void check_unplanned() {
        for (std::size_t i = 0; i < scheme_.unplanned.size(); ++i) {
            const Node& item = scheme_.unplanned[i];
            check_node_common(Kind::unplanned, i, item);
            if (item.parent && !scheme_.find_node(*item.parent))
                add(Kind::unplanned, i, "node",
                    "unplanned '" + item.code + "': node '" + *item.parent + "' does not exist");
            if (item.year)
                check_year_in_period(Kind::unplanned, i, "year", "year", *item.year);
        }
    }

    void check_indicators() {
        std::set<std::string> codes;
        for (std::size_t i = 0; i < scheme_.indicators.size(); ++i) {
            const Indicator& ind = scheme_.indicators[i];
            const std::string who = "indicator '" + ind.code + "'";
            if (const std::string problem = code_problem(ind.code); !problem.empty())
                add(Kind::indicator, i, "code", "indicator: " + problem);
            else if (!codes.insert(ind.code).second)
                add(Kind::indicator, i, "code", "indicator code '" + ind.code + "' is used twice");
            if (!scheme_.find_node(ind.node))
                add(Kind::indicator, i, "node", who + ": node '" + ind.node + "' does not exist");
            if (ind.label.empty())
                add(Kind::indicator, i, "label", who + ": label is empty");
            if (ind.method.empty())
                add(Kind::indicator, i, "method", who + ": method is empty");
            if (ind.baseline) {
                check_finite(Kind::indicator, i, "baseline.value", ind.baseline->value);
                if (ind.baseline->year && *ind.baseline->year > scheme_.period.end)
                    add(Kind::indicator, i, "baseline.year",
                        who + ": baseline year " + std::to_string(*ind.baseline->year) +
                            " is after the end of " + in_period());
            }
            std::set<int> years;
            for (std::size_t m = 0; m < ind.milestones.size(); ++m) {
                const Milestone& milestone = ind.milestones[m];
                const std::string key = "milestones[" + std::to_string(m) + "]";
                check_year_in_period(Kind::indicator, i, key + ".year", who + ": milestone year",
                                     milestone.year);
                if (!years.insert(milestone.year).second)
                    add(Kind::indicator, i, key + ".year",
                        who + ": two milestones for " + std::to_string(milestone.year));
                check_finite(Kind::indicator, i, key + ".value", milestone.value);
            }
            if (ind.target) {
                if (!ind.target->value && ind.target->text.empty())
                    add(Kind::indicator, i, "target", who + ": a target needs a value or a text");
                if (ind.target->value)
                    check_finite(Kind::indicator, i, "target.value", *ind.target->value);
                if (ind.target->year)
                    check_year_in_period(Kind::indicator, i, "target.year", who + ": target year",
                                         *ind.target->year);
            }
        }
    }

    void check_links() {
        for (std::size_t i = 0; i < scheme_.links.size(); ++i) {
            const SchemeLink& link = scheme_.links[i];
            if (link.to.empty())
                add(Kind::link, i, "to", "link target is empty");
            if (link.from && !node_codes_.count(*link.from))
                add(Kind::link, i, "from", "link from '" + *link.from + "': no such node");
        }
    }

    void check_questions() {
        std::set<std::string> codes;
        for (std::size_t i = 0; i < scheme_.questions.size(); ++i) {
            const EvaluativeQuestion& q = scheme_.questions[i];
            const std::string who = "question '" + q.code + "'";
            if (const std::string problem = code_problem(q.code); !problem.empty())
                add(Kind::question, i, "code", "question: " + problem);
            else if (!codes.insert(q.code).second)
                add(Kind::question, i, "code", "question code '" + q.code + "' is used twice");
            if (q.question.empty())
                add(Kind::question, i, "question", who + ": the question is empty");
            if (q.indicators.empty() && q.nodes.empty())
                add(Kind::question, i, "indicators",
                    who + ": name the indicators and/or nodes that answer it");
            for (std::size_t k = 0; k < q.indicators.size(); ++k)
                if (!scheme_.find_indicator(q.indicators[k]))
                    add(Kind::question, i, "indicators[" + std::to_string(k) + "]",
                        who + ": no indicator '" + q.indicators[k] + "'");
            for (std::size_t k = 0; k < q.nodes.size(); ++k)
                if (!node_codes_.count(q.nodes[k]))
                    add(Kind::question, i, "nodes[" + std::to_string(k) + "]",
                        who + ": no node '" + q.nodes[k] + "'");
        }
    }

    const Scheme& scheme_;
    std::vector<SchemeProblem> problems_;
    std::unordered_map<std::string, std::size_t> node_codes_;
};

} // namespace

std::vector<SchemeProblem> validate_scheme(const Scheme& scheme) {
    return Checker(scheme).run();
}

} // namespace jalon
