#pragma once
/// @file
/// A zip archive read under limits: its entries listed once on opening (count bounded, none
/// encrypted), each part inflated in chunks with its declared size checked before and its real
/// size counted while, against a bound per part and a running total. Private to libjalon.

#include <jalon/xlsx/workbook_reader.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jalon::xlsx {

/// One file of the archive, as the central directory declares it.
struct ZipEntry {
    std::string name;
    std::uint64_t declared_size = 0; ///< uncompressed
    int method = 0;                  ///< 0 stored, 8 deflated
    std::uint64_t directory_offset = 0;
    std::uint64_t index = 0;
};

/// An open archive. Every failure is an InputError naming the file.
class ZipArchive {
public:
    /// Opens and lists the archive; `file` is the path as the user gave it, for messages.
    ZipArchive(const std::filesystem::path& path, std::string file, const ReadLimits& limits);
    ZipArchive(ZipArchive&&) noexcept = default;
    ZipArchive& operator=(ZipArchive&&) noexcept = default;
    ~ZipArchive();

    const std::string& file() const { return file_; }

    /// The entry of that name (ASCII case ignored, a leading `/` too), or nullptr.
    const ZipEntry* find(std::string_view name) const;

    /// Inflates an entry, handing each chunk to `sink` as it comes.
    void read(const ZipEntry& entry, const std::function<void(std::string_view)>& sink);

    /// Uncompressed bytes inflated so far, over the archive's life.
    std::uint64_t bytes_read() const { return bytes_read_; }

private:
    struct Close {
        void operator()(void* handle) const;
    };

    std::string file_;
    ReadLimits limits_;
    std::unique_ptr<void, Close> handle_;
    std::vector<ZipEntry> entries_;
    std::unordered_map<std::string, std::size_t> by_name_;
    std::uint64_t bytes_read_ = 0;
};

/// `256 MiB`, `12 KiB` or `100 bytes`.
std::string byte_count_text(std::uint64_t bytes);

} // namespace jalon::xlsx
