#!/usr/bin/env python3
"""Helpers of run-latency.sh (standard library only).

  gen OUT.pcap --devices N --gap-ms G --net A.B [--warmup]   write N frames from N new devices
  receive --port P --secret-file F --out DIR      webhook receiver; writes DIR/arrivals.ndjson
  report --arrivals FILE --devices N --json OUT [--gap-ms G --warmup W --load L]
                                                  latency statistics; exit 1 unless all N arrived once

Each device has its own locally administered MAC (02:76:67:xx:xx:xx) and an IP inside the
policy's intercom network A.B.0.0/16 (from A.B.4.1 up, clear of the inventory's addresses), and
sends one UDP datagram from port 5002 to port 5002 of the authorized ICX server A.B.0.10 (DIP,
an approved service), so the only finding a device causes is asset.unknown.

The receiver checks the X-Vigil-Signature-256 header (HMAC-SHA256 of "t.body"), answers 204, and
records per request the arrival time (time.time_ns(), the host clock) with the finding's
asset.mac and evidence.first_seen. In live mode first_seen is the capture time libpcap gave the
packet on the same host clock, so arrival - first_seen is the sensor's whole latency: capture,
ring, worker, detect stage, output ring, spool, HTTP.
"""
import argparse
import hashlib
import hmac
import json
import os
import struct
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SERVER_MAC = bytes.fromhex("0013cb14000a")
DIP_PORT = 5002
MEASURED_TAG = 0x67  # 02:76:67:...: measured devices; 02:76:68:...: warm-up devices (not counted)
WARMUP_TAG = 0x68


