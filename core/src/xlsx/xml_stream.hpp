#pragma once
/// @file
/// A streaming XML parser (expat) for the parts of a workbook: fed chunk by chunk as the part
/// is inflated, namespace-aware, refusing document type and entity declarations and deep
/// nesting, and reporting malformed XML at its line and column in the part. Private to libjalon.

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace jalon::xlsx {

class ZipArchive;
struct ZipEntry;

/// Relationship ids (`r:id`), transitional and strict.
inline constexpr std::string_view relationships_namespace =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
inline constexpr std::string_view strict_relationships_namespace =
    "http://purl.oclc.org/ooxml/officeDocument/relationships";

/// An element's attributes.
class XmlAttributes {
public:
    explicit XmlAttributes(const char** raw) : raw_(raw) {}

    /// The value of an attribute without namespace (`r="D14"`).
    std::optional<std::string_view> get(std::string_view name) const;
    /// The value of an attribute in a namespace (`r:id`).
    std::optional<std::string_view> get(std::string_view ns, std::string_view name) const;

private:
    const char** raw_;
};

/// An element being opened.
struct XmlElement {
    std::string_view ns;   ///< namespace URI, empty when none
    std::string_view name; ///< local name
    XmlAttributes attributes;
    std::span<const std::string> ancestors; ///< local names of the enclosing elements, root first

    /// Whether the enclosing elements end with `path` (`{"si", "r"}`: inside a run of a string).
    bool inside(std::initializer_list<std::string_view> path) const;
};

/// What a part's reader does with the XML.
class XmlHandler {
public:
    virtual ~XmlHandler() = default;
    virtual void start(const XmlElement& element) = 0;
    virtual void end(std::string_view name) { (void)name; }
    /// Character data, in pieces.
    virtual void text(std::string_view text) { (void)text; }
};

/// One part being parsed. Exceptions thrown by the handler come out of feed() and finish().
class XmlStream {
public:
    XmlStream(std::string file, std::string part, XmlHandler& handler);
    XmlStream(const XmlStream&) = delete;
    XmlStream& operator=(const XmlStream&) = delete;
    ~XmlStream();

    void feed(std::string_view chunk);
    /// Checks the document is complete.
    void finish();

private:
    struct Parser;
    std::unique_ptr<Parser> parser_;
};

/// Inflates and parses a whole part.
void parse_part(ZipArchive& zip, const ZipEntry& part, XmlHandler& handler);

} // namespace jalon::xlsx
