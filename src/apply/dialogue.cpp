#include "hactl/apply/dialogue.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

namespace hactl::apply {

namespace {

using Clock = std::chrono::steady_clock;

// Output kept between two answers: a prompt is the last line, so the tail is
// all that matters; a host that floods cannot make hactl's memory grow.
constexpr std::size_t k_pending_limit = 64 * 1024;

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::string mask(std::string text, const std::vector<PromptAnswer>& prompts) {
    for (const auto& p : prompts) {
        if (p.answer.empty()) continue;
        for (auto pos = text.find(p.answer); pos != std::string::npos; pos = text.find(p.answer, pos)) {
            text.replace(pos, p.answer.size(), "<" + p.what + ">");
        }
    }
    return text;
}

}  // namespace

bool ends_with_prompt(const std::string& text, const std::vector<std::string>& words) {
    if (text.empty() || text.back() == '\n') return false;
    auto start = text.find_last_of('\n');
    std::string last = lower(text.substr(start == std::string::npos ? 0 : start + 1));
    // A terminal may echo a carriage return; keep only what follows the last one.
    if (auto cr = last.find_last_of('\r'); cr != std::string::npos && cr + 1 < last.size()) last = last.substr(cr + 1);
    return std::all_of(words.begin(), words.end(), [&](const std::string& w) { return last.find(lower(w)) != std::string::npos; });
}

DialogueResult run_dialogue(transport::Interaction& session, const std::vector<PromptAnswer>& prompts,
                            const DialogueOptions& options) {
    DialogueResult result;
    std::string pending;  // output since the last answer
    for (const auto& prompt : prompts) {
        const auto deadline = Clock::now() + options.prompt_deadline;
        bool answered = false;
        while (!answered) {
            auto now = Clock::now();
            if (now >= deadline) {
                result.error = "no prompt for the " + prompt.what + " within " +
                               std::to_string(options.prompt_deadline.count() / 1000) + " s";
                result.transcript += mask(pending, prompts);
                return result;
            }
            auto wait = std::min(options.stall, std::chrono::duration_cast<transport::Millis>(deadline - now));
            auto chunk = session.read(wait);
            if (chunk.status != transport::Status::ok) {
                result.error = "the connection broke while waiting for the " + prompt.what + " prompt";
                result.transcript += mask(pending, prompts);
                return result;
            }
            pending += chunk.data;
            if (pending.size() > k_pending_limit) pending.erase(0, pending.size() - k_pending_limit);
            // A prompt is recognised only once the program stalls after it.
            if (chunk.data.empty() && ends_with_prompt(pending, prompt.words)) {
                if (!session.write(prompt.answer + "\n")) {
                    result.error = "the connection broke while sending the " + prompt.what;
                    result.transcript += mask(pending, prompts);
                    return result;
                }
                result.transcript += mask(pending, prompts) + "<" + prompt.what + ">\n";
                pending.clear();
                answered = true;
            } else if (chunk.eof) {
                result.error = "the program ended before asking for the " + prompt.what;
                result.transcript += mask(pending, prompts);
                auto end = session.finish(options.finish_deadline);
                result.exit_code = end.exit_code;
                return result;
            }
        }
    }
    auto end = session.finish(options.finish_deadline);
    result.transcript += mask(pending + end.out, prompts);
    if (end.status != transport::Status::ok) {
        result.error = end.status == transport::Status::timeout ? "the program did not exit after the last answer"
                                                                : "the connection broke before the program exited";
        return result;
    }
    result.exit_code = end.exit_code;
    result.ok = end.exit_code == 0;
    if (!result.ok) result.error = "exited with status " + std::to_string(end.exit_code);
    return result;
}

}  // namespace hactl::apply
