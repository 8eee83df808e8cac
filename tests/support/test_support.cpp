#include "test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace jalon::test {

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

} // namespace jalon::test
