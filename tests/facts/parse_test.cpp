#include <gtest/gtest.h>

#include "hactl/facts/parse.hpp"

using namespace hactl::facts;

TEST(ParseConf, SplitsOnFirstEqualsAndTrims) {
    auto v = parse_conf_value("alation.cluster.override_ip = 10.0.0.1\n", "alation.cluster.override_ip");
    ASSERT_TRUE(v.value) << v.error;
    EXPECT_EQ(*v.value, "10.0.0.1");
}

TEST(ParseConf, ToleratesBlankLinesTrailingSpacesAndCrlf) {
    auto v = parse_conf_value("\n\r\n  alation.cluster.replication_mode   =   master   \r\n\n\n",
                              "alation.cluster.replication_mode");
    ASSERT_TRUE(v.value) << v.error;
    EXPECT_EQ(*v.value, "master");
}

TEST(ParseConf, ValueMayHoldEquals) {
    auto v = parse_conf_value("some.key = a=b==c \n", "some.key");
    ASSERT_TRUE(v.value);
    EXPECT_EQ(*v.value, "a=b==c");
}

TEST(ParseConf, EmptyValueIsAValue) {
    auto v = parse_conf_value("alation.cluster.hosts =\n", "alation.cluster.hosts");
    ASSERT_TRUE(v.value);
    EXPECT_EQ(*v.value, "");
    EXPECT_TRUE(parse_conf_list(*v.value).empty());
}

TEST(ParseConf, NoSpacesAroundEquals) {
    auto v = parse_conf_value("pgsql.config.max_wal_senders=4", "pgsql.config.max_wal_senders");
    ASSERT_TRUE(v.value);
    EXPECT_EQ(parse_conf_int(*v.value).value, 4);
}

TEST(ParseConf, OtherKeyOrNoLineIsAnError) {
    EXPECT_FALSE(parse_conf_value("other.key = 1\n", "some.key").value);
    EXPECT_FALSE(parse_conf_value("", "some.key").value);
    EXPECT_FALSE(parse_conf_value("some.key\n", "some.key").value);
    EXPECT_NE(parse_conf_value("", "some.key").error.find("some.key"), std::string::npos);
}

TEST(ParseConf, BooleansAreCaseInsensitive) {
    EXPECT_EQ(parse_conf_bool("True").value, true);
    EXPECT_EQ(parse_conf_bool("false").value, false);
    EXPECT_EQ(parse_conf_bool(" TRUE \r").value, true);
    EXPECT_FALSE(parse_conf_bool("yes").value);
    EXPECT_FALSE(parse_conf_bool("").value);
}

TEST(ParseConf, Integers) {
    EXPECT_EQ(parse_conf_int(" 10 ").value, 10);
    EXPECT_FALSE(parse_conf_int("4x").value);
    EXPECT_FALSE(parse_conf_int("").value);
    EXPECT_FALSE(parse_conf_int("99999999999999").value);
}

TEST(ParseConf, ClusterHostsList) {
    EXPECT_EQ(parse_conf_list("10.0.0.1,10.0.0.2"), (std::vector<std::string>{"10.0.0.1", "10.0.0.2"}));
    EXPECT_EQ(parse_conf_list(" 10.0.0.1 , ,10.0.0.2 ,"), (std::vector<std::string>{"10.0.0.1", "10.0.0.2"}));
}

TEST(ParseRelease, ReadsReleaseLineIgnoringOthers) {
    auto v = parse_release_file(
        "# generated\nALATION_MAJOR_VERSION = 7\nALATION_MINOR_VERSION = 2\nALATION_RELEASE = \"2021.4.2\"\n"
        "ALATION_BUILD = 12345\n");
    ASSERT_TRUE(v.value) << v.error;
    EXPECT_EQ(*v.value, "2021.4.2");
}

