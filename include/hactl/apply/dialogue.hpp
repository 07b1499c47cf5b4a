#pragma once
/// Answering an interactive helper's prompts (contract section 4):
/// a prompt is text that ends WITHOUT a newline after which the program
/// stalls, and it is recognised by words in it, not by its exact wording.
#include <string>
#include <vector>

#include "hactl/transport/transport.hpp"

namespace hactl::apply {

/// One expected prompt and the line to answer it with.
struct PromptAnswer {
    std::vector<std::string> words;  ///< all must appear in the prompt (case-insensitive)
    std::string answer;              ///< sent followed by "\n"; never logged or printed
    std::string what;                ///< for messages: "remote public key"
};

struct DialogueOptions {
    transport::Millis prompt_deadline{30000};  ///< wait for each prompt at most this long
    transport::Millis stall{250};              ///< output quiet this long ends a prompt
    transport::Millis finish_deadline{30000};  ///< wait for the exit after the last answer
};

struct DialogueResult {
    bool ok = false;
    int exit_code = -1;
    std::string error;       ///< why it failed; never holds an answer
    std::string transcript;  ///< the program's output with every answer masked
};

/// Waits for each prompt in order, answers it, then waits for the exit status.
/// Fails (ok=false) on a deadline, a broken link, an unexpected end, or a
/// non-zero exit. Answers never appear in `transcript` or `error`.
DialogueResult run_dialogue(transport::Interaction& session, const std::vector<PromptAnswer>& prompts,
                            const DialogueOptions& options = {});

/// True when `text` (the output since the last answer) ends with a prompt that
/// holds all of `words`: the last line, which has no newline, contains them.
bool ends_with_prompt(const std::string& text, const std::vector<std::string>& words);

}  // namespace hactl::apply
