#include "xlsx/formats.hpp"

namespace jalon::reports {

namespace {
constexpr lxw_color_t header_fill = 0x1F3864; // dark blue
constexpr lxw_color_t header_font = 0xFFFFFF;
constexpr lxw_color_t rule = 0xBFBFBF;
constexpr lxw_color_t missing_fill = 0xEDEDED;
} // namespace

StatusColors status_colors(ProgressStatus status) {
    switch (status) {
    case ProgressStatus::reached:
        return {0xC6EFCE, 0x006100};
    case ProgressStatus::on_track:
        return {0xE2F0D9, 0x38761D};
    case ProgressStatus::pending: // teal: neither a green of progress nor a grey of absence
        return {0xD5EFEC, 0x00594F};
    case ProgressStatus::late:
        return {0xFFC7CE, 0x9C0006};
    case ProgressStatus::missing:
        return {0xE7E6E6, 0x595959};
    case ProgressStatus::no_target:
        return {0xF2F2F2, 0x7F7F7F};
    case ProgressStatus::not_computed:
        return {0xFFEB9C, 0x9C5700};
    }
    return {0xFFFFFF, 0x000000};
}

std::string number_format(const std::string& unit, bool integer) {
    const std::string digits = integer ? "#,##0" : "#,##0.0";
    if (unit == "%")
        return digits + "\" %\"";
    if (unit == "€")
        return "#,##0\" €\"";
    if (unit == "points")
        return "+#,##0.0\" pts\";-#,##0.0\" pts\";0\" pt\"";
    return integer ? "#,##0" : "#,##0.00";
}

void define_format(const std::string& name, lxw_format* f) {
    if (name.rfind("wrapped ", 0) == 0) { // a format of its own, text wrapped
        define_format(name.substr(8), f);
        format_set_text_wrap(f);
        return;
    }
    if (name.rfind("cf:", 0) == 0) { // conditional formats: colours only
        const StatusColors colors =
            status_colors(parse_progress_status(name.substr(3)).value_or(ProgressStatus::missing));
        format_set_bg_color(f, colors.fill);
        format_set_font_color(f, colors.font);
        return;
    }
    format_set_font_name(f, "Calibri");
    format_set_font_size(f, 10);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    const auto starts = [&](const char* prefix) { return name.rfind(prefix, 0) == 0; };
    if (name == "title") {
        format_set_font_size(f, 16);
        format_set_bold(f);
        format_set_font_color(f, header_fill);
    } else if (name == "subtitle") {
        format_set_font_size(f, 12);
        format_set_bold(f);
        format_set_font_color(f, header_fill);
    } else if (name == "label") {
        format_set_bold(f);
        format_set_font_color(f, 0x404040);
    } else if (name == "note") {
        format_set_italic(f);
        format_set_font_color(f, 0x404040);
    } else if (name == "banner") {
        format_set_bold(f);
        format_set_font_color(f, 0x9C5700);
        format_set_bg_color(f, 0xFFEB9C);
    } else if (name == "header") {
        format_set_bold(f);
        format_set_font_color(f, header_font);
        format_set_bg_color(f, header_fill);
        format_set_text_wrap(f);
        format_set_border(f, LXW_BORDER_THIN);
        format_set_border_color(f, rule);
    } else if (name == "text") {
        format_set_border(f, LXW_BORDER_HAIR);
        format_set_border_color(f, rule);
    } else if (name == "wrap") {
        format_set_text_wrap(f);
        format_set_border(f, LXW_BORDER_HAIR);
        format_set_border_color(f, rule);
    } else if (name == "bold") {
        format_set_bold(f);
        format_set_border(f, LXW_BORDER_HAIR);
        format_set_border_color(f, rule);
    } else if (starts("indent")) {
        format_set_indent(f, static_cast<uint8_t>(name.back() - '0'));
        format_set_text_wrap(f);
        format_set_border(f, LXW_BORDER_HAIR);
        format_set_border_color(f, rule);
    } else if (name == "missing") {
        // An empty cell, visibly: the value is missing (non renseigné), not zero.
        format_set_bg_color(f, missing_fill);
        format_set_border(f, LXW_BORDER_HAIR);
        format_set_border_color(f, rule);
    } else if (name == "input") { // cells a contributor fills: unlocked, yellow
        format_set_unlocked(f);
        format_set_bg_color(f, 0xFFF2CC);
        format_set_border(f, LXW_BORDER_THIN);
        format_set_border_color(f, 0xBF9000);
    } else if (name == "percent") {
        format_set_num_format(f, "0%");
        format_set_border(f, LXW_BORDER_HAIR);
        format_set_border_color(f, rule);
    } else if (name == "code") { // a code kept as text (`1.10` stays `1.10`)
        format_set_num_format(f, "@");
        format_set_border(f, LXW_BORDER_HAIR);
        format_set_border_color(f, rule);
    } else if (name == "code column") { // what is typed in a code column stays text
        format_set_num_format(f, "@");
    } else if (name == "percentbold") {
        format_set_num_format(f, "0%");
        format_set_bold(f);
    } else if (name == "total") {
        format_set_bold(f);
        format_set_top(f, LXW_BORDER_THIN);
    } else if (starts("numbold:") || starts("num:")) {
        format_set_num_format(f, name.substr(name.find(':') + 1).c_str());
        format_set_border(f, LXW_BORDER_HAIR);
        format_set_border_color(f, rule);
        if (starts("numbold:"))
            format_set_bold(f);
    } else if (starts("status:")) {
        const auto status = parse_progress_status(name.substr(7));
        const StatusColors colors = status_colors(status.value_or(ProgressStatus::missing));
        format_set_bg_color(f, colors.fill);
        format_set_font_color(f, colors.font);
        format_set_border(f, LXW_BORDER_HAIR);
        format_set_border_color(f, rule);
    }
}

} // namespace jalon::reports
