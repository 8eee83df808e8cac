#include "../input_file.hpp"
#include "../number_text.hpp"
#include "../utf8.hpp"
#include "yaml_limits.hpp"

#include <jalon/error.hpp>
#include <jalon/model/scheme_validation.hpp>
#include <jalon/scheme/scheme_file.hpp>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace jalon {

namespace {

using Kind = SchemeElement::Kind;

// Where each element and each key of it was read, so that model problems point at lines.
class MarkIndex {
public:
    void put(Kind kind, std::size_t index, const std::string& key, const YAML::Mark& mark) {
        if (mark.line >= 0)
            marks_.emplace(std::make_tuple(kind, index, key), mark);
    }

    // The mark of the key, else of its closest enclosing key, else of the element.
    YAML::Mark find(Kind kind, std::size_t index, std::string key) const {
        for (;;) {
            if (const auto it = marks_.find({kind, index, key}); it != marks_.end())
                return it->second;
            if (key.empty())
                break;
            const auto cut = key.find_last_of(".[");
            key = cut == std::string::npos ? std::string() : key.substr(0, cut);
        }
        if (kind != Kind::scheme)
            return find(Kind::scheme, 0, "");
        return YAML::Mark::null_mark();
    }

private:
    std::map<std::tuple<Kind, std::size_t, std::string>, YAML::Mark> marks_;
};

class SchemeFileReader {
public:
    explicit SchemeFileReader(std::string file) : file_(std::move(file)) {}
    SchemeFileReader(std::string file, Scheme base)
        : file_(std::move(file)), scheme_(std::move(base)) {}

    // Reads an overlay (jalon-overlay/1) onto the scheme given at construction.
    Scheme read_overlay(const std::string& text) {
        const YAML::Node root = load_single_document(text);
        const Fields f = fields(root, "the overlay",
                                {"format", "id", "scheme", "synthetic", "note", "indicators"},
                                {"format", "scheme", "indicators"});
        if (f.ok) {
            if (const auto format = scalar(f, "format"); format && *format != overlay_file_format)
                error(f.values.at("format").Mark(), "format",
                      "unsupported format '" + *format + "' (this Jalon reads " +
                          std::string(overlay_file_format) + ")");
            if (const auto id = scalar(f, "scheme"); id && *id != scheme_.id)
                error(f.values.at("scheme").Mark(), "scheme",
                      "the overlay is for scheme '" + *id + "', not '" + scheme_.id + "'");
            const bool synthetic = flag(f, "synthetic");
            AppliedOverlay applied{overlay_id(f), file_, synthetic, scalar(f, "note").value_or("")};
            if (const YAML::Node* indicators = f.get("indicators")) {
                if (!indicators->IsMap())
                    error(f.key_mark("indicators"), "indicators",
                          "expected a mapping of indicator codes to values");
                else
                    for (auto it = indicators->begin(); it != indicators->end(); ++it)
                        overlay_indicator(it->first, it->second, synthetic, applied.id);
            }
            scheme_.overlays.push_back(std::move(applied));
        }
        if (diagnostics_.empty())
            check_invariants();
        throw_if_any();
        return std::move(scheme_);
    }

    Scheme read(const std::string& text, const SchemeRules& extra_rules) {
        read_scheme(load_single_document(text));
        if (diagnostics_.empty())
            check_invariants();
        if (diagnostics_.empty() && extra_rules)
            report(extra_rules(scheme_));
        throw_if_any();
        in_level_order(scheme_.action_levels);
        return std::move(scheme_);
    }

private:
    YAML::Node load_single_document(const std::string& text) {
        std::vector<YAML::Node> documents;
        if (const auto bad = first_invalid_utf8(text)) {
            // The line and column of the bad byte (columns in bytes, as the byte offset is).
            const auto line_start = text.rfind('\n', *bad == 0 ? 0 : *bad - 1);
            const std::size_t column_start =
                line_start == std::string::npos || *bad == 0 ? 0 : line_start + 1;
            YAML::Mark mark;
            mark.line = static_cast<int>(std::count(text.begin(), text.begin() + *bad, '\n'));
            mark.column = static_cast<int>(*bad - column_start);
            error(mark, "",
                  "invalid UTF-8 at byte offset " + std::to_string(*bad) +
                      " (save the file as UTF-8)");
            throw InputError(std::move(diagnostics_));
        }
        if (const auto excess = check_yaml_limits(text)) {
            error(excess->mark, "", excess->message);
            throw InputError(std::move(diagnostics_));
        }
        try {
            documents = YAML::LoadAll(text);
        } catch (const YAML::ParserException& e) {
            error(e.mark, "", "malformed YAML: " + e.msg);
            throw InputError(std::move(diagnostics_));
        }
        if (documents.empty()) {
            error(YAML::Mark::null_mark(), "", "the file holds no YAML document");
            throw InputError(std::move(diagnostics_));
        }
        // A trailing `---` makes an empty document: harmless.
        while (documents.size() > 1 && documents.back().IsNull())
            documents.pop_back();
        if (documents.size() > 1)
            error(documents[1].Mark(), "", "the file holds more than one YAML document");
        return documents.front();
    }

