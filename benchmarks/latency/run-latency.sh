#!/usr/bin/env bash
# Live latency of the unknown-device alert (issue #5, "Latency"): N new devices each send one
# frame onto a veth pair; vigil (`vigil run --config`) captures on the other end and calls a
# webhook for each asset.unknown finding; a local receiver records when each call arrives.
# Latency per device = arrival at the receiver - the packet's capture time (the finding's
# evidence.first_seen, stamped by libpcap on the same host clock).
#
# Usage (root; from the repository root, after `mvn -q -o install -DskipTests -pl protocol-parsers,rules,sensor`):
#   benchmarks/latency/run-latency.sh [--devices 1000] [--gap-ms 5] [--out benchmarks/target/latency]
#                                     [--warmup N] [--trace-http]
# JVM options: VIGIL_JAVA_OPTS (default: the heap of deploy/systemd/vigil.service)
# The measured devices follow the sensor's start at once (a cold JVM) unless --warmup N first
# replays N other new devices and waits for their calls (steady state).
# Prints received count and p50/p90/p99/max in ms; writes OUT/latency.json. Exit 0 only when
# every device was reported exactly once and p99 <= 1000 ms.
#
# Isolation: both veth ends live in network namespaces this script creates (vgllat<pid>a for
# tcpreplay, vgllat<pid>b for vigil and the receiver, which reach each other on that namespace's
# loopback), so nothing replayed can reach a real network. The namespaces are deleted on exit.
set -euo pipefail

DEVICES=1000
GAP_MS=5
OUT=benchmarks/target/latency
JAR=sensor/target/vigil.jar
TRACE=0
WARMUP=0
SETTLE=0
while [ $# -gt 0 ]; do
    case "$1" in
        --devices) DEVICES=$2; shift 2 ;;
        --gap-ms) GAP_MS=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --jar) JAR=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --settle) SETTLE=$2; shift 2 ;;  # seconds between the sensor's startup line and the replay  # devices replayed (and awaited) before the measured ones
        --trace-http) TRACE=1; shift ;;   # diagnosis: tcpdump of the webhook calls to OUT/run/http.pcap
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

[ "$(id -u)" = 0 ] || { echo "run-latency.sh needs root (network namespaces, live capture)" >&2; exit 2; }
for t in ip tcpreplay python3 java; do
    command -v $t >/dev/null || { echo "missing: $t" >&2; exit 2; }
done
[ -f "$JAR" ] || { echo "missing $JAR: build with mvn -q -o install -DskipTests -pl protocol-parsers,rules,sensor" >&2; exit 2; }

HERE=$(cd "$(dirname "$0")" && pwd)
JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
rm -rf "$OUT/run" && mkdir -p "$OUT/run"
RUN=$OUT/run

TAG=$(( $$ % 100000 ))
NSA=vgllat${TAG}a NSB=vgllat${TAG}b
VA=vgllat${TAG}p VB=vgllat${TAG}c
VIGIL_PID='' RECV_PID='' TRACE_PID=''
stop() {   # stops one process this script started, by its id
    if [ -n "$1" ] && kill -TERM "$1" 2>/dev/null; then
        wait "$1" 2>/dev/null || true
    fi
}
cleanup() {
    stop "$TRACE_PID"
    stop "$VIGIL_PID"
    stop "$RECV_PID"
    ip netns del "$NSA" 2>/dev/null || true
    ip netns del "$NSB" 2>/dev/null || true
}
trap cleanup EXIT

# --- the veth pair, one end in each namespace; no addresses, no ARP, no IPv6: the kernel sends nothing
ip netns add "$NSA"
ip netns add "$NSB"
ip link add "$VA" type veth peer name "$VB"
ip link set "$VA" netns "$NSA"
ip link set "$VB" netns "$NSB"
quiet_end() {   # namespace, interface
    ip netns exec "$1" sysctl -q -w "net.ipv6.conf.$2.disable_ipv6=1"
    ip netns exec "$1" ip link set "$2" arp off
    ip netns exec "$1" ip link set "$2" up
}
quiet_end "$NSA" "$VA"
quiet_end "$NSB" "$VB"
ip netns exec "$NSB" ip link set lo up

# --- workload, policy, secret, config
python3 "$HERE/latency.py" gen "$RUN/devices.pcap" --devices "$DEVICES" --gap-ms "$GAP_MS" --net 10.20
[ "$WARMUP" -gt 0 ] && python3 "$HERE/latency.py" gen "$RUN/warmup.pcap" --devices "$WARMUP" --gap-ms "$GAP_MS" \
    --net 10.20 --warmup
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$RUN/webhook.secret"
chmod 600 "$RUN/webhook.secret"
cat > "$RUN/policy.yaml" <<'YAML'
version: 1
site: "latency benchmark"
networks:
  intercom: [10.20.0.0/16]
