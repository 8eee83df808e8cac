#include "clock.hpp"
#include "follow_up_writer.hpp"
#include "row_value.hpp"

#include <jalon/data/status_csv.hpp>
#include <jalon/error.hpp>
#include <jalon/model/scheme.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/follow_up_store.hpp>

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace jalon {

namespace {

// Bullets and figures travel in one text column each: records separated by RS, fields by US.
constexpr char record_separator = '\x1e';
constexpr char field_separator = '\x1f';

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    if (text.empty())
        return parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t at = text.find(separator, start);
        parts.push_back(text.substr(start, at == std::string::npos ? at : at - start));
        if (at == std::string::npos)
            return parts;
        start = at + 1;
    }
}

std::string encode_narrative(const std::vector<std::string>& bullets) {
    std::string text;
    for (const std::string& bullet : bullets)
        text += (text.empty() ? "" : std::string(1, record_separator)) + bullet;
    return text;
}

std::string encode_figures(const std::vector<Figure>& figures) {
    std::string text;
    for (const Figure& f : figures) {
        char value[64];
        const auto end = std::to_chars(value, value + sizeof value, f.value).ptr;
        if (!text.empty())
            text += record_separator;
        text += f.label + field_separator + std::string(value, end) + field_separator + f.unit +
                field_separator + (f.year ? std::to_string(*f.year) : std::string());
    }
    return text;
}

std::vector<Figure> decode_figures(const std::string& text) {
    std::vector<Figure> figures;
    for (const std::string& record : split(text, record_separator)) {
        const auto fields = split(record, field_separator);
        if (fields.size() != 4)
            continue;
        Figure f;
        f.label = fields[0];
        f.value = std::strtod(fields[1].c_str(), nullptr);
        f.unit = fields[2];
        if (!fields[3].empty())
            f.year = std::atoi(fields[3].c_str());
        figures.push_back(std::move(f));
    }
    return figures;
}

const char* columns = "node_code, year, status, comment, narrative, figures, unplanned, title, "
                      "attached_to, source, recorded_at, recorded_by";

ActionFollowUp follow_up_at(const soci::row& r) {
    ActionFollowUp f;
    f.node = text_at(r, 0);
    f.year = static_cast<int>(integer_at(r, 1).value_or(0));
    f.status = parse_action_status(text_at(r, 2)).value_or(ActionStatus::in_progress);
    f.comment = text_at(r, 3);
    f.narrative = split(text_at(r, 4), record_separator);
    f.figures = decode_figures(text_at(r, 5));
    f.unplanned = integer_at(r, 6).value_or(0) != 0;
    f.title = text_at(r, 7);
    f.attached_to = optional_text_at(r, 8);
    f.source = text_at(r, 9);
    f.recorded_at = text_at(r, 10);
    f.recorded_by = text_at(r, 11);
    return f;
}

} // namespace

std::vector<ActionFollowUp> follow_ups_in(const Scheme& scheme, const std::string& source,
                                          const std::string& recorded_at) {
    std::vector<ActionFollowUp> out;
    for (const Node& node : scheme.nodes) {
        if (!node.status || !scheme.status_year)
            continue;
        ActionFollowUp f;
        f.node = node.code;
        f.year = *scheme.status_year;
        f.status = *node.status;
        f.narrative = node.narrative;
        f.figures = node.figures;
        f.source = source;
        f.recorded_at = recorded_at;
        f.recorded_by = "scheme file";
        out.push_back(std::move(f));
    }
    for (const Node& item : scheme.unplanned) {
        const std::optional<int> year = item.year ? item.year : scheme.status_year;
        if (!year)
            continue;
        ActionFollowUp f;
        f.node = item.code;
        f.year = *year;
        f.status = ActionStatus::unplanned_done;
        f.narrative = item.narrative;
        f.figures = item.figures;
        f.unplanned = true;
        f.title = item.title;
        f.attached_to = item.parent;
        f.source = source;
        f.recorded_at = recorded_at;
        f.recorded_by = "scheme file";
        out.push_back(std::move(f));
    }
    return out;
}

