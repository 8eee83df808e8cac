#include "duplicate_observations.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>

namespace jalon {

namespace {

std::uint64_t key_hash(const ObservationRow& row) {
    std::uint64_t hash = std::hash<std::string_view>{}(row.series);
    const auto mix = [&hash](std::string_view text) {
        hash = (hash ^ std::hash<std::string_view>{}(text)) * 0x9e3779b97f4a7c15ULL;
        hash ^= hash >> 29;
    };
    mix(row.territory);
    mix(row.period.text);
    for (const std::string& dimension : row.dimensions)
        mix(dimension);
    return hash;
}

bool same_key(const ObservationRow& x, const ObservationRow& y) {
    return x.series == y.series && x.territory == y.territory && x.period.text == y.period.text &&
           x.dimensions == y.dimensions;
}

// Rows that repeat the series, territory, period and dimensions of an earlier row, as pairs
// (row, first row with that key) in row order. Sorting hashes once at the end reads memory in
// order, where a hash table probed row by row would miss the cache on nearly every row.
std::vector<std::pair<std::size_t, std::size_t>>
find_duplicates(const std::vector<ObservationRow>& rows) {
    struct Entry {
        std::uint64_t hash;
        std::size_t row;
    };
    std::vector<Entry> entries;
    entries.reserve(rows.size());
    for (std::size_t row = 0; row < rows.size(); ++row)
        entries.push_back({key_hash(rows[row]), row});
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.hash < b.hash || (a.hash == b.hash && a.row < b.row);
    });

    std::vector<std::pair<std::size_t, std::size_t>> found;
    std::vector<std::size_t> firsts; // one row per distinct key among rows of equal hash
    for (std::size_t begin = 0, end = 0; begin < entries.size(); begin = end) {
        end = begin + 1;
        while (end < entries.size() && entries[end].hash == entries[begin].hash)
            ++end;
        if (end - begin == 1)
            continue;
        firsts.clear();
        for (std::size_t i = begin; i < end; ++i) {
            const std::size_t row = entries[i].row;
            const auto first = std::find_if(firsts.begin(), firsts.end(), [&](std::size_t f) {
                return same_key(rows[f], rows[row]);
            });
            if (first == firsts.end())
                firsts.push_back(row);
            else
                found.emplace_back(row, *first);
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}

} // namespace

std::vector<Diagnostic> duplicate_observations(const ObservationTable& table) {
    std::vector<Diagnostic> found;
    const char* unit = table.sheet.empty() ? "line " : "row ";
    for (const auto& [row, first] : find_duplicates(table.rows))
        found.push_back({table_location(table.file, table.sheet, table.rows[row].line, 0),
                         {},
                         "duplicate of " + std::string(unit) +
                             std::to_string(table.rows[first].line) +
                             " (same series, territory, period and dimensions)"});
    return found;
}

} // namespace jalon
