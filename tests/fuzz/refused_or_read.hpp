#pragma once
// What every fuzz target does with a reader: run it on the input; a refusal is the expected answer
// to bad input, and its diagnostics, which quote the input, are formatted as the command line
// would. Any other exception escapes to libFuzzer, which reports it as a finding.
#include <jalon/error.hpp>

namespace jalon::fuzz {

enum class Refusals {
    input_errors,             ///< InputError only
    input_and_runtime_errors, ///< also RuntimeError (a file that cannot be read as a workbook)
};

template <typename Read>
void refused_or_read(Read read, Refusals refusals = Refusals::input_errors) {
    try {
        read();
    } catch (const InputError& error) {
        for (const Diagnostic& diagnostic : error.diagnostics())
            static_cast<void>(diagnostic.to_string());
    } catch (const RuntimeError&) {
        if (refusals != Refusals::input_and_runtime_errors)
            throw;
    }
}

} // namespace jalon::fuzz
