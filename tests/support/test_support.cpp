#include "test_support.hpp"

#include <jalon/store/database.hpp>

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace jalon::test {

std::vector<Diagnostic> input_problems(const std::function<void()>& read) {
    try {
        read();
    } catch (const InputError& error) {
        return error.diagnostics();
    }
    ADD_FAILURE() << "expected an InputError";
    return {};
}

Diagnostic single_problem(const std::function<void()>& read) {
    const std::vector<Diagnostic> found = input_problems(read);
    EXPECT_EQ(found.size(), 1u);
    if (found.size() != 1) {
        for (const Diagnostic& d : found)
            ADD_FAILURE() << d.to_string();
        return {};
    }
    return found.front();
}

void expect_no_problem(const std::function<void()>& read) {
    try {
        read();
    } catch (const InputError& error) {
        std::string all;
        for (const Diagnostic& d : error.diagnostics())
            all += d.to_string() + "\n";
        ADD_FAILURE() << "unexpected InputError:\n" << all;
    }
}

void expect_at(const Diagnostic& d, const std::string& file, int line, int column,
               const std::string& key) {
    EXPECT_EQ(d.where.file, file);
    EXPECT_EQ(d.where.line, line) << d.to_string();
    EXPECT_EQ(d.where.column, column) << d.to_string();
    EXPECT_EQ(d.key, key) << d.to_string();
    EXPECT_EQ(d.where.cell, "");
}

TempDir::TempDir() {
    std::random_device random;
    for (;;) {
        path_ = fs::temp_directory_path() / ("jalon-test-" + std::to_string(random()));
        if (fs::create_directory(path_))
            break;
    }
}

TempDir::~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void write_file(const fs::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
}

void with_named_pipe(const fs::path& path, const std::string& content,
                     const std::function<void()>& read) {
    ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0) << path;
    std::atomic<bool> done{false};
    std::thread writer([&] {
        while (!done) {
            const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK);
            if (fd < 0) { // ENXIO: no reader yet
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
                continue;
            }
            ::fcntl(fd, F_SETFL, 0);
            std::size_t written = 0;
            while (written < content.size()) {
                const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
                if (n <= 0)
                    break; // the reader left (EPIPE: SIGPIPE is ignored meanwhile)
                written += static_cast<std::size_t>(n);
            }
            ::close(fd);
        }
    });
    const auto previous = std::signal(SIGPIPE, SIG_IGN);
    read();
    done = true;
    writer.join();
    std::signal(SIGPIPE, previous);
    fs::remove(path);
}

fs::path source_path(const std::string& relative) {
    return fs::path(JALON_SOURCE_DIR) / relative;
}

std::vector<fs::path> sample_files() {
    return {source_path("samples/agglopolys-pst-2022-2027.yaml"),
            source_path("samples/blois-bilan-mi-parcours-2020-2026-ville-solidaire.yaml"),
            source_path("samples/blois-contrat-de-ville-perr-2020-2022.yaml"),
            source_path("samples/vienne-schema-unique-solidarites-2025-2029.yaml")};
}

