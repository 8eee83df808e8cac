#include "command.hpp"

#include <jalon/error.hpp>
#include <jalon/plugin/method_binding.hpp>
#include <jalon/reports/atomic_output.hpp>
#include <jalon/reports/scheme_workbook.hpp>
#include <jalon/scheme/scheme_file.hpp>
#include <jalon/scheme/scheme_workbook.hpp>
#include <jalon/scheme/scheme_yaml.hpp>
#include <jalon/store/scheme_store.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>

namespace jalon::cli {

namespace {

std::string counted(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "49 nodes" for a new scheme; "48 nodes (+1 new, -2 removed)" for an update; territories
// also say how many were retired (gone from the file, kept with their data) or restored.
std::string changes_text(const char* one, const char* many, const SchemeImportResult::Changes& c,
                         bool created) {
    std::string text = counted(c.added + c.kept + c.restored, one, many);
    if (created || !(c.added || c.removed || c.retired || c.restored))
        return text;
    text += " (+" + std::to_string(c.added) + " new, -" + std::to_string(c.removed) + " removed";
    if (c.retired)
        text += ", " + std::to_string(c.retired) + " retired with their data";
    if (c.restored)
        text += ", " + std::to_string(c.restored) + " restored";
    return text + ")";
}

// At most this many codes are listed per kind of change; the others are counted.
constexpr std::size_t listed_codes = 10;

std::string code_list(const std::vector<std::string>& codes) {
    std::string text;
    for (std::size_t i = 0; i < codes.size() && i < listed_codes; ++i)
        text += (i ? ", " : "") + codes[i];
    if (codes.size() > listed_codes)
        text += ", and " + std::to_string(codes.size() - listed_codes) + " more";
    return text;
}

// "  nodes: 1 added (4.9), 2 changed (1.1, 2.3), 1 removed (4.2)"; nothing when none changed.
void print_code_changes(std::ostream& out, const char* what, const CodeChanges& c) {
    if (c.empty())
        return;
    out << "  " << what << ":";
    const char* separator = " ";
    const auto part = [&](const std::vector<std::string>& codes, const char* label) {
        if (codes.empty())
            return;
        out << separator << codes.size() << " " << label << " (" << code_list(codes) << ")";
        separator = ", ";
    };
    part(c.added, "added");
    part(c.changed, "changed");
    part(c.removed, "removed");
    part(c.retired, "retired with their data");
    part(c.restored, "restored");
    out << "\n";
}

std::string years_text(const KeptRecords& k) {
    return k.first_year == k.last_year
               ? std::to_string(k.first_year)
               : std::to_string(k.first_year) + "-" + std::to_string(k.last_year);
}

// What one import did (or, with `dry_run`, would do): the counts line, the changes code by code,
// what stays recorded against removed codes, the overlays' values.
void print_import(std::ostream& out, const Scheme& scheme, const SchemeImportResult& r,
                  const std::string& source, bool dry_run) {
    out << (dry_run ? (r.created ? "would import " : "would update ")
                    : (r.created ? "imported " : "updated "))
        << scheme.id << " (revision " << r.revision << ") from " << source << ": "
        << changes_text("node", "nodes", r.nodes, r.created) << ", "
        << changes_text("indicator", "indicators", r.indicators, r.created) << ", "
        << changes_text("territory", "territories", r.territories, r.created) << "\n";
    for (const AppliedOverlay& o : scheme.overlays) {
        std::size_t baselines = 0, milestones = 0, targets = 0;
        for (const Indicator& i : scheme.indicators) {
            baselines += i.baseline && i.baseline->origin == o.id;
            targets += i.target && i.target->origin == o.id;
            for (const Milestone& m : i.milestones)
                milestones += m.origin == o.id;
        }
        out << "  overlay " << o.id << " (" << o.file
            << "): " << counted(baselines, "baseline", "baselines") << ", "
            << counted(milestones, "milestone", "milestones") << ", "
            << counted(targets, "target", "targets") << (o.synthetic ? ", synthetic" : "") << "\n";
    }
    for (const std::string& id : r.dropped_overlays)
        out << "  overlay " << id << " dropped (--drop-overlay): its values are gone\n";
    if (r.created)
        return;
    const SchemeChanges& c = r.changes;
    if (c.empty())
        out << "  no change in nodes, indicators, baselines, milestones, targets, territories or "
               "series\n";
    print_code_changes(out, "nodes", c.nodes);
    print_code_changes(out, "indicators", c.indicators);
    print_code_changes(out, "baselines", c.baselines);
    print_code_changes(out, "milestones", c.milestones);
    print_code_changes(out, "targets", c.targets);
    print_code_changes(out, "territories", c.territories);
    print_code_changes(out, "series", c.series);
    if (r.kept.empty())
        return;
    out << "  kept in the database against codes no longer in the scheme (out of evaluations and "
           "reports; back if a file lists the code again):\n";
    for (const KeptRecords& k : r.kept) {
        out << "    " << k.kind << " " << k.code << (k.kind == "territory" ? ", retired: " : ": ");
        if (k.kind == "node")
            out << counted(k.count, "follow-up", "follow-ups");
        else
            out << counted(k.count, "yearly value", "yearly values");
        out << " (" << years_text(k) << ")\n";
    }
}

bool is_workbook(const std::string& file) {
    std::string extension = std::filesystem::path(file).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension == ".xlsx";
}

int run_import(const po::variables_map& options, CommandContext& context) {
    const auto files = options["file"].as<std::vector<std::string>>();
    const auto overlays = options.count("overlay")
                              ? options["overlay"].as<std::vector<std::string>>()
                              : std::vector<std::string>();
    const auto dropped = options.count("drop-overlay")
                             ? options["drop-overlay"].as<std::vector<std::string>>()
                             : std::vector<std::string>();
    const bool dry_run = options.count("dry-run") > 0;
    if (!overlays.empty() && files.size() != 1)
        throw UsageError("--overlay applies to one scheme file: import the others separately");
    if (!dropped.empty() && files.size() != 1)
        throw UsageError("--drop-overlay applies to one scheme file: import the others separately");
    // Read and validate every file, indicators against the plugins' methods, before the
    // database is touched.
    const PluginCatalog& catalog = context.plugins();
    const SchemeRules methods = [&](const Scheme& s) { return check_method_bindings(s, catalog); };
    std::vector<Scheme> schemes;
    std::vector<Diagnostic> problems;
    std::map<std::string, std::string> file_of_id;
    for (const std::string& file : files) {
        try {
            Scheme scheme = is_workbook(file) ? read_scheme_workbook(file, methods)
                                              : read_scheme_file(file, methods);
            for (const std::string& overlay : overlays)
                scheme = apply_overlay_file(std::move(scheme), overlay);
            for (const std::string& d : dropped)
                if (std::any_of(scheme.overlays.begin(), scheme.overlays.end(),
                                [&](const AppliedOverlay& o) { return o.id == d || o.file == d; }))
                    throw UsageError("overlay '" + d +
                                     "' is both applied (--overlay) and dropped (--drop-overlay)");
            if (const auto [it, fresh] = file_of_id.emplace(scheme.id, file); !fresh)
                problems.push_back({{file, 0, 0, {}},
                                    "id",
                                    "scheme '" + scheme.id + "' is also defined by " + it->second});
            schemes.push_back(std::move(scheme));
        } catch (const InputError& e) {
            problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
        }
    }
    if (!problems.empty())
        throw InputError(std::move(problems));

    std::vector<SchemeImport> batch;
    for (std::size_t i = 0; i < schemes.size(); ++i) {
        std::vector<std::filesystem::path> sources{files[i]};
        std::string source = files[i];
        for (const std::string& overlay : overlays) {
            sources.emplace_back(overlay);
            source += " + " + overlay;
        }
        batch.push_back({&schemes[i], source, content_hash(sources), dropped});
    }
    std::vector<SchemeImportResult> results;
    const DatabaseUrl& url = context.url();
    if (dry_run && url.backend == Backend::sqlite && !std::filesystem::exists(url.target)) {
        // No database yet: every scheme would be new; none is created to say so.
        if (!dropped.empty())
            throw InputError(std::vector<Diagnostic>{
                {{files.front(), 0, 0, {}},
                 "--drop-overlay",
                 "scheme '" + schemes.front().id +
                     "' is not in the database yet: it has no overlay to drop"}});
        for (const Scheme& s : schemes) {
            SchemeImportResult r;
            r.created = true;
            r.revision = 1;
            r.nodes.added = s.nodes.size() + s.unplanned.size();
            r.indicators.added = s.indicators.size();
            r.territories.added = s.territories.size();
            results.push_back(r);
        }
    } else {
        results = SchemeStore(context.database()).save_all(batch, dry_run);
    }
    for (std::size_t i = 0; i < schemes.size(); ++i)
        print_import(std::cout, schemes[i], results[i], batch[i].source_file, dry_run);
    if (dry_run)
        std::cout << "dry run: nothing was written to " << url.display() << "\n";
    return 0;
}

int run_list(const po::variables_map&, CommandContext& context) {
    const auto schemes = SchemeStore(context.database()).list();
    if (schemes.empty()) {
        std::cout << "no scheme in " << context.url().display()
                  << " (import one with: jalon scheme import FILE)\n";
        return 0;
    }
    std::size_t width = 2;
    for (const SchemeSummary& s : schemes)
        width = std::max(width, s.id.size());
    std::cout << std::left << std::setw(static_cast<int>(width)) << "ID"
              << "  PERIOD     NODES  INDICATORS  TERRITORIES  REV  TITLE\n";
    for (const SchemeSummary& s : schemes)
        std::cout << std::left << std::setw(static_cast<int>(width)) << s.id << "  "
                  << s.period.start << "-" << s.period.end << "  " << std::right << std::setw(5)
                  << s.nodes << "  " << std::setw(10) << s.indicators << "  " << std::setw(11)
                  << s.territories << "  " << std::setw(3) << s.revision << "  " << s.title
                  << (s.retired_at.empty() ? "" : "  (retired " + s.retired_at + ")") << "\n";
    return 0;
}

int run_retire(const po::variables_map& options, CommandContext& context) {
    const std::string id = options["id"].as<std::string>();
    const bool undo = options.count("undo") > 0;
    if (!SchemeStore(context.database()).retire(id, !undo))
        throw InputError("no scheme '" + id + "' in " + context.url().display() +
                         " (see jalon scheme list)");
    if (undo)
        std::cout << "scheme " << id << " is active again: it takes new data and evaluations\n";
    else
        std::cout << "retired scheme " << id
                  << ": its data, runs, history and logs are kept and readable; new data imports "
                     "and evaluations are refused (undo: jalon scheme retire "
                  << id << " --undo)\n";
    return 0;
}

void print_tree(const Scheme& scheme, int max_depth) {
    std::map<std::string, std::size_t> indicators_of;
    for (const Indicator& i : scheme.indicators)
        ++indicators_of[i.node];
    std::map<std::string, std::size_t> depth_of;
    const std::vector<const Node*> actions = scheme.actions();
    const std::set<const Node*> is_action(actions.begin(), actions.end());
    for (const Node& node : scheme.nodes) {
        const std::size_t depth = node.parent ? depth_of[*node.parent] + 1 : 0;
        depth_of[node.code] = depth;
        if (max_depth >= 0 && static_cast<int>(depth) >= max_depth)
            continue;
        std::cout << std::string(2 * depth, ' ') << node.code << "  [" << node.level << "] "
                  << node.title;
        if (const auto n = indicators_of[node.code])
            std::cout << "  (" << n << (n == 1 ? " indicator)" : " indicators)");
        if (node.status)
            std::cout << "  {" << to_code(*node.status) << "}";
        if (node.flagship)
            std::cout << "  *flagship*";
        if (is_action.count(&node))
            std::cout << "  <action>";
        std::cout << "\n";
    }
    if (!scheme.unplanned.empty() && max_depth != 0) {
        std::cout << "unplanned achievements (réalisés non prévus):\n";
        for (const Node& u : scheme.unplanned)
            std::cout << "  " << u.code << "  " << u.title
                      << (u.parent ? "  (relates to " + *u.parent + ")" : std::string()) << "\n";
    }
}

void print_counts(const Scheme& scheme) {
    const auto nodes = scheme.node_count_per_level();
    // Padded by characters, not bytes: "étape" lines up with "partie".
    const auto characters = [](const std::string& text) {
        return static_cast<std::size_t>(
            std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
    };
    std::size_t width = 12;
    for (const std::string& level : scheme.levels)
        width = std::max(width, characters(level));
    const auto row = [&](const std::string& name, std::size_t count) {
        std::cout << "  " << name << std::string(width - characters(name), ' ') << " " << std::right
                  << std::setw(5) << count << "\n";
    };
    std::cout << "nodes per level:\n";
    std::size_t total = 0;
    for (std::size_t i = 0; i < scheme.levels.size(); ++i) {
        row(scheme.levels[i], nodes[i]);
        total += nodes[i];
    }
    row("total", total);
    if (!scheme.unplanned.empty())
        row("unplanned", scheme.unplanned.size());
    const auto indicators = scheme.indicator_count_per_level();
    std::cout << "indicators per level:\n";
    row("realisation", indicators[0]);
    row("resultat", indicators[1]);
    row("impact", indicators[2]);
    row("total", scheme.indicators.size());
    std::map<std::string, std::size_t> kinds;
    for (const Territory& t : scheme.territories)
        ++kinds[t.kind.empty() ? "(no kind)" : t.kind];
    std::cout << "territories: " << scheme.territories.size();
    std::string separator = " (";
    for (const auto& [kind, count] : kinds) {
        std::cout << separator << kind << " " << count;
        separator = ", ";
    }
    std::cout << (kinds.empty() ? "" : ")") << "\n";
}

int run_show(const po::variables_map& options, CommandContext& context) {
    const std::string id = options["id"].as<std::string>();
    const int depth = options["depth"].as<int>();
    const std::optional<Scheme> scheme = context.scheme(id);
    std::cout << scheme->title << "\n"
              << "  id: " << scheme->id << "\n"
              << "  owner: " << scheme->owner << "\n"
              << "  period: " << scheme->period.start << "-" << scheme->period.end << "\n";
    if (!scheme->kind.empty())
        std::cout << "  kind: " << scheme->kind << "\n";
    // Strict levels are depths, top to bottom; free ones a vocabulary.
    const bool strict = scheme->level_order == LevelOrder::strict;
    std::cout << "  levels (" << to_code(scheme->level_order) << "):";
    for (std::size_t i = 0; i < scheme->levels.size(); ++i)
        std::cout << (i ? (strict ? " > " : ", ") : " ") << scheme->levels[i];
    std::cout << "\n  actions: " << scheme->actions().size();
    if (!scheme->action_levels.empty()) {
        std::cout << " (levels:";
        for (std::size_t i = 0; i < scheme->action_levels.size(); ++i)
            std::cout << (i ? ", " : " ") << scheme->action_levels[i];
        std::cout << ")";
    }
    std::cout << "\n  steering level: "
              << (scheme->steering_level.empty() ? "(the top-level nodes)" : scheme->steering_level)
              << "\n\n";
    print_tree(*scheme, depth);
    if (depth != 0)
        std::cout << "\n";
    print_counts(*scheme);
    return 0;
}

// The methods the plugins on the search path offer, for the workbook's lists.
std::vector<plugin::MethodSpec> offered_methods(CommandContext& context) {
    std::vector<plugin::MethodSpec> methods;
    for (const AvailableMethod* m : context.plugins().methods())
        methods.push_back(m->spec);
    return methods;
}

void write_scheme_workbook_file(const Scheme& scheme, CommandContext& context,
                                const std::string& language, const std::filesystem::path& output) {
    reports::write_scheme_workbook(&scheme, offered_methods(context), language, output);
}

int run_template(const po::variables_map& options, CommandContext& context) {
    const std::filesystem::path output = options["output"].as<std::string>();
    const std::string language = options["lang"].as<std::string>();
    if (language != "fr" && language != "en")
        throw UsageError("--lang: expected fr or en");
    if (output.extension() != ".xlsx")
        throw UsageError("-o: the authoring workbook is an .xlsx file, not '" + output.string() +
                         "'");
    reports::write_scheme_workbook(nullptr, offered_methods(context), language, output);
    std::cout << "wrote " << output.string() << (language == "en" ? " (English)" : " (French)")
              << ": describe the scheme in it, then: jalon scheme import " << output.string()
              << "\n";
    return 0;
}

int run_export(const po::variables_map& options, CommandContext& context) {
    const std::string id = options["id"].as<std::string>();
    const std::filesystem::path output = options["output"].as<std::string>();
    const std::string language = options["lang"].as<std::string>();
    if (language != "fr" && language != "en")
        throw UsageError("--lang: expected fr or en");
    const std::string extension = output.extension().string();
    if (extension != ".yaml" && extension != ".yml" && extension != ".xlsx")
        throw UsageError("-o: a scheme is exported as .yaml (scheme file) or .xlsx (authoring "
                         "workbook), not '" +
                         output.string() + "'");
    const Scheme scheme = context.scheme(id);
    if (!scheme.overlays.empty()) {
        std::string ids;
        for (const AppliedOverlay& o : scheme.overlays)
            ids += (ids.empty() ? "" : ", ") + o.id + " (" + o.file + ")";
        std::cerr << "jalon: warning: scheme '" << id << "' was imported with overlay(s) " << ids
                  << ": their baselines, milestones and targets are written as the scheme's own\n";
    }
    if (extension == ".xlsx") {
        write_scheme_workbook_file(scheme, context, language, output);
    } else {
        const std::string text = write_scheme_yaml(scheme);
        reports::write_atomically(output, [&](const std::filesystem::path& temporary) {
            std::ofstream out(temporary, std::ios::binary);
            out << text;
            out.close();
            if (!out)
                throw RuntimeError("cannot write " + temporary.string());
        });
    }
    std::cout << "exported " << id << " to " << output.string() << "\n";
    return 0;
}

} // namespace

std::vector<Command> scheme_commands() {
    Command import_files;
    import_files.words = {"scheme", "import"};
    import_files.arguments = "FILE...";
    import_files.summary = "validate scheme files (YAML, or authoring workbooks .xlsx) and store "
                           "them, updating existing schemes";
    import_files.declare = [](po::options_description& o, po::positional_options_description& p) {
        o.add_options()("file", po::value<std::vector<std::string>>()->required(),
                        "scheme file(s) to import: YAML, or .xlsx authoring workbooks")(
            "overlay", po::value<std::vector<std::string>>(),
            "overlay file (jalon-overlay/1) of baselines, milestones and targets to apply to the "
            "scheme (repeatable)")(
            "drop-overlay", po::value<std::vector<std::string>>(),
            "drop on purpose the values of an overlay the stored scheme was imported with (its "
            "id or file; repeatable): without it, re-importing without that overlay is refused")(
            "dry-run", "check and print what the import would change, and write nothing");
        p.add("file", -1);
    };
    import_files.run = run_import;

    Command list;
    list.words = {"scheme", "list"};
    list.summary = "list the stored schemes";
    list.declare = [](po::options_description&, po::positional_options_description&) {};
    list.run = run_list;

    Command show;
    show.words = {"scheme", "show"};
    show.arguments = "ID";
    show.summary = "print a scheme's tree and its counts of nodes and indicators per level";
    show.declare = [](po::options_description& o, po::positional_options_description& p) {
        o.add_options()("id", po::value<std::string>()->required(), "scheme id")(
            "depth", po::value<int>()->default_value(-1),
            "print the tree down to this many levels (0: counts only; -1: whole tree)");
        p.add("id", 1);
    };
    show.run = run_show;

    Command retire;
    retire.words = {"scheme", "retire"};
    retire.arguments = "ID";
    retire.summary = "retire a scheme: keep it, its data, runs and history, and take no new data "
                     "or evaluation (schemes are never deleted)";
    retire.declare = [](po::options_description& o, po::positional_options_description& p) {
        o.add_options()("id", po::value<std::string>()->required(),
                        "scheme id")("undo", "make a retired scheme active again");
        p.add("id", 1);
    };
    retire.run = run_retire;

    Command export_scheme;
    export_scheme.words = {"scheme", "export"};
    export_scheme.arguments = "ID";
    export_scheme.summary = "write a stored scheme back as a scheme file (.yaml) or an authoring "
                            "workbook (.xlsx)";
    export_scheme.declare = [](po::options_description& o, po::positional_options_description& p) {
        o.add_options()("id", po::value<std::string>()->required(), "scheme id")(
            "output,o", po::value<std::string>()->required(), "the .yaml or .xlsx file to write")(
            "lang", po::value<std::string>()->default_value("fr"),
            "language of the workbook's sheets and headers: fr or en");
        p.add("id", 1);
    };
    export_scheme.run = run_export;

    Command scheme_template;
    scheme_template.words = {"scheme", "template"};
    scheme_template.summary = "write an empty authoring workbook (xlsx) to describe a scheme in "
                              "Excel, then import it with jalon scheme import";
    scheme_template.declare = [](po::options_description& o, po::positional_options_description&) {
        o.add_options()("output,o", po::value<std::string>()->required(),
                        "the .xlsx file to write")(
            "lang", po::value<std::string>()->default_value("fr"),
            "language of the instructions, sheets and headers: fr or en");
    };
    scheme_template.run = run_template;
    return {import_files, list, show, export_scheme, scheme_template, retire};
} // namespace jalon::cli

} // namespace jalon::cli
