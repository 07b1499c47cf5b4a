// GCC 12 reports a false -Wmaybe-uninitialized inside <regex> (std::function in
// its NFA states) when optimising with sanitizers; <regex> is included here first
// so that the suppression covers only its own lines.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop

#include "schema_check.hpp"

#include <memory>
#include <set>
#include <string_view>

#include <fmt/core.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "describe.hpp"
#include "hactl/generated/schemas.hpp"
#include "text_util.hpp"

namespace hactl::config {

namespace {

using nlohmann::json;

std::unique_ptr<valijson::Schema> compile(const json& root) {
    auto parsed = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(root);
    parser.populateSchema(adapter, *parsed);
    return parsed;
}

const valijson::Schema& compiled_schema(const json& root) {
    static const std::unique_ptr<valijson::Schema> pair = compile(pair_schema());
    static const std::unique_ptr<valijson::Schema> profile = compile(profile_schema());
    return &root == &profile_schema() ? *profile : *pair;
}

const json* resolve_ref(const json& root, const json* node) {
    for (int hops = 0; node && node->is_object() && node->contains("$ref") && hops < 8; ++hops) {
        const auto& ref = (*node)["$ref"];
        if (!ref.is_string()) return node;
        const std::string target = ref.get<std::string>();
        if (target.rfind("#", 0) != 0) return node;
        const json::json_pointer pointer(target.substr(1));
        if (!root.contains(pointer)) return nullptr;
        node = &root.at(pointer);
    }
    return node;
}

std::string pointer_from_context(const std::vector<std::string>& context) {
    std::string pointer;
    for (std::size_t i = 1; i < context.size(); ++i) {
        std::string_view segment = context[i];
        if (segment.size() >= 2 && segment.front() == '[' && segment.back() == ']') {
            segment = segment.substr(1, segment.size() - 2);
        }
        pointer += "/" + pointer_escape(segment);
    }
    return pointer;
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

std::string quoted_between(std::string_view text, char quote) {
    const auto first = text.find(quote);
    const auto last = text.rfind(quote);
    if (first == std::string_view::npos || last <= first) return "";
    return std::string(text.substr(first + 1, last - first - 1));
}

std::string type_words(const json& type) {
    auto word = [](const std::string& t) -> std::string {
        if (t == "object") return "a mapping";
        if (t == "array") return "a list";
        if (t == "string") return "a string";
        if (t == "integer") return "an integer";
        if (t == "number") return "a number";
        if (t == "boolean") return "true or false";
        if (t == "null") return "an empty value";
        return t;
    };
    if (type.is_string()) return word(type.get<std::string>());
    std::string out;
    if (type.is_array()) {
        for (const auto& t : type) {
            if (!out.empty()) out += " or ";
            out += t.is_string() ? word(t.get<std::string>()) : t.dump();
        }
    }
    return out.empty() ? "another type" : out;
}

std::string type_hint(const json& schema, const json& value, std::string_view written) {
    const std::string expected = schema.value("type", "");
    if (expected == "string" && (value.is_number() || value.is_boolean())) {
        return fmt::format(" (quote it: \"{}\")", written.empty() ? value.dump() : std::string(written));
    }
    if (expected == "boolean" && value.is_string()) {
        static const std::set<std::string> words{"yes", "no", "on", "off", "y", "n", "Yes", "No", "On", "Off",
                                                 "YES", "NO", "ON", "OFF", "true", "false"};
        if (words.count(value.get<std::string>())) return " (write true or false, unquoted)";
    }
    if ((expected == "integer" || expected == "number") && value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) return " (remove the quotes)";
    }
    return "";
}

std::string items_found(const json& value) {
    if (!value.is_array()) return "no list";
    if (value.empty()) return "an empty list";
    return value.size() == 1 ? std::string("1 item") : fmt::format("{} items", value.size());
}

class Translator {
public:
    Translator(const json& root, const YamlDocument& doc, std::vector<Finding>& out)
        : m_root(root), m_doc(doc), m_out(out) {}

