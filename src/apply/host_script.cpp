// The scripts of hactl's own host operations (apply/host_script.hpp). Each is
// constant text: values arrive as positional arguments.
#include "hactl/apply/host_script.hpp"

#include "hactl/contract/state_dir.hpp"
#include "hactl/transport/shell_quote.hpp"

namespace hactl::apply {

namespace {

// Every change to the lock happens inside one flock(1) critical section on
// STATE/lock.mutex, so that reading the lock, deciding and writing it are one
// atomic step for concurrent applies. The content is written to a temporary
// file and renamed into place: a reader (the probe, which takes no mutex)
// sees a whole lock file or none, never a half-written one.
constexpr std::string_view k_lock = R"SH(umask 022
op=$1 state=$2 ttl=$3 token=$4 owner=$5 machine=$6 pid=$7 pid_start=$8 steal=$9
lock=$state/lock
[ -d "$state" ] || mkdir -p "$state" || exit 4
command -v flock >/dev/null 2>&1 || { echo "$0: flock (util-linux) is not installed" >&2; exit 5; }
exec 9>>"$state/lock.mutex" || exit 4
flock -w 20 9 || { echo "$0: could not enter the lock's critical section within 20 s" >&2; exit 6; }
now=$(date +%s) || exit 4
# The current lock's fields, read with builtins only.
held= until= since=
if [ -e "$lock" ]; then
  while IFS='=' read -r key value; do
    case $key in token) held=$value ;; expires_epoch) until=$value ;; started_at) since=$value ;; esac
  done <"$lock"
fi
write() {
  exp=$((now + ttl))
  printf 'owner=%s\nmachine=%s\npid=%s\npid_start=%s\ntoken=%s\nstarted_at=%s\nexpires_at=%s\nexpires_epoch=%s\n' \
    "$owner" "$machine" "$pid" "$pid_start" "$token" "$1" "$(date -u -d "@$exp" +%Y-%m-%dT%H:%M:%SZ)" "$exp" \
    >"$lock.tmp.$$" && mv -f "$lock.tmp.$$" "$lock" || { rm -f "$lock.tmp.$$"; echo "$0: cannot write $lock" >&2; exit 4; }
}
utc_now() { date -u -d "@$now" +%Y-%m-%dT%H:%M:%SZ; }
case $op in
acquire)
  if [ -e "$lock" ]; then
    if [ "$held" = "$token" ]; then write "$since"; echo acquired; exit 0; fi
    live=1
    case $until in '' | *[!0-9]*) live=0 ;; *) [ "$now" -le "$until" ] || live=0 ;; esac
    if [ "$live" = 1 ] && { [ -z "$steal" ] || [ "$held" != "$steal" ]; }; then echo held; cat "$lock"; exit 0; fi
    previous=$(cat "$lock")
    write "$(utc_now)"
    echo taken_over
    printf '%s\n' "$previous"
    exit 0
  fi
  write "$(utc_now)"
  echo acquired ;;
refresh)
  if [ ! -e "$lock" ] || [ "$held" != "$token" ]; then echo lost; cat "$lock" 2>/dev/null; exit 0; fi
  write "$since"
  echo refreshed ;;
release)
  if [ -e "$lock" ] && [ "$held" = "$token" ]; then rm -f "$lock" || exit 4; fi
  echo released ;;
*) echo "$0: unknown operation $op" >&2; exit 2 ;;
esac
)SH";

// The job's own shell: records its identity (start time and boot id first,
// the pid last: the starter waits for it), runs the command with its output
// appended to the log, then records the exit status atomically.
constexpr std::string_view k_job_runner = R"SH(d=$1
hactl_start_of $$ >"$d/pid_start"
cat /proc/sys/kernel/random/boot_id >"$d/boot_id" 2>/dev/null
echo $$ >"$d/pid.tmp" && mv -f "$d/pid.tmp" "$d/pid"
sh -c "$2" >>"$d/log" 2>&1 </dev/null
echo $? >"$d/exit.tmp"
mv -f "$d/exit.tmp" "$d/exit"
)SH";

constexpr std::string_view k_job_start = R"SH(d=$1/jobs/$2
running() { [ -f "$d/pid" ] && [ ! -f "$d/exit" ] &&
  hactl_alive "$(cat "$d/pid")" "$(cat "$d/pid_start" 2>/dev/null)" "$(cat "$d/boot_id" 2>/dev/null)"; }
