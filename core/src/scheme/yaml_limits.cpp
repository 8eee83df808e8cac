#include "yaml_limits.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <vector>

namespace jalon {

namespace {

struct Exceeded {
    YamlExcess excess;
};

// Counts each node once per place it appears, and measures nesting the same way: an alias
// counts as the whole node it names, and nests as deep as it does. yaml-cpp 0.7 gives an anchor
// to its node when the node starts, so an alias inside the node it names makes the same node its
// own descendant: a cycle, which would never end for whatever walks the tree. Such an alias is
// refused here. Sizes saturate just above the bound, so that no count overflows however the
// aliases nest.
class LimitChecker final : public YAML::EventHandler {
public:
    LimitChecker(const std::string& text, const YamlLimits& limits)
        : text_(text), limits_(limits) {}

    void OnDocumentStart(const YAML::Mark& mark) override {
        if (++documents_ > limits_.max_documents)
            throw Exceeded{{mark, "the text holds more than " +
                                      std::to_string(limits_.max_documents) +
                                      " YAML documents (a scheme file holds one)"}};
        open_.clear();
        anchored_.clear(); // anchors are numbered anew in each document
    }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  const std::string&) override {
        leaf(mark, anchor);
    }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        for (const Collection& c : open_)
            if (c.anchor == anchor)
                throw Exceeded{{mark, "recursive alias " + alias_name(mark) +
                                          ": it stands for the node starting on line " +
                                          std::to_string(c.mark.line + 1) +
                                          ", which contains it (a node cannot be inside itself)"}};
        const auto it = anchored_.find(anchor);
        const Size size = it == anchored_.end() ? Size{1, 0} : it->second;
        if (open_.size() + size.height > limits_.max_depth)
            throw Exceeded{{mark, "YAML nested deeper than " + std::to_string(limits_.max_depth) +
                                      " levels once alias " + alias_name(mark) + " is expanded"}};
        ++literal_nodes_;
        add(mark, size, true);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(mark, anchor);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(mark, anchor);
    }
    void OnMapEnd() override { close(); }

private:
    // A node with everything inside it, aliases expanded.
    struct Size {
        std::size_t nodes;  // itself included
        std::size_t height; // collections from it down to its deepest leaf, itself included
    };

    struct Collection {
        YAML::Mark mark;
        YAML::anchor_t anchor;
        Size size; // so far
    };

    std::size_t capped(std::size_t n) const { return std::min(n, limits_.max_nodes + 1); }

    // "*name", read from the text at the alias's mark (its line and byte column; its position
    // does not count a byte-order mark).
    std::string alias_name(const YAML::Mark& mark) const {
        std::size_t line_start = 0;
        for (int line = 0; line < mark.line && line_start != std::string::npos; ++line) {
            line_start = text_.find('\n', line_start);
            if (line_start != std::string::npos)
                ++line_start;
        }
        for (const std::size_t at :
             {line_start + static_cast<std::size_t>(mark.column),
              static_cast<std::size_t>(mark.pos), static_cast<std::size_t>(mark.pos) + 3}) {
            if (line_start == std::string::npos || mark.column < 0 || mark.pos < 0 ||
                at >= text_.size() || text_[at] != '*')
                continue;
            const std::size_t end = text_.find_first_of(" \t\r\n,[]{}", at + 1);
            constexpr std::size_t longest = 64;
            return text_.substr(
                at, std::min(end == std::string::npos ? text_.size() - at : end - at, longest));
        }
        return "*?";
    }

    void leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
        if (anchor)
            anchored_[anchor] = {1, 0};
        ++literal_nodes_;
        add(mark, {1, 0}, false);
    }

    void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
        if (open_.size() >= limits_.max_depth)
            throw Exceeded{
                {mark, "YAML nested deeper than " + std::to_string(limits_.max_depth) + " levels"}};
        ++literal_nodes_;
        open_.push_back({mark, anchor, {1, 1}});
        check_whole(mark, false);
    }

    void close() {
        const Collection done = open_.back();
        open_.pop_back();
        if (done.anchor)
            anchored_[done.anchor] = done.size;
        add(done.mark, done.size, false);
    }

    // Adds a node of `size` to the innermost open collection (or to the text).
    void add(const YAML::Mark& mark, const Size& size, bool alias) {
        if (open_.empty()) {
            text_nodes_ = capped(text_nodes_ + size.nodes);
        } else {
            Size& total = open_.back().size;
            total.nodes = capped(total.nodes + size.nodes);
            total.height = std::max(total.height, size.height + 1);
        }
        check_whole(mark, alias);
    }

    // What is open now holds at least its own count: checks the running whole.
    void check_whole(const YAML::Mark& mark, bool alias) {
        std::size_t whole = text_nodes_;
        for (const Collection& c : open_)
            whole = capped(whole + c.size.nodes);
        if (whole <= limits_.max_nodes)
            return;
        const std::string bound = std::to_string(limits_.max_nodes);
        if (literal_nodes_ > limits_.max_nodes)
            throw Exceeded{{mark, "the text holds more than " + bound +
                                      " YAML nodes (keys, values, lists and mappings: at most " +
                                      bound + " in a file)"}};
        throw Exceeded{
            {mark, "the text expands to more than " + bound +
                       " nodes once its aliases are resolved" +
                       (alias ? " (this alias goes over; an alias bomb?)" : " (an alias bomb?)")}};
    }

    const std::string& text_;
    const YamlLimits& limits_;
    std::vector<Collection> open_;
    std::map<YAML::anchor_t, Size> anchored_;
    std::size_t text_nodes_ = 0;    // outside any collection, every document of the text
    std::size_t literal_nodes_ = 0; // as written, aliases counted once each
    std::size_t documents_ = 0;
};

} // namespace

std::optional<YamlExcess> check_yaml_limits(const std::string& text, const YamlLimits& limits) {
    std::istringstream in(text);
    LimitChecker checker(text, limits);
    try {
        YAML::Parser parser(in);
        while (parser.HandleNextDocument(checker)) {
        }
    } catch (const Exceeded& e) {
        return e.excess;
    } catch (const YAML::Exception&) {
        // Malformed: the loader reports it, with its position.
    }
    return std::nullopt;
}

} // namespace jalon
