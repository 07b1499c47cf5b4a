// Properties of the loader on generated pair files: valid ones load and round-trip,
// single-field mutations are rejected at that field's line, and no input crashes it.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <sstream>

#include "hactl/config/emit.hpp"
#include "hactl/config/load.hpp"
#include "pair_gen.hpp"

using namespace hactl;

namespace {

std::string errors_of(const config::LoadResult& r) {
    std::string s;
    for (const auto& e : r.errors) s += config::format_diagnostic(e) + "\n";
    return s;
}

/// Each "key: value" line of a block-style file, with its dotted path.
struct Leaf {
    int line;             // 1-based
    std::string path;     // spec.primary.ssh.port
    std::string key_part; // the text up to and including ": "
};

std::vector<Leaf> leaves(const std::string& yaml) {
    std::vector<Leaf> out;
    std::vector<std::string> stack;
    std::istringstream in(yaml);
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
        const auto indent = text.find_first_not_of(' ');
        const auto colon = text.find(':', indent);
        if (indent == std::string::npos || colon == std::string::npos) continue;
        stack.resize(indent / 2);
        const std::string key = text.substr(indent, colon - indent);
        std::string path;
        for (const auto& s : stack) path += s + ".";
        path += key;
        if (colon + 1 == text.size()) {
            stack.push_back(key);
        } else {
            out.push_back({line, path, text.substr(0, colon + 2)});
        }
    }
    return out;
}

/// Values each field must refuse, as YAML text.
std::vector<std::string> invalid_values(const std::string& path) {
    auto ends = [&](const std::string& suffix) {
        return path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (path == "apiVersion") return {"hactl/v2", "v1", "1", "", "[hactl/v1]"};
    if (path == "kind") return {"Pair", "hapair", "", "{}"};
    if (path == "metadata.name") return {"Bad_Name", "-x", "x-", std::string(64, 'a'), "\"\"", "1.5", "true", "a.b"};
    if (path == "spec.release") return {"2023.3", "\"23.3\"", "\"2023.03\"", "\"2023\"", "\"v2023.3\"", "true", ""};
    if (ends(".address")) {
        return {"010.0.0.1", "256.1.1.1", "host.example", "10.0.0", "\"10.0.0.1 \"", "0.0.0.0", "224.0.0.1", "[]", "10.5"};
    }
    if (ends(".user")) return {"\"root;id\"", "\"a b\"", "1abc", "\"\"", "{}", "\"-oProxyCommand=x\""};
    if (ends(".port")) return {"0", "65536", "-1", "\"22\"", "22.5", "ssh", ""};
    if (ends("identityFile") || ends("knownHostsFile")) return {"relative/key", "\"\"", "\"~user/key\"", "5", "\"/a\\nb\""};
    if (ends(".alationShell")) {
        return {"\"sudo su -c; id\"", "\"a | b\"", "\"$(x)\"", "\"`x`\"", "\"a > b\"", "\" sudo\"", "\"a\\tb\"",
                "\"a 'b'\"", "\"\"", "\"a && b\"", "\"a\\nb\"", "\"a \\\\ b\""};
    }
    if (ends("maxWalSenders")) return {"0", "101", "\"4\"", "four", "4.5", "-3"};
    if (ends("postgres") || ends("kvstore") || ends("eventBus") || ends("backupV2") || ends("allowDestructive") ||
        ends("allowFailover")) {
        return {"yes", "\"true\"", "1", "on", "[]", ""};
    }
    if (ends("paths.data") || ends("paths.install") || ends("paths.state")) {
        return {"relative", "\"/a b\"", "/a/../b", "\"/a;b\"", "/", "/a//b", "\"/a$b\"", "\"\""};
    }
    if (path == "spec.state") return {"Split", "paired-up", "true", "\"\"", "[]", "1"};
    if (ends("maxFailoverLagBytes")) return {"-1", "\"0\"", "1.5", "many", "true", "9007199254740992"};
    if (path == "spec.monitorUrl") {
        return {"ftp://x", "\"http://x/a;b\"", "\"http://x/$(id)\"", "localhost", "\"http://\"", "\"http://x:abc/\""};
    }
    return {};
}

}  // namespace

