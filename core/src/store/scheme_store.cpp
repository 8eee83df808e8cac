#include "clock.hpp"
#include "follow_up_writer.hpp"
#include "row_value.hpp"

#include <jalon/error.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/scheme_store.hpp>

#include <soci/soci.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

namespace jalon {

namespace {

std::string number_text(double value) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

std::set<std::string> codes_in(soci::session& sql, const char* table, const std::string& scheme,
                               const char* extra = "") {
    std::set<std::string> codes;
    soci::rowset<std::string> rows =
        (sql.prepare << std::string("SELECT code FROM ") + table + " WHERE scheme_id = :s" + extra,
         soci::use(scheme));
    for (const std::string& code : rows)
        codes.insert(code);
    return codes;
}

// Inserts the lists of texts of every element (pilots, partners, notes…).
class TextItemWriter {
public:
    TextItemWriter(soci::session& sql, const std::string& scheme) : scheme_(scheme) {
        statement_ = std::make_unique<soci::statement>(
            (sql.prepare << "INSERT INTO text_item (scheme_id, owner_kind, owner_code, field, "
                            "position, value) VALUES (:s, :k, :o, :f, :p, :v)",
             soci::use(scheme_), soci::use(kind_), soci::use(owner_), soci::use(field_),
             soci::use(position_), soci::use(value_)));
    }

    void put(const char* kind, const std::string& owner, const char* field,
             const std::vector<std::string>& values) {
        kind_ = kind;
        owner_ = owner;
        field_ = field;
        for (std::size_t i = 0; i < values.size(); ++i) {
            position_ = static_cast<int>(i);
            value_ = values[i];
            statement_->execute(true);
        }
    }

private:
    std::string scheme_, kind_, owner_, field_, value_;
    int position_ = 0;
    std::unique_ptr<soci::statement> statement_;
};

void write_node_texts(TextItemWriter& texts, const Node& node) {
    texts.put("node", node.code, "pilots", node.pilots);
    texts.put("node", node.code, "partners", node.partners);
    texts.put("node", node.code, "modalities", node.modalities);
    texts.put("node", node.code, "territorial_notes", node.territorial_notes);
    texts.put("node", node.code, "articulation", node.articulation);
    texts.put("node", node.code, "levers", node.levers);
    texts.put("node", node.code, "narrative", node.narrative);
    texts.put("node", node.code, "notes", node.notes);
}

class SchemeWriter {
public:
    SchemeWriter(soci::session& sql, const Scheme& scheme) : sql_(sql), scheme_(scheme) {}

    const std::vector<std::string>& retired() const { return retired_; }
    const std::vector<std::string>& restored() const { return restored_; }

    SchemeImportResult write(const std::string& source_file, const std::string& content_hash) {
        SchemeImportResult result;
        // Codes present before anything changes: removing a node cascades to its indicators.
        before_["territory"] = codes_in(sql_, "territory", scheme_.id, " AND retired_at IS NULL");
        retired_before_ = codes_in(sql_, "territory", scheme_.id, " AND retired_at IS NOT NULL");
        before_["node"] = codes_in(sql_, "node", scheme_.id);
        before_["indicator"] = codes_in(sql_, "indicator", scheme_.id);
        write_scheme_row(source_file, content_hash, result);
        revision_ = result.revision;
        for (const char* table :
             {"scheme_level", "text_item", "governance_body", "scheme_link", "stated_total",
              "milestone", "indicator_param", "figure", "territory_figure", "series",
              "evaluative_question", "question_item", "scheme_overlay"})
            sql_ << std::string("DELETE FROM ") + table + " WHERE scheme_id = :s",
                soci::use(scheme_.id);
        write_levels();
        result.territories = write_territories();
        result.nodes = write_nodes();
        result.indicators = write_indicators();
        write_lists();
        write_questions();
        write_overlays();
        // The statuses, narratives and figures the file states are follow-ups of its status year.
        write_follow_ups(sql_, scheme_.id, follow_ups_in(scheme_, source_file, now_));
        return result;
    }

private:
    void write_scheme_row(const std::string& source_file, const std::string& content_hash,
                          SchemeImportResult& result) {
        int revision = 0;
        soci::indicator found = soci::i_null;
        sql_ << "SELECT revision FROM scheme WHERE id = :id", soci::use(scheme_.id),
            soci::into(revision, found);
        result.created = !sql_.got_data();
        result.revision = result.created ? 1 : revision + 1;
        Nullable<int> status_year(scheme_.status_year);
        const std::string now = now_;
        const std::string sql_text =
            result.created
                ? "INSERT INTO scheme (title, kind, owner, period_start, period_end, language, "
                  "source, status_year, level_order, steering_level, source_file, imported_at, "
                  "revision, content_hash, id) VALUES (:t, :k, :o, :ps, :pe, :l, :src, :sy, :lo, "
                  ":sl, :f, :at, :r, :h, :id)"
                : "UPDATE scheme SET title = :t, kind = :k, owner = :o, period_start = :ps, "
                  "period_end = :pe, language = :l, source = :src, status_year = :sy, "
                  "level_order = :lo, steering_level = :sl, source_file = :f, imported_at = :at, "
                  "revision = :r, content_hash = :h WHERE id = :id";
        const std::string level_order(to_code(scheme_.level_order));
        sql_ << sql_text, soci::use(scheme_.title), soci::use(scheme_.kind),
            soci::use(scheme_.owner), soci::use(scheme_.period.start),
            soci::use(scheme_.period.end), soci::use(scheme_.language), soci::use(scheme_.source),
            soci::use(status_year.value, status_year.indicator), soci::use(level_order),
            soci::use(scheme_.steering_level), soci::use(source_file), soci::use(now),
            soci::use(result.revision), soci::use(content_hash), soci::use(scheme_.id);
    }

    void write_overlays() {
        for (std::size_t p = 0; p < scheme_.overlays.size(); ++p) {
            const AppliedOverlay& o = scheme_.overlays[p];
            const int position = static_cast<int>(p);
            const int synthetic = o.synthetic ? 1 : 0;
            sql_ << "INSERT INTO scheme_overlay (scheme_id, overlay_id, position, source_file, "
                    "synthetic, note) VALUES (:s, :o, :p, :f, :y, :n)",
                soci::use(scheme_.id), soci::use(o.id), soci::use(position), soci::use(o.file),
                soci::use(synthetic), soci::use(o.note);
        }
    }