TEST(ParseRelease, SingleQuotesSpacesAndCrlf) {
    EXPECT_EQ(parse_release_file("ALATION_RELEASE='2023.1'   \r\n").value, "2023.1");
    EXPECT_EQ(parse_release_file("  ALATION_RELEASE   =   \"2020.3.0\"  # the release\n\n").value, "2020.3.0");
}

TEST(ParseRelease, MissingLineIsAnError) {
    EXPECT_FALSE(parse_release_file("ALATION_MAJOR_VERSION = 7\n").value);
    EXPECT_FALSE(parse_release_file("").value);
    EXPECT_FALSE(parse_release_file("ALATION_RELEASE = \"\"\n").value);
}

TEST(ParseDf, SecondColumnOfEachDataLine) {
    const char* out =
        "Filesystem                                      1-blocks       Used   Available Capacity Mounted on\n"
        "/dev/mapper/vg_alation_data-lv_alation_data_very_long_name 1099511627776 1234 1099511626542 1% /data\n"
        "/dev/sda1 53687091200 1000 53687090200 1% /opt/alation\n";
    auto v = parse_df_sizes(out, 2);
    ASSERT_TRUE(v.value) << v.error;
    EXPECT_EQ(*v.value, (std::vector<std::uint64_t>{1099511627776ULL, 53687091200ULL}));
}

TEST(ParseDf, BlankLinesTrailingSpacesCrlf) {
    auto v = parse_df_sizes("Filesystem 1-blocks Used Available Capacity Mounted on\r\n\r\ntmpfs 67108864 0 67108864 0% /data  \r\n"
                            "tmpfs\t67108864 0 67108864 0% /opt/alation\r\n",
                            2);
    ASSERT_TRUE(v.value) << v.error;
    EXPECT_EQ((*v.value)[1], 67108864u);
}

TEST(ParseDf, WrongLineCountOrNonNumberIsAnError) {
    EXPECT_FALSE(parse_df_sizes("Filesystem 1-blocks\n/dev/x 100 0 100 0% /data\n", 2).value);
    EXPECT_FALSE(parse_df_sizes("Filesystem 1-blocks\n/dev/x 100G 0 100 0% /data\n/dev/y 1 0 1 0% /o\n", 2).value);
}

TEST(ParseMonitor, ConvergedWithExtraFields) {
    auto v = parse_monitor_json(
        R"({"mode": "master", "version": 3, "postgres": {"lag_bytes": 1234, "state": "streaming"},
            "kvstore": {"lag_bytes": 0}, "eventbus": {"sync": "running", "topics": 12}, "extra": [1,2]})");
    ASSERT_TRUE(v.value) << v.error;
    EXPECT_EQ(v.value->mode, Mode::master);
    EXPECT_EQ(v.value->postgres.kind, Lag::Kind::numeric);
    EXPECT_EQ(v.value->postgres.bytes, 1234u);
    EXPECT_TRUE(v.value->kvstore.numeric());
    EXPECT_EQ(v.value->eventbus_sync, "running");
}

TEST(ParseMonitor, UnknownLagsAndStoppedSync) {
    auto v = parse_monitor_json(
        R"({"mode":"master","postgres":{"lag_bytes":"unknown"},"kvstore":{"lag_bytes":"unknown"},"eventbus":{"sync":"stopped"}})");
    ASSERT_TRUE(v.value);
    EXPECT_EQ(v.value->postgres.kind, Lag::Kind::unknown);
    EXPECT_EQ(v.value->kvstore.kind, Lag::Kind::unknown);
    EXPECT_EQ(v.value->eventbus_sync, "stopped");
}

TEST(ParseMonitor, StandaloneHasNoServicesAndNoEventbusBelow2021_4) {
    auto v = parse_monitor_json("\r\n{\"mode\": \"standalone\"}\r\n");
    ASSERT_TRUE(v.value);
    EXPECT_EQ(v.value->mode, Mode::standalone);
    EXPECT_EQ(v.value->postgres.kind, Lag::Kind::absent);
    EXPECT_EQ(v.value->kvstore.kind, Lag::Kind::absent);
    EXPECT_FALSE(v.value->eventbus_sync);
}

