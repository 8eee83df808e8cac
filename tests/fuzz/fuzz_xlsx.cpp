// libFuzzer target: the xlsx reader (WorkbookReader: open, then every sheet) and the data
// workbook reader (read_data_workbook) on arbitrary bytes. Both read files, so the input is
// written to an in-memory file (memfd) opened through /proc/self/fd. A refusal (InputError,
// RuntimeError) is the expected answer to bad input; anything else is a finding
// (docs/testing.md).
#include "refused_or_read.hpp"

#include <jalon/data/data_workbook.hpp>
#include <jalon/xlsx/workbook_reader.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

namespace {

// The in-memory file every input is written to, created once per process.
int input_file() {
    static const int fd = [] {
        const int created = memfd_create("fuzz.xlsx", 0);
        if (created < 0) {
            std::perror("memfd_create");
            std::abort();
        }
        return created;
    }();
    return fd;
}

void write_input(const std::uint8_t* data, std::size_t size) {
    const int fd = input_file();
    if (ftruncate(fd, 0) != 0) {
        std::perror("ftruncate");
        std::abort();
    }
    std::size_t written = 0;
    while (written < size) {
        const ssize_t n = pwrite(fd, data + written, size - written, static_cast<off_t>(written));
        if (n <= 0) {
            std::perror("pwrite");
            std::abort();
        }
        written += static_cast<std::size_t>(n);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    write_input(data, size);
    const std::string path = "/proc/self/fd/" + std::to_string(input_file());
    using jalon::fuzz::Refusals;
    using jalon::fuzz::refused_or_read;
    refused_or_read(
        [&] {
            const auto workbook = jalon::xlsx::WorkbookReader::open(path);
            for (const jalon::xlsx::SheetEntry& entry : workbook.sheets())
                for (const jalon::xlsx::Cell& cell : workbook.read_sheet(entry.name).cells)
                    static_cast<void>(cell.value.as_text());
        },
        Refusals::input_and_runtime_errors);
    refused_or_read([&] { jalon::read_data_workbook(path); }, Refusals::input_and_runtime_errors);
    return 0;
}
