#pragma once
// The mid-term review as one self-contained, printable HTML page.

#include "midterm/midterm_model.hpp"

#include <string>

namespace jalon::reports {

// The review as one self-contained HTML document (UTF-8): inline style and SVG charts, no script,
// no external resource. Every text from the scheme, follow-ups, data or plugins is escaped.
// Deterministic: the same model gives the same string.
std::string midterm_html(const MidtermModel& model);

} // namespace jalon::reports
