#!/usr/bin/env bash
# End-to-end throughput harness: vigil analyze against its peers, on the reference workload.
#
#   benchmarks/run-e2e.sh [--packets N] [--runs R] [--seed S] [--workdir DIR]
#
# Generates the reference workload with ../shared/bench/gen_voip_pcap.py (default 2,000,000
# packets, seed 1; cached in the work dir), a 1-packet file cut from it, then times each tool R
# times (default 3) on both files in the same run and prints a Markdown table:
#   packets/s = N / (median time on the file - median time on the 1-packet file)
# so JVM and tool start-up are counted out; the whole-process median is shown beside it.
# vigil runs three times: with every decoder (vigil), with SIP and RTP only (vigil_voip), and with
# --decoders none (vigil_l2l4: L2-L4, flows, ARP and IGMP only, writing NDJSON), the baseline the
# protocol decoders are held to. Each run includes the detect stage (inventory, default policy).
# Peers: tcpdump -r f -w /dev/null, ndpiReader -i f -q, tshark -z rtp,streams (heuristic RTP
# on), and a bare memory-mapped header walk (the ceiling for reading). Install them with
# scripts/setup.sh --bench. Build first: mvn -DskipTests package.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=${VIGIL_SHARED:-$ROOT/../shared}
PACKETS=2000000
RUNS=3
SEED=1
WORK=$HERE/target/e2e
while [ $# -gt 0 ]; do
  case "$1" in
    --packets) PACKETS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --workdir) WORK=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-e2e.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
JAR=$ROOT/sensor/target/vigil.jar
BENCH_JAR=$HERE/target/benchmarks.jar
[ -f "$JAR" ] && [ -f "$BENCH_JAR" ] || { echo "build first: mvn -DskipTests package" >&2; exit 2; }
mkdir -p "$WORK"
REF=$WORK/ref-$PACKETS-s$SEED.pcap
ONE=$WORK/one-packet.pcap
if [ ! -s "$REF" ]; then
  echo "generating $REF ..." >&2
  python3 "$SHARED/bench/gen_voip_pcap.py" "$REF" --packets "$PACKETS" --seed "$SEED" >&2
fi
# pcap global header (24 bytes) + the first record
python3 - "$REF" "$ONE" <<'PY'
import struct, sys
src, dst = sys.argv[1], sys.argv[2]
with open(src, "rb") as f:
    hdr = f.read(24)
    rec = f.read(16)
    incl = struct.unpack("<I", rec[8:12])[0]
    data = f.read(incl)
with open(dst, "wb") as f:
    f.write(hdr + rec + data)
PY
# the same start for every tool: drop the file from the page cache, then read it back in once
# (the VM's memory manager otherwise leaves it in a state that reads 3x slower, see README)
dd if="$REF" iflag=nocache count=0 status=none 2>/dev/null || true
cat "$REF" > /dev/null

JAVA_OPTS=${VIGIL_BENCH_JAVA_OPTS:--Xms1g -Xmx1g}
declare -A CMD
CMD[vigil]="java $JAVA_OPTS -jar $JAR analyze {f} --ndjson /dev/null --quiet --no-progress"
CMD[vigil_l2l4]="java $JAVA_OPTS -jar $JAR analyze {f} --decoders none --ndjson /dev/null --quiet --no-progress"
# the VoIP decoders alone (issue 3 holds SIP+RTP to 80 % of the L2-L4 rate)
CMD[vigil_voip]="java $JAVA_OPTS -jar $JAR analyze {f} --decoders sip,rtp --ndjson /dev/null --quiet --no-progress"
CMD[headerwalk]="java $JAVA_OPTS -cp $BENCH_JAR dev.vigil.bench.HeaderWalk {f}"
command -v tcpdump >/dev/null && CMD[tcpdump]="tcpdump -r {f} -w /dev/null"
command -v ndpiReader >/dev/null && CMD[ndpiReader]="ndpiReader -i {f} -q"
command -v tshark >/dev/null && CMD[tshark_rtp]="tshark -n -q -o rtp.heuristic_rtp:TRUE -z rtp,streams -r {f}"
ORDER=(headerwalk tcpdump vigil_l2l4 vigil_voip vigil ndpiReader tshark_rtp)

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
timeit() { # cmd file -> seconds (median of RUNS)
  local cmd=${1//\{f\}/$2} i t0 t1
  for i in $(seq "$RUNS"); do
    t0=$(date +%s%N); bash -c "$cmd" >/dev/null 2>&1 || { echo "FAILED: $cmd" >&2; return 1; }; t1=$(date +%s%N)
    echo "scale=4; ($t1 - $t0) / 1000000000" | bc
  done | median
}

N=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['packets'])" "$REF.truth.json")
declare -A RATE
echo "| tool | whole process (s, median of $RUNS) | 1-packet file (s) | packets/s (start-up counted out) |"
echo "|---|---:|---:|---:|"
for k in "${ORDER[@]}"; do
  [ -n "${CMD[$k]:-}" ] || continue
  tf=$(timeit "${CMD[$k]}" "$REF") || continue
  t1=$(timeit "${CMD[$k]}" "$ONE") || continue
  rate=$(echo "scale=0; $N / ($tf - $t1)" | bc)
  RATE[$k]=$rate
  printf '| %s | %s | %s | %s |\n' "$k" "$tf" "$t1" "$(printf "%'d" "$rate")"
done
echo
for k in "${ORDER[@]}"; do
  [ -n "${RATE[$k]:-}" ] && [ "$k" != vigil ] && [ -n "${RATE[vigil]:-}" ] || continue
  printf 'vigil / %s = %s\n' "$k" "$(echo "scale=2; ${RATE[vigil]} / ${RATE[$k]}" | bc)"
done
for k in "${ORDER[@]}"; do
  [ -n "${RATE[$k]:-}" ] && [ "$k" != vigil_l2l4 ] && [ -n "${RATE[vigil_l2l4]:-}" ] || continue
  printf 'vigil_l2l4 / %s = %s\n' "$k" "$(echo "scale=2; ${RATE[vigil_l2l4]} / ${RATE[$k]}" | bc)"
done
echo
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); packets: $N; seed $SEED"
echo "command: benchmarks/run-e2e.sh --packets $PACKETS --runs $RUNS --seed $SEED"
