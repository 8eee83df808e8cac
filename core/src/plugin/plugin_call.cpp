#include "plugin_call.hpp"

#include "../utf8.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

namespace jalon {

namespace {

constexpr std::string_view cut_mark = " […]";
constexpr std::size_t max_logged_output = 64 * 1024;

PluginCall* current_call = nullptr;
bool isolated_child = false;

// The plugin in progress ends the process: in a child computing for its parent, the child ends
// with the plugin's status (the parent reports it); otherwise Jalon reports it and exits 1.
void plugin_ended_process(const std::string& how) {
    PluginCall* call = current_call;
    current_call = nullptr;
    call->finish();
    spdlog::error("{} ended the process ({}) {}: the command did not complete and nothing of it "
                  "was kept (--isolate-plugins computes each indicator in a child process)",
                  call->who(), how, call->task());
    spdlog::default_logger()->flush();
    std::fflush(stderr);
    ::_exit(1);
}

void on_process_exit(int status, void*) {
    if (!current_call)
        return;
    if (isolated_child) {
        current_call->finish();
        ::_exit(status);
    }
    plugin_ended_process("exit status " + std::to_string(status));
}

void on_quick_exit() {
    if (!current_call)
        return;
    if (isolated_child) {
        current_call->finish();
        return; // quick_exit goes on with the plugin's status
    }
    plugin_ended_process("quick_exit");
}

void guard_process_exit() {
    static std::once_flag installed;
    std::call_once(installed, [] {
        ::on_exit(on_process_exit, nullptr);
        std::at_quick_exit(on_quick_exit);
    });
}

void flush_output() {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(stdout);
    std::fflush(stderr);
}

std::string hex(unsigned char byte) {
    constexpr char digits[] = "0123456789abcdef";
    return std::string("\\x") + digits[byte >> 4] + digits[byte & 15];
}

// A short excerpt of a field for a message: printable ASCII kept, every other byte as \xHH.
std::string excerpt(std::string_view text) {
    constexpr std::size_t shown = 40;
    std::string out;
    for (std::size_t i = 0; i < text.size() && i < shown; ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        out += byte >= 0x20 && byte < 0x7f && byte != '\\' ? std::string(1, text[i]) : hex(byte);
    }
    return text.size() > shown ? out + "…" : out;
}

// `text` (valid UTF-8) cut to `max` bytes at a character boundary, the mark included; `longer`
// when it is already the start of a longer text.
std::string cut(std::string text, std::size_t max, bool longer = false) {
    if (text.size() <= max && !longer)
        return text;
    std::size_t end = std::min(text.size(), max - cut_mark.size());
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    text.resize(end);
    return text += cut_mark;
}

bool is_calendar_date(const std::string& date) {
    if (date.size() != 10 || date[4] != '-' || date[7] != '-')
        return false;
    for (const std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (date[i] < '0' || date[i] > '9')
            return false;
    const int year = std::stoi(date.substr(0, 4));
    const int month = std::stoi(date.substr(5, 2));
    const int day = std::stoi(date.substr(8, 2));
    if (month < 1 || month > 12 || day < 1)
        return false;
    constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

} // namespace

PluginCall::PluginCall(std::string plugin, std::string file, std::string task)
    : plugin_(std::move(plugin)), file_(std::move(file)), task_(std::move(task)) {
    guard_process_exit();
    flush_output();
    capture_ = std::tmpfile();
    if (capture_) {
        saved_out_ = ::dup(STDOUT_FILENO);
        saved_err_ = ::dup(STDERR_FILENO);
        if (saved_out_ < 0 || saved_err_ < 0 || ::dup2(::fileno(capture_), STDOUT_FILENO) < 0 ||
            ::dup2(::fileno(capture_), STDERR_FILENO) < 0) {
            // Without a capture the plugin prints where Jalon does; nothing else changes.
            if (saved_out_ >= 0)
                ::dup2(saved_out_, STDOUT_FILENO);
            if (saved_err_ >= 0)
                ::dup2(saved_err_, STDERR_FILENO);
            for (const int fd : {saved_out_, saved_err_})
                if (fd >= 0)
                    ::close(fd);
            saved_out_ = saved_err_ = -1;
            std::fclose(capture_);
            capture_ = nullptr;
        }
    }
    current_call = this;
}

PluginCall::~PluginCall() {
    finish();
}

void PluginCall::in_isolated_child() {
    isolated_child = true;
}

std::string PluginCall::who() const {
    return plugin_.empty() ? "plugin " + file_ : "plugin '" + plugin_ + "' (" + file_ + ")";
}

std::string PluginCall::task() const {
    std::string text = "while " + task_;
    if (input_)
        text += " for territory '" + input_->territory + "', year " + std::to_string(input_->year);
    return text;
}

void PluginCall::finish() {
    if (finished_)
        return;
    finished_ = true;
    if (current_call == this)
        current_call = nullptr;
    if (!capture_)
        return;
    flush_output();
    ::dup2(saved_out_, STDOUT_FILENO);
    ::dup2(saved_err_, STDERR_FILENO);
    ::close(saved_out_);
    ::close(saved_err_);

    const int fd = ::fileno(capture_);
    struct stat st {};
    const std::size_t size = ::fstat(fd, &st) == 0 ? static_cast<std::size_t>(st.st_size) : 0;
    std::string printed(std::min(size, max_logged_output), '\0');
    std::size_t got = 0;
    while (got < printed.size()) {
        const ssize_t n =
            ::pread(fd, printed.data() + got, printed.size() - got, static_cast<off_t>(got));
        if (n <= 0)
            break;
        got += static_cast<std::size_t>(n);
    }
    printed.resize(got);
    std::fclose(capture_);
    capture_ = nullptr;
    if (printed.empty())
        return;

    const std::string who = this->who() + " printed";
    for (std::size_t start = 0; start < printed.size();) {
        std::size_t end = printed.find('\n', start);
        if (end == std::string::npos)
            end = printed.size();
        spdlog::warn("{}: {}", who, std::string_view(printed).substr(start, end - start));
        start = end + 1;
    }
    if (size > printed.size())
        spdlog::warn("{} {} more bytes, not shown", who, size - printed.size());
}

std::string result_fault(plugin::MethodResult& result) {
    if (result.value && !std::isfinite(*result.value))
        return "returned a value that is not finite";
    if (!result.date.empty() && !is_calendar_date(result.date))
        return "returned a date that is not a YYYY-MM-DD date: '" + excerpt(result.date) + "'";
    for (std::string* note : {&result.note.fr, &result.note.en}) {
        const std::string which = note == &result.note.fr ? "a French" : "an English";
        if (const auto bad = first_invalid_utf8(*note))
            return "returned " + which + " note that is not UTF-8 (byte offset " +
                   std::to_string(*bad) + ")";
        if (const std::size_t nul = note->find('\0'); nul != std::string::npos)
            return "returned " + which + " note with a NUL byte (byte offset " +
                   std::to_string(nul) + ")";
        *note = cut(std::move(*note), max_plugin_note_bytes);
    }
    return {};
}

std::string plugin_text(std::string_view text) {
    std::string out;
    const char* p = text.data();
    const char* const end = p + text.size();
    while (p < end && out.size() < max_plugin_note_bytes) {
        const auto byte = static_cast<unsigned char>(*p);
        if (byte == 0) {
            out += hex(byte);
            ++p;
        } else if (byte < 0x80) {
            out += *p++;
        } else if (const std::size_t n = utf8_sequence(p, end)) {
            out.append(p, n);
            p += n;
        } else {
            out += hex(byte);
            ++p;
        }
    }
    return cut(std::move(out), max_plugin_note_bytes, p < end);
}

} // namespace jalon
