#pragma once

#include <jalon/plugin/indicator_method.hpp>

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace jalon {

// The time the host spends in a plugin's code, as a scope around one or more calls into it.
//
// While it lives, what the plugin prints on standard output or standard error (C stdio, iostreams
// or write(2)) goes to a temporary file instead of Jalon's output; at its end that text is
// logged, escaped, as warnings naming the plugin. And if the plugin ends the process with exit()
// or quick_exit(), Jalon reports it (plugin, file, what was being computed) and exits with status
// 1, never 0; in an isolated child process the child ends with the plugin's status instead, for
// the parent to report. _exit() and signals cannot be intercepted in process: --isolate-plugins
// covers them.
//
// Scopes do not nest and are used from one thread.
class PluginCall {
public:
    // `plugin` is the plugin's name (empty before it is known), `task` what it is called for
    // ("computing indicator 'I'").
    PluginCall(std::string plugin, std::string file, std::string task);
    ~PluginCall();
    PluginCall(const PluginCall&) = delete;
    PluginCall& operator=(const PluginCall&) = delete;

    // Names the computation in progress, for a report if the plugin ends the process.
    void at(const plugin::MethodInput& input) { input_ = &input; }

    // Called in a child process that computes for its parent (--isolate-plugins): a plugin ending
    // it then ends it with its own status, and the parent reports the reason.
    static void in_isolated_child();

    // Ends the scope early: output restored and logged (also used by the exit guard).
    void finish();
    // "plugin 'NAME' (FILE)", or "plugin FILE" before its name is known
    std::string who() const;
    // "while computing indicator 'I' for territory 'T', year Y"
    std::string task() const;

private:
    std::string plugin_;
    std::string file_;
    std::string task_;
    const plugin::MethodInput* input_ = nullptr;
    std::FILE* capture_ = nullptr;
    int saved_out_ = -1;
    int saved_err_ = -1;
    bool finished_ = false;
};

// The longest note kept from a plugin's result; a longer one is cut at a character boundary and
// ends with " […]".
constexpr std::size_t max_plugin_note_bytes = 4096;

// Checks the fields of a plugin's result: the value finite, the date empty or a real YYYY-MM-DD
// date, each language's note UTF-8 without NUL bytes (cut to max_plugin_note_bytes). Returns why
// the result cannot be kept, or an empty text (the note possibly cut).
std::string result_fault(plugin::MethodResult& result);

// A text from a plugin (an exception's message) made safe to store and show: bytes that are not
// UTF-8 and NUL bytes as \xHH, cut to max_plugin_note_bytes with " […]".
std::string plugin_text(std::string_view text);

} // namespace jalon
