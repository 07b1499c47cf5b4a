#pragma once
// Validation against the embedded JSON Schema (schemas/hapair.schema.json)
// with valijson, turning its results into located, readable findings. Private
// to config (and its tests): JSON values stay out of the public headers.
#include <vector>

#include <nlohmann/json.hpp>

#include "hactl/config/diagnostic.hpp"
#include "hactl/config/finding.hpp"
#include "yaml_json.hpp"

namespace hactl::config {

/// The embedded pair file schema, parsed. Throws only if the embedded schema is
/// not JSON (a build defect, caught by the unit tests).
const nlohmann::json& pair_schema();

/// The embedded host profile schema (schemas/hostprofile.schema.json), parsed.
const nlohmann::json& profile_schema();

/// The schema node describing the instance at `pointer` (following properties
/// and local $refs), or nullptr when the schema says nothing about it.
const nlohmann::json* schema_for(const std::string& pointer);
/// The same in the schema `root` (pair_schema() or profile_schema()).
const nlohmann::json* schema_for(const nlohmann::json& root, const std::string& pointer);

/// Every schema violation of `doc.root`: unknown fields (each one, with a
/// "did you mean"), missing required fields, wrong types, patterns, ranges.
/// Empty when the document conforms. Never throws.
std::vector<Finding> check_schema(const YamlDocument& doc);
/// The same against the schema `root` (pair_schema() or profile_schema()).
std::vector<Finding> check_schema(const nlohmann::json& root, const YamlDocument& doc);

/// Schema findings, minus those a semantic rule explains better at the same
/// node, followed by the semantic findings. For pair files and host profiles.
std::vector<Finding> merge_findings(std::vector<Finding> schema, const std::vector<Finding>& semantic);

/// `finding` as a diagnostic of file `label`, at its key or value in `doc`.
Diagnostic locate(const YamlDocument& doc, const Finding& finding, const std::string& label);

}  // namespace hactl::config
