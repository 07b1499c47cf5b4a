#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "hactl/transport/shell_quote.hpp"

using namespace hactl::transport;

namespace {
// Runs `printf %s ARG` through /bin/sh and returns what the shell passed on.
std::string through_sh(const std::string& quoted) {
    std::string cmd = "printf %s " + quoted;
    FILE* pipe = popen(cmd.c_str(), "r");
    std::string out;
    char buf[256];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    pclose(pipe);
    return out;
}
}  // namespace

TEST(ShellQuote, SurvivesARealShellUnchanged) {
    for (std::string value : {"plain", "it's", "$(rm -rf /)", "`id`", "a b\tc", "semi;colon", "back\\slash",
                              "\"dq\"", "new\nline", "*", "", "-n"}) {
        EXPECT_EQ(through_sh(shell_quote(value)), value) << value;
    }
}

TEST(ShellQuote, JoinLeavesPlainWordsReadable) {
    EXPECT_EQ(shell_join({"df", "-P", "-B1", "/data"}), "df -P -B1 /data");
    EXPECT_EQ(shell_join({"echo", "a b", ""}), "echo 'a b' ''");
}

TEST(ShellQuote, AlationShellWrapsOneArgument) {
    EXPECT_EQ(in_alation_shell("sudo su - x -c", "alation_conf 'a b'"), "sudo su - x -c 'alation_conf '\\''a b'\\'''");
}