    void write_questions() {
        for (std::size_t p = 0; p < scheme_.questions.size(); ++p) {
            const EvaluativeQuestion& q = scheme_.questions[p];
            const int position = static_cast<int>(p);
            const std::string criterion(to_code(q.criterion));
            sql_ << "INSERT INTO evaluative_question (scheme_id, code, position, criterion, "
                    "question) VALUES (:s, :c, :p, :k, :q)",
                soci::use(scheme_.id), soci::use(q.code), soci::use(position), soci::use(criterion),
                soci::use(q.question);
            const auto items = [&](const char* kind, const std::vector<std::string>& values) {
                for (std::size_t i = 0; i < values.size(); ++i) {
                    const int at = static_cast<int>(i);
                    const std::string k = kind;
                    sql_ << "INSERT INTO question_item (scheme_id, question_code, kind, position, "
                            "value) VALUES (:s, :q, :k, :p, :v)",
                        soci::use(scheme_.id), soci::use(q.code), soci::use(k), soci::use(at),
                        soci::use(values[i]);
                }
            };
            items("indicator", q.indicators);
            items("node", q.nodes);
            items("judgement", q.judgement_criteria);
        }
    }

    void write_levels() {
        for (std::size_t i = 0; i < scheme_.levels.size(); ++i) {
            const int depth = static_cast<int>(i);
            const auto& actions = scheme_.action_levels;
            const int action_level =
                std::find(actions.begin(), actions.end(), scheme_.levels[i]) != actions.end() ? 1
                                                                                              : 0;
            sql_ << "INSERT INTO scheme_level (scheme_id, depth, name, action_level) VALUES (:s, "
                    ":d, :n, :a)",
                soci::use(scheme_.id), soci::use(depth), soci::use(scheme_.levels[i]),
                soci::use(action_level);
        }
    }

    // Updates the rows whose codes exist, inserts the others, removes those no longer given.
    template <typename Item, typename Bind>
    SchemeImportResult::Changes upsert(const char* table, const std::vector<const Item*>& items,
                                       const std::string& columns, Bind bind) {
        SchemeImportResult::Changes changes;
        const std::set<std::string>& before = before_[table];
        std::set<std::string> after;
        const bool territories = std::string_view(table) == "territory";
        for (const Item* item : items) {
            const bool restored = territories && retired_before_.count(item->code) > 0;
            const bool exists = restored || before.count(item->code) > 0;
            (restored ? changes.restored : exists ? changes.kept : changes.added)++;
            if (restored)
                restored_.push_back(item->code);
            after.insert(item->code);
            bind(*item, exists, columns);
            if (restored)
                sql_ << "UPDATE territory SET retired_at = NULL, retired_in_revision = NULL "
                        "WHERE scheme_id = :s AND code = :c",
                    soci::use(scheme_.id), soci::use(item->code);
        }
        for (const std::string& code : before) {
            if (after.count(code))
                continue;
            if (territories) {
                if (remove_or_retire_territory(code)) {
                    ++changes.removed;
                } else {
                    ++changes.retired;
                    retired_.push_back(code);
                }
                continue;
            }
            ++changes.removed;
            // May already be gone with a removed parent (ON DELETE CASCADE): deleting is harmless.
            sql_ << std::string("DELETE FROM ") + table + " WHERE scheme_id = :s AND code = :c",
                soci::use(scheme_.id), soci::use(code);
        }
        return changes;
    }

    // A territory the file no longer lists is deleted, unless the database refuses because it
    // (or a territory below it) has data, runs, history or contributors (the triggers of schema
    // version 10, the contributors' foreign key): then it is retired, kept with all that. True
    // when it was deleted (or already gone with a deleted parent).
    bool remove_or_retire_territory(const std::string& code) {
        sql_ << "SAVEPOINT jalon_territory";
        try {
            sql_ << "DELETE FROM territory WHERE scheme_id = :s AND code = :c",
                soci::use(scheme_.id), soci::use(code);
            sql_ << "RELEASE SAVEPOINT jalon_territory";
            return true;
        } catch (const soci::soci_error& e) {
            const std::string message = e.get_error_message();
            if (message.find("retire it instead") == std::string::npos &&
                message.find("foreign key constraint") == std::string::npos)
                throw;
        }
        sql_ << "ROLLBACK TO SAVEPOINT jalon_territory";
        sql_ << "RELEASE SAVEPOINT jalon_territory";
        sql_ << "UPDATE territory SET retired_at = :at, retired_in_revision = :r "
                "WHERE scheme_id = :s AND code = :c",
            soci::use(now_), soci::use(revision_), soci::use(scheme_.id), soci::use(code);
        return false;
    }

    static std::string statement_for(const char* table, bool exists, const std::string& columns) {
        // `columns` lists the non-key columns; the keys (scheme_id, code) are bound last.
        std::vector<std::string> names;
        std::size_t start = 0;
        while (start < columns.size()) {
            const std::size_t comma = columns.find(',', start);
            const std::size_t stop = comma == std::string::npos ? columns.size() : comma;
            std::string name = columns.substr(start, stop - start);
            name.erase(0, name.find_first_not_of(' '));
            names.push_back(name);
            start = stop + 1;
        }
        std::string text;
        if (exists) {
            text = std::string("UPDATE ") + table + " SET ";
            for (std::size_t i = 0; i < names.size(); ++i)
                text += (i ? ", " : "") + names[i] + " = :" + names[i];
            return text + " WHERE scheme_id = :scheme_id AND code = :code";
        }
        text = std::string("INSERT INTO ") + table + " (" + columns + ", scheme_id, code) VALUES (";
        for (std::size_t i = 0; i < names.size(); ++i)
            text += (i ? ", :" : ":") + names[i];
        return text + ", :scheme_id, :code)";
    }

    SchemeImportResult::Changes write_territories() {
        std::vector<const Territory*> items;
        for (const Territory& t : scheme_.territories)
            items.push_back(&t);
        int position = 0;
        return upsert<Territory>("territory", items, "parent_code, position, name, kind",
                                 [&](const Territory& t, bool exists, const std::string& columns) {
                                     Nullable<std::string> parent(t.parent);
                                     sql_ << statement_for("territory", exists, columns),
                                         soci::use(parent.value, parent.indicator),
                                         soci::use(position), soci::use(t.name), soci::use(t.kind),
                                         soci::use(scheme_.id), soci::use(t.code);
                                     ++position;
                                 });
    }

