#include "cell_reference.hpp"

#include <jalon/xlsx/workbook_reader.hpp>

namespace jalon::xlsx {

namespace {

bool is_ascii_letter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

} // namespace

std::optional<CellPosition> parse_cell_reference(std::string_view reference) {
    std::size_t i = 0;
    int column = 0;
    for (; i < reference.size() && is_ascii_letter(reference[i]); ++i) {
        const int letter = (reference[i] | 0x20) - 'a' + 1;
        column = column > max_columns ? max_columns + 1 : column * 26 + letter;
    }
    const std::size_t letters = i;
    int row = 0;
    for (; i < reference.size() && is_digit(reference[i]); ++i)
        row = row > max_rows ? max_rows + 1 : row * 10 + (reference[i] - '0');
    if (letters == 0 || i == letters || i != reference.size())
        return std::nullopt;
    return CellPosition{row, column > max_columns ? max_columns + 1 : column};
}

std::string sheet_prefix(const std::string& sheet) {
    bool plain = !sheet.empty() && !is_digit(sheet.front());
    for (char c : sheet)
        plain = plain && (is_ascii_letter(c) || is_digit(c) || c == '_' || c == '.');
    if (plain)
        return sheet + '!';
    std::string out = "'";
    for (char c : sheet) {
        out += c;
        if (c == '\'')
            out += '\'';
    }
    return out + "'!";
}

std::string column_letters(int column) {
    std::string letters;
    for (; column > 0; column = (column - 1) / 26)
        letters.insert(letters.begin(), static_cast<char>('A' + (column - 1) % 26));
    return letters;
}

std::string cell_reference(const std::string& sheet, int row, int column) {
    return sheet_prefix(sheet) + column_letters(column) + std::to_string(row);
}

} // namespace jalon::xlsx
