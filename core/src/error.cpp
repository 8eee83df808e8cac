#include <jalon/error.hpp>
#include <jalon/xlsx/workbook_reader.hpp>

namespace jalon {

SourceLocation table_location(const std::string& file, const std::string& sheet, int row,
                              int column) {
    if (sheet.empty())
        return {file, row, column, {}};
    return {file, row, column, xlsx::cell_reference(sheet, row, column > 0 ? column : 1)};
}

std::string Diagnostic::to_string() const {
    std::string out = where.file;
    if (!where.cell.empty()) {
        // A cell of a workbook as in the issue and in Excel's own references: FILE!Sheet!C5.
        out += out.empty() ? where.cell : "!" + where.cell;
    } else if (where.line > 0) {
        out += ":" + std::to_string(where.line);
        if (where.column > 0)
            out += ":" + std::to_string(where.column);
    }
    if (!out.empty())
        out += ": ";
    if (!key.empty())
        out += key + ": ";
    return out + message;
}

namespace {
std::string summary(const std::vector<Diagnostic>& diagnostics) {
    if (diagnostics.empty())
        return "invalid input";
    std::string text = diagnostics.front().to_string();
    if (diagnostics.size() > 1)
        text += " (and " + std::to_string(diagnostics.size() - 1) + " more)";
    return text;
}
} // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(summary(diagnostics)), diagnostics_(std::move(diagnostics)) {
    if (diagnostics_.empty())
        diagnostics_.push_back({{}, {}, "invalid input"});
}

InputError::InputError(const std::string& message)
    : std::runtime_error(message), diagnostics_{{{}, {}, message}} {}

} // namespace jalon
