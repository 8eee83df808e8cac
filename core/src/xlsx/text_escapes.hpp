#pragma once
/// @file
/// The `_xHHHH_` escapes of spreadsheet text (ECMA-376 ST_Xstring): a UTF-16 code unit written
/// as four hex digits, for characters XML cannot carry (`_x000D_` is a carriage return) and for
/// a literal underscore before `x` (`_x005F_`). Private to libjalon.

#include <string>
#include <string_view>

namespace jalon::xlsx {

/// The text with its escapes decoded to UTF-8 (surrogate pairs joined). `_x0000_`, a lone
/// surrogate and anything not of the form `_xHHHH_` are left verbatim.
std::string decode_text_escapes(std::string_view text);

} // namespace jalon::xlsx
