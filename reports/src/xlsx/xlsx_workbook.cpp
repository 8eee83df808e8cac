#include "xlsx/xlsx_workbook.hpp"

#include "xlsx/formats.hpp"

#include <jalon/error.hpp>

#include <algorithm>
#include <cctype>

namespace jalon::reports {

void check(lxw_error error, const std::string& what) {
    if (error != LXW_NO_ERROR)
        throw RuntimeError("cannot write the workbook: " + what + ": " + lxw_strerror(error));
}

namespace {
// Counts UTF-8 characters.
std::size_t utf8_length(const std::string& text) {
    std::size_t n = 0;
    for (const char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++n;
    return n;
}
} // namespace

namespace {

// Length as Excel counts it: UTF-16 code units (a character beyond U+FFFF counts twice).
std::size_t utf16_length(const std::string& text) {
    std::size_t n = 0;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte & 0xC0) != 0x80)
            n += byte >= 0xF0 ? 2 : 1;
    }
    return n;
}

// The longest prefix of `text`, on a character boundary, of at most `limit` UTF-16 units.
std::string utf16_prefix(const std::string& text, std::size_t limit) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if ((byte & 0xC0) == 0x80)
            continue;
        const std::size_t units = byte >= 0xF0 ? 2 : 1;
        if (n + units > limit)
            return text.substr(0, i);
        n += units;
    }
    return text;
}

// Excel compares sheet names without case, accented capitals included (É = é).
std::string name_key(const std::string& name) {
    std::string key;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (c >= 'A' && c <= 'Z') {
            key += static_cast<char>(c - 'A' + 'a');
        } else if (c == 0xC3 && i + 1 < name.size()) {
            auto next = static_cast<unsigned char>(name[i + 1]);
            if (next >= 0x80 && next <= 0x9E && next != 0x97) // À…Þ but ×
                next = static_cast<unsigned char>(next + 0x20);
            key += static_cast<char>(c);
            key += static_cast<char>(next);
            ++i;
        } else {
            key += static_cast<char>(c);
        }
    }
    return key;
}

} // namespace

std::string sheet_name(const std::string& wanted, std::set<std::string>& taken) {
    std::string clean;
    for (const char c : wanted)
        clean += std::string("[]:*?/\\").find(c) == std::string::npos ? c : '-';
    while (!clean.empty() && clean.front() == '\'')
        clean.erase(clean.begin());
    if (clean.empty())
        clean = "Feuille";
    for (int n = 1;; ++n) {
        const std::string suffix = n == 1 ? "" : " (" + std::to_string(n) + ")";
        std::string name = utf16_prefix(clean, 31 - suffix.size());
        while (!name.empty() && (name.back() == '\'' || name.back() == ' '))
            name.pop_back();
        name += suffix;
        if (taken.insert(name_key(name)).second)
            return name;
    }
}

std::string footer_text(const std::string& left, const std::string& right) {
    // Excel allows 255 characters in a footer, codes included; '&' is written '&&'.
    const std::string start = "&L&8", middle = "&R&8";
    const std::size_t room = 255 - start.size() - middle.size() - utf16_length(right);
    std::string title;
    std::size_t used = 0;
    for (std::size_t i = 0; i < left.size();) {
        std::size_t length = 1;
        while (i + length < left.size() &&
               (static_cast<unsigned char>(left[i + length]) & 0xC0) == 0x80)
            ++length;
        const std::string character = left[i] == '&' ? "&&" : left.substr(i, length);
        const std::size_t units = left[i] == '&' ? 2 : utf16_length(character);
        if (used + units > room - 1) { // keep one unit for the ellipsis
            title += "…";
            break;
        }
        title += character;
        used += units;
        i += length;
    }
    return start + title + middle + right;
}

std::string chart_text(const std::string& text) {
    // libxlsxwriter reads a leading '=' as a cell reference: a title is never one.
    return !text.empty() && text.front() == '=' ? " " + text : text;
}

std::string column_letters(int column) {
    std::string letters;
    for (int c = column + 1; c > 0; c = (c - 1) / 26)
        letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
    return letters;
}

std::string cell_ref(long long row, int column, bool absolute) {
    const std::string dollar = absolute ? "$" : "";
    return dollar + column_letters(column) + dollar + std::to_string(row + 1);
}

std::string quoted_sheet(const std::string& name) {
    std::string out = "'";
    for (const char c : name)
        out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

namespace {

// OOXML reads `_xHHHH_` in a string as the character U+HHHH, so a text that holds one literally
// must have its `_` written as `_x005F_` (libxlsxwriter 1.1 leaves it as is).
std::string escaped_underscores(const std::string& text) {
    const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && hex(text[i + 2]) &&
            hex(text[i + 3]) && hex(text[i + 4]) && hex(text[i + 5]) && text[i + 6] == '_')
            out += "_x005F";
        out += text[i];
    }
    return out;
}

} // namespace

