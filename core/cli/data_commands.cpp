#include "command.hpp"
#include "progress_line.hpp"

#include <jalon/data/data_workbook.hpp>
#include <jalon/data/observation_csv.hpp>
#include <jalon/error.hpp>
#include <jalon/plugin/method_binding.hpp>
#include <jalon/reports/data_template.hpp>
#include <jalon/store/approval_store.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/follow_up_store.hpp>
#include <jalon/store/observation_store.hpp>
#include <jalon/store/scheme_store.hpp>

#include <algorithm>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>

namespace jalon::cli {

namespace {

// The scheme the file is for: the one named, or the only one whose series and territories
// include all those of the file.
Scheme scheme_for(const ObservationTable& table, const po::variables_map& options,
                  CommandContext& context) {
    std::set<std::string> series, territories;
    const ObservationRow* previous = nullptr; // files come grouped: skip repeats cheaply
    for (const ObservationRow& row : table.rows) {
        if (!previous || row.series != previous->series)
            series.insert(row.series);
        if (!previous || row.territory != previous->territory)
            territories.insert(row.territory);
        previous = &row;
    }
    return scheme_for_file(
        context, options, table.file, "series and territories", [&](const Scheme& scheme) {
            const std::set<std::string> known = known_series(scheme, context.plugins());
            return std::all_of(series.begin(), series.end(),
                               [&](auto& s) { return known.count(s) > 0; }) &&
                   std::all_of(territories.begin(), territories.end(),
                               [&](auto& t) { return scheme.find_territory(t) != nullptr; });
        });
}

std::string lower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return text;
}

bool is_workbook(const std::string& file) {
    const std::string extension = lower(std::filesystem::path(file).extension().string());
    return extension == ".xlsx" || extension == ".xlsm";
}

// A CSV file, a filled data-entry template or a simple workbook: the figures (and, from a
// template, the actions' statuses) checked against the scheme, then stored in one transaction.
int run_import(const po::variables_map& options, CommandContext& context) {
    const std::string file = options["file"].as<std::string>();
    ProgressLine progress(context.quiet());
    progress.show("reading " + file);
    DataWorkbook data;
    if (is_workbook(file))
        data = read_data_workbook(file);
    else
        data.observations = read_observation_csv(file);
    const ObservationTable& table = data.observations;

    std::optional<Scheme> found;
    if (const auto& keys = data.template_keys) {
        if (options.count("scheme") && options["scheme"].as<std::string>() != keys->scheme)
            throw InputError(file + ": this template is for scheme '" + keys->scheme + "', not '" +
                             options["scheme"].as<std::string>() + "'");
        found = context.scheme(keys->scheme);
    } else {
        found = scheme_for(table, options, context);
    }
    const Scheme& scheme = *found;
    context.refuse_retired(scheme.id, "import data into");
    std::vector<Diagnostic> problems =
        check_observations(scheme, known_series(scheme, context.plugins()), table);
    const std::string by = recorded_by(options);
    CheckedFollowUps statuses = check_follow_ups(scheme, data.statuses, by);
    problems.insert(problems.end(), statuses.problems.begin(), statuses.problems.end());
    if (!problems.empty())
        throw InputError(problems);

    ObservationImportOptions settings;
    settings.source_file = file;
    settings.recorded_by = by;
    settings.synthetic = options.count("synthetic") > 0;
    settings.progress = [&](std::size_t rows) {
        progress.show("importing " + file + ": " + std::to_string(rows) + " rows");
    };
    Transaction transaction(context.database());
    const ObservationImportResult r =
        ObservationStore(context.database()).import(scheme.id, table, settings);
    FollowUpResult s;
    if (!statuses.records.empty())
        s = FollowUpStore(context.database()).record(scheme.id, statuses.records);
    transaction.commit();
    context.database().refresh_statistics("observation");
    progress.clear();
    std::cout << "imported " << file << " into " << scheme.id << ": " << r.rows << " rows ("
              << r.added << " new, " << r.changed << " changed, " << r.unchanged << " unchanged, "
              << r.empty << " empty)";
    if (r.comments)
        std::cout << ", " << r.comments << " comment" << (r.comments == 1 ? "" : "s");
    if (!statuses.records.empty())
        std::cout << ", " << statuses.records.size() << " action statuses (" << s.added << " new, "
                  << s.changed << " changed, " << s.unchanged << " unchanged)";
    std::cout << (settings.synthetic ? ", labelled synthetic" : "") << " in " << std::fixed
              << std::setprecision(1) << progress.elapsed_seconds() << " s\n";
    return 0;
}

std::optional<std::string> territory_option(const po::variables_map& options) {
    return options.count("territory") ? std::optional(options["territory"].as<std::string>())
                                      : std::nullopt;
}

int run_approve(const po::variables_map& options, CommandContext& context) {
    const Scheme scheme = context.scheme(options["scheme"].as<std::string>());
    const int year = options["year"].as<int>();
    const auto territory = territory_option(options);
    const std::string by = recorded_by(options);
    const std::size_t n = ApprovalStore(context.database()).approve(scheme, year, territory, by);
    std::cout << "approved the " << year << " data of " << territory.value_or(scheme.id) << ": "
              << n << " territor" << (n == 1 ? "y" : "ies") << " locked by " << by << "\n";
    return 0;
}

int run_unapprove(const po::variables_map& options, CommandContext& context) {
    const Scheme scheme = context.scheme(options["scheme"].as<std::string>());
    const int year = options["year"].as<int>();
    const auto territory = territory_option(options);
    const std::string by = recorded_by(options);
    const std::size_t n =
        ApprovalStore(context.database())
            .unapprove(scheme, year, territory, by, options["reason"].as<std::string>());
    std::cout << "unapproved the " << year << " data of " << territory.value_or(scheme.id) << ": "
              << n << " territor" << (n == 1 ? "y" : "ies") << " unlocked\n";
    return 0;
}

int run_history(const po::variables_map& options, CommandContext& context) {
    const std::string series = options["series"].as<std::string>();
    const std::string territory = options["territory"].as<std::string>();
    std::string scheme;
    if (options.count("scheme")) {
        scheme = options["scheme"].as<std::string>();
    } else {
        std::vector<std::string> found;
        for (const SchemeSummary& s : SchemeStore(context.database()).list())
            if (!ObservationStore(context.database()).history(s.id, series, territory).empty())
                found.push_back(s.id);
        if (found.size() != 1)
            throw InputError(
                found.empty()
                    ? "no value of series '" + series + "' for '" + territory + "' in any scheme"
                    : "several schemes hold series '" + series + "': choose one with --scheme");
        scheme = found.front();
    }
    ObservationStore store(context.database());
    const auto versions = store.history(scheme, series, territory);
    std::vector<ObservationComment> comments;
    for (ObservationComment& c : store.comments(scheme))
        if (c.series == series && c.territory == territory)
            comments.push_back(std::move(c));
    if (versions.empty() && comments.empty()) {
        std::cout << "no value of series '" << series << "' for '" << territory << "' in " << scheme
                  << "\n";
        return 0;
    }
    for (const ObservationVersion& v : versions)
        std::cout << v.period << (v.dimensions.empty() ? "" : " [" + v.dimensions + "]") << "  "
                  << v.value << (v.synthetic ? " (synthetic)" : "") << "  " << v.recorded_at << "  "
                  << v.recorded_by << "  " << v.source_file
                  << (v.replaced_at.empty() ? "  (current)" : "  replaced " + v.replaced_at)
                  << "\n";
    for (const ObservationComment& c : comments)
        std::cout << c.period << (c.dimensions.empty() ? "" : " [" + c.dimensions + "]")
                  << "  comment: " << c.comment << "  " << c.recorded_at << "  " << c.recorded_by
                  << "  " << c.source_file << "\n";
    return 0;
}

// Whether a node is in the template's scope: under --node, or piloted by --pilot.
bool in_scope(const Scheme& scheme, const Node& node, const po::variables_map& options) {
    if (options.count("node")) {
        const std::string root = options["node"].as<std::string>();
        bool under = false;
        for (const Node* at = &node; at && !under;
             at = at->parent ? scheme.find_node(*at->parent) : nullptr)
            under = at->code == root;
        if (!under)
            return false;
    }
    if (options.count("pilot")) {
        const std::string pilot = lower(options["pilot"].as<std::string>());
        return std::any_of(node.pilots.begin(), node.pilots.end(), [&](const std::string& p) {
            return lower(p).find(pilot) != std::string::npos;
        });
    }
    return true;
}

int run_template(const po::variables_map& options, CommandContext& context) {
    const Scheme scheme = context.scheme(options["scheme"].as<std::string>());
    const int year = options["year"].as<int>();
    const std::string language = options["lang"].as<std::string>();
    const std::filesystem::path output = options["output"].as<std::string>();
    if (language != "fr" && language != "en")
        throw UsageError("--lang: expected fr or en");
    if (output.extension() != ".xlsx")
        throw UsageError("-o: the template is an .xlsx file, not '" + output.string() + "'");
    if (!scheme.period.contains(year))
        throw InputError("year " + std::to_string(year) + " is outside the period of scheme '" +
                         scheme.id + "'");
    const auto territory = territory_option(options);
    if (territory && !scheme.find_territory(*territory))
        throw InputError("no territory '" + *territory + "' in scheme '" + scheme.id + "'");
    if (options.count("node") && !scheme.find_node(options["node"].as<std::string>()))
        throw InputError("no node '" + options["node"].as<std::string>() + "' in scheme '" +
                         scheme.id + "'");

    // The leaves of the territory subtree: figures are entered where they are observed.
    std::vector<const Territory*> leaves;
    for (const Territory& t : scheme.territories) {
        const bool has_children =
            std::any_of(scheme.territories.begin(), scheme.territories.end(),
                        [&](const Territory& c) { return c.parent == t.code; });
        bool inside = !territory;
        for (const Territory* at = &t; at && !inside;
             at = at->parent ? scheme.find_territory(*at->parent) : nullptr)
            inside = at->code == *territory;
        if (inside && !has_children)
            leaves.push_back(&t);
    }

    // The series the indicators in scope read, in indicator order.
    const PluginCatalog& catalog = context.plugins();
    std::vector<std::string> series_order;
    std::map<std::string, std::vector<const Indicator*>> readers;
    for (const Indicator& ind : scheme.indicators) {
        const Node* node = scheme.find_node(ind.node);
        if (!node || !in_scope(scheme, *node, options))
            continue;
        std::vector<std::string> read{ind.code};
        if (const AvailableMethod* method = catalog.find(ind.method)) {
            read.clear();
            const auto params = bound_params(ind, method->spec);
            for (const auto& spec : method->spec.params)
                if (spec.type == plugin::ParamType::series)
                    if (const auto it = params.find(spec.name); it != params.end())
                        read.push_back(std::get<std::string>(it->second.items.front()));
        }
        for (const std::string& series : read) {
            if (!readers.count(series))
                series_order.push_back(series);
            readers[series].push_back(&ind);
        }
    }

    reports::DataTemplateInput input;
    input.scheme = &scheme;
    input.year = year;
    input.created_at = SchemeStore(context.database()).summary(scheme.id)->imported_at;
    input.territory = territory;
    if (options.count("node"))
        input.node = options["node"].as<std::string>();
    if (options.count("pilot"))
        input.pilot = options["pilot"].as<std::string>();
    ObservationStore observations(context.database());
    for (const std::string& series : series_order) {
        const Series declared = scheme.series_or_default(series);
        const auto cells = observations.yearly_cells(
            scheme.id, series,
            declared.within_year == Rollup::last ? LatestValues::compute : LatestValues::skip);
        std::string codes;
        for (const Indicator* ind : readers[series])
            codes += (codes.empty() ? "" : ", ") + ind->code;
        const Indicator& first = *readers[series].front();
        for (const Territory* t : leaves) {
            reports::DataTemplateRow row;
            row.series = series;
            row.label = declared.label.empty() ? first.label : declared.label;
            row.unit = declared.unit.empty() ? first.unit : declared.unit;
            row.indicators = codes;
            row.territory = t->code;
            row.territory_name = t->name;
            row.period = std::to_string(year);
            for (const YearCell& cell : cells)
                if (cell.territory == t->code && cell.year == year - 1) {
                    row.previous = cell.value(declared.within_year);
                    row.synthetic_previous = cell.synthetic;
                }
            if (!t->parent && readers[series].size() == 1 && first.target) {
                row.target = first.target->value;
                row.synthetic_target = first.synthetic_targets;
            }
            input.rows.push_back(std::move(row));
        }
    }
    std::map<std::string, ActionFollowUp> current;
    for (ActionFollowUp& f : FollowUpStore(context.database()).latest(scheme.id, year))
        current[f.node] = std::move(f);
    // Statuses are asked of the scheme's actions only (Scheme::is_action).
    for (const Node* action : scheme.actions()) {
        const Node& node = *action;
        if (!in_scope(scheme, node, options))
            continue;
        std::string pilots;
        for (const std::string& p : node.pilots)
            pilots += (pilots.empty() ? "" : ", ") + p;
        const auto f = current.find(node.code);
        input.actions.push_back(
            {node.code, node.title, pilots,
             f == current.end() ? std::string() : std::string(to_code(f->second.status))});
    }
    reports::write_data_template(input, language, output);
    std::cout << "wrote " << output.string() << " (" << scheme.id << ", " << year << ": "
              << input.rows.size() << " values to enter, " << input.actions.size() << " actions)\n";
    return 0;
}

} // namespace