TEST(ParseMonitor, NegativeOrOddLagIsUnknown) {
    auto v = parse_monitor_json(R"({"mode":"master","postgres":{"lag_bytes":-5},"kvstore":{}})");
    ASSERT_TRUE(v.value);
    EXPECT_EQ(v.value->postgres.kind, Lag::Kind::unknown);
    EXPECT_EQ(v.value->kvstore.kind, Lag::Kind::unknown);
}

TEST(ParseMonitor, NotJsonOrNotObjectIsAnError) {
    EXPECT_FALSE(parse_monitor_json("<html>502 Bad Gateway</html>").value);
    EXPECT_FALSE(parse_monitor_json("[1,2]").value);
    EXPECT_FALSE(parse_monitor_json("").value);
}

namespace {
const std::string key_a = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa alation@a";
const std::string key_b = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb alation@b";
}  // namespace

TEST(ParseKeys, PublicKeyLine) {
    auto k = parse_public_key_line(key_a);
    ASSERT_TRUE(k);
    EXPECT_EQ(k->type, "ssh-ed25519");
    EXPECT_FALSE(parse_public_key_line("# comment"));
    EXPECT_FALSE(parse_public_key_line(""));
    EXPECT_FALSE(parse_public_key_line("hello world"));
    auto with_options = parse_public_key_line("from=\"10.0.0.1,10.0.0.2\",no-pty " + key_b);
    ASSERT_TRUE(with_options);
    EXPECT_EQ(with_options->type, "ssh-rsa");
}

TEST(ParseKeys, PublicKeyFileAbsentIsEmpty) {
    EXPECT_EQ(parse_public_key_file("").value, "");
    EXPECT_EQ(parse_public_key_file("\n" + key_a + "  \r\n").value, key_a);
    EXPECT_FALSE(parse_public_key_file("garbage\n").value);
}