RC_GTEST_PROP(PairFileProperty, GeneratedValidFilesValidateAndRoundTrip, ()) {
    const auto pair = *test::gen_valid_pair();
    const auto style = *test::gen_render_style();
    const std::string text = test::render_pair(pair, style);
    const auto loaded = config::load_pair_text(text, "generated.yaml");
    RC_ASSERT(loaded.ok());
    RC_ASSERT(*loaded.pair == pair);
    const std::string emitted = config::to_yaml(*loaded.pair);
    const auto reloaded = config::load_pair_text(emitted, "emitted.yaml");
    RC_ASSERT(reloaded.ok());
    RC_ASSERT(*reloaded.pair == pair);
    RC_ASSERT(config::to_yaml(*reloaded.pair) == emitted);
}

RC_GTEST_PROP(PairFileProperty, EverySingleFieldMutationIsRejectedAtThatLine, ()) {
    const auto pair = *test::gen_valid_pair();
    const std::string yaml = config::to_yaml(pair);
    std::vector<Leaf> mutable_leaves;
    for (const auto& leaf : leaves(yaml)) {
        if (!invalid_values(leaf.path).empty()) mutable_leaves.push_back(leaf);
    }
    RC_ASSERT(mutable_leaves.size() >= 20U);
    const auto leaf = *rc::gen::elementOf(mutable_leaves);
    const auto value = *rc::gen::elementOf(invalid_values(leaf.path));
    std::istringstream in(yaml);
    std::string mutated;
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) mutated += (line == leaf.line ? leaf.key_part + value : text) + "\n";
    RC_TAG(leaf.path);

    const auto loaded = config::load_pair_text(mutated, "mutated.yaml");
    RC_ASSERT(!loaded.ok());
    RC_ASSERT(!loaded.errors.empty());
    for (const auto& error : loaded.errors) {
        if (error.line != leaf.line) RC_FAIL(leaf.path + " = " + value + " reported elsewhere:\n" + errors_of(loaded));
    }
}

RC_GTEST_PROP(PairFileProperty, ArbitraryBytesNeverCrashTheLoader, (const std::string& bytes)) {
    const auto loaded = config::load_pair_text(bytes, "bytes.yaml");
    RC_ASSERT(loaded.ok() || !loaded.errors.empty());
    RC_ASSERT(loaded.digest.rfind("sha256:", 0) == 0U);
    for (const auto& e : loaded.errors) RC_ASSERT(e.file == "bytes.yaml");
}

RC_GTEST_PROP(PairFileProperty, YamlShapedNoiseNeverCrashesAndErrorsAreInsideTheFile, ()) {
    const std::vector<std::string> tokens{
        "apiVersion", "kind", "metadata", "spec", "primary", "secondary", "ssh", "address", "name", ":", ": ",
        " ", "\n", "\n  ", "\n    ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "&b ", "*b", "!!str ", "!x ",
        "'", "\"", "#", "? ", "|", ">", "10.0.0.1", "~", "null", "true", "22", "\t", "---", "...", "\\", "%", "@",
        "\xc3\xa9", "\xff", "\r\n", "<<: ", "hactl/v1", "HAPair", "0x1F", "1e309"};
    const auto parts = *rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(tokens));
    std::string text;
    for (const auto& p : parts) text += p;
    const auto loaded = config::load_pair_text(text, "noise.yaml");
    RC_ASSERT(loaded.ok() || !loaded.errors.empty());
    const int lines = 2 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    for (const auto& e : loaded.errors) {
        RC_ASSERT(e.line >= 0 && e.line <= lines);
        RC_ASSERT(e.column >= 0);
    }
}

RC_GTEST_PROP(PairFileProperty, CorruptedValidFilesNeverCrashAndStillRoundTripWhenAccepted, ()) {
    const auto pair = *test::gen_valid_pair();
    std::string text = config::to_yaml(pair);
    const int edits = *rc::gen::inRange(1, 6);
    for (int i = 0; i < edits && !text.empty(); ++i) {
        const auto at = static_cast<std::size_t>(*rc::gen::inRange<std::size_t>(0, text.size()));
        const int kind = *rc::gen::inRange(0, 3);
        const char byte = *rc::gen::arbitrary<char>();
        if (kind == 0) text.insert(at, 1, byte);
        if (kind == 1) text.erase(at, 1);
        if (kind == 2) text[at] = byte;
    }
    const auto loaded = config::load_pair_text(text, "corrupt.yaml");
    if (loaded.ok()) {
        const auto again = config::load_pair_text(config::to_yaml(*loaded.pair), "again.yaml");
        RC_ASSERT(again.ok());
        RC_ASSERT(*again.pair == *loaded.pair);
    } else {
        RC_ASSERT(!loaded.errors.empty());
    }
}
