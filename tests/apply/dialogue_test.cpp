#include <gtest/gtest.h>

#include <deque>

#include "hactl/apply/dialogue.hpp"

using namespace hactl;
using namespace hactl::apply;

namespace {

// Plays a helper: prints each screen, then waits for one line of input.
class ScriptedHelper : public transport::Interaction {
public:
    ScriptedHelper(std::deque<std::string> screens, int exit_code) : m_screens(std::move(screens)), m_exit(exit_code) {}

    transport::ReadResult read(transport::Millis) override {
        transport::ReadResult r;
        if (m_waiting_input) return r;  // stalled at a prompt
        if (m_screens.empty()) {
            r.eof = true;
            return r;
        }
        r.data = m_screens.front();
        m_screens.pop_front();
        // After a screen that ends without a newline, the helper waits for input.
        m_waiting_input = !r.data.empty() && r.data.back() != '\n';
        return r;
    }
    bool write(std::string_view text) override {
        inputs.emplace_back(text);
        m_waiting_input = false;
        return true;
    }
    transport::CommandResult finish(transport::Millis) override {
        transport::CommandResult r;
        r.exit_code = m_exit;
        return r;
    }
    std::vector<std::string> inputs;

private:
    std::deque<std::string> m_screens;
    int m_exit;
    bool m_waiting_input = false;
};

const std::vector<PromptAnswer> kPrompts = {
    {{"public key"}, "ssh-ed25519 AAAAPEER peer", "remote public key"},
    {{"IP address"}, "10.0.0.2", "remote IP address"},
};

DialogueOptions fast() {
    DialogueOptions o;
    o.prompt_deadline = transport::Millis(200);
    o.stall = transport::Millis(1);
    return o;
}

}  // namespace

TEST(Dialogue, AnswersPromptsByTheirWordsInOrder) {
    ScriptedHelper helper({"This host's public key:\nssh-ed25519 AAAASELF self\n", "Paste the remote Public Key: ",
                           "This host's IP address is 10.0.0.1\n", "Remote IP address? ", "Done.\n"},
                          0);
    auto result = run_dialogue(helper, kPrompts, fast());
    ASSERT_TRUE(result.ok) << result.error;
    ASSERT_EQ(helper.inputs.size(), 2u);
    EXPECT_EQ(helper.inputs[0], "ssh-ed25519 AAAAPEER peer\n");
    EXPECT_EQ(helper.inputs[1], "10.0.0.2\n");
}

TEST(Dialogue, InformationalLinesWithTheSameWordsAreNotPrompts) {
    // "public key" appears in a line that ends with a newline: not a prompt.
    EXPECT_FALSE(ends_with_prompt("Your public key is:\n", {"public key"}));
    EXPECT_TRUE(ends_with_prompt("Your public key is:\nEnter remote PUBLIC KEY> ", {"public key"}));
    EXPECT_FALSE(ends_with_prompt("Enter remote IP address: ", {"public key"}));
}

TEST(Dialogue, AnswersNeverAppearInTheTranscript) {
    // A terminal echoes input back: the echo must be masked.
    ScriptedHelper helper({"Remote public key: ", "ssh-ed25519 AAAAPEER peer\r\nRemote IP address: ", "10.0.0.2\r\nok\n"},
                          0);
    auto result = run_dialogue(helper, kPrompts, fast());
    ASSERT_TRUE(result.ok) << result.error;
    EXPECT_EQ(result.transcript.find("AAAAPEER"), std::string::npos) << result.transcript;
    EXPECT_NE(result.transcript.find("<remote public key>"), std::string::npos);
}

TEST(Dialogue, MissingPromptTimesOutWithoutSendingAnything) {
    ScriptedHelper helper({"Remote IP address: "}, 0);
    auto result = run_dialogue(helper, kPrompts, fast());
    EXPECT_FALSE(result.ok);
    EXPECT_NE(result.error.find("remote public key"), std::string::npos) << result.error;
    EXPECT_TRUE(helper.inputs.empty());
}

TEST(Dialogue, EarlyEndAndNonZeroExitFail) {
    ScriptedHelper ended({"error: no cluster key\n"}, 1);
    auto r1 = run_dialogue(ended, kPrompts, fast());
    EXPECT_FALSE(r1.ok);
    EXPECT_NE(r1.error.find("ended before"), std::string::npos) << r1.error;

    ScriptedHelper rejected({"Remote public key: ", "Remote IP address: ", "invalid IP\n"}, 3);
    auto r2 = run_dialogue(rejected, kPrompts, fast());
    EXPECT_FALSE(r2.ok);
    EXPECT_EQ(r2.exit_code, 3);
    EXPECT_EQ(r2.error.find("10.0.0.2"), std::string::npos);
}

TEST(Dialogue, AFloodBeforeThePromptKeepsOnlyItsTail) {
    // 64 MiB of output in 1 MiB screens, then the prompts: answered, and the
    // transcript holds only the tail of what came before each prompt.
    std::deque<std::string> screens(64, std::string(1 << 20, 'y') + "\n");
    screens.push_back("Paste the public key of the remote host: ");
    screens.push_back("Enter the IP address of the remote host: ");
    ScriptedHelper helper(std::move(screens), 0);
    auto options = fast();
    options.prompt_deadline = transport::Millis(60000);
    auto result = run_dialogue(helper, kPrompts, options);
    EXPECT_TRUE(result.ok) << result.error;
    ASSERT_EQ(helper.inputs.size(), 2u);
    EXPECT_LT(result.transcript.size(), 256u * 1024u);
}