std::vector<Command> data_commands() {
    Command import_files;
    import_files.words = {"data", "import"};
    import_files.arguments = "FILE";
    import_files.summary = "check and store yearly data: CSV, a filled template or a workbook";
    import_files.declare = [](po::options_description& o, po::positional_options_description& p) {
        o.add_options()("file", po::value<std::string>()->required(), "the CSV file or workbook")(
            "scheme", po::value<std::string>(),
            "the scheme the data is for (default: the only one that fits the file)")(
            "synthetic", "label the values synthetic (illustrative data for a demonstration)")(
            "by", po::value<std::string>(),
            "who records the data (default: the user name; on PostgreSQL the server records the "
            "login instead, unless it owns the tables)");
        p.add("file", 1);
    };
    import_files.run = run_import;
    Command approve;
    approve.words = {"data", "approve"};
    approve.summary = "approve (lock) a year's data for a territory and those below it";
    approve.declare = [](po::options_description& o, po::positional_options_description&) {
        o.add_options()("scheme", po::value<std::string>()->required(), "scheme id")(
            "year", po::value<int>()->required(), "year")("territory", po::value<std::string>(),
                                                          "territory (default: all)")(
            "by", po::value<std::string>(),
            "who approves (default: the user name; on PostgreSQL the server records the login "
            "instead, unless it owns the tables)");
    };
    approve.run = run_approve;

    Command unapprove;
    unapprove.words = {"data", "unapprove"};
    unapprove.summary = "unlock approved data again, with a reason";
    unapprove.declare = [](po::options_description& o, po::positional_options_description&) {
        o.add_options()("scheme", po::value<std::string>()->required(), "scheme id")(
            "year", po::value<int>()->required(), "year")("territory", po::value<std::string>(),
                                                          "territory (default: all)")(
            "reason", po::value<std::string>()->required(), "why the data is reopened")(
            "by", po::value<std::string>(),
            "who unapproves (default: the user name; on PostgreSQL the server records the login "
            "instead, unless it owns the tables)");
    };
    unapprove.run = run_unapprove;

    Command history;
    history.words = {"data", "history"};
    history.summary = "every value a series had for a territory: when, from which file, by whom";
    history.declare = [](po::options_description& o, po::positional_options_description&) {
        o.add_options()("series", po::value<std::string>()->required(), "series code")(
            "territory", po::value<std::string>()->required(), "territory code")(
            "scheme", po::value<std::string>(), "scheme (default: the only one holding it)");
    };
    history.run = run_history;
    Command data_template;
    data_template.words = {"data", "template"};
    data_template.summary = "write the data-entry workbook for contributors (xlsx)";
    data_template.declare = [](po::options_description& o, po::positional_options_description&) {
        o.add_options()("scheme", po::value<std::string>()->required(),
                        "scheme id")("year", po::value<int>()->required(), "year to collect")(
            "territory", po::value<std::string>(), "only this territory and those below it")(
            "node", po::value<std::string>(), "only the indicators and actions under this node")(
            "pilot", po::value<std::string>(), "only the actions this pilot leads")(
            "lang", po::value<std::string>()->default_value("fr"), "fr or en")(
            "output,o", po::value<std::string>()->required(), "the .xlsx file to write");
    };
    data_template.run = run_template;
    return {import_files, data_template, approve, unapprove, history};
}

} // namespace jalon::cli
