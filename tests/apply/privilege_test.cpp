// A non-root login whose sudo wants a password: found before any step, named
// in one line with its fix, and nothing changed on either host.
#include <gtest/gtest.h>

#include "apply/records_fake.hpp"
#include "fake/fake_pair.hpp"
#include "hactl/apply/engine.hpp"
#include "hactl/facts/probe.hpp"

using namespace hactl;

namespace {

struct Collect : apply::EventSink {
    void emit(const apply::Event& e) override { events.push_back(e); }
    std::vector<apply::Event> events;
};

}  // namespace

TEST(Privilege, SudoWantingAPasswordStopsApplyBeforeAnythingChanges) {
    auto spec = fake::test_spec();  // login alationops: privilege defaults to `sudo -n`
    ASSERT_EQ(model::effective_privilege(spec.secondary), "sudo -n");
    fake::FakePair pair(spec, fake::opts("2023.1.0"));
    pair.secondary().deny_privilege("sudo: a password is required");
    const auto files_before = pair.secondary().state().host_files;
    test::CrashBudget budget;
    test::RecordsFake primary(pair.primary(), budget);
    test::RecordsFake secondary(pair.secondary(), budget);
    Collect sink;
    auto result = apply::apply_pair(spec, primary, secondary, test::quick_apply_options(), sink);
    EXPECT_EQ(result.outcome, apply::ApplyResult::Outcome::refused) << result.message;
    EXPECT_EQ(apply::exit_code(result), 1);
    EXPECT_NE(result.message.find("the secondary"), std::string::npos) << result.message;
    EXPECT_NE(result.message.find("a password is required"), std::string::npos) << result.message;
    EXPECT_NE(result.message.find("NOPASSWD"), std::string::npos) << result.message;
    EXPECT_NE(result.message.find("spec.secondary.privilege"), std::string::npos) << result.message;
    EXPECT_EQ(result.message.find('\n'), std::string::npos) << "one line: " << result.message;
    EXPECT_EQ(result.steps_run, 0);
    EXPECT_TRUE(pair.changes().empty());
    EXPECT_TRUE(pair.primary().state().host_files.empty()) << "not even the lock was taken";
    EXPECT_EQ(pair.secondary().state().host_files, files_before);
}

TEST(Privilege, TheProbeReadsHactlsRecordsThroughThePrefixAndSaysWhyWhenItFails) {
    auto spec = fake::test_spec();
    fake::FakePair pair(spec, fake::opts("2023.1.0"));
    pair.primary().deny_privilege("sudo: a password is required");
    const auto f = facts::probe_host(spec, model::Role::primary, pair.primary(), transport::Millis(1000));
    ASSERT_TRUE(f.unknown.count("receipts"));
    EXPECT_NE(f.unknown.at("receipts").find("`sudo -n`"), std::string::npos) << f.unknown.at("receipts");
    EXPECT_NE(f.unknown.at("receipts").find("a password is required"), std::string::npos)
        << f.unknown.at("receipts");
    // The host's other facts are still read.
    EXPECT_TRUE(f.mode.has_value());
    // Granted again, the records are read.
    pair.primary().deny_privilege("");
    const auto g = facts::probe_host(spec, model::Role::primary, pair.primary(), transport::Millis(1000));
    EXPECT_FALSE(g.unknown.count("receipts"));
}

TEST(Privilege, RootNeedsNoPrefixAndAnExplicitOneWins) {
    model::HostSpec host;
    host.ssh.user = "root";
    EXPECT_EQ(model::effective_privilege(host), "");
    host.ssh.user = "alationops";
    EXPECT_EQ(model::effective_privilege(host), "sudo -n");
    host.privilege = "";
    EXPECT_EQ(model::effective_privilege(host), "");
    host.privilege = "doas -n";
    EXPECT_EQ(model::effective_privilege(host), "doas -n");
}
