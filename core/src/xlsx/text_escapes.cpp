#include "text_escapes.hpp"

#include <optional>

namespace jalon::xlsx {

namespace {

constexpr std::size_t escape_length = 7; // _xHHHH_

/// The code unit of an escape starting at `at`, or nullopt.
std::optional<unsigned> escape_at(std::string_view text, std::size_t at) {
    if (at + escape_length > text.size() || text[at] != '_' || text[at + 1] != 'x' ||
        text[at + 6] != '_')
        return std::nullopt;
    unsigned unit = 0;
    for (std::size_t i = at + 2; i < at + 6; ++i) {
        const char c = text[i];
        unsigned digit = 0;
        if (c >= '0' && c <= '9')
            digit = static_cast<unsigned>(c - '0');
        else if (c >= 'A' && c <= 'F')
            digit = static_cast<unsigned>(c - 'A' + 10);
        else if (c >= 'a' && c <= 'f')
            digit = static_cast<unsigned>(c - 'a' + 10);
        else
            return std::nullopt;
        unit = unit * 16 + digit;
    }
    return unit;
}

void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

bool is_high_surrogate(unsigned unit) {
    return unit >= 0xD800 && unit <= 0xDBFF;
}

bool is_low_surrogate(unsigned unit) {
    return unit >= 0xDC00 && unit <= 0xDFFF;
}

} // namespace

std::string decode_text_escapes(std::string_view text) {
    if (text.find("_x") == std::string_view::npos)
        return std::string(text);
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const std::optional<unsigned> unit = escape_at(text, i);
        if (!unit || *unit == 0 || is_low_surrogate(*unit)) {
            out += text[i++];
            continue;
        }
        if (is_high_surrogate(*unit)) {
            const std::optional<unsigned> low = escape_at(text, i + escape_length);
            if (!low || !is_low_surrogate(*low)) {
                out += text[i++];
                continue;
            }
            append_utf8(out, 0x10000 + ((*unit - 0xD800) << 10) + (*low - 0xDC00));
            i += 2 * escape_length;
            continue;
        }
        append_utf8(out, *unit);
        i += escape_length;
    }
    return out;
}

} // namespace jalon::xlsx
