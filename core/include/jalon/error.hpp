#pragma once
/// @file
/// Errors that cross Jalon's public API and how they map to exit codes.

#include <jalon/export.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace jalon {

/// A place in an input file: a YAML line, a CSV line, a spreadsheet cell.
struct SourceLocation {
    std::string file; ///< path as given by the user
    int line = 0;     ///< 1-based; 0 when unknown
    int column = 0;   ///< 1-based; 0 when unknown
    std::string cell; ///< spreadsheet reference (`Saisie!D14`) when the input is a workbook

    bool operator==(const SourceLocation&) const = default;
};

/// Where a column of a row is, in a table read from a text file (`FILE:LINE:COLUMN`, when `sheet`
/// is empty) or from a sheet of a workbook (`FILE:Sheet!D14`). `row` and `column` are 1-based;
/// a column of 0 (unknown) points at the row only.
JALON_API SourceLocation table_location(const std::string& file, const std::string& sheet, int row,
                                        int column);

/// One problem found in an input: where, which key or column, and what is wrong.
struct Diagnostic {
    SourceLocation where;
    std::string key;     ///< the key, column or field concerned (may be empty)
    std::string message; ///< what is wrong, in English

    /// `FILE:LINE:COLUMN: KEY: message` (parts that are unknown are left out).
    JALON_API std::string to_string() const;
};

/// Bad input (a file, a value, a reference): the command exits with code 2 and writes nothing.
class JALON_API InputError : public std::runtime_error {
public:
    explicit InputError(std::vector<Diagnostic> diagnostics);
    explicit InputError(const std::string& message);

    /// Every problem found; at least one.
    const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

private:
    std::vector<Diagnostic> diagnostics_;
};

/// A command line that cannot be understood: exit code 2.
class JALON_API UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A failure of the environment (database, file system): exit code 1.
class JALON_API RuntimeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Process exit codes shared by every command.
enum class ExitCode : int { ok = 0, runtime_failure = 1, bad_input = 2 };

} // namespace jalon
