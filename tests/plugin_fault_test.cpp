// The plugin seam under faults: every bad plugin is reported with its file and reason and
// skipped; every failing method is recorded for its indicators; nothing crashes.
#include "test_support.hpp"

#include <jalon/data/observation_csv.hpp>
#include <jalon/error.hpp>
#include <jalon/evaluation/evaluator.hpp>
#include <jalon/plugin/abi.hpp>
#include <jalon/plugin/catalog.hpp>
#include <jalon/plugin/method_binding.hpp>
#include <jalon/scheme/scheme_file.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/observation_store.hpp>
#include <jalon/store/scheme_store.hpp>

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <unistd.h>

using namespace jalon;
using jalon::test::TempDir;
using jalon::test::TestDatabase;
namespace fs = std::filesystem;

namespace {

fs::path fault_plugin(const std::string& name) {
    return fs::path(JALON_FAULT_PLUGIN_DIR) / name / ("test-" + name + ".so");
}

const fs::path standard_dir = JALON_PLUGIN_BUILD_DIR;

::testing::AssertionResult failed_with(const PluginCatalog& catalog, const fs::path& file,
                                       const std::string& reason) {
    for (const PluginFailure& f : catalog.failures())
        if (f.file == file.string()) {
            if (f.reason.find(reason) != std::string::npos)
                return ::testing::AssertionSuccess();
            return ::testing::AssertionFailure() << "reason was: " << f.reason;
        }
    return ::testing::AssertionFailure() << file << " is not among the failures";
}

// A scheme whose indicators use the faulty plugin's methods, with one standard indicator.
const char* faulty_scheme = R"(format: jalon-scheme/1
id: faulty
title: Faulty methods
owner: Test
period: {start: 2024, end: 2026}
levels: [action]
territories:
  - {code: dep, name: Département, children: [{code: c1, name: Commune 1}]}
nodes:
  - code: A
    level: action
    title: Action
    indicators:
      - {code: boom, label: Throws, level: realisation, method: explode}
      - {code: nan, label: NaN, level: realisation, method: not_a_number}
      - {code: inf, label: Infinity, level: realisation, method: infinite}
      - {code: fine, label: Fine, level: realisation, method: answer}
      - {code: flows, label: Flows, level: realisation, method: sum}
)";

} // namespace

TEST(PluginCatalog, LoadsTheShippedPluginsInSortedOrder) {
    const PluginCatalog catalog = PluginCatalog::load({standard_dir});
    EXPECT_TRUE(catalog.failures().empty());
    ASSERT_EQ(catalog.plugins().size(), 2u);
    EXPECT_EQ(catalog.plugins()[0].name, "politique-ville"); // jalon-politique-ville.so first
    EXPECT_EQ(catalog.plugins()[1].name, "standard");
    for (const char* method :
         {"sum", "count", "mean", "min", "max", "last", "ratio", "share", "evolution", "cumulative",
          "milestone", "qpv_share", "qpv_rate", "qpv_gap"})
        EXPECT_NE(catalog.find(method), nullptr) << method;
    EXPECT_EQ(catalog.find("sum")->plugin, "standard");
}

// Every method of the shipped plugins says what it is in French and in English: label,
// description, and each parameter's description.
TEST(PluginCatalog, TheShippedMethodsSpeakFrenchAndEnglish) {
    const PluginCatalog catalog = PluginCatalog::load({standard_dir});
    ASSERT_EQ(catalog.methods().size(), 14u);
    for (const AvailableMethod* m : catalog.methods()) {
        SCOPED_TRACE(m->spec.name);
        EXPECT_FALSE(m->spec.label.fr.empty());
        EXPECT_FALSE(m->spec.label.en.empty());
        EXPECT_NE(m->spec.label.fr, m->spec.name);
        EXPECT_FALSE(m->spec.description.fr.empty());
        EXPECT_FALSE(m->spec.description.en.empty());
        EXPECT_NE(m->spec.description.fr, m->spec.description.en);
        for (const plugin::ParamSpec& p : m->spec.params) {
            EXPECT_FALSE(p.description.fr.empty()) << p.name;
            EXPECT_FALSE(p.description.en.empty()) << p.name;
            EXPECT_NE(p.description.fr, p.description.en) << p.name;
        }
    }
    EXPECT_EQ(catalog.find("sum")->spec.label,
              (plugin::Wording{"Somme sur l'année", "Sum over the year"}));
    EXPECT_EQ(catalog.find("qpv_share")->spec.label,
              (plugin::Wording{"Part des habitants en QPV", "Share going to QPV residents"}));
}

TEST(PluginCatalog, AWordingFallsBackOnTheOtherLanguageWhenOneIsMissing) {
    const plugin::Wording both{"aucune donnée", "no data"}, french{"aucune donnée", ""},
        english{"", "no data"};
    EXPECT_EQ(both.in("fr"), "aucune donnée");
    EXPECT_EQ(both.in("en"), "no data");
    EXPECT_EQ(french.in("en"), "aucune donnée");
    EXPECT_EQ(english.in("fr"), "no data");
    EXPECT_TRUE(plugin::Wording{}.empty());
    IndicatorResult r;
    r.note_en = "no data";
    EXPECT_EQ(r.note_in("fr"), "no data");
    r.note = "aucune donnée";
    EXPECT_EQ(r.note_in("fr"), "aucune donnée");
    EXPECT_EQ(r.note_in("en"), "no data");
}