if running; then echo "$0: $2 is already running: pid $(cat "$d/pid")" >&2; exit 3; fi
rm -rf "$d" && mkdir -p "$d" || exit 1
printf '%s\n' "$3" >"$d/command"
date -u +%Y-%m-%dT%H:%M:%SZ >"$d/started_at"
: >"$d/log"
setsid sh -c "$runner" hactl-job "$d" "$3" </dev/null >/dev/null 2>&1 &
i=0
while [ ! -s "$d/pid" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
[ -s "$d/pid" ] || { echo "$0: the job did not start" >&2; exit 1; }
cat "$d/pid"
)SH";

constexpr std::string_view k_job_poll = R"SH(d=$1/jobs/$2
if [ ! -d "$d" ]; then echo state=missing; echo ---; exit 0; fi
pid=$(cat "$d/pid" 2>/dev/null)
if [ -f "$d/exit" ]; then echo state=finished; echo "exit=$(cat "$d/exit")"
elif hactl_alive "$pid" "$(cat "$d/pid_start" 2>/dev/null)" "$(cat "$d/boot_id" 2>/dev/null)"; then echo state=running
elif [ -f "$d/exit" ]; then echo state=finished; echo "exit=$(cat "$d/exit")"
else echo state=lost; fi
echo "pid=$pid"
echo ---
tail -c +$(($3 + 1)) "$d/log" 2>/dev/null | head -c "$4"
)SH";

constexpr std::string_view k_receipt_write = R"SH(dir=$1/receipts file=$1/receipts/$2
shift 2
mkdir -p "$dir" || exit 1
{
  echo "completed_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  for detail in "$@"; do printf '%s\n' "$detail"; done
} >"$file.tmp" && mv -f "$file.tmp" "$file"
)SH";

constexpr std::string_view k_receipt_remove = R"SH(rm -f "$1/receipts/$2"
)SH";

constexpr std::string_view k_state_check = R"SH(mkdir -p "$1" || exit 4
probe=$1/.hactl-write-check.$$
{ : >"$probe" && rm -f "$probe"; } || exit 4
for tool in flock setsid date sed tail head; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$0: $tool is not installed on this host" >&2; exit 5; }
done
echo ok
)SH";

std::string build(std::string_view body, bool alive, bool runner) {
    std::string text = "umask 022\n";
    if (alive) text += contract::state_dir::alive_functions;
    if (runner) {
        text += "runner=";
        text += transport::shell_quote(std::string(contract::state_dir::alive_functions) + std::string(k_job_runner));
        text += '\n';
    }
    text += body;
    return text;
}

}  // namespace

std::string_view host_op_name(HostOp op) {
    switch (op) {
        case HostOp::lock: return "hactl-lock";
        case HostOp::job_start: return "hactl-job-start";
        case HostOp::job_poll: return "hactl-job-poll";
        case HostOp::receipt_write: return "hactl-receipt-write";
        case HostOp::receipt_remove: return "hactl-receipt-remove";
        case HostOp::state_check: return "hactl-state-check";
    }
    return "hactl-unknown";
}

const std::string& host_op_script(HostOp op) {
    static const std::string lock = std::string(k_lock);
    static const std::string job_start = build(k_job_start, true, true);
    static const std::string job_poll = build(k_job_poll, true, false);
    static const std::string receipt_write = build(k_receipt_write, false, false);
    static const std::string receipt_remove = build(k_receipt_remove, false, false);
    static const std::string state_check = build(k_state_check, false, false);
    switch (op) {
        case HostOp::lock: return lock;
        case HostOp::job_start: return job_start;
        case HostOp::job_poll: return job_poll;
        case HostOp::receipt_write: return receipt_write;
        case HostOp::receipt_remove: return receipt_remove;
        case HostOp::state_check: return state_check;
    }
    return state_check;
}

std::string host_op_command(std::string_view privilege, HostOp op, const std::vector<std::string>& args) {
    std::string command;
    if (!privilege.empty()) {
        command += privilege;
        command += ' ';
    }
    command += "sh -c ";
    command += transport::shell_quote(host_op_script(op));
    command += ' ';
    command += host_op_name(op);
    for (const auto& arg : args) {
        command += ' ';
        command += transport::shell_quote(arg);
    }
    return command;
}

}  // namespace hactl::apply
