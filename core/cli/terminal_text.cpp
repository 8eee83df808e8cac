#include "terminal_text.hpp"

#include <cstdio>

namespace jalon::cli {

namespace {

bool is_c0_control(unsigned char byte) {
    return (byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7F;
}

std::string escaped(const char* format, unsigned char byte) {
    char text[8];
    std::snprintf(text, sizeof text, format, byte);
    return text;
}

} // namespace

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
        if (is_c0_control(byte)) {
            out += escaped("\\x%02X", byte);
        } else if (byte == 0xC2 && next >= 0x80 && next <= 0x9F) {
            out += escaped("\\u00%02X", next);
            ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

PrintableOutput::~PrintableOutput() {
    flush_lead();
}

void PrintableOutput::flush_lead() {
    if (lead_) {
        lead_ = false;
        target_->sputc('\xC2');
    }
}

void PrintableOutput::put(std::string_view text) {
    std::size_t i = 0;
    if (lead_ && !text.empty()) {
        lead_ = false;
        const auto byte = static_cast<unsigned char>(text[0]);
        if (byte >= 0x80 && byte <= 0x9F) {
            const std::string shown = escaped("\\u00%02X", byte);
            target_->sputn(shown.data(), static_cast<std::streamsize>(shown.size()));
            i = 1;
        } else {
            target_->sputc('\xC2');
        }
    }
    std::size_t end = text.size();
    if (end > i && static_cast<unsigned char>(text[end - 1]) == 0xC2) {
        lead_ = true; // decided by the next write
        --end;
    }
    const std::string shown = printable(text.substr(i, end - i));
    target_->sputn(shown.data(), static_cast<std::streamsize>(shown.size()));
}

PrintableOutput::int_type PrintableOutput::overflow(int_type c) {
    if (traits_type::eq_int_type(c, traits_type::eof()))
        return traits_type::not_eof(c);
    const char byte = traits_type::to_char_type(c);
    put(std::string_view(&byte, 1));
    return c;
}

std::streamsize PrintableOutput::xsputn(const char* s, std::streamsize n) {
    put(std::string_view(s, static_cast<std::size_t>(n)));
    return n;
}

int PrintableOutput::sync() {
    return target_->pubsync();
}

void PrintableStderrSink::sink_it_(const spdlog::details::log_msg& message) {
    spdlog::memory_buf_t formatted;
    formatter_->format(message, formatted);
    const std::string shown = printable(std::string_view(formatted.data(), formatted.size()));
    std::fwrite(shown.data(), 1, shown.size(), stderr);
}

void PrintableStderrSink::flush_() {
    std::fflush(stderr);
}

} // namespace jalon::cli