    SchemeImportResult::Changes write_nodes() {
        std::vector<const Node*> items;
        for (const Node& n : scheme_.nodes)
            items.push_back(&n);
        for (const Node& n : scheme_.unplanned)
            items.push_back(&n);
        const std::size_t planned = scheme_.nodes.size();
        int position = 0;
        return upsert<Node>(
            "node", items,
            "parent_code, position, depth, unplanned, title, short_title, code_inferred, "
            "objective, participation, has_calendar, calendar_start, calendar_end, calendar_text, "
            "flagship, status, year, action_flag",
            [&](const Node& n, bool exists, const std::string& columns) {
                const bool unplanned = static_cast<std::size_t>(position) >= planned;
                Nullable<std::string> parent(n.parent);
                Nullable<int> depth;
                if (!unplanned)
                    if (const auto index = scheme_.level_index(n.level))
                        depth = Nullable<int>(std::optional<int>(static_cast<int>(*index)));
                const int unplanned_flag = unplanned ? 1 : 0;
                const int code_inferred = n.code_inferred ? 1 : 0;
                const int has_calendar = n.calendar ? 1 : 0;
                Nullable<int> calendar_start(n.calendar ? n.calendar->start : std::nullopt);
                Nullable<int> calendar_end(n.calendar ? n.calendar->end : std::nullopt);
                const std::string calendar_text = n.calendar ? n.calendar->text : std::string();
                const int flagship = n.flagship ? 1 : 0;
                Nullable<std::string> status(
                    n.status ? std::optional<std::string>(std::string(to_code(*n.status)))
                             : std::nullopt);
                Nullable<int> year(n.year);
                Nullable<int> action_flag(n.action ? std::optional<int>(*n.action ? 1 : 0)
                                                   : std::nullopt);
                sql_ << statement_for("node", exists, columns),
                    soci::use(parent.value, parent.indicator), soci::use(position),
                    soci::use(depth.value, depth.indicator), soci::use(unplanned_flag),
                    soci::use(n.title), soci::use(n.short_title), soci::use(code_inferred),
                    soci::use(n.objective), soci::use(n.participation), soci::use(has_calendar),
                    soci::use(calendar_start.value, calendar_start.indicator),
                    soci::use(calendar_end.value, calendar_end.indicator), soci::use(calendar_text),
                    soci::use(flagship), soci::use(status.value, status.indicator),
                    soci::use(year.value, year.indicator),
                    soci::use(action_flag.value, action_flag.indicator), soci::use(scheme_.id),
                    soci::use(n.code);
                ++position;
            });
    }

    SchemeImportResult::Changes write_indicators() {
        std::vector<const Indicator*> items;
        for (const Indicator& i : scheme_.indicators)
            items.push_back(&i);
        int position = 0;
        return upsert<Indicator>(
            "indicator", items,
            "node_code, position, label, level, level_inferred, kind, unit, method, direction, "
            "key_indicator, has_baseline, baseline_value, baseline_year, has_target, target_value, "
            "target_year, target_unit, target_text, synthetic_targets, code_inferred, producer, "
            "source, frequency, baseline_origin, target_origin",
            [&](const Indicator& i, bool exists, const std::string& columns) {
                const std::string level(to_code(i.level));
                const std::string direction(to_code(i.direction));
                const int level_inferred = i.level_inferred ? 1 : 0;
                const int key = i.key ? 1 : 0;
                const int has_baseline = i.baseline ? 1 : 0;
                Nullable<double> baseline_value(
                    i.baseline ? std::optional<double>(i.baseline->value) : std::nullopt);
                Nullable<int> baseline_year(i.baseline ? i.baseline->year : std::nullopt);
                const int has_target = i.target ? 1 : 0;
                Nullable<double> target_value(i.target ? i.target->value : std::nullopt);
                Nullable<int> target_year(i.target ? i.target->year : std::nullopt);
                const std::string target_unit = i.target ? i.target->unit : std::string();
                const std::string target_text = i.target ? i.target->text : std::string();
                const int synthetic = i.synthetic_targets ? 1 : 0;
                const int code_inferred = i.code_inferred ? 1 : 0;
                Nullable<std::string> frequency(
                    i.frequency ? std::optional<std::string>(std::string(to_code(*i.frequency)))
                                : std::nullopt);
                const std::string baseline_origin = i.baseline ? i.baseline->origin : "";
                const std::string target_origin = i.target ? i.target->origin : "";
                sql_ << statement_for("indicator", exists, columns), soci::use(i.node),
                    soci::use(position), soci::use(i.label), soci::use(level),
                    soci::use(level_inferred), soci::use(i.kind), soci::use(i.unit),
                    soci::use(i.method), soci::use(direction), soci::use(key),
                    soci::use(has_baseline),
                    soci::use(baseline_value.value, baseline_value.indicator),
                    soci::use(baseline_year.value, baseline_year.indicator), soci::use(has_target),
                    soci::use(target_value.value, target_value.indicator),
                    soci::use(target_year.value, target_year.indicator), soci::use(target_unit),
                    soci::use(target_text), soci::use(synthetic), soci::use(code_inferred),
                    soci::use(i.producer), soci::use(i.source),
                    soci::use(frequency.value, frequency.indicator), soci::use(baseline_origin),
                    soci::use(target_origin), soci::use(scheme_.id), soci::use(i.code);
                ++position;
            });
    }

