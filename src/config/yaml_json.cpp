#include "yaml_json.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <sstream>
#include <unordered_map>

#include <fmt/core.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "scalar.hpp"
#include "text_util.hpp"

namespace hactl::config {

namespace {

Position to_position(const YAML::Mark& mark) {
    if (mark.is_null()) return {1, 1};
    return {mark.line + 1, mark.column + 1};
}

/// Stops the parse: the document cannot be used (the error is already recorded).
struct Abort {};

/// A mapping or list being built.
struct Frame {
    nlohmann::json value;
    std::string pointer;
    YAML::anchor_t anchor = 0;
    bool is_map = false;
    // mappings: the key waiting for its value
    std::optional<std::string> key;
    Position key_position;
    bool discard_value = false;  // the key was a duplicate
    std::unordered_map<std::string, int> key_lines;
};

/// An anchored node: its value and the places of its nodes, relative to it.
struct Anchored {
    nlohmann::json value;
    std::vector<std::pair<std::string, NodeInfo>> nodes;
};

class Builder : public YAML::EventHandler {
public:
    Builder(YamlDocument& doc, const ParseLimits& limits) : m_doc(doc), m_limits(limits) {}

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        if (expect_key(mark, "an empty key")) return;
        NodeInfo info{m_key, to_position(mark), "", true};
        add_value(nullptr, info, anchor);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        if (expect_key(mark, "an alias (*name) used as a key")) return;
        const auto found = m_anchors.find(anchor);
        if (found == m_anchors.end()) fail(to_position(mark), "alias refers to an unknown anchor");
        const Anchored& anchored = found->second;
        count(to_position(mark), anchored.nodes.size());
        const std::string pointer = next_pointer();
        const Position alias_key = (!m_stack.empty() && m_stack.back().is_map) ? m_key : to_position(mark);
        // Problems inside an expanded alias are reported at the alias: that is
        // where this copy of the anchored value is used.
        for (const auto& [suffix, info] : anchored.nodes) {
            NodeInfo copy = info;
            copy.key = suffix.empty() ? alias_key : to_position(mark);
            copy.value = to_position(mark);
            copy.is_null = false;
            m_doc.nodes[pointer + suffix] = copy;
        }
        place(anchored.value, 0);
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        const Position pos = to_position(mark);
        if (!m_stack.empty() && m_stack.back().is_map && !m_stack.back().key) {
            if (anchor != 0) fail(pos, "anchors on keys are not supported");
            take_key(pos, value);
            return;
        }
        NodeInfo info{m_key, pos, value, false};
        if (value.size() > m_limits.max_scalar_bytes) {
            error(pos, fmt::format("value is {} bytes long; at most {} are accepted", value.size(),
                                   m_limits.max_scalar_bytes));
            info.text = value.substr(0, 64);
            m_doc.suppressed.insert(next_pointer());
            add_value(nullptr, info, anchor);
            return;
        }
        nlohmann::json json;
        if (tag == "?") {
            json = detail::resolve_plain_scalar(value);
            info.is_null = json.is_null();
        } else if (tag == "!" || tag == "tag:yaml.org,2002:str") {
            json = value;
        } else {
            error(pos, fmt::format("YAML tag '{}' is not supported; remove it (quote the value to make it a string)",
                                   display_text(tag)));
            json = value;
        }
        add_value(std::move(json), info, anchor);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        start(mark, tag, anchor, false);
    }
    void OnSequenceEnd() override { finish(); }

    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        start(mark, tag, anchor, true);
    }
    void OnMapEnd() override { finish(); }

private:
    [[noreturn]] void fail(Position pos, std::string message) {
        error(pos, std::move(message));
        throw Abort{};
    }

    void error(Position pos, std::string message) {
        m_doc.errors.push_back(Diagnostic{"", pos.line, pos.column, std::move(message)});
    }

    void count(Position pos, std::size_t nodes) {
        m_nodes += nodes;
        if (m_nodes > m_limits.max_nodes) {
            fail(pos, fmt::format("document has more than {} nodes (after expanding aliases); "
                                  "a pair file needs far fewer (is this an alias bomb?)",
                                  m_limits.max_nodes));
        }
    }

    /// In a mapping waiting for a key, a non-scalar key ends the parse.
    bool expect_key(const YAML::Mark& mark, const char* what) {
        if (!m_stack.empty() && m_stack.back().is_map && !m_stack.back().key) {
            fail(to_position(mark), fmt::format("mapping keys must be plain strings, found {}", what));
        }
        return false;
    }

    void take_key(Position pos, const std::string& key) {
        Frame& frame = m_stack.back();
        frame.key = key;
        frame.key_position = pos;
        frame.discard_value = false;
        const auto [it, inserted] = frame.key_lines.emplace(key, pos.line);
        if (!inserted) {
            error(pos, fmt::format("duplicate key '{}' (first given on line {}); each key may appear once",
                                   display_text(key), it->second));
            frame.discard_value = true;
        }
        m_key = pos;
    }

    /// The pointer the next value will get.
    std::string next_pointer() {
        if (m_stack.empty()) return "";
        Frame& frame = m_stack.back();
        if (frame.is_map) {
            if (frame.discard_value) return fmt::format("{}/\x01dup{}", frame.pointer, m_discards);
            return frame.pointer + "/" + pointer_escape(*frame.key);
        }
        return frame.pointer + "/" + std::to_string(frame.value.size());
    }

    void add_value(nlohmann::json value, NodeInfo info, YAML::anchor_t anchor) {
        count(info.value, 1);
        if (m_stack.empty() || !m_stack.back().is_map) info.key = info.value;
        const std::string pointer = next_pointer();
        m_doc.nodes[pointer] = info;
        place(std::move(value), anchor);
    }

