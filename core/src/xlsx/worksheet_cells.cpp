#include "worksheet_cells.hpp"

#include "cell_reference.hpp"
#include "input_error.hpp"
#include "number_formats.hpp"
#include "shared_strings.hpp"
#include "text_escapes.hpp"
#include "xml_stream.hpp"
#include "zip_archive.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

namespace jalon::xlsx {

namespace {

bool is_xml_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && is_xml_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_xml_space(text.back()))
        text.remove_suffix(1);
    return text;
}

bool is_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

template <typename Number>
std::optional<Number> whole_number(std::string_view text) {
    Number value{};
    if (text.empty() || text.front() == '-' || text.front() == '+')
        return std::nullopt;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

/// A number written the way XML Schema writes a double (`12`, `-3.25`, `1E-3`), C locale.
std::optional<double> xml_double(std::string_view text) {
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() ||
        !std::isfinite(value))
        return std::nullopt;
    return value;
}

class WorksheetReader : public XmlHandler {
public:
    WorksheetReader(const std::string& file, const WorksheetContext& context)
        : file_(file), context_(context), prefix_(sheet_prefix(context.sheet)),
          max_raw_bytes_(max_raw_text_bytes(context.max_text_bytes)) {}

    void start(const XmlElement& element) override {
        if (element.name == "row" && element.inside({"sheetData"})) {
            start_row(element);
        } else if (element.name == "c" && element.inside({"sheetData", "row"})) {
            start_cell(element);
        } else if (!in_cell_) {
            return;
        } else if (element.name == "v" && element.inside({"row", "c"})) {
            capture_ = &value_;
        } else if (element.name == "f" && element.inside({"row", "c"})) {
            has_formula_ = true;
        } else if (element.name == "is" && element.inside({"row", "c"})) {
            has_inline_ = true;
        } else if (element.name == "t" &&
                   (element.inside({"c", "is"}) || element.inside({"c", "is", "r"}))) {
            capture_ = &inline_;
        }
    }

    void end(std::string_view name) override {
        if (name == "v" || name == "t")
            capture_ = nullptr;
        else if (name == "c" && in_cell_)
            finish_cell();
    }

    void text(std::string_view text) override {
        if (capture_ == nullptr)
            return;
        if (text.size() > max_raw_bytes_ - capture_->size())
            refuse_cell(file_, here(), too_long());
        *capture_ += text;
    }

    /// The cells, sorted; refuses a place given twice.
    std::vector<Cell> cells() {
        std::stable_sort(cells_.begin(), cells_.end(), [](const Cell& a, const Cell& b) {
            return a.row != b.row ? a.row < b.row : a.column < b.column;
        });
        const auto twice = std::adjacent_find(cells_.begin(), cells_.end(), [](auto& a, auto& b) {
            return a.row == b.row && a.column == b.column;
        });
        if (twice != cells_.end())
            refuse_cell(file_, cell_reference(context_.sheet, twice->row, twice->column),
                        "the cell is given twice");
        return std::move(cells_);
    }

private:
    std::string here() const { return cell_reference(context_.sheet, row_, column_); }

    std::string too_long() const {
        return "text longer than the limit of " + std::to_string(context_.max_text_bytes) +
               " bytes: refused";
    }

    void start_row(const XmlElement& element) {
        column_ = 0;
        const auto number = element.attributes.get("r");
        if (!number) {
            ++row_;
        } else if (const auto row = whole_number<long long>(trimmed(*number))) {
            row_ = static_cast<int>(std::min<long long>(*row, max_rows + 1LL));
        } else if (is_digits(trimmed(*number))) {
            row_ = max_rows + 1;
        } else {
            refuse_cell(file_, prefix_.substr(0, prefix_.size() - 1),
                        "malformed row number '" + excerpt(*number) + "'");
        }
        if (row_ < 1 || row_ > max_rows)
            refuse_cell(file_, prefix_ + std::to_string(row_) + ':' + std::to_string(row_),
                        "row " + std::to_string(row_) +
                            " is outside Excel's grid (rows 1 to 1048576)");
    }

