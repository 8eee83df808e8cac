#pragma once

#include <spdlog/sinks/base_sink.h>

#include <mutex>
#include <streambuf>
#include <string>
#include <string_view>

namespace jalon::cli {

// Text from input files and from the database shown on a terminal. Control characters would act
// on it (an escape sequence in a comment could retitle the window or clear the screen), so C0
// controls other than line feed and tab, DEL and the C1 controls (U+0080-U+009F) are shown as
// \xHH, or \u00HH for C1. Everything else, invalid UTF-8 included, passes unchanged.
std::string printable(std::string_view text);

// Writes what passes through it to another buffer as printable() would: put in front of
// std::cout, it covers every listing of stored texts.
class PrintableOutput : public std::streambuf {
public:
    explicit PrintableOutput(std::streambuf* target) : target_(target) {}
    ~PrintableOutput() override;
    PrintableOutput(const PrintableOutput&) = delete;
    PrintableOutput& operator=(const PrintableOutput&) = delete;

protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

private:
    void put(std::string_view text);
    void flush_lead();

    std::streambuf* target_;
    bool lead_ = false; // a 0xC2 byte held back: the next one says whether it starts a C1 control
};

// spdlog's sink for the `jalon` logger: standard error, messages through printable().
class PrintableStderrSink : public spdlog::sinks::base_sink<std::mutex> {
protected:
    void sink_it_(const spdlog::details::log_msg& message) override;
    void flush_() override;
};

} // namespace jalon::cli