    void write_lists() {
        TextItemWriter texts(sql_, scheme_.id);
        texts.put("scheme", "", "domains", scheme_.domains);
        texts.put("scheme", "", "notes", scheme_.notes);
        texts.put("scheme", "", "evaluation_notes", scheme_.evaluation_notes);
        for (const Territory& t : scheme_.territories) {
            texts.put("territory", t.code, "notes", t.notes);
            write_figures("territory_figure", "territory_code", t.code, t.figures);
        }
        for (const auto* nodes : {&scheme_.nodes, &scheme_.unplanned})
            for (const Node& n : *nodes) {
                write_node_texts(texts, n);
                write_figures("figure", "node_code", n.code, n.figures);
            }
        for (const Indicator& i : scheme_.indicators) {
            texts.put("indicator", i.code, "notes", i.notes);
            for (const Milestone& m : i.milestones)
                sql_ << "INSERT INTO milestone (scheme_id, indicator_code, year, value, text, "
                        "origin) VALUES (:s, :i, :y, :v, :t, :o)",
                    soci::use(scheme_.id), soci::use(i.code), soci::use(m.year), soci::use(m.value),
                    soci::use(m.text), soci::use(m.origin);
            write_params(i);
        }
        for (std::size_t p = 0; p < scheme_.governance.size(); ++p) {
            const GovernanceBody& g = scheme_.governance[p];
            const int position = static_cast<int>(p);
            sql_ << "INSERT INTO governance_body (scheme_id, position, body, scope, frequency, "
                    "role) VALUES (:s, :p, :b, :sc, :f, :r)",
                soci::use(scheme_.id), soci::use(position), soci::use(g.body), soci::use(g.scope),
                soci::use(g.frequency), soci::use(g.role);
        }
        for (std::size_t p = 0; p < scheme_.links.size(); ++p) {
            const SchemeLink& l = scheme_.links[p];
            const int position = static_cast<int>(p);
            Nullable<std::string> from(l.from);
            sql_ << "INSERT INTO scheme_link (scheme_id, position, from_code, to_ref, kind) "
                    "VALUES (:s, :p, :f, :t, :k)",
                soci::use(scheme_.id), soci::use(position), soci::use(from.value, from.indicator),
                soci::use(l.to), soci::use(l.kind);
        }
        for (std::size_t p = 0; p < scheme_.series.size(); ++p) {
            const Series& series = scheme_.series[p];
            const int position = static_cast<int>(p);
            const std::string within(to_code(series.within_year));
            const std::string across(to_code(series.across_territories));
            sql_ << "INSERT INTO series (scheme_id, code, position, label, unit, within_year, "
                    "across_territories) VALUES (:s, :c, :p, :l, :u, :w, :a)",
                soci::use(scheme_.id), soci::use(series.code), soci::use(position),
                soci::use(series.label), soci::use(series.unit), soci::use(within),
                soci::use(across);
        }
        for (const auto& [name, value] : scheme_.stated_totals)
            sql_ << "INSERT INTO stated_total (scheme_id, name, value) VALUES (:s, :n, :v)",
                soci::use(scheme_.id), soci::use(name), soci::use(value);
    }

    void write_figures(const std::string& table, const std::string& owner_column,
                       const std::string& owner, const std::vector<Figure>& figures) {
        for (std::size_t p = 0; p < figures.size(); ++p) {
            const Figure& f = figures[p];
            const int position = static_cast<int>(p);
            Nullable<int> year(f.year);
            sql_ << "INSERT INTO " + table + " (scheme_id, " + owner_column +
                        ", position, label, value, unit, year) "
                        "VALUES (:s, :n, :p, :l, :v, :u, :y)",
                soci::use(scheme_.id), soci::use(owner), soci::use(position), soci::use(f.label),
                soci::use(f.value), soci::use(f.unit), soci::use(year.value, year.indicator);
        }
    }

    // One row per item; an empty list is one row at position -1, so that its name is kept.
    void write_params(const Indicator& i) {
        for (const auto& [name, param] : i.params) {
            const int is_list = param.is_list ? 1 : 0;
            const auto insert = [&](int position, const std::string& type,
                                    const std::string& value) {
                sql_ << "INSERT INTO indicator_param (scheme_id, indicator_code, name, position, "
                        "is_list, value_type, value) VALUES (:s, :i, :n, :p, :l, :t, :v)",
                    soci::use(scheme_.id), soci::use(i.code), soci::use(name), soci::use(position),
                    soci::use(is_list), soci::use(type), soci::use(value);
            };
            if (param.items.empty())
                insert(-1, "text", "");
            for (std::size_t p = 0; p < param.items.size(); ++p) {
                const ParamScalar& item = param.items[p];
                if (const bool* b = std::get_if<bool>(&item))
                    insert(static_cast<int>(p), "bool", *b ? "true" : "false");
                else if (const double* d = std::get_if<double>(&item))
                    insert(static_cast<int>(p), "number", number_text(*d));
                else
                    insert(static_cast<int>(p), "text", std::get<std::string>(item));
            }
        }
    }

    soci::session& sql_;
    const Scheme& scheme_;
    std::map<std::string, std::set<std::string>> before_;
    std::set<std::string> retired_before_; // territories retired by an earlier import
    std::vector<std::string> retired_, restored_; // by this import
    int revision_ = 0;
    std::string now_ = utc_now();
};

// ---- loading ---------------------------------------------------------------------------------

class SchemeReader {
public:
    SchemeReader(soci::session& sql, std::string id) : sql_(sql), id_(std::move(id)) {}

    std::optional<Scheme> read() {
        Scheme scheme;
        if (!read_scheme_row(scheme))
            return std::nullopt;
        read_levels(scheme);
        read_territories(scheme);
        read_nodes(scheme);
        read_indicators(scheme);
        read_lists(scheme);
        return scheme;
    }

private:
    soci::rowset<soci::row> rows(const std::string& query) {
        return (sql_.prepare << query, soci::use(id_));
    }

    bool read_scheme_row(Scheme& s) {
        bool found = false;
        for (const soci::row& r :
             rows("SELECT title, kind, owner, period_start, period_end, language, source, "
                  "status_year, level_order, steering_level FROM scheme WHERE id = :s")) {
            found = true;
            s.id = id_;
            s.title = text_at(r, 0);
            s.kind = text_at(r, 1);
            s.owner = text_at(r, 2);
            s.period = {static_cast<int>(*integer_at(r, 3)), static_cast<int>(*integer_at(r, 4))};
            s.language = text_at(r, 5);
            s.source = text_at(r, 6);
            if (const auto year = integer_at(r, 7))
                s.status_year = static_cast<int>(*year);
            s.level_order = parse_level_order(text_at(r, 8)).value_or(LevelOrder::strict);
            s.steering_level = text_at(r, 9);
        }
        return found;
    }

    void read_levels(Scheme& s) {
        for (const soci::row& r :
             rows("SELECT name, action_level FROM scheme_level WHERE scheme_id = :s ORDER BY "
                  "depth")) {
            s.levels.push_back(text_at(r, 0));
            if (integer_at(r, 1).value_or(0) != 0)
                s.action_levels.push_back(text_at(r, 0));
        }
    }

    void read_territories(Scheme& s) {
        for (const soci::row& r :
             rows("SELECT code, parent_code, name, kind FROM territory "
                  "WHERE scheme_id = :s AND retired_at IS NULL ORDER BY position")) {
            Territory t;
            t.code = text_at(r, 0);
            t.parent = optional_text_at(r, 1);
            t.name = text_at(r, 2);
            t.kind = text_at(r, 3);
            s.territories.push_back(std::move(t));
        }
    }

    static std::optional<int> small(const std::optional<long long>& value) {
        return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
    }

