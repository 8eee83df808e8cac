// libFuzzer target: the scheme reader (read_scheme_text) on arbitrary bytes. A refusal
// (InputError) is the expected answer to bad input; any other exception escaping, a crash, a
// sanitizer report or a timeout is a finding (docs/testing.md).
#include "refused_or_read.hpp"

#include <jalon/scheme/scheme_file.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    jalon::fuzz::refused_or_read([&] { jalon::read_scheme_text(text, "fuzz.yaml"); });
    return 0;
}
