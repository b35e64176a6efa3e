#!/usr/bin/env bash
# The side-by-side benchmark (`make bench`, issue 6): what the gateway costs on top of the model.
#
# Every configuration runs against the same deterministic mock model (build/mock-backend, one thread), on
# loopback, in this one run, so the ratios hold on a noisy machine:
#   direct   load generator -> mock backend                       (the floor: zero overhead)
#   nginx    load generator -> nginx (plain proxy_pass) -> mock   (the cost of any extra hop)
#   gateway  load generator -> responses-gateway -> mock          (Responses API, store false and true)
# and measures: non-streaming throughput at saturation and latency at fixed rates; a 500-token stream at
# 1/64/512 concurrent streams (first delta, per-token relay cost), and the same concurrency at a model's
# pace (first delta without the wait for a saturated mock); gateway RSS idle and with 1000 open
# streams; CPU per 1000 requests; the pure translation cost (build/gw_micro_bench, when built). It prints
# one Markdown report, also written to bench/results/latest.md, with the issue's targets checked.
#
# Knobs (environment): DURATION (s per measured run, 10), WARMUP (s, 1), SAT_CONNECTIONS (32), RATES
# ("500 2000"), RATE_CONNECTIONS (32), STREAM_TOKENS (500), STREAM_CONCURRENCY ("1 64 512"), PACED_TOKENS
# (50), PACED_DELAY_MS (10), PACED_DURATION (s per paced run, 5),
# HOLD_STREAMS (1000), HOLD_SECONDS (3), LOADGEN_THREADS (1), BUILD (build), LOADGEN ($BUILD/loadgen),
# MICRO_ARGS (extra gw_micro_bench flags), RESULTS (bench/results/latest.md).
# BENCH_QUICK=1: a ~1-minute smoke run (2 s runs, one rate, 100-token streams so that 512 of them finish).
# Defaults: about 23 runs of WARMUP+DURATION = 11 s and 9 paced runs of 6 s, so ~6 minutes; under 10 with the
# build and install.
# The awk expressions given to calc are in single quotes on purpose ($1 is awk's first value).
# shellcheck disable=SC2016
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
loadavg_before=$(cut -d' ' -f1-3 /proc/loadavg) # other work on the machine skews the figures

if [[ ${BENCH_QUICK:-0} == 1 ]]; then
  : "${DURATION:=2}" "${WARMUP:=1}" "${RATES:=500}" "${STREAM_TOKENS:=100}" "${PACED_TOKENS:=20}" "${PACED_DURATION:=2}"
  : "${HOLD_STREAMS:=1000}" "${HOLD_SECONDS:=1}" "${MICRO_ARGS:=--benchmark_min_time=0.05}"
fi
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-1}
SAT_CONNECTIONS=${SAT_CONNECTIONS:-32}
RATES=${RATES:-500 2000}
RATE_CONNECTIONS=${RATE_CONNECTIONS:-32}
STREAM_TOKENS=${STREAM_TOKENS:-500}
STREAM_CONCURRENCY=${STREAM_CONCURRENCY:-1 64 512}
PACED_TOKENS=${PACED_TOKENS:-50} # paced streams: PACED_TOKENS tokens, one every PACED_DELAY_MS, like a model
PACED_DELAY_MS=${PACED_DELAY_MS:-10}
PACED_DURATION=${PACED_DURATION:-5} # s per paced run: each stream lasts 0.5 s, so 10 per connection
HOLD_STREAMS=${HOLD_STREAMS:-1000}
HOLD_SECONDS=${HOLD_SECONDS:-3}
LOADGEN_THREADS=${LOADGEN_THREADS:-1}
BUILD=${BUILD:-build}
LOADGEN=${LOADGEN:-$BUILD/loadgen}
MICRO_ARGS=${MICRO_ARGS:-}
RESULTS=${RESULTS:-bench/results/latest.md}

log() { printf '%s\n' "$*" >&2; }
die() { log "bench: $*"; exit 1; }

# ----------------------------------------------------------------------------------------------------------
# Processes and cleanup. Everything started here is in `pids` (plus the running load generator) and is
# stopped on any exit, Ctrl-C included; the temp dir goes with it. Background children of a script ignore
# SIGINT, so the trap has to kill them.
work=$(mktemp -d "${TMPDIR:-/tmp}/gw-bench.XXXXXX")
res=$work/results
mkdir -p "$res"
pids=()
current_lg=""
policy_rc_added=0
sudo=""
[[ $(id -u) -ne 0 ]] && sudo=sudo

cleanup() {
  trap - EXIT INT TERM
  set +e
  local pid
  [[ -n $current_lg ]] && kill -TERM "$current_lg" 2>/dev/null
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for _ in $(seq 30); do
    local alive=0
    for pid in "${pids[@]}" $current_lg; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for pid in "${pids[@]}" $current_lg; do kill -KILL "$pid" 2>/dev/null; done
  wait 2>/dev/null
  ((policy_rc_added)) && $sudo rm -f /usr/sbin/policy-rc.d
  rm -rf "$work"
}
trap cleanup EXIT
trap 'log "bench: interrupted"; exit 130' INT
trap 'exit 143' TERM

