#include "../src/number_text.hpp"
#include "command.hpp"

#include <jalon/data/status_csv.hpp>
#include <jalon/error.hpp>
#include <jalon/store/follow_up_store.hpp>
#include <jalon/store/scheme_store.hpp>

#include <charconv>
#include <cstdlib>
#include <iostream>

namespace jalon::cli {

namespace {

// "places créées=7 places@2022": label, value (decimal point or comma), unit, year.
Figure parse_figure(const std::string& text) {
    const auto equals = text.rfind('=');
    if (equals == std::string::npos || equals == 0)
        throw UsageError("--figure '" + text + "': expected LABEL=VALUE [UNIT][@YEAR]");
    Figure figure;
    figure.label = text.substr(0, equals);
    std::string rest = text.substr(equals + 1);
    if (const auto at = rest.rfind('@'); at != std::string::npos) {
        const std::string year = rest.substr(at + 1);
        int parsed = 0;
        const auto [ptr, ec] = std::from_chars(year.data(), year.data() + year.size(), parsed);
        if (ec != std::errc() || ptr != year.data() + year.size())
            throw UsageError("--figure '" + text + "': '" + year + "' is not a year");
        figure.year = parsed;
        rest = rest.substr(0, at);
    }
    const auto space = rest.find(' ');
    const std::string number = rest.substr(0, space);
    switch (parse_number_text(number, NumberStyle::french, figure.value)) {
    case NumberText::ok:
        break;
    case NumberText::out_of_range:
        throw UsageError("--figure '" + text + "': '" + number + "' is " +
                         number_out_of_range_text());
    case NumberText::invalid:
        throw UsageError("--figure '" + text + "': '" + number +
                         "' is not a number (expected digits with an optional decimal part, "
                         "such as 7, 12,5 or 12.5)");
    }
    if (space != std::string::npos)
        figure.unit = rest.substr(space + 1);
    return figure;
}

int run_set(const po::variables_map& options, CommandContext& context) {
    const Scheme scheme = context.scheme(options["scheme"].as<std::string>());
    context.refuse_retired(scheme.id, "record statuses in");
    ActionFollowUp f;
    f.node = options["node"].as<std::string>();
    f.year = options["year"].as<int>();
    f.unplanned = options.count("unplanned") > 0;
    if (!scheme.period.contains(f.year))
        throw InputError("year " + std::to_string(f.year) + " is outside the period " +
                         std::to_string(scheme.period.start) + "-" +
                         std::to_string(scheme.period.end) + " of scheme '" + scheme.id + "'");
    if (f.unplanned) {
        if (!options.count("title"))
            throw UsageError("--unplanned needs --title");
        if (scheme.find_node(f.node))
            throw InputError("'" + f.node +
                             "' is a node of the plan, not an achievement outside "
                             "it: choose another code");
        f.status = ActionStatus::unplanned_done;
        f.title = options["title"].as<std::string>();
        if (options.count("under")) {
            f.attached_to = options["under"].as<std::string>();
            if (!scheme.find_node(*f.attached_to))
                throw InputError("--under: no node '" + *f.attached_to + "' in scheme '" +
                                 scheme.id + "'");
        }
    } else {
        if (!options.count("status"))
            throw UsageError("--status is required (réalisé, en cours, non engagé, reporté, "
                             "abandonné)");
        const bool planned = scheme.find_node(f.node) != nullptr;
        const bool unplanned_in_file = std::any_of(scheme.unplanned.begin(), scheme.unplanned.end(),
                                                   [&](const Node& n) { return n.code == f.node; });
        if (!planned && !unplanned_in_file)
            throw InputError("no node '" + f.node + "' in scheme '" + scheme.id +
                             "' (for an achievement outside the plan, use --unplanned)");
        const std::string word = options["status"].as<std::string>();
        const auto status = parse_action_status(word);
        if (!status || (planned && *status == ActionStatus::unplanned_done))
            throw InputError("unknown status '" + word +
                             "' (expected réalisé, en cours, non engagé, reporté or abandonné)");
        f.status = *status;
        f.unplanned = unplanned_in_file;
    }
    if (options.count("comment"))
        f.comment = options["comment"].as<std::string>();
    if (options.count("narrative"))
        f.narrative = options["narrative"].as<std::vector<std::string>>();
    if (options.count("figure"))
        for (const std::string& text : options["figure"].as<std::vector<std::string>>())
            f.figures.push_back(parse_figure(text));
    f.source = "jalon status set";
    f.recorded_by = recorded_by(options);
    const FollowUpResult r = FollowUpStore(context.database()).record(scheme.id, {f});
    std::cout << (r.added     ? "recorded "
                  : r.changed ? "updated "
                              : "unchanged ")
              << f.node << " " << f.year << ": " << to_code(f.status) << "\n";
    return 0;
}

// The scheme a status file is for: the one named, or the only one holding all its node codes.
Scheme scheme_for(const StatusTable& table, const po::variables_map& options,
                  CommandContext& context) {
    return scheme_for_file(context, options, table.file, "nodes", [&](const Scheme& scheme) {
        return std::all_of(table.rows.begin(), table.rows.end(), [&](const StatusRow& row) {
            return scheme.find_node(row.node) ||
                   std::any_of(scheme.unplanned.begin(), scheme.unplanned.end(),
                               [&](const Node& n) { return n.code == row.node; });
        });
    });
}

int run_import(const po::variables_map& options, CommandContext& context) {
    const std::string file = options["file"].as<std::string>();
    const StatusTable table = read_status_csv(file);
    const Scheme scheme = scheme_for(table, options, context);
    context.refuse_retired(scheme.id, "import statuses into");
    CheckedFollowUps checked = check_follow_ups(scheme, table, recorded_by(options));
    if (!checked.problems.empty())
        throw InputError(checked.problems);
    const FollowUpResult r = FollowUpStore(context.database()).record(scheme.id, checked.records);
    std::cout << "imported " << file << " into " << scheme.id << ": " << table.rows.size()
              << " rows (" << r.added << " new, " << r.changed << " changed, " << r.unchanged
              << " unchanged)\n";
    return 0;
}

int run_history(const po::variables_map& options, CommandContext& context) {
    const std::string scheme = options["scheme"].as<std::string>();
    const std::string node = options["node"].as<std::string>();
    const auto versions = FollowUpStore(context.database()).history(scheme, node);
    if (versions.empty()) {
        std::cout << "no follow-up of " << node << " in " << scheme << "\n";
        return 0;
    }
    for (const FollowUpVersion& v : versions) {
        const ActionFollowUp& f = v.follow_up;
        std::cout << f.year << "  " << to_code(f.status) << "  " << f.recorded_at << "  "
                  << f.recorded_by << "  " << f.source
                  << (v.replaced_at.empty() ? "  (current)" : "  replaced " + v.replaced_at)
                  << (f.comment.empty() ? "" : "\n      " + f.comment) << "\n";
    }
    return 0;
}

} // namespace

std::vector<Command> status_commands() {
    Command set;
    set.words = {"status", "set"};
    set.summary = "record where an action stands in a year (status, comment, narrative, figures)";
    set.declare = [](po::options_description& o, po::positional_options_description&) {
        o.add_options()("scheme", po::value<std::string>()->required(),
                        "scheme id")("node", po::value<std::string>()->required(),
                                     "node code")("year", po::value<int>()->required(), "year")(
            "status", po::value<std::string>(),
            "réalisé, en cours, non engagé, reporté or abandonné")(
            "comment", po::value<std::string>(), "a short comment")(
            "narrative", po::value<std::vector<std::string>>(), "a narrative bullet (repeatable)")(
            "figure", po::value<std::vector<std::string>>(),
            "a key figure LABEL=VALUE [UNIT][@YEAR] (repeatable)")(
            "unplanned", "an achievement outside the plan (réalisé non prévu), coded by --node")(
            "title", po::value<std::string>(), "title of an achievement outside the plan")(
            "under", po::value<std::string>(), "node an achievement outside the plan relates to")(
            "by", po::value<std::string>(),
            "who records it (default: the user name; on PostgreSQL the server records the login "
            "instead, unless it owns the tables)");
    };
    set.run = run_set;

    Command history;
    history.words = {"status", "history"};
    history.summary = "every follow-up a node has had, when, from where and by whom";
    history.declare = [](po::options_description& o, po::positional_options_description&) {
        o.add_options()("scheme", po::value<std::string>()->required(),
                        "scheme id")("node", po::value<std::string>()->required(), "node code");
    };
    history.run = run_history;
    Command import_file;
    import_file.words = {"status", "import"};
    import_file.arguments = "FILE.csv";
    import_file.summary =
        "check and record follow-ups from a CSV (node,year,status[,comment,narrative])";
    import_file.declare = [](po::options_description& o, po::positional_options_description& p) {
        o.add_options()("file", po::value<std::string>()->required(), "the CSV file")(
            "scheme", po::value<std::string>(),
            "the scheme (default: the only one holding all the file's nodes)")(
            "by", po::value<std::string>(),
            "who records it (default: the user name; on PostgreSQL the server records the login "
            "instead, unless it owns the tables)");
        p.add("file", 1);
    };
    import_file.run = run_import;
    return {set, import_file, history};
}

} // namespace jalon::cli
