// The pair file pipeline: bytes -> text checks -> YAML -> schema + semantic rules -> model.
#include "hactl/config/load.hpp"

#include <map>

#include "build_model.hpp"
#include "hactl/config/sha256.hpp"
#include "read_file.hpp"
#include "schema_check.hpp"
#include "semantics.hpp"
#include "text_util.hpp"
#include "yaml_json.hpp"

namespace hactl::config {

namespace {

Diagnostic locate(const YamlDocument& doc, const Finding& finding, const std::string& label) {
    const Position pos = finding.at_key ? doc.key_position(finding.pointer) : doc.value_position(finding.pointer);
    return Diagnostic{label, pos.line, pos.column, finding.message};
}

/// Schema findings, minus those a semantic rule explains better at the same node.
std::vector<Finding> merge(std::vector<Finding> schema, const std::vector<Finding>& semantic) {
    std::map<std::string, bool> explained;
    for (const auto& f : semantic) explained[f.pointer] = true;
    std::vector<Finding> merged;
    for (auto& f : schema) {
        if (!f.at_key && explained.count(f.pointer)) continue;
        merged.push_back(std::move(f));
    }
    merged.insert(merged.end(), semantic.begin(), semantic.end());
    return merged;
}

LoadResult load_checked_text(std::string_view text, const std::string& label) {
    LoadResult result;
    result.digest = "sha256:" + sha256_hex(text);
    if (auto problem = detail::check_text(text)) {
        problem->file = label;
        result.errors.push_back(*problem);
        return result;
    }
    YamlDocument doc = parse_yaml(text);
    for (auto& error : doc.errors) {
        error.file = label;
        result.errors.push_back(error);
    }
    if (!doc.parsed) return result;

    std::vector<Finding> semantic;
    for (auto& f : check_semantics(doc.root)) {
        if (!doc.is_suppressed(f.pointer)) semantic.push_back(std::move(f));
    }
    for (const auto& finding : merge(check_schema(doc), semantic)) {
        result.errors.push_back(locate(doc, finding, label));
    }
    sort_diagnostics(result.errors);
    if (result.errors.empty()) result.pair = detail::build_pair(doc.root);
    return result;
}

}  // namespace

LoadResult load_pair_text(std::string_view text, const std::string& label) {
    try {
        if (text.size() > max_file_bytes) {
            LoadResult result;
            result.errors.push_back(Diagnostic{label, 0, 0, "file is larger than 1024 KiB; a pair file is a few hundred bytes"});
            return result;
        }
        return load_checked_text(text, label);
    } catch (const std::exception& e) {
        LoadResult result;
        result.errors.push_back(Diagnostic{label, 0, 0, std::string("cannot load: ") + e.what()});
        return result;
    }
}

LoadResult load_pair_file(const std::string& path) {
    try {
        auto file = detail::read_pair_file(path, max_file_bytes);
        if (file.error) {
            LoadResult result;
            result.errors.push_back(*file.error);
            return result;
        }
        return load_checked_text(*file.bytes, path);
    } catch (const std::exception& e) {
        LoadResult result;
        result.errors.push_back(Diagnostic{path, 0, 0, std::string("cannot load: ") + e.what()});
        return result;
    }
}

}  // namespace hactl::config