    // Action levels are a set: kept in the levels' order, as the store gives them back.
    void in_level_order(std::vector<std::string>& names) const {
        std::vector<std::string> ordered;
        for (const std::string& level : scheme_.levels)
            if (std::find(names.begin(), names.end(), level) != names.end())
                ordered.push_back(level);
        names = std::move(ordered);
    }

    void throw_if_any() {
        if (diagnostics_.empty())
            return;
        // Keys and invariants are checked in the reader's order; report in the file's.
        std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                         [](const Diagnostic& a, const Diagnostic& b) {
                             return std::tie(a.where.line, a.where.column) <
                                    std::tie(b.where.line, b.where.column);
                         });
        throw InputError(std::move(diagnostics_));
    }

    // ---- diagnostics -------------------------------------------------------------------------

    void error(const YAML::Mark& mark, const std::string& key, const std::string& message) {
        SourceLocation where{file_, 0, 0, {}};
        if (mark.line >= 0) {
            where.line = mark.line + 1;
            where.column = mark.column + 1;
        }
        diagnostics_.push_back({where, key, message});
    }

    void check_invariants() { report(validate_scheme(scheme_)); }

    void report(const std::vector<SchemeProblem>& problems) {
        for (const SchemeProblem& problem : problems) {
            const YAML::Mark mark =
                marks_.find(problem.element.kind, problem.element.index, problem.key);
            // The user sees the last segment of the key path: that is the key on the line.
            const auto cut = problem.key.find_last_of('.');
            std::string key = cut == std::string::npos ? problem.key : problem.key.substr(cut + 1);
            if (const auto bracket = key.find('['); bracket != std::string::npos)
                key = key.substr(0, bracket);
            error(mark, key, problem.message);
        }
    }

    // ---- mappings ----------------------------------------------------------------------------

    // A YAML mapping whose keys have been checked against a list of allowed keys.
    struct Fields {
        std::map<std::string, YAML::Node> values;
        std::map<std::string, YAML::Mark> key_marks;
        YAML::Mark mark;
        bool ok = false;

        const YAML::Node* get(const std::string& key) const {
            const auto it = values.find(key);
            if (it == values.end() || it->second.IsNull())
                return nullptr;
            return &it->second;
        }
        YAML::Mark key_mark(const std::string& key) const {
            const auto it = key_marks.find(key);
            return it == key_marks.end() ? mark : it->second;
        }
    };

    Fields fields(const YAML::Node& node, const std::string& what,
                  const std::set<std::string>& allowed, const std::set<std::string>& required) {
        Fields out;
        out.mark = node.Mark();
        if (!node.IsMap()) {
            error(node.Mark(), "", what + " must be a mapping of keys to values");
            return out;
        }
        for (auto it = node.begin(); it != node.end(); ++it) {
            // A copy: `it->first` lives in a proxy that dies at the end of this statement.
            const YAML::Node key = it->first;
            if (!key.IsScalar()) {
                error(key.Mark(), "", what + ": a key must be a plain word");
                continue;
            }
            const std::string name = key.Scalar();
            if (!allowed.count(name)) {
                std::string expected;
                for (const std::string& a : allowed)
                    expected += (expected.empty() ? "" : ", ") + a;
                error(key.Mark(), name,
                      "unknown key in " + what + " (expected one of: " + expected + ")");
                continue;
            }
            if (out.values.count(name)) {
                error(key.Mark(), name, "key given twice in " + what);
                continue;
            }
            out.values.emplace(name, it->second);
            out.key_marks.emplace(name, key.Mark());
        }
        for (const std::string& name : required)
            if (!out.get(name))
                error(out.values.count(name) ? out.key_mark(name) : node.Mark(), name,
                      "missing required key in " + what);
        out.ok = true;
        return out;
    }

