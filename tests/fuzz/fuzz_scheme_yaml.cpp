// libFuzzer target: the scheme reader (read_scheme_text) on arbitrary bytes. A refusal
// (InputError) is the expected answer to bad input; any other exception escaping, a crash, a
// sanitizer report or a timeout is a finding (docs/testing.md).
#include <jalon/error.hpp>
#include <jalon/scheme/scheme_file.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        jalon::read_scheme_text(text, "fuzz.yaml");
    } catch (const jalon::InputError& error) {
        // Diagnostics quote the input: format them as the command line would.
        for (const jalon::Diagnostic& diagnostic : error.diagnostics())
            static_cast<void>(diagnostic.to_string());
    }
    return 0;
}