std::string cell_text(const std::string& text) {
    std::string written = escaped_underscores(text);
    if (utf16_length(text) <= excel_max_cell_text && utf8_length(written) <= excel_max_cell_text)
        return written;
    // Excel's limit counts the UTF-16 units of the text shown; libxlsxwriter's, the characters of
    // what it is given, escapes included. Cut the text shown, with a visible mark, then shorten it
    // by what the escapes add, if anything.
    const std::string mark = " […]";
    std::size_t limit = excel_max_cell_text - utf16_length(mark);
    for (;;) {
        written = escaped_underscores(utf16_prefix(text, limit) + mark);
        const std::size_t length = utf8_length(written);
        if (length <= excel_max_cell_text || limit == 0)
            return written;
        limit -= std::min(limit, length - excel_max_cell_text);
    }
}

std::time_t utc_time(const std::string& iso) {
    std::tm tm{};
    if (iso.empty() || !strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm))
        return 0;
    return timegm(&tm);
}

XlsxWorkbook::XlsxWorkbook(const std::string& path, bool constant_memory, const std::string& tmpdir)
    : path_(path) {
    lxw_workbook_options options{};
    options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    std::string dir = tmpdir;
    options.tmpdir = dir.empty() ? nullptr : dir.data();
    workbook_ = workbook_new_opt(path.c_str(), &options);
    if (!workbook_)
        throw RuntimeError("cannot create the workbook " + path);
    set_properties({});
}

XlsxWorkbook::~XlsxWorkbook() {
    if (!closed_ && workbook_) {
        // Frees everything; the file it may write is removed by the caller.
        workbook_close(workbook_);
    }
}

void XlsxWorkbook::set_properties(const Properties& properties) {
    properties_ = properties;
    lxw_doc_properties doc{};
    doc.title = properties_.title.data();
    doc.subject = properties_.subject.data();
    doc.author = properties_.author.data();
    doc.company = properties_.company.data();
    doc.keywords = properties_.keywords.data();
    doc.comments = properties_.comments.data();
    doc.created = properties_.created ? properties_.created : undated_workbook;
    check(workbook_set_properties(workbook_, &doc), "document properties");
}

void XlsxWorkbook::reserve_sheet_names(const std::vector<std::string>& names) {
    for (const std::string& name : names) {
        std::set<std::string> alone;
        const std::string valid = sheet_name(name, alone);
        reserved_.insert(valid);
        sheet_names_.insert(*alone.begin());
    }
}

lxw_worksheet* XlsxWorkbook::add_sheet(const std::string& name, std::string* actual_name) {
    std::string valid;
    if (const auto it = reserved_.find(name); it != reserved_.end()) {
        valid = *it; // its key is already taken, for this very sheet
        reserved_.erase(it);
    } else {
        valid = sheet_name(name, sheet_names_);
    }
    lxw_worksheet* sheet = workbook_add_worksheet(workbook_, valid.c_str());
    if (!sheet)
        throw RuntimeError("cannot write the workbook: cannot add sheet '" + valid + "'");
    if (actual_name)
        *actual_name = valid;
    return sheet;
}

lxw_chart* XlsxWorkbook::add_chart(uint8_t type) {
    lxw_chart* chart = workbook_add_chart(workbook_, type);
    if (!chart)
        throw RuntimeError("cannot write the workbook: cannot add a chart");
    return chart;
}

lxw_format* XlsxWorkbook::format(const std::string& name) {
    if (const auto it = formats_.find(name); it != formats_.end())
        return it->second;
    lxw_format* format = workbook_add_format(workbook_);
    if (!format)
        throw RuntimeError("cannot write the workbook: cannot add format " + name);
    define_format(name, format);
    formats_.emplace(name, format);
    return format;
}

void XlsxWorkbook::close() {
    closed_ = true;
    check(workbook_close(workbook_), "closing " + path_);
}

void write_text(lxw_worksheet* sheet, long long row, int column, const std::string& text,
                lxw_format* format) {
    if (text.empty()) {
        write_blank(sheet, row, column, format);
        return;
    }
    // write_string always makes a text cell: "=SUM(A1)" stays text, never a formula.
    check(worksheet_write_string(sheet, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column),
                                 cell_text(text).c_str(), format),
          "cell " + cell_ref(row, column));
}

void write_number(lxw_worksheet* sheet, long long row, int column, double value,
                  lxw_format* format) {
    check(worksheet_write_number(sheet, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column),
                                 value, format),
          "cell " + cell_ref(row, column));
}

void write_blank(lxw_worksheet* sheet, long long row, int column, lxw_format* format) {
    if (!format)
        return; // a blank without format is nothing to write
    check(worksheet_write_blank(sheet, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column),
                                format),
          "cell " + cell_ref(row, column));
}

void write_formula(lxw_worksheet* sheet, long long row, int column, const std::string& formula,
                   lxw_format* format, double cached) {
    check(worksheet_write_formula_num(sheet, static_cast<lxw_row_t>(row),
                                      static_cast<lxw_col_t>(column), formula.c_str(), format,
                                      cached),
          "formula in " + cell_ref(row, column));
}

} // namespace jalon::reports