    // ---- scalars -----------------------------------------------------------------------------

    std::optional<std::string> scalar(const Fields& f, const std::string& key) {
        const YAML::Node* node = f.get(key);
        if (!node)
            return std::nullopt;
        if (!node->IsScalar()) {
            error(f.key_mark(key), key, "expected a text, found a " + shape(*node));
            return std::nullopt;
        }
        return node->Scalar();
    }

    std::string text(const Fields& f, const std::string& key) {
        return scalar(f, key).value_or(std::string());
    }

    std::optional<double> number(const Fields& f, const std::string& key) {
        const auto raw = scalar(f, key);
        if (!raw)
            return std::nullopt;
        double value = 0;
        switch (parse_number_text(*raw, NumberStyle::point, value)) {
        case NumberText::ok:
            return value;
        case NumberText::out_of_range:
            error(f.values.at(key).Mark(), key, "'" + *raw + "' is " + number_out_of_range_text());
            return std::nullopt;
        case NumberText::invalid:
            break;
        }
        error(f.values.at(key).Mark(), key,
              "'" + *raw +
                  "' is not a number (expected digits with an optional sign, decimal "
                  "part and exponent, such as 12, -3.5 or 1.5e3)");
        return std::nullopt;
    }

    std::optional<long long> whole(const Fields& f, const std::string& key, const char* what) {
        const auto raw = scalar(f, key);
        if (!raw)
            return std::nullopt;
        long long value = 0;
        const char* begin = raw->data();
        const char* end = begin + raw->size();
        const auto [ptr, ec] = std::from_chars(begin, end, value);
        if (ec != std::errc() || ptr != end || raw->empty()) {
            error(f.values.at(key).Mark(), key, "'" + *raw + "' is not " + what);
            return std::nullopt;
        }
        return value;
    }

    std::optional<int> year(const Fields& f, const std::string& key) {
        const auto value = whole(f, key, "a year (a whole number such as 2025)");
        if (!value)
            return std::nullopt;
        if (*value < 1000 || *value > 9999) {
            error(f.values.at(key).Mark(), key, std::to_string(*value) + " is not a year");
            return std::nullopt;
        }
        return static_cast<int>(*value);
    }

    bool flag(const Fields& f, const std::string& key) {
        const auto raw = scalar(f, key);
        if (!raw)
            return false;
        if (*raw == "true" || *raw == "True" || *raw == "TRUE")
            return true;
        if (*raw == "false" || *raw == "False" || *raw == "FALSE")
            return false;
        error(f.values.at(key).Mark(), key, "'" + *raw + "' is not true or false");
        return false;
    }

    std::vector<std::string> text_list(const Fields& f, const std::string& key) {
        std::vector<std::string> out;
        const YAML::Node* node = f.get(key);
        if (!node)
            return out;
        if (!node->IsSequence()) {
            error(f.key_mark(key), key, "expected a list of texts, found a " + shape(*node));
            return out;
        }
        for (const YAML::Node& item : *node) {
            if (!item.IsScalar())
                error(item.Mark(), key, "expected a text in the list, found a " + shape(item));
            else
                out.push_back(item.Scalar());
        }
        return out;
    }

    // A list of mappings: checks the shape and hands each item to `read`.
    template <typename Read>
    void each(const Fields& f, const std::string& key, Read read) {
        const YAML::Node* node = f.get(key);
        if (!node)
            return;
        if (!node->IsSequence()) {
            error(f.key_mark(key), key, "expected a list, found a " + shape(*node));
            return;
        }
        std::size_t position = 0;
        for (const YAML::Node& item : *node)
            read(item, position++);
    }

    static std::string shape(const YAML::Node& node) {
        if (node.IsMap())
            return "mapping";
        if (node.IsSequence())
            return "list";
        if (node.IsNull())
            return "empty value";
        return "text";
    }

    void remember(Kind kind, std::size_t index, const Fields& f, const std::string& prefix = "") {
        marks_.put(kind, index, prefix, f.mark);
        for (const auto& [key, node] : f.values)
            marks_.put(kind, index, prefix.empty() ? key : prefix + "." + key,
                       node.IsNull() ? f.key_mark(key) : node.Mark());
    }

    // ---- scheme ------------------------------------------------------------------------------