TEST(PluginCatalog, AFileMetTwiceIsLoadedOnce) {
    const PluginCatalog catalog = PluginCatalog::load({standard_dir, standard_dir});
    EXPECT_EQ(catalog.plugins().size(), 2u);
    EXPECT_TRUE(catalog.failures().empty());
}

TEST(PluginFault, WrongAbiIsRefusedBeforeAnyCppRuns) {
    // The entry point of this plugin aborts the process: reaching it would kill the test.
    const PluginCatalog catalog = PluginCatalog::load_files({fault_plugin("wrong_abi")});
    EXPECT_TRUE(catalog.plugins().empty());
    EXPECT_TRUE(failed_with(catalog, fault_plugin("wrong_abi"), "ABI version 999"));
}

// A plugin built against the headers of the previous plugin ABI (before labels, descriptions
// and notes came in two languages) is refused by a sentence naming it, both versions and what
// to do, before any of its C++ runs.
TEST(PluginFault, APluginOfThePreviousAbiIsRefusedNamingItAndBothVersions) {
    const PluginCatalog catalog = PluginCatalog::load_files({fault_plugin("old_abi")});
    EXPECT_TRUE(catalog.plugins().empty());
    ASSERT_EQ(catalog.failures().size(), 1u);
    EXPECT_EQ(catalog.failures()[0].reason,
              "plugin 'old-abi' has ABI version " + std::to_string(JALON_PLUGIN_ABI_VERSION - 1) +
                  ", this Jalon needs " + std::to_string(JALON_PLUGIN_ABI_VERSION) +
                  ": rebuild it against this Jalon's headers (docs/writing-a-plugin.md)");
    // And the command line says it too.
    const auto r = jalon::test::run_jalon(
        {"--plugins", fault_plugin("old_abi").parent_path().string(), "plugins", "list"});
    EXPECT_NE(r.out.find("plugin 'old-abi' has ABI version " +
                         std::to_string(JALON_PLUGIN_ABI_VERSION - 1) + ", this Jalon needs " +
                         std::to_string(JALON_PLUGIN_ABI_VERSION)),
              std::string::npos)
        << r.out;
}

TEST(PluginFault, AMethodWithoutALabelInBothLanguagesIsRefused) {
    const PluginCatalog catalog = PluginCatalog::load_files({fault_plugin("unlabelled_method")});
    EXPECT_TRUE(catalog.plugins().empty());
    EXPECT_TRUE(failed_with(catalog, fault_plugin("unlabelled_method"),
                            "plugin 'unlabelled': method 'english_only' has no label in French "
                            "(label.fr)"));
}

TEST(PluginFault, MissingEntryPointIsReported) {
    const PluginCatalog catalog = PluginCatalog::load_files({fault_plugin("no_entry")});
    EXPECT_TRUE(failed_with(catalog, fault_plugin("no_entry"), "no entry point"));
}

TEST(PluginFault, ALibraryWithoutAbiRecordIsNotAPlugin) {
    const PluginCatalog catalog = PluginCatalog::load_files({fault_plugin("no_record")});
    EXPECT_TRUE(failed_with(catalog, fault_plugin("no_record"), "no ABI record"));
}

TEST(PluginFault, MissingFileAndGarbageFileAreReported) {
    TempDir dir;
    jalon::test::write_file(dir / "garbage.so", "not an ELF file at all");
    const PluginCatalog catalog =
        PluginCatalog::load_files({dir / "absent.so", dir / "garbage.so"});
    EXPECT_TRUE(failed_with(catalog, dir / "absent.so", "file not found"));
    EXPECT_TRUE(failed_with(catalog, dir / "garbage.so", "cannot be loaded"));
}

TEST(PluginFault, AWorldWritableOrForeignPluginFileOrDirectoryIsNotLoaded) {
    TempDir dir;
    const fs::path plugins = dir / "plugins";
    fs::create_directory(plugins);
    fs::permissions(plugins, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                 fs::perms::others_read | fs::perms::others_exec);
    const fs::path copy = plugins / "jalon-standard.so";
    fs::copy_file(standard_dir / "jalon-standard.so", copy);
    ASSERT_EQ(PluginCatalog::load({plugins}).plugins().size(), 1u) << "the copy loads as it is";

    fs::permissions(copy, fs::perms::others_write, fs::perm_options::add);
    PluginCatalog catalog = PluginCatalog::load({plugins});
    EXPECT_TRUE(catalog.plugins().empty());
    EXPECT_TRUE(failed_with(catalog, copy, "not loaded: the file is world-writable"));
    fs::permissions(copy, fs::perms::others_write, fs::perm_options::remove);

    fs::permissions(plugins, fs::perms::others_write, fs::perm_options::add);
    catalog = PluginCatalog::load({plugins});
    EXPECT_TRUE(catalog.plugins().empty());
    EXPECT_TRUE(failed_with(catalog, plugins, "plugin directory is world-writable"));
    fs::permissions(plugins, fs::perms::others_write, fs::perm_options::remove);

    if (::geteuid() != 0)
        return; // giving the file away needs root
    ASSERT_EQ(::chown(copy.c_str(), 65534, 65534), 0);
    catalog = PluginCatalog::load_files({copy});
    EXPECT_TRUE(catalog.plugins().empty());
    EXPECT_TRUE(failed_with(catalog, copy, "is owned by user id 65534, neither you nor root"));
}