def device_mac(i, tag):
    return bytes([0x02, 0x76, tag, (i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF])


def device_ip(a, b, i, tag):
    n = (4 if tag == MEASURED_TAG else 128) * 256 + 1 + i  # A.B.4.1 upwards; warm-up devices from A.B.128.1
    return bytes([a, b, (n >> 8) & 0xFF, n & 0xFF])


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def frame(i, a, b, tag):
    payload = b"vigil-latency-%06d" % i
    src, dst = device_ip(a, b, i, tag), bytes([a, b, 0, 10])
    udp_len = 8 + len(payload)
    pseudo = src + dst + struct.pack("!BBH", 0, 17, udp_len)
    udp = struct.pack("!HHHH", DIP_PORT, DIP_PORT, udp_len, 0) + payload
    udp = udp[:6] + struct.pack("!H", checksum(pseudo + udp) or 0xFFFF) + udp[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, i & 0xFFFF, 0x4000, 64, 17, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return SERVER_MAC + device_mac(i, tag) + b"\x08\x00" + ip + udp


def gen(args):
    a, b = (int(x) for x in args.net.split("."))
    t0 = int(time.time())
    with open(args.out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i in range(args.devices):
            us = i * args.gap_ms * 1000
            fr = frame(i, a, b, WARMUP_TAG if args.warmup else MEASURED_TAG)
            f.write(struct.pack("<IIII", t0 + us // 1_000_000, us % 1_000_000, len(fr), len(fr)) + fr)


def parse_ts(text):
    """RFC 3339 with up to nanosecond digits -> epoch nanoseconds."""
    text = text.replace("Z", "+00:00")
    frac = 0
    if "." in text:
        head, rest = text.split(".", 1)
        digits = ""
        while rest and rest[0].isdigit():
            digits, rest = digits + rest[0], rest[1:]
        frac = int((digits + "000000000")[:9])
        text = head + rest
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return int(dt.timestamp()) * 1_000_000_000 + frac


def receive(args):
    secret = open(args.secret_file, "rb").read().strip()
    out = open(os.path.join(args.out, "arrivals.ndjson"), "a", buffering=1)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            arrival = time.time_ns()
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            sig = self.headers.get("X-Vigil-Signature-256", "")
            parts = dict(p.split("=", 1) for p in sig.split(",") if "=" in p)
            want = hmac.new(secret, (parts.get("t", "") + ".").encode() + body, hashlib.sha256).hexdigest()
            ok = hmac.compare_digest(want, parts.get("v1", ""))
            rec = {"arrival_ns": arrival, "signature_ok": ok, "key": self.headers.get("Idempotency-Key")}
            try:
                doc = json.loads(body)
                rec["rule"] = (doc.get("finding") or {}).get("rule", {}).get("id")
                mac = (doc.get("asset") or {}).get("mac")
                rec["mac"] = mac.lower().replace("-", ":") if mac else None  # ECS writes 02-76-67-...
                first = (doc.get("evidence") or {}).get("first_seen")
                rec["first_seen_ns"] = parse_ts(first) if first else None
            except (ValueError, AttributeError) as e:
                rec["error"] = str(e)
            with lock:
                out.write(json.dumps(rec) + "\n")
            self.send_response(204 if ok else 401)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, fmt, *a):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    with open(os.path.join(args.out, "receiver.port"), "w") as f:
        f.write(str(srv.server_address[1]))
    srv.serve_forever()


def pct(sorted_ms, p):
    # nearest rank
    k = max(0, min(len(sorted_ms) - 1, -(-p * len(sorted_ms) // 100) - 1))
    return sorted_ms[k]


def report(args):
    recs = [json.loads(l) for l in open(args.arrivals) if l.strip()]
    unknown = [r for r in recs if r.get("rule") == "asset.unknown"]
    by_mac = {}
    for r in unknown:
        by_mac.setdefault(r.get("mac"), []).append(r)
    ours = {m: v for m, v in by_mac.items() if m and m.startswith("02:76:67:")}
    dup = sum(len(v) - 1 for v in ours.values())
    lat = sorted((v[0]["arrival_ns"] - v[0]["first_seen_ns"]) / 1e6 for v in ours.values()
                 if v[0].get("first_seen_ns"))
    res = {
        "devices": args.devices,
        "gap_ms": args.gap_ms,
        "warmup_devices": args.warmup,
        "load_average": args.load,
        "received": len(ours),
        "duplicates": dup,
        "other_requests": len(recs) - sum(len(v) for v in ours.values()),
        "bad_signatures": sum(1 for r in recs if not r.get("signature_ok")),
        "latency_ms": {} if not lat else {
            "p50": round(pct(lat, 50), 1), "p90": round(pct(lat, 90), 1), "p99": round(pct(lat, 99), 1),
            "max": round(lat[-1], 1), "min": round(lat[0], 1)},
    }
    res["ok"] = (res["received"] == args.devices and dup == 0 and res["bad_signatures"] == 0
                 and bool(lat) and res["latency_ms"]["p99"] <= args.limit_ms)
    with open(args.json, "w") as f:
        json.dump(res, f, indent=2)
    l = res["latency_ms"]
    print("received %d/%d (duplicates %d, bad signatures %d, other requests %d)" % (
        res["received"], args.devices, dup, res["bad_signatures"], res["other_requests"]))
    if l:
        print("latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  (limit p99 %d ms): %s" % (
            l["p50"], l["p90"], l["p99"], l["max"], args.limit_ms, "PASS" if res["ok"] else "FAIL"))
    return 0 if res["ok"] else 1


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen")
    g.add_argument("out")
    g.add_argument("--devices", type=int, default=1000)
    g.add_argument("--gap-ms", type=int, default=5)
    g.add_argument("--net", default="10.20")
    g.add_argument("--warmup", action="store_true", help="warm-up devices (02:76:68:..., A.B.128.1 up)")
    r = sub.add_parser("receive")
    r.add_argument("--port", type=int, default=0)
    r.add_argument("--secret-file", required=True)
    r.add_argument("--out", required=True)
    s = sub.add_parser("report")
    s.add_argument("--arrivals", required=True)
    s.add_argument("--devices", type=int, default=1000)
    s.add_argument("--json", required=True)
    s.add_argument("--limit-ms", type=int, default=1000)
    s.add_argument("--gap-ms", type=int, default=5)
    s.add_argument("--warmup", type=int, default=0, help="warm-up devices replayed before (0: cold JVM)")
    s.add_argument("--load", default="", help="1/5/15 min load average of the machine, noted in the JSON")
    a = p.parse_args()
    sys.exit({"gen": gen, "receive": receive, "report": report}[a.cmd](a) or 0)


if __name__ == "__main__":
    main()
