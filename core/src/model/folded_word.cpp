#include "folded_word.hpp"

#include <array>
#include <utility>

namespace jalon {

namespace {
// UTF-8 two-byte sequences (0xC3 xx) of the accented letters used in French.
constexpr std::array<std::pair<unsigned char, char>, 26> latin1_letters{{
    {0xA0, 'a'}, {0xA2, 'a'}, {0xA4, 'a'}, {0xA7, 'c'}, {0xA8, 'e'}, {0xA9, 'e'}, {0xAA, 'e'},
    {0xAB, 'e'}, {0xAE, 'i'}, {0xAF, 'i'}, {0xB4, 'o'}, {0xB6, 'o'}, {0xB9, 'u'}, {0xBB, 'u'},
    {0xBC, 'u'}, {0x80, 'a'}, {0x82, 'a'}, {0x87, 'c'}, {0x88, 'e'}, {0x89, 'e'}, {0x8A, 'e'},
    {0x8B, 'e'}, {0x8E, 'i'}, {0x94, 'o'}, {0x99, 'u'}, {0x9B, 'u'},
}};
} // namespace

std::string folded_word(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == 0xC3 && i + 1 < text.size()) {
            const auto next = static_cast<unsigned char>(text[i + 1]);
            bool mapped = false;
            for (const auto& [byte, letter] : latin1_letters) {
                if (byte == next) {
                    out += letter;
                    mapped = true;
                    break;
                }
            }
            if (mapped) {
                ++i;
                continue;
            }
        }
        if (c == ' ' || c == '_')
            out += '-';
        else if (c >= 'A' && c <= 'Z')
            out += static_cast<char>(c - 'A' + 'a');
        else
            out += static_cast<char>(c);
    }
    return out;
}

} // namespace jalon