TEST(PluginFault, ThrowingRegistrationKeepsNoneOfItsMethods) {
    const PluginCatalog catalog =
        PluginCatalog::load_files({fault_plugin("throwing_registration")});
    EXPECT_TRUE(failed_with(catalog, fault_plugin("throwing_registration"),
                            "threw during registration: cannot find my configuration"));
    EXPECT_EQ(catalog.find("half_registered"), nullptr);
    EXPECT_TRUE(catalog.plugins().empty());
}

TEST(PluginFault, ASecondPluginRegisteringATakenMethodIsSkipped) {
    PluginCatalog catalog =
        PluginCatalog::load({standard_dir, fault_plugin("duplicate_sum").parent_path()});
    EXPECT_TRUE(failed_with(catalog, fault_plugin("duplicate_sum"),
                            "registers method 'sum', already registered by plugin 'standard'"));
    EXPECT_EQ(catalog.find("sum")->plugin, "standard");
}

TEST(PluginFault, MethodObjectsKeepTheirLibraryLoaded) {
    std::shared_ptr<const plugin::IndicatorMethod> method;
    {
        const PluginCatalog catalog = PluginCatalog::load_files({fault_plugin("faulty_methods")});
        ASSERT_NE(catalog.find("answer"), nullptr);
        method = catalog.find("answer")->method;
    } // the catalog is gone; the library must not be
    plugin::MethodInput input;
    EXPECT_EQ(method->compute(input).value, 42.0);
}

TEST(PluginFault, FailingMethodsAreRecordedPerIndicatorAndTheRunCompletes) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = Database::open(DatabaseUrl::parse(database.url()));
    PluginCatalog catalog =
        PluginCatalog::load({standard_dir, fault_plugin("faulty_methods").parent_path()});
    const Scheme scheme = read_scheme_text(faulty_scheme, "faulty.yaml", [&](const Scheme& s) {
        return check_method_bindings(s, catalog);
    });
    SchemeStore(db).save(scheme, "faulty.yaml");
    ObservationStore observations(db);
    const EvaluationRun run = Evaluator(scheme, catalog, observations).evaluate({2025, {}});
    ASSERT_EQ(run.results.size(), 5u * 2u * 2u); // indicators × territories × years
    for (const IndicatorResult& r : run.results) {
        if (r.indicator == "boom") {
            EXPECT_EQ(r.status, ProgressStatus::not_computed);
            EXPECT_NE(r.note.find("threw: division by the moon at " + r.territory),
                      std::string::npos)
                << r.note;
            EXPECT_NE(r.note.find("plugin 'faulty'"), std::string::npos) << r.note;
            EXPECT_NE(r.note.find("test-faulty_methods.so"), std::string::npos) << r.note;
        } else if (r.indicator == "nan" || r.indicator == "inf") {
            EXPECT_EQ(r.status, ProgressStatus::not_computed);
            EXPECT_FALSE(r.value.has_value());
            EXPECT_NE(r.note.find("not finite"), std::string::npos) << r.note;
        } else if (r.indicator == "fine") {
            EXPECT_EQ(r.value, 42.0);
            EXPECT_EQ(r.status, ProgressStatus::no_target);
        } else {
            EXPECT_EQ(r.status, ProgressStatus::missing); // no data: missing, never zero
            EXPECT_FALSE(r.value.has_value());
        }
    }
}

// A scheme whose indicators crash or hang their process, next to sound ones.
const char* crashing_scheme = R"(format: jalon-scheme/1
id: crashing
title: Crashing methods
owner: Test
period: {start: 2024, end: 2025}
levels: [action]
territories:
  - {code: dep, name: Département, children: [{code: c1, name: Commune 1}]}
nodes:
  - code: A
    level: action
    title: Action
    indicators:
      - {code: crash, label: Crashes, level: realisation, method: segfault}
      - {code: fine, label: Fine, level: realisation, method: sum}
      - {code: stuck, label: Hangs, level: realisation, method: hang}
      - {code: also-fine, label: Also fine, level: realisation, method: sum}
)";

