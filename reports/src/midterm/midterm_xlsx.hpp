#pragma once

#include "midterm/midterm_model.hpp"

#include <string>

namespace jalon::reports {

// Writes the review as a workbook at `path` (sheets Bilan, Non prévus, Synthèse, Écarts,
// Référentiel, Méthode), the creation time being the run's (or 0 without a run).
void write_midterm_xlsx(const MidtermModel& model, const std::string& path);

} // namespace jalon::reports
