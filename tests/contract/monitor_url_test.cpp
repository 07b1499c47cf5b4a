// The monitor of each host of the pair: the rule that rewrites spec.monitorUrl
// for the secondary.
#include "hactl/contract/monitor_url.hpp"

#include <gtest/gtest.h>

using namespace hactl;
using model::Role;

namespace {
model::PairSpec spec_with(std::string url) {
    model::PairSpec spec;
    spec.primary.address = "10.0.0.1";
    spec.secondary.address = "10.0.0.2";
    spec.monitor_url = std::move(url);
    return spec;
}
}  // namespace

TEST(MonitorUrl, ThePrimaryReadsTheUrlAsWritten) {
    const auto spec = spec_with("http://10.0.0.1/monitor/replication");
    EXPECT_EQ(contract::monitor_url_on(spec, Role::primary), "http://10.0.0.1/monitor/replication");
}

TEST(MonitorUrl, TheSecondaryReadsItsOwnAddressWhereTheUrlNamesThePrimarys) {
    EXPECT_EQ(contract::monitor_url_on(spec_with("http://10.0.0.1/monitor/replication"), Role::secondary),
              "http://10.0.0.2/monitor/replication");
    EXPECT_EQ(contract::monitor_url_on(spec_with("https://10.0.0.1:8443/monitor/replication?x=10.0.0.1"),
                                       Role::secondary),
              "https://10.0.0.2:8443/monitor/replication?x=10.0.0.1");
    EXPECT_EQ(contract::monitor_url_on(spec_with("http://10.0.0.1"), Role::secondary), "http://10.0.0.2");
}

TEST(MonitorUrl, OtherUrlsStayAsWritten) {
    for (const char* url : {"http://localhost/monitor/replication", "https://alation.example/monitor/replication",
                            "http://10.0.0.10/monitor/replication", "http://127.0.0.1/monitor/replication"}) {
        EXPECT_EQ(contract::monitor_url_on(spec_with(url), Role::secondary), url);
    }
}
