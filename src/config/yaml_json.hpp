#pragma once
// YAML text -> JSON value, keeping where each node was written. Private to
// config (and its tests): JSON values stay out of the public headers.
//
// The parse is event-driven (yaml-cpp's EventHandler), so it sees what a
// node tree hides: duplicate keys, anchors and aliases (expanded under a node
// budget, so an alias "bomb" is rejected in bounded time and memory), tags and
// quoting. Plain scalars resolve as in YAML 1.2's core schema (as editors do):
// true/false, null/~, integers and floats; everything else is a string.
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hactl/config/diagnostic.hpp"

namespace hactl::config {

/// A 1-based place in the text.
struct Position {
    int line = 0;
    int column = 0;
    bool operator==(const Position&) const = default;
};

/// Where one node of the document was written.
struct NodeInfo {
    Position key;          ///< the key naming it (equal to `value` for the root and list items)
    Position value;        ///< the value itself
    std::string text;      ///< the scalar as written (empty for mappings and lists)
    bool is_null = false;  ///< an empty value, `~` or `null`
};

struct ParseLimits {
    std::size_t max_nodes = 10000;         ///< nodes after alias expansion
    std::size_t max_depth = 32;            ///< nesting of mappings and lists
    std::size_t max_scalar_bytes = 4096;   ///< one scalar's length
};

struct YamlDocument {
    bool parsed = false;                     ///< false when the text is not one usable YAML document
    nlohmann::json root;                     ///< the document as JSON (when parsed)
    std::map<std::string, NodeInfo> nodes;   ///< JSON pointer ("" = root, "/spec/primary") -> place
    std::set<std::string> suppressed;        ///< pointers already reported (later checks skip them)
    std::vector<Diagnostic> errors;          ///< problems found while parsing (file left empty)

    /// Where to report a problem with the value at `pointer`: the value, or its
    /// key when the value is empty; the nearest known ancestor otherwise; 1:1 as a last resort.
    Position value_position(const std::string& pointer) const;
    /// Where the key naming `pointer` is written (same fallbacks).
    Position key_position(const std::string& pointer) const;
    /// True when `pointer` or one of its ancestors was already reported.
    bool is_suppressed(const std::string& pointer) const;
};

/// Escapes one JSON pointer segment (~ -> ~0, / -> ~1).
std::string pointer_escape(std::string_view segment);

/// Parses `text` (already checked to be UTF-8) into a YamlDocument. Never throws:
/// syntax errors, an empty text, several documents, complex keys, duplicate
/// keys, unsupported tags and exceeded limits are returned in `errors`.
YamlDocument parse_yaml(std::string_view text, const ParseLimits& limits = {});

}  // namespace hactl::config
