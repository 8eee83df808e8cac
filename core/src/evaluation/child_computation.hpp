#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace jalon {

// What a method said for one territory and year, or why it said nothing (`error` set).
struct Computation {
    std::optional<double> value;
    std::string note;    // in French
    std::string note_en; // in English
    std::string date;
    std::string error;
    bool not_applicable = false; // nothing to record at this territory and year
};

// Runs `work` in a forked child process and returns what it computed, so that a plugin that
// crashes, hangs or ends its process takes down the child only. Returns the reason instead when
// the child is killed by a signal (a crash), ends without a whole answer (with its exit status),
// or is still running after `timeout`. The child has a process group of its own: once the answer
// is in, or the child has ended, or at the timeout, the whole group (whatever the plugin started)
// is killed and reaped. The child never returns to the caller: it writes its answer to a pipe,
// length first, and leaves with _exit, running no destructor or exit handler of the parent's
// state.
std::variant<std::vector<Computation>, std::string>
compute_in_child(const std::function<std::vector<Computation>()>& work,
                 std::chrono::milliseconds timeout);

} // namespace jalon
