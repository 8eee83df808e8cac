#include "utf8.hpp"

namespace jalon {

std::size_t utf8_sequence(const char* p, const char* end) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(p[i]); };
    const auto follows = [&](std::size_t i, unsigned lo = 0x80, unsigned hi = 0xBF) {
        return p + i < end && byte(i) >= lo && byte(i) <= hi;
    };
    const unsigned lead = byte(0);
    if (lead >= 0xC2 && lead <= 0xDF)
        return follows(1) ? 2 : 0;
    if (lead == 0xE0)
        return follows(1, 0xA0) && follows(2) ? 3 : 0;
    if (lead == 0xED)
        return follows(1, 0x80, 0x9F) && follows(2) ? 3 : 0;
    if (lead >= 0xE1 && lead <= 0xEF)
        return follows(1) && follows(2) ? 3 : 0;
    if (lead == 0xF0)
        return follows(1, 0x90) && follows(2) && follows(3) ? 4 : 0;
    if (lead >= 0xF1 && lead <= 0xF3)
        return follows(1) && follows(2) && follows(3) ? 4 : 0;
    if (lead == 0xF4)
        return follows(1, 0x80, 0x8F) && follows(2) && follows(3) ? 4 : 0;
    return 0;
}

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    for (const char* p = begin; p < end;) {
        if (static_cast<unsigned char>(*p) < 0x80) {
            ++p;
            continue;
        }
        const std::size_t length = utf8_sequence(p, end);
        if (length == 0)
            return static_cast<std::size_t>(p - begin);
        p += length;
    }
    return std::nullopt;
}

} // namespace jalon
