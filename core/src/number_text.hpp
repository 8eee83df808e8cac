#pragma once

#include <string>
#include <string_view>

namespace jalon {

// How a number may be written. The grammar is one for every reader of numbers
// (docs/data-format.md): an optional sign, digits, an optional decimal part (a decimal mark
// followed by digits), an optional exponent. `.5`, `5.`, `nan` and `inf` are not numbers.
enum class NumberStyle {
    point,  // decimal point only: `,` CSV files, scheme YAML
    french, // also a decimal comma and thousands groups split by a space, U+00A0 or U+202F:
            // `;` CSV files, workbook cells holding text, `--figure`
};

// What reading a number gave.
enum class NumberText {
    ok,
    invalid,     // not written as the grammar says
    out_of_range // beyond a double, or so close to 0 that it would lose digits (subnormal)
};

// Reads a trimmed number; `out` is set when it is ok.
NumberText parse_number_text(std::string_view text, NumberStyle style, double& out);

// What an out-of-range number is, for messages: "out of range (…)".
std::string number_out_of_range_text();

} // namespace jalon
