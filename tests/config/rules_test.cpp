// Each semantic rule on its own: what it accepts, what it rejects and why.
#include <gtest/gtest.h>

#include "hactl/config/rules.hpp"
#include "config/semantics.hpp"

using namespace hactl::config;

namespace {
void expect_ok(const std::optional<std::string>& problem, const std::string& value) {
    EXPECT_FALSE(problem.has_value()) << value << ": " << problem.value_or("");
}
void expect_problem(const std::optional<std::string>& problem, const std::string& value, const std::string& why) {
    ASSERT_TRUE(problem.has_value()) << value << " was accepted";
    EXPECT_NE(problem->find(why), std::string::npos) << value << ": " << *problem;
}
}  // namespace

TEST(RuleIpv4, AcceptsStrictDottedQuads) {
    for (const char* a : {"10.0.0.1", "0.0.0.0", "255.255.255.255", "192.168.100.200", "127.0.0.2", "1.2.3.4"}) {
        expect_ok(check_ipv4(a), a);
    }
}

TEST(RuleIpv4, RejectsWithTheReason) {
    expect_problem(check_ipv4(""), "", "found an empty string");
    expect_problem(check_ipv4("db1.example.com"), "db1.example.com", "hostnames are not allowed");
    expect_problem(check_ipv4("localhost"), "localhost", "hostnames are not allowed");
    expect_problem(check_ipv4("010.0.0.1"), "010.0.0.1", "part '010' has a leading zero");
    expect_problem(check_ipv4("10.0.0.00"), "10.0.0.00", "leading zero");
    expect_problem(check_ipv4("10.0.0.256"), "10.0.0.256", "part 256 is larger than 255");
    expect_problem(check_ipv4("10.0.0.1000"), "10.0.0.1000", "larger than 255");
    expect_problem(check_ipv4("10.0.0"), "10.0.0", "4 parts needed, found 3");
    expect_problem(check_ipv4("10.0.0.1.5"), "10.0.0.1.5", "4 parts needed, found 5");
    expect_problem(check_ipv4("10..0.1"), "10..0.1", "empty part");
    expect_problem(check_ipv4("10.0.0.1 "), "10.0.0.1 ", "a space is not allowed");
    expect_problem(check_ipv4("10.0.0.1;id"), "10.0.0.1;id", "';' is not allowed");
    expect_problem(check_ipv4("::1"), "::1", "':' is not allowed");
    expect_problem(check_ipv4("+1.2.3.4"), "+1.2.3.4", "'+' is not allowed");
}

TEST(RuleUnicast, RefusesNonHostAddresses) {
    expect_ok(check_unicast("10.0.0.1"), "10.0.0.1");
    expect_ok(check_unicast("223.255.255.254"), "223.255.255.254");
    expect_problem(check_unicast("0.0.0.0"), "0.0.0.0", "not a host");
    expect_problem(check_unicast("224.0.0.1"), "224.0.0.1", "multicast");
    expect_problem(check_unicast("255.255.255.255"), "255.255.255.255", "broadcast");
    expect_problem(check_unicast("10.0.0.01"), "10.0.0.01", "leading zero");
}

TEST(RuleRelease, FollowsReleaseParse) {
    for (const char* r : {"2023.3", "2020.3", "2021.4.2", "2024.10", "2021.0"}) expect_ok(check_release(r), r);
    for (const char* r : {"2023", "2023.03", "23.3", "2023.3.", "v2023.3", "2023.3.01", "2023.1000", "", "0123.1", "2023.3 "}) {
        expect_problem(check_release(r), r, "expected a release YEAR.N");
    }
}