TEST(PluginIsolation, ACrashingOrHangingPluginFailsItsIndicatorsAndTheRunCompletes) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = Database::open(DatabaseUrl::parse(database.url()));
    PluginCatalog catalog =
        PluginCatalog::load({standard_dir, fault_plugin("crashing_methods").parent_path()});
    ASSERT_NE(catalog.find("segfault"), nullptr);
    const Scheme scheme = read_scheme_text(crashing_scheme, "crashing.yaml");
    SchemeStore(db).save(scheme, "crashing.yaml");
    ObservationStore observations(db);
    observations.import(
        "crashing",
        read_observation_csv_text(
            "series,territory,period,value\nfine,c1,2025,4\nalso-fine,c1,2025,5\n", "data.csv"),
        {"data.csv", "test", false, {}});
    EvaluationOptions options;
    options.year = 2025;
    options.isolate_plugins = true;
    options.plugin_timeout = std::chrono::milliseconds(1500);
    const auto started = std::chrono::steady_clock::now();
    const EvaluationRun run = Evaluator(scheme, catalog, observations).evaluate(options);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));
    ASSERT_EQ(run.results.size(), 4u * 2u * 2u);
    EXPECT_NE(run.options.find("isolate-plugins"), std::string::npos) << run.options;
    for (const IndicatorResult& r : run.results) {
        if (r.indicator == "crash") {
            // It crashes at c1: none of the indicator's results survive, each says why.
            EXPECT_EQ(r.status, ProgressStatus::not_computed);
            EXPECT_FALSE(r.value.has_value());
            EXPECT_NE(r.note.find("method 'segfault' (plugin 'crashing', "), std::string::npos)
                << r.note;
            EXPECT_NE(r.note.find("test-crashing_methods.so) crashed: its child process was "
                                  "killed by signal 11"),
                      std::string::npos)
                << r.note;
        } else if (r.indicator == "stuck") {
            EXPECT_EQ(r.status, ProgressStatus::not_computed);
            EXPECT_NE(r.note.find("method 'hang' (plugin 'crashing', "), std::string::npos)
                << r.note;
            EXPECT_NE(r.note.find("did not finish within 1.5 s: its child process was killed"),
                      std::string::npos)
                << r.note;
        } else if (r.territory == "c1" && r.year == 2025) {
            EXPECT_EQ(r.value, r.indicator == "fine" ? 4.0 : 5.0) << r.indicator;
        } else if (r.year == 2024) {
            EXPECT_EQ(r.status, ProgressStatus::missing) << r.indicator;
        }
    }
    // The isolated answers are the in-process ones: same values and notes for sound methods.
    EvaluationOptions plain;
    plain.year = 2025;
    const Scheme sound = read_scheme_text(crashing_scheme, "crashing.yaml");
    const EvaluationRun direct = [&] {
        Scheme only_sound = sound;
        std::erase_if(only_sound.indicators,
                      [](const Indicator& i) { return i.code == "crash" || i.code == "stuck"; });
        return Evaluator(only_sound, catalog, observations).evaluate(plain);
    }();
    std::size_t compared = 0;
    for (const IndicatorResult& d : direct.results)
        for (const IndicatorResult& r : run.results)
            if (r.indicator == d.indicator && r.territory == d.territory && r.year == d.year) {
                EXPECT_EQ(r.value, d.value);
                EXPECT_EQ(r.note, d.note);
                EXPECT_EQ(r.status, d.status);
                ++compared;
            }
    EXPECT_EQ(compared, 8u);
}

TEST(PluginIsolation, TheCommandLineIsolatesAndStoresTheRun) {
    TempDir dir;
    const TestDatabase database(dir);
    jalon::test::write_file(dir / "crashing.yaml", crashing_scheme);
    const std::string plugins = fault_plugin("crashing_methods").parent_path().string();
    ASSERT_EQ(jalon::test::run_jalon({database.arg(), "--plugins", plugins, "scheme", "import",
                                      (dir / "crashing.yaml").string()})
                  .exit_code,
              0);
    const auto result = jalon::test::run_jalon({database.arg(), "--plugins", plugins, "evaluate",
                                                "--scheme", "crashing", "--year", "2025",
                                                "--isolate-plugins", "--plugin-timeout", "1"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("run 1: crashing 2025, 16 results"), std::string::npos) << result.out;
    const auto notes = jalon::test::query_rows(
        database.url(), "SELECT indicator_code, COUNT(*) FROM indicator_result WHERE note LIKE "
                        "'%did not finish within 1 s%' OR note LIKE '%killed by signal 11%' "
                        "GROUP BY indicator_code ORDER BY indicator_code");
    EXPECT_EQ(notes, (std::vector<std::string>{"crash|4", "stuck|4"}));

    const auto without =
        jalon::test::run_jalon({database.arg(), "--plugins", plugins, "evaluate", "--scheme",
                                "crashing", "--year", "2025", "--plugin-timeout", "1"});
    EXPECT_EQ(without.exit_code, 2);
    EXPECT_NE(without.err.find("--plugin-timeout needs --isolate-plugins"), std::string::npos)
        << without.err;
    const auto zero = jalon::test::run_jalon({database.arg(), "--plugins", plugins, "evaluate",
                                              "--scheme", "crashing", "--year", "2025",
                                              "--isolate-plugins", "--plugin-timeout", "0"});
    EXPECT_EQ(zero.exit_code, 2);
    EXPECT_NE(zero.err.find("--plugin-timeout must be more than 0"), std::string::npos) << zero.err;
}

TEST(PluginFault, AnIndicatorWhoseMethodIsUnavailableIsNotComputedWithTheReason) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = Database::open(DatabaseUrl::parse(database.url()));
    const Scheme scheme = read_scheme_text(faulty_scheme, "faulty.yaml"); // no method check
    SchemeStore(db).save(scheme, "faulty.yaml");
    // The faulty plugin fails to load (its sibling aborts at registration? no: wrong ABI).
    const PluginCatalog catalog =
        PluginCatalog::load_files({fault_plugin("wrong_abi"), standard_dir / "jalon-standard.so"});
    ObservationStore observations(db);
    const EvaluationRun run = Evaluator(scheme, catalog, observations).evaluate({2024, {}});
    for (const IndicatorResult& r : run.results) {
        if (r.indicator == "flows")
            continue;
        EXPECT_EQ(r.status, ProgressStatus::not_computed) << r.indicator;
        EXPECT_NE(r.note.find("method '" + r.method + "' is not offered by any loaded plugin"),
                  std::string::npos)
            << r.note;
        EXPECT_NE(r.note.find("ABI version 999"), std::string::npos) << r.note;
    }
}

