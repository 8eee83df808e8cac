// The xlsx reader: workbooks written by libxlsxwriter, parts crafted by hand, and archives built
// with minizip for every way a file can be refused.
#include "test_support.hpp"

#include <jalon/data/data_workbook.hpp>
#include <jalon/error.hpp>
#include <jalon/xlsx/workbook_reader.hpp>

#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <minizip/zip.h>
#include <string>
#include <utility>
#include <vector>
#include <zlib.h>

using namespace jalon;
using namespace jalon::xlsx;
namespace fs = std::filesystem;
using Kind = CellValue::Kind;

namespace {

/// The first problem `action` is refused with.
Diagnostic refusal(const std::function<void()>& action) {
    try {
        action();
    } catch (const InputError& error) {
        return error.diagnostics().front();
    }
    ADD_FAILURE() << "no InputError";
    return {};
}

std::string refusal_text(const std::function<void()>& action) {
    return refusal(action).to_string();
}

// ---- archives built with minizip ---------------------------------------------------------------

using Parts = std::vector<std::pair<std::string, std::string>>;

const std::string main_namespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const std::string relationships_namespace =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const std::string package_namespace =
    "http://schemas.openxmlformats.org/package/2006/relationships";
const std::string relationship_type =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

zipFile create_zip(const fs::path& path) {
    zipFile zip = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
    if (zip == nullptr)
        throw std::runtime_error("cannot create " + path.string());
    return zip;
}

void add_part(zipFile zip, const std::string& name, const std::string& content,
              const char* password = nullptr) {
    zip_fileinfo info{};
    const uLong crc =
        crc32(0, reinterpret_cast<const Bytef*>(content.data()), static_cast<uInt>(content.size()));
    if (zipOpenNewFileInZip3(zip, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                             Z_DEFAULT_COMPRESSION, 0, -MAX_WBITS, DEF_MEM_LEVEL,
                             Z_DEFAULT_STRATEGY, password, crc) != ZIP_OK ||
        zipWriteInFileInZip(zip, content.data(), static_cast<unsigned>(content.size())) != ZIP_OK ||
        zipCloseFileInZip(zip) != ZIP_OK)
        throw std::runtime_error("cannot write " + name);
}

void write_zip(const fs::path& path, const Parts& parts) {
    zipFile zip = create_zip(path);
    for (const auto& [name, content] : parts)
        add_part(zip, name, content);
    zipClose(zip, nullptr);
}

/// A worksheet part around the inside of its `<sheetData>`.
std::string worksheet(const std::string& sheet_data) {
    return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
           "\n<worksheet xmlns=\"" +
           main_namespace + "\" xmlns:r=\"" + relationships_namespace + "\"><sheetData>" +
           sheet_data + "</sheetData></worksheet>";
}

/// What a hand-made workbook holds.
struct WorkbookSpec {
    std::vector<std::pair<std::string, std::string>> sheets; ///< name, inside of <sheetData>
    std::vector<std::string> shared_strings;                 ///< inside of each <si>
    std::string styles;                                      ///< whole styles part, if any
    std::string workbook_properties;                         ///< `<workbookPr …/>`
};

WorkbookSpec with_sheets(std::vector<std::pair<std::string, std::string>> sheets) {
    WorkbookSpec spec;
    spec.sheets = std::move(sheets);
    return spec;
}

/// The parts of a minimal workbook, as Excel lays them out.
Parts workbook_parts(const WorkbookSpec& spec) {
    Parts parts;
    parts.emplace_back(
        "[Content_Types].xml",
        R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)");
    parts.emplace_back("_rels/.rels", "<Relationships xmlns=\"" + package_namespace +
                                          "\"><Relationship Id=\"rId1\" Type=\"" +
                                          relationship_type +
                                          "officeDocument\" Target=\"xl/workbook.xml\"/>"
                                          "</Relationships>");
    std::string workbook = "<workbook xmlns=\"" + main_namespace + "\" xmlns:r=\"" +
                           relationships_namespace + "\">" + spec.workbook_properties + "<sheets>";
    std::string rels = "<Relationships xmlns=\"" + package_namespace + "\">";
    for (std::size_t i = 0; i < spec.sheets.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        workbook += "<sheet name=\"" + spec.sheets[i].first + "\" sheetId=\"" + n +
                    "\" r:id=\"rId" + n + "\"/>";
        rels += "<Relationship Id=\"rId" + n + "\" Type=\"" + relationship_type +
                "worksheet\" Target=\"worksheets/sheet" + n + ".xml\"/>";
        parts.emplace_back("xl/worksheets/sheet" + n + ".xml", worksheet(spec.sheets[i].second));
    }
    workbook += "</sheets></workbook>";
    if (!spec.shared_strings.empty()) {
        std::string table = "<sst xmlns=\"" + main_namespace + "\">";
        for (const std::string& item : spec.shared_strings)
            table += "<si>" + item + "</si>";
        parts.emplace_back("xl/sharedStrings.xml", table + "</sst>");
        rels += "<Relationship Id=\"rIdS\" Type=\"" + relationship_type +
                "sharedStrings\" Target=\"sharedStrings.xml\"/>";
    }
    if (!spec.styles.empty()) {
        parts.emplace_back("xl/styles.xml", spec.styles);
        rels += "<Relationship Id=\"rIdT\" Type=\"" + relationship_type +
                "styles\" Target=\"styles.xml\"/>";
    }
    parts.emplace_back("xl/workbook.xml", workbook);
    parts.emplace_back("xl/_rels/workbook.xml.rels", rels + "</Relationships>");
    return parts;
}

/// A styles part whose cell formats (s = 0, 1, …) use these number formats.
std::string styles_part(const std::vector<std::pair<int, std::string>>& custom_formats,
                        const std::vector<int>& cell_format_ids) {
    std::string styles = "<styleSheet xmlns=\"" + main_namespace + "\"><numFmts>";
    for (const auto& [id, code] : custom_formats)
        styles += "<numFmt numFmtId=\"" + std::to_string(id) + "\" formatCode=\"" + code + "\"/>";
    styles += "</numFmts><cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs>";
    for (int id : cell_format_ids)
        styles += "<xf numFmtId=\"" + std::to_string(id) + "\"/>";
    return styles + "</cellXfs></styleSheet>";
}

fs::path write_workbook(const test::TempDir& dir, const WorkbookSpec& spec,
                        const std::string& name = "book.xlsx") {
    const fs::path path = dir / name;
    write_zip(path, workbook_parts(spec));
    return path;
}

Sheet read_only_sheet(const fs::path& path, const ReadLimits& limits = {}) {
    const WorkbookReader reader = WorkbookReader::open(path, limits);
    return reader.read_sheet(reader.sheets().front().name);
}

std::string text_at(const Sheet& sheet, int row, int column) {
    const CellValue* value = sheet.at(row, column);
    return value == nullptr ? "<empty>" : value->as_text();
}

// ---- workbooks written by libxlsxwriter --------------------------------------------------------

fs::path write_with_libxlsxwriter(const test::TempDir& dir) {
    const fs::path path = dir / "written.xlsx";
    lxw_workbook* workbook = workbook_new(path.c_str());
    lxw_worksheet* saisie = workbook_add_worksheet(workbook, "Saisie");
    lxw_worksheet* spaced = workbook_add_worksheet(workbook, "Mes données");
    lxw_worksheet* hidden = workbook_add_worksheet(workbook, "Cachée");
    lxw_format* date = workbook_add_format(workbook);
    format_set_num_format(date, "yyyy-mm-dd");
    lxw_format* date_time = workbook_add_format(workbook);
    format_set_num_format(date_time, "dd/mm/yyyy hh:mm:ss");
    lxw_format* builtin_date = workbook_add_format(workbook);
    format_set_num_format_index(builtin_date, 14);
    lxw_format* euros = workbook_add_format(workbook);
    format_set_num_format(euros, "#,##0.00\\ \"€\"");

    worksheet_write_string(saisie, 0, 0, "Territoire", nullptr);
    worksheet_write_string(saisie, 0, 1, "Valeur", nullptr);
    worksheet_write_string(saisie, 1, 0, "Blois", nullptr);
    worksheet_write_number(saisie, 1, 1, 86, nullptr);
    worksheet_write_number(saisie, 2, 1, 0.1, nullptr);
    worksheet_write_number(saisie, 2, 2, -3.25, nullptr);
    worksheet_write_boolean(saisie, 3, 1, 1, nullptr);
    worksheet_write_boolean(saisie, 3, 2, 0, nullptr);
    lxw_datetime day{2024, 3, 1, 0, 0, 0};
    worksheet_write_datetime(saisie, 4, 1, &day, date);
    lxw_datetime moment{2024, 3, 1, 14, 30, 15};
    worksheet_write_datetime(saisie, 4, 2, &moment, date_time);
    worksheet_write_number(saisie, 4, 3, 45000, builtin_date);
    worksheet_write_number(saisie, 4, 4, 1234.5, euros);
    worksheet_write_formula_num(saisie, 5, 1, "=B2*2", nullptr, 172);
    worksheet_write_string(saisie, 6, 0, "ligne 1\rligne 2", nullptr);
    worksheet_write_blank(saisie, 7, 0, date);
    worksheet_write_string(saisie, 9, 3, "Blois", nullptr);
    worksheet_write_string(spaced, 13, 3, "ici", nullptr);
    worksheet_write_number(hidden, 0, 0, 2023, nullptr);
    worksheet_hide(hidden);
    if (workbook_close(workbook) != LXW_NO_ERROR)
        throw std::runtime_error("libxlsxwriter failed");
    return path;
}

TEST(xlsx, ReadsAWorkbookWrittenByLibxlsxwriter) {
    test::TempDir dir;
    const WorkbookReader reader = WorkbookReader::open(write_with_libxlsxwriter(dir));
    EXPECT_EQ(reader.file(), (dir / "written.xlsx").string());
    ASSERT_EQ(reader.sheets().size(), 3u);
    EXPECT_EQ(reader.sheets()[0].name, "Saisie");
    EXPECT_EQ(reader.sheets()[1].name, "Mes données");
    EXPECT_EQ(reader.sheets()[2].name, "Cachée");
    EXPECT_FALSE(reader.sheets()[0].hidden);
    EXPECT_FALSE(reader.sheets()[1].hidden);
    EXPECT_TRUE(reader.sheets()[2].hidden);
    EXPECT_TRUE(reader.has_sheet("Mes données"));
    EXPECT_FALSE(reader.has_sheet("mes données"));

    const Sheet saisie = reader.read_sheet("Saisie");
    EXPECT_EQ(saisie.name, "Saisie");
    EXPECT_EQ(text_at(saisie, 1, 1), "Territoire");
    EXPECT_EQ(text_at(saisie, 1, 2), "Valeur");
    EXPECT_EQ(text_at(saisie, 2, 1), "Blois");
    EXPECT_EQ(saisie.at(2, 1)->kind, Kind::text);
    EXPECT_EQ(text_at(saisie, 2, 2), "86");
    EXPECT_EQ(saisie.at(2, 2)->kind, Kind::number);
    EXPECT_EQ(saisie.at(2, 2)->number, 86);
    EXPECT_EQ(text_at(saisie, 3, 2), "0.1");
    EXPECT_EQ(text_at(saisie, 3, 3), "-3.25");
    EXPECT_EQ(text_at(saisie, 4, 2), "TRUE");
    EXPECT_EQ(text_at(saisie, 4, 3), "FALSE");
    EXPECT_EQ(saisie.at(4, 2)->kind, Kind::boolean);
    EXPECT_EQ(saisie.at(4, 2)->number, 1);

    ASSERT_NE(saisie.at(5, 2), nullptr);
    EXPECT_EQ(saisie.at(5, 2)->kind, Kind::date);
    EXPECT_EQ(saisie.at(5, 2)->text, "2024-03-01");
    EXPECT_EQ(saisie.at(5, 2)->number, 45352);
    EXPECT_EQ(saisie.at(5, 3)->kind, Kind::date);
    EXPECT_EQ(text_at(saisie, 5, 3), "2024-03-01T14:30:15");
    EXPECT_EQ(saisie.at(5, 4)->kind, Kind::date);
    EXPECT_EQ(text_at(saisie, 5, 4), "2023-03-15");
    EXPECT_EQ(saisie.at(5, 5)->kind, Kind::number);
    EXPECT_EQ(text_at(saisie, 5, 5), "1234.5");

    EXPECT_EQ(saisie.at(6, 2)->kind, Kind::number);
    EXPECT_EQ(text_at(saisie, 6, 2), "172");
    EXPECT_EQ(text_at(saisie, 7, 1), "ligne 1\rligne 2");
    EXPECT_EQ(saisie.at(8, 1), nullptr) << "a blank cell is not stored";
    EXPECT_EQ(text_at(saisie, 10, 4), "Blois");
    EXPECT_EQ(saisie.last_row(), 10);
    for (std::size_t i = 1; i < saisie.cells.size(); ++i) {
        const Cell& a = saisie.cells[i - 1];
        const Cell& b = saisie.cells[i];
        EXPECT_TRUE(a.row < b.row || (a.row == b.row && a.column < b.column));
    }

    const Sheet spaced = reader.read_sheet("Mes données");
    ASSERT_EQ(spaced.cells.size(), 1u);
    EXPECT_EQ(spaced.cells[0].row, 14);
    EXPECT_EQ(spaced.cells[0].column, 4);
    EXPECT_EQ(spaced.cells[0].value.text, "ici");
    EXPECT_EQ(text_at(reader.read_sheet("Cachée"), 1, 1), "2023");
}

TEST(xlsx, ReadsInlineStringsOfAConstantMemoryWorkbook) {
    test::TempDir dir;
    const fs::path path = dir / "streamed.xlsx";
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Données 2023");
    for (int row = 0; row < 200; ++row) {
        worksheet_write_string(sheet, static_cast<lxw_row_t>(row), 0,
                               ("territoire " + std::to_string(row)).c_str(), nullptr);
        worksheet_write_number(sheet, static_cast<lxw_row_t>(row), 1, row * 0.5, nullptr);
    }
    worksheet_write_string(sheet, 200, 2, "Éléments « cités »", nullptr);
    ASSERT_EQ(workbook_close(workbook), LXW_NO_ERROR);

    const Sheet read = read_only_sheet(path);
    EXPECT_EQ(read.name, "Données 2023");
    EXPECT_EQ(read.cells.size(), 401u);
    EXPECT_EQ(text_at(read, 1, 1), "territoire 0");
    EXPECT_EQ(read.at(1, 1)->kind, Kind::text);
    EXPECT_EQ(text_at(read, 200, 1), "territoire 199");
    EXPECT_EQ(text_at(read, 200, 2), "99.5");
    EXPECT_EQ(text_at(read, 201, 3), "Éléments « cités »");
    EXPECT_EQ(read.last_row(), 201);
}

// ---- references and values ---------------------------------------------------------------------

TEST(xlsx, ColumnLettersAndCellReferences) {
    EXPECT_EQ(column_letters(1), "A");
    EXPECT_EQ(column_letters(26), "Z");
    EXPECT_EQ(column_letters(27), "AA");
    EXPECT_EQ(column_letters(52), "AZ");
    EXPECT_EQ(column_letters(53), "BA");
    EXPECT_EQ(column_letters(702), "ZZ");
    EXPECT_EQ(column_letters(703), "AAA");
    EXPECT_EQ(column_letters(16'384), "XFD");
    EXPECT_EQ(column_letters(0), "");

    EXPECT_EQ(cell_reference("Saisie", 14, 4), "Saisie!D14");
    EXPECT_EQ(cell_reference("Data_2024.v1", 1, 1), "Data_2024.v1!A1");
    EXPECT_EQ(cell_reference("Mes données", 14, 4), "'Mes données'!D14");
    EXPECT_EQ(cell_reference("Année", 2, 3), "'Année'!C2");
    EXPECT_EQ(cell_reference("2024", 1, 1), "'2024'!A1");
    EXPECT_EQ(cell_reference("L'Isle", 1, 28), "'L''Isle'!AB1");
    EXPECT_EQ(cell_reference("a-b", 1048576, 16384), "'a-b'!XFD1048576");
}

TEST(xlsx, ValuesAsText) {
    const auto number = [](double n) { return CellValue{Kind::number, n, {}}.as_text(); };
    EXPECT_EQ(number(2023), "2023");
    EXPECT_EQ(number(86), "86");
    EXPECT_EQ(number(0.1), "0.1");
    EXPECT_EQ(number(-3.25), "-3.25");
    EXPECT_EQ(number(0), "0");
    EXPECT_EQ(number(-0.0), "0");
    EXPECT_EQ(number(12.0), "12");
    EXPECT_EQ(number(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(number(1e15), "1000000000000000");
    EXPECT_EQ(number(-1e15), "-1000000000000000");
    EXPECT_EQ(number(1e16), "1e+16");
    EXPECT_EQ(number(1.5e-7), "1.5e-07");
    EXPECT_EQ((CellValue{Kind::boolean, 1, {}}.as_text()), "TRUE");
    EXPECT_EQ((CellValue{Kind::boolean, 0, {}}.as_text()), "FALSE");
    EXPECT_EQ((CellValue{Kind::text, 0, "Blois"}.as_text()), "Blois");
    EXPECT_EQ((CellValue{Kind::error, 0, "#DIV/0!"}.as_text()), "#DIV/0!");
    EXPECT_EQ((CellValue{Kind::date, 45352, "2024-03-01"}.as_text()), "2024-03-01");
    EXPECT_EQ(CellValue{}.as_text(), "");
}

TEST(xlsx, CellTypesEscapesAndMissingReferences) {
    test::TempDir dir;
    WorkbookSpec spec;
    spec.shared_strings = {
        "<t>simple</t>",
        "<r><t>gras </t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">et fin</t></r>",
        "<t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh>",
        "<t>ligne_x000D__x000A_suite</t>",
        "<t/>",
        "<t>a_x005F_x0041_b _x0041_ _xD83D__xDE00_ _xZZZZ_</t>",
    };
    spec.sheets = {
        {"Saisie",
         // cells out of order, some without r, formulas with and without cached value
         R"(<row r="9"><c r="B9"><v>2</v></c><c r="A9"><v>1</v></c></row>)"
         R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c t="s"><v>1</v></c>)"
         R"(<c t="s"><v>2</v></c><c t="s"><v>3</v></c><c t="s"><v>4</v></c>)"
         R"(<c t="s"><v>5</v></c></row>)"
         R"(<row><c><f>SUM(A2:B2)</f><v>3</v></c><c><f>NOW()</f></c>)"
         R"(<c t="str"><f>A1</f><v>tab_x0009_bed</v></c><c t="e"><f>1/0</f><v>#DIV/0!</v></c>)"
         R"(<c t="b"><v>1</v></c><c t="b"><v>0</v></c></row>)"
         R"(<row r="5"><c r="C5" t="inlineStr"><is><t>en ligne</t></is></c>)"
         R"(<c t="inlineStr"><is><r><t>en </t></r><r><t>deux</t></r><rPh><t>x</t></rPh></is></c>)"
         R"(<c t="d"><v>2024-03-01T10:30:00</v></c><c t="d"><v>2024-03-01</v></c>)"
         R"(<c t="d"><v>2024-03-01T23:59:59.7Z</v></c>)"
         R"(<c t="n"><v> 1.5E3 </v></c><c><v></v></c><c t="str"><v></v></c></row>)"
         R"(<row r="7"/><row><c r="Z8"><v>8</v></c><c><v>9</v></c></row>)"}};
    const Sheet sheet = read_only_sheet(write_workbook(dir, spec));

    EXPECT_EQ(text_at(sheet, 1, 1), "simple");
    EXPECT_EQ(text_at(sheet, 1, 2), "gras et fin");
    EXPECT_EQ(text_at(sheet, 1, 3), "東京");
    EXPECT_EQ(text_at(sheet, 1, 4), "ligne\r\nsuite");
    EXPECT_EQ(sheet.at(1, 5), nullptr) << "an empty shared string is not stored";
    EXPECT_EQ(text_at(sheet, 1, 6), "a_x0041_b A \xF0\x9F\x98\x80 _xZZZZ_");

    EXPECT_EQ(text_at(sheet, 2, 1), "3") << "a row without r follows the one before";
    ASSERT_NE(sheet.at(2, 2), nullptr) << "a formula without a cached value is kept, as such";
    EXPECT_EQ(sheet.at(2, 2)->kind, Kind::uncalculated);
    EXPECT_EQ(text_at(sheet, 2, 2), "");
    EXPECT_EQ(text_at(sheet, 2, 3), "tab\tbed");
    EXPECT_EQ(sheet.at(2, 3)->kind, Kind::text);
    EXPECT_EQ(sheet.at(2, 4)->kind, Kind::error);
    EXPECT_EQ(text_at(sheet, 2, 4), "#DIV/0!");
    EXPECT_EQ(text_at(sheet, 2, 5), "TRUE");
    EXPECT_EQ(text_at(sheet, 2, 6), "FALSE");

    EXPECT_EQ(text_at(sheet, 5, 3), "en ligne");
    EXPECT_EQ(text_at(sheet, 5, 4), "en deux");
    ASSERT_NE(sheet.at(5, 5), nullptr);
    EXPECT_EQ(sheet.at(5, 5)->kind, Kind::date);
    EXPECT_EQ(sheet.at(5, 5)->text, "2024-03-01T10:30:00");
    EXPECT_DOUBLE_EQ(sheet.at(5, 5)->number, 45352 + 10.5 / 24);
    EXPECT_EQ(text_at(sheet, 5, 6), "2024-03-01");
    EXPECT_EQ(sheet.at(5, 6)->number, 45352);
    EXPECT_EQ(text_at(sheet, 5, 7), "2024-03-02");
    EXPECT_EQ(text_at(sheet, 5, 8), "1500");
    EXPECT_EQ(sheet.at(5, 9), nullptr);
    EXPECT_EQ(sheet.at(5, 10), nullptr);

    EXPECT_EQ(text_at(sheet, 8, 26), "8");
    EXPECT_EQ(text_at(sheet, 8, 27), "9");
    EXPECT_EQ(text_at(sheet, 9, 1), "1") << "sorted by row then column";
    EXPECT_EQ(text_at(sheet, 9, 2), "2");
    EXPECT_EQ(sheet.last_row(), 9);
    EXPECT_EQ(sheet.cells.size(), 21u);
    EXPECT_EQ(sheet.cells.front().row, 1);
    EXPECT_EQ(sheet.cells.front().column, 1);
}

// ---- dates -------------------------------------------------------------------------------------

/// A sheet of one row of numbers, each styled with the cell format of its column (s = column - 1).
std::string styled_row(const std::vector<std::string>& values) {
    std::string row = "<row r=\"1\">";
    for (std::size_t i = 0; i < values.size(); ++i)
        row += "<c r=\"" + column_letters(static_cast<int>(i) + 1) + "1\" s=\"" +
               std::to_string(i) + "\"><v>" + values[i] + "</v></c>";
    return row + "</row>";
}

TEST(xlsx, SerialsOfThe1900DateSystem) {
    test::TempDir dir;
    WorkbookSpec spec;
    spec.styles = styles_part({}, std::vector<int>(9, 14));
    spec.sheets = {{"Dates", styled_row({"0", "1", "59", "60", "61", "45000.5", "0.25",
                                         "45352.999999", "2958465"})}};
    const Sheet sheet = read_only_sheet(write_workbook(dir, spec));
    EXPECT_EQ(text_at(sheet, 1, 1), "1899-12-31");
    EXPECT_EQ(text_at(sheet, 1, 2), "1900-01-01");
    EXPECT_EQ(text_at(sheet, 1, 3), "1900-02-28");
    EXPECT_EQ(text_at(sheet, 1, 4), "1900-03-01") << "Excel's fictitious 1900-02-29";
    EXPECT_EQ(text_at(sheet, 1, 5), "1900-03-01");
    EXPECT_EQ(text_at(sheet, 1, 6), "2023-03-15T12:00:00");
    EXPECT_EQ(text_at(sheet, 1, 7), "1899-12-31T06:00:00");
    EXPECT_EQ(text_at(sheet, 1, 8), "2024-03-02") << "rounded to the second";
    EXPECT_EQ(text_at(sheet, 1, 9), "9999-12-31");
    EXPECT_EQ(sheet.at(1, 6)->kind, Kind::date);
    EXPECT_EQ(sheet.at(1, 6)->number, 45000.5);
}

TEST(xlsx, SerialsOfThe1904DateSystem) {
    test::TempDir dir;
    WorkbookSpec spec;
    spec.workbook_properties = R"(<workbookPr date1904="1"/>)";
    spec.styles = styles_part({}, {14, 22});
    spec.sheets = {{"Dates", styled_row({"0", "43465.75"}) +
                                 R"(<row r="2"><c r="A2" t="d"><v>2023-01-01</v></c></row>)"}};
    const Sheet sheet = read_only_sheet(write_workbook(dir, spec));
    EXPECT_EQ(text_at(sheet, 1, 1), "1904-01-01");
    EXPECT_EQ(text_at(sheet, 1, 2), "2023-01-01T18:00:00");
    EXPECT_EQ(sheet.at(2, 1)->number, 43465);

    spec.workbook_properties = R"(<workbookPr date1904="true"/>)";
    EXPECT_EQ(text_at(read_only_sheet(write_workbook(dir, spec, "true.xlsx")), 1, 1), "1904-01-01");
    spec.workbook_properties = R"(<workbookPr date1904="false"/>)";
    EXPECT_EQ(text_at(read_only_sheet(write_workbook(dir, spec, "false.xlsx")), 1, 1),
              "1899-12-31");
}

TEST(xlsx, WhichNumberFormatsAreDates) {
    test::TempDir dir;
    const std::vector<std::pair<std::string, bool>> codes = {
        {"yyyy-mm-dd", true},
        {"[$-40C]dd/mm/yyyy", true},
        {"DD/MM/YY", true},
        {"[h]:mm:ss", true},
        {"[ss]", true},
        {"mmm yyyy;@", true},
        {"General", false},
        {"@", false},
        {"0.00", false},
        {"0.00E+00", false},
        {"[Red]0.00;[Blue]-0.00", false},
        {"#,##0\\ &quot;h&quot;", false},
        {"0.0 \\d\\a\\y\\s", false},
        {"#,##0.00\\ [$€-40C]", false},
        {"_-* #,##0.00\\ _s_-", false},
        {"&quot;TRUE&quot;;&quot;TRUE&quot;;&quot;FALSE&quot;", false},
    };
    std::vector<std::pair<int, std::string>> custom;
    std::vector<int> ids;
    std::vector<std::string> values;
    for (std::size_t i = 0; i < codes.size(); ++i) {
        custom.emplace_back(164 + static_cast<int>(i), codes[i].first);
        ids.push_back(164 + static_cast<int>(i));
        values.emplace_back("45000");
    }
    // built-in ids: dates and times at 14, 22, 27, 36, 45, 47, 50, 58; not at 0, 2, 13, 23, 49
    const std::vector<std::pair<int, bool>> builtin = {
        {14, true}, {22, true}, {27, true}, {36, true},  {45, true},  {47, true}, {50, true},
        {58, true}, {0, false}, {2, false}, {13, false}, {23, false}, {49, false}};
    for (const auto& [id, date] : builtin) {
        ids.push_back(id);
        values.emplace_back("45000");
    }
    // a custom code given for a built-in id wins
    custom.emplace_back(15, "0.00");
    ids.push_back(15);
    values.emplace_back("45000");

    WorkbookSpec spec;
    spec.styles = styles_part(custom, ids);
    spec.sheets = {{"Formats", styled_row(values) + R"(<row r="2"><c r="A2" s="99"><v>1</v></c>)"
                                                    R"(<c r="B2" s="x"><v>1</v></c></row>)"}};
    const Sheet sheet = read_only_sheet(write_workbook(dir, spec));
    int column = 1;
    for (const auto& [code, date] : codes) {
        EXPECT_EQ(sheet.at(1, column)->kind, date ? Kind::date : Kind::number) << code;
        EXPECT_EQ(sheet.at(1, column)->as_text(), date ? "2023-03-15" : "45000") << code;
        ++column;
    }
    for (const auto& [id, date] : builtin) {
        EXPECT_EQ(sheet.at(1, column)->kind, date ? Kind::date : Kind::number) << id;
        ++column;
    }
    EXPECT_EQ(sheet.at(1, column)->kind, Kind::number);
    EXPECT_EQ(sheet.at(2, 1)->kind, Kind::number) << "style index out of range";
    EXPECT_EQ(sheet.at(2, 2)->kind, Kind::date) << "a malformed style index is the default, 0";
}

// ---- workbook structure ------------------------------------------------------------------------

TEST(xlsx, FollowsRelationshipsStrictNamespacesAndAbsoluteTargets) {
    test::TempDir dir;
    const std::string strict_relationships =
        "http://purl.oclc.org/ooxml/officeDocument/relationships";
    const Parts parts = {
        {"_rels/.rels", "<Relationships xmlns=\"" + package_namespace +
                            "\"><Relationship Id=\"rId1\" Type=\"" + strict_relationships +
                            "/officeDocument\" Target=\"/book/main.xml\"/></Relationships>"},
        {"book/main.xml",
         "<x:workbook xmlns:x=\"http://purl.oclc.org/ooxml/spreadsheetml/main\" xmlns:rel=\"" +
             strict_relationships +
             "\"><x:sheets><x:sheet name=\"Deux\" sheetId=\"2\" rel:id=\"b\" state=\"veryHidden\"/>"
             "<x:sheet name=\"Un\" sheetId=\"1\" rel:id=\"a\"/></x:sheets></x:workbook>"},
        {"book/_rels/main.xml.rels", "<Relationships xmlns=\"" + package_namespace +
                                         "\">"
                                         "<Relationship Id=\"a\" Type=\"" +
                                         strict_relationships +
                                         "/worksheet\" "
                                         "Target=\"/book/sheets/un.xml\"/>"
                                         "<Relationship Id=\"b\" Type=\"" +
                                         strict_relationships +
                                         "/worksheet\" "
                                         "Target=\"sheets/../sheets/./deux%20bis.xml\"/>"
                                         "<Relationship Id=\"s\" Type=\"" +
                                         strict_relationships +
                                         "/sharedStrings\" "
                                         "Target=\"strings.xml\"/>"
                                         "<Relationship Id=\"h\" Type=\"" +
                                         strict_relationships +
                                         "/hyperlink\" "
                                         "Target=\"https://example.org/\" TargetMode=\"External\"/>"
                                         "</Relationships>"},
        {"book/strings.xml",
         "<sst "
         "xmlns=\"http://purl.oclc.org/ooxml/spreadsheetml/main\"><si><t>partagé</t></si></sst>"},
        {"book/sheets/un.xml",
         "<worksheet xmlns=\"http://purl.oclc.org/ooxml/spreadsheetml/main\"><sheetData>"
         "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>"},
        {"book/sheets/deux bis.xml", worksheet(R"(<row r="3"><c r="C3"><v>3</v></c></row>)")},
    };
    const fs::path path = dir / "strict.xlsx";
    write_zip(path, parts);
    const WorkbookReader reader = WorkbookReader::open(path);
    ASSERT_EQ(reader.sheets().size(), 2u);
    EXPECT_EQ(reader.sheets()[0].name, "Deux");
    EXPECT_TRUE(reader.sheets()[0].hidden);
    EXPECT_EQ(reader.sheets()[1].name, "Un");
    EXPECT_FALSE(reader.sheets()[1].hidden);
    EXPECT_EQ(text_at(reader.read_sheet("Un"), 1, 1), "partagé");
    EXPECT_EQ(text_at(reader.read_sheet("Deux"), 3, 3), "3");
}

TEST(xlsx, FallsBackToXlWorkbookXmlAndReadsASheetWithoutStylesOrStrings) {
    test::TempDir dir;
    Parts parts =
        workbook_parts(with_sheets({{"Feuil1", R"(<row r="1"><c r="A1"><v>1</v></c></row>)"}}));
    std::erase_if(parts, [](const auto& part) { return part.first == "_rels/.rels"; });
    const fs::path path = dir / "norels.xlsx";
    write_zip(path, parts);
    EXPECT_EQ(text_at(read_only_sheet(path), 1, 1), "1");
}

TEST(xlsx, RefusesAnUnknownSheetAndASheetWithoutPart) {
    test::TempDir dir;
    Parts parts = workbook_parts(with_sheets({{"Saisie", ""}, {"Autre", ""}}));
    std::erase_if(parts, [](const auto& part) { return part.first == "xl/worksheets/sheet2.xml"; });
    const fs::path path = dir / "book.xlsx";
    write_zip(path, parts);
    const WorkbookReader reader = WorkbookReader::open(path);
    EXPECT_TRUE(reader.read_sheet("Saisie").cells.empty());
    EXPECT_EQ(reader.read_sheet("Saisie").last_row(), 0);
    EXPECT_EQ(refusal_text([&] { reader.read_sheet("Synthèse"); }),
              path.string() +
                  ": no sheet named 'Synthèse' in the workbook (its sheets: 'Saisie', 'Autre')");
    EXPECT_EQ(refusal_text([&] { reader.read_sheet("Autre"); }),
              path.string() + ": sheet 'Autre' has no worksheet part in the archive");
}

TEST(xlsx, ReaderMovesAndReadsASheetTwice) {
    test::TempDir dir;
    const fs::path path = write_workbook(
        dir, with_sheets({{"Saisie", R"(<row r="1"><c r="A1"><v>7</v></c></row>)"}}));
    WorkbookReader first = WorkbookReader::open(path);
    WorkbookReader second = std::move(first);
    EXPECT_EQ(text_at(second.read_sheet("Saisie"), 1, 1), "7");
    EXPECT_EQ(text_at(second.read_sheet("Saisie"), 1, 1), "7");
}

// ---- files that are not workbooks --------------------------------------------------------------

TEST(xlsx, RefusesAMissingFileOrADirectory) {
    test::TempDir dir;
    const fs::path missing = dir / "absent.xlsx";
    const Diagnostic problem = refusal([&] { WorkbookReader::open(missing); });
    EXPECT_EQ(problem.where.file, missing.string());
    EXPECT_EQ(problem.message, "cannot open: No such file or directory");
    EXPECT_EQ(refusal([&] { WorkbookReader::open(dir.path()); }).message,
              "cannot open: it is a directory");
}

TEST(xlsx, RefusesACsvFileRenamed) {
    test::TempDir dir;
    const fs::path path = dir / "données.xlsx";
    test::write_file(path, "series,territory,period,value\npop,Blois,2023,46000\n");
    EXPECT_EQ(refusal_text([&] { WorkbookReader::open(path); }),
              path.string() + ": not an xlsx workbook (not a zip archive)");
    const fs::path empty = dir / "empty.xlsx";
    test::write_file(empty, "");
    EXPECT_EQ(refusal([&] { WorkbookReader::open(empty); }).message,
              "not an xlsx workbook (not a zip archive)");
}

TEST(xlsx, RefusesALegacyXlsOrEncryptedWorkbook) {
    test::TempDir dir;
    const fs::path path = dir / "ancien.xls";
    test::write_file(path,
                     std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0'));
    const std::string text = refusal_text([&] { WorkbookReader::open(path); });
    EXPECT_CONTAINS(text, path.string() + ": a legacy .xls workbook");
    EXPECT_CONTAINS(text, "encrypted (password-protected)");
    EXPECT_CONTAINS(text, "save it as .xlsx without a password");
}

TEST(xlsx, RefusesAZipWithoutWorkbook) {
    test::TempDir dir;
    const fs::path path = dir / "archive.xlsx";
    write_zip(path, {{"readme.txt", "hello"}, {"data/values.csv", "a,b\n"}});
    EXPECT_EQ(refusal_text([&] { WorkbookReader::open(path); }),
              path.string() + ": not an xlsx workbook (no workbook part)");

    // a word-processing document: its main part is not a workbook
    const fs::path document = dir / "lettre.xlsx";
    write_zip(document,
              {{"_rels/.rels", "<Relationships xmlns=\"" + package_namespace +
                                   "\"><Relationship Id=\"rId1\" Type=\"" + relationship_type +
                                   "officeDocument\" Target=\"word/document.xml\"/>"
                                   "</Relationships>"},
               {"word/document.xml",
                "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
                "main\"><w:body/></w:document>"}});
    EXPECT_EQ(refusal([&] { WorkbookReader::open(document); }).message,
              "not an xlsx workbook (no workbook part)");
}

TEST(xlsx, RefusesTooManyEntries) {
    test::TempDir dir;
    const fs::path path = write_workbook(dir, with_sheets({{"Saisie", ""}, {"Autre", ""}}));
    ReadLimits limits;
    limits.max_entries = 6;
    EXPECT_NO_THROW(WorkbookReader::open(path, limits));
    limits.max_entries = 5;
    EXPECT_EQ(refusal_text([&] { WorkbookReader::open(path, limits); }),
              path.string() +
                  ": the zip archive holds 6 entries, more than the limit of 5: refused");
}

TEST(xlsx, RefusesAnEncryptedEntry) {
    test::TempDir dir;
    const fs::path path = dir / "secret.xlsx";
    const Parts parts =
        workbook_parts(with_sheets({{"Saisie", R"(<row r="1"><c r="A1"><v>1</v></c></row>)"}}));
    zipFile zip = create_zip(path);
    for (const auto& [name, content] : parts)
        add_part(zip, name, content, name == "xl/worksheets/sheet1.xml" ? "motdepasse" : nullptr);
    zipClose(zip, nullptr);
    EXPECT_EQ(refusal_text([&] { WorkbookReader::open(path); }),
              path.string() + ": zip entry xl/worksheets/sheet1.xml is encrypted: refused (save "
                              "the workbook without a password)");
}

// ---- size limits -------------------------------------------------------------------------------

TEST(xlsx, RefusesAPartDeclaredLargerThanThePartLimit) {
    test::TempDir dir;
    std::string rows;
    for (int row = 1; row <= 100; ++row)
        rows += "<row r=\"" + std::to_string(row) + "\"><c r=\"A" + std::to_string(row) + "\"><v>" +
                std::to_string(row) + "</v></c></row>";
    const fs::path path = write_workbook(dir, with_sheets({{"Saisie", rows}}));
    ReadLimits limits;
    limits.max_part_bytes = 2048;
    const WorkbookReader reader = WorkbookReader::open(path, limits);
    const std::string text = refusal_text([&] { reader.read_sheet("Saisie"); });
    EXPECT_EQ(text, path.string() +
                        ": xl/worksheets/sheet1.xml expands beyond 2 KiB (declared "
                        "size " +
                        std::to_string(worksheet(rows).size()) + " bytes): refused (zip bomb?)");
}

TEST(xlsx, RefusesPartsReadBeyondTheTotalLimit) {
    test::TempDir dir;
    const std::string rows = R"(<row r="1"><c r="A1"><v>1</v></c></row>)";
    const fs::path path = write_workbook(dir, with_sheets({{"Saisie", rows}}));
    // the structure parts read on opening: _rels/.rels, the workbook and its relationships
    const Parts parts = workbook_parts(with_sheets({{"Saisie", rows}}));
    std::uint64_t structure = 0;
    for (const auto& [name, content] : parts)
        if (name == "_rels/.rels" || name == "xl/workbook.xml" ||
            name == "xl/_rels/workbook.xml.rels")
            structure += content.size();
    const std::uint64_t sheet = worksheet(rows).size();

    ReadLimits limits;
    limits.max_total_bytes = structure + sheet + sheet / 2;
    const WorkbookReader reader = WorkbookReader::open(path, limits);
    EXPECT_EQ(text_at(reader.read_sheet("Saisie"), 1, 1), "1");
    EXPECT_EQ(refusal_text([&] { reader.read_sheet("Saisie"); }),
              path.string() + ": xl/worksheets/sheet1.xml: the parts read expand beyond " +
                  std::to_string(limits.max_total_bytes) + " bytes in total: refused (zip bomb?)");

    limits.max_total_bytes = structure - 1;
    EXPECT_CONTAINS(refusal_text([&] { WorkbookReader::open(path, limits); }),
                    "in total: refused (zip bomb?)");
}

/// Writes a workbook whose sheet is `<sheetData>` holding `spaces` spaces, deflated as it goes.
void write_spaces_workbook(const fs::path& path, std::uint64_t spaces) {
    const Parts parts = workbook_parts(with_sheets({{"Saisie", ""}}));
    zipFile zip = create_zip(path);
    for (const auto& [name, content] : parts) {
        if (name != "xl/worksheets/sheet1.xml") {
            add_part(zip, name, content);
            continue;
        }
        zip_fileinfo info{};
        ASSERT_EQ(zipOpenNewFileInZip64(zip, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr,
                                        Z_DEFLATED, Z_BEST_SPEED, 0),
                  ZIP_OK);
        const std::string head = "<worksheet xmlns=\"" + main_namespace + "\"><sheetData>";
        const std::string tail = "</sheetData></worksheet>";
        zipWriteInFileInZip(zip, head.data(), static_cast<unsigned>(head.size()));
        const std::string chunk(1 << 20, ' ');
        for (std::uint64_t left = spaces; left > 0;) {
            const auto size = static_cast<unsigned>(std::min<std::uint64_t>(left, chunk.size()));
            ASSERT_EQ(zipWriteInFileInZip(zip, chunk.data(), size), ZIP_OK);
            left -= size;
        }
        zipWriteInFileInZip(zip, tail.data(), static_cast<unsigned>(tail.size()));
        ASSERT_EQ(zipCloseFileInZip(zip), ZIP_OK);
    }
    zipClose(zip, nullptr);
}

TEST(xlsx, RefusesAZipBomb) {
    test::TempDir dir;
    const fs::path path = dir / "bomb.xlsx";
    write_spaces_workbook(path, 300ull << 20);
    EXPECT_LT(fs::file_size(path), 2u << 20) << "300 MiB deflate to almost nothing";
    const WorkbookReader reader = WorkbookReader::open(path);
    const auto started = std::chrono::steady_clock::now();
    EXPECT_CONTAINS(refusal_text([&] { reader.read_sheet("Saisie"); }),
                    path.string() +
                        ": xl/worksheets/sheet1.xml expands beyond 256 MiB (declared size ");
    EXPECT_CONTAINS(refusal_text([&] { reader.read_sheet("Saisie"); }), "refused (zip bomb?)");
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1))
        << "refused before inflating";

    // under the limits, the same sheet is read: spaces between elements are no cells
    const fs::path small = dir / "spaces.xlsx";
    write_spaces_workbook(small, 3u << 20);
    EXPECT_TRUE(read_only_sheet(small).cells.empty());
}

TEST(xlsx, RefusesAPartWhoseHeaderUnderstatesItsSize) {
    // The central directory says 1 000 bytes; the deflated data holds 20 MiB. Nothing past the
    // declared size is inflated, and the checksum does not match.
    test::TempDir dir;
    const fs::path path = dir / "liar.xlsx";
    std::string data = "<worksheet xmlns=\"" + main_namespace + "\"><sheetData>" +
                       std::string(20u << 20, ' ') + "</sheetData></worksheet>";
    z_stream stream{};
    ASSERT_EQ(deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
              Z_OK);
    std::string deflated(deflateBound(&stream, data.size()), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(data.data());
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(deflated.data());
    stream.avail_out = static_cast<uInt>(deflated.size());
    ASSERT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
    deflated.resize(stream.total_out);
    deflateEnd(&stream);
    const uLong crc =
        crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));

    zipFile zip = create_zip(path);
    for (const auto& [name, content] : workbook_parts(with_sheets({{"Saisie", ""}}))) {
        if (name != "xl/worksheets/sheet1.xml") {
            add_part(zip, name, content);
            continue;
        }
        zip_fileinfo info{};
        ASSERT_EQ(zipOpenNewFileInZip2(zip, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr,
                                       Z_DEFLATED, Z_BEST_SPEED, 1),
                  ZIP_OK);
        ASSERT_EQ(zipWriteInFileInZip(zip, deflated.data(), static_cast<unsigned>(deflated.size())),
                  ZIP_OK);
        ASSERT_EQ(zipCloseFileInZipRaw(zip, 1000, crc), ZIP_OK);
    }
    zipClose(zip, nullptr);

    ReadLimits limits;
    limits.max_part_bytes = 4096;
    const WorkbookReader reader = WorkbookReader::open(path, limits);
    EXPECT_EQ(refusal_text([&] { reader.read_sheet("Saisie"); }),
              path.string() + ": xl/worksheets/sheet1.xml: corrupt zip entry (checksum mismatch)");
}

// ---- malformed and hostile XML -----------------------------------------------------------------

TEST(xlsx, RefusesMalformedXmlAtItsLineAndColumn) {
    test::TempDir dir;
    Parts parts = workbook_parts(with_sheets({{"Saisie", ""}}));
    for (auto& [name, content] : parts)
        if (name == "xl/worksheets/sheet1.xml")
            content = "<?xml version=\"1.0\"?>\n<worksheet xmlns=\"" + main_namespace +
                      "\"><sheetData>\n<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\n"
                      "  <row r=\"2\"><c r=\"A2\"><v>2</v></x></row>\n</sheetData></worksheet>";
    const fs::path path = dir / "broken.xlsx";
    write_zip(path, parts);
    const WorkbookReader reader = WorkbookReader::open(path);
    const Diagnostic problem = refusal([&] { reader.read_sheet("Saisie"); });
    EXPECT_EQ(problem.where.file, path.string());
    EXPECT_EQ(problem.where.line, 0) << "the place is the part's, given in the message";
    EXPECT_EQ(problem.message,
              "xl/worksheets/sheet1.xml line 4 column 34: malformed XML: mismatched tag");

    // a truncated workbook part is refused on opening
    for (auto& [name, content] : parts)
        if (name == "xl/workbook.xml")
            content.resize(content.size() - 12);
    const fs::path truncated = dir / "truncated.xlsx";
    write_zip(truncated, parts);
    EXPECT_CONTAINS(refusal_text([&] { WorkbookReader::open(truncated); }),
                    ": xl/workbook.xml line 1 column ");
    EXPECT_CONTAINS(refusal_text([&] { WorkbookReader::open(truncated); }),
                    ": malformed XML: unclosed token");
}

TEST(xlsx, RefusesDocumentTypeAndEntityDeclarations) {
    test::TempDir dir;
    const std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE worksheet [\n"
                               "<!ENTITY lol \"lol\">\n"
                               "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n"
                               "<worksheet xmlns=\"" +
                               main_namespace +
                               "\"><sheetData><row><c t=\"inlineStr\"><is><t>&lol2;</t></is>"
                               "</c></row></sheetData></worksheet>";
    Parts parts = workbook_parts(with_sheets({{"Saisie", ""}}));
    for (auto& [name, content] : parts)
        if (name == "xl/worksheets/sheet1.xml")
            content = laughs;
    const fs::path path = dir / "laughs.xlsx";
    write_zip(path, parts);
    const WorkbookReader reader = WorkbookReader::open(path);
    const Diagnostic problem = refusal([&] { reader.read_sheet("Saisie"); });
    EXPECT_EQ(problem.message, "xl/worksheets/sheet1.xml line 2 column 21: XML with a document "
                               "type declaration (DOCTYPE) is refused");

    // an external entity in the workbook part
    for (auto& [name, content] : parts)
        if (name == "xl/workbook.xml")
            content = "<!DOCTYPE workbook SYSTEM \"file:///etc/passwd\">" + content;
    const fs::path external = dir / "external.xlsx";
    write_zip(external, parts);
    EXPECT_EQ(refusal([&] { WorkbookReader::open(external); }).message,
              "xl/workbook.xml line 1 column 47: XML with a document type declaration "
              "(DOCTYPE) is refused");
}

TEST(xlsx, RefusesElementsNestedTooDeep) {
    test::TempDir dir;
    std::string deep;
    for (int i = 0; i < 1000; ++i)
        deep += "<a>";
    const fs::path path = write_workbook(dir, with_sheets({{"Saisie", deep}}));
    const WorkbookReader reader = WorkbookReader::open(path);
    EXPECT_CONTAINS(refusal_text([&] { reader.read_sheet("Saisie"); }),
                    "XML nested deeper than 256 elements: refused");
}

// ---- bad cells ---------------------------------------------------------------------------------

TEST(xlsx, RefusesASharedStringIndexOutOfRangeNamingTheCell) {
    test::TempDir dir;
    WorkbookSpec spec;
    spec.shared_strings = {"<t>un</t>", "<t>deux</t>"};
    spec.sheets = {{"Saisie", R"(<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s">)"
                              R"(<v>2</v></c></row>)"}};
    const fs::path path = write_workbook(dir, spec);
    const WorkbookReader reader = WorkbookReader::open(path);
    const Diagnostic problem = refusal([&] { reader.read_sheet("Saisie"); });
    EXPECT_EQ(problem.where.cell, "Saisie!B3");
    EXPECT_EQ(problem.to_string(),
              path.string() + "!Saisie!B3: shared string index 2 is out of range (the workbook "
                              "has 2 shared strings)");

    spec.sheets = {{"Mes données", R"(<row r="3"><c r="C3" t="s"><v>-1</v></c></row>)"}};
    EXPECT_EQ(
        refusal([&] { read_only_sheet(write_workbook(dir, spec, "minus.xlsx")); }).to_string(),
        (dir / "minus.xlsx").string() +
            "!'Mes données'!C3: shared string index '-1' is not a number");
}

TEST(xlsx, RefusesReferencesOutsideTheGrid) {
    test::TempDir dir;
    const auto problem = [&](const std::string& sheet_data) {
        return refusal([&] {
            read_only_sheet(write_workbook(dir, with_sheets({{"Saisie", sheet_data}})));
        });
    };
    Diagnostic beyond = problem(R"(<row r="1"><c r="XFE1"><v>1</v></c></row>)");
    EXPECT_EQ(beyond.where.cell, "Saisie!XFE1");
    EXPECT_EQ(beyond.message, "cell XFE1 is outside Excel's grid (A1 to XFD1048576)");
    EXPECT_EQ(problem(R"(<row><c r="A1048577"><v>1</v></c></row>)").where.cell, "Saisie!A1048577");
    EXPECT_EQ(problem(R"(<row><c r="A0"><v>1</v></c></row>)").where.cell, "Saisie!A0");
    EXPECT_EQ(text_at(read_only_sheet(write_workbook(
                          dir, with_sheets(
                                   {{"Saisie", R"(<row><c r="XFD1048576"><v>1</v></c></row>)"}}))),
                      1'048'576, 16'384),
              "1");

    const Diagnostic malformed = problem(R"(<row><c r="1A"><v>1</v></c></row>)");
    EXPECT_EQ(malformed.where.cell, "Saisie!1A");
    EXPECT_EQ(malformed.message, "malformed cell reference '1A'");
    EXPECT_EQ(problem(R"(<row><c r="$A$1"><v>1</v></c></row>)").message,
              "malformed cell reference '$A$1'");

    const Diagnostic row = problem(R"(<row r="1048577"><c><v>1</v></c></row>)");
    EXPECT_EQ(row.where.cell, "Saisie!1048577:1048577");
    EXPECT_EQ(row.message, "row 1048577 is outside Excel's grid (rows 1 to 1048576)");
    EXPECT_EQ(problem(R"(<row r="99999999999999999999"/>)").where.cell, "Saisie!1048577:1048577");
    const Diagnostic bad_row = problem(R"(<row r="douze"/>)");
    EXPECT_EQ(bad_row.where.cell, "Saisie");
    EXPECT_EQ(bad_row.message, "malformed row number 'douze'");

    // counted on from the last cell given
    const Diagnostic counted =
        problem(R"(<row r="2"><c r="XFD2"><v>1</v></c><c><v>2</v></c></row>)");
    EXPECT_EQ(counted.where.cell, "Saisie!XFE2");
    EXPECT_EQ(counted.message, "the cell is outside Excel's grid (A1 to XFD1048576)");
    EXPECT_EQ(problem(R"(<row r="1048576"/><row/>)").where.cell, "Saisie!1048577:1048577");
}

TEST(xlsx, RefusesBadValuesNamingTheCell) {
    test::TempDir dir;
    const auto problem = [&](const std::string& sheet_data) {
        return refusal([&] {
                   read_only_sheet(write_workbook(dir, with_sheets({{"Mes données", sheet_data}})));
               })
            .to_string();
    };
    const std::string file = (dir / "book.xlsx").string();
    EXPECT_EQ(problem(R"(<row r="2"><c r="C2"><v>12,5</v></c></row>)"),
              file + "!'Mes données'!C2: number cell holds '12,5', not a number");
    EXPECT_EQ(problem(R"(<row r="2"><c r="C2" t="n"><v>inf</v></c></row>)"),
              file + "!'Mes données'!C2: number cell holds 'inf', not a number");
    EXPECT_EQ(problem(R"(<row r="2"><c r="D2" t="b"><v>oui</v></c></row>)"),
              file + "!'Mes données'!D2: boolean cell holds 'oui', not 0 or 1");
    EXPECT_EQ(problem(R"(<row r="2"><c r="E2" t="z"><v>1</v></c></row>)"),
              file + "!'Mes données'!E2: unknown cell type 'z'");
    EXPECT_EQ(problem(R"(<row r="2"><c r="A2"><v>1</v></c><c r="A2"><v>2</v></c></row>)"),
              file + "!'Mes données'!A2: the cell is given twice");
}

TEST(xlsx, RefusesTextOverTheLimitNamingTheCell) {
    test::TempDir dir;
    WorkbookSpec spec;
    spec.shared_strings = {"<t>court</t>", "<t>" + std::string(20, 'x') + "</t>",
                           "<t>" + std::string(10, 'y') + "</t>",
                           "<t>" + std::string(200, 'z') + "</t>"};
    spec.sheets = {{"Saisie", R"(<row r="1"><c r="A1" t="s"><v>0</v></c>)"
                              R"(<c r="B1" t="s"><v>2</v></c>)"
                              R"(<c r="C1" t="inlineStr"><is><t>_x0041__x0042__x0043_</t></is></c>)"
                              R"(</row><row r="2"><c r="B2" t="s"><v>1</v></c></row>)"}};
    const fs::path path = write_workbook(dir, spec);
    ReadLimits limits;
    limits.max_text_bytes = 10;
    const WorkbookReader reader = WorkbookReader::open(path, limits);
    EXPECT_EQ(refusal_text([&] { reader.read_sheet("Saisie"); }),
              path.string() + "!Saisie!B2: text longer than the limit of 10 bytes: refused");

    const auto inline_text = [&](const std::string& text) {
        return refusal([&] {
            read_only_sheet(
                write_workbook(dir,
                               with_sheets({{"Saisie", "<row r=\"4\"><c r=\"D4\" t=\"inlineStr\">"
                                                       "<is><t>" +
                                                           text + "</t></is></c></row>"}}),
                               "inline.xlsx"),
                limits);
        });
    };
    EXPECT_EQ(inline_text(std::string(11, 'a')).where.cell, "Saisie!D4");
    EXPECT_EQ(inline_text(std::string(100, 'a')).message,
              "text longer than the limit of 10 bytes: refused");
    EXPECT_EQ(
        text_at(read_only_sheet(
                    write_workbook(
                        dir,
                        with_sheets({{"Saisie", "<row r=\"4\"><c r=\"D4\" t=\"inlineStr\">"
                                                "<is><t>" +
                                                    std::string(10, 'a') + "</t></is></c></row>"}}),
                        "inline.xlsx"),
                    limits),
                4, 4),
        std::string(10, 'a'));
}

// ---- found by fuzzing (tests/fuzz/, docs/testing.md) -------------------------------------------

// fuzz_xlsx: a data-entry template whose hidden `_jalon` sheet gives a row count near INT_MAX made
// read_data_workbook overflow an int computing the last row (UndefinedBehaviorSanitizer:
// signed-integer-overflow). Counts that cannot fit under the header in Excel's grid are refused
// as an altered template, at their cell.
TEST(xlsx, DataTemplateCountsBeyondTheGridAreRefused) {
    test::TempDir dir;
    const auto text = [](const std::string& ref, const std::string& value) {
        return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + value + "</t></is></c>";
    };
    const auto refused_count = [&](const std::string& rows, const std::string& actions) {
        const std::vector<std::pair<std::string, std::string>> facts = {
            {"format", data_template_format},
            {"scheme", "s"},
            {"year", "2025"},
            {"language", "fr"},
            {"rows", rows},
            {"actions", actions},
            {"keys", "0000000000000000"}};
        std::string meta;
        for (std::size_t i = 0; i < facts.size(); ++i) {
            const std::string row = std::to_string(i + 1);
            meta += "<row r=\"" + row + "\">" + text("A" + row, facts[i].first) +
                    text("B" + row, facts[i].second) + "</row>";
        }
        const std::string entry = "<row r=\"1\">" + text("K1", "key:series") +
                                  text("L1", "key:territory") + text("M1", "key:period") + "</row>";
        const fs::path path =
            write_workbook(dir, with_sheets({{"Saisie", entry}, {"_jalon", meta}}), "tpl.xlsx");
        return refusal([&] { read_data_workbook(path); });
    };
    for (const std::string count : {"2147483647", "1048576", "18446744073709551615"}) {
        const Diagnostic rows = refused_count(count, "0");
        EXPECT_EQ(rows.where.cell, "_jalon!B5") << count;
        EXPECT_EQ(rows.key, "rows") << count;
        EXPECT_NE(rows.message.find("\"" + count + "\" is not a count"), std::string::npos)
            << rows.to_string();
        const Diagnostic actions = refused_count("0", count);
        EXPECT_EQ(actions.where.cell, "_jalon!B6") << count;
        EXPECT_EQ(actions.key, "actions") << count;
    }
    // The largest count that fits is read: its rows are then missing their keys.
    const Diagnostic fits = refused_count("1048575", "0");
    EXPECT_EQ(fits.key, "series") << fits.to_string();
}

} // namespace