    void read_scheme(const YAML::Node& root) {
        const Fields f = fields(
            root, "the scheme",
            {"format",         "id",          "title",  "kind",        "owner",      "period",
             "language",       "source",      "levels", "level_order", "actions",    "status_year",
             "steering_level", "domains",     "notes",  "evaluation",  "governance", "links",
             "stated_totals",  "territories", "series", "nodes",       "unplanned"},
            {"format", "id", "title", "owner", "period", "levels", "nodes"});
        if (!f.ok)
            return;
        remember(Kind::scheme, 0, f);
        if (const auto format = scalar(f, "format"); format && *format != scheme_file_format)
            error(f.values.at("format").Mark(), "format",
                  "unsupported format '" + *format + "' (this Jalon reads " +
                      std::string(scheme_file_format) + ")");
        scheme_.id = text(f, "id");
        scheme_.title = text(f, "title");
        scheme_.kind = text(f, "kind");
        scheme_.owner = text(f, "owner");
        scheme_.language = text(f, "language");
        scheme_.source = text(f, "source");
        if (const YAML::Node* period = f.get("period")) {
            const Fields p = fields(*period, "period", {"start", "end"}, {"start", "end"});
            if (p.ok) {
                remember(Kind::scheme, 0, p, "period");
                scheme_.period.start = year(p, "start").value_or(0);
                scheme_.period.end = year(p, "end").value_or(0);
            }
        }
        scheme_.levels = text_list(f, "levels");
        for (std::size_t i = 0; i < scheme_.levels.size(); ++i)
            marks_.put(Kind::level, i, "levels", f.values.at("levels")[i].Mark());
        if (const auto order = scalar(f, "level_order")) {
            if (const auto parsed = parse_level_order(*order))
                scheme_.level_order = *parsed;
            else
                error(f.values.at("level_order").Mark(), "level_order",
                      "unknown level order '" + *order + "' (expected strict or free)");
        }
        if (const YAML::Node* actions = f.get("actions")) {
            const Fields a = fields(*actions, "actions", {"levels"}, {"levels"});
            if (a.ok) {
                remember(Kind::scheme, 0, a, "actions");
                scheme_.action_levels = text_list(a, "levels");
                if (const YAML::Node* levels = a.get("levels"); levels && levels->IsSequence())
                    for (std::size_t i = 0; i < levels->size(); ++i)
                        marks_.put(Kind::scheme, 0, "actions.levels[" + std::to_string(i) + "]",
                                   (*levels)[i].Mark());
            }
        }
        scheme_.steering_level = text(f, "steering_level");
        scheme_.status_year = year(f, "status_year");
        scheme_.domains = text_list(f, "domains");
        scheme_.notes = text_list(f, "notes");
        if (const YAML::Node* evaluation = f.get("evaluation")) {
            const Fields e = fields(*evaluation, "evaluation", {"notes", "questions"}, {});
            if (e.ok) {
                scheme_.evaluation_notes = text_list(e, "notes");
                each(e, "questions",
                     [&](const YAML::Node& item, std::size_t) { read_question(item); });
            }
        }
        each(f, "governance", [&](const YAML::Node& item, std::size_t i) {
            const Fields g =
                fields(item, "a governance body", {"body", "scope", "frequency", "role"}, {"body"});
            if (!g.ok)
                return;
            remember(Kind::scheme, 0, g, "governance[" + std::to_string(i) + "]");
            scheme_.governance.push_back(
                {text(g, "body"), text(g, "scope"), text(g, "frequency"), text(g, "role")});
        });
        each(f, "links", [&](const YAML::Node& item, std::size_t) {
            const Fields l = fields(item, "a link", {"from", "to", "kind"}, {"to"});
            if (!l.ok)
                return;
            remember(Kind::link, scheme_.links.size(), l);
            scheme_.links.push_back({scalar(l, "from"), text(l, "to"), text(l, "kind")});
        });
        if (const YAML::Node* totals = f.get("stated_totals")) {
            if (!totals->IsMap()) {
                error(f.key_mark("stated_totals"), "stated_totals",
                      "expected a mapping of names to whole numbers");
            } else {
                const Fields t = fields(*totals, "stated_totals", keys_of(*totals), {});
                for (const auto& [name, node] : t.values)
                    if (const auto value = whole(t, name, "a whole number"))
                        scheme_.stated_totals[name] = *value;
                remember(Kind::scheme, 0, t, "stated_totals");
            }
        }
        each(f, "territories",
             [&](const YAML::Node& item, std::size_t) { read_territory(item, std::nullopt); });
        each(f, "series", [&](const YAML::Node& item, std::size_t) { read_series(item); });
        if (const YAML::Node* nodes = f.get("nodes");
            nodes && nodes->IsSequence() && nodes->size() == 0)
            error(f.key_mark("nodes"), "nodes", "a scheme needs at least one node");
        each(f, "nodes",
             [&](const YAML::Node& item, std::size_t) { read_node(item, std::nullopt); });
        each(f, "unplanned", [&](const YAML::Node& item, std::size_t) { read_unplanned(item); });
    }