    void read_nodes(Scheme& s) {
        for (const soci::row& r :
             rows("SELECT code, parent_code, depth, unplanned, title, short_title, code_inferred, "
                  "objective, participation, has_calendar, calendar_start, calendar_end, "
                  "calendar_text, flagship, status, year, action_flag FROM node WHERE "
                  "scheme_id = :s "
                  "ORDER BY position")) {
            Node n;
            n.code = text_at(r, 0);
            n.parent = optional_text_at(r, 1);
            if (const auto depth = integer_at(r, 2);
                depth && *depth >= 0 && static_cast<std::size_t>(*depth) < s.levels.size())
                n.level = s.levels[static_cast<std::size_t>(*depth)];
            const bool unplanned = integer_at(r, 3).value_or(0) != 0;
            n.title = text_at(r, 4);
            n.short_title = text_at(r, 5);
            n.code_inferred = integer_at(r, 6).value_or(0) != 0;
            n.objective = text_at(r, 7);
            n.participation = text_at(r, 8);
            if (integer_at(r, 9).value_or(0) != 0)
                n.calendar =
                    Calendar{small(integer_at(r, 10)), small(integer_at(r, 11)), text_at(r, 12)};
            n.flagship = integer_at(r, 13).value_or(0) != 0;
            if (const auto status = optional_text_at(r, 14))
                n.status = parse_action_status(*status);
            n.year = small(integer_at(r, 15));
            if (const auto action = integer_at(r, 16))
                n.action = *action != 0;
            (unplanned ? s.unplanned : s.nodes).push_back(std::move(n));
        }
    }

    void read_indicators(Scheme& s) {
        for (const soci::row& r :
             rows("SELECT code, node_code, label, level, level_inferred, kind, unit, method, "
                  "direction, key_indicator, has_baseline, baseline_value, baseline_year, "
                  "has_target, target_value, target_year, target_unit, target_text, "
                  "synthetic_targets, code_inferred, producer, source, frequency, baseline_origin, "
                  "target_origin FROM indicator "
                  "WHERE scheme_id = :s ORDER BY position")) {
            Indicator i;
            i.code = text_at(r, 0);
            i.node = text_at(r, 1);
            i.label = text_at(r, 2);
            i.level = parse_indicator_level(text_at(r, 3)).value_or(IndicatorLevel::output);
            i.level_inferred = integer_at(r, 4).value_or(0) != 0;
            i.kind = text_at(r, 5);
            i.unit = text_at(r, 6);
            i.method = text_at(r, 7);
            i.direction = parse_direction(text_at(r, 8)).value_or(Direction::up);
            i.key = integer_at(r, 9).value_or(0) != 0;
            if (integer_at(r, 10).value_or(0) != 0)
                i.baseline =
                    Baseline{real_at(r, 11).value_or(0), small(integer_at(r, 12)), text_at(r, 23)};
            if (integer_at(r, 13).value_or(0) != 0)
                i.target = Target{real_at(r, 14), small(integer_at(r, 15)), text_at(r, 16),
                                  text_at(r, 17), text_at(r, 24)};
            i.synthetic_targets = integer_at(r, 18).value_or(0) != 0;
            i.code_inferred = integer_at(r, 19).value_or(0) != 0;
            i.producer = text_at(r, 20);
            i.source = text_at(r, 21);
            if (const auto frequency = optional_text_at(r, 22))
                i.frequency = parse_frequency(*frequency);
            s.indicators.push_back(std::move(i));
        }
    }

    void read_lists(Scheme& s) {
        std::map<std::string, Node*> nodes;
        for (auto* list : {&s.nodes, &s.unplanned})
            for (Node& n : *list)
                nodes[n.code] = &n;
        std::map<std::string, Indicator*> indicators;
        for (Indicator& i : s.indicators)
            indicators[i.code] = &i;
        std::map<std::string, Territory*> territories;
        for (Territory& t : s.territories)
            territories[t.code] = &t;

        for (const soci::row& r :
             rows("SELECT owner_kind, owner_code, field, value FROM text_item WHERE scheme_id = :s "
                  "ORDER BY owner_kind, owner_code, field, position")) {
            const std::string kind = text_at(r, 0), owner = text_at(r, 1), field = text_at(r, 2);
            std::string value = text_at(r, 3);
            if (std::vector<std::string>* list =
                    text_list(s, nodes, indicators, territories, kind, owner, field))
                list->push_back(std::move(value));
        }
        for (const soci::row& r : rows("SELECT node_code, label, value, unit, year FROM figure "
                                       "WHERE scheme_id = :s ORDER BY node_code, position"))
            if (const auto it = nodes.find(text_at(r, 0)); it != nodes.end())
                it->second->figures.push_back({text_at(r, 1), real_at(r, 2).value_or(0),
                                               text_at(r, 3), small(integer_at(r, 4))});
        for (const soci::row& r :
             rows("SELECT territory_code, label, value, unit, year FROM territory_figure "
                  "WHERE scheme_id = :s ORDER BY territory_code, position"))
            if (const auto it = territories.find(text_at(r, 0)); it != territories.end())
                it->second->figures.push_back({text_at(r, 1), real_at(r, 2).value_or(0),
                                               text_at(r, 3), small(integer_at(r, 4))});
        for (const soci::row& r :
             rows("SELECT indicator_code, year, value, text, origin FROM milestone "
                  "WHERE scheme_id = :s ORDER BY indicator_code, year"))
            if (const auto it = indicators.find(text_at(r, 0)); it != indicators.end())
                it->second->milestones.push_back({static_cast<int>(*integer_at(r, 1)),
                                                  real_at(r, 2).value_or(0), text_at(r, 3),
                                                  text_at(r, 4)});
        for (const soci::row& r :
             rows("SELECT indicator_code, name, position, is_list, value_type, value "
                  "FROM indicator_param WHERE scheme_id = :s "
                  "ORDER BY indicator_code, name, position")) {
            const auto it = indicators.find(text_at(r, 0));
            if (it == indicators.end())
                continue;
            ParamValue& param = it->second->params[text_at(r, 1)];
            param.is_list = integer_at(r, 3).value_or(0) != 0;
            if (integer_at(r, 2).value_or(0) < 0)
                continue; // the marker of an empty list
            const std::string type = text_at(r, 4), value = text_at(r, 5);
            if (type == "bool")
                param.items.emplace_back(value == "true");
            else if (type == "number")
                param.items.emplace_back(std::strtod(value.c_str(), nullptr));
            else
                param.items.emplace_back(value);
        }
        for (const soci::row& r : rows("SELECT body, scope, frequency, role FROM governance_body "
                                       "WHERE scheme_id = :s ORDER BY position"))
            s.governance.push_back({text_at(r, 0), text_at(r, 1), text_at(r, 2), text_at(r, 3)});
        for (const soci::row& r : rows("SELECT from_code, to_ref, kind FROM scheme_link "
                                       "WHERE scheme_id = :s ORDER BY position"))
            s.links.push_back({optional_text_at(r, 0), text_at(r, 1), text_at(r, 2)});
        for (const soci::row& r :
             rows("SELECT code, label, unit, within_year, across_territories FROM series "
                  "WHERE scheme_id = :s ORDER BY position"))
            s.series.push_back({text_at(r, 0), text_at(r, 1), text_at(r, 2),
                                parse_rollup(text_at(r, 3)).value_or(Rollup::sum),
                                parse_rollup(text_at(r, 4)).value_or(Rollup::sum)});
        for (const soci::row& r :
             rows("SELECT code, criterion, question FROM evaluative_question WHERE scheme_id = :s "
                  "ORDER BY position")) {
            EvaluativeQuestion q;
            q.code = text_at(r, 0);
            q.criterion = parse_evaluation_criterion(text_at(r, 1))
                              .value_or(EvaluationCriterion::effectiveness);
            q.question = text_at(r, 2);
            s.questions.push_back(std::move(q));
        }
        for (const soci::row& r :
             rows("SELECT question_code, kind, value FROM question_item WHERE scheme_id = :s "
                  "ORDER BY question_code, kind, position"))
            for (EvaluativeQuestion& q : s.questions)
                if (q.code == text_at(r, 0)) {
                    const std::string kind = text_at(r, 1);
                    (kind == "indicator" ? q.indicators
                     : kind == "node"    ? q.nodes
                                         : q.judgement_criteria)
                        .push_back(text_at(r, 2));
                }
        for (const soci::row& r :
             rows("SELECT name, value FROM stated_total WHERE scheme_id = :s ORDER BY name"))
            s.stated_totals[text_at(r, 0)] = integer_at(r, 1).value_or(0);
        for (const soci::row& r : rows("SELECT overlay_id, source_file, synthetic, note FROM "
                                       "scheme_overlay WHERE scheme_id = :s ORDER BY position"))
            s.overlays.push_back(
                {text_at(r, 0), text_at(r, 1), integer_at(r, 2).value_or(0) != 0, text_at(r, 3)});
    }

