#include "shared_strings.hpp"

#include "text_escapes.hpp"
#include "xml_stream.hpp"
#include "zip_archive.hpp"

#include <algorithm>
#include <limits>

namespace jalon::xlsx {

namespace {

class SharedStringsReader : public XmlHandler {
public:
    SharedStringsReader(SharedStrings& strings, std::size_t max_text_bytes)
        : strings_(strings), max_text_bytes_(max_text_bytes),
          max_raw_bytes_(max_raw_text_bytes(max_text_bytes)) {}

    void start(const XmlElement& element) override {
        if (element.name == "si" && element.inside({"sst"})) {
            in_item_ = true;
            oversized_ = false;
            raw_.clear();
        } else if (in_item_ && element.name == "t" &&
                   (element.inside({"si"}) || element.inside({"si", "r"}))) {
            in_text_ = true;
        }
    }

    void end(std::string_view name) override {
        if (name == "t") {
            in_text_ = false;
        } else if (name == "si" && in_item_) {
            in_item_ = false;
            std::string text = decode_text_escapes(raw_);
            if (oversized_ || text.size() > max_text_bytes_)
                strings_.add_oversized();
            else
                strings_.add(text);
        }
    }

    void text(std::string_view text) override {
        if (!in_text_ || oversized_)
            return;
        if (text.size() > max_raw_bytes_ - raw_.size()) {
            oversized_ = true;
            raw_.clear();
            return;
        }
        raw_ += text;
    }

private:
    SharedStrings& strings_;
    std::size_t max_text_bytes_;
    std::size_t max_raw_bytes_;
    bool in_item_ = false;
    bool in_text_ = false;
    bool oversized_ = false;
    std::string raw_;
};

} // namespace

std::size_t max_raw_text_bytes(std::size_t max_text_bytes) {
    constexpr std::size_t escape_bytes = 7;
    const std::size_t most = std::numeric_limits<std::size_t>::max() / escape_bytes;
    return std::min(max_text_bytes, most) * escape_bytes;
}

std::string_view SharedStrings::at(std::size_t index) const {
    const std::size_t begin = index == 0 ? 0 : ends_[index - 1];
    return std::string_view(text_).substr(begin, ends_[index] - begin);
}

bool SharedStrings::oversized(std::size_t index) const {
    return std::binary_search(oversized_.begin(), oversized_.end(), index);
}

void SharedStrings::add(std::string_view text) {
    text_ += text;
    ends_.push_back(text_.size());
}

void SharedStrings::add_oversized() {
    oversized_.push_back(ends_.size());
    ends_.push_back(text_.size());
}

SharedStrings read_shared_strings(ZipArchive& zip, const ZipEntry& part,
                                  std::size_t max_text_bytes) {
    SharedStrings strings;
    SharedStringsReader reader(strings, max_text_bytes);
    parse_part(zip, part, reader);
    return strings;
}

} // namespace jalon::xlsx
