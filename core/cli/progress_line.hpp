#pragma once

#include <chrono>
#include <string>

namespace jalon::cli {

// A line of progress on standard error, redrawn in place at most ten times a second; silent
// when standard error is not a terminal or with -q.
class ProgressLine {
public:
    explicit ProgressLine(bool quiet);
    ~ProgressLine();
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    // Shows `text` followed by the time elapsed since construction.
    void show(const std::string& text);
    // Erases the line.
    void clear();
    double elapsed_seconds() const;

private:
    bool enabled_ = false;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

} // namespace jalon::cli
