#include "hactl/output/printable.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "output/terminal_text.hpp"

using hactl::output::printable;
using hactl::output::printable_line;

namespace {

bool terminal_safe(const std::string& text) {
    return hactl::test::terminal_problem(text).empty();
}

}  // namespace

TEST(Printable, EscapesTerminalControlSequences) {
    EXPECT_EQ(printable("\x1b]0;owned\x07\x1b[2J"), "\\x1b]0;owned\\x07\\x1b[2J");
    EXPECT_EQ(printable("progress 10%\rprogress 20%"), "progress 10%\\rprogress 20%");
    EXPECT_EQ(printable("ab\bc"), "ab\\x08c");
    EXPECT_EQ(printable(std::string("nul\0byte", 8)), "nul\\x00byte");
    EXPECT_EQ(printable("del\x7f"), "del\\x7f");
    EXPECT_EQ(printable("\x01\x1f"), "\\x01\\x1f");
}

TEST(Printable, EscapesC1ControlsWrittenAsUtf8) {
    EXPECT_EQ(printable("a\xc2\x9b"
                        "2Jb"),
              "a\\u009b2Jb");  // CSI
    EXPECT_EQ(printable("\xc2\x80\xc2\x85\xc2\x9f"), "\\u0080\\u0085\\u009f");
    EXPECT_EQ(printable("\xc2\xa0"), "\xc2\xa0");  // U+00A0 is not a control
}

TEST(Printable, EscapesEveryByteThatIsNotValidUtf8) {
    EXPECT_EQ(printable("\xff\xfe"), "\\xff\\xfe");
    EXPECT_EQ(printable("\x9b"
                        "2J"),
              "\\x9b2J");                                              // a raw C1 byte (8-bit CSI)
    EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf");                    // overlong '/'
    EXPECT_EQ(printable("\xe0\x80\xaf"), "\\xe0\\x80\\xaf");           // overlong, three bytes
    EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // a surrogate
    EXPECT_EQ(printable("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
    EXPECT_EQ(printable("ok\xe2\x82"), "ok\\xe2\\x82");                // truncated at the end
    EXPECT_EQ(printable("\xe2\x82"
                        "x"),
              "\\xe2\\x82x");  // truncated in the middle
}

TEST(Printable, KeepsValidUtf8LineBreaksAndTabs) {
    const std::string text = "Zürich – 東京 🙂\nline two\tcolumn\n";
    EXPECT_EQ(printable(text), text);
    EXPECT_EQ(printable(""), "");
    EXPECT_EQ(printable("back\\slash \\x1b"), "back\\slash \\x1b");
}

TEST(Printable, OneLineFormEscapesLineBreaksAndTabsToo) {
    EXPECT_EQ(printable_line("a\nb\tc\r\x1b"), "a\\nb\\tc\\r\\x1b");
    EXPECT_EQ(printable_line("Zürich"), "Zürich");
}

RC_GTEST_PROP(PrintableProperty, OutputIsTerminalSafe, (const std::string& bytes)) {
    RC_ASSERT(terminal_safe(printable(bytes)));
    const auto line = printable_line(bytes);
    RC_ASSERT(terminal_safe(line));
    RC_ASSERT(line.find_first_of("\n\t") == std::string::npos);
}

RC_GTEST_PROP(PrintableProperty, EscapingIsIdempotent, (const std::string& bytes)) {
    const auto once = printable(bytes);
    RC_ASSERT(printable(once) == once);
    const auto line = printable_line(bytes);
    RC_ASSERT(printable_line(line) == line);
}

RC_GTEST_PROP(PrintableProperty, PrintableTextIsKeptAsIs, ()) {
    // Text built from printable code points (ASCII, Latin-1 letters, CJK, emoji), newlines and tabs.
    const auto points = *rc::gen::container<std::u32string>(rc::gen::oneOf(
        rc::gen::inRange<char32_t>(0x20, 0x7f), rc::gen::element<char32_t>(U'\n', U'\t', U'\\'),
        rc::gen::inRange<char32_t>(0xa0, 0x800), rc::gen::inRange<char32_t>(0x4e00, 0x9fff),
        rc::gen::inRange<char32_t>(0x1f600, 0x1f650)));
    std::string text;
    for (char32_t cp : points) {
        if (cp < 0x80) {
            text += static_cast<char>(cp);
        } else if (cp < 0x800) {
            text += static_cast<char>(0xc0 | (cp >> 6));
            text += static_cast<char>(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            text += static_cast<char>(0xe0 | (cp >> 12));
            text += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
            text += static_cast<char>(0x80 | (cp & 0x3f));
        } else {
            text += static_cast<char>(0xf0 | (cp >> 18));
            text += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
            text += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
            text += static_cast<char>(0x80 | (cp & 0x3f));
        }
    }
    RC_ASSERT(printable(text) == text);
}

RC_GTEST_PROP(PrintableProperty, MixedFragmentsOfHostOutputAreTerminalSafe, ()) {
    // Arbitrary bytes rarely form C1 controls or near-valid UTF-8: mix such fragments in.
    const auto parts = *rc::gen::container<std::vector<std::string>>(
        rc::gen::oneOf(rc::gen::element<std::string>("\x1b[2J", "\x1b]0;t\x07", "\xc2\x9b", "\xc2\x85",
                                                     "\xe2\x82", "\xe2\x82\xac", "\xf0\x9f\x99",
                                                     "\xed\xa0\x80", "\r\n", "\\x1b", "é", "\x7f"),
                       rc::gen::arbitrary<std::string>()));
    std::string text;
    for (const auto& part : parts) text += part;
    const auto once = printable(text);
    RC_ASSERT(terminal_safe(once));
    RC_ASSERT(printable(once) == once);
}