roles:
  server:
    services: [dip, discovery, sip, rtp, ntp]
inventory:
  - {mac: "00:13:cb:14:00:0a", ip: 10.20.0.10, name: icx-alphacom, role: server}
learning:
  period: 0
YAML

ip netns exec "$NSB" python3 "$HERE/latency.py" receive --port 0 --secret-file "$RUN/webhook.secret" --out "$RUN" &
RECV_PID=$!
for _ in $(seq 100); do [ -s "$RUN/receiver.port" ] && break; sleep 0.1; done
PORT=$(cat "$RUN/receiver.port")

cat > "$RUN/vigil.yaml" <<YAML
capture:
  interface: $VB
  buffer_size: 8MiB
policy: policy.yaml
state_dir: state
outputs:
  ndjson:
    path: events.ndjson
webhooks:
  - name: bench
    url: http://127.0.0.1:$PORT/hook
    secret_file: webhook.secret
    rules: [asset.unknown]
    format: json
http:
  listen: 127.0.0.1:0
log:
  format: text
YAML

if [ "$TRACE" = 1 ]; then
    ip netns exec "$NSB" tcpdump -q -i lo -w "$RUN/http.pcap" "tcp port $PORT" 2>/dev/null &
    TRACE_PID=$!
fi

# --- the sensor
read -ra JAVA_OPTS <<< "${VIGIL_JAVA_OPTS:--Xms256m -Xmx1g -XX:-UsePerfData}"
ip netns exec "$NSB" java "${JAVA_OPTS[@]}" -jar "$JAR" run --config "$RUN/vigil.yaml" > "$RUN/vigil.log" 2>&1 &
VIGIL_PID=$!
for _ in $(seq 600); do
    grep -q "running: interface" "$RUN/vigil.log" && break
    kill -0 "$VIGIL_PID" 2>/dev/null || { echo "vigil exited:" >&2; cat "$RUN/vigil.log" >&2; exit 1; }
    sleep 0.1
done
grep -q "running: interface" "$RUN/vigil.log" || { echo "vigil did not start" >&2; cat "$RUN/vigil.log" >&2; exit 1; }

sleep "$SETTLE"

# --- optional warm-up: other new devices first (their calls are not counted), until all are reported
if [ "$WARMUP" -gt 0 ]; then
    echo "warm-up: $WARMUP other devices"
    ip netns exec "$NSA" tcpreplay -q -i "$VA" "$RUN/warmup.pcap" > "$RUN/tcpreplay-warmup.log" 2>&1
    for _ in $(seq 300); do
        n=$(grep -c '"02:76:68:' "$RUN/arrivals.ndjson" 2>/dev/null || true)
        [ "${n:-0}" -ge "$WARMUP" ] && break
        sleep 0.1
    done
fi

# --- replay at the pcap's own spacing (GAP_MS between devices), then wait for the calls
echo "replaying $DEVICES devices, ${GAP_MS} ms apart, onto $VA ($NSA) -> $VB ($NSB)"
ip netns exec "$NSA" tcpreplay -q -i "$VA" "$RUN/devices.pcap" > "$RUN/tcpreplay.log" 2>&1
for _ in $(seq 300); do
    n=$(grep -c '"02:76:67:' "$RUN/arrivals.ndjson" 2>/dev/null || true)
    [ "${n:-0}" -ge "$DEVICES" ] && break
    sleep 0.1
done
sleep 2   # late duplicates, if any, are counted too

# CPU seconds per thread of the sensor (utime+stime), for diagnosis
JPID=$(pgrep -P "$VIGIL_PID" java || echo "$VIGIL_PID")
for t in /proc/"$JPID"/task/*; do
    awk -v tck="$(getconf CLK_TCK)" '{ match($0, /\(.*\)/); name = substr($0, RSTART + 1, RLENGTH - 2);
        split(substr($0, RSTART + RLENGTH + 1), f, " "); printf "%8.2f %s\n", (f[12] + f[13]) / tck, name }' "$t/stat"
done 2>/dev/null | sort -rn > "$RUN/threads.txt" || true
kill -TERM "$VIGIL_PID"; wait "$VIGIL_PID" || true; VIGIL_PID=
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average at the end: $LOAD ($(nproc) cores); warm-up devices: $WARMUP"
python3 "$HERE/latency.py" report --arrivals "$RUN/arrivals.ndjson" --devices "$DEVICES" --json "$OUT/latency.json" \
    --gap-ms "$GAP_MS" --warmup "$WARMUP" --load "$LOAD"