TEST(PluginSearchPath, CommandLineThenEnvironmentThenInstalledDirectory) {
    setenv("JALON_PLUGIN_PATH", "/env/one::/env/two", 1);
    const auto path = plugin_search_path({"/cli/a", "/cli/b"});
    unsetenv("JALON_PLUGIN_PATH");
    ASSERT_EQ(path.size(), 5u);
    EXPECT_EQ(path[0], "/cli/a");
    EXPECT_EQ(path[1], "/cli/b");
    EXPECT_EQ(path[2], "/env/one");
    EXPECT_EQ(path[3], "/env/two");
    EXPECT_EQ(path[4], default_plugin_directory());
}

TEST(PluginCli, PluginsListShowsMethodsAndFailuresWithTheirFiles) {
    const auto result = jalon::test::run_jalon(
        {"--plugins", fault_plugin("no_entry").parent_path().string(), "--plugins",
         fault_plugin("duplicate_sum").parent_path().string(), "plugins", "list"});
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_NE(result.out.find("duplicate-sum 1.0.0"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("politique-ville 1.0.0"), std::string::npos);
    EXPECT_NE(result.out.find("qpv_share"), std::string::npos);
    EXPECT_NE(result.out.find("failed:"), std::string::npos);
    EXPECT_NE(result.out.find(fault_plugin("no_entry").string() + ": plugin 'no-entry' has no "
                                                                  "entry point"),
              std::string::npos)
        << result.out;
    // The duplicate comes first on the search path, so it wins `sum` and the standard plugin,
    // found later in the installed directory, is the one refused.
    EXPECT_NE(result.out.find("registers method 'sum', already registered by plugin "
                              "'duplicate-sum'"),
              std::string::npos)
        << result.out;
}

TEST(PluginCli, AFileNameWithControlCharactersIsShownEscapedInTheListingAndTheWarning) {
    TempDir dir;
    jalon::test::write_file(dir / "x\x1b]0;pwned\x07\x1b[2J.so", "not an ELF file at all");
    const auto result =
        jalon::test::run_jalon({"--plugins", dir.path().string(), "plugins", "list"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    const std::string shown = "x\\x1B]0;pwned\\x07\\x1B[2J.so";
    EXPECT_NE(result.out.find(shown + ": "), std::string::npos) << result.out;
    EXPECT_NE(result.err.find("jalon: warning: plugin " + (dir.path() / "").string() + shown +
                              " skipped: "),
              std::string::npos)
        << result.err;
    for (const std::string* text : {&result.out, &result.err}) {
        EXPECT_EQ(text->find('\x1b'), std::string::npos) << *text;
        EXPECT_EQ(text->find('\x07'), std::string::npos) << *text;
    }
}

// Parameters are checked against the methods' declarations at import, with the line.
namespace {
std::string scheme_with_indicator(const std::string& indicator) {
    return "format: jalon-scheme/1\nid: p\ntitle: P\nowner: O\nperiod: {start: 2024, end: "
           "2026}\nlevels: [action]\nterritories: [{code: t, name: T}]\nnodes:\n  - code: A\n"
           "    level: action\n    title: A\n    indicators:\n      - code: I\n        label: I\n"
           "        level: realisation\n" +
           indicator;
}

struct ImportRefusal {
    const char* lines;
    int line;
    const char* message;
};
} // namespace

TEST(PluginCli, SchemeImportChecksMethodsAndParametersWithTheirLines) {
    const std::vector<ImportRefusal> cases{
        {"        method: frobnicate\n", 16, "unknown method 'frobnicate'"},
        {"        method: ratio\n        params: {numerator: a}\n", 16,
         "method 'ratio' needs parameter 'denominator'"},
        {"        method: ratio\n        params:\n          numerator: a\n          "
         "denominator: b\n          factr: 100\n",
         20, "method 'ratio' has no parameter 'factr'"},
        {"        method: ratio\n        params:\n          numerator: a\n          "
         "denominator: b\n          factor: cent\n",
         20, "parameter 'factor' of method 'ratio' must be a number"},
        {"        method: evolution\n        params:\n          against: last-year\n", 18,
         "expected one of: previous, baseline"},
        {"        method: qpv_rate\n        params:\n          numerator: a\n          "
         "denominator: b\n          change_from_start: maybe\n",
         20, "must be true or false"},
    };
    for (const ImportRefusal& c : cases) {
        TempDir dir;
        const TestDatabase database(dir);
        jalon::test::write_file(dir / "p.yaml", scheme_with_indicator(c.lines));
        const auto result =
            jalon::test::run_jalon({database.arg(), "scheme", "import", (dir / "p.yaml").string()});
        EXPECT_EQ(result.exit_code, 2) << c.message << "\n" << result.err;
        EXPECT_NE(result.err.find((dir / "p.yaml").string() + ":" + std::to_string(c.line) + ":"),
                  std::string::npos)
            << c.message << "\n"
            << result.err;
        EXPECT_NE(result.err.find(c.message), std::string::npos) << result.err;
        EXPECT_FALSE(database_exists(database));
    }
    TempDir dir;
    const TestDatabase database(dir);
    jalon::test::write_file(dir / "ok.yaml",
                            scheme_with_indicator("        method: ratio\n        params: "
                                                  "{numerator: a, denominator: b, factor: 100}\n"));
    const auto ok =
        jalon::test::run_jalon({database.arg(), "scheme", "import", (dir / "ok.yaml").string()});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

// Plugins that misbehave without crashing: they end the process, return fields the host must
// check, print, or leave processes behind.
namespace {

const fs::path misbehaving_dir = fault_plugin("misbehaving_methods").parent_path();

std::string misbehaving_scheme(const std::string& indicators) {
    return "format: jalon-scheme/1\nid: mis\ntitle: Misbehaving\nowner: Test\n"
           "period: {start: 2024, end: 2025}\nlevels: [action]\nterritories:\n"
           "  - {code: dep, name: Département, children: [{code: c1, name: Commune 1}]}\n"
           "nodes:\n  - code: A\n    level: action\n    title: Action\n    indicators:\n" +
           indicators;
}

// Imports the scheme, then runs `jalon evaluate` for 2025 with the extra arguments.
jalon::test::RunResult evaluate_misbehaving(const TempDir& dir, const TestDatabase& database,
                                            const std::string& indicators,
                                            const std::vector<std::string>& extra = {}) {
    jalon::test::write_file(dir / "mis.yaml", misbehaving_scheme(indicators));
    const auto imported =
        jalon::test::run_jalon({database.arg(), "--plugins", misbehaving_dir.string(), "scheme",
                                "import", (dir / "mis.yaml").string()});
    EXPECT_EQ(imported.exit_code, 0) << imported.err;
    std::vector<std::string> args{database.arg(), "--plugins", misbehaving_dir.string(),
                                  "evaluate",     "--scheme",  "mis",
                                  "--year",       "2025"};
    args.insert(args.end(), extra.begin(), extra.end());
    return jalon::test::run_jalon(args);
}

std::string plugin_who() {
    return "plugin 'misbehaving' (" + fault_plugin("misbehaving_methods").string() + ")";
}

} // namespace

TEST(PluginFault, APluginEndingTheProcessIsReportedAndJalonExitsWith1) {
    for (const auto& [method, how] : std::vector<std::pair<std::string, std::string>>{
             {"quit, params: {status: 0}", "exit status 0"},
             {"quit, params: {status: 3}", "exit status 3"},
             {"quick_quit", "quick_exit"}}) {
        SCOPED_TRACE(method);
        TempDir dir;
        const TestDatabase database(dir);
        const auto result = evaluate_misbehaving(
            dir, database,
            "      - {code: fine, label: Fine, level: realisation, method: chatty}\n"
            "      - {code: quits, label: Quits, level: realisation, method: " +
                method + "}\n");
        EXPECT_EQ(result.exit_code, 1) << result.err;
        EXPECT_EQ(result.out, "");
        const std::string territory = method == "quick_quit" ? "dep" : "c1";
        EXPECT_NE(result.err.find("jalon: error: " + plugin_who() + " ended the process (" + how +
                                  ") while computing indicator 'quits' for territory '" +
                                  territory + "', year 2024: the command did not complete"),
                  std::string::npos)
            << result.err;
        EXPECT_EQ(jalon::test::query_rows(database.url(), "SELECT COUNT(*) FROM evaluation_run"),
                  std::vector<std::string>{"0"});
    }
}

TEST(PluginIsolation, AChildEndedWithoutAnsweringFailsItsIndicatorWithTheTrueReason) {
    TempDir dir;
    const TestDatabase database(dir);
    const auto started = std::chrono::steady_clock::now();
    const auto result = evaluate_misbehaving(
        dir, database,
        "      - {code: zero, label: Zero, level: realisation, method: quit, params: {status: 0}}\n"
        "      - {code: seven, label: Seven, level: realisation, method: quit, params: {status: "
        "7}}\n"
        "      - {code: quick, label: Quick, level: realisation, method: quick_quit}\n"
        "      - {code: fine, label: Fine, level: realisation, method: chatty}\n",
        {"--isolate-plugins", "--plugin-timeout", "20"});
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(15));
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("run 1: mis 2025, 16 results"), std::string::npos) << result.out;
    const auto rows = jalon::test::query_rows(
        database.url(), "SELECT indicator_code, status, note FROM indicator_result WHERE "
                        "territory_code = 'dep' AND year = 2025 ORDER BY indicator_code");
    const std::string why = "method 'quit' (plugin 'misbehaving', " +
                            fault_plugin("misbehaving_methods").string() +
                            ") ended without answering: its child process exited with status ";
    EXPECT_EQ(rows, (std::vector<std::string>{
                        "fine|sans-cible|",
                        "quick|non-calcule|method 'quick_quit' (plugin 'misbehaving', " +
                            fault_plugin("misbehaving_methods").string() +
                            ") ended without answering: its child process exited with status 0",
                        "seven|non-calcule|" + why + "7", "zero|non-calcule|" + why + "0"}));
}

TEST(PluginFault, EveryFieldOfAResultIsCheckedAndABadOneFailsThatResultOnly) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"date", "returned a date that is not a YYYY-MM-DD date: '2025-13-01'"},
        {"long-date", "returned a date that is not a YYYY-MM-DD date: '2025-01-011'"},
        {"date-text", "returned a date that is not a YYYY-MM-DD date: '\\x1b]0;owned\\x07'"},
        {"nan", "returned a value that is not finite"},
        {"not-utf8", "returned a French note that is not UTF-8 (byte offset 3)"},
        {"nul", "returned an English note with a NUL byte (byte offset 1)"},
    };
    std::string indicators;
    for (const auto& [field, reason] : cases)
        indicators += "      - {code: " + field +
                      ", label: L, level: realisation, method: bad_field, params: {field: '" +
                      field + "'}}\n";
    for (const char* field : {"huge-note", "huge-error", "fine"})
        indicators += std::string("      - {code: ") + field +
                      ", label: L, level: realisation, method: bad_field, params: {field: '" +
                      field + "'}}\n";
    for (const bool isolated : {false, true}) {
        SCOPED_TRACE(isolated ? "isolated" : "in process");
        TempDir dir;
        const TestDatabase database(dir);
        const auto result = evaluate_misbehaving(
            dir, database, indicators,
            isolated ? std::vector<std::string>{"--isolate-plugins"} : std::vector<std::string>{});
        ASSERT_EQ(result.exit_code, 0) << result.err;
        EXPECT_NE(result.out.find("run 1: mis 2025, 36 results"), std::string::npos) << result.out;
        const std::string who = "method 'bad_field' (plugin 'misbehaving', " +
                                fault_plugin("misbehaving_methods").string() + ") ";
        for (const auto& [field, reason] : cases)
            EXPECT_EQ(
                jalon::test::query_rows(
                    database.url(), "SELECT status, COUNT(*), MIN(note), MAX(note), MAX(date), "
                                    "COUNT(value) FROM indicator_result WHERE indicator_code = '" +
                                        field + "' GROUP BY status"),
                std::vector<std::string>{"non-calcule|4|" + who + reason + "|" + who + reason +
                                         "||0"})
                << field;
        // A long note is kept cut, with a mark; a long exception message too, made UTF-8.
        EXPECT_EQ(jalon::test::query_rows(
                      database.url(),
                      "SELECT status, COUNT(*), MAX(LENGTH(note)), COUNT(value) FROM "
                      "indicator_result WHERE indicator_code = 'huge-note' AND note LIKE "
                      "'xxxxxxxx%xxx […]' GROUP BY status"),
                  std::vector<std::string>{"sans-cible|4|4094|4"});
        const auto error = jalon::test::query_rows(
            database.url(), "SELECT status, note FROM indicator_result WHERE indicator_code = "
                            "'huge-error' AND territory_code = 'c1' AND year = 2024");
        ASSERT_EQ(error.size(), 1u);
        EXPECT_EQ(error[0].rfind("non-calcule|" + who + "threw: yyyyyyyy", 0), 0u);
        EXPECT_LT(error[0].size(), 4096u + who.size() + 40u);
        EXPECT_EQ(error[0].substr(error[0].size() - 6), " […]");
        EXPECT_EQ(jalon::test::query_rows(database.url(),
                                          "SELECT status, note, note_en, date, CASE WHEN value "
                                          "= 1 THEN 'one' END FROM indicator_result "
                                          "WHERE indicator_code = 'fine' AND territory_code = "
                                          "'c1' AND year = 2025"),
                  std::vector<std::string>{"sans-cible|bien|fine|2024-02-29|one"});
    }
}

