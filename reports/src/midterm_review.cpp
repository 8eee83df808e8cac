#include "midterm_html.hpp"
#include "midterm_model.hpp"
#include "midterm_xlsx.hpp"

#include <jalon/error.hpp>
#include <jalon/reports/midterm_review.hpp>

#include <fstream>
#include <system_error>
#include <unistd.h>

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
    const fs::path directory = output.has_parent_path() ? output.parent_path() : fs::path(".");
    if (std::error_code error; !fs::is_directory(directory, error))
        throw RuntimeError("cannot write " + output.string() + ": no directory " +
                           directory.string());
    const fs::path temporary =
        directory / ("." + output.filename().string() + ".tmp-" + std::to_string(getpid()));
    const MidtermModel model(input, options);
    try {
        if (extension == ".xlsx") {
            write_midterm_xlsx(model, temporary.string());
        } else {
            std::ofstream out(temporary, std::ios::binary);
            out << midterm_html(model);
            out.close();
            if (!out)
                throw RuntimeError("cannot write " + temporary.string());
        }
        std::error_code error;
        fs::rename(temporary, output, error);
        if (error)
            throw RuntimeError("cannot write " + output.string() + ": " + error.message());
    } catch (...) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw;
    }
}

} // namespace jalon::reports
