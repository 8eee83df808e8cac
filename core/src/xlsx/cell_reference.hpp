#pragma once
/// @file
/// A1-style cell references: Excel's grid, parsing `D14`, and a sheet name as a reference
/// prefix. Private to libjalon; column_letters() and cell_reference() are public.

#include <optional>
#include <string>
#include <string_view>

namespace jalon::xlsx {

inline constexpr int max_rows = 1'048'576;
inline constexpr int max_columns = 16'384;

/// A 1-based place; row or column may lie outside Excel's grid.
struct CellPosition {
    int row = 0;
    int column = 0;

    bool in_grid() const {
        return row >= 1 && row <= max_rows && column >= 1 && column <= max_columns;
    }
};

/// `D14` (letters, either case, then digits): its place, or nullopt when it is not of that form.
/// Numbers too large for the grid come out as max_rows + 1 or max_columns + 1.
std::optional<CellPosition> parse_cell_reference(std::string_view reference);

/// `Saisie!` or `'Mes données'!`: the sheet name as it prefixes a reference.
std::string sheet_prefix(const std::string& sheet);

} // namespace jalon::xlsx
