#include "child_computation.hpp"

#include "../plugin/plugin_call.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace jalon {

namespace {

// The answer on the wire: a count, then per computation a presence byte, the value, and three
// length-prefixed texts.
void put(std::string& out, const void* data, std::size_t size) {
    out.append(static_cast<const char*>(data), size);
}

void put_text(std::string& out, const std::string& text) {
    const std::uint64_t size = text.size();
    put(out, &size, sizeof size);
    out += text;
}

// The whole answer follows its size, so that the parent knows when it has it all (a process the
// plugin started may keep the pipe open after the child has answered).
std::string encoded(const std::vector<Computation>& computations) {
    std::string out(sizeof(std::uint64_t), '\0');
    const std::uint64_t count = computations.size();
    put(out, &count, sizeof count);
    for (const Computation& c : computations) {
        const char flags = static_cast<char>((c.value ? 1 : 0) | (c.not_applicable ? 2 : 0));
        const double value = c.value.value_or(0);
        put(out, &flags, 1);
        put(out, &value, sizeof value);
        put_text(out, c.note);
        put_text(out, c.note_en);
        put_text(out, c.date);
        put_text(out, c.error);
    }
    const std::uint64_t size = out.size() - sizeof size;
    std::memcpy(out.data(), &size, sizeof size);
    return out;
}

// Whether `answer` holds a whole answer (its size, then that many bytes).
bool whole(const std::string& answer) {
    std::uint64_t size = 0;
    if (answer.size() < sizeof size)
        return false;
    std::memcpy(&size, answer.data(), sizeof size);
    return answer.size() - sizeof size >= size;
}

class Reader {
public:
    explicit Reader(const std::string& in) : in_(in) {}
    bool get(void* data, std::size_t size) {
        if (in_.size() - at_ < size)
            return false;
        std::memcpy(data, in_.data() + at_, size);
        at_ += size;
        return true;
    }
    bool get_text(std::string& text) {
        std::uint64_t size = 0;
        if (!get(&size, sizeof size) || in_.size() - at_ < size)
            return false;
        text.assign(in_, at_, size);
        at_ += size;
        return true;
    }
    bool done() const { return at_ == in_.size(); }

private:
    const std::string& in_;
    std::size_t at_ = 0;
};

std::optional<std::vector<Computation>> decoded(const std::string& in) {
    Reader reader(in);
    std::uint64_t size = 0;
    if (!reader.get(&size, sizeof size) || in.size() - sizeof size != size)
        return std::nullopt;
    std::uint64_t count = 0;
    if (!reader.get(&count, sizeof count) || count > in.size())
        return std::nullopt;
    std::vector<Computation> computations(count);
    for (Computation& c : computations) {
        char flags = 0;
        double value = 0;
        if (!reader.get(&flags, 1) || !reader.get(&value, sizeof value) ||
            !reader.get_text(c.note) || !reader.get_text(c.note_en) || !reader.get_text(c.date) ||
            !reader.get_text(c.error))
            return std::nullopt;
        if (flags & 1)
            c.value = value;
        c.not_applicable = (flags & 2) != 0;
    }
    if (!reader.done())
        return std::nullopt;
    return computations;
}

[[noreturn]] void run_child(int out, const std::function<std::vector<Computation>()>& work) {
    // Its own process group, which the parent ends with everything the plugin started; and no
    // life after the parent's.
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    PluginCall::in_isolated_child();
    int code = 0;
    try {
        const std::string answer = encoded(work());
        for (std::size_t written = 0; written < answer.size();) {
            const ssize_t n = ::write(out, answer.data() + written, answer.size() - written);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                code = 4;
                break;
            }
            written += static_cast<std::size_t>(n);
        }
    } catch (...) {
        code = 3;
    }
    ::_exit(code);
}

std::string seconds(std::chrono::milliseconds t) {
    if (t.count() % 1000 == 0)
        return std::to_string(t.count() / 1000);
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", static_cast<double>(t.count()) / 1000.0);
    return text;
}

std::string signal_name(int signal) {
    const char* name = ::strsignal(signal);
    return "signal " + std::to_string(signal) + (name ? std::string(" (") + name + ")" : "");
}

} // namespace

std::variant<std::vector<Computation>, std::string>
compute_in_child(const std::function<std::vector<Computation>()>& work,
                 std::chrono::milliseconds timeout) {
    int fds[2];
    if (::pipe(fds) != 0)
        return std::string("cannot create a pipe for the child process: ") + std::strerror(errno);
    // Processes the plugin starts and orphans come back to Jalon, to be reaped; buffered output is
    // written before the child gets a copy of it.
    static const int subreaper = ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    (void)subreaper;
    std::cout.flush();
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int error = errno;
        ::close(fds[0]);
        ::close(fds[1]);
        return std::string("cannot start a child process: ") + std::strerror(error);
    }
    if (pid == 0) {
        ::close(fds[0]);
        run_child(fds[1], work);
    }
    ::close(fds[1]);
    ::setpgid(pid, pid); // as the child does, before anything is sent to its group

    // Read until the whole answer is in, the child has ended, or the time is up.
    std::string answer;
    bool timed_out = false;
    bool reaped = false;
    bool pipe_open = true;
    int status = 0;
#ifdef SYS_pidfd_open
    const int ended = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); // -1 on old kernels
#else
    const int ended = -1;
#endif
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    char buffer[65536];
    const auto read_some = [&] {
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        if (n > 0)
            answer.append(buffer, static_cast<std::size_t>(n));
        else if (n == 0 || errno != EINTR)
            pipe_open = false; // every writer is gone
    };
    while (!whole(answer)) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timed_out = true;
            break;
        }
        pollfd p[2] = {{pipe_open ? fds[0] : -1, POLLIN, 0}, {ended, POLLIN, 0}};
        const int slice = ended >= 0 ? 1000 : 50;
        const int ready = ::poll(p, ended >= 0 ? 2 : 1,
                                 static_cast<int>(std::min<long long>(left.count(), slice)));
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (p[0].revents != 0) {
            read_some();
            continue;
        }
        const bool child_ended =
            ended >= 0 ? p[1].revents != 0 : ::waitpid(pid, &status, WNOHANG) == pid;
        if (child_ended) {
            reaped = ended < 0;
            // What it wrote before it ended is in the pipe; a process it started may hold the
            // pipe open, so read without waiting.
            for (pollfd rest{fds[0], POLLIN, 0}; pipe_open && ::poll(&rest, 1, 0) > 0;)
                read_some();
            break;
        }
    }
    ::close(fds[0]);
    if (ended >= 0)
        ::close(ended);
    // The child and everything it started end here, answered or not, then are reaped.
    ::kill(-pid, SIGKILL);
    if (!reaped)
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    while (::waitpid(-pid, nullptr, 0) > 0 || errno == EINTR) {
    }

    if (whole(answer)) {
        if (auto computations = decoded(answer))
            return std::move(*computations);
        return std::string("its child process sent an answer that cannot be read");
    }
    if (timed_out)
        return "did not finish within " + seconds(timeout) + " s: its child process was killed";
    if (WIFSIGNALED(status))
        return "crashed: its child process was killed by " + signal_name(WTERMSIG(status));
    if (WIFEXITED(status))
        return "ended without answering: its child process exited with status " +
               std::to_string(WEXITSTATUS(status));
    return std::string("ended without answering");
}

} // namespace jalon
