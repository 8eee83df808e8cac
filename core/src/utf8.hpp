#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace jalon {

// Length of the valid UTF-8 sequence starting at `p` (a byte >= 0x80, before `end`), or 0 if it
// is invalid (overlong, surrogate, beyond U+10FFFF or truncated).
std::size_t utf8_sequence(const char* p, const char* end);

// The byte offset of the first byte of `text` that is not valid UTF-8, if any.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

} // namespace jalon
