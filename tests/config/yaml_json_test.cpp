// YAML -> JSON with positions: scalars, places, duplicates, aliases and limits.
#include <gtest/gtest.h>

#include <chrono>

#include "config/yaml_json.hpp"

using namespace hactl::config;
using nlohmann::json;

namespace {
json value_of(const std::string& scalar) {
    auto doc = parse_yaml("v: " + scalar + "\n");
    EXPECT_TRUE(doc.parsed) << scalar;
    return doc.root["v"];
}
bool has_error(const YamlDocument& doc, int line, int column, const std::string& text) {
    for (const auto& e : doc.errors) {
        if (e.line == line && e.column == column && e.message.find(text) != std::string::npos) return true;
    }
    return false;
}
std::string all_errors(const YamlDocument& doc) {
    std::string s;
    for (const auto& e : doc.errors) s += std::to_string(e.line) + ":" + std::to_string(e.column) + " " + e.message + "\n";
    return s;
}
}  // namespace

TEST(YamlJson, PlainScalarsResolveAsYaml12Core) {
    EXPECT_EQ(value_of("true"), json(true));
    EXPECT_EQ(value_of("False"), json(false));
    EXPECT_EQ(value_of("yes"), json("yes"));  // YAML 1.1 booleans stay strings, as in editors
    EXPECT_EQ(value_of("on"), json("on"));
    EXPECT_EQ(value_of("~"), json());
    EXPECT_EQ(value_of("null"), json());
    EXPECT_EQ(value_of(""), json());
    EXPECT_EQ(value_of("22"), json(22));
    EXPECT_EQ(value_of("-7"), json(-7));
    EXPECT_EQ(value_of("0x1F"), json(31));
    EXPECT_EQ(value_of("0o17"), json(15));
    EXPECT_TRUE(value_of("2023.3").is_number_float());
    EXPECT_TRUE(value_of("1e3").is_number_float());
    EXPECT_TRUE(value_of("99999999999999999999").is_number_float());
    EXPECT_EQ(value_of("10.0.0.1"), json("10.0.0.1"));
    EXPECT_EQ(value_of("\"22\""), json("22"));
    EXPECT_EQ(value_of("'true'"), json("true"));
    EXPECT_EQ(value_of("!!str 22"), json("22"));
    EXPECT_EQ(value_of("http://x/y"), json("http://x/y"));
}

TEST(YamlJson, RecordsKeyAndValuePositions) {
    const auto doc = parse_yaml("a:\n  bb: 1\n  c:\n    - x\n    - {d: e}\n");
    ASSERT_TRUE(doc.parsed) << all_errors(doc);
    EXPECT_EQ(doc.nodes.at("/a/bb").key, (Position{2, 3}));
    EXPECT_EQ(doc.nodes.at("/a/bb").value, (Position{2, 7}));
    EXPECT_EQ(doc.nodes.at("/a/bb").text, "1");
    EXPECT_EQ(doc.nodes.at("/a/c/0").value, (Position{4, 7}));
    EXPECT_EQ(doc.nodes.at("/a/c/1/d").value, (Position{5, 11}));
    EXPECT_EQ(doc.value_position("/a/c/1/d"), (Position{5, 11}));
    EXPECT_EQ(doc.value_position("/a/missing"), doc.nodes.at("/a").value);
}

TEST(YamlJson, EmptyValueIsReportedAtItsKey) {
    const auto doc = parse_yaml("a:\n  b:\n  c: 1\n");
    ASSERT_TRUE(doc.parsed);
    EXPECT_TRUE(doc.root["a"]["b"].is_null());
    EXPECT_EQ(doc.value_position("/a/b"), (Position{2, 3}));
}

TEST(YamlJson, EscapesPointerSegments) {
    const auto doc = parse_yaml("\"a/b\": {\"~c\": 1}\n");
    ASSERT_TRUE(doc.parsed);
    EXPECT_EQ(doc.nodes.count("/a~1b/~0c"), 1U);
    EXPECT_EQ(pointer_escape("x/~y"), "x~1~0y");
}

