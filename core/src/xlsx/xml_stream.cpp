#include "xml_stream.hpp"

#include "input_error.hpp"
#include "zip_archive.hpp"

#include <algorithm>
#include <exception>
#include <expat.h>
#include <new>
#include <vector>

namespace jalon::xlsx {

namespace {

/// Between a namespace URI and a local name in expat's names: a character XML cannot hold.
constexpr char namespace_separator = '\x01';
/// Deeper nesting is refused: workbook parts nest a few levels, this bounds the element stack.
constexpr std::size_t max_depth = 256;

struct QualifiedName {
    std::string_view ns;
    std::string_view local;
};

QualifiedName split(const char* raw) {
    const std::string_view name(raw);
    const std::size_t cut = name.rfind(namespace_separator);
    if (cut == std::string_view::npos)
        return {{}, name};
    return {name.substr(0, cut), name.substr(cut + 1)};
}

} // namespace

std::optional<std::string_view> XmlAttributes::get(std::string_view name) const {
    for (const char** attribute = raw_; *attribute != nullptr; attribute += 2)
        if (std::string_view(attribute[0]) == name)
            return std::string_view(attribute[1]);
    return std::nullopt;
}

std::optional<std::string_view> XmlAttributes::get(std::string_view ns,
                                                   std::string_view name) const {
    for (const char** attribute = raw_; *attribute != nullptr; attribute += 2) {
        const QualifiedName qualified = split(attribute[0]);
        if (qualified.ns == ns && qualified.local == name)
            return std::string_view(attribute[1]);
    }
    return std::nullopt;
}

bool XmlElement::inside(std::initializer_list<std::string_view> path) const {
    return path.size() <= ancestors.size() &&
           std::equal(path.begin(), path.end(), ancestors.end() - static_cast<long>(path.size()),
                      [](std::string_view a, const std::string& b) { return a == b; });
}

struct XmlStream::Parser {
    Parser(std::string file_name, std::string part_name, XmlHandler& part_handler)
        : expat(XML_ParserCreateNS(nullptr, namespace_separator)), file(std::move(file_name)),
          part(std::move(part_name)), handler(part_handler) {
        if (expat == nullptr)
            throw std::bad_alloc();
        XML_SetUserData(expat, this);
        XML_SetElementHandler(expat, &Parser::on_start, &Parser::on_end);
        XML_SetCharacterDataHandler(expat, &Parser::on_text);
        XML_SetStartDoctypeDeclHandler(expat, &Parser::on_doctype);
        XML_SetEntityDeclHandler(expat, &Parser::on_entity);
        XML_SetParamEntityParsing(expat, XML_PARAM_ENTITY_PARSING_NEVER);
    }
    Parser(const Parser&) = delete;
    Parser& operator=(const Parser&) = delete;
    ~Parser() { XML_ParserFree(expat); }

    int line() const { return static_cast<int>(XML_GetCurrentLineNumber(expat)); }
    int column() const { return static_cast<int>(XML_GetCurrentColumnNumber(expat)) + 1; }

    [[noreturn]] void refuse_here(const std::string& message) const {
        refuse(file, excerpt(part) + " line " + std::to_string(line()) + " column " +
                         std::to_string(column()) + ": " + message);
    }

    /// Stops parsing on the handler's exception, to be rethrown once expat has returned.
    void stop(std::exception_ptr error) {
        if (!failure)
            failure = std::move(error);
        XML_StopParser(expat, XML_FALSE);
    }

    template <typename Step>
    static void guarded(void* data, Step step) {
        auto* self = static_cast<Parser*>(data);
        if (self->failure)
            return;
        try {
            step(*self);
        } catch (...) {
            self->stop(std::current_exception());
        }
    }

    static void XMLCALL on_start(void* data, const XML_Char* name, const XML_Char** attributes) {
        guarded(data, [&](Parser& self) {
            if (self.open.size() >= max_depth)
                self.refuse_here("XML nested deeper than " + std::to_string(max_depth) +
                                 " elements: refused");
            const QualifiedName qualified = split(name);
            self.handler.start(
                XmlElement{qualified.ns, qualified.local, XmlAttributes(attributes), self.open});
            self.open.emplace_back(qualified.local);
        });
    }

    static void XMLCALL on_end(void* data, const XML_Char* name) {
        guarded(data, [&](Parser& self) {
            if (!self.open.empty())
                self.open.pop_back();
            self.handler.end(split(name).local);
        });
    }

    static void XMLCALL on_text(void* data, const XML_Char* text, int length) {
        guarded(data, [&](Parser& self) {
            self.handler.text(std::string_view(text, static_cast<std::size_t>(length)));
        });
    }

    static void XMLCALL on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*,
                                   int) {
        guarded(data, [](Parser& self) {
            self.refuse_here("XML with a document type declaration (DOCTYPE) is refused");
        });
    }

    static void XMLCALL on_entity(void* data, const XML_Char*, int, const XML_Char*, int,
                                  const XML_Char*, const XML_Char*, const XML_Char*,
                                  const XML_Char*) {
        guarded(data, [](Parser& self) {
            self.refuse_here("XML with an entity declaration is refused");
        });
    }

    void parse(const char* data, std::size_t size, bool last) {
        if (XML_Parse(expat, data, static_cast<int>(size), last ? XML_TRUE : XML_FALSE) ==
            XML_STATUS_OK)
            return;
        if (failure)
            std::rethrow_exception(failure);
        refuse_here(std::string("malformed XML: ") + XML_ErrorString(XML_GetErrorCode(expat)));
    }

    XML_Parser expat;
    std::string file;
    std::string part;
    XmlHandler& handler;
    std::vector<std::string> open;
    std::exception_ptr failure;
};

XmlStream::XmlStream(std::string file, std::string part, XmlHandler& handler)
    : parser_(std::make_unique<Parser>(std::move(file), std::move(part), handler)) {}

XmlStream::~XmlStream() = default;

void XmlStream::feed(std::string_view chunk) {
    constexpr std::size_t most = 1 << 30;
    while (!chunk.empty()) {
        const std::size_t size = std::min(chunk.size(), most);
        parser_->parse(chunk.data(), size, false);
        chunk.remove_prefix(size);
    }
}

void XmlStream::finish() {
    parser_->parse(nullptr, 0, true);
}

void parse_part(ZipArchive& zip, const ZipEntry& part, XmlHandler& handler) {
    XmlStream stream(zip.file(), part.name, handler);
    zip.read(part, [&](std::string_view chunk) { stream.feed(chunk); });
    stream.finish();
}

} // namespace jalon::xlsx
