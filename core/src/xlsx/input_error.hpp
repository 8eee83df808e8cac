#pragma once
/// @file
/// The InputError a workbook problem becomes: naming the file, and the cell or the XML line when
/// they are known. Private to libjalon.

#include <string>
#include <string_view>

namespace jalon::xlsx {

/// Refuses the workbook: `FILE: message`.
[[noreturn]] void refuse(const std::string& file, const std::string& message);

/// Refuses a cell: `FILE:Sheet!D14: message`.
[[noreturn]] void refuse_cell(const std::string& file, const std::string& cell,
                              const std::string& message);

/// A fragment of untrusted text fit for a message: at most 60 bytes, control characters as `?`.
std::string excerpt(std::string_view text);

} // namespace jalon::xlsx