# 1000 held streams are 2000+ sockets in the gateway (client + upstream) and in the load generator.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null || true

# ----------------------------------------------------------------------------------------------------------
# Prerequisites: the binaries (built if missing), nginx and jq from Debian (installed if missing).
ensure_binaries() {
  local targets=() t
  for t in mock-backend responses-gateway loadgen; do
    [[ $t == loadgen && $LOADGEN != "$BUILD/loadgen" ]] && continue
    [[ -x $BUILD/$t ]] || targets+=("$t")
  done
  ((${#targets[@]})) || return 0
  log "building ${targets[*]}"
  if [[ -f $BUILD/build.ninja || -f $BUILD/Makefile ]]; then
    cmake --build "$BUILD" --target "${targets[@]}" >&2
  else
    make build >&2
  fi
  for t in "${targets[@]}"; do [[ -x $BUILD/$t ]] || die "$BUILD/$t was not built"; done
}

ensure_packages() {
  local missing=()
  command -v jq >/dev/null || missing+=(jq)
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  [[ -x $nginx_bin ]] || missing+=(nginx)
  ((${#missing[@]})) || return 0
  log "installing ${missing[*]}"
  # The nginx package's postinst starts the system nginx service (port 80), which must not run: a
  # policy-rc.d denying every service start is in place during the install (Docker images ship one).
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\n# bench/run.sh: no service starts while it installs nginx\nexit 101\n' |
      $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    policy_rc_added=1
  fi
  $sudo apt-get update -qq >&2
  # Debian 12's `nginx` is the binary itself; older releases need nginx-light.
  local install=(${sudo:+"$sudo"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends)
  "${install[@]}" "${missing[@]}" >&2 || "${install[@]}" "${missing[@]/#nginx/nginx-light}" >&2
  if ((policy_rc_added)); then $sudo rm -f /usr/sbin/policy-rc.d; policy_rc_added=0; fi
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  [[ -x $nginx_bin ]] || die "nginx is not installed"
  command -v jq >/dev/null || die "jq is not installed"
}

# ----------------------------------------------------------------------------------------------------------
# Helpers.

# A port nobody listens on, below the ephemeral range (32768+) so no outgoing connection holds it.
free_port() {
  local p
  for _ in $(seq 200); do
    p=$((10000 + RANDOM % 22000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  die "no free port found"
}

# wait_port PORT PID LOGFILE: until PORT accepts connections; fails if PID dies or after 10 s.
wait_port() {
  for _ in $(seq 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { cat "$3" >&2; die "process $2 exited before listening on $1"; }
    sleep 0.05
  done
  cat "$3" >&2
  die "nothing listens on port $1 after 10 s"
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# user+sys CPU of a process, in ms ("" for no process). /proc/PID/stat fields 14 and 15 are in clock
# ticks; the name field may hold spaces, so the fields are counted after its closing parenthesis.
clk_tck=$(getconf CLK_TCK)
cpu_ms() {
  [[ -n ${1:-} ]] || return 0
  local stat
  stat=$(<"/proc/$1/stat")
  stat=${stat##*) }
  awk -v t="$clk_tck" '{ printf "%.1f\n", ($12 + $13) * 1000 / t }' <<<"$stat"
}

# json NAME FILTER: a figure of a load generator result ("" when absent or the run failed).
json() { jq -r "($2) // empty" "$res/$1.json" 2>/dev/null || true; }

# calc FORMAT EXPR VALUES...: awk EXPR over $1..$n; "–" when a value is missing or the division fails.
calc() {
  local fmt=$1 expr=$2 v
  shift 2
  for v in "$@"; do [[ $v =~ ^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$ ]] || { echo "–"; return 0; }; done
  local out
  out=$(echo "$@" | awk "{ printf \"$fmt\", $expr }" 2>/dev/null) || out=""
  [[ -n $out && ! $out =~ (inf|nan) ]] || out="–"
  echo "$out"
}

# check VALUE OP LIMIT: ✅ or ❌ (OP is <= or >=), "–" without a value.
check() {
  [[ $1 =~ ^-?[0-9]+(\.[0-9]+)?$ ]] || { echo "–"; return 0; }
  awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = (op == "<=") ? (v <= l) : (v >= l); print ok ? "✅" : "❌" }'
}

# ----------------------------------------------------------------------------------------------------------
# The servers. One mock backend serves every configuration.
start_mock() {
  "$BUILD/mock-backend" --port 0 --threads 1 >"$work/mock.out" 2>"$work/mock.err" &
  mock_pid=$!
  pids+=("$mock_pid")
  for _ in $(seq 200); do
    grep -q listening "$work/mock.out" 2>/dev/null && break
    kill -0 "$mock_pid" 2>/dev/null || { cat "$work/mock.err" >&2; die "mock-backend exited"; }
    sleep 0.05
  done
  mock_port=$(sed -n 's/^mock-backend listening on .*:\([0-9]*\)$/\1/p' "$work/mock.out")
  [[ -n $mock_port ]] || die "mock-backend printed no port"
}

start_nginx() {
  local dir=$work/nginx
  mkdir -p "$dir"
  nginx_port=$(free_port)
  sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$nginx_port|g" -e "s|@MOCK_PORT@|$mock_port|g" \
    bench/nginx.conf.in >"$dir/nginx.conf"
  "$nginx_bin" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" 2>"$dir/stderr.log" &
  nginx_pid=$!
  pids+=("$nginx_pid")
  wait_port "$nginx_port" "$nginx_pid" "$dir/stderr.log"
}

# start_gateway NAME: a gateway with its own data dir; sets gw_pid and gw_port. One I/O thread, like the
# nginx worker and the mock. --shutdown-grace 0 so that cleanup does not wait for held streams.
start_gateway() {
  gw_port=$(free_port)
  "$BUILD/responses-gateway" --host 127.0.0.1 --port "$gw_port" \
    --backend-url "http://127.0.0.1:$mock_port/v1" --data-dir "$work/gw-$1" \
    --log-level warn --io-threads 1 --shutdown-grace 0 2>"$work/gw-$1.err" &
  gw_pid=$!
  pids+=("$gw_pid")
  wait_port "$gw_port" "$gw_pid" "$work/gw-$1.err"
}

stop_process() {
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# ----------------------------------------------------------------------------------------------------------
# Request bodies. The mock's [[directives]] script the answer: [[tokens N]] is N tokens (N deltas).
write_bodies() {
  local chat='{"model":"m","messages":[{"role":"user","content":"%s"}]%s}'
  # shellcheck disable=SC2059
  {
    printf "$chat" "[[tokens 20]]" "" >"$work/chat.json"
    printf "$chat" "[[tokens $STREAM_TOKENS]]" ',"stream":true,"stream_options":{"include_usage":true}' \
      >"$work/chat-stream.json"
    printf "$chat" "[[tokens $PACED_TOKENS]] [[chunk_delay_ms $PACED_DELAY_MS]]" \
      ',"stream":true,"stream_options":{"include_usage":true}' >"$work/chat-paced.json"
    # Held streams: the first chunk at once, the next one a minute later.
    printf "$chat" "[[tokens 2]] [[chunk_delay_ms 60000]]" ',"stream":true' >"$work/chat-hold.json"
  }
  echo '{"model":"m","input":"[[tokens 20]]","store":false}' >"$work/resp-nostore.json"
  echo '{"model":"m","input":"[[tokens 20]]","store":true}' >"$work/resp-store.json"
  # Streams without storage: what is measured is the relay, not the one SQLite write at the end.
  echo "{\"model\":\"m\",\"input\":\"[[tokens $STREAM_TOKENS]]\",\"stream\":true,\"store\":false}" \
    >"$work/resp-stream.json"
  echo "{\"model\":\"m\",\"input\":\"[[tokens $PACED_TOKENS]] [[chunk_delay_ms $PACED_DELAY_MS]]\",\"stream\":true,\"store\":false}" \
    >"$work/resp-paced.json"
  echo '{"model":"m","input":"[[tokens 2]] [[chunk_delay_ms 60000]]","stream":true,"store":false}' \
    >"$work/resp-hold.json"
}

# target CONFIG KIND: the URL, body file and proxy pid of a configuration (KIND: plain, stream, paced, hold).
target() {
  local kind=$2
  case $1 in
  direct) t_url=http://127.0.0.1:$mock_port/v1/chat/completions t_pid="" t_body=$work/chat ;;
  nginx) t_url=http://127.0.0.1:$nginx_port/v1/chat/completions t_pid=$nginx_pid t_body=$work/chat ;;
  gw) t_url=http://127.0.0.1:$gw_port/v1/responses t_pid=$gw_pid t_body=$work/resp ;;
  gw_nostore) t_url=http://127.0.0.1:$gw_port/v1/responses t_pid=$gw_pid t_body=$work/resp-nostore ;;
  gw_store) t_url=http://127.0.0.1:$gw_port/v1/responses t_pid=$gw_pid t_body=$work/resp-store ;;
  esac
  case $kind in
  plain) t_body=$t_body.json ;;
  *) t_body=$t_body-$kind.json ;;
  esac
}

# ----------------------------------------------------------------------------------------------------------
# One load generator run: measure NAME CONFIG KIND LOADGEN_ARGS... writes $res/NAME.json, the load
# generator's JSON plus the CPU (ms) the proxy and the mock used in the measured window (from the end of
# the warm-up to the end of the run). A failed run is recorded as {"failed": ...} and the table shows "–".
run_count=0
measure() {
  local name=$1 cfg=$2 kind=$3
  shift 3
  target "$cfg" "$kind"
  run_count=$((run_count + 1))
  "$LOADGEN" --url "$t_url" --method POST --body-file "$t_body" --header "Content-Type: application/json" \
    --threads "$LOADGEN_THREADS" --warmup "$WARMUP" --duration "$DURATION" "$@" \
    >"$res/$name.out" 2>"$res/$name.err" &
  current_lg=$!
  # CPU at the end of the warm-up, sampled beside the run.
  (
    sleep "$WARMUP"
    echo "$(cpu_ms "$t_pid") $(cpu_ms "$mock_pid")"
  ) >"$res/$name.cpu0" 2>/dev/null &
  local sampler=$! rc=0
  wait "$current_lg" || rc=$?
  current_lg=""
  local p1 m1 p0 m0
  p1=$(cpu_ms "$t_pid")
  m1=$(cpu_ms "$mock_pid")
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  read -r p0 m0 <"$res/$name.cpu0" || true
  if ((rc == 0)) && jq -e '.requests' "$res/$name.out" >/dev/null 2>&1; then
    jq --arg cp "$(calc '%.1f' '$2-$1' "${p0:-}" "$p1")" --arg cm "$(calc '%.1f' '$2-$1' "${m0:-}" "$m1")" \
      '. + {cpu_proxy_ms: ($cp | tonumber? // null), cpu_mock_ms: ($cm | tonumber? // null)}' \
      "$res/$name.out" >"$res/$name.json"
  else
    jq -n --arg e "exit $rc: $(tail -c 300 "$res/$name.err")" '{failed: $e}' >"$res/$name.json"
  fi
  local summary
  summary=$(jq -r 'if .failed then "FAILED (\(.failed))" else
    "\(.rps | floor) req/s, p50 \(.latency_us.p50 | floor) µs, p99 \(.latency_us.p99 | floor) µs" +
    (if (.errors // 0) + (.non_2xx // 0) > 0 then ", \(.errors) errors, \(.non_2xx) non-2xx" else "" end)
    end' "$res/$name.json")
  log "  [$run_count] $name: $summary"
}

# hold NAME CONFIG PID: HOLD_STREAMS open streams through CONFIG; RSS of PID before, and once all are
# open (the load generator says "open N" on stderr). Writes $res/NAME.mem: "idle_kb held_kb open".
hold() {
  local name=$1 cfg=$2 pid=$3 idle held="" open=""
  target "$cfg" hold
  sleep 0.5
  idle=$(rss_kb "$pid")
  "$LOADGEN" --url "$t_url" --method POST --body-file "$t_body" --header "Content-Type: application/json" \
    --threads "$LOADGEN_THREADS" --mode hold --connections "$HOLD_STREAMS" --hold-seconds "$HOLD_SECONDS" \
    >"$res/$name.out" 2>"$res/$name.err" &
  current_lg=$!
  for _ in $(seq 1200); do # 60 s
    if grep -q '^open' "$res/$name.err" 2>/dev/null; then
      sleep 0.2 # let the last stream's first chunk through
      held=$(rss_kb "$pid")
      break
    fi
    kill -0 "$current_lg" 2>/dev/null || break
    sleep 0.05
  done
  [[ -n $held ]] || kill -TERM "$current_lg" 2>/dev/null || true
  wait "$current_lg" 2>/dev/null || true
  current_lg=""
  open=$(jq -r '.open // empty' "$res/$name.out" 2>/dev/null || true)
  echo "$idle ${held:-–} ${open:-–}" >"$res/$name.mem"
  log "  $name: RSS idle $idle KB, with ${open:-?} open streams ${held:-?} KB"
}

# ----------------------------------------------------------------------------------------------------------
# The measurements, each one over all configurations back to back.
nonstream_configs=(direct nginx gw_nostore gw_store)
stream_configs=(direct nginx gw)

bench_saturation() {
  log "non-streaming, saturation ($SAT_CONNECTIONS connections)"
  local c
  for c in "${nonstream_configs[@]}"; do
    measure "sat-$c" "$c" plain --mode saturate --connections "$SAT_CONNECTIONS"
  done
}

bench_rates() {
  local r c
  for r in $RATES; do
    log "non-streaming, fixed rate $r req/s"
    for c in "${nonstream_configs[@]}"; do
      measure "rate$r-$c" "$c" plain --mode rate --rate "$r" --connections "$RATE_CONNECTIONS"
    done
  done
}

bench_streams() {
  local n c
  for n in $STREAM_CONCURRENCY; do
    log "streaming, $STREAM_TOKENS tokens, $n concurrent"
    for c in "${stream_configs[@]}"; do
      measure "stream$n-$c" "$c" stream --mode stream --connections "$n"
    done
  done
}

# The same streams at a model's pace: the mock is far from saturated, so the first delta measures the relay
# rather than the wait for a busy single-threaded mock.
bench_paced() {
  local n c
  for n in $STREAM_CONCURRENCY; do
    log "paced streaming, $PACED_TOKENS tokens one every $PACED_DELAY_MS ms, $n concurrent"
    for c in "${stream_configs[@]}"; do
      measure "paced$n-$c" "$c" paced --mode stream --connections "$n" --duration "$PACED_DURATION"
    done
  done
}

# Memory on a fresh gateway, so that allocator caches grown by the earlier runs do not hide the cost of a
# stream. It is warmed by one request of each kind first (lazy state: the backend connection pool,
# SQLite, ...). nginx, warm from the runs, is measured the same way for comparison.
bench_memory() {
  log "memory, $HOLD_STREAMS open streams"
  hold hold-nginx nginx "$nginx_pid"
  stop_process "$gw_pid"
  start_gateway mem
  gw_rss_start=$(rss_kb "$gw_pid")
  curl -fsS -o /dev/null -H 'Content-Type: application/json' --data-binary "@$work/resp-store.json" \
    "http://127.0.0.1:$gw_port/v1/responses" || log "  warm-up request failed"
  curl -fsSN -o /dev/null -H 'Content-Type: application/json' --data-binary "@$work/resp-stream.json" \
    "http://127.0.0.1:$gw_port/v1/responses" || log "  warm-up stream failed"
  hold hold-gw gw "$gw_pid"
}

bench_micro() {
  [[ -x $BUILD/gw_micro_bench ]] || { log "no $BUILD/gw_micro_bench: translation cost skipped"; return 0; }
  log "translation micro-benchmarks (gw_micro_bench)"
  # shellcheck disable=SC2086
  "$BUILD/gw_micro_bench" --benchmark_format=json $MICRO_ARGS >"$res/micro.json" 2>"$res/micro.err" ||
    "$BUILD/gw_micro_bench" --benchmark_format=json >"$res/micro.json" 2>"$res/micro.err" ||
    log "  gw_micro_bench failed: $(tail -c 300 "$res/micro.err")"
}

# ----------------------------------------------------------------------------------------------------------
# The report.

machine() {
  local cpu kernel
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  kernel=$(uname -sr)
  echo "Machine: $(nproc) CPUs, ${cpu:-unknown CPU}, $kernel, $(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM;" \
    "load average $loadavg_before before the run."
  echo "Build: $(git rev-parse --short HEAD 2>/dev/null || echo '?') ($BUILD), $("$BUILD/responses-gateway" --version 2>/dev/null | head -1)," \
    "$("$nginx_bin" -v 2>&1 | sed 's/^nginx version: //')."
  echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'); ${WARMUP} s warm-up + ${DURATION} s per run; load generator" \
    "$(basename "$LOADGEN"), $LOADGEN_THREADS thread(s); mock backend, nginx worker and gateway I/O each on one thread."
}

label() {
  case $1 in
  direct) echo "direct (mock backend)" ;;
  nginx) echo "nginx hop" ;;
  gw) echo "gateway" ;;
  gw_nostore) echo "gateway, \`store: false\`" ;;
  gw_store) echo "gateway, \`store: true\`" ;;
  esac
}

# A rate run's latency; marked † when the configuration did not sustain the rate (< 95 % reached).
rate_latency() { # NAME PERCENTILE RATE
  local v rps
  v=$(json "$1" ".latency_us.$2")
  rps=$(json "$1" .rps)
  [[ -n $v ]] || { echo "–"; return 0; }
  if [[ $(calc '%d' '$1 < 0.95 * $2' "$rps" "$3") == 1 ]]; then echo "$(calc '%.0f' '$1' "$v") †"; else calc '%.0f' '$1' "$v"; fi
}

report_nonstream() {
  local r c head sep
  echo "### Non-streaming: one turn, 20 tokens"
  echo
  head="| configuration | req/s at saturation ($SAT_CONNECTIONS conn.) | proxy CPU ms / 1k req | mock CPU ms / 1k req |"
  sep="|---|---:|---:|---:|"
  for r in $RATES; do head+=" p50 µs @ $r/s | p99 µs @ $r/s |"; sep+="---:|---:|"; done
  echo "$head"
  echo "$sep"
  for c in "${nonstream_configs[@]}"; do
    local row req
    req=$(json "sat-$c" .requests)
    row="| $(label "$c") | $(calc '%.0f' '$1' "$(json "sat-$c" .rps)")"
    row+=" | $(calc '%.1f' '$1 * 1000 / $2' "$(json "sat-$c" .cpu_proxy_ms)" "$req")"
    row+=" | $(calc '%.1f' '$1 * 1000 / $2' "$(json "sat-$c" .cpu_mock_ms)" "$req") |"
    for r in $RATES; do
      row+=" $(rate_latency "rate$r-$c" p50 "$r") | $(rate_latency "rate$r-$c" p99 "$r") |"
    done
    echo "$row"
  done
  # Ratio rows: throughput as a share, CPU as a factor, latency as µs added.
  local g base
  for g in gw_nostore gw_store; do
    for base in direct nginx; do
      local row
      row="| *$(label "$g") vs $(label "$base")* | $(calc '%.0f %%' '100 * $1 / $2' "$(json "sat-$g" .rps)" "$(json "sat-$base" .rps)")"
      if [[ $base == nginx ]]; then
        row+=" | $(calc '×%.2f' '($1 / $2) / ($3 / $4)' "$(json "sat-$g" .cpu_proxy_ms)" "$(json "sat-$g" .requests)" \
          "$(json "sat-nginx" .cpu_proxy_ms)" "$(json "sat-nginx" .requests)")"
      else
        row+=" | "
      fi
      row+=" | |"
      for r in $RATES; do
        row+=" $(calc '%+.0f' '$1 - $2' "$(json "rate$r-$g" .latency_us.p50)" "$(json "rate$r-$base" .latency_us.p50)")"
        row+=" | $(calc '%+.0f' '$1 - $2' "$(json "rate$r-$g" .latency_us.p99)" "$(json "rate$r-$base" .latency_us.p99)") |"
      done
      echo "$row"
    done
  done
  echo
  echo "CPU is user+sys of the proxy process (nginx, gateway) and of the mock over the measured window." \
    "Ratio rows: throughput as a share of the other configuration, CPU per request as a factor, latency" \
    "as µs added. † = the configuration did not reach 95 % of the fixed rate."
}

# per_delta_us: the mean gap between two deltas of a stream (the p50 if it is ever a percentile object).
per_delta() { json "$1" '.per_delta_us | if type == "object" then .p50 else . end'; }

# The time the system spends per token: the gap between two deltas of one stream divided by the streams
# running side by side (N streams each get a delta per gap: N tokens per gap). With one stream it is the
# gap itself, so the gateway's figure minus direct's is the relay cost per token at any concurrency.
per_token() { calc '%.2f' '$1 / $2' "$(per_delta "$1")" "$2"; }

# Tokens relayed in a stream run: the load generator's delta count, or completed streams × tokens.
tokens_relayed() {
  local d
  d=$(json "$1" .deltas)
  if [[ -n $d ]]; then echo "$d"; else calc '%.0f' '$1 * $2' "$(json "$1" .requests)" "$STREAM_TOKENS"; fi
}

report_streams() {
  local n c
  echo "### Streaming: $STREAM_TOKENS tokens (one delta each)"
  echo
  echo "| streams | configuration | streams/s | TTFB p50 µs | first delta p50 µs | first delta p99 µs |" \
    "stream p50 ms | delta gap µs | µs per token | proxy CPU µs / token | mock CPU µs / token |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for n in $STREAM_CONCURRENCY; do
    for c in "${stream_configs[@]}"; do
      local name=stream$n-$c tokens
      tokens=$(tokens_relayed "$name")
      echo "| $n | $(label "$c") | $(calc '%.1f' '$1' "$(json "$name" .rps)")" \
        "| $(calc '%.0f' '$1' "$(json "$name" .ttfb_us.p50)")" \
        "| $(calc '%.0f' '$1' "$(json "$name" .first_delta_us.p50)")" \
        "| $(calc '%.0f' '$1' "$(json "$name" .first_delta_us.p99)")" \
        "| $(calc '%.1f' '$1 / 1000' "$(json "$name" .stream_us.p50)")" \
        "| $(calc '%.2f' '$1' "$(per_delta "$name")") | $(per_token "$name" "$n")" \
        "| $(calc '%.2f' '$1 * 1000 / $2' "$(json "$name" .cpu_proxy_ms)" "$tokens")" \
        "| $(calc '%.2f' '$1 * 1000 / $2' "$(json "$name" .cpu_mock_ms)" "$tokens") |"
    done
    for c in nginx gw; do
      local a=stream$n-$c b=stream$n-direct
      echo "| $n | *$(label "$c") − direct* | |" \
        "$(calc '%+.0f' '$1 - $2' "$(json "$a" .ttfb_us.p50)" "$(json "$b" .ttfb_us.p50)")" \
        "| $(calc '%+.0f' '$1 - $2' "$(json "$a" .first_delta_us.p50)" "$(json "$b" .first_delta_us.p50)")" \
        "| $(calc '%+.0f' '$1 - $2' "$(json "$a" .first_delta_us.p99)" "$(json "$b" .first_delta_us.p99)")" \
        "| $(calc '%+.1f' '($1 - $2) / 1000' "$(json "$a" .stream_us.p50)" "$(json "$b" .stream_us.p50)")" \
        "| $(calc '%+.2f' '$1 - $2' "$(per_delta "$a")" "$(per_delta "$b")")" \
        "| $(calc '%+.2f' '$1 - $2' "$(per_token "$a" "$n")" "$(per_token "$b" "$n")") | | |"
    done
  done
  echo
  echo "Delta gap = the mean time between two deltas of one stream, as the client sees it. µs per token =" \
    "that gap ÷ the concurrent streams (the system's time per token); the difference to direct is the" \
    "relay cost per token. CPU per token = the process's user+sys time ÷ the deltas relayed. Stream =" \
    "request sent to last byte. The mock is on one thread, so from 64 streams on it is saturated and first" \
    "delta times include the wait for it (the paced table below measures first deltas without that wait)."
}

report_paced() {
  local n c
  echo "### Streaming at a model's pace: $PACED_TOKENS tokens, one every $PACED_DELAY_MS ms"
  echo
  echo "| streams | configuration | streams/s | TTFB p50 µs | first delta p50 µs | first delta p99 µs |" \
    "stream p50 ms | proxy CPU µs / token |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|"
  for n in $STREAM_CONCURRENCY; do
    for c in "${stream_configs[@]}"; do
      local name=paced$n-$c
      echo "| $n | $(label "$c") | $(calc '%.1f' '$1' "$(json "$name" .rps)")" \
        "| $(calc '%.0f' '$1' "$(json "$name" .ttfb_us.p50)")" \
        "| $(calc '%.0f' '$1' "$(json "$name" .first_delta_us.p50)")" \
        "| $(calc '%.0f' '$1' "$(json "$name" .first_delta_us.p99)")" \
        "| $(calc '%.1f' '$1 / 1000' "$(json "$name" .stream_us.p50)")" \
        "| $(calc '%.2f' '$1 * 1000 / $2' "$(json "$name" .cpu_proxy_ms)" "$(tokens_relayed "$name")") |"
    done
    for c in nginx gw; do
      local a=paced$n-$c b=paced$n-direct
      echo "| $n | *$(label "$c") − direct* | |" \
        "$(calc '%+.0f' '$1 - $2' "$(json "$a" .ttfb_us.p50)" "$(json "$b" .ttfb_us.p50)")" \
        "| $(calc '%+.0f' '$1 - $2' "$(json "$a" .first_delta_us.p50)" "$(json "$b" .first_delta_us.p50)")" \
        "| $(calc '%+.0f' '$1 - $2' "$(json "$a" .first_delta_us.p99)" "$(json "$b" .first_delta_us.p99)")" \
        "| $(calc '%+.1f' '($1 - $2) / 1000' "$(json "$a" .stream_us.p50)" "$(json "$b" .stream_us.p50)") | |"
    done
  done
}

report_memory() {
  local gi gh go ni nh no
  read -r gi gh go <"$res/hold-gw.mem" 2>/dev/null || true
  read -r ni nh no <"$res/hold-nginx.mem" 2>/dev/null || true
  echo "### Memory: $HOLD_STREAMS open streams"
  echo
  echo "| process | RSS at start KB | RSS idle KB | RSS with open streams KB | streams open | per stream KB |"
  echo "|---|---:|---:|---:|---:|---:|"
  echo "| gateway (fresh) | ${gw_rss_start:-–} | ${gi:-–} | ${gh:-–} | ${go:-–} | $(calc '%.1f' '($2 - $1) / $3' "${gi:-}" "${gh:-}" "${go:-}") |"
  echo "| nginx (after the runs) | | ${ni:-–} | ${nh:-–} | ${no:-–} | $(calc '%.1f' '($2 - $1) / $3' "${ni:-}" "${nh:-}" "${no:-}") |"
  echo
  echo "VmRSS from /proc; each stream holds a client and an upstream connection, its first chunk sent."
}

report_micro() {
  echo "### Translation cost (gw_micro_bench)"
  echo
  if ! jq -e '.benchmarks | length > 0' "$res/micro.json" >/dev/null 2>&1; then
    echo "Not measured: $BUILD/gw_micro_bench is not built or failed."
    return 0
  fi
  echo "| benchmark | ns per iteration (CPU) | ns per item |"
  echo "|---|---:|---:|"
  # A benchmark that sets items processed (e.g. the deltas of one stream) gets its per-item cost too.
  jq -r 'def n: if . >= 100 then round else (. * 10 | round) / 10 end;
    .benchmarks[] | select((.run_type // "iteration") == "iteration")
    | (.cpu_time * ({"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[.time_unit // "ns"])) as $ns
    | "| \(.name) | \($ns | n) | \(if .items_per_second then (1e9 / .items_per_second | n) else "" end) |"' \
    "$res/micro.json"
}

report_targets() {
  local r=500 n
  echo "### Targets (issue 6)"
  echo
  echo "| target | limit | measured | |"
  echo "|---|---:|---:|:-:|"
  local g v
  for g in gw_nostore gw_store; do
    v=$(calc '%.0f' '$1 - $2' "$(json "rate$r-$g" .latency_us.p50)" "$(json "rate$r-direct" .latency_us.p50)")
    echo "| added latency p50 at $r req/s, $(label "$g") | ≤ 150 µs | $v µs | $(check "$v" "<=" 150) |"
    v=$(calc '%.0f' '$1 - $2' "$(json "rate$r-$g" .latency_us.p99)" "$(json "rate$r-direct" .latency_us.p99)")
    echo "| added latency p99 at $r req/s, $(label "$g") | ≤ 1000 µs | $v µs | $(check "$v" "<=" 1000) |"
  done
  for n in $STREAM_CONCURRENCY; do
    v=$(calc '%.0f' '$1 - $2' "$(json "paced$n-gw" .first_delta_us.p50)" "$(json "paced$n-direct" .first_delta_us.p50)")
    echo "| streaming first-delta overhead p50, $n concurrent, model's pace | ≤ 1000 µs | $v µs | $(check "$v" "<=" 1000) |"
  done
  # With the single-threaded mock saturated, a first delta waits behind the other streams' tokens, and
  # every process on the two cores slows the mock: shown, but it measures that wait, not the relay.
  for n in $STREAM_CONCURRENCY; do
    v=$(calc '%.0f' '$1 - $2' "$(json "stream$n-gw" .first_delta_us.p50)" "$(json "stream$n-direct" .first_delta_us.p50)")
    echo "| *streaming first-delta overhead p50, $n concurrent, mock saturated* | *≤ 1000 µs* | $v µs | $(check "$v" "<=" 1000) |"
  done
  for n in $STREAM_CONCURRENCY; do
    v=$(calc '%.2f' '$1 - $2' "$(per_token "stream$n-gw" "$n")" "$(per_token "stream$n-direct" "$n")")
    echo "| streaming per-token relay cost, $n concurrent | ≤ 5 µs | $v µs | $(check "$v" "<=" 5) |"
  done
  # The same cost seen as CPU: what the gateway process burns per token relayed (not a target of the
  # issue as written; shown because the client-side figure hides work done on the other core).
  for n in $STREAM_CONCURRENCY; do
    v=$(calc '%.2f' '$1 * 1000 / $2' "$(json "stream$n-gw" .cpu_proxy_ms)" "$(tokens_relayed "stream$n-gw")")
    echo "| *gateway CPU per token relayed, $n concurrent* | *≤ 5 µs* | $v µs | $(check "$v" "<=" 5) |"
  done
  for g in gw_nostore gw_store; do
    v=$(calc '%.0f' '100 * $1 / $2' "$(json "sat-$g" .rps)" "$(json "sat-nginx" .rps)")
    echo "| saturation throughput, $(label "$g") vs nginx hop | ≥ 80 % | $v % | $(check "$v" ">=" 80) |"
  done
  local gi gh go
  read -r gi gh go <"$res/hold-gw.mem" 2>/dev/null || true
  v=$(calc '%.1f' '($2 - $1) / $3' "${gi:-}" "${gh:-}" "${go:-}")
  echo "| gateway RSS per open stream | ≤ 64 KB | $v KB | $(check "$v" "<=" 64) |"
}

report_problems() {
  local f problems
  problems=$(for f in "$res"/*.json; do
    [[ $(basename "$f") == micro.json ]] && continue
    jq -r --arg n "$(basename "$f" .json)" 'if .failed then "- \($n): failed (\(.failed))"
      elif ((.errors // 0) + (.non_2xx // 0)) > 0 then "- \($n): \(.errors) errors, \(.non_2xx) non-2xx of \(.requests) requests"
      else empty end' "$f" 2>/dev/null
  done)
  [[ -n $problems ]] || return 0
  echo
  echo "Runs with errors:"
  echo
  echo "$problems"
}

report() {
  echo "## Benchmark: gateway vs nginx hop vs direct"
  echo
  machine
  echo
  report_nonstream
  echo
  report_streams
  echo
  report_paced
  echo
  report_memory
  echo
  report_micro
  echo
  report_targets
  report_problems
}

# ----------------------------------------------------------------------------------------------------------
main() {
  ensure_binaries
  [[ -x $LOADGEN ]] || die "no load generator at $LOADGEN"
  ensure_packages
  write_bodies
  start_mock
  start_nginx
  start_gateway main
  log "mock :$mock_port, nginx :$nginx_port, gateway :$gw_port; ${WARMUP}+${DURATION} s per run"
  bench_saturation
  bench_rates
  bench_streams
  bench_paced
  bench_memory
  bench_micro
  report >"$work/report.md"
  mkdir -p "$(dirname "$RESULTS")"
  cp "$work/report.md" "$RESULTS"
  cat "$work/report.md"
  log "written to $RESULTS in $((SECONDS - started)) s"
}

main "$@"