    void start_cell(const XmlElement& element) {
        in_cell_ = true;
        has_inline_ = false;
        has_formula_ = false;
        value_.clear();
        inline_.clear();
        capture_ = nullptr;
        if (const auto reference = element.attributes.get("r")) {
            const std::optional<CellPosition> position = parse_cell_reference(*reference);
            if (!position)
                refuse_cell(file_, prefix_ + excerpt(*reference),
                            "malformed cell reference '" + excerpt(*reference) + "'");
            if (!position->in_grid())
                refuse_cell(file_, prefix_ + excerpt(*reference),
                            "cell " + excerpt(*reference) +
                                " is outside Excel's grid (A1 to XFD1048576)");
            row_ = position->row;
            column_ = position->column;
        } else if (++column_ > max_columns) {
            refuse_cell(file_, prefix_ + column_letters(column_) + std::to_string(row_),
                        "the cell is outside Excel's grid (A1 to XFD1048576)");
        }
        type_ = std::string(element.attributes.get("t").value_or("n"));
        style_ = whole_number<std::size_t>(element.attributes.get("s").value_or("")).value_or(0);
    }

    std::string checked_text(std::string_view raw) const {
        std::string text = decode_text_escapes(raw);
        if (text.size() > context_.max_text_bytes)
            refuse_cell(file_, here(), too_long());
        return text;
    }

    void finish_cell() {
        in_cell_ = false;
        capture_ = nullptr;
        CellValue value;
        const std::string_view raw = trimmed(value_);
        if (has_formula_ && value_.empty() && !has_inline_) {
            value.kind = CellValue::Kind::uncalculated;
            cells_.push_back(Cell{row_, column_, std::move(value)});
            return;
        }
        if (type_ == "n") {
            if (raw.empty())
                return;
            const std::optional<double> number = xml_double(raw);
            if (!number)
                refuse_cell(file_, here(),
                            "number cell holds '" + excerpt(raw) + "', not a number");
            value.kind = CellValue::Kind::number;
            value.number = *number;
            if (context_.date_styles.is_date(style_)) {
                if (auto date = serial_date_text(*number, context_.date_system)) {
                    value.kind = CellValue::Kind::date;
                    value.text = std::move(*date);
                }
            }
        } else if (type_ == "s") {
            if (raw.empty())
                return;
            const SharedStrings& strings = context_.shared_strings;
            const std::optional<std::size_t> index = whole_number<std::size_t>(raw);
            if (!index)
                refuse_cell(file_, here(),
                            "shared string index '" + excerpt(raw) + "' is not a number");
            if (*index >= strings.size())
                refuse_cell(file_, here(),
                            "shared string index " + std::to_string(*index) +
                                " is out of range (the workbook has " +
                                std::to_string(strings.size()) + " shared strings)");
            if (strings.oversized(*index))
                refuse_cell(file_, here(), too_long());
            value.kind = CellValue::Kind::text;
            value.text = std::string(strings.at(*index));
        } else if (type_ == "str" || type_ == "inlineStr") {
            value.kind = CellValue::Kind::text;
            value.text = checked_text(type_ == "inlineStr" && has_inline_ ? inline_ : value_);
        } else if (type_ == "b") {
            if (raw.empty())
                return;
            if (raw != "0" && raw != "1" && raw != "false" && raw != "true")
                refuse_cell(file_, here(), "boolean cell holds '" + excerpt(raw) + "', not 0 or 1");
            value.kind = CellValue::Kind::boolean;
            value.number = raw == "1" || raw == "true" ? 1 : 0;
        } else if (type_ == "e") {
            value.kind = CellValue::Kind::error;
            value.text = checked_text(raw);
        } else if (type_ == "d") {
            if (raw.empty())
                return;
            value.kind = CellValue::Kind::date;
            if (auto date = parse_iso_date(raw, context_.date_system)) {
                value.text = std::move(date->text);
                value.number = date->serial;
            } else {
                value.text = checked_text(raw);
            }
        } else {
            refuse_cell(file_, here(), "unknown cell type '" + excerpt(type_) + "'");
        }
        if (value.kind != CellValue::Kind::number && value.kind != CellValue::Kind::boolean &&
            value.text.empty())
            return;
        cells_.push_back(Cell{row_, column_, std::move(value)});
    }

    const std::string& file_;
    const WorksheetContext& context_;
    std::string prefix_;
    std::size_t max_raw_bytes_;

    int row_ = 0;
    int column_ = 0;
    bool in_cell_ = false;
    bool has_inline_ = false;
    bool has_formula_ = false;
    std::string type_;
    std::size_t style_ = 0;
    std::string value_;
    std::string inline_;
    std::string* capture_ = nullptr;
    std::vector<Cell> cells_;
};

} // namespace

std::vector<Cell> read_worksheet_cells(ZipArchive& zip, const ZipEntry& part,
                                       const WorksheetContext& context) {
    WorksheetReader reader(zip.file(), context);
    parse_part(zip, part, reader);
    return reader.cells();
}

} // namespace jalon::xlsx