    void translate(const std::string& pointer, const std::string& description) {
        if (m_doc.is_suppressed(pointer)) return;
        if (starts_with(description, "Failed to validate against schema associated with property") ||
            starts_with(description, "Failed to validate against additional properties schema") ||
            starts_with(description, "Failed to validate item #")) {
            return;
        }
        const json* schema = schema_for(m_root, pointer);
        const json::json_pointer json_pointer(pointer);
        if (!m_doc.root.contains(json_pointer)) return;
        const json& value = m_doc.root.at(json_pointer);
        const auto info = m_doc.nodes.find(pointer);
        const std::string written = info == m_doc.nodes.end() ? "" : info->second.text;
        const std::string field = detail::field_name(pointer);
        const std::string found = detail::describe_found(value, written);

        if (starts_with(description, "Missing required property '")) {
            const std::string name = quoted_between(description, '\'');
            add({pointer, fmt::format("missing required field '{}' in {}", name, field), true});
        } else if (starts_with(description, "Object contains a property that could not be validated")) {
            unknown_fields(pointer, value, schema);
        } else if (!schema) {
            add({pointer, fmt::format("{}: {}", field, description)});
        } else if (starts_with(description, "Value type not permitted")) {
            add({pointer, fmt::format("{}: expected {}, found {}{}", field, type_words(schema->value("type", json())),
                                      found, type_hint(*schema, value, written))});
        } else if (starts_with(description, "Failed to match expected value set by 'const'")) {
            add({pointer, fmt::format("{}: expected {}, found {}", field, schema->value("const", json()).dump(), found)});
        } else if (starts_with(description, "Failed to match regex")) {
            add({pointer, fmt::format("{}: expected {}, found {}", field,
                                      schema->value("patternErrorMessage", "a value matching " +
                                                                               schema->value("pattern", "")),
                                      found)});
        } else if (starts_with(description, "Expected number")) {
            add({pointer, fmt::format("{}: expected an integer from {} to {}, found {}", field,
                                      schema->value("minimum", json("-")).dump(),
                                      schema->value("maximum", json("-")).dump(), found)});
        } else if (starts_with(description, "String should be no more than")) {
            add({pointer, fmt::format("{}: expected at most {} characters, found {} characters", field,
                                      schema->value("maxLength", 0), value.is_string() ? value.get_ref<const std::string&>().size() : 0)});
        } else if (starts_with(description, "Array should contain no fewer than")) {
            const int least = schema->value("minItems", 1);
            add({pointer, fmt::format("{}: expected {}, found {}", field,
                                      least == 1 ? std::string("a non-empty list")
                                                 : fmt::format("a list of at least {} items", least),
                                      items_found(value))});
        } else if (starts_with(description, "Array should contain no more than")) {
            add({pointer, fmt::format("{}: expected at most {} items, found {}", field, schema->value("maxItems", 0),
                                      items_found(value))});
        } else if (starts_with(description, "String should be no fewer than")) {
            add({pointer, fmt::format("{}: expected a non-empty string, found {}", field, found)});
        } else {
            add({pointer, fmt::format("{}: {}", field, description)});
        }
    }

private:
    void add(Finding finding) {
        if (m_seen.insert(finding.pointer + '\n' + finding.message).second) m_out.push_back(std::move(finding));
    }

    void unknown_fields(const std::string& pointer, const json& value, const json* schema) {
        if (!value.is_object()) return;
        std::vector<std::string> known;
        if (schema && schema->contains("properties")) {
            for (const auto& [name, sub] : (*schema)["properties"].items()) known.push_back(name);
        }
        std::string expected;
        for (const auto& name : known) expected += (expected.empty() ? "" : ", ") + name;
        for (const auto& [name, sub] : value.items()) {
            if (std::find(known.begin(), known.end(), name) != known.end()) continue;
            const std::string suggestion = detail::closest(name, known);
            add({pointer + "/" + pointer_escape(name),
                 fmt::format("unknown field '{}' in {}{}; expected one of: {}", display_text(name),
                             detail::field_name(pointer),
                             suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)", expected),
                 true});
        }
    }

    const json& m_root;
    const YamlDocument& m_doc;
    std::vector<Finding>& m_out;
    std::set<std::string> m_seen;
};

}  // namespace

const nlohmann::json& pair_schema() {
    static const json schema = json::parse(generated::hapair_schema);
    return schema;
}

const nlohmann::json& profile_schema() {
    static const json schema = json::parse(generated::hostprofile_schema);
    return schema;
}

const nlohmann::json* schema_for(const std::string& pointer) { return schema_for(pair_schema(), pointer); }

const nlohmann::json* schema_for(const nlohmann::json& root, const std::string& pointer) {
    const json* node = resolve_ref(root, &root);
    for (const auto& segment : detail::pointer_segments(pointer)) {
        if (!node || !node->is_object()) return nullptr;
        const auto items = node->find("items");
        if (items != node->end() && items->is_object() && !segment.empty() &&
            segment.find_first_not_of("0123456789") == std::string::npos) {
            node = resolve_ref(root, &*items);  // a list's item
            continue;
        }
        const auto properties = node->find("properties");
        if (properties == node->end() || !properties->contains(segment)) return nullptr;
        node = resolve_ref(root, &(*properties)[segment]);
    }
    return node;
}

std::vector<Finding> check_schema(const YamlDocument& doc) { return check_schema(pair_schema(), doc); }

std::vector<Finding> check_schema(const nlohmann::json& root, const YamlDocument& doc) {
    std::vector<Finding> findings;
    try {
        valijson::Validator validator(valijson::Validator::kStrongTypes);
        valijson::ValidationResults results;
        valijson::adapters::NlohmannJsonAdapter target(doc.root);
        if (validator.validate(compiled_schema(root), target, &results)) return findings;
        Translator translator(root, doc, findings);
        for (const auto& error : results) translator.translate(pointer_from_context(error.context), error.description);
    } catch (const std::exception& e) {
        findings.push_back({"", std::string("schema validation failed: ") + e.what()});
    }
    return findings;
}

std::vector<Finding> merge_findings(std::vector<Finding> schema, const std::vector<Finding>& semantic) {
    std::set<std::string> explained;
    for (const auto& f : semantic) explained.insert(f.pointer);
    std::vector<Finding> merged;
    for (auto& f : schema) {
        if (!f.at_key && explained.count(f.pointer)) continue;
        merged.push_back(std::move(f));
    }
    merged.insert(merged.end(), semantic.begin(), semantic.end());
    return merged;
}

Diagnostic locate(const YamlDocument& doc, const Finding& finding, const std::string& label) {
    const Position pos = finding.at_key ? doc.key_position(finding.pointer) : doc.value_position(finding.pointer);
    return Diagnostic{label, pos.line, pos.column, finding.message};
}

}  // namespace hactl::config