TEST(RulePairName, IsADnsLabel) {
    for (const char* n : {"a", "catalog-prod", "x1", "1x"}) expect_ok(check_pair_name(n), n);
    expect_ok(check_pair_name(std::string(63, 'a')), "63 a");
    expect_problem(check_pair_name(""), "", "it is empty");
    expect_problem(check_pair_name(std::string(64, 'a')), "64 a", "64 characters, at most 63");
    expect_problem(check_pair_name("Catalog"), "Catalog", "'C' is not allowed");
    expect_problem(check_pair_name("cat_prod"), "cat_prod", "'_' is not allowed");
    expect_problem(check_pair_name("cat.prod"), "cat.prod", "'.' is not allowed");
    expect_problem(check_pair_name("-cat"), "-cat", "may not start or end with '-'");
    expect_problem(check_pair_name("cat-"), "cat-", "may not start or end with '-'");
}

TEST(RuleSshUser, IsALoginName) {
    for (const char* u : {"alationops", "_svc", "ops.ha-1", "A"}) expect_ok(check_ssh_user(u), u);
    expect_problem(check_ssh_user(""), "", "it is empty");
    expect_problem(check_ssh_user("1ops"), "1ops", "must start with a letter or _");
    expect_problem(check_ssh_user("-oProxyCommand=x"), "-o...", "must start with a letter or _");
    expect_problem(check_ssh_user("ops;id"), "ops;id", "';' is not allowed");
    expect_problem(check_ssh_user("ops id"), "ops id", "a space is not allowed");
    expect_problem(check_ssh_user("ops$x"), "ops$x", "'$' is not allowed");
    expect_problem(check_ssh_user(std::string(33, 'a')), "33 a", "at most 32");
}

TEST(RulePort, Is1To65535) {
    for (std::int64_t p : {1, 22, 2222, 65535}) expect_ok(check_port(p), std::to_string(p));
    for (std::int64_t p : {0, -1, 65536, 1000000}) {
        expect_problem(check_port(p), std::to_string(p), "expected a port from 1 to 65535, found " + std::to_string(p));
    }
}

TEST(RuleMaxWalSenders, IsAtLeastOne) {
    for (std::int64_t v : {1, 4, 100}) expect_ok(check_max_wal_senders(v), std::to_string(v));
    for (std::int64_t v : {0, -4, 101}) expect_problem(check_max_wal_senders(v), std::to_string(v), "from 1 to 100");
}

TEST(RuleLocalPath, AbsoluteOrHomeRelative) {
    for (const char* p : {"/etc/hactl/key", "~/.ssh/id_ed25519", "~/my keys/ha key", "/"}) expect_ok(check_local_path(p), p);
    expect_problem(check_local_path("keys/ha"), "keys/ha", "absolute path or one starting with ~/");
    expect_problem(check_local_path("~user/key"), "~user/key", "starting with ~/");
    expect_problem(check_local_path(""), "", "starting with ~/");
    expect_problem(check_local_path("/a\nb"), "/a\\nb", "control characters");
}

TEST(RuleRemotePath, AbsoluteAndShellInert) {
    for (const char* p : {"/data", "/opt/alation", "/var/lib/hactl/", "/srv/a-b_c.d+e@f%g,h:i=j", "/a/...b"}) {
        expect_ok(check_remote_path(p), p);
    }
    expect_problem(check_remote_path("data"), "data", "it must start with /");
    expect_problem(check_remote_path(""), "", "it must start with /");
    expect_problem(check_remote_path("/"), "/", "/ itself is not allowed");
    expect_problem(check_remote_path("/a//b"), "/a//b", "empty part");
    expect_problem(check_remote_path("/a/../b"), "/a/../b", "'..' parts are not allowed");
    expect_problem(check_remote_path("/a/./b"), "/a/./b", "'.' parts are not allowed");
    expect_problem(check_remote_path("/a/.."), "/a/..", "'..' parts");
    for (const char* p : {"/a b", "/a;b", "/a$b", "/a`b`", "/a|b", "/a&b", "/a>b", "/a'b", "/a\"b", "/a*", "/a~b", "/a\\b"}) {
        expect_problem(check_remote_path(p), p, "is not allowed: the path reaches remote command lines");
    }
}

