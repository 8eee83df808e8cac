#include "../number_text.hpp"

#include <jalon/scheme/scheme_file.hpp>
#include <jalon/scheme/scheme_yaml.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <map>
#include <sstream>

namespace jalon {

namespace {

bool is_null_word(std::string_view text) {
    return text == "~" || text == "null" || text == "Null" || text == "NULL";
}

// Whether a text can be written plain (unquoted) in block context and read back as the same
// text. Conservative: anything doubtful is quoted.
bool plain_is_safe(std::string_view text) {
    if (text.empty() || is_null_word(text))
        return false;
    const unsigned char first = static_cast<unsigned char>(text.front());
    if (std::string_view("-?:,[]{}#&*!|>'\"%@`. ").find(static_cast<char>(first)) !=
            std::string_view::npos ||
        (first >= '0' && first <= '9') || first == '+')
        return false;
    if (text.back() == ' ' || text.back() == ':')
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7F)
            return false;
        if (c == ':' && i + 1 < text.size() && text[i + 1] == ' ')
            return false;
        if (c == '#' && i > 0 && text[i - 1] == ' ')
            return false;
    }
    // U+0085, U+2028 and U+2029 are line breaks to some YAML readers; the BOM is stripped.
    for (const std::string_view odd : {"\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xEF\xBB\xBF"})
        if (text.find(odd) != std::string_view::npos)
            return false;
    return true;
}

std::string double_quoted(std::string_view text) {
    std::string out = "\"";
    for (const char ch : text) {
        const unsigned char c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (c < 0x20 || c == 0x7F) {
                char hex[8];
                std::snprintf(hex, sizeof hex, "\\x%02X", c);
                out += hex;
            } else {
                out += ch;
            }
        }
    }
    return out + "\"";
}

std::string text_scalar(std::string_view text) {
    return plain_is_safe(text) ? std::string(text) : double_quoted(text);
}

// A parameter text must also not read as a number or a boolean.
std::string param_text(std::string_view text) {
    double ignored = 0;
    if (text == "true" || text == "false" ||
        parse_number_text(text, NumberStyle::point, ignored) != NumberText::invalid)
        return double_quoted(text);
    return text_scalar(text);
}

// The shortest text that reads back as the same double (`12`, `0.1`, `1.5e+20`).
std::string yaml_number(double value) {
    std::array<char, 64> buffer;
    const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    std::string text(buffer.data(), error == std::errc() ? end : buffer.data());
    if (text == "-0")
        text = "0";
    return text;
}

std::string param_scalar(const ParamScalar& item, bool in_flow) {
    if (const bool* b = std::get_if<bool>(&item))
        return *b ? "true" : "false";
    if (const double* n = std::get_if<double>(&item))
        return yaml_number(*n);
    const std::string& text = std::get<std::string>(item);
    if (in_flow && text.find_first_of(",[]{}") != std::string::npos)
        return double_quoted(text);
    return param_text(text);
}

class YamlWriter {
public:
    explicit YamlWriter(const Scheme& scheme) : scheme_(scheme) {
        for (const Indicator& i : scheme.indicators)
            indicators_of_[i.node].push_back(&i);
        for (const Node& n : scheme.nodes)
            children_of_[n.parent.value_or("")].push_back(&n);
        for (const Territory& t : scheme.territories)
            territories_of_[t.parent.value_or("")].push_back(&t);
    }

