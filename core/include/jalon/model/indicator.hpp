#pragma once
/// @file
/// An indicator of a scheme, with its baseline, milestones and target.

#include <jalon/export.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace jalon {

/// Indicateur de réalisation (output), de résultat (outcome) or d'impact (lasting change).
enum class IndicatorLevel { output, outcome, impact };

/// `realisation`, `resultat`, `impact`.
JALON_API std::string_view to_code(IndicatorLevel level);
/// Reads `réalisation`, `Resultat`, `impact`… (case and accents forgiven).
JALON_API std::optional<IndicatorLevel> parse_indicator_level(std::string_view text);

/// Sens souhaité: whether a rise or a fall is progress.
enum class Direction { up, down };

/// `up`, `down`.
JALON_API std::string_view to_code(Direction direction);
JALON_API std::optional<Direction> parse_direction(std::string_view text);

/// Valeur de référence.
struct Baseline {
    double value = 0;
    std::optional<int> year;
    /// Id of the overlay that set it (Scheme::overlays); empty: the scheme file.
    std::string origin = {};

    bool operator==(const Baseline&) const = default;
};

/// Valeur intermédiaire (jalon): the value expected by the end of a year.
struct Milestone {
    int year = 0;
    double value = 0;
    std::string text;
    /// Id of the overlay that set it (Scheme::overlays); empty: the scheme file.
    std::string origin = {};

    bool operator==(const Milestone&) const = default;
};

/// Cible: a value and/or a wording, optionally dated.
struct Target {
    std::optional<double> value;
    std::optional<int> year;
    std::string unit; ///< when the document states the target in its own unit
    std::string text;
    /// Id of the overlay that set it (Scheme::overlays); empty: the scheme file.
    std::string origin = {};

    bool operator==(const Target&) const = default;
};

/// How often the indicator's data is collected (fréquence de collecte).
enum class Frequency { annual, semiannual, quarterly, monthly, multiannual, one_off };

/// `annuelle`, `semestrielle`, `trimestrielle`, `mensuelle`, `pluriannuelle`, `ponctuelle`.
JALON_API std::string_view to_code(Frequency frequency);
/// Reads the French codes above or their English names (`annual`, `semiannual`, `quarterly`,
/// `monthly`, `multiannual`, `one-off`), case and accents forgiven.
JALON_API std::optional<Frequency> parse_frequency(std::string_view text);

/// One scalar of a method parameter.
using ParamScalar = std::variant<bool, double, std::string>;

/// A method parameter: one scalar, or a list of them.
struct ParamValue {
    std::vector<ParamScalar> items;
    bool is_list = false;

    bool operator==(const ParamValue&) const = default;
};

/// An indicator attached to a node. Its method (provided by a plugin) computes it from data.
struct Indicator {
    std::string code;
    std::string node; ///< code of the node it belongs to
    std::string label;
    IndicatorLevel level = IndicatorLevel::output;
    bool level_inferred = false;
    std::string kind; ///< `count`, `rate`, `milestone`… (what the figure is)
    std::string unit;
    std::string method = "sum"; ///< `sum` over the series named after the code when not given
    std::map<std::string, ParamValue> params;
    Direction direction = Direction::up;
    bool key = false; ///< key indicator, shown in trends
    std::optional<Baseline> baseline;
    std::vector<Milestone> milestones; ///< in year order
    std::optional<Target> target;
    std::vector<std::string> notes;
    /// Baseline, milestones or target come from a synthetic overlay (illustrative, not the
    /// document's).
    bool synthetic_targets = false;
    /// The code was made up by whoever described the scheme: the document gives none.
    bool code_inferred = false;
    std::string producer; ///< who produces the data: CAF, INSEE, service interne…
    std::string source;   ///< where the data comes from: a file, a survey, an information system
    std::optional<Frequency> frequency; ///< how often the data is collected

    bool operator==(const Indicator&) const = default;
};

} // namespace jalon
