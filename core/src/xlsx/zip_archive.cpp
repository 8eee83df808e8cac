#include "zip_archive.hpp"

#include "../input_file.hpp"
#include "input_error.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <minizip/unzip.h>
#include <system_error>

namespace jalon::xlsx {

namespace {

constexpr std::array<unsigned char, 8> ole2_magic{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
constexpr std::size_t chunk_bytes = 64 * 1024;
constexpr std::uint64_t encrypted_flag = 1;

std::string key_of(std::string_view name) {
    if (!name.empty() && name.front() == '/')
        name.remove_prefix(1);
    std::string key(name);
    for (char& c : key)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return key;
}

/// The first bytes of a readable file; refuses one that cannot be opened.
std::vector<unsigned char> leading_bytes(const std::filesystem::path& path,
                                         const std::string& file) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
        refuse(file, "cannot open: it is a directory");
    if (const auto kind = special_file_kind(path))
        refuse(file, special_file_message(*kind));
    std::FILE* stream = std::fopen(path.c_str(), "rb");
    if (stream == nullptr)
        refuse(file, std::string("cannot open: ") + std::strerror(errno));
    std::vector<unsigned char> bytes(ole2_magic.size());
    bytes.resize(std::fread(bytes.data(), 1, bytes.size(), stream));
    const bool failed = std::ferror(stream) != 0;
    const int read_errno = errno;
    std::fclose(stream);
    if (failed)
        refuse(file, std::string("cannot open: ") + std::strerror(read_errno));
    return bytes;
}

/// Closes the entry being read, whatever happens to the read.
class OpenEntry {
public:
    explicit OpenEntry(unzFile handle) : handle_(handle) {}
    OpenEntry(const OpenEntry&) = delete;
    OpenEntry& operator=(const OpenEntry&) = delete;
    ~OpenEntry() {
        if (handle_ != nullptr)
            unzCloseCurrentFile(handle_);
    }

