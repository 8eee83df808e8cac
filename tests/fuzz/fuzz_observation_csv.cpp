// libFuzzer target: the two CSV readers (yearly data, read_observation_csv_text; action
// follow-up, read_status_csv_text) on the same arbitrary bytes. A refusal (InputError) is the
// expected answer to bad input; anything else is a finding (docs/testing.md).
#include "refused_or_read.hpp"

#include <jalon/data/observation_csv.hpp>
#include <jalon/data/status_csv.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

using jalon::fuzz::refused_or_read;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    refused_or_read([&] { jalon::read_observation_csv_text(text, "fuzz.csv"); });
    refused_or_read([&] { jalon::read_status_csv_text(text, "fuzz.csv"); });
    return 0;
}