    static std::vector<std::string>* text_list(Scheme& s, std::map<std::string, Node*>& nodes,
                                               std::map<std::string, Indicator*>& indicators,
                                               std::map<std::string, Territory*>& territories,
                                               const std::string& kind, const std::string& owner,
                                               const std::string& field) {
        if (kind == "scheme") {
            if (field == "domains")
                return &s.domains;
            if (field == "notes")
                return &s.notes;
            if (field == "evaluation_notes")
                return &s.evaluation_notes;
        } else if (kind == "territory") {
            if (const auto it = territories.find(owner);
                it != territories.end() && field == "notes")
                return &it->second->notes;
        } else if (kind == "indicator") {
            if (const auto it = indicators.find(owner); it != indicators.end() && field == "notes")
                return &it->second->notes;
        } else if (kind == "node") {
            const auto it = nodes.find(owner);
            if (it == nodes.end())
                return nullptr;
            Node& n = *it->second;
            const std::map<std::string, std::vector<std::string>*> fields{
                {"pilots", &n.pilots},
                {"partners", &n.partners},
                {"modalities", &n.modalities},
                {"territorial_notes", &n.territorial_notes},
                {"articulation", &n.articulation},
                {"levers", &n.levers},
                {"narrative", &n.narrative},
                {"notes", &n.notes}};
            if (const auto f = fields.find(field); f != fields.end())
                return f->second;
        }
        return nullptr;
    }

