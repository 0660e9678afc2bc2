#!/usr/bin/env bash
# libFuzzer on the SIP parser (Fuzz/SIPParserFuzz): builds the target with swiftc (the parser's
# sources import nothing, so no package build is needed and none of the dependencies is rebuilt
# with the sanitizers), seeds a corpus with the RFC 4475 torture messages and valid REGISTER,
# INVITE and OPTIONS requests, and runs it for a fixed budget. Prints the executions and
# crashes; exits non-zero when libFuzzer found a crash (the input is kept in the artifacts).
#
#   Tests/Drills/fuzz_sip_parser.sh [SECONDS]      default 60, or SWITCHBOARD_SIP_PARSER_FUZZ_SECONDS
#   SWITCHBOARD_SIP_PARSER_FUZZ_RUNS=N             stop after N inputs as well (default: no limit)
#   SWITCHBOARD_SIP_PARSER_FUZZ_JOBS=N             N fuzzing processes in parallel (default 1)
#   SWITCHBOARD_SIP_PARSER_FUZZ_DIR=DIR            build, corpus and crashes (default .build-fuzz)
#   SIP_FUZZ_STRICT=1                              also: what parsed, written out, parses again
#   Tests/Drills/fuzz_sip_parser.sh --replay FILE… runs saved inputs once (to reproduce a crash)
set -euo pipefail
cd "$(dirname "$0")/../.."

budget=${SWITCHBOARD_SIP_PARSER_FUZZ_SECONDS:-60}
replay=()
if [ "${1:-}" = "--replay" ]; then
  shift
  replay=("$@")
elif [ $# -gt 0 ]; then
  budget=$1
fi
runs=${SWITCHBOARD_SIP_PARSER_FUZZ_RUNS:--1}
jobs=${SWITCHBOARD_SIP_PARSER_FUZZ_JOBS:-1}
out=${SWITCHBOARD_SIP_PARSER_FUZZ_DIR:-.build-fuzz}
mkdir -p "$out"
out=$(cd "$out" && pwd)
target=Fuzz/SIPParserFuzz/SIPParserFuzz.swift
binary="$out/sip-parser-fuzz"

[ -f "$target" ] || { echo "error: no fuzz target at $target" >&2; exit 1; }
command -v swiftc >/dev/null || { echo "error: swiftc is not on PATH" >&2; exit 1; }
mkdir -p "$out/seeds" "$out/corpus" "$out/artifacts"

# Build: the target plus the parser's sources, one module, libFuzzer's main.
sources=("$target" Sources/Telephony/Message/*.swift)
if [ ! -x "$binary" ] || [ -n "$(find "${sources[@]}" -newer "$binary" 2>/dev/null)" ]; then
  echo "==> Building $binary (swiftc -sanitize=fuzzer,address)"
  started=$(date +%s)
  swiftc -swift-version 6 -module-name SIPParserFuzz -parse-as-library -sanitize=fuzzer,address -O -g \
    "${sources[@]}" -o "$binary"
  echo "    built in $(( $(date +%s) - started )) s"
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}

if [ ${#replay[@]} -gt 0 ]; then
  exec "$binary" -runs=1 "${replay[@]}"
fi

# Seeds: the torture messages (both copies, deduplicated by name) and valid requests.
for file in Tests/TelephonyTests/Torture/*/*.dat /work/shared/testdata/sip-torture/*/*.dat; do
  [ -f "$file" ] && cp "$file" "$out/seeds/$(basename "$(dirname "$file")")-$(basename "$file")"
done
crlf() { sed 's/$/\r/'; }
crlf > "$out/seeds/valid-register.sip" <<'SIP'
REGISTER sip:127.0.0.1:5060 SIP/2.0
Via: SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bK1;rport
From: <sip:agent05@127.0.0.1>;tag=a1
To: <sip:agent05@127.0.0.1>
Call-ID: 1@fuzz
CSeq: 1 REGISTER
Contact: <sip:agent05@127.0.0.1:40000>;expires=300
Authorization: Digest username="agent05", realm="switchboard", nonce="abc", uri="sip:127.0.0.1", response="0123456789abcdef0123456789abcdef"
Max-Forwards: 70
Content-Length: 0

SIP
crlf > "$out/seeds/valid-options.sip" <<'SIP'
OPTIONS sip:127.0.0.1:5060 SIP/2.0
v: SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bK2
f: <sip:monitor@127.0.0.1>;tag=b2
t: <sip:127.0.0.1>
i: 2@fuzz
CSeq: 2 OPTIONS
Max-Forwards: 70
Accept: application/sdp
l: 0

SIP
sdp=$'v=0\r\no=c 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n'
{ crlf <<SIP
INVITE sip:800@127.0.0.1:5060 SIP/2.0
Via: SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bK3;rport, SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK4
From: "Caller" <sip:+31201234567@127.0.0.1:40000>;tag=c3
To: <sip:800@127.0.0.1>
Call-ID: 3@fuzz
CSeq: 1 INVITE
Contact: <sip:caller@127.0.0.1:40000>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: ${#sdp}

SIP
printf '%s' "$sdp"
} > "$out/seeds/valid-invite.sip"
cat > "$out/sip.dict" <<'DICT'
"SIP/2.0"
"INVITE"
"REGISTER"
"OPTIONS"
"CANCEL"
"BYE"
"ACK"
"\x0d\x0a"
"\x0d\x0a\x0d\x0a"
"\x0d\x0a "
"Via: SIP/2.0/UDP "
";branch=z9hG4bK"
";rport"
";received="
";tag="
";maddr="
";lr"
"Content-Length: "
"l: "
"CSeq: "
"Call-ID: "
"From: "
"To: "
"Contact: "
"Max-Forwards: "
"Require: "
"sip:"
"sips:"
"tel:"
"<sip:"
"@"
"\x22"
"%"
"4294967296"
"99999999999999999999"
"-1"
DICT

echo "==> Fuzzing the SIP parser for ${budget} s ($(ls "$out/seeds" | wc -l) seeds)"
log="$out/fuzz.log"
status=0
parallel=()
[ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
# libFuzzer writes its workers' logs (fuzz-N.log) to the current directory: run it in $out.
(cd "$out" && "$binary" "$out/corpus" "$out/seeds" -max_total_time="$budget" -runs="$runs" "${parallel[@]}" \
  -dict="$out/sip.dict" -max_len=65535 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
  -artifact_prefix="$out/artifacts/") >"$log" 2>&1 || status=$?
tail -n 25 "$log"
executions=$( (cat "$log" "$out"/fuzz-*.log 2>/dev/null || true) | awk '/stat::number_of_executed_units/ {sum += $2} END {print sum + 0}')
crashes=$(find "$out/artifacts" -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' \) -newer "$out/sip.dict" | wc -l)
line="DRILL sip-parser-libfuzzer: seconds=$budget executions=$executions crashes=$crashes corpus=$(ls "$out/corpus" | wc -l)"
echo "$line"
[ -n "${SWITCHBOARD_DRILL_SUMMARY:-}" ] && echo "$line" >> "$SWITCHBOARD_DRILL_SUMMARY"
if [ "$crashes" -gt 0 ] || [ "$status" -ne 0 ]; then
  echo "libFuzzer found a problem (exit $status); inputs in $out/artifacts:" >&2
  find "$out/artifacts" -type f -newer "$out/sip.dict" >&2
  echo "reproduce with: Tests/Drills/fuzz_sip_parser.sh --replay FILE" >&2
  exit 1
fi
