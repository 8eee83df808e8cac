#pragma once
// Shared helpers for Jalon's tests: temporary directories, files, running the CLI.

#include <jalon/error.hpp>
#include <jalon/store/database.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace jalon::test {

// Whether `text` holds `part`.
inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

#define EXPECT_CONTAINS(text, part)                                                                \
    EXPECT_TRUE(jalon::test::contains(text, part)) << "in: " << (text)

// The diagnostics of the InputError `read` throws; a failed expectation when it throws none.
std::vector<jalon::Diagnostic> input_problems(const std::function<void()>& read);

// The single problem `read` reports; a failed expectation (and an empty diagnostic) otherwise.
jalon::Diagnostic single_problem(const std::function<void()>& read);

// Runs `read`; an InputError fails the test, listing its diagnostics.
void expect_no_problem(const std::function<void()>& read);

// Expects a diagnostic at FILE:LINE:COLUMN (no cell) with that key.
void expect_at(const jalon::Diagnostic& d, const std::string& file, int line, int column,
               const std::string& key);

// A fresh directory under the system temp dir, removed when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& content);

// Makes a named pipe at `path` holding `content` for whoever opens it, calls `read` (a reader
// given the pipe's path), and cleans up. Until `read` returns, a writer in the background serves
// each reader that opens the pipe: it writes `content` and closes, so that the reader sees the
// text then its end. It waits for readers without blocking: a reader that refuses the pipe
// unopened does not hang the test, nor one that opens it twice.
void with_named_pipe(const std::filesystem::path& path, const std::string& content,
                     const std::function<void()>& read);

// Path of a file of the source tree (`samples/x.yaml`).
std::filesystem::path source_path(const std::string& relative);

// The four real samples.
std::vector<std::filesystem::path> sample_files();

// Whether the suite runs against PostgreSQL: the `pg.` copies of the tests, which ctest runs with
// JALON_TEST_PG_ENV naming the env file of the private test cluster (scripts/pg-test-cluster).
// Otherwise the tests run against SQLite files.
bool on_postgresql();

// A fresh, empty database for one test: a SQLite file in the test's directory, or, on
// PostgreSQL, a new schema of the test cluster's database (the URL sets its search_path, and the
// cluster's password is put in PGPASSWORD for this process and the `jalon` it runs).
class TestDatabase {
public:
    explicit TestDatabase(const TempDir& dir, const std::string& name = "j.db");

    // The `--db` value: `sqlite:PATH` or `postgresql://…?options=-csearch_path%3D…`.
    const std::string& url() const { return url_; }
    // `--db=URL`, for run_jalon.
    std::string arg() const { return "--db=" + url_; }

private:
    std::string url_;
};

// Runs a query on a database and returns its rows, each as its columns' text joined by `|`
// (NULL as `NULL`, numbers in their shortest form: `12`, `0.5`), in the order the query gives.
// The same text on both backends, for comparing contents.
std::vector<std::string> query_rows(const std::string& url, const std::string& sql);

// The rows of a query whose columns are all text, joined by `|`, through a plain PostgreSQL
// session (a jalon::Database would migrate the schema on opening).
std::vector<std::string> raw_rows(const jalon::DatabaseUrl& url, const std::string& sql);

// What a database holds, to tell that nothing was written: a SQLite file's bytes; on PostgreSQL,
// the schema's relations with their identities and every table's rows with the transaction that
// last wrote them (sorted).
std::vector<std::string> stored_state(const std::string& url);

// Whether a database was created: the SQLite file exists, or the PostgreSQL schema holds tables.
bool database_exists(const TestDatabase& database);

// The result of running the `jalon` executable.
struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs the built `jalon` with the arguments (no shell), capturing stdout and stderr.
RunResult run_jalon(const std::vector<std::string>& args,
                    const std::vector<std::pair<std::string, std::string>>& env = {});

// Runs a program (an absolute path, no shell) with the arguments, capturing stdout and stderr.
RunResult run_program(const std::string& program, const std::vector<std::string>& args,
                      const std::vector<std::pair<std::string, std::string>>& env = {});

// Runs a Python program with Debian's /usr/bin/python3 (which has openpyxl): `python3 -c PROGRAM
// ARGS...`.
RunResult run_python(const std::string& program, const std::vector<std::string>& args);

} // namespace jalon::test