    std::string write() {
        const Scheme& s = scheme_;
        key(0, "format", scheme_file_format);
        key(0, "id", s.id);
        key(0, "title", s.title);
        optional_key(0, "kind", s.kind);
        key(0, "owner", s.owner);
        raw(0, "period",
            "{start: " + std::to_string(s.period.start) + ", end: " + std::to_string(s.period.end) +
                "}");
        optional_key(0, "language", s.language);
        optional_key(0, "source", s.source);
        list(0, "levels", s.levels, true);
        raw(0, "level_order", std::string(to_code(s.level_order)));
        if (!s.action_levels.empty()) {
            line(0, "actions:");
            list(1, "levels", s.action_levels, true);
        }
        optional_key(0, "steering_level", s.steering_level);
        if (s.status_year)
            raw(0, "status_year", std::to_string(*s.status_year));
        list(0, "domains", s.domains);
        list(0, "notes", s.notes);
        if (!s.evaluation_notes.empty() || !s.questions.empty()) {
            line(0, "evaluation:");
            list(1, "notes", s.evaluation_notes);
            if (!s.questions.empty()) {
                line(1, "questions:");
                for (const EvaluativeQuestion& q : s.questions) {
                    item_key(1, "code", q.code);
                    raw(2, "criterion", std::string(to_code(q.criterion)));
                    key(2, "question", q.question);
                    list(2, "indicators", q.indicators, true);
                    list(2, "nodes", q.nodes, true);
                    list(2, "judgement_criteria", q.judgement_criteria);
                }
            }
        }
        if (!s.governance.empty()) {
            line(0, "governance:");
            for (const GovernanceBody& g : s.governance) {
                item_key(0, "body", g.body);
                optional_key(1, "scope", g.scope);
                optional_key(1, "frequency", g.frequency);
                optional_key(1, "role", g.role);
            }
        }
        if (!s.links.empty()) {
            line(0, "links:");
            for (const SchemeLink& l : s.links) {
                if (l.from) {
                    item_key(0, "from", *l.from);
                    key(1, "to", l.to);
                } else {
                    item_key(0, "to", l.to);
                }
                optional_key(1, "kind", l.kind);
            }
        }
        if (!s.stated_totals.empty()) {
            line(0, "stated_totals:");
            for (const auto& [name, value] : s.stated_totals)
                line(1, text_scalar(name) + ": " + std::to_string(value));
        }
        if (!s.territories.empty()) {
            line(0, "territories:");
            territories(0, "");
        }
        if (!s.series.empty()) {
            line(0, "series:");
            for (const Series& series : s.series) {
                item_key(0, "code", series.code);
                optional_key(1, "label", series.label);
                optional_key(1, "unit", series.unit);
                if (series.within_year != Rollup::sum)
                    raw(1, "within_year", std::string(to_code(series.within_year)));
                if (series.across_territories != Rollup::sum)
                    raw(1, "across_territories", std::string(to_code(series.across_territories)));
            }
        }
        line(0, "nodes:");
        nodes(0, "");
        if (!s.unplanned.empty()) {
            line(0, "unplanned:");
            for (const Node& u : s.unplanned) {
                item_key(0, "code", u.code);
                flag(1, "code_inferred", u.code_inferred);
                if (u.parent)
                    key(1, "node", *u.parent);
                key(1, "title", u.title);
                if (u.year)
                    raw(1, "year", std::to_string(*u.year));
                list(1, "pilots", u.pilots);
                list(1, "partners", u.partners);
                list(1, "territorial_notes", u.territorial_notes);
                list(1, "narrative", u.narrative);
                figures(1, u.figures);
                list(1, "notes", u.notes);
            }
        }
        return out_.str();
    }

private:
    void indent(int depth) { out_ << std::string(static_cast<std::size_t>(2 * depth), ' '); }
    void line(int depth, const std::string& text) {
        indent(depth);
        out_ << text << "\n";
    }
    void raw(int depth, const std::string& name, const std::string& value) {
        line(depth, name + ": " + value);
    }
    void key(int depth, const std::string& name, const std::string& value) {
        raw(depth, name, text_scalar(value));
    }
    void optional_key(int depth, const std::string& name, const std::string& value) {
        if (!value.empty())
            key(depth, name, value);
    }
    void flag(int depth, const std::string& name, bool value) {
        if (value)
            raw(depth, name, "true");
    }
    // The first key of a list item: `- code: X` at `depth`, the item's other keys at depth + 1.
    void item_key(int depth, const std::string& name, const std::string& value) {
        indent(depth);
        out_ << "- " << name << ": " << text_scalar(value) << "\n";
    }
    // A list of texts; codes and level names in flow style when short and plain.
    void list(int depth, const std::string& name, const std::vector<std::string>& items,
              bool compact = false) {
        if (items.empty())
            return;
        if (compact) {
            std::string flow;
            bool fits = true;
            for (const std::string& item : items) {
                // In flow style `,[]{}` end a plain scalar: those items are quoted.
                const bool plain =
                    plain_is_safe(item) && item.find_first_of(",[]{}") == std::string::npos;
                flow += (flow.empty() ? "" : ", ") + (plain ? item : double_quoted(item));
            }
            fits = flow.size() + 2 * static_cast<std::size_t>(depth) + name.size() < 100;
            if (fits) {
                raw(depth, name, "[" + flow + "]");
                return;
            }
        }
        line(depth, name + ":");
        for (const std::string& item : items)
            line(depth + 1, "- " + text_scalar(item));
    }
    void figures(int depth, const std::vector<Figure>& figures) {
        if (figures.empty())
            return;
        line(depth, "figures:");
        for (const Figure& f : figures) {
            item_key(depth + 1, "label", f.label);
            raw(depth + 2, "value", yaml_number(f.value));
            optional_key(depth + 2, "unit", f.unit);
            if (f.year)
                raw(depth + 2, "year", std::to_string(*f.year));
        }
    }

    void territories(int depth, const std::string& parent) {
        for (const Territory* t : territories_of_[parent]) {
            item_key(depth, "code", t->code);
            key(depth + 1, "name", t->name);
            optional_key(depth + 1, "kind", t->kind);
            figures(depth + 1, t->figures);
            list(depth + 1, "notes", t->notes);
            if (!territories_of_[t->code].empty()) {
                line(depth + 1, "children:");
                territories(depth + 1, t->code);
            }
        }
    }

