#pragma once
// Shared helpers for Jalon's tests: temporary directories, files, running the CLI.

#include <filesystem>
#include <string>
#include <vector>

namespace jalon::test {

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

// Path of a file of the source tree (`samples/x.yaml`).
std::filesystem::path source_path(const std::string& relative);

// The four real samples.
std::vector<std::filesystem::path> sample_files();

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