    static std::set<std::string> keys_of(const YAML::Node& map) {
        std::set<std::string> keys;
        for (auto it = map.begin(); it != map.end(); ++it)
            if (it->first.IsScalar())
                keys.insert(it->first.Scalar());
        return keys;
    }

    void read_territory(const YAML::Node& item, const std::optional<std::string>& parent) {
        const Fields f =
            fields(item, "a territory", {"code", "name", "kind", "figures", "notes", "children"},
                   {"code", "name"});
        if (!f.ok)
            return;
        const std::size_t index = scheme_.territories.size();
        Territory territory;
        territory.code = text(f, "code");
        territory.parent = parent;
        territory.name = text(f, "name");
        territory.kind = text(f, "kind");
        read_figures(f, territory.figures, Kind::territory, index);
        territory.notes = text_list(f, "notes");
        remember(Kind::territory, index, f);
        marks_.put(Kind::territory, scheme_.territories.size(), "parent", f.mark);
        scheme_.territories.push_back(territory);
        each(f, "children",
             [&](const YAML::Node& child, std::size_t) { read_territory(child, territory.code); });
    }

    void read_question(const YAML::Node& item) {
        const Fields f =
            fields(item, "an evaluative question",
                   {"code", "criterion", "question", "indicators", "nodes", "judgement_criteria"},
                   {"code", "criterion", "question"});
        if (!f.ok)
            return;
        const std::size_t index = scheme_.questions.size();
        remember(Kind::question, index, f);
        for (const char* list : {"indicators", "nodes"})
            if (const YAML::Node* refs = f.get(list); refs && refs->IsSequence())
                for (std::size_t k = 0; k < refs->size(); ++k)
                    marks_.put(Kind::question, index,
                               std::string(list) + "[" + std::to_string(k) + "]",
                               (*refs)[k].Mark());
        EvaluativeQuestion question;
        question.code = text(f, "code");
        if (const auto criterion = scalar(f, "criterion")) {
            if (const auto parsed = parse_evaluation_criterion(*criterion))
                question.criterion = *parsed;
            else
                error(f.values.at("criterion").Mark(), "criterion",
                      "unknown criterion '" + *criterion +
                          "' (expected pertinence, coherence, efficacite, efficience, impact or "
                          "durabilite)");
        }
        question.question = text(f, "question");
        question.indicators = text_list(f, "indicators");
        question.nodes = text_list(f, "nodes");
        question.judgement_criteria = text_list(f, "judgement_criteria");
        scheme_.questions.push_back(std::move(question));
    }

    std::optional<Rollup> rollup(const Fields& f, const std::string& key) {
        const auto raw = scalar(f, key);
        if (!raw)
            return std::nullopt;
        const auto parsed = parse_rollup(*raw);
        if (!parsed)
            error(f.values.at(key).Mark(), key,
                  "unknown roll-up '" + *raw + "' (expected sum, last, mean, min, max or count)");
        return parsed;
    }

    void read_series(const YAML::Node& item) {
        const Fields f =
            fields(item, "a series", {"code", "label", "unit", "within_year", "across_territories"},
                   {"code"});
        if (!f.ok)
            return;
        remember(Kind::series, scheme_.series.size(), f);
        Series series;
        series.code = text(f, "code");
        series.label = text(f, "label");
        series.unit = text(f, "unit");
        series.within_year = rollup(f, "within_year").value_or(Rollup::sum);
        series.across_territories = rollup(f, "across_territories").value_or(Rollup::sum);
        scheme_.series.push_back(std::move(series));
    }

    // ---- nodes -------------------------------------------------------------------------------

    void read_figures(const Fields& f, std::vector<Figure>& figures, Kind kind, std::size_t index) {
        each(f, "figures", [&](const YAML::Node& item, std::size_t i) {
            const Fields g =
                fields(item, "a figure", {"label", "value", "unit", "year"}, {"label", "value"});
            if (!g.ok)
                return;
            remember(kind, index, g, "figures[" + std::to_string(i) + "]");
            figures.push_back({text(g, "label"), number(g, "value").value_or(0), text(g, "unit"),
                               year(g, "year")});
        });
    }

