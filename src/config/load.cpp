// The pair file pipeline: bytes -> text checks -> YAML -> schema + semantic rules -> model.
#include "hactl/config/load.hpp"

#include <filesystem>

#include "build_model.hpp"
#include "hactl/config/profile.hpp"
#include "hactl/config/sha256.hpp"
#include "read_file.hpp"
#include "schema_check.hpp"
#include "semantics.hpp"
#include "text_util.hpp"
#include "yaml_json.hpp"

namespace hactl::config {

namespace {

using nlohmann::json;

/// `written` (spec.hostProfile) relative to the directory of the pair file `label`.
std::string profile_path(const std::string& label, const std::string& written) {
    const std::filesystem::path path(written);
    if (path.is_absolute()) return written;
    const auto dir = std::filesystem::path(label).parent_path();
    return dir.empty() ? written : (dir / path).string();
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
    std::vector<Diagnostic> profile_errors;
    bool path_refused = false;  // spec.hostProfile itself is wrong: its file is not read
    for (const auto& finding : merge_findings(check_schema(doc), semantic)) {
        path_refused = path_refused || finding.pointer == "/spec/hostProfile";
        result.errors.push_back(locate(doc, finding, label));
    }
    std::optional<contract::HostProfile> profile = contract::HostProfile{};
    const json* path = nullptr;
    if (const auto spec = doc.root.is_object() ? doc.root.find("spec") : doc.root.end();
        spec != doc.root.end() && spec->is_object()) {
        if (const auto it = spec->find("hostProfile"); it != spec->end()) path = &*it;
    }
    if (path && path->is_string() && !path_refused && !doc.is_suppressed("/spec/hostProfile")) {
        const std::string resolved = profile_path(label, path->get<std::string>());
        auto loaded = load_profile_file(resolved);
        profile = loaded.profile;
        if (loaded.unreadable) {
            for (const auto& error : loaded.errors) {
                result.errors.push_back(locate(
                    doc, Finding{"/spec/hostProfile", "spec.hostProfile: cannot read the host profile " + resolved +
                                                          ": " + error.message},
                    label));
            }
        } else {
            profile_errors = std::move(loaded.errors);
        }
    }
    sort_diagnostics(result.errors);
    result.errors.insert(result.errors.end(), profile_errors.begin(), profile_errors.end());
    if (result.errors.empty() && profile) {
        result.pair = detail::build_pair(doc.root);
        result.pair->profile = *profile;
        result.profile_digest = profile_digest(*profile);
    }
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
