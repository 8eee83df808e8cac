#include "input_error.hpp"

#include <jalon/error.hpp>

#include <string_view>

namespace jalon::xlsx {

void refuse(const std::string& file, const std::string& message) {
    throw InputError({Diagnostic{SourceLocation{file, 0, 0, {}}, {}, message}});
}

void refuse_cell(const std::string& file, const std::string& cell, const std::string& message) {
    throw InputError({Diagnostic{SourceLocation{file, 0, 0, cell}, {}, message}});
}

std::string excerpt(std::string_view text) {
    constexpr std::size_t longest = 60;
    std::size_t cut = text.size();
    if (cut > longest) {
        cut = longest;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut;
    }
    std::string out(text.substr(0, cut));
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
            c = '?';
    if (cut < text.size())
        out += "…";
    return out;
}

} // namespace jalon::xlsx