TEST(RuleMonitorUrl, HttpWithoutMetacharacters) {
    for (const char* u : {"http://localhost/monitor/replication", "https://10.0.0.1:8443/m?x=1", "http://a", "http://h:1"}) {
        expect_ok(check_monitor_url(u), u);
    }
    expect_problem(check_monitor_url("ftp://x"), "ftp://x", "must start with http:// or https://");
    expect_problem(check_monitor_url("localhost/monitor"), "localhost/monitor", "must start with http://");
    expect_problem(check_monitor_url("http://"), "http://", "no host");
    expect_problem(check_monitor_url("http://h:/x"), "http://h:/x", "port must be 1 to 5 digits");
    expect_problem(check_monitor_url("http://h:123456/"), "http://h:123456/", "port must be 1 to 5 digits");
    expect_problem(check_monitor_url("http://user@h/"), "http://user@h/", "'@' is not allowed in the host");
    for (const char* u : {"http://h/a;b", "http://h/$(id)", "http://h/a&b", "http://h/a b", "http://h/`x`", "http://h/'"}) {
        expect_problem(check_monitor_url(u), u, "is not allowed: curl runs this URL");
    }
}

TEST(RuleShellPrefix, WordsWithoutMetacharacters) {
    for (const char* s : {"sudo chroot /opt/alation/alation /bin/su - alationadmin -c", "sudo -n -u alation bash -c",
                          "/usr/local/bin/alation-shell", "env LANG=C sh -c", "a  b"}) {
        expect_ok(check_shell_prefix(s), s);
    }
    expect_problem(check_shell_prefix(""), "", "it is empty");
    expect_problem(check_shell_prefix(" sudo -c"), " sudo", "leading or trailing space");
    expect_problem(check_shell_prefix("sudo -c "), "sudo -c ", "leading or trailing space");
    const std::pair<const char*, const char*> forbidden[] = {
        {"sudo su -c; id", "';'"},   {"a & b", "'&'"},       {"a | b", "'|'"},       {"a `id`", "'`'"},
        {"a $(id)", "'$'"},          {"a (b)", "'('"},       {"a > /tmp/x", "'>'"}, {"a < /tmp/x", "'<'"},
        {"a\nb", "a newline"},       {"a\tb", "a tab"},      {"a 'b'", "'''"},      {"a \"b\"", "'\"'"},
        {"a \\b", "'\\'"},           {"a *", "'*'"},         {"a ?", "'?'"},        {"a [b]", "'['"},
        {"a {b}", "'{'"},            {"a ~/x", "'~'"},       {"a #b", "'#'"},       {"a !b", "'!'"},
    };
    for (const auto& [s, what] : forbidden) {
        expect_problem(check_shell_prefix(s), s, std::string(what) + " is not allowed");
    }
}

TEST(RuleSemantics, ReportsEachFieldByPointer) {
    const auto root = nlohmann::json::parse(R"({
      "metadata": {"name": "Bad"},
      "spec": {"release": "2023.03",
               "primary": {"address": "10.0.0.1", "ssh": {"user": "ops", "port": 0}, "alationShell": "a;b"},
               "secondary": {"address": "10.0.0.1", "ssh": {"user": "ops", "identityFile": "k"}},
               "replication": {"maxWalSenders": 0},
               "paths": {"data": "rel"}, "monitorUrl": "ftp://x"}})");
    std::vector<std::string> pointers;
    for (const auto& f : check_semantics(root)) pointers.push_back(f.pointer);
    EXPECT_EQ(pointers, (std::vector<std::string>{
                            "/metadata/name", "/spec/release", "/spec/primary/ssh/port", "/spec/primary/alationShell",
                            "/spec/secondary/ssh/identityFile", "/spec/replication/maxWalSenders",
                            "/spec/paths/data", "/spec/monitorUrl", "/spec/secondary/address"}));
}

TEST(RuleSemantics, LeavesWrongTypesToTheSchema) {
    const auto root = nlohmann::json::parse(R"({"metadata": 5, "spec": {"primary": {"address": 7, "ssh": []}}})");
    EXPECT_TRUE(check_semantics(root).empty());
    EXPECT_TRUE(check_semantics(nlohmann::json::array()).empty());
    EXPECT_TRUE(check_semantics(nlohmann::json()).empty());
}
