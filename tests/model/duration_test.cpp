#include "hactl/model/duration.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

using hactl::model::format_duration;
using hactl::model::max_duration;
using hactl::model::parse_duration;
using std::chrono::milliseconds;

TEST(Duration, ReadsEachUnitAndSums) {
    EXPECT_EQ(parse_duration("90s"), milliseconds(90'000));
    EXPECT_EQ(parse_duration("45m"), milliseconds(45 * 60'000));
    EXPECT_EQ(parse_duration("72h"), milliseconds(72LL * 3'600'000));
    EXPECT_EQ(parse_duration("3d"), milliseconds(3LL * 86'400'000));
    EXPECT_EQ(parse_duration("250ms"), milliseconds(250));
    EXPECT_EQ(parse_duration("1h30m"), milliseconds(90 * 60'000));
    EXPECT_EQ(parse_duration("0s"), milliseconds(0));
}

TEST(Duration, RefusesWhatIsNotADurationSayingWhy) {
    for (const char* text : {"", "90", "s", "5x", "1.5h", "-3s", " 3s", "3s ", "3 s", "1h30", "3S", "1w"}) {
        std::string error;
        EXPECT_FALSE(parse_duration(text, &error)) << text;
        EXPECT_FALSE(error.empty()) << text;
    }
    std::string error;
    EXPECT_FALSE(parse_duration("90", &error));
    EXPECT_NE(error.find("unit"), std::string::npos) << error;
}

TEST(Duration, RefusesWhatWouldOverflowInsteadOfWrapping) {
    std::string error;
    EXPECT_FALSE(parse_duration("99999999999999999999999d", &error));
    EXPECT_NE(error.find("longest"), std::string::npos) << error;
    EXPECT_FALSE(parse_duration("4000d", &error));
    EXPECT_FALSE(parse_duration("3000d3000d", &error));
    EXPECT_TRUE(parse_duration("3000d"));
}

TEST(Duration, FormatsLargestUnitFirst) {
    EXPECT_EQ(format_duration(milliseconds(72LL * 3'600'000)), "3d");
    EXPECT_EQ(format_duration(milliseconds(2LL * 3'600'000)), "2h");
    EXPECT_EQ(format_duration(milliseconds(90'000)), "1m30s");
    EXPECT_EQ(format_duration(milliseconds(1'500)), "1s500ms");
    EXPECT_EQ(format_duration(milliseconds(0)), "0s");
    EXPECT_EQ(format_duration(milliseconds(-5)), "0s");
}

RC_GTEST_PROP(Duration, FormatThenParseIsTheIdentity, ()) {
    const auto ms = *rc::gen::inRange<long long>(0, max_duration.count() + 1);
    const auto text = format_duration(milliseconds(ms));
    RC_ASSERT(parse_duration(text) == milliseconds(ms));
}
