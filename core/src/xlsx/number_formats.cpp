#include "number_formats.hpp"

#include "xml_stream.hpp"
#include "zip_archive.hpp"

#include <charconv>
#include <map>
#include <optional>
#include <string>

namespace jalon::xlsx {

namespace {

std::optional<long> integer(std::optional<std::string_view> text) {
    if (!text)
        return std::nullopt;
    long value = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc{} || end != text->data() + text->size())
        return std::nullopt;
    return value;
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

/// `[h]`, `[hh]`, `[m]`, `[mm]`, `[s]`, `[ss]`: elapsed time.
bool is_elapsed_time(std::string_view inside) {
    if (inside.empty())
        return false;
    const char unit = lower(inside.front());
    if (unit != 'h' && unit != 'm' && unit != 's')
        return false;
    for (char c : inside)
        if (lower(c) != unit)
            return false;
    return true;
}

class StylesReader : public XmlHandler {
public:
    void start(const XmlElement& element) override {
        if (element.name == "numFmt" && element.inside({"styleSheet", "numFmts"})) {
            const auto id = integer(element.attributes.get("numFmtId"));
            const auto code = element.attributes.get("formatCode");
            if (id && code)
                codes_[*id] = std::string(*code);
        } else if (element.name == "xf" && element.inside({"styleSheet", "cellXfs"})) {
            format_ids_.push_back(integer(element.attributes.get("numFmtId")).value_or(0));
        }
    }

    DateStyles styles() const {
        std::vector<bool> dates;
        dates.reserve(format_ids_.size());
        for (long id : format_ids_) {
            const auto custom = codes_.find(id);
            dates.push_back(custom != codes_.end() ? is_date_format_code(custom->second)
                                                   : is_builtin_date_format(id));
        }
        return DateStyles(std::move(dates));
    }

private:
    std::map<long, std::string> codes_;
    std::vector<long> format_ids_;
};

} // namespace

bool is_builtin_date_format(long id) {
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

bool is_date_format_code(std::string_view code) {
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == '"') {
            const std::size_t close = code.find('"', i + 1);
            i = close == std::string_view::npos ? code.size() : close;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;
        } else if (c == '[') {
            const std::size_t close = code.find(']', i + 1);
            if (close == std::string_view::npos)
                return false;
            if (is_elapsed_time(code.substr(i + 1, close - i - 1)))
                return true;
            i = close;
        } else {
            const char letter = lower(c);
            if (letter == 'y' || letter == 'm' || letter == 'd' || letter == 'h' || letter == 's')
                return true;
        }
    }
    return false;
}

DateStyles read_date_styles(ZipArchive& zip, const ZipEntry& part) {
    StylesReader reader;
    parse_part(zip, part, reader);
    return reader.styles();
}

} // namespace jalon::xlsx