FollowUpResult write_follow_ups(soci::session& sql, const std::string& scheme_id,
                                const std::vector<ActionFollowUp>& records) {
    FollowUpResult result;
    const bool sqlite = sql.get_backend_name() == "sqlite3";
    for (const ActionFollowUp& f : records) {
        std::optional<ActionFollowUp> stored;
        soci::rowset<soci::row> rows =
            (sql.prepare << std::string("SELECT ") + columns +
                                " FROM action_follow_up WHERE scheme_id = :s AND node_code = :n "
                                "AND year = :y",
             soci::use(scheme_id), soci::use(f.node), soci::use(f.year));
        for (const soci::row& r : rows)
            stored = follow_up_at(r);
        if (stored && stored->same_content(f)) {
            ++result.unchanged;
            continue;
        }
        if (stored) {
            ++result.changed;
        } else {
            ++result.added;
        }
        // A changed record is updated in place; its previous content goes to the history: on
        // PostgreSQL the server's trigger moves it (whoever changes or removes a record, migration
        // 9), on SQLite Jalon does.
        if (stored && sqlite)
            sql << "INSERT INTO action_follow_up_history (scheme_id, node_code, year, status, "
                   "comment, narrative, figures, unplanned, title, attached_to, source, "
                   "recorded_at, recorded_by, replaced_at, replaced_by_source) SELECT scheme_id, "
                   "node_code, year, status, comment, narrative, figures, unplanned, title, "
                   "attached_to, source, recorded_at, recorded_by, :at, :src FROM "
                   "action_follow_up WHERE scheme_id = :s AND node_code = :n AND year = :y",
                soci::use(f.recorded_at), soci::use(f.source), soci::use(scheme_id),
                soci::use(f.node), soci::use(f.year);
        const std::string status(to_code(f.status));
        const std::string narrative = encode_narrative(f.narrative);
        const std::string figures = encode_figures(f.figures);
        const int unplanned = f.unplanned ? 1 : 0;
        Nullable<std::string> attached(f.attached_to);
        sql << (stored ? "UPDATE action_follow_up SET status = :st, comment = :c, narrative = :na, "
                         "figures = :f, unplanned = :u, title = :t, attached_to = :a, source = "
                         ":src, recorded_at = :at, recorded_by = :by WHERE scheme_id = :s AND "
                         "node_code = :n AND year = :y"
                       : "INSERT INTO action_follow_up (status, comment, narrative, figures, "
                         "unplanned, title, attached_to, source, recorded_at, recorded_by, "
                         "scheme_id, node_code, year) VALUES (:st, :c, :na, :f, :u, :t, :a, :src, "
                         ":at, :by, :s, :n, :y)"),
            soci::use(status), soci::use(f.comment), soci::use(narrative), soci::use(figures),
            soci::use(unplanned), soci::use(f.title), soci::use(attached.value, attached.indicator),
            soci::use(f.source), soci::use(f.recorded_at), soci::use(f.recorded_by),
            soci::use(scheme_id), soci::use(f.node), soci::use(f.year);
    }
    return result;
}

CheckedFollowUps check_follow_ups(const Scheme& scheme, const StatusTable& table,
                                  const std::string& recorded_by) {
    CheckedFollowUps checked;
    for (const StatusRow& row : table.rows) {
        const bool planned = scheme.find_node(row.node) != nullptr;
        const bool unplanned = std::any_of(scheme.unplanned.begin(), scheme.unplanned.end(),
                                           [&](const Node& n) { return n.code == row.node; });
        if (!planned && !unplanned)
            checked.problems.push_back(
                {table.locate(row.line, "node"), "node",
                 "no node '" + row.node + "' in scheme '" + scheme.id + "'"});
        if (!scheme.period.contains(row.year))
            checked.problems.push_back({table.locate(row.line, "year"), "year",
                                        "year " + std::to_string(row.year) +
                                            " is outside the period " +
                                            std::to_string(scheme.period.start) + "-" +
                                            std::to_string(scheme.period.end)});
        ActionFollowUp f;
        f.node = row.node;
        f.year = row.year;
        f.status = unplanned ? ActionStatus::unplanned_done : row.status;
        f.unplanned = unplanned;
        f.comment = row.comment;
        f.narrative = row.narrative;
        f.source = table.file;
        f.recorded_by = recorded_by;
        checked.records.push_back(std::move(f));
    }
    return checked;
}

FollowUpStore::FollowUpStore(Database& database) : database_(database) {}

FollowUpResult FollowUpStore::record(const std::string& scheme_id,
                                     const std::vector<ActionFollowUp>& records) {
    try {
        // Records without a time get the time they are stored.
        std::vector<ActionFollowUp> stamped = records;
        const std::string now = utc_now();
        for (ActionFollowUp& f : stamped)
            if (f.recorded_at.empty())
                f.recorded_at = now;
        Transaction transaction(database_);
        const FollowUpResult result = write_follow_ups(database_.session(), scheme_id, stamped);
        transaction.commit();
        return result;
    } catch (const soci::soci_error& e) {
        throw RuntimeError("cannot store follow-ups in " + database_.url().display() + ": " +
                           e.get_error_message());
    }
}

std::vector<ActionFollowUp> FollowUpStore::latest(const std::string& scheme_id, int up_to_year) {
    std::vector<ActionFollowUp> out;
    soci::rowset<soci::row> rows =
        (database_.session().prepare
             << std::string("SELECT ") + columns +
                    " FROM action_follow_up f WHERE scheme_id = :s AND year = (SELECT MAX(year) "
                    "FROM action_follow_up g WHERE g.scheme_id = f.scheme_id AND g.node_code = "
                    "f.node_code AND g.year <= :y) ORDER BY node_code",
         soci::use(scheme_id), soci::use(up_to_year));
    for (const soci::row& r : rows)
        out.push_back(follow_up_at(r));
    return out;
}

std::vector<FollowUpVersion> FollowUpStore::history(const std::string& scheme_id,
                                                    const std::string& node) {
    std::vector<FollowUpVersion> out;
    soci::rowset<soci::row> rows =
        (database_.session().prepare
             << std::string("SELECT ") + columns + ", replaced_at FROM (SELECT " + columns +
                    ", replaced_at FROM action_follow_up_history WHERE scheme_id = :s AND "
                    "node_code = :n UNION ALL SELECT " +
                    columns +
                    ", '' FROM action_follow_up WHERE scheme_id = :s2 AND node_code = :n2) h "
                    "ORDER BY year, CASE WHEN replaced_at = '' THEN 1 ELSE 0 END, replaced_at",
         soci::use(scheme_id), soci::use(node), soci::use(scheme_id), soci::use(node));
    for (const soci::row& r : rows)
        out.push_back({follow_up_at(r), text_at(r, 12)});
    return out;
}

} // namespace jalon
