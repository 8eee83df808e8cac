#pragma once
/// @file
/// Writing the authoring workbook (jalon/scheme/scheme_workbook.hpp): empty, for a scheme to be
/// described in Excel, or holding a stored scheme.

#include <jalon/model/scheme.hpp>
#include <jalon/plugin/indicator_method.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace jalon::reports {

/// Writes the authoring workbook through a temporary file renamed at the end: an Instructions
/// sheet, the sheets of jalon::scheme_workbook_sheets() (empty when `scheme` is null, else
/// holding it, read back by jalon::read_scheme_workbook into the same scheme), a Methods sheet
/// listing `methods` and their parameters, and hidden sheets for the drop-down lists and the
/// format. Headers and words are in `language` (`fr` or `en`). Headers are frozen, columns sized
/// and typed (codes as text, years and numbers checked), drop-down lists offer the declared
/// levels, the nodes, indicators and territories, the methods and the fixed words of the format;
/// every sheet prints landscape, one page wide, its header repeated.
void write_scheme_workbook(const Scheme* scheme, const std::vector<plugin::MethodSpec>& methods,
                           const std::string& language, const std::filesystem::path& output);

} // namespace jalon::reports