namespace {

// Whether a process runs (a zombie has ended: it only waits to be reaped).
bool running(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line))
        return false;
    const std::size_t end = line.rfind(')');
    return end != std::string::npos && line.size() > end + 2 && line[end + 2] != 'Z';
}

std::vector<pid_t> pids_in(const fs::path& file) {
    std::vector<pid_t> pids;
    std::ifstream in(file);
    for (pid_t pid = 0; in >> pid;)
        pids.push_back(pid);
    return pids;
}

} // namespace

TEST(PluginIsolation, NothingAPluginStartsOutlivesItsComputationAndAnAnswerIsNotATimeout) {
    TempDir dir;
    const TestDatabase database(dir);
    const fs::path pid_file = dir / "pids";
    const auto started = std::chrono::steady_clock::now();
    const auto result = evaluate_misbehaving(
        dir, database,
        "      - {code: forks, label: Forks, level: realisation, method: forker, params: "
        "{pid_file: '" +
            pid_file.string() + "'}}\n",
        {"--isolate-plugins", "--plugin-timeout", "4"});
    const auto took = std::chrono::steady_clock::now() - started;
    const std::vector<pid_t> pids = pids_in(pid_file);
    std::vector<pid_t> alive;
    for (const pid_t pid : pids)
        if (running(pid))
            alive.push_back(pid);
    for (const pid_t pid : alive) { // leave nothing behind, even when the test fails
        std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline");
        std::string command;
        std::getline(cmdline, command, '\0');
        if (command.find("jalon") != std::string::npos)
            ::kill(pid, SIGKILL);
    }
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(pids.size(), 4u); // one per territory and year
    EXPECT_EQ(alive, std::vector<pid_t>{});
    EXPECT_LT(took, std::chrono::seconds(4));
    EXPECT_EQ(jalon::test::query_rows(
                  database.url(), "SELECT status, COUNT(*), SUM(CASE WHEN value = 3 THEN 1 ELSE 0 "
                                  "END), MAX(note) FROM indicator_result GROUP BY status"),
              std::vector<std::string>{"sans-cible|4|4|"});
}

