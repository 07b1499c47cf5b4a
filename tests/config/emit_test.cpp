#include <gtest/gtest.h>

#include "hactl/config/emit.hpp"
#include "hactl/config/load.hpp"

using namespace hactl;

TEST(Emit, WritesEveryFieldInTheDesignBriefsOrder) {
    model::PairSpec p;
    p.name = "catalog-prod";
    p.release = model::Release{2023, 3};
    p.primary.address = "10.0.0.1";
    p.primary.ssh.user = "alationops";
    p.primary.ssh.identity_file = "~/.ssh/alation_ha";
    p.secondary.address = "10.0.0.2";
    p.secondary.ssh.user = "alationops";
    p.secondary.ssh.port = 2222;
    EXPECT_EQ(config::to_yaml(p), R"(apiVersion: hactl/v1
kind: HAPair
metadata:
  name: catalog-prod
spec:
  release: "2023.3"
  primary:
    address: 10.0.0.1
    ssh:
      user: alationops
      port: 22
      identityFile: ~/.ssh/alation_ha
    alationShell: sudo chroot /opt/alation/alation /bin/su - alationadmin -c
  secondary:
    address: 10.0.0.2
    ssh:
      user: alationops
      port: 2222
    alationShell: sudo chroot /opt/alation/alation /bin/su - alationadmin -c
  replication:
    maxWalSenders: 4
    postgres: true
    kvstore: true
    eventBus: true
  backupV2: false
  paths:
    data: /data
    install: /opt/alation
    state: /var/lib/hactl
  monitorUrl: http://localhost/monitor/replication
  state: paired
  policy:
    allowDestructive: false
    allowFailover: false
    maxFailoverLagBytes: 0
)");
}

TEST(Emit, QuotesStringsThatWouldReadBackAsSomethingElse) {
    model::PairSpec p;
    p.name = "x";
    p.primary.address = "10.0.0.1";
    p.primary.ssh.user = "a";
    p.secondary.address = "10.0.0.2";
    p.secondary.ssh.user = "b";
    for (const char* tricky : {"/k: v", "/a #b", "~/\"q\" 'x'", "/true", "~", "/ lead", "/trail ", "/caf\xc3\xa9"}) {
        p.primary.ssh.known_hosts_file = tricky;
        const auto r = config::load_pair_text(config::to_yaml(p), "t.yaml");
        if (std::string(tricky) == "~") {
            ASSERT_EQ(r.errors.size(), 1U);  // not a valid knownHostsFile, but it stays the string "~"
            EXPECT_NE(r.errors[0].message.find("found \"~\""), std::string::npos) << r.errors[0].message;
            continue;
        }
        ASSERT_TRUE(r.ok()) << tricky << "\n" << config::to_yaml(p);
        EXPECT_EQ(*r.pair, p) << tricky;
    }
}
