#include "relationships.hpp"

#include "xml_stream.hpp"
#include "zip_archive.hpp"

#include <algorithm>

namespace jalon::xlsx {

namespace {

class RelationshipsReader : public XmlHandler {
public:
    RelationshipsReader(std::string_view source_part, std::vector<Relationship>& relationships)
        : source_part_(source_part), relationships_(relationships) {}

    void start(const XmlElement& element) override {
        if (element.name != "Relationship" || !element.inside({"Relationships"}))
            return;
        const auto mode = element.attributes.get("TargetMode");
        if (mode && *mode == "External")
            return;
        const auto id = element.attributes.get("Id");
        const auto type = element.attributes.get("Type");
        const auto target = element.attributes.get("Target");
        if (!id || !type || !target)
            return;
        relationships_.push_back(Relationship{std::string(*id), std::string(*type),
                                              resolve_target(source_part_, *target)});
    }

private:
    std::string_view source_part_;
    std::vector<Relationship>& relationships_;
};

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

std::string percent_decoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
            hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

/// Appends the `/`-separated segments of `text` to `path`, `.` skipped and `..` climbing.
void append_segments(std::vector<std::string>& path, std::string_view text) {
    while (!text.empty()) {
        const std::size_t cut = std::min(text.find('/'), text.size());
        const std::string_view segment = text.substr(0, cut);
        text.remove_prefix(std::min(cut + 1, text.size()));
        if (segment == "..") {
            if (!path.empty())
                path.pop_back();
        } else if (!segment.empty() && segment != ".") {
            path.emplace_back(segment);
        }
    }
}

} // namespace

bool Relationship::is(std::string_view kind) const {
    const std::size_t slash = type.rfind('/');
    return slash != std::string::npos && std::string_view(type).substr(slash + 1) == kind;
}

std::string relationships_part_of(std::string_view part) {
    const std::size_t slash = part.rfind('/');
    if (slash == std::string_view::npos)
        return "_rels/" + std::string(part) + ".rels";
    return std::string(part.substr(0, slash + 1)) + "_rels/" + std::string(part.substr(slash + 1)) +
           ".rels";
}

std::string resolve_target(std::string_view source_part, std::string_view target) {
    const std::string decoded = percent_decoded(target);
    std::string_view relative = decoded;
    std::vector<std::string> path;
    if (!relative.empty() && relative.front() == '/')
        relative.remove_prefix(1);
    else if (const std::size_t slash = source_part.rfind('/'); slash != std::string_view::npos)
        append_segments(path, source_part.substr(0, slash));
    append_segments(path, relative);
    std::string out;
    for (const std::string& segment : path)
        out += (out.empty() ? "" : "/") + segment;
    return out;
}

std::vector<Relationship> read_relationships(ZipArchive& zip, std::string_view source_part) {
    std::vector<Relationship> relationships;
    const ZipEntry* part = zip.find(relationships_part_of(source_part));
    if (part == nullptr)
        return relationships;
    RelationshipsReader reader(source_part, relationships);
    parse_part(zip, *part, reader);
    return relationships;
}

} // namespace jalon::xlsx