TEST(PluginCli, WhatAPluginPrintsGoesToTheLogEscapedNeverToStandardOutput) {
    for (const bool isolated : {false, true}) {
        SCOPED_TRACE(isolated ? "isolated" : "in process");
        TempDir dir;
        const TestDatabase database(dir);
        const auto result = evaluate_misbehaving(
            dir, database,
            "      - {code: talk, label: Talks, level: realisation, method: chatty}\n",
            isolated ? std::vector<std::string>{"--isolate-plugins"} : std::vector<std::string>{});
        EXPECT_EQ(result.exit_code, 0) << result.err;
        // Standard output is Jalon's own: one line.
        EXPECT_EQ(result.out.rfind("run 1: mis 2025, 4 results", 0), 0u) << result.out;
        EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 1) << result.out;
        for (const std::string line :
             {"printed: stdio says \\x1B[2J\\x1B]0;owned\\x07 at c1\n",
              "printed: iostream says hello\n", "printed: stderr says \\x1B[31mred\n",
              "printed: raw write\n"})
            EXPECT_NE(result.err.find("jalon: warning: " + plugin_who() + " " + line),
                      std::string::npos)
                << line << result.err;
        EXPECT_EQ(result.err.find('\x1b'), std::string::npos) << result.err;
        EXPECT_EQ(result.err.find('\x07'), std::string::npos) << result.err;
    }
}

TEST(PluginFault, APluginEndingTheProcessAsItIsLoadedIsReportedAndJalonExitsWith1) {
    const auto result = jalon::test::run_jalon(
        {"--plugins", fault_plugin("exiting_on_load").parent_path().string(), "plugins", "list"});
    EXPECT_EQ(result.exit_code, 1) << result.out;
    EXPECT_EQ(result.out, "");
    EXPECT_NE(result.err.find("jalon: error: plugin " + fault_plugin("exiting_on_load").string() +
                              " ended the process (exit status 0) while loading it: the command "
                              "did not complete"),
              std::string::npos)
        << result.err;
}

TEST(PluginFault, NoExitWithStatus0BeforeTheCommandCompletesEvenOutsideACallIntoAPlugin) {
    // The method's destructor runs as the command ends, before `jalon` returns from main.
    const auto result = jalon::test::run_jalon(
        {"--plugins", fault_plugin("exiting_on_unload").parent_path().string(), "plugins", "list"});
    EXPECT_EQ(result.exit_code, 1) << result.out;
    EXPECT_NE(result.err.find("jalon: error: the process was ended with status 0 before the "
                              "command completed"),
              std::string::npos)
        << result.err;
}
