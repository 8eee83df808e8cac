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

// Counts each node once per place it appears: an alias counts as the whole node it names.
// Sizes saturate just above the bound, so that no count overflows however the aliases nest.
class LimitChecker final : public YAML::EventHandler {
public:
    explicit LimitChecker(const YamlLimits& limits) : limits_(limits) {}

    void OnDocumentStart(const YAML::Mark& mark) override {
        if (++documents_ > limits_.max_documents)
            throw Exceeded{{mark, "the text holds more than " +
                                      std::to_string(limits_.max_documents) +
                                      " YAML documents (a scheme file holds one)"}};
        open_.clear();
    }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  const std::string&) override {
        leaf(mark, anchor);
    }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        const auto it = anchored_.find(anchor);
        add(mark, it == anchored_.end() ? 1 : it->second);
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
    struct Collection {
        YAML::Mark mark;
        YAML::anchor_t anchor;
        std::size_t nodes; // itself and everything inside, aliases expanded
    };

    std::size_t capped(std::size_t n) const { return std::min(n, limits_.max_nodes + 1); }

    void leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
        if (anchor)
            anchored_[anchor] = 1;
        add(mark, 1);
    }

    void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
        if (open_.size() >= limits_.max_depth)
            throw Exceeded{
                {mark, "YAML nested deeper than " + std::to_string(limits_.max_depth) + " levels"}};
        open_.push_back({mark, anchor, 1});
    }

    void close() {
        const Collection done = open_.back();
        open_.pop_back();
        if (done.anchor)
            anchored_[done.anchor] = done.nodes;
        add(done.mark, done.nodes);
    }

    // Adds `n` nodes to the innermost open collection (or to the text).
    void add(const YAML::Mark& mark, std::size_t n) {
        std::size_t& total = open_.empty() ? text_nodes_ : open_.back().nodes;
        total = capped(total + n);
        // What is open now holds at least its own count: check the running whole.
        std::size_t whole = text_nodes_;
        for (const Collection& c : open_)
            whole = capped(whole + c.nodes);
        if (whole > limits_.max_nodes)
            throw Exceeded{{mark, "the text expands to more than " +
                                      std::to_string(limits_.max_nodes) +
                                      " nodes once its aliases are resolved (an alias bomb?)"}};
    }

    const YamlLimits& limits_;
    std::vector<Collection> open_;
    std::map<YAML::anchor_t, std::size_t> anchored_;
    std::size_t text_nodes_ = 0; // outside any collection, every document of the text
    std::size_t documents_ = 0;
};

} // namespace

std::optional<YamlExcess> check_yaml_limits(const std::string& text, const YamlLimits& limits) {
    std::istringstream in(text);
    LimitChecker checker(limits);
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
