#pragma once
/// @file
/// Package relationships (`_rels/*.rels`): how one part names the parts it uses, by id and
/// type. Private to libjalon.

#include <string>
#include <string_view>
#include <vector>

namespace jalon::xlsx {

class ZipArchive;

/// One internal relationship, its target resolved to a part name (`xl/worksheets/sheet1.xml`).
struct Relationship {
    std::string id;
    std::string type;
    std::string part;

    /// Whether the type's last segment is `kind` (`worksheet`), whichever namespace it is in
    /// (transitional `http://schemas.openxmlformats.org/…` or strict `http://purl.oclc.org/…`).
    bool is(std::string_view kind) const;
};

/// The relationships part of a part: `xl/_rels/workbook.xml.rels` for `xl/workbook.xml`,
/// `_rels/.rels` for the package itself ("").
std::string relationships_part_of(std::string_view part);

/// A target resolved against the part it is relative to: `worksheets/sheet1.xml` from
/// `xl/workbook.xml` is `xl/worksheets/sheet1.xml`; `/xl/x.xml` is `xl/x.xml`; `..` climbs; `%20`
/// is decoded.
std::string resolve_target(std::string_view source_part, std::string_view target);

/// The internal relationships of `source_part` (external ones left out); none when it has no
/// relationships part.
std::vector<Relationship> read_relationships(ZipArchive& zip, std::string_view source_part);

} // namespace jalon::xlsx
