#include "hactl/output/wrap.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "hactl/output/printable.hpp"

using hactl::output::display_width;
using hactl::output::fix_on_own_line;
using hactl::output::hanging;
using hactl::output::wrap_lines;

namespace {

std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> out;
    std::string word;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n') {
            if (!word.empty()) out.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) out.push_back(word);
    return out;
}

std::string joined(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i > 0 ? separator : "") + parts[i];
    return out;
}

// Words of printable text: ASCII words, UTF-8 words, printable() escapes, long words.
rc::Gen<std::string> word() {
    return rc::gen::oneOf(rc::gen::container<std::string>(rc::gen::inRange('a', static_cast<char>('z' + 1))),
                          rc::gen::element<std::string>("é", "日本語", "ü-ß", "\\x1b]0;", "\\u009b", "a\\nb",
                                                        "\x1b[31mred\x1b[0m", "`cmd", "arg`"),
                          rc::gen::map(rc::gen::inRange(90, 260),
                                       [](int n) { return std::string(static_cast<std::size_t>(n), 'w'); }),
                          rc::gen::map(rc::gen::arbitrary<std::string>(), [](const std::string& s) {
                              std::string w = hactl::output::printable_line(s);
                              for (auto& c : w) {
                                  if (c == ' ') c = '_';
                              }
                              return w;
                          }));
}

}  // namespace

TEST(Wrap, DisplayWidthCountsCodePointsAndNoColourCodes) {
    EXPECT_EQ(display_width("plain"), 5u);
    EXPECT_EQ(display_width("日本語"), 3u);
    EXPECT_EQ(display_width("\x1b[1;31mred\x1b[0m"), 3u);
    EXPECT_EQ(display_width("\\x1b\\u009b"), 10u);
}

TEST(Wrap, BreaksAtSpacesKeepsLineBreaksAndInnerSpacing) {
    EXPECT_EQ(wrap_lines("one two three four", 9), (std::vector<std::string>{"one two", "three", "four"}));
    EXPECT_EQ(wrap_lines("a  b\n\nc", 10), (std::vector<std::string>{"a  b", "", "c"}));
    EXPECT_EQ(wrap_lines("  indented text", 10), (std::vector<std::string>{"  indented", "text"}));
    EXPECT_EQ(wrap_lines("short", 100), (std::vector<std::string>{"short"}));
    EXPECT_EQ(wrap_lines("", 10), (std::vector<std::string>{""}));
}

TEST(Wrap, CutsALongWordBetweenCharactersAndEscapesNeverInside) {
    EXPECT_EQ(wrap_lines("abcdefghij", 4), (std::vector<std::string>{"abcd", "efgh", "ij"}));
    EXPECT_EQ(wrap_lines("ab\\x1bcd", 4), (std::vector<std::string>{"ab", "\\x1b", "cd"}));
    EXPECT_EQ(wrap_lines("a\\u009b", 6), (std::vector<std::string>{"a", "\\u009b"}));
    EXPECT_EQ(wrap_lines("日本語日本語", 4), (std::vector<std::string>{"日本語日", "本語"}));
    EXPECT_EQ(wrap_lines("x\x1b[31mred\x1b[0m", 2), (std::vector<std::string>{"x\x1b[31mr", "ed\x1b[0m"}));
}

TEST(Wrap, HangingIndentsEveryLineAfterThePrefix) {
    EXPECT_EQ(hanging("  x ", "one two three", 4, 12), "  x one two\n    three");
    EXPECT_EQ(hanging("- ", "a\nb", 2), "- a\n  b");
    EXPECT_EQ(hanging("\x1b[31mERR\x1b[0m ", "aaaa bbbb", 4, 12), "\x1b[31mERR\x1b[0m aaaa\n    bbbb");
}

TEST(Wrap, AFixSentenceGetsALineOfItsOwn) {
    EXPECT_EQ(fix_on_own_line("sudo asked for a password. Fix: give NOPASSWD"),
              "sudo asked for a password.\nFix: give NOPASSWD");
    EXPECT_EQ(fix_on_own_line("no fix here"), "no fix here");
    EXPECT_EQ(fix_on_own_line("Fix: first"), "Fix: first");
}

RC_GTEST_PROP(Wrap, EveryLineFitsAndTheWordsStayInOrder, ()) {
    const auto words = *rc::gen::container<std::vector<std::string>>(word());
    const auto separators = *rc::gen::container<std::vector<std::string>>(
        words.size(), rc::gen::element<std::string>(" ", "  ", "\n", " \n "));
    std::string text;
    for (std::size_t i = 0; i < words.size(); ++i) text += (i > 0 ? separators[i] : "") + words[i];
    const auto width = *rc::gen::inRange<std::size_t>(8, 121);
    const auto first_width = *rc::gen::inRange<std::size_t>(1, width + 1);  // what a prefix leaves
    const auto lines = wrap_lines(text, width, first_width);
    RC_ASSERT(display_width(lines.at(0)) <= first_width);
    for (const auto& line : lines) RC_ASSERT(display_width(line) <= width);
    // The same words in the same order; a word longer than a line is only cut.
    const auto out = words_of(joined(lines, "\n"));
    RC_ASSERT(joined(out, "") == joined(words_of(text), ""));
    bool any_cut = false;
    for (const auto& w : words_of(text)) any_cut = any_cut || display_width(w) > width;
    if (!any_cut) RC_ASSERT(out == words_of(text));
}

TEST(Wrap, FitWrapsOnlyTheLongLinesUnderTheirLabel) {
    const std::string long_text(150, 'w');
    EXPECT_EQ(hactl::output::fit("short\n  - ok\n"), "short\n  - ok\n");
    const auto fitted =
        hactl::output::fit("  job         " + std::string(60, 'a') + " " + std::string(60, 'b') + "\nend");
    EXPECT_EQ(fitted,
              "  job         " + std::string(60, 'a') + "\n              " + std::string(60, 'b') + "\nend");
    EXPECT_EQ(hactl::output::fit("  - cannot write. Fix: set it"), "  - cannot write.\n    Fix: set it");
}

TEST(Wrap, ACommandInBackticksIsNotBrokenWhenItFitsALine) {
    EXPECT_EQ(wrap_lines("then run `ssh-keygen -R host -f known` now", 30),
              (std::vector<std::string>{"then run", "`ssh-keygen -R host -f known`", "now"}));
    // Wider than a line: broken at its spaces like any text.
    EXPECT_EQ(wrap_lines("`a b c d e f g h`", 8), (std::vector<std::string>{"`a b c d", "e f g h`"}));
    // An unmatched backtick changes nothing.
    EXPECT_EQ(wrap_lines("it`s a b", 5), (std::vector<std::string>{"it`s", "a b"}));
}

TEST(Wrap, AWordTooWideAfterThePrefixStartsTheNextLineInsteadOfBeingCut) {
    EXPECT_EQ(hanging("  prefix: ", std::string(12, 'w'), 2, 16), "  prefix: \n  " + std::string(12, 'w'));
}
