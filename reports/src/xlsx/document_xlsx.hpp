#pragma once
// Renders a report document (document/document.hpp) as an xlsx workbook: one sheet per
// section (a long table continues on numbered sheets), charts as native Excel charts.

#include "document/document.hpp"

#include <filesystem>

namespace jalon::reports {

// Writes `document` to `path` (a private temporary file: see atomic_output.hpp). In
// constant-memory mode rows go straight to disk (very long tables); `tmpdir` holds
// libxlsxwriter's own temporary files.
void write_document_xlsx(const Document& document, const std::filesystem::path& path,
                         bool constant_memory, const std::filesystem::path& tmpdir);

} // namespace jalon::reports
