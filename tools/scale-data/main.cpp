// jalon-scale-data: a synthetic scheme and data set of a given size, for benchmarks.
//
// The scheme: 500 indicators (5 axes × 5 objectives × 4 actions × 5 indicators), one series each,
// over 1 département, 6 territories and 60 communes, 2025-2029. The data: monthly observations per
// commune; 120 series are split by two dimensions (sexe × tranche_age, 20 combinations). The full
// cube holds 10 008 000 rows; a data set of N rows is a uniform sample of it of exactly N rows
// (Knuth's selection sampling, in cube order), so the sizes share one shape and differ in density.
// Everything follows from the seed: the same arguments give the same bytes.

#include <jalon/reports/atomic_output.hpp>

#include <boost/program_options.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace po = boost::program_options;

namespace {

constexpr int first_year = 2025;
constexpr int last_year = 2029;
constexpr int years = last_year - first_year + 1;
constexpr int months = 12 * years;
constexpr int indicator_count = 500;
constexpr int territory_count = 6;
constexpr int communes_per_territory = 10;
constexpr int commune_count = territory_count * communes_per_territory;
constexpr std::array<const char*, 2> sexes{"F", "H"};
constexpr std::array<const char*, 10> age_bands{"0-2",   "3-5",   "6-10",  "11-15", "16-17",
                                                "18-24", "25-39", "40-59", "60-74", "75+"};
constexpr int combinations = static_cast<int>(sexes.size() * age_bands.size());

// SplitMix64: small, fast and the same everywhere (std's distributions are not).
class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    std::uint64_t state_;
};

enum class Shape { flow, stock, rate, ratio };

struct IndicatorPlan {
    std::string code;
    Shape shape = Shape::flow;
    bool dimensioned = false;
    bool down = false;
    double base = 0; // monthly value of an average commune (flows), level (stocks), rate (%)
};

std::vector<IndicatorPlan> plan_indicators(Random& random) {
    std::vector<IndicatorPlan> plans;
    for (int i = 0; i < indicator_count; ++i) {
        IndicatorPlan plan;
        const int axis = i / 100 + 1, objective = i / 20 % 5 + 1, action = i / 5 % 4 + 1;
        plan.code = std::to_string(axis) + "." + std::to_string(objective) + "." +
                    std::to_string(action) + "-I" + std::to_string(i % 5 + 1);
        plan.dimensioned = i % 25 < 6;
        if (i % 50 == 13)
            plan.shape = Shape::rate;
        else if (i % 50 == 29)
            plan.shape = Shape::ratio;
        else if (i % 10 == 7)
            plan.shape = Shape::stock;
        plan.down = i % 20 == 11;
        plan.base = plan.shape == Shape::rate ? 5 + 55 * random.uniform()
                                              : std::floor(5 + 195 * random.uniform());
        plans.push_back(std::move(plan));
    }
    return plans;
}

std::string commune_code(int c) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "c%02d", c + 1);
    return buffer;
}

// Expected yearly value at the département if every cell of the cube were present.
double full_year_value(const IndicatorPlan& plan, const std::vector<double>& weights, int year) {
    const double growth = 1 + 0.05 * (year - first_year);
    double weight = 0;
    for (const double w : weights)
        weight += w;
    switch (plan.shape) {
    case Shape::flow:
    case Shape::ratio:
        return 12 * plan.base * weight * growth;
    case Shape::stock:
        return 10 * plan.base * weight * growth;
    case Shape::rate:
        return plan.base * growth;
    }
    return 0;
}