TEST(YamlJson, ReportsEveryDuplicateKeyAndKeepsTheFirst) {
    const auto doc = parse_yaml("a: 1\nb: 2\na: 3\nm: {x: 1, x: 2}\nb: 4\n");
    EXPECT_TRUE(has_error(doc, 3, 1, "duplicate key 'a' (first given on line 1)")) << all_errors(doc);
    EXPECT_TRUE(has_error(doc, 4, 11, "duplicate key 'x'")) << all_errors(doc);
    EXPECT_TRUE(has_error(doc, 5, 1, "duplicate key 'b' (first given on line 2)")) << all_errors(doc);
    EXPECT_EQ(doc.errors.size(), 3U);
    EXPECT_EQ(doc.root["a"], 1);
    EXPECT_EQ(doc.root["m"]["x"], 1);
}

TEST(YamlJson, AliasesExpandAndAreLocatedAtTheAlias) {
    const auto doc = parse_yaml("p: &h\n  ssh: {user: a}\nq: *h\n");
    ASSERT_TRUE(doc.parsed) << all_errors(doc);
    EXPECT_EQ(doc.root["q"], doc.root["p"]);
    EXPECT_EQ(doc.value_position("/q/ssh/user"), (Position{3, 4}));
    EXPECT_EQ(doc.key_position("/q"), (Position{3, 1}));
}

TEST(YamlJson, AliasBombIsRejectedQuicklyWithBoundedWork) {
    std::string bomb = "a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n";
    for (int i = 1; i < 30; ++i) {
        bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
        for (int j = 0; j < 10; ++j) bomb += (j ? ",*a" : "*a") + std::to_string(i - 1);
        bomb += "]\n";
    }
    const auto start = std::chrono::steady_clock::now();
    const auto doc = parse_yaml(bomb);  // 10^30 nodes if expanded
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_FALSE(doc.parsed);
    ASSERT_EQ(doc.errors.size(), 1U);
    EXPECT_NE(doc.errors[0].message.find("more than 10000 nodes"), std::string::npos);
    EXPECT_LT(elapsed, std::chrono::seconds(2));
}

TEST(YamlJson, LimitsDepthNodesAndScalarLength) {
    ParseLimits limits;
    limits.max_depth = 3;
    EXPECT_TRUE(has_error(parse_yaml("a: [[[1]]]\n", limits), 1, 6, "nesting is deeper than 3 levels"));
    limits = ParseLimits{};
    limits.max_nodes = 5;
    EXPECT_FALSE(parse_yaml("[1, 2, 3, 4, 5]\n", limits).parsed);
    EXPECT_TRUE(parse_yaml("[1, 2, 3, 4]\n", limits).parsed);
    limits = ParseLimits{};
    limits.max_scalar_bytes = 4;
    const auto doc = parse_yaml("a: 12345\nb: 1234\n", limits);
    EXPECT_TRUE(has_error(doc, 1, 4, "value is 5 bytes long; at most 4")) << all_errors(doc);
    EXPECT_TRUE(doc.is_suppressed("/a"));
    EXPECT_FALSE(doc.is_suppressed("/b"));
}

TEST(YamlJson, RefusesWhatAPairFileCannotBe) {
    EXPECT_TRUE(has_error(parse_yaml(""), 0, 0, "file is empty"));
    EXPECT_TRUE(has_error(parse_yaml("# only a comment\n"), 0, 0, "file is empty"));
    EXPECT_TRUE(has_error(parse_yaml("a: 1\n---\nb: 2\n"), 2, 1, "a second YAML document"));
    EXPECT_TRUE(has_error(parse_yaml("? [a]\n: b\n"), 1, 3, "mapping keys must be plain strings"));
    EXPECT_TRUE(has_error(parse_yaml("a: !custom x\n"), 1, 4, "YAML tag '!custom' is not supported"));
    EXPECT_TRUE(has_error(parse_yaml("a: [1, 2\n"), 2, 1, "invalid YAML"));
    EXPECT_TRUE(has_error(parse_yaml("a: *nothing\n"), 1, 4, "anchor is not defined"));
    const auto tabbed = parse_yaml("a:\n\tb: 1\n");
    ASSERT_EQ(tabbed.errors.size(), 1U);
    EXPECT_NE(tabbed.errors[0].message.find("tabs are not allowed"), std::string::npos);
}