RunResult run_program(const std::string& program, const std::vector<std::string>& args,
                      const std::vector<std::pair<std::string, std::string>>& env) {
    TempDir capture;
    const fs::path out = capture / "out", err = capture / "err";
    const pid_t pid = fork();
    if (pid == 0) {
        for (const auto& [name, value] : env)
            setenv(name.c_str(), value.c_str(), 1);
        if (!freopen(out.c_str(), "w", stdout) || !freopen(err.c_str(), "w", stderr))
            _exit(127);
        std::vector<char*> argv;
        std::string path = program;
        argv.push_back(path.data());
        std::vector<std::string> copies(args);
        for (std::string& a : copies)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(path.c_str(), argv.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    RunResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = read_file(out);
    result.err = read_file(err);
    return result;
}

RunResult run_jalon(const std::vector<std::string>& args,
                    const std::vector<std::pair<std::string, std::string>>& env) {
    return run_program(JALON_EXECUTABLE, args, env);
}

RunResult run_python(const std::string& program, const std::vector<std::string>& args) {
    std::vector<std::string> all{"-c", program};
    all.insert(all.end(), args.begin(), args.end());
    return run_program("/usr/bin/python3", all);
}

namespace {

// KEY=value lines of the test cluster's env file.
std::map<std::string, std::string> cluster_settings() {
    const char* file = std::getenv("JALON_TEST_PG_ENV");
    std::map<std::string, std::string> settings;
    if (!file || !*file)
        return settings;
    std::istringstream lines(read_file(file));
    for (std::string line; std::getline(lines, line);)
        if (const auto equals = line.find('='); equals != std::string::npos)
            settings[line.substr(0, equals)] = line.substr(equals + 1);
    if (!settings.count("JALON_TEST_PG_URL"))
        throw std::runtime_error(std::string("JALON_TEST_PG_ENV: no test cluster in ") + file +
                                 " (did scripts/pg-test-cluster start fail?)");
    return settings;
}

const std::map<std::string, std::string>& cluster() {
    static const std::map<std::string, std::string> settings = [] {
        auto s = cluster_settings();
        if (s.count("PGPASSWORD"))
            setenv("PGPASSWORD", s["PGPASSWORD"].c_str(), 1);
        return s;
    }();
    return settings;
}

std::string number_text(double value) {
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

} // namespace

bool on_postgresql() {
    return !cluster().empty();
}

TestDatabase::TestDatabase(const TempDir& dir, const std::string& name) {
    if (!on_postgresql()) {
        url_ = "sqlite:" + (dir / name).string();
        return;
    }
    static std::atomic<int> counter{0};
    const std::string schema = "t" + std::to_string(getpid()) + "_" + std::to_string(++counter) +
                               "_" + std::to_string(std::time(nullptr) % 100000);
    const std::string base = cluster().at("JALON_TEST_PG_URL");
    soci::session admin(soci::postgresql, DatabaseUrl::parse(base).libpq_keywords());
    admin << "DROP SCHEMA IF EXISTS " + schema + " CASCADE";
    admin << "CREATE SCHEMA " + schema;
    url_ = base + "?options=-csearch_path%3D" + schema;
}

std::vector<std::string> raw_rows(const DatabaseUrl& url, const std::string& sql) {
    soci::session session(soci::postgresql, url.libpq_keywords());
    soci::rowset<soci::row> rows = session.prepare << sql;
    std::vector<std::string> out;
    for (const soci::row& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i)
            line += (i ? "|" : "") + row.get<std::string>(i);
        out.push_back(line);
    }
    return out;
}

std::vector<std::string> stored_state(const std::string& url) {
    const DatabaseUrl parsed = DatabaseUrl::parse(url);
    if (parsed.backend == Backend::sqlite)
        return {read_file(parsed.target)};
    std::vector<std::string> state =
        raw_rows(parsed, "SELECT c.relname::text, c.relkind::text, c.oid::text, c.relfilenode::text"
                         " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                         " WHERE n.nspname = current_schema() ORDER BY c.relname");
    for (const std::string& table :
         raw_rows(parsed, "SELECT quote_ident(table_name) FROM information_schema.tables"
                          " WHERE table_schema = current_schema()"
                          " AND table_type = 'BASE TABLE' ORDER BY table_name")) {
        std::vector<std::string> rows =
            raw_rows(parsed, "SELECT t.xmin::text, t::text FROM " + table + " AS t");
        std::sort(rows.begin(), rows.end());
        state.push_back(table + ":");
        state.insert(state.end(), rows.begin(), rows.end());
    }
    return state;
}

bool database_exists(const TestDatabase& database) {
    const DatabaseUrl url = DatabaseUrl::parse(database.url());
    if (url.backend == Backend::sqlite)
        return fs::exists(url.target);
    return raw_rows(url, "SELECT table_name::text FROM information_schema.tables"
                         " WHERE table_schema = current_schema()")
               .size() > 0;
}

std::vector<std::string> query_rows(const std::string& url, const std::string& sql) {
    Database db = Database::open(DatabaseUrl::parse(url));
    soci::rowset<soci::row> rows = db.session().prepare << sql;
    std::vector<std::string> out;
    for (const soci::row& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i)
                line += '|';
            if (row.get_indicator(i) == soci::i_null) {
                line += "NULL";
                continue;
            }
            switch (row.get_properties(i).get_data_type()) {
            case soci::dt_string:
            case soci::dt_xml:
            case soci::dt_blob:
                line += row.get<std::string>(i);
                break;
            case soci::dt_double:
                line += number_text(row.get<double>(i));
                break;
            case soci::dt_integer:
                line += std::to_string(row.get<int>(i));
                break;
            case soci::dt_long_long:
                line += std::to_string(row.get<long long>(i));
                break;
            case soci::dt_unsigned_long_long:
                line += std::to_string(row.get<unsigned long long>(i));
                break;
            case soci::dt_date: {
                std::tm t = row.get<std::tm>(i);
                char buffer[32];
                std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &t);
                line += buffer;
                break;
            }
            }
        }
        out.push_back(std::move(line));
    }
    return out;
}

} // namespace jalon::test
