#include <gtest/gtest.h>

#include "fake_pair.hpp"
#include "hactl/contract/host_contract.hpp"
#include "hactl/transport/shell_quote.hpp"
#include "mini_shell.hpp"

using namespace hactl;
using fake::FakePair;
using fake::Preset;

namespace {
std::string wrap(const std::string& line) {
    return transport::in_alation_shell(std::string(model::defaults::alation_shell), line);
}
transport::CommandResult run(fake::FakeHost& h, const std::string& cmd) { return h.run(cmd, transport::Millis(1000)); }
}  // namespace

TEST(MiniShell, ParsesQuotesOperatorsAndRedirections) {
    std::vector<fake::ListItem> list;
    std::string error;
    ASSERT_TRUE(fake::parse_command_list("cat 'a b' || test '!' -e \"a b\" 2>/dev/null; echo x\\ y && true", list, error))
        << error;
    ASSERT_EQ(list.size(), 4u);
    EXPECT_EQ(list[0].command.words, (std::vector<std::string>{"cat", "a b"}));
    EXPECT_EQ(list[1].op, "||");
    EXPECT_EQ(list[1].command.words, (std::vector<std::string>{"test", "!", "-e", "a b"}));
    EXPECT_TRUE(list[1].command.discard_err);
    EXPECT_EQ(list[2].op, ";");
    EXPECT_EQ(list[2].command.words, (std::vector<std::string>{"echo", "x y"}));
    EXPECT_EQ(list[3].op, "&&");
    EXPECT_FALSE(fake::parse_command_list("cat x | grep y", list, error));
    EXPECT_FALSE(fake::parse_command_list("echo 'open", list, error));
}

TEST(FakeHost, AlationCommandsOnlyInsideTheWrapper) {
    FakePair pair(fake::test_spec(), {});
    auto outside = run(pair.primary(), "alation_conf alation.cluster.replication_mode");
    EXPECT_EQ(outside.exit_code, 127);
    auto inside = run(pair.primary(), wrap("alation_conf alation.cluster.replication_mode"));
    EXPECT_EQ(inside.exit_code, 0);
    EXPECT_EQ(inside.out, "alation.cluster.replication_mode = standalone\n");
    auto unknown = run(pair.primary(), wrap("alation_conf no.such.key"));
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_NE(unknown.err.find("unknown key"), std::string::npos);
}

TEST(FakeHost, ConfWriteValidatesAndChangesNothingOnBadValue) {
    FakePair pair(fake::test_spec(), {});
    auto& s = pair.secondary();
    EXPECT_EQ(run(s, wrap("alation_conf alation.cluster.protected_instance -s maybe")).exit_code, 1);
    EXPECT_EQ(s.conf("alation.cluster.protected_instance"), "True");
    EXPECT_EQ(run(s, wrap("alation_conf alation.cluster.override_ip -s 10.0.0.2 alation.cluster.enable_override_ip -s nope"))
                  .exit_code,
              1);
    EXPECT_EQ(s.conf("alation.cluster.override_ip"), "");
    EXPECT_EQ(run(s, wrap("alation_conf alation.cluster.protected_instance -s false")).exit_code, 0);
    EXPECT_EQ(s.conf("alation.cluster.protected_instance"), "False");
}