TEST(ParseKeys, AuthorizedKeysAndTrust) {
    auto keys = parse_authorized_keys("# peers\n\n" + key_a + "\r\n   \n" + key_b + " \n");
    ASSERT_EQ(keys.size(), 2u);
    EXPECT_TRUE(trusts(keys, key_b));
    // The comment does not matter, type and blob do.
    EXPECT_TRUE(trusts(keys, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa other"));
    EXPECT_FALSE(trusts(keys, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOcccccccccccccccccccccccccccccccccccccccccc x"));
    EXPECT_FALSE(trusts(keys, ""));
    EXPECT_FALSE(trusts({}, key_a));
}

TEST(ParseState, LockFile) {
    auto none = parse_lock("");
    ASSERT_TRUE(none.value);
    EXPECT_FALSE(*none.value);
    auto lock = parse_lock("owner=ops@laptop\npid=4242\ntoken=abc\nstarted_at=2026-11-26T10:00:00Z\n"
                           "expires_at=2026-11-26T10:15:00Z\nexpires_epoch=1795000000\n");
    ASSERT_TRUE(lock.value && *lock.value);
    EXPECT_EQ((*lock.value)->owner, "ops@laptop");
    EXPECT_EQ((*lock.value)->pid, 4242);
    EXPECT_EQ((*lock.value)->expires_at, "2026-11-26T10:15:00Z");
    EXPECT_FALSE(parse_lock("pid=1\n").value);
}

TEST(ParseState, JobsListing) {
    auto jobs = parse_jobs(
        "job replicate-postgres\nalive 1\nstarted 2026-11-26T10:00:00Z\nelapsed 3723\nlast copied 40%\n"
        "job copy-kvstore\nalive 0\nexit 0\nlast done\n"
        "job start-kafka-sync\nalive 0\nexit 3\n"
        "job other\nalive 0\n");
    ASSERT_TRUE(jobs.value) << jobs.error;
    auto& j = *jobs.value;
    ASSERT_EQ(j.size(), 4u);
    EXPECT_EQ(j["replicate-postgres"].state, JobRecord::State::running);
    EXPECT_EQ(j["replicate-postgres"].last_line, "copied 40%");
    EXPECT_EQ(j["replicate-postgres"].started_at, "2026-11-26T10:00:00Z");
    EXPECT_EQ(j["replicate-postgres"].elapsed_seconds, 3723);
    EXPECT_FALSE(j["copy-kvstore"].elapsed_seconds);
    EXPECT_FALSE((*parse_jobs("job x\nalive 1\nelapsed soon\n").value)["x"].elapsed_seconds)
        << "an unreadable elapsed time is unknown, not an error";
    EXPECT_EQ(j["copy-kvstore"].state, JobRecord::State::succeeded);
    EXPECT_EQ(j["start-kafka-sync"].state, JobRecord::State::failed);
    EXPECT_EQ(j["start-kafka-sync"].exit_code, 3);
    EXPECT_EQ(j["other"].state, JobRecord::State::lost);
    EXPECT_FALSE(parse_jobs("alive 1\n").value);
    EXPECT_FALSE(parse_jobs("job x\nexit abc\n").value);
}

TEST(ParseState, Receipts) {
    EXPECT_EQ(parse_receipts("generate-keys\n\nmax-wal-senders  \n"),
              (std::vector<std::string>{"generate-keys", "max-wal-senders"}));
}

TEST(ParseMode, Words) {
    EXPECT_EQ(parse_mode(" Master \n"), Mode::master);
    EXPECT_EQ(parse_mode("slave"), Mode::slave);
    EXPECT_FALSE(parse_mode("primary"));
    EXPECT_STREQ(to_string(Mode::standalone), "standalone");
}

TEST(ParseRelease, TheProfilesReleaseKeyAndFileAreUsed) {
    hactl::contract::HostProfile profile;
    profile.release_key = "SITE_RELEASE";
    profile.release_file = "/opt/site/release.py";
    EXPECT_EQ(parse_release_file("ALATION_RELEASE = \"2021.4.2\"\nSITE_RELEASE = '2023.1'\n", profile).value, "2023.1");
    auto missing = parse_release_file("ALATION_RELEASE = \"2021.4.2\"\n", profile);
    EXPECT_FALSE(missing.value);
    EXPECT_EQ(missing.error, "no SITE_RELEASE line in /opt/site/release.py");
}

TEST(ParseMonitor, ValuesAreReadAtTheProfilesJsonPointers) {
    hactl::contract::MonitorPointers at;
    at.mode = "/cluster/mode";
    at.postgres_lag = "/services/0/lag";            // into a list
    at.kvstore_lag = "/kv~1store/lag~0bytes";       // escaped '/' and '~'
    at.event_bus_sync = "/kafka_sync";              // one level
    auto v = parse_monitor_json(R"({"cluster": {"mode": "master"}, "services": [{"lag": 12}],
                                    "kv/store": {"lag~bytes": "unknown"}, "kafka_sync": true,
                                    "postgres": {"lag_bytes": 99}})",
                                at);
    ASSERT_TRUE(v.value) << v.error;
    EXPECT_EQ(v.value->mode, Mode::master);
    EXPECT_EQ(v.value->postgres.kind, Lag::Kind::numeric);
    EXPECT_EQ(v.value->postgres.bytes, 12u);  // not the contract's /postgres/lag_bytes
    EXPECT_EQ(v.value->kvstore.kind, Lag::Kind::unknown);
    EXPECT_EQ(v.value->eventbus_sync, "running");
    // The contract's shape read with these pointers: nothing where they point.
    auto contract_shape = parse_monitor_json(R"({"mode":"master","postgres":{"lag_bytes":1}})", at);
    ASSERT_TRUE(contract_shape.value);
    EXPECT_FALSE(contract_shape.value->mode);
    EXPECT_EQ(contract_shape.value->postgres.kind, Lag::Kind::absent);
    EXPECT_FALSE(contract_shape.value->eventbus_sync);
}