    void read_node(const YAML::Node& item, const std::optional<std::string>& parent) {
        const Fields f = fields(item, "a node",
                                {"code",
                                 "level",
                                 "title",
                                 "short_title",
                                 "code_inferred",
                                 "pilots",
                                 "partners",
                                 "calendar",
                                 "objective",
                                 "modalities",
                                 "territorial_notes",
                                 "articulation",
                                 "participation",
                                 "levers",
                                 "flagship",
                                 "action",
                                 "status",
                                 "narrative",
                                 "figures",
                                 "notes",
                                 "indicators",
                                 "children"},
                                {"code", "level", "title"});
        if (!f.ok)
            return;
        const std::size_t index = scheme_.nodes.size();
        remember(Kind::node, index, f);
        marks_.put(Kind::node, index, "parent", f.mark);
        Node node;
        node.code = text(f, "code");
        node.parent = parent;
        node.level = text(f, "level");
        node.title = text(f, "title");
        node.short_title = text(f, "short_title");
        node.code_inferred = flag(f, "code_inferred");
        node.pilots = text_list(f, "pilots");
        node.partners = text_list(f, "partners");
        if (const YAML::Node* calendar = f.get("calendar")) {
            const Fields c = fields(*calendar, "calendar", {"start", "end", "text"}, {});
            if (c.ok) {
                remember(Kind::node, index, c, "calendar");
                node.calendar = Calendar{year(c, "start"), year(c, "end"), text(c, "text")};
            }
        }
        node.objective = text(f, "objective");
        node.modalities = text_list(f, "modalities");
        node.territorial_notes = text_list(f, "territorial_notes");
        node.articulation = text_list(f, "articulation");
        node.participation = text(f, "participation");
        node.levers = text_list(f, "levers");
        node.flagship = flag(f, "flagship");
        if (f.get("action"))
            node.action = flag(f, "action");
        if (const auto status = scalar(f, "status")) {
            node.status = parse_action_status(*status);
            if (!node.status)
                error(f.values.at("status").Mark(), "status",
                      "unknown status '" + *status +
                          "' (expected realise, en-cours, non-engage, reporte or abandonne)");
        }
        node.narrative = text_list(f, "narrative");
        read_figures(f, node.figures, Kind::node, index);
        node.notes = text_list(f, "notes");
        scheme_.nodes.push_back(node);
        each(f, "indicators",
             [&](const YAML::Node& ind, std::size_t) { read_indicator(ind, node.code); });
        each(f, "children",
             [&](const YAML::Node& child, std::size_t) { read_node(child, node.code); });
    }

    void read_unplanned(const YAML::Node& item) {
        const Fields f = fields(item, "an unplanned achievement",
                                {"code", "code_inferred", "node", "title", "year", "pilots",
                                 "partners", "territorial_notes", "narrative", "figures", "notes"},
                                {"code", "title"});
        if (!f.ok)
            return;
        const std::size_t index = scheme_.unplanned.size();
        remember(Kind::unplanned, index, f);
        Node node;
        node.code = text(f, "code");
        node.parent = scalar(f, "node");
        node.code_inferred = flag(f, "code_inferred");
        node.title = text(f, "title");
        node.year = year(f, "year");
        node.pilots = text_list(f, "pilots");
        node.partners = text_list(f, "partners");
        node.territorial_notes = text_list(f, "territorial_notes");
        node.narrative = text_list(f, "narrative");
        read_figures(f, node.figures, Kind::unplanned, index);
        node.notes = text_list(f, "notes");
        node.status = ActionStatus::unplanned_done;
        scheme_.unplanned.push_back(std::move(node));
    }

    // ---- indicators --------------------------------------------------------------------------

