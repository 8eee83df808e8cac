// libFuzzer target: the two CSV readers (yearly data, read_observation_csv_text; action
// follow-up, read_status_csv_text) on the same arbitrary bytes. A refusal (InputError) is the
// expected answer to bad input; anything else is a finding (docs/testing.md).
#include <jalon/data/observation_csv.hpp>
#include <jalon/data/status_csv.hpp>
#include <jalon/error.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

// Runs one reader; formats the diagnostics of a refusal as the command line would.
template <typename Read>
void refused_or_read(Read read) {
    try {
        read();
    } catch (const jalon::InputError& error) {
        for (const jalon::Diagnostic& diagnostic : error.diagnostics())
            static_cast<void>(diagnostic.to_string());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    refused_or_read([&] { jalon::read_observation_csv_text(text, "fuzz.csv"); });
    refused_or_read([&] { jalon::read_status_csv_text(text, "fuzz.csv"); });
    return 0;
}
