#include <jalon/evaluation/progress_judgement.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace jalon {

namespace {

struct Checkpoint {
    int year;
    double value;
    const char* kind;
};

// a ≥ b, forgiving the last bits of floating-point arithmetic.
bool at_least(double a, double b) {
    return a >= b - 1e-9 * std::max(1.0, std::fabs(b));
}

} // namespace

ProgressJudgement judge_progress(const Indicator& indicator, bool qualitative,
                                 const std::optional<double>& value, int year,
                                 const Period& period) {
    ProgressJudgement j;
    const bool up = indicator.direction == Direction::up;
    if (indicator.baseline) {
        j.baseline = indicator.baseline->value;
        j.baseline_year = indicator.baseline->year.value_or(period.start);
    }

    std::vector<Checkpoint> checkpoints;
    for (const Milestone& m : indicator.milestones)
        checkpoints.push_back({m.year, m.value, "milestone"});
    if (indicator.target) {
        const int due = indicator.target->year.value_or(period.end);
        if (indicator.target->value)
            checkpoints.push_back({due, *indicator.target->value, "target"});
        else if (qualitative)
            checkpoints.push_back({due, 1.0, "target"});
    }
    std::stable_sort(checkpoints.begin(), checkpoints.end(),
                     [](const Checkpoint& a, const Checkpoint& b) { return a.year < b.year; });
    if (!checkpoints.empty()) {
        const auto due = std::find_if(checkpoints.begin(), checkpoints.end(),
                                      [&](const Checkpoint& c) { return c.year >= year; });
        const Checkpoint& in_force = due == checkpoints.end() ? checkpoints.back() : *due;
        j.reference = in_force.value;
        j.reference_year = in_force.year;
        j.reference_kind = in_force.kind;
    }

    // Without a baseline a rising indicator starts from zero before the period; a falling one has
    // no trajectory.
    std::optional<double> from = j.baseline;
    std::optional<int> from_year = j.baseline_year;
    if (!from && up) {
        from = 0.0;
        from_year = period.start - 1;
    }
    if (j.reference && from) {
        const double r = *j.reference;
        if (r != *from && value)
            j.attainment = (*value - *from) / (r - *from);
        if (year >= *j.reference_year || *j.reference_year <= *from_year)
            j.expected = r;
        else if (year <= *from_year)
            j.expected = *from;
        else
            j.expected = *from + (r - *from) * (year - *from_year) /
                                     static_cast<double>(*j.reference_year - *from_year);
    }

    const auto reaches = [&](double reference) {
        return up ? at_least(*value, reference) : at_least(reference, *value);
    };
    if (!value)
        j.status = ProgressStatus::missing;
    else if (!j.reference)
        j.status = ProgressStatus::no_target;
    else if (reaches(*j.reference))
        j.status = ProgressStatus::reached;
    else if (qualitative && *j.reference_year > year &&
             std::all_of(checkpoints.begin(), checkpoints.end(),
                         [&](const Checkpoint& c) { return c.year >= year || reaches(c.value); }))
        // Done or not done: no trajectory before its date, unless an earlier checkpoint was missed.
        j.status = ProgressStatus::pending;
    else if (*j.reference_year > year && j.expected &&
             (up ? at_least(*value, *j.expected) : at_least(*j.expected, *value)))
        j.status = ProgressStatus::on_track;
    else
        j.status = ProgressStatus::late;
    return j;
}

} // namespace jalon
