#pragma once
// What a report says, apart from how it is rendered: a document of sections (a workbook's
// sheets, a printed report's chapters), each a sequence of blocks — titles, fields, notes,
// tables of typed cells, charts drawn from a table. Report builders (annual/, midterm/) fill
// one; renderers (xlsx/, and the print and web renderers) lay it out. Texts are already in the
// report's language.

#include <jalon/evaluation/indicator_result.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace jalon::reports {

// One cell of a table row, or a field's value. `format` names a style of xlsx/formats.hpp
// ("num:0", "percent", "wrap", "bold", "status:atteint"…); renderers other than xlsx read its
// kind (number, percent, text) and emphasis. A formula is the spreadsheet's way to keep a value
// live; it always carries its computed value, which is what other renderers show. In a formula,
// {r} stands for the number of the cell's own row, {first} for the first row of the table's body
// and {prev} for the row above.
struct Cell {
    enum class Kind { blank, missing, text, number, formula };
    Kind kind = Kind::blank;
    std::string text;   // text, or the formula
    double number = 0;  // number, or the formula's computed value
    std::string format; // a style name; defaults by kind

    static Cell blank() { return {}; }
    static Cell missing() { return {Kind::missing, {}, 0, "missing"}; }
    static Cell of(std::string text, std::string format = "text") {
        return {Kind::text, std::move(text), 0, std::move(format)};
    }
    static Cell num(double value, std::string format) {
        return {Kind::number, {}, value, std::move(format)};
    }
    static Cell maybe(const std::optional<double>& value, std::string format) {
        return value ? num(*value, std::move(format)) : missing();
    }
    static Cell formula(std::string text, double computed, std::string format) {
        return {Kind::formula, std::move(text), computed, std::move(format)};
    }
};

struct Column {
    std::string title;
    double width = 12; // in characters of the body font
};

namespace block {

struct Title {
    std::string text;
};
struct Subtitle {
    std::string text;
};
// A label and its value, on one line.
struct Field {
    std::string label;
    Cell value;
};
// A line of text (it runs over the next cells in a workbook).
struct Note {
    std::string text;
};
// A highlighted line across `columns` columns: a warning the reader must not miss.
struct Banner {
    std::string text;
    int columns = 8;
};
// Empty lines.
struct Space {
    long long lines = 1;
};
// A free row of cells, from the first column (a line of statuses above a table, say).
struct Cells {
    std::vector<Cell> cells;
};
// A table: a header and rows. The main table of a section (one at most) gets, in a workbook,
// frozen panes, a filter and its header repeated on printed pages; `status_column` holds
// progress statuses, coloured.
struct Table {
    std::vector<Column> columns;
    std::vector<std::vector<Cell>> rows;
    std::optional<int> status_column;
    bool main = true;
};

// A chart drawn from the table written just before it: one series per column (`by_rows`
// false: categories are the rows' first cells) or per row (`by_rows` true: categories are the
// header's titles). `rows` counts the body rows it covers, from the first.
struct ChartSeries {
    std::string name;
    int index = 0;          // the column (or row) of its values
    std::uint32_t fill = 0; // 0xRRGGBB; bars
    std::uint32_t line = 0; // 0xRRGGBB; bars' borders and lines
    bool dashed = false;
};
struct Chart {
    enum class Kind { stacked_bars, lines };
    Kind kind = Kind::stacked_bars;
    std::string title;
    bool by_rows = false;
    int category_index = 0;                // the column of the categories (by columns)
    long long rows = 0;                    // body rows covered (by columns)
    int first_column = 1, last_column = 1; // the header's titles as categories (by rows)
    std::vector<ChartSeries> series;
    // Where it goes: below the table (taking `height` lines), or beside it from `beside_column`
    // on, level with the block `lines_up` lines above the table's header.
    bool beside = false;
    int beside_column = 0;
    long long lines_up = 0;
    long long height = 16;
    double x_scale = 1.0, y_scale = 1.0;
    bool title_small = false;
    bool reverse_categories = false;
    bool gaps_for_blanks = false;
};

} // namespace block

using Block = std::variant<block::Title, block::Subtitle, block::Field, block::Note, block::Banner,
                           block::Space, block::Cells, block::Table, block::Chart>;

// A section: a sheet of a workbook, a chapter of a printed report.
struct Section {
    Section() = default;
    explicit Section(std::string wanted_name) : name(std::move(wanted_name)) {}

    std::string name;         // wanted sheet name or short heading (renderers make it valid)
    std::deque<Block> blocks; // a deque: a table stays where it is while blocks are added
    bool first = false;       // the section a workbook opens on

    void title(std::string text) { blocks.emplace_back(block::Title{std::move(text)}); }
    void subtitle(std::string text) { blocks.emplace_back(block::Subtitle{std::move(text)}); }
    void field(std::string label, Cell value) {
        blocks.emplace_back(block::Field{std::move(label), std::move(value)});
    }
    void note(std::string text) { blocks.emplace_back(block::Note{std::move(text)}); }
    void banner(std::string text, int columns) {
        blocks.emplace_back(block::Banner{std::move(text), columns});
    }
    void space(long long lines = 1) { blocks.emplace_back(block::Space{lines}); }
    void cells(std::vector<Cell> cells) { blocks.emplace_back(block::Cells{std::move(cells)}); }
    // Starts a table; rows are added to the last one.
    block::Table& table(std::vector<Column> columns, std::optional<int> status_column = {},
                        bool main = true) {
        blocks.emplace_back(block::Table{std::move(columns), {}, status_column, main});
        return std::get<block::Table>(blocks.back());
    }
    block::Chart& chart(block::Chart chart) {
        blocks.emplace_back(std::move(chart));
        return std::get<block::Chart>(blocks.back());
    }
};

// What the renderers put in the file's properties and print in footers.
struct DocumentInfo {
    std::string title, subject, author, company, keywords, comments;
    std::string created;      // ISO 8601 UTC; empty: undated
    std::string footer_title; // left of each printed page
    std::string footer_page;  // right: "Page &P sur &N"
    std::string language;
};

struct Document {
    DocumentInfo info;
    std::vector<std::string> reserved_names; // fixed sections' names, kept from others
    std::vector<Section> sections;
    long long max_rows_per_sheet = 1048576;
};

} // namespace jalon::reports
