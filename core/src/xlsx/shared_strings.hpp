#pragma once
/// @file
/// The shared strings table (`xl/sharedStrings.xml`): the text of each `<si>`, its `<t>` and
/// the `<t>` of its runs put together, phonetic runs (`<rPh>`) left out. Private to libjalon.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jalon::xlsx {

class ZipArchive;
struct ZipEntry;

/// The strings, held in one buffer (a table of many short strings costs little more than its
/// text). A string longer than the text limit is kept as a mark, not as text.
class SharedStrings {
public:
    std::size_t size() const { return ends_.size(); }
    /// The text of string `index` (< size()), `_xHHHH_` escapes decoded.
    std::string_view at(std::size_t index) const;
    /// Whether string `index` was over the text limit.
    bool oversized(std::size_t index) const;

    void add(std::string_view text);
    void add_oversized();

private:
    std::string text_;
    std::vector<std::size_t> ends_;
    std::vector<std::size_t> oversized_;
};

/// Reads the shared strings part; `max_text_bytes` bounds one string.
SharedStrings read_shared_strings(ZipArchive& zip, const ZipEntry& part,
                                  std::size_t max_text_bytes);

/// How much raw XML text may be gathered for a text of at most `max_text_bytes` once decoded
/// (an escape takes 7 bytes for as little as one).
std::size_t max_raw_text_bytes(std::size_t max_text_bytes);

} // namespace jalon::xlsx