    /// Closes it now: UNZ_OK, or UNZ_CRCERROR when the data does not match its checksum.
    int close() {
        const int status = unzCloseCurrentFile(handle_);
        handle_ = nullptr;
        return status;
    }

private:
    unzFile handle_;
};

} // namespace

std::string byte_count_text(std::uint64_t bytes) {
    constexpr std::uint64_t kib = 1024;
    constexpr std::uint64_t mib = kib * 1024;
    if (bytes >= mib && bytes % mib == 0)
        return std::to_string(bytes / mib) + " MiB";
    if (bytes >= kib && bytes % kib == 0)
        return std::to_string(bytes / kib) + " KiB";
    return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

void ZipArchive::Close::operator()(void* handle) const {
    unzClose(handle);
}

ZipArchive::ZipArchive(const std::filesystem::path& path, std::string file,
                       const ReadLimits& limits)
    : file_(std::move(file)), limits_(limits) {
    const std::vector<unsigned char> leading = leading_bytes(path, file_);
    handle_.reset(unzOpen64(path.c_str()));
    if (!handle_) {
        if (std::equal(ole2_magic.begin(), ole2_magic.end(), leading.begin(), leading.end()))
            refuse(file_, "a legacy .xls workbook, or an encrypted (password-protected) one: "
                          "save it as .xlsx without a password");
        refuse(file_, "not an xlsx workbook (not a zip archive)");
    }
    unzFile zip = handle_.get();

    unz_global_info64 global{};
    if (unzGetGlobalInfo64(zip, &global) != UNZ_OK)
        refuse(file_, "not an xlsx workbook (unreadable zip directory)");
    const auto too_many = [&](std::uint64_t count) {
        refuse(file_, "the zip archive holds " + std::to_string(count) +
                          " entries, more than the limit of " +
                          std::to_string(limits_.max_entries) + ": refused");
    };
    if (global.number_entry > limits_.max_entries)
        too_many(global.number_entry);

    std::vector<char> name(65'536);
    int status = unzGoToFirstFile(zip);
    for (; status == UNZ_OK; status = unzGoToNextFile(zip)) {
        if (entries_.size() >= limits_.max_entries)
            too_many(entries_.size() + 1);
        unz_file_info64 info{};
        if (unzGetCurrentFileInfo64(zip, &info, name.data(), name.size(), nullptr, 0, nullptr, 0) !=
            UNZ_OK)
            break;
        ZipEntry entry;
        entry.name.assign(name.data(), std::min<std::size_t>(info.size_filename, name.size() - 1));
        if ((info.flag & encrypted_flag) != 0)
            refuse(file_, "zip entry " + excerpt(entry.name) +
                              " is encrypted: refused (save the workbook without a password)");
        entry.declared_size = info.uncompressed_size;
        entry.method = static_cast<int>(info.compression_method);
        unz64_file_pos position{};
        if (unzGetFilePos64(zip, &position) != UNZ_OK)
            break;
        entry.directory_offset = position.pos_in_zip_directory;
        entry.index = position.num_of_file;
        by_name_.emplace(key_of(entry.name), entries_.size());
        entries_.push_back(std::move(entry));
    }
    if (status != UNZ_END_OF_LIST_OF_FILE)
        refuse(file_, "not an xlsx workbook (corrupt zip directory)");
}

ZipArchive::~ZipArchive() = default;

const ZipEntry* ZipArchive::find(std::string_view name) const {
    const auto found = by_name_.find(key_of(name));
    return found == by_name_.end() ? nullptr : &entries_[found->second];
}

void ZipArchive::read(const ZipEntry& entry, const std::function<void(std::string_view)>& sink) {
    const std::string part = excerpt(entry.name);
    const auto beyond_part = [&](const std::string& detail) {
        refuse(file_, part + " expands beyond " + byte_count_text(limits_.max_part_bytes) + detail +
                          ": refused (zip bomb?)");
    };
    const auto beyond_total = [&] {
        refuse(file_, part + ": the parts read expand beyond " +
                          byte_count_text(limits_.max_total_bytes) +
                          " in total: refused (zip bomb?)");
    };
    if (entry.declared_size > limits_.max_part_bytes)
        beyond_part(" (declared size " + byte_count_text(entry.declared_size) + ")");
    if (entry.declared_size >
        limits_.max_total_bytes - std::min(bytes_read_, limits_.max_total_bytes))
        beyond_total();
    if (entry.method != 0 && entry.method != Z_DEFLATED)
        refuse(file_, part + " is compressed with method " + std::to_string(entry.method) +
                          ", which is not supported");

    unzFile zip = handle_.get();
    unz64_file_pos position{entry.directory_offset, entry.index};
    if (unzGoToFilePos64(zip, &position) != UNZ_OK || unzOpenCurrentFile(zip) != UNZ_OK)
        refuse(file_, part + ": corrupt zip entry");
    OpenEntry open(zip);

    std::vector<char> buffer(chunk_bytes);
    std::uint64_t part_bytes = 0;
    for (;;) {
        const int count =
            unzReadCurrentFile(zip, buffer.data(), static_cast<unsigned>(buffer.size()));
        if (count < 0)
            refuse(file_, part + ": corrupt zip entry (error " + std::to_string(count) + ")");
        if (count == 0)
            break;
        part_bytes += static_cast<std::uint64_t>(count);
        bytes_read_ += static_cast<std::uint64_t>(count);
        if (part_bytes > limits_.max_part_bytes)
            beyond_part("");
        if (bytes_read_ > limits_.max_total_bytes)
            beyond_total();
        sink(std::string_view(buffer.data(), static_cast<std::size_t>(count)));
    }
    if (open.close() != UNZ_OK)
        refuse(file_, part + ": corrupt zip entry (checksum mismatch)");
}

} // namespace jalon::xlsx