    void nodes(int depth, const std::string& parent) {
        for (const Node* n : children_of_[parent]) {
            const int d = depth + 1;
            item_key(depth, "code", n->code);
            key(d, "level", n->level);
            key(d, "title", n->title);
            optional_key(d, "short_title", n->short_title);
            flag(d, "code_inferred", n->code_inferred);
            list(d, "pilots", n->pilots);
            list(d, "partners", n->partners);
            if (n->calendar) {
                const Calendar& c = *n->calendar;
                if (!c.start && !c.end && c.text.empty()) {
                    raw(d, "calendar", "{}");
                } else {
                    line(d, "calendar:");
                    if (c.start)
                        raw(d + 1, "start", std::to_string(*c.start));
                    if (c.end)
                        raw(d + 1, "end", std::to_string(*c.end));
                    optional_key(d + 1, "text", c.text);
                }
            }
            optional_key(d, "objective", n->objective);
            list(d, "modalities", n->modalities);
            list(d, "territorial_notes", n->territorial_notes);
            list(d, "articulation", n->articulation);
            optional_key(d, "participation", n->participation);
            list(d, "levers", n->levers);
            flag(d, "flagship", n->flagship);
            if (n->action)
                raw(d, "action", *n->action ? "true" : "false");
            if (n->status)
                raw(d, "status", std::string(to_code(*n->status)));
            list(d, "narrative", n->narrative);
            figures(d, n->figures);
            list(d, "notes", n->notes);
            if (const auto it = indicators_of_.find(n->code); it != indicators_of_.end()) {
                line(d, "indicators:");
                for (const Indicator* i : it->second)
                    indicator(d, *i);
            }
            if (!children_of_[n->code].empty()) {
                line(d, "children:");
                nodes(d, n->code);
            }
        }
    }

    void indicator(int depth, const Indicator& i) {
        const int d = depth + 1;
        item_key(depth, "code", i.code);
        flag(d, "code_inferred", i.code_inferred);
        key(d, "label", i.label);
        raw(d, "level", std::string(to_code(i.level)));
        flag(d, "level_inferred", i.level_inferred);
        optional_key(d, "kind", i.kind);
        optional_key(d, "unit", i.unit);
        optional_key(d, "producer", i.producer);
        optional_key(d, "source", i.source);
        if (i.frequency)
            raw(d, "frequency", std::string(to_code(*i.frequency)));
        key(d, "method", i.method);
        if (!i.params.empty()) {
            line(d, "params:");
            for (const auto& [name, value] : i.params) {
                if (!value.is_list) {
                    raw(d + 1, text_scalar(name),
                        value.items.empty() ? "\"\"" : param_scalar(value.items.front(), false));
                    continue;
                }
                if (value.items.empty()) {
                    raw(d + 1, text_scalar(name), "[]");
                    continue;
                }
                line(d + 1, text_scalar(name) + ":");
                for (const ParamScalar& item : value.items)
                    line(d + 2, "- " + param_scalar(item, false));
            }
        }
        if (i.direction != Direction::up)
            raw(d, "direction", std::string(to_code(i.direction)));
        flag(d, "key", i.key);
        if (i.baseline) {
            line(d, "baseline:");
            raw(d + 1, "value", yaml_number(i.baseline->value));
            if (i.baseline->year)
                raw(d + 1, "year", std::to_string(*i.baseline->year));
        }
        if (!i.milestones.empty()) {
            line(d, "milestones:");
            for (const Milestone& m : i.milestones) {
                line(d + 1, "- year: " + std::to_string(m.year));
                raw(d + 2, "value", yaml_number(m.value));
                optional_key(d + 2, "text", m.text);
            }
        }
        if (i.target) {
            const Target& t = *i.target;
            if (!t.value && !t.year && t.unit.empty() && t.text.empty()) {
                raw(d, "target", "{}");
            } else {
                line(d, "target:");
                if (t.value)
                    raw(d + 1, "value", yaml_number(*t.value));
                if (t.year)
                    raw(d + 1, "year", std::to_string(*t.year));
                optional_key(d + 1, "unit", t.unit);
                optional_key(d + 1, "text", t.text);
            }
        }
        list(d, "notes", i.notes);
    }

    const Scheme& scheme_;
    std::ostringstream out_;
    std::map<std::string, std::vector<const Indicator*>> indicators_of_;
    std::map<std::string, std::vector<const Node*>> children_of_;
    std::map<std::string, std::vector<const Territory*>> territories_of_;
};

} // namespace

std::string write_scheme_yaml(const Scheme& scheme) {
    return YamlWriter(scheme).write();
}

std::string write_params_text(const std::map<std::string, ParamValue>& params) {
    std::string text;
    for (const auto& [name, value] : params) {
        if (!text.empty())
            text += "\n";
        text += text_scalar(name) + ": ";
        if (!value.is_list) {
            text += value.items.empty() ? "\"\"" : param_scalar(value.items.front(), false);
            continue;
        }
        text += "[";
        for (std::size_t i = 0; i < value.items.size(); ++i)
            text += (i ? ", " : "") + param_scalar(value.items[i], true);
        text += "]";
    }
    return text;
}

} // namespace jalon