void write_scheme(const std::filesystem::path& path, const std::vector<IndicatorPlan>& plans,
                  const std::vector<double>& weights, double density, std::uint64_t rows) {
    std::ofstream out(path, std::ios::binary);
    out << "# Synthetic scheme for benchmarks, written by jalon-scale-data (" << rows
        << " rows). Not a real scheme.\n"
           "format: jalon-scheme/1\n"
           "id: echelle-synthetique\n"
           "title: Schéma synthétique des solidarités (banc d'essai)\n"
           "kind: schema-departemental\n"
           "owner: Département synthétique\n"
           "period: {start: 2025, end: 2029}\n"
           "language: fr\n"
           "source: jalon-scale-data\n"
           "levels: [axe, objectif, action]\n"
           "territories:\n"
           "  - code: dep\n"
           "    name: Département synthétique\n"
           "    kind: departement\n"
           "    children:\n";
    for (int t = 0; t < territory_count; ++t) {
        out << "      - code: t" << t + 1 << "\n        name: Territoire des solidarités n° "
            << t + 1 << "\n        kind: territoire-des-solidarites\n        children:\n";
        for (int c = t * communes_per_territory; c < (t + 1) * communes_per_territory; ++c)
            out << "          - {code: " << commune_code(c) << ", name: Commune n° " << c + 1
                << ", kind: commune}\n";
    }
    out << "series:\n";
    for (const IndicatorPlan& plan : plans) {
        if (plan.shape == Shape::stock)
            out << "  - {code: \"" << plan.code << "\", unit: places, within_year: last}\n";
        else if (plan.shape == Shape::rate)
            out << "  - {code: \"" << plan.code
                << "\", unit: \"%\", within_year: mean, across_territories: mean}\n";
    }
    out << "nodes:\n";
    Random random(0x5EEDull * 7919 + rows);
    for (std::size_t i = 0; i < plans.size(); ++i) {
        const IndicatorPlan& plan = plans[i];
        const int axis = static_cast<int>(i) / 100 + 1,
                  objective = static_cast<int>(i) / 20 % 5 + 1;
        const int action = static_cast<int>(i) / 5 % 4 + 1, k = static_cast<int>(i) % 5 + 1;
        const std::string a = std::to_string(axis), o = a + "." + std::to_string(objective),
                          x = o + "." + std::to_string(action);
        if (i % 100 == 0)
            out << "  - code: \"" << a << "\"\n    level: axe\n    title: Axe " << a
                << " — orientations synthétiques\n    children:\n";
        if (i % 20 == 0)
            out << "      - code: \"" << o
                << "\"\n        level: objectif\n        title: Objectif " << o
                << "\n        children:\n";
        if (i % 5 == 0)
            out << "          - code: \"" << x
                << "\"\n            level: action\n            title: "
                << "Action " << x << " « accompagner, prévenir »\n            pilots: [Direction "
                << axis << "]\n            indicators:\n";
        const char* level = k <= 3 ? "realisation" : k == 4 ? "resultat" : "impact";
        out << "              - code: \"" << plan.code << "\"\n                label: Indicateur "
            << plan.code << (plan.dimensioned ? " (par sexe et âge)" : "")
            << "\n                level: " << level << "\n";
        // Sampling keeps `density` of the cube: expected values scale with it, except rates.
        const double scale = plan.shape == Shape::rate ? 1 : density;
        const auto expected = [&](int year) {
            return full_year_value(plan, weights, year) * scale;
        };
        switch (plan.shape) {
        case Shape::flow:
            out << "                unit: personnes\n                method: sum\n";
            break;
        case Shape::stock:
            out << "                unit: places\n                method: last\n";
            break;
        case Shape::rate:
            out << "                unit: \"%\"\n                method: mean\n";
            break;
        case Shape::ratio:
            out << "                unit: \"%\"\n                method: ratio\n"
                   "                params: {numerator: \""
                << plan.code << "\", denominator: \"" << plans[i - 1].code << "\", factor: 100}\n";
            break;
        }
        if (plan.shape == Shape::ratio)
            continue; // no target: shown as sans cible
        if (plan.down)
            out << "                direction: down\n";
        const auto rounded = [](double v) { return std::round(v * 10) / 10; };
        const double spread[] = {0.8, 0.95, 1.0, 1.1, 1.3};
        const double milestone = spread[random.next() % 5], target = spread[random.next() % 5];
        if (plan.down)
            out << "                baseline: {value: " << rounded(expected(2025) * 1.2)
                << ", year: 2024}\n                milestones: [{year: 2027, value: "
                << rounded(expected(2027) * (2 - milestone))
                << "}]\n                target: {value: " << rounded(expected(2029) * (2 - target))
                << ", year: 2029}\n";
        else
            out << "                baseline: {value: " << rounded(expected(2025) * 0.8)
                << ", year: 2024}\n                milestones: [{year: 2027, value: "
                << rounded(expected(2027) * milestone)
                << "}]\n                target: {value: " << rounded(expected(2029) * target * 1.1)
                << ", year: 2029}\n";
    }
    if (!out.flush())
        throw std::runtime_error("cannot write " + path.string());
}

class CsvWriter {
public:
    explicit CsvWriter(const std::filesystem::path& path)
        : path_(path), file_(std::fopen(path.c_str(), "wb")) {
        if (!file_)
            throw std::runtime_error("cannot write " + path.string());
        buffer_.reserve(1 << 20);
    }
    ~CsvWriter() {
        if (file_)
            std::fclose(file_);
    }
    void text(std::string_view s) { buffer_.append(s); }
    void number(double value, int decimals) {
        char out[64];
        const auto r =
            std::to_chars(out, out + sizeof out, value, std::chars_format::fixed, decimals);
        buffer_.append(out, r.ptr);
    }
    void end_row() {
        buffer_ += '\n';
        if (buffer_.size() > (1 << 20) - 512)
            flush();
    }
    void close() {
        flush();
        if (std::fclose(file_) != 0)
            throw std::runtime_error("cannot write " + path_.string());
        file_ = nullptr;
    }

private:
    void flush() {
        if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
            throw std::runtime_error("cannot write " + path_.string());
        buffer_.clear();
    }
    std::filesystem::path path_;
    std::FILE* file_;
    std::string buffer_;
};

