#include "input_file.hpp"

#include <system_error>

namespace jalon {

std::optional<std::string> special_file_kind(const std::filesystem::path& path) {
    using std::filesystem::file_type;
    std::error_code error;
    switch (std::filesystem::status(path, error).type()) {
    case file_type::none:
    case file_type::not_found:
    case file_type::regular:
    case file_type::directory:
        return std::nullopt;
    case file_type::fifo:
        return "a named pipe";
    case file_type::character:
    case file_type::block:
        return "a device";
    case file_type::socket:
        return "a socket";
    default:
        return "not a regular file";
    }
}

std::string special_file_message(const std::string& kind) {
    return "is " + kind + ", not a regular file (Jalon reads input from files: save it to one)";
}

} // namespace jalon
