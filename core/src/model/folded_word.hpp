#pragma once

#include <string>
#include <string_view>

namespace jalon {

// Lower-cases, strips French accents and turns spaces and underscores into '-', so that words
// typed by people ("Non engagé", "Réalisation") compare with their codes ("non-engage").
std::string folded_word(std::string_view text);

} // namespace jalon
