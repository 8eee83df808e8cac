#include "midterm/midterm_html.hpp"
#include "midterm/midterm_model.hpp"
#include "midterm/midterm_xlsx.hpp"

#include <jalon/error.hpp>
#include <jalon/reports/atomic_output.hpp>
#include <jalon/reports/midterm_review.hpp>

#include <fstream>

namespace fs = std::filesystem;

namespace jalon::reports {

void write_midterm_review(const MidtermReviewInput& input, const MidtermReviewOptions& options,
                          const fs::path& output) {
    if (!input.scheme)
        throw RuntimeError("write_midterm_review: no scheme");
    if (options.language != "fr" && options.language != "en")
        throw UsageError("report language must be fr or en, not '" + options.language + "'");
    const std::string extension = output.extension().string();
    if (extension != ".xlsx" && extension != ".html")
        throw UsageError("the mid-term review is written as .xlsx or .html, not '" +
                         output.string() + "'");
    const MidtermModel model(input, options);
    write_atomically(output, [&](const fs::path& temporary) {
        if (extension == ".xlsx") {
            write_midterm_xlsx(model, temporary.string());
            return;
        }
        std::ofstream out(temporary, std::ios::binary);
        out << midterm_html(model);
        out.close();
        if (!out)
            throw RuntimeError("cannot write " + temporary.string());
    });
}

} // namespace jalon::reports
