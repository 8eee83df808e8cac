#pragma once

#include <yaml-cpp/mark.h>

#include <cstddef>
#include <optional>
#include <string>

namespace jalon {

// Bounds on a YAML text, checked from the parser's events before any node is built, with every
// alias expanded: whatever walks the tree goes no deeper and sees no more nodes than the bounds.
// A scheme file nests about a dozen levels; an alias "bomb" is a few lines whose aliases, each
// standing for the whole of an earlier anchor, expand to billions of nodes; an alias inside the
// node it names (a recursive alias) makes a cycle, and is always refused. A scheme
// file holds one document, but yaml-cpp 0.7 reads a text that begins with ',' as an endless
// series of empty documents, which would never end loading.
struct YamlLimits {
    std::size_t max_depth = 64;        ///< collections inside collections, aliases expanded
    std::size_t max_nodes = 1'000'000; ///< nodes of the whole text once its aliases are expanded
    std::size_t max_documents = 100;   ///< documents, empty ones included
};

// What went over a bound, and where.
struct YamlExcess {
    YAML::Mark mark;
    std::string message;
};

// The first bound the text goes over, if any. Malformed YAML is left to the loader (nothing is
// reported here).
std::optional<YamlExcess> check_yaml_limits(const std::string& text, const YamlLimits& limits = {});

} // namespace jalon