    soci::session& sql_;
    std::string id_;
};

// ---- what a re-import changes -----------------------------------------------------------------

// Adds to `out` the codes of `before` and `after` (each a list of (code, element) in order) that
// were added, changed or removed.
template <typename Item, typename Same>
void compare(const std::vector<std::pair<std::string, const Item*>>& before,
             const std::vector<std::pair<std::string, const Item*>>& after, CodeChanges& out,
             Same same) {
    std::map<std::string, const Item*> old_items(before.begin(), before.end());
    std::set<std::string> now;
    for (const auto& [code, item] : after) {
        now.insert(code);
        const auto it = old_items.find(code);
        if (it == old_items.end())
            out.added.push_back(code);
        else if (!same(*it->second, *item))
            out.changed.push_back(code);
    }
    for (const auto& [code, item] : before)
        if (!now.count(code))
            out.removed.push_back(code);
}

template <typename Item>
std::vector<std::pair<std::string, const Item*>> by_code(const std::vector<Item>& items) {
    std::vector<std::pair<std::string, const Item*>> out;
    for (const Item& item : items)
        out.emplace_back(item.code, &item);
    return out;
}

const auto equal = [](const auto& a, const auto& b) { return a == b; };

// An indicator's own fields: without its baseline, milestones and target (compared apart).
Indicator own_fields(Indicator i) {
    i.baseline.reset();
    i.milestones.clear();
    i.target.reset();
    i.synthetic_targets = false;
    return i;
}

SchemeChanges changes_between(const Scheme& old, const Scheme& now) {
    SchemeChanges c;
    auto old_nodes = by_code(old.nodes), new_nodes = by_code(now.nodes);
    for (const auto& item : by_code(old.unplanned))
        old_nodes.push_back(item);
    for (const auto& item : by_code(now.unplanned))
        new_nodes.push_back(item);
    compare(old_nodes, new_nodes, c.nodes, equal);
    compare(by_code(old.indicators), by_code(now.indicators), c.indicators,
            [](const Indicator& a, const Indicator& b) { return own_fields(a) == own_fields(b); });
    compare(by_code(old.territories), by_code(now.territories), c.territories, equal);
    compare(by_code(old.series), by_code(now.series), c.series, equal);

    // Baselines, milestones and targets by their value, whatever file set them.
    using Value = std::tuple<std::optional<double>, std::optional<int>, std::string, std::string>;
    const auto values = [](const Scheme& s, std::vector<std::pair<std::string, Value>>& baselines,
                           std::vector<std::pair<std::string, Value>>& milestones,
                           std::vector<std::pair<std::string, Value>>& targets) {
        for (const Indicator& i : s.indicators) {
            if (i.baseline)
                baselines.push_back({i.code, {i.baseline->value, i.baseline->year, "", ""}});
            for (const Milestone& m : i.milestones)
                milestones.push_back(
                    {i.code + "/" + std::to_string(m.year), {m.value, m.year, "", m.text}});
            if (i.target)
                targets.push_back(
                    {i.code, {i.target->value, i.target->year, i.target->unit, i.target->text}});
        }
    };
    std::vector<std::pair<std::string, Value>> ob, om, ot, nb, nm, nt;
    values(old, ob, om, ot);
    values(now, nb, nm, nt);
    const auto pointers = [](const std::vector<std::pair<std::string, Value>>& list) {
        std::vector<std::pair<std::string, const Value*>> out;
        for (const auto& [code, value] : list)
            out.emplace_back(code, &value);
        return out;
    };
    compare(pointers(ob), pointers(nb), c.baselines, equal);
    compare(pointers(om), pointers(nm), c.milestones, equal);
    compare(pointers(ot), pointers(nt), c.targets, equal);
    return c;
}

// The series a scheme can hold data for, as far as the store knows without the plugins: those
// it declares, those named after its indicators, and those a parameter names.
std::set<std::string> series_named_by(const Scheme& s) {
    std::set<std::string> out;
    for (const Series& series : s.series)
        out.insert(series.code);
    for (const Indicator& i : s.indicators) {
        out.insert(i.code);
        for (const auto& [name, param] : i.params)
            for (const ParamScalar& item : param.items)
                if (const auto* text = std::get_if<std::string>(&item))
                    out.insert(*text);
    }
    return out;
}

// Records kept against the codes an import removes: yearly values of the series the old scheme
// named and the new one does not, follow-ups of removed nodes, yearly values of retired
// territories.
std::vector<KeptRecords> kept_records(soci::session& sql, const Scheme& old, const Scheme& now,
                                      const std::vector<std::string>& retired_territories) {
    std::vector<KeptRecords> out;
    const auto count = [&](const char* kind, const std::string& query, const std::string& code) {
        long long n = 0;
        soci::indicator first_null = soci::i_null, last_null = soci::i_null;
        int first = 0, last = 0;
        sql << query, soci::use(old.id), soci::use(code), soci::into(n),
            soci::into(first, first_null), soci::into(last, last_null);
        if (n > 0)
            out.push_back({kind, code, static_cast<std::size_t>(n), first, last});
    };
    const std::set<std::string> named_now = series_named_by(now);
    for (const std::string& code : series_named_by(old))
        if (!named_now.count(code))
            count("series",
                  "SELECT COUNT(*), MIN(year), MAX(year) FROM observation WHERE scheme_id = :s "
                  "AND series = :c",
                  code);
    std::set<std::string> nodes_now;
    for (const auto* list : {&now.nodes, &now.unplanned})
        for (const Node& n : *list)
            nodes_now.insert(n.code);
    for (const auto* list : {&old.nodes, &old.unplanned})
        for (const Node& n : *list)
            if (!nodes_now.count(n.code))
                count("node",
                      "SELECT COUNT(*), MIN(year), MAX(year) FROM action_follow_up WHERE "
                      "scheme_id = :s AND node_code = :c",
                      n.code);
    for (const std::string& code : retired_territories)
        count("territory",
              "SELECT COUNT(*), MIN(year), MAX(year) FROM observation WHERE scheme_id = :s AND "
              "territory_code = :c",
              code);
    return out;
}

std::string scheme_file_of(const std::string& source_file) {
    return source_file.substr(0, source_file.find(" + "));
}

std::string counted(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Refuses an import that would lose an overlay's values without being told: every overlay the
// stored scheme was imported with must be applied again (same id) or dropped on purpose.
// Returns the ids of the overlays dropped.
// `legacy`: the stored scheme's overlays come from its source_file, recorded before schema
// version 11 (which values they set is not known).
std::vector<std::string> check_overlays(const Scheme& old, const SchemeImport& import,
                                        std::vector<Diagnostic>& problems, bool legacy) {
    const Scheme& now = *import.scheme;
    const std::string file = scheme_file_of(import.source_file);
    std::vector<std::string> dropped;
    std::set<std::string> drop_used;
    for (const AppliedOverlay& o : old.overlays) {
        if (std::any_of(now.overlays.begin(), now.overlays.end(),
                        [&](const AppliedOverlay& n) { return n.id == o.id; }))
            continue;
        const auto named =
            std::find_if(import.dropped_overlays.begin(), import.dropped_overlays.end(),
                         [&](const std::string& d) { return d == o.id || d == o.file; });
        if (named != import.dropped_overlays.end()) {
            drop_used.insert(*named);
            dropped.push_back(o.id);
            continue;
        }
        if (legacy) {
            problems.push_back(
                {{file, 0, 0, {}},
                 "overlay",
                 "scheme '" + old.id + "' was imported with overlay " + o.file +
                     " before Jalon recorded which values an overlay set; importing without it "
                     "may lose its baselines, milestones and targets: pass --overlay " +
                     o.file + " to keep them, or --drop-overlay " + o.id + " to drop them"});
            continue;
        }
        std::size_t baselines = 0, milestones = 0, targets = 0;
        for (const Indicator& i : old.indicators) {
            baselines += i.baseline && i.baseline->origin == o.id;
            targets += i.target && i.target->origin == o.id;
            for (const Milestone& m : i.milestones)
                milestones += m.origin == o.id;
        }
        problems.push_back({{file, 0, 0, {}},
                            "overlay",
                            "scheme '" + old.id + "' was imported with overlay '" + o.id + "' (" +
                                o.file + "), which holds " +
                                counted(baselines, "baseline", "baselines") + ", " +
                                counted(milestones, "milestone", "milestones") + " and " +
                                counted(targets, "target", "targets") +
                                "; importing without it would lose them: pass --overlay " + o.file +
                                " to keep them, or --drop-overlay " + o.id + " to drop them"});
    }
    for (const std::string& d : import.dropped_overlays) {
        if (drop_used.count(d))
            continue;
        std::string known;
        for (const AppliedOverlay& o : old.overlays)
            known += (known.empty() ? "" : ", ") + o.id;
        problems.push_back({{file, 0, 0, {}},
                            "--drop-overlay",
                            "scheme '" + old.id + "' has no overlay '" + d + "' to drop (" +
                                (known.empty() ? std::string("it was imported without overlays")
                                               : "its overlays: " + known) +
                                ")"});
    }
    return dropped;
}

} // namespace

SchemeStore::SchemeStore(Database& database) : database_(database) {}

SchemeImportResult SchemeStore::save(const Scheme& scheme, const std::string& source_file,
                                     const std::string& content_hash) {
    return save_all({{&scheme, source_file, content_hash}}).front();
}

std::vector<SchemeImportResult> SchemeStore::save_all(const std::vector<SchemeImport>& schemes,
                                                      bool dry_run) {
    soci::session& sql = database_.session();
    std::string current;
    try {
        std::vector<SchemeImportResult> results;
        Transaction transaction(database_);
        // The schemes as stored, and the overlays the imports would lose: refused before any
        // write.
        std::vector<std::optional<Scheme>> stored;
        std::vector<std::vector<std::string>> dropped;
        std::vector<Diagnostic> problems;
        for (const SchemeImport& import : schemes) {
            current = import.scheme->id;
            stored.push_back(SchemeReader(sql, import.scheme->id).read());
            std::optional<Scheme> overlays_of = stored.back();
            bool legacy = false;
            if (overlays_of && overlays_of->overlays.empty()) {
                // Imported before the overlays were recorded: its source file names them.
                std::string source;
                sql << "SELECT source_file FROM scheme WHERE id = :id", soci::use(overlays_of->id),
                    soci::into(source);
                for (std::size_t at = source.find(" + "); at != std::string::npos;) {
                    const std::size_t next = source.find(" + ", at + 3);
                    const std::string file = source.substr(
                        at + 3, next == std::string::npos ? std::string::npos : next - at - 3);
                    overlays_of->overlays.push_back(
                        {std::filesystem::path(file).stem().string(), file, false, ""});
                    legacy = true;
                    at = next;
                }
            }
            dropped.push_back(overlays_of ? check_overlays(*overlays_of, import, problems, legacy)
                                          : std::vector<std::string>());
            if (!stored.back() && !import.dropped_overlays.empty())
                problems.push_back({{scheme_file_of(import.source_file), 0, 0, {}},
                                    "--drop-overlay",
                                    "scheme '" + import.scheme->id +
                                        "' is not in the database yet: it has no overlay to drop"});
        }
        if (!problems.empty())
            throw InputError(std::move(problems));
        for (std::size_t i = 0; i < schemes.size(); ++i) {
            const SchemeImport& import = schemes[i];
            current = import.scheme->id;
            SchemeWriter writer(sql, *import.scheme);
            SchemeImportResult result = writer.write(import.source_file, import.content_hash);
            result.dropped_overlays = dropped[i];
            if (const std::optional<Scheme>& old = stored[i]) {
                result.changes = changes_between(*old, *import.scheme);
                CodeChanges& territories = result.changes.territories;
                // Retired and restored territories, as the database decided, are not "removed"
                // nor "added".
                for (const std::string& code : writer.retired())
                    std::erase(territories.removed, code);
                for (const std::string& code : writer.restored())
                    std::erase(territories.added, code);
                territories.retired = writer.retired();
                territories.restored = writer.restored();
                result.kept = kept_records(sql, *old, *import.scheme, writer.retired());
            }
            results.push_back(std::move(result));
        }
        if (!dry_run)
            transaction.commit();
        return results;
    } catch (const soci::soci_error& e) {
        throw RuntimeError("cannot store scheme '" + current + "' in " + database_.url().display() +
                           ": " + e.get_error_message());
    }
}

namespace {
std::vector<SchemeSummary> summaries(soci::session& sql, const std::string* id) {
    std::vector<SchemeSummary> out;
    const std::string wanted = id ? *id : std::string();
    const int all = id ? 0 : 1;
    soci::rowset<soci::row> rows =
        (sql.prepare
             << "SELECT s.id, s.title, s.kind, s.owner, s.period_start, s.period_end, s.revision, "
                "s.imported_at, "
                "(SELECT COUNT(*) FROM node n WHERE n.scheme_id = s.id AND n.unplanned = 0), "
                "(SELECT COUNT(*) FROM indicator i WHERE i.scheme_id = s.id), "
                "(SELECT COUNT(*) FROM territory t WHERE t.scheme_id = s.id AND t.retired_at IS "
                "NULL), s.content_hash, s.retired_at "
                "FROM scheme s WHERE s.id = :id OR :all = 1 ORDER BY s.id",
         soci::use(wanted), soci::use(all));
    for (const soci::row& r : rows) {
        SchemeSummary summary;
        summary.id = text_at(r, 0);
        summary.title = text_at(r, 1);
        summary.kind = text_at(r, 2);
        summary.owner = text_at(r, 3);
        summary.period = {static_cast<int>(*integer_at(r, 4)), static_cast<int>(*integer_at(r, 5))};
        summary.revision = static_cast<int>(integer_at(r, 6).value_or(0));
        summary.imported_at = text_at(r, 7);
        summary.nodes = static_cast<std::size_t>(integer_at(r, 8).value_or(0));
        summary.indicators = static_cast<std::size_t>(integer_at(r, 9).value_or(0));
        summary.territories = static_cast<std::size_t>(integer_at(r, 10).value_or(0));
        summary.content_hash = text_at(r, 11);
        summary.retired_at = optional_text_at(r, 12).value_or("");
        out.push_back(std::move(summary));
    }
    return out;
}
} // namespace

std::vector<SchemeSummary> SchemeStore::list() {
    return summaries(database_.session(), nullptr);
}

std::optional<SchemeSummary> SchemeStore::summary(const std::string& id) {
    auto found = summaries(database_.session(), &id);
    if (found.empty())
        return std::nullopt;
    return std::move(found.front());
}

bool SchemeStore::retire(const std::string& id, bool retired) {
    soci::session& sql = database_.session();
    try {
        Transaction transaction(database_);
        if (!summary(id))
            return false;
        const std::string now = utc_now();
        if (retired)
            sql << "UPDATE scheme SET retired_at = :at WHERE id = :id AND retired_at IS NULL",
                soci::use(now), soci::use(id);
        else
            sql << "UPDATE scheme SET retired_at = NULL WHERE id = :id", soci::use(id);
        transaction.commit();
        return true;
    } catch (const soci::soci_error& e) {
        throw RuntimeError("cannot " + std::string(retired ? "retire" : "bring back") +
                           " scheme '" + id + "' in " + database_.url().display() + ": " +
                           e.get_error_message());
    }
}

std::optional<Scheme> SchemeStore::load(const std::string& id) {
    try {
        return SchemeReader(database_.session(), id).read();
    } catch (const soci::soci_error& e) {
        throw RuntimeError("cannot read scheme '" + id + "' from " + database_.url().display() +
                           ": " + e.get_error_message());
    }
}

} // namespace jalon