TEST(FakeHost, AddSlavesRefusedWhileSecondaryProtectedAndNothingChanges) {
    FakePair pair(fake::test_spec(), fake::opts("2021.3.1"));
    ASSERT_TRUE(pair.set_up_by_hand("enter-master-mode"));
    auto r = run(pair.primary(), wrap("alation_action cluster_add_slaves"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(pair.secondary().mode(), "standalone");
    EXPECT_EQ(pair.secondary().state().instance_wipes, 0);
}

TEST(FakeHost, ReplicateNeedsFourWalSendersDeployedFrom2021_3) {
    FakePair pair(fake::test_spec(), fake::opts("2021.3.1"));
    ASSERT_TRUE(pair.set_up_by_hand("add-secondary"));
    EXPECT_EQ(pair.secondary().state().instance_wipes, 1);
    EXPECT_EQ(run(pair.secondary(), wrap("alation_action cluster_replicate_postgres")).exit_code, 1);
    EXPECT_EQ(pair.secondary().state().postgres_wipes, 1);
    // Configured but not deployed is not enough.
    EXPECT_EQ(run(pair.secondary(), wrap("alation_conf pgsql.config.max_wal_senders -s 4")).exit_code, 0);
    EXPECT_EQ(run(pair.secondary(), wrap("alation_action cluster_replicate_postgres")).exit_code, 1);
    EXPECT_EQ(run(pair.secondary(), wrap("alation_action deploy_conf_all")).exit_code, 0);
    EXPECT_EQ(run(pair.secondary(), wrap("alation_action cluster_replicate_postgres")).exit_code, 0);
    EXPECT_EQ(pair.secondary().state().postgres_wipes, 2);
    EXPECT_NE(pair.primary().monitor_body().find("\"lag_bytes\":1234"), std::string::npos);
}

TEST(FakeHost, GenerateKeysAgainReplacesTheKeyAndBreaksTheExchange) {
    FakePair pair(fake::test_spec(), fake::opts("2023.1.0", Preset::half));
    const auto old_key = pair.primary().public_key();
    ASSERT_TRUE(pair.secondary().trusts(old_key));
    EXPECT_EQ(run(pair.primary(), wrap("alation_action cluster_generate_keys")).exit_code, 0);
    EXPECT_NE(pair.primary().public_key(), old_key);
    EXPECT_FALSE(pair.secondary().trusts(pair.primary().public_key()));
}

TEST(FakeHost, HelperDialoguePromptsAndConfigures) {
    FakePair pair(fake::test_spec(), {});
    auto& p = pair.primary();
    p.generate_keys();
    transport::CommandResult error;
    auto d = p.start_interactive(wrap("replication_helper"), error);
    ASSERT_TRUE(d);
    auto first = d->read(transport::Millis(10)).data;
    EXPECT_NE(first.find(p.public_key() + "\n"), std::string::npos);
    EXPECT_NE(first.find("public key of the remote host: "), std::string::npos);
    EXPECT_NE(first.back(), '\n');  // a prompt stalls without a newline
    d->write("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIpeerpeerpeerpeerpeerpeerpeerpeerpeerpeer peer\n");
    auto second = d->read(transport::Millis(10)).data;
    EXPECT_NE(second.find("IP address: "), std::string::npos);
    d->write("10.0.0.2\n");
    auto done = d->finish(transport::Millis(100));
    EXPECT_EQ(done.exit_code, 0);
    EXPECT_EQ(p.conf("alation.cluster.hosts"), "10.0.0.1,10.0.0.2");
    EXPECT_EQ(p.authorized_keys().size(), 1u);
}

TEST(FakeHost, HelperRejectsBadInputAndChangesNothing) {
    FakePair pair(fake::test_spec(), {});
    auto& p = pair.primary();
    p.generate_keys();
    transport::CommandResult error;
    auto d = p.start_interactive(wrap("replication_helper"), error);
    ASSERT_TRUE(d);
    d->write("not a key\n");
    EXPECT_EQ(d->finish(transport::Millis(100)).exit_code, 1);
    EXPECT_TRUE(p.authorized_keys().empty());
    EXPECT_EQ(p.conf("alation.cluster.hosts"), "");
}

TEST(FakeHost, PresetsMatchTheirDescription) {
    FakePair fresh(fake::test_spec(), fake::opts("2020.3.0"));
    EXPECT_EQ(fresh.primary().mode(), "standalone");
    EXPECT_TRUE(fresh.primary().public_key().empty());
    EXPECT_TRUE(fresh.changes().empty());

    FakePair half(fake::test_spec(), fake::opts("2021.3.0", Preset::half));
    EXPECT_EQ(half.primary().mode(), "master");
    EXPECT_EQ(half.secondary().mode(), "standalone");
    EXPECT_TRUE(half.primary().trusts(half.secondary().public_key()));

    FakePair conv(fake::test_spec(), fake::opts("2023.1.0", Preset::converged));
    EXPECT_EQ(conv.secondary().mode(), "slave");
    EXPECT_EQ(conv.secondary().state().instance_wipes, 1);
    EXPECT_EQ(conv.primary().state().instance_wipes, 0);
    EXPECT_NE(conv.primary().monitor_body().find("\"sync\":\"running\""), std::string::npos);

    FakePair swapped(fake::test_spec(), fake::opts("2023.1.0", Preset::swapped));
    EXPECT_EQ(swapped.primary().mode(), "slave");
    EXPECT_EQ(swapped.secondary().mode(), "master");
}

TEST(FakeHost, FaultsFailNextAndConnection) {
    FakePair pair(fake::test_spec(), {});
    auto& p = pair.primary();
    p.fail_next("cluster_generate_keys", 1, "disk full");
    auto r = run(p, wrap("alation_action cluster_generate_keys"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "disk full\n");
    EXPECT_TRUE(p.public_key().empty());
    EXPECT_EQ(run(p, wrap("alation_action cluster_generate_keys")).exit_code, 0);
    p.set_connection_error(transport::TransportError::host_key_changed, "key changed");
    auto down = run(p, "true");
    EXPECT_EQ(down.status, transport::Status::transport_error);
    EXPECT_EQ(down.error, transport::TransportError::host_key_changed);
    ASSERT_EQ(p.changes().size(), 2u);  // the failed and the successful generate
}

TEST(FakeHost, AHostThatDiffersFromTheContractAnswersWithItsOwnDetails) {
    auto options = fake::opts("2023.1.0", Preset::converged);
    options.host.release_file = "/opt/alation/site/release.py";
    options.host.release_key = "SITE_RELEASE";
    options.host.conf_keys.cluster_hosts = "alation.cluster.members";
    options.host.actions.deploy_conf = "site_deploy";
    options.host.monitor.postgres_lag = "/pgsql/replication_lag_bytes";
    options.host.fresh_max_wal_senders = 16;
    FakePair pair(fake::test_spec(), options);  // set up by hand with the host's own names
    auto& p = pair.primary();
    EXPECT_EQ(run(p, wrap("cat /opt/alation/site/release.py")).out.find("\nSITE_RELEASE = \"2023.1.0\"\n"), 43U);
    EXPECT_NE(run(p, wrap("cat /opt/alation/django/main/alation_version.py")).exit_code, 0);
    EXPECT_EQ(run(p, wrap("alation_conf alation.cluster.members")).out, "alation.cluster.members = 10.0.0.1,10.0.0.2\n");
    EXPECT_EQ(run(p, wrap("alation_conf alation.cluster.hosts")).exit_code, 1);
    EXPECT_EQ(run(p, wrap("alation_action deploy_conf_all")).exit_code, 1);
    EXPECT_EQ(run(p, wrap("alation_action site_deploy")).exit_code, 0);
    EXPECT_NE(p.monitor_body().find("\"pgsql\":{\"replication_lag_bytes\":1234}"), std::string::npos) << p.monitor_body();
    EXPECT_EQ(p.monitor_body().find("\"postgres\""), std::string::npos) << p.monitor_body();
    FakePair fresh(fake::test_spec(), [&] {
        auto o = options;
        o.preset = Preset::fresh;
        return o;
    }());
    EXPECT_EQ(fresh.secondary().conf("pgsql.config.max_wal_senders"), "16");
}