std::uint64_t write_data(const std::filesystem::path& path, const std::vector<IndicatorPlan>& plans,
                         const std::vector<double>& weights, std::uint64_t rows,
                         std::uint64_t universe, std::uint64_t seed) {
    Random pick(seed ^ 0xC0FFEE), noise(seed ^ 0xBEEF);
    CsvWriter csv(path);
    csv.text("series,territory,period,value,comment,sexe,tranche_age\n");
    std::uint64_t seen = 0, kept = 0;
    char period[8];
    for (const IndicatorPlan& plan : plans) {
        const int cells = plan.dimensioned ? combinations : 1;
        for (int c = 0; c < commune_count; ++c) {
            const std::string commune = commune_code(c);
            for (int m = 0; m < months; ++m) {
                const int year = first_year + m / 12;
                const double growth = 1 + 0.05 * (year - first_year);
                std::snprintf(period, sizeof period, "%04d-%02d", year, m % 12 + 1);
                for (int d = 0; d < cells; ++d) {
                    // Selection sampling: keep with probability (wanted left) / (cells left).
                    const bool keep = static_cast<double>(universe - seen) * pick.uniform() <
                                      static_cast<double>(rows - kept);
                    ++seen;
                    if (!keep)
                        continue;
                    ++kept;
                    const double u = noise.uniform();
                    csv.text(plan.code);
                    csv.text(",");
                    csv.text(commune);
                    csv.text(",");
                    csv.text(period);
                    csv.text(",");
                    const double roll = noise.uniform();
                    if (roll < 0.003) {
                        // A gap: no value, half of them explained.
                        csv.text(roll < 0.0015 ? ",valeur non transmise par le partenaire" : ",");
                    } else {
                        double value = 0;
                        switch (plan.shape) {
                        case Shape::flow:
                        case Shape::ratio:
                            value = std::round(plan.base * weights[c] * (0.7 + 0.6 * u) * growth /
                                               cells);
                            break;
                        case Shape::stock:
                            value = std::round(10 * plan.base * weights[c] * (0.9 + 0.2 * u) *
                                               growth / cells);
                            break;
                        case Shape::rate:
                            value = plan.base * growth * (0.8 + 0.4 * u);
                            break;
                        }
                        csv.number(value, plan.shape == Shape::rate ? 1 : 0);
                        csv.text(roll > 0.999 ? ",\"estimation, à confirmer\"" : ",");
                    }
                    if (plan.dimensioned) {
                        csv.text(",");
                        csv.text(sexes[d / age_bands.size()]);
                        csv.text(",");
                        csv.text(age_bands[d % age_bands.size()]);
                    } else {
                        csv.text(",,");
                    }
                    csv.end_row();
                }
            }
        }
    }
    csv.close();
    return kept;
}

} // namespace

int main(int argc, char** argv) {
    po::options_description options("jalon-scale-data options");
    std::uint64_t rows = 0, seed = 0;
    std::string out;
    options.add_options()("rows", po::value(&rows)->required(), "number of observation rows")(
        "seed", po::value(&seed)->default_value(20261121),
        "random seed")("out", po::value(&out)->required(),
                       "directory to write scale-ROWS.yaml and .csv into")("help,h", "show help");
    try {
        po::variables_map vm;
        po::store(po::parse_command_line(argc, argv, options), vm);
        if (vm.count("help")) {
            std::cout << "Usage: jalon-scale-data --rows N --out DIR [--seed S]\n\n"
                      << "Writes a synthetic scheme (DIR/scale-N.yaml) and N observation rows "
                         "(DIR/scale-N.csv) for benchmarks.\n\n"
                      << options;
            return 0;
        }
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "jalon-scale-data: " << e.what() << "\n";
        return 2;
    }
    std::uint64_t universe = 0;
    Random random(seed);
    const std::vector<IndicatorPlan> plans = plan_indicators(random);
    for (const IndicatorPlan& plan : plans)
        universe += static_cast<std::uint64_t>(commune_count) * months *
                    (plan.dimensioned ? combinations : 1);
    if (rows == 0 || rows > universe) {
        std::cerr << "jalon-scale-data: --rows must be between 1 and " << universe << "\n";
        return 2;
    }
    std::vector<double> weights;
    for (int c = 0; c < commune_count; ++c)
        weights.push_back(0.5 + 1.5 * random.uniform());
    try {
        const std::filesystem::path dir(out);
        std::filesystem::create_directories(dir);
        const std::string stem = "scale-" + std::to_string(rows);
        const double density = static_cast<double>(rows) / static_cast<double>(universe);
        // Through a private temporary file, as Jalon writes everything: no link planted in DIR
        // is followed, and a file is there whole or not at all.
        jalon::reports::write_atomically(dir / (stem + ".yaml"), [&](const auto& temporary) {
            write_scheme(temporary, plans, weights, density, rows);
        });
        std::uint64_t written = 0;
        jalon::reports::write_atomically(dir / (stem + ".csv"), [&](const auto& temporary) {
            written = write_data(temporary, plans, weights, rows, universe, seed);
        });
        if (written != rows)
            throw std::runtime_error("wrote " + std::to_string(written) + " rows, not " +
                                     std::to_string(rows));
    } catch (const std::exception& e) {
        std::cerr << "jalon-scale-data: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
