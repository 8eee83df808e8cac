#include "excel_date.hpp"
#include "input_error.hpp"
#include "number_formats.hpp"
#include "relationships.hpp"
#include "shared_strings.hpp"
#include "worksheet_cells.hpp"
#include "xml_stream.hpp"
#include "zip_archive.hpp"

#include <jalon/xlsx/workbook_reader.hpp>

#include <algorithm>

namespace jalon::xlsx {

namespace {

/// A sheet as `<sheets>` lists it.
struct ListedSheet {
    SheetEntry entry;
    std::string relationship_id;
};

/// The workbook part: its sheets and its date system.
class WorkbookPartReader : public XmlHandler {
public:
    WorkbookPartReader(const std::string& file, const std::string& part)
        : file_(file), part_(part) {}

    void start(const XmlElement& element) override {
        if (element.ancestors.empty()) {
            if (element.name != "workbook")
                refuse(file_, "not an xlsx workbook (no workbook part)");
        } else if (element.name == "workbookPr" && element.inside({"workbook"})) {
            const auto date1904 = element.attributes.get("date1904");
            if (date1904 && (*date1904 == "1" || *date1904 == "true"))
                date_system = DateSystem::from_1904;
        } else if (element.name == "sheet" && element.inside({"workbook", "sheets"})) {
            const auto name = element.attributes.get("name");
            if (!name || name->empty())
                refuse(file_, excerpt(part_) + ": a sheet has no name");
            const auto state = element.attributes.get("state");
            auto id = element.attributes.get(relationships_namespace, "id");
            if (!id)
                id = element.attributes.get(strict_relationships_namespace, "id");
            sheets.push_back(
                ListedSheet{SheetEntry{std::string(*name),
                                       state && (*state == "hidden" || *state == "veryHidden")},
                            std::string(id.value_or(""))});
        }
    }

    std::vector<ListedSheet> sheets;
    DateSystem date_system = DateSystem::from_1900;

private:
    const std::string& file_;
    const std::string& part_;
};

const Relationship* find_relationship(const std::vector<Relationship>& relationships,
                                      std::string_view kind) {
    const auto found = std::find_if(relationships.begin(), relationships.end(),
                                    [&](const Relationship& r) { return r.is(kind); });
    return found == relationships.end() ? nullptr : &*found;
}

} // namespace

struct WorkbookReader::State {
    State(const std::filesystem::path& path, const ReadLimits& read_limits)
        : limits(read_limits), zip(path, path.string(), read_limits) {}

    ReadLimits limits;
    ZipArchive zip;
    std::vector<SheetEntry> sheets;
    std::vector<std::string> sheet_parts; ///< "" when the workbook names none
    SharedStrings shared_strings;
    DateStyles date_styles;
    DateSystem date_system = DateSystem::from_1900;
};

WorkbookReader WorkbookReader::open(const std::filesystem::path& path, const ReadLimits& limits) {
    auto state = std::make_unique<State>(path, limits);
    ZipArchive& zip = state->zip;
    const std::string& file = zip.file();

    std::string workbook_part = "xl/workbook.xml";
    for (const Relationship& relationship : read_relationships(zip, ""))
        if (relationship.is("officeDocument") && zip.find(relationship.part) != nullptr) {
            workbook_part = relationship.part;
            break;
        }
    const ZipEntry* workbook = zip.find(workbook_part);
    if (workbook == nullptr)
        refuse(file, "not an xlsx workbook (no workbook part)");
    WorkbookPartReader listing(file, workbook->name);
    parse_part(zip, *workbook, listing);
    state->date_system = listing.date_system;

    const std::vector<Relationship> relationships = read_relationships(zip, workbook_part);
    for (const ListedSheet& sheet : listing.sheets) {
        const auto target =
            std::find_if(relationships.begin(), relationships.end(),
                         [&](const Relationship& r) { return r.id == sheet.relationship_id; });
        state->sheets.push_back(sheet.entry);
        state->sheet_parts.push_back(target == relationships.end() ? "" : target->part);
    }
    if (const Relationship* strings = find_relationship(relationships, "sharedStrings"))
        if (const ZipEntry* part = zip.find(strings->part))
            state->shared_strings = read_shared_strings(zip, *part, limits.max_text_bytes);
    if (const Relationship* styles = find_relationship(relationships, "styles"))
        if (const ZipEntry* part = zip.find(styles->part))
            state->date_styles = read_date_styles(zip, *part);
    return WorkbookReader(std::move(state));
}

WorkbookReader::WorkbookReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
WorkbookReader::WorkbookReader(WorkbookReader&&) noexcept = default;
WorkbookReader& WorkbookReader::operator=(WorkbookReader&&) noexcept = default;
WorkbookReader::~WorkbookReader() = default;

const std::string& WorkbookReader::file() const noexcept {
    return state_->zip.file();
}

const std::vector<SheetEntry>& WorkbookReader::sheets() const noexcept {
    return state_->sheets;
}

bool WorkbookReader::has_sheet(const std::string& name) const noexcept {
    return std::any_of(state_->sheets.begin(), state_->sheets.end(),
                       [&](const SheetEntry& sheet) { return sheet.name == name; });
}

Sheet WorkbookReader::read_sheet(const std::string& name) const {
    State& state = *state_;
    const auto listed = std::find_if(state.sheets.begin(), state.sheets.end(),
                                     [&](const SheetEntry& sheet) { return sheet.name == name; });
    if (listed == state.sheets.end()) {
        std::string known;
        for (const SheetEntry& sheet : state.sheets)
            known += (known.empty() ? "'" : ", '") + sheet.name + "'";
        refuse(file(), "no sheet named '" + excerpt(name) + "' in the workbook (its sheets: " +
                           (known.empty() ? "none" : known) + ")");
    }
    const std::string& part =
        state.sheet_parts[static_cast<std::size_t>(listed - state.sheets.begin())];
    const ZipEntry* entry = part.empty() ? nullptr : state.zip.find(part);
    if (entry == nullptr)
        refuse(file(), "sheet '" + name + "' has no worksheet part in the archive");
    const WorksheetContext context{listed->name, state.shared_strings, state.date_styles,
                                   state.date_system, state.limits.max_text_bytes};
    return Sheet{name, read_worksheet_cells(state.zip, *entry, context)};
}

} // namespace jalon::xlsx