    /// Puts a finished value into its parent (or makes it the root).
    void place(nlohmann::json value, YAML::anchor_t anchor) {
        if (anchor != 0) remember(anchor, next_pointer(), value);
        if (m_stack.empty()) {
            m_doc.root = std::move(value);
            m_has_root = true;
            return;
        }
        Frame& frame = m_stack.back();
        if (frame.is_map) {
            if (frame.discard_value) {
                ++m_discards;
            } else {
                frame.value[*frame.key] = std::move(value);
            }
            frame.key.reset();
        } else {
            frame.value.push_back(std::move(value));
        }
    }

    void remember(YAML::anchor_t anchor, const std::string& pointer, const nlohmann::json& value) {
        Anchored anchored{value, {}};
        for (auto it = m_doc.nodes.lower_bound(pointer); it != m_doc.nodes.end(); ++it) {
            const std::string& p = it->first;
            if (p.compare(0, pointer.size(), pointer) != 0) break;
            if (p.size() > pointer.size() && p[pointer.size()] != '/') continue;
            anchored.nodes.emplace_back(p.substr(pointer.size()), it->second);
        }
        m_anchors[anchor] = std::move(anchored);
    }

    void start(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, bool is_map) {
        const Position pos = to_position(mark);
        expect_key(mark, is_map ? "a mapping" : "a list");
        if (tag != "?" && !tag.empty()) {
            error(pos, fmt::format("YAML tag '{}' is not supported; remove it", display_text(tag)));
        }
        if (m_stack.size() >= m_limits.max_depth) {
            fail(pos, fmt::format("nesting is deeper than {} levels", m_limits.max_depth));
        }
        count(pos, 1);
        NodeInfo info{m_key, pos, "", false};
        if (m_stack.empty() || !m_stack.back().is_map) info.key = pos;
        Frame frame;
        frame.pointer = next_pointer();
        frame.anchor = anchor;
        frame.is_map = is_map;
        frame.value = is_map ? nlohmann::json::object() : nlohmann::json::array();
        m_doc.nodes[frame.pointer] = info;
        m_stack.push_back(std::move(frame));
    }

    void finish() {
        Frame frame = std::move(m_stack.back());
        m_stack.pop_back();
        place(std::move(frame.value), frame.anchor);
    }

    YamlDocument& m_doc;
    const ParseLimits& m_limits;
    std::vector<Frame> m_stack;
    std::unordered_map<YAML::anchor_t, Anchored> m_anchors;
    Position m_key;  // the key of the value about to be seen
    std::size_t m_nodes = 0;
    std::size_t m_discards = 0;
    bool m_has_root = false;

public:
    bool has_root() const { return m_has_root; }
};

/// Counts documents after the first without building anything.
class DocumentCounter : public YAML::EventHandler {
public:
    void OnDocumentStart(const YAML::Mark& mark) override { m_start = to_position(mark); }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
    Position m_start;
};

void report_syntax_error(YamlDocument& doc, std::string_view text, const YAML::ParserException& e) {
    Position pos = to_position(e.mark);
    std::string message = "invalid YAML: " + e.msg;
    if (detail::line_indented_with_tab(text, pos.line)) message += " (tabs are not allowed for indentation; use spaces)";
    doc.errors.push_back(Diagnostic{"", pos.line, pos.column, std::move(message)});
}

}  // namespace

std::string pointer_escape(std::string_view segment) {
    std::string out;
    out.reserve(segment.size());
    for (char c : segment) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

Position YamlDocument::value_position(const std::string& pointer) const {
    std::string p = pointer;
    for (;;) {
        const auto it = nodes.find(p);
        if (it != nodes.end()) return it->second.is_null ? it->second.key : it->second.value;
        if (p.empty()) return {1, 1};
        p.erase(p.rfind('/'));
    }
}

Position YamlDocument::key_position(const std::string& pointer) const {
    std::string p = pointer;
    for (;;) {
        const auto it = nodes.find(p);
        if (it != nodes.end()) return it->second.key;
        if (p.empty()) return {1, 1};
        p.erase(p.rfind('/'));
    }
}

bool YamlDocument::is_suppressed(const std::string& pointer) const {
    for (const auto& s : suppressed) {
        if (pointer.compare(0, s.size(), s) == 0 && (pointer.size() == s.size() || pointer[s.size()] == '/')) {
            return true;
        }
    }
    return false;
}

YamlDocument parse_yaml(std::string_view text, const ParseLimits& limits) {
    YamlDocument doc;
    std::istringstream in{std::string(text)};
    try {
        YAML::Parser parser(in);
        Builder builder(doc, limits);
        if (!parser.HandleNextDocument(builder) || !builder.has_root()) {
            doc.errors.push_back(Diagnostic{"", 0, 0,
                                            "file is empty; expected a pair file starting with "
                                            "'apiVersion: hactl/v1' and 'kind: HAPair'"});
            return doc;
        }
        DocumentCounter counter;
        if (parser.HandleNextDocument(counter)) {
            doc.errors.push_back(Diagnostic{"", counter.m_start.line, counter.m_start.column,
                                            "a second YAML document starts here; a pair file holds exactly one"});
            return doc;
        }
        doc.parsed = true;
    } catch (const Abort&) {
        doc.parsed = false;
    } catch (const YAML::ParserException& e) {
        report_syntax_error(doc, text, e);
        doc.parsed = false;
    } catch (const std::exception& e) {
        doc.errors.push_back(Diagnostic{"", 0, 0, std::string("cannot parse YAML: ") + e.what()});
        doc.parsed = false;
    }
    return doc;
}

}  // namespace hactl::config
