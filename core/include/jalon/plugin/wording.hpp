#pragma once
/// @file
/// A text a plugin gives in French and in English: a method's label and description, a
/// parameter's description, a result's note. Reports show the one in their language.

#include <string>
#include <string_view>

namespace jalon::plugin {

/// The same text in French (what committees read by default) and in English (`--lang en`).
struct Wording {
    std::string fr; ///< as a French civil servant writes it: "Somme sur l'année"
    std::string en; ///< "Sum over the year"

    /// The text in `language` ("fr" or "en"); when the plugin left it empty, the other one.
    const std::string& in(std::string_view language) const {
        const std::string& wanted = language == "en" ? en : fr;
        return wanted.empty() ? (language == "en" ? fr : en) : wanted;
    }
    /// Neither language given.
    bool empty() const { return fr.empty() && en.empty(); }

    bool operator==(const Wording&) const = default;
};

} // namespace jalon::plugin