    void read_indicator(const YAML::Node& item, const std::string& node_code) {
        const Fields f =
            fields(item, "an indicator",
                   {"code", "code_inferred", "label", "level", "level_inferred", "kind", "unit",
                    "producer", "source", "frequency", "method", "params", "direction", "key",
                    "baseline", "milestones", "target", "notes"},
                   {"code", "label", "level"});
        if (!f.ok)
            return;
        const std::size_t index = scheme_.indicators.size();
        remember(Kind::indicator, index, f);
        marks_.put(Kind::indicator, index, "node", f.mark);
        Indicator ind;
        ind.code = text(f, "code");
        ind.code_inferred = flag(f, "code_inferred");
        ind.node = node_code;
        ind.label = text(f, "label");
        if (const auto level = scalar(f, "level")) {
            if (const auto parsed = parse_indicator_level(*level))
                ind.level = *parsed;
            else
                error(f.values.at("level").Mark(), "level",
                      "unknown indicator level '" + *level +
                          "' (expected realisation, resultat or impact)");
        }
        ind.level_inferred = flag(f, "level_inferred");
        ind.kind = text(f, "kind");
        ind.unit = text(f, "unit");
        ind.producer = text(f, "producer");
        ind.source = text(f, "source");
        if (const auto frequency = scalar(f, "frequency")) {
            ind.frequency = parse_frequency(*frequency);
            if (!ind.frequency)
                error(f.values.at("frequency").Mark(), "frequency",
                      "unknown frequency '" + *frequency +
                          "' (expected annuelle, semestrielle, trimestrielle, mensuelle, "
                          "pluriannuelle or ponctuelle)");
        }
        if (const auto method = scalar(f, "method"))
            ind.method = *method;
        if (const YAML::Node* params = f.get("params"))
            read_params(*params, f.key_mark("params"), ind);
        read_direction(f, ind);
        ind.key = flag(f, "key");
        read_targets(f, index, ind);
        ind.notes = text_list(f, "notes");
        scheme_.indicators.push_back(std::move(ind));
    }

    void read_direction(const Fields& f, Indicator& ind) {
        if (const auto direction = scalar(f, "direction")) {
            if (const auto parsed = parse_direction(*direction))
                ind.direction = *parsed;
            else
                error(f.values.at("direction").Mark(), "direction",
                      "unknown direction '" + *direction + "' (expected up or down)");
        }
    }

    // Baseline, milestones and target of an indicator (scheme file or overlay).
    void read_targets(const Fields& f, std::size_t index, Indicator& ind) {
        if (const YAML::Node* baseline = f.get("baseline")) {
            const Fields b = fields(*baseline, "baseline", {"value", "year"}, {"value"});
            if (b.ok) {
                remember(Kind::indicator, index, b, "baseline");
                ind.baseline = Baseline{number(b, "value").value_or(0), year(b, "year")};
            }
        }
        each(f, "milestones", [&](const YAML::Node& m, std::size_t i) {
            const Fields mf =
                fields(m, "a milestone", {"year", "value", "text"}, {"year", "value"});
            if (!mf.ok)
                return;
            remember(Kind::indicator, index, mf, "milestones[" + std::to_string(i) + "]");
            ind.milestones.push_back(
                {year(mf, "year").value_or(0), number(mf, "value").value_or(0), text(mf, "text")});
        });
        if (const YAML::Node* target = f.get("target")) {
            const Fields t = fields(*target, "target", {"value", "year", "unit", "text"}, {});
            if (t.ok) {
                remember(Kind::indicator, index, t, "target");
                ind.target =
                    Target{number(t, "value"), year(t, "year"), text(t, "unit"), text(t, "text")};
            }
        }
    }

    // The overlay's `id`, else its file name without extension; unique among the overlays
    // applied to the scheme (the origin of the values it sets).
    std::string overlay_id(const Fields& f) {
        std::string id = std::filesystem::path(file_).stem().string();
        const auto given = scalar(f, "id");
        if (given) {
            id = *given;
            if (id.empty() || id.size() > 200 || id.find_first_not_of(" \t") == std::string::npos)
                error(f.values.at("id").Mark(), "id",
                      "an overlay id is a text of 1 to 200 characters");
        }
        for (const AppliedOverlay& o : scheme_.overlays)
            if (o.id == id)
                error(given ? f.values.at("id").Mark() : f.key_mark("format"), "id",
                      "overlay '" + id + "' is already applied from " + o.file +
                          ": give each overlay its own id");
        return id;
    }

