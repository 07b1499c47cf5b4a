#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>

#include "hactl/apply/host_op.hpp"

using hactl::apply::HostOp;
using hactl::apply::host_op_line;
using hactl::apply::parse_host_op;

TEST(HostOp, RoundTripsAnyArguments) {
    HostOp op{"start-job", {"/var/lib/hactl", "replicate-postgres", "sudo su -c 'alation_action x'", "", "a b;$(c)"}};
    auto parsed = parse_host_op(host_op_line(op) + "echo the rest of the script\n");
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, op);
}

TEST(HostOp, OtherScriptsAreNotHostOps) {
    EXPECT_FALSE(parse_host_op("df -P -B1 /data").has_value());
    EXPECT_FALSE(parse_host_op(": hactl-op lock-acquire unquoted\n").has_value());
    EXPECT_FALSE(parse_host_op(": hactl-op start-job 'unterminated\n").has_value());
}

TEST(HostOp, TheLineIsANoOpForTheShell) {
    auto line = host_op_line({"write-receipt", {"x'; touch /tmp/hactl-host-op-pwned; '"}});
    ASSERT_EQ(std::system(line.c_str()), 0);
    EXPECT_NE(access("/tmp/hactl-host-op-pwned", F_OK), 0);
}
