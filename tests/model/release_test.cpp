#include <gtest/gtest.h>

#include "hactl/model/release.hpp"

using hactl::model::Release;

TEST(Release, ParsesYearDotN) {
    EXPECT_EQ(Release::parse("2021.4"), (Release{2021, 4}));
    EXPECT_EQ(Release::parse("2023.1"), (Release{2023, 1}));
}

TEST(Release, IgnoresPatch) { EXPECT_EQ(Release::parse("2021.4.2"), (Release{2021, 4})); }

TEST(Release, RejectsMalformed) {
    for (const char* bad : {"", "2021", "2021.", ".4", "21.4", "2021.04", "2021.4.", "2021.4.x", "v2021.4",
                            "2021.4 ", "2021.4.2.1", "20210.4", "2021.-1"}) {
        EXPECT_FALSE(Release::parse(bad).has_value()) << bad;
    }
}

TEST(Release, OrdersByYearThenN) {
    EXPECT_LT((Release{2020, 4}), (Release{2021, 1}));
    EXPECT_LT((Release{2021, 3}), (Release{2021, 4}));
    EXPECT_EQ(Release::parse("2021.3")->str(), "2021.3");
}
