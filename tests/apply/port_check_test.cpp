// replication_port_check, as verify and status run and read it, on the fake pair.
#include <gtest/gtest.h>

#include "fake/fake_pair.hpp"
#include "hactl/apply/port_check.hpp"

using namespace hactl;

TEST(PortCheck, AConvergedPairHasEveryPortOpenOnOneLine) {
    fake::FakePair pair(fake::test_spec(), fake::opts("2023.1.0", fake::Preset::converged));
    auto check = apply::check_ports(pair.spec().primary, pair.primary(), pair.spec().profile.ha_ports);
    EXPECT_TRUE(check.ran);
    EXPECT_TRUE(check.ok) << check.output;
    EXPECT_EQ(check.output, "10.0.0.2:22 open\n10.0.0.2:5432 open\n10.0.0.2:8088 open");
    EXPECT_EQ(apply::one_line(check), "10.0.0.2:22 open, 10.0.0.2:5432 open, 10.0.0.2:8088 open");
    // It ran inside the Alation shell.
    ASSERT_FALSE(pair.primary().commands().empty());
    EXPECT_TRUE(pair.primary().commands().back().alation_shell);
    EXPECT_EQ(pair.primary().commands().back().text(), apply::port_check_command());
}

TEST(PortCheck, ClosedPortsRanButFailed) {
    fake::FakePair pair(fake::test_spec(), fake::opts("2023.1.0", fake::Preset::converged));
    pair.secondary().set_connection_error(transport::TransportError::unreachable, "down");
    auto check = apply::check_ports(pair.spec().primary, pair.primary(), pair.spec().profile.ha_ports);
    EXPECT_TRUE(check.ran);
    EXPECT_FALSE(check.ok);
    EXPECT_NE(check.output.find("10.0.0.2:5432 closed"), std::string::npos) << check.output;
}

TEST(PortCheck, ATransportFailureDidNotRunAndSaysWhy) {
    fake::FakePair pair(fake::test_spec(), fake::opts("2023.1.0", fake::Preset::converged));
    pair.primary().set_connection_error(transport::TransportError::unreachable, "no route to host");
    auto check = apply::check_ports(pair.spec().primary, pair.primary(), pair.spec().profile.ha_ports);
    EXPECT_FALSE(check.ran);
    EXPECT_FALSE(check.ok);
    EXPECT_NE(check.output.find("no route to host"), std::string::npos) << check.output;
}

TEST(PortCheck, EveryHaPortOfTheProfileMustBeReportedOpen) {
    // The host tries 22, 5432 and 8088; a profile that expects 9092 too is not met.
    fake::FakePair pair(fake::test_spec(), fake::opts("2023.1.0", fake::Preset::converged));
    auto check = apply::check_ports(pair.spec().primary, pair.primary(), {22, 5432, 8088, 9092});
    EXPECT_TRUE(check.ran);
    EXPECT_FALSE(check.ok);
    EXPECT_NE(check.output.find("9092 not checked"), std::string::npos) << check.output;
    // A subset of what the host tries is met.
    EXPECT_TRUE(apply::check_ports(pair.spec().primary, pair.primary(), {5432}).ok);
}

TEST(PortCheck, AHostWithOtherPortsIsMetByAProfileNamingThem) {
    auto options = fake::opts("2023.1.0", fake::Preset::converged);
    options.host.ha_ports = {2222, 6432};
    fake::FakePair pair(fake::test_spec(), options);
    auto check = apply::check_ports(pair.spec().primary, pair.primary(), options.host.ha_ports);
    EXPECT_TRUE(check.ok) << check.output;
    EXPECT_EQ(check.output, "10.0.0.2:2222 open\n10.0.0.2:6432 open");
    auto contract = apply::check_ports(pair.spec().primary, pair.primary(), contract::HostProfile{}.ha_ports);
    EXPECT_FALSE(contract.ok);
    EXPECT_NE(contract.output.find("22 not checked"), std::string::npos) << contract.output;
}