    void overlay_indicator(const YAML::Node& key, const YAML::Node& value, bool synthetic,
                           const std::string& origin) {
        if (!key.IsScalar()) {
            error(key.Mark(), "indicators", "an indicator code must be a text");
            return;
        }
        const std::string code = key.Scalar();
        const auto it = std::find_if(scheme_.indicators.begin(), scheme_.indicators.end(),
                                     [&](const Indicator& i) { return i.code == code; });
        if (it == scheme_.indicators.end()) {
            error(key.Mark(), code, "no indicator '" + code + "' in scheme '" + scheme_.id + "'");
            return;
        }
        const std::size_t index = static_cast<std::size_t>(it - scheme_.indicators.begin());
        const Fields f = fields(value, "indicator '" + code + "' of the overlay",
                                {"baseline", "milestones", "target", "direction", "key"}, {});
        if (!f.ok)
            return;
        remember(Kind::indicator, index, f);
        Indicator& ind = *it;
        read_direction(f, ind);
        if (f.get("key"))
            ind.key = flag(f, "key");
        Indicator read;
        read_targets(f, index, read);
        if (read.baseline)
            read.baseline->origin = origin;
        for (Milestone& m : read.milestones)
            m.origin = origin;
        if (read.target)
            read.target->origin = origin;
        if (f.get("baseline"))
            ind.baseline = read.baseline;
        if (f.get("milestones"))
            ind.milestones = read.milestones;
        if (f.get("target"))
            ind.target = read.target;
        if (synthetic && (f.get("baseline") || f.get("milestones") || f.get("target")))
            ind.synthetic_targets = true;
    }

    void read_params(const YAML::Node& params, const YAML::Mark& mark, Indicator& ind) {
        if (!params.IsMap()) {
            error(mark, "params", "expected a mapping of parameter names to values");
            return;
        }
        const Fields p = fields(params, "params", keys_of(params), {});
        remember(Kind::indicator, scheme_.indicators.size(), p, "params");
        for (const auto& [name, value] : p.values) {
            ParamValue param;
            if (value.IsScalar()) {
                param.items.push_back(param_scalar(value, name));
            } else if (value.IsSequence()) {
                param.is_list = true;
                for (const YAML::Node& item : value) {
                    if (item.IsScalar())
                        param.items.push_back(param_scalar(item, name));
                    else
                        error(item.Mark(), name, "a parameter list holds numbers or texts only");
                }
            } else {
                error(value.Mark(), name, "a parameter is a number, a text or a list of them");
                continue;
            }
            ind.params.emplace(name, std::move(param));
        }
    }

    // Plain scalars that read as numbers (the grammar of every number) or booleans are typed;
    // quoted ones stay texts.
    ParamScalar param_scalar(const YAML::Node& node, const std::string& name) {
        const std::string& raw = node.Scalar();
        if (node.Tag() == "!")
            return raw;
        if (raw == "true" || raw == "false")
            return raw == "true";
        double value = 0;
        switch (parse_number_text(raw, NumberStyle::point, value)) {
        case NumberText::ok:
            return value;
        case NumberText::out_of_range:
            error(node.Mark(), name, "'" + raw + "' is " + number_out_of_range_text());
            return 0.0;
        case NumberText::invalid:
            break;
        }
        return raw;
    }

    std::string file_;
    Scheme scheme_;
    MarkIndex marks_;
    std::vector<Diagnostic> diagnostics_;
};

} // namespace

Scheme read_scheme_text(const std::string& text, const std::string& file_name,
                        const SchemeRules& extra_rules) {
    return SchemeFileReader(file_name).read(text, extra_rules);
}

namespace {
std::string file_text(const std::filesystem::path& path) {
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored))
        throw InputError(
            std::vector<Diagnostic>{{{path.string(), 0, 0, {}}, {}, "is a directory, not a file"}});
    if (const auto kind = special_file_kind(path))
        throw InputError(
            std::vector<Diagnostic>{{{path.string(), 0, 0, {}}, {}, special_file_message(*kind)}});
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(std::vector<Diagnostic>{
            {{path.string(), 0, 0, {}}, {}, "cannot open the file (missing or unreadable)"}});
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}
} // namespace

Scheme apply_overlay_text(Scheme scheme, const std::string& text, const std::string& file_name) {
    return SchemeFileReader(file_name, std::move(scheme)).read_overlay(text);
}

Scheme apply_overlay_file(Scheme scheme, const std::filesystem::path& path) {
    return apply_overlay_text(std::move(scheme), file_text(path), path.string());
}

std::string content_hash(const std::vector<std::filesystem::path>& files) {
    // FNV-1a, 64 bits, over each file's bytes and a separator: enough to tell contents apart.
    std::uint64_t hash = 14695981039346656037ull;
    const auto mix = [&](unsigned char byte) {
        hash ^= byte;
        hash *= 1099511628211ull;
    };
    for (const auto& file : files) {
        for (const char c : file_text(file))
            mix(static_cast<unsigned char>(c));
        mix(0xFF);
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    return hex;
}

Scheme read_scheme_file(const std::filesystem::path& path, const SchemeRules& extra_rules) {
    return read_scheme_text(file_text(path), path.string(), extra_rules);
}

} // namespace jalon
