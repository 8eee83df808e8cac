// Methods that misbehave without crashing: they end the process, return fields the host must
// refuse or cut, print on the terminal, or leave processes behind them.
#include <jalon/plugin/abi.hpp>
#include <jalon/plugin/registrar.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <iostream>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace {

using namespace jalon::plugin;

// exit(N) at its second territory, N its parameter `status`.
class Quit final : public IndicatorMethod {
public:
    MethodResult compute(const MethodInput& input) const override {
        if (input.territory != "dep")
            std::exit(static_cast<int>(input.number("status")));
        return {1.0, {}, ""};
    }
};

class QuickQuit final : public IndicatorMethod {
public:
    MethodResult compute(const MethodInput&) const override { std::quick_exit(0); }
};

// A result whose field `field` is bad.
class BadField final : public IndicatorMethod {
public:
    MethodResult compute(const MethodInput& input) const override {
        const std::string field = input.text("field");
        if (field == "date")
            return {1.0, {}, "2025-13-01"};
        if (field == "long-date")
            return {1.0, {}, "2025-01-011"};
        if (field == "date-text")
            return {1.0, {}, "\x1b]0;owned\x07"};
        if (field == "nan")
            return {std::nan(""), {}, ""};
        if (field == "not-utf8")
            return {1.0, {std::string("caf\xe9"), "ok"}, ""};
        if (field == "nul")
            return {1.0, {"ok", std::string("a\0b", 3)}, ""};
        if (field == "huge-note")
            return {1.0,
                    {std::string(3 * 1024 * 1024, 'x') + "\xc3\xa9",
                     std::string(3 * 1024 * 1024, 'x') + "\xc3\xa9"},
                    ""};
        if (field == "huge-error")
            throw std::runtime_error(std::string(1024 * 1024, 'y') + "\xff");
        return {1.0, {"bien", "fine"}, "2024-02-29"};
    }
};

// Prints on standard output and error through C stdio, iostreams and write(2), escape sequences
// included, then answers.
class Chatty final : public IndicatorMethod {
public:
    MethodResult compute(const MethodInput& input) const override {
        std::printf("stdio says \x1b[2J\x1b]0;owned\x07 at %s\n", input.territory.c_str());
        std::cout << "iostream says hello" << std::endl;
        std::fprintf(stderr, "stderr says \x1b[31mred\n");
        ::write(STDOUT_FILENO, "raw write\n", 10);
        return {2.0, {}, ""};
    }
};

// Starts a process that would outlive the call (its pid appended to the file named by
// `pid_file`), then answers at once.
class Forker final : public IndicatorMethod {
public:
    MethodResult compute(const MethodInput& input) const override {
        const std::string file = input.text("pid_file");
        const pid_t child = ::fork();
        if (child == 0) {
            for (int i = 0; i < 600; ++i)
                ::sleep(1);
            ::_exit(0);
        }
        const std::string pid = std::to_string(child) + "\n";
        const int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0600);
        ::write(fd, pid.data(), pid.size());
        ::close(fd);
        return {3.0, {}, ""};
    }
};

MethodSpec named(const char* name) {
    MethodSpec spec;
    spec.name = name;
    spec.label = {"Méthode de test", "Test method"};
    spec.description.en = "a misbehaving method for tests";
    return spec;
}

MethodSpec with_param(const char* name, const char* param, ParamType type) {
    MethodSpec spec = named(name);
    ParamSpec p;
    p.name = param;
    p.type = type;
    p.required = true;
    spec.params.push_back(p);
    return spec;
}

} // namespace

JALON_PLUGIN("misbehaving", "0.1.0");

void jalon_register_plugin(MethodRegistrar& registrar) {
    registrar.add(with_param("quit", "status", ParamType::number), std::make_unique<Quit>());
    registrar.add(named("quick_quit"), std::make_unique<QuickQuit>());
    registrar.add(with_param("bad_field", "field", ParamType::text), std::make_unique<BadField>());
    registrar.add(named("chatty"), std::make_unique<Chatty>());
    registrar.add(with_param("forker", "pid_file", ParamType::text), std::make_unique<Forker>());
}
