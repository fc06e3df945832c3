#!/usr/bin/env python3
"""Writes rtp-edge-cases.pcap: RTP streams that exercise the corner cases of loss, jitter and
delta accounting (sequence and timestamp wrap, reordering, duplicates, markers, comfort noise,
telephone events, clock rates, a sequence jump, several SSRCs on one 5-tuple, RTCP).

    make_edge_cases.py OUT.pcap

The expected values are tshark's, not ours:
    tshark -r OUT.pcap -o rtp.heuristic_rtp:TRUE -q -z rtp,streams > rtp-edge-cases.rtp_streams.txt
Deterministic (random.Random(7)); Ethernet, IPv4, UDP, classic pcap with microsecond timestamps.
"""
import random
import struct
import sys

T0 = 1_700_000_000
rng = random.Random(7)
frames = []  # (time_us, frame bytes)


def ip(s):
    return bytes(int(x) for x in s.split("."))


def udp_frame(src, dst, sport, dport, payload):
    ulen = 8 + len(payload)
    iph = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + ulen, 0, 0, 64, 17, 0, ip(src), ip(dst))
    eth = bytes.fromhex("02000000000202000000000108 00".replace(" ", ""))
    return eth + iph + struct.pack(">HHHH", sport, dport, ulen, 0) + payload


def rtp(pt, seq, ts, ssrc, payload, marker=False):
    return struct.pack(">BBHII", 0x80, (0x80 if marker else 0) | pt, seq & 0xFFFF, ts & 0xFFFFFFFF, ssrc) + payload


def add(t_us, src, dst, sport, dport, payload):
    frames.append((t_us, udp_frame(src, dst, sport, dport, payload)))


def stream(src, dst, sport, dport, ssrc, pt, start_us, n, seq0, ts0, step_ts, ptime_us, size, jitter_us=400,
           order=None, dup=(), drop=(), marker_at=(), pt_at=None, ts_at=None):
    """n packets; order permutes arrival, dup repeats indices, drop removes them."""
    pkts = []
    for i in range(n):
        if i in drop:
            continue
        t = start_us + i * ptime_us + rng.randint(0, jitter_us)
        p = pt_at.get(i, pt) if pt_at else pt
        ts = ts_at.get(i, ts0 + i * step_ts) if ts_at else ts0 + i * step_ts
        body = bytes(rng.getrandbits(8) for _ in range(size))
        pkts.append([t, rtp(p, seq0 + i, ts, ssrc, body, i in marker_at)])
        if i in dup:
            pkts.append([t + 150, pkts[-1][1]])
    if order:
        for a, b in order:
            # swap arrival order of packets a and b (indices into the sent list)
            pkts[a][1], pkts[b][1] = pkts[b][1], pkts[a][1]
    for t, data in pkts:
        add(t, src, dst, sport, dport, data)


base = 0
# A: sequence wrap, PCMU
stream("10.0.0.1", "10.0.0.2", 40000, 40002, 0x0A0A0001, 0, base, 40, 65520, 1000, 160, 20000, 160)
# B: reordering, duplicates and loss, PCMA
stream("10.0.0.1", "10.0.0.2", 40010, 40012, 0x0B0B0002, 8, base + 5000, 60, 100, 5000, 160, 20000, 160,
       order=[(10, 11), (30, 32)], dup=(20, 21, 45), drop=(40, 41, 50))
# C: marker bits and comfort noise, PCMA + CN
stream("10.0.0.3", "10.0.0.4", 40020, 40022, 0x0C0C0003, 8, base + 7000, 50, 7, 0, 160, 20000, 160,
       marker_at=(0, 25), pt_at={k: 13 for k in range(15, 22)})
# D: timestamp wrap, G.729
stream("10.0.0.3", "10.0.0.4", 40030, 40032, 0x0D0D0004, 18, base + 9000, 50, 3000, 0xFFFFFFFF - 1600, 160,
       20000, 20, jitter_us=2500)
# E: audio with RFC 4733 events (PT 101, event timestamps held) on one SSRC
ev = {}
tsat = {}
for k in range(20, 28):
    ev[k] = 101
    tsat[k] = 500 + 20 * 160
for k in range(32, 38):
    ev[k] = 101
    tsat[k] = 500 + 32 * 160
stream("10.0.0.5", "10.0.0.6", 40040, 40042, 0x0E0E0005, 0, base + 11000, 50, 900, 500, 160, 20000, 160,
       pt_at=ev, ts_at=tsat)
# F: H.263 at 90 kHz, frames of 3 packets with the same timestamp
hts = {i: 3003 * (i // 3) for i in range(45)}
stream("10.0.0.7", "10.0.0.8", 40050, 40052, 0x0F0F0006, 34, base + 13000, 45, 20000, 0, 0, 11000, 900,
       jitter_us=3000, ts_at=hts, marker_at=tuple(range(2, 45, 3)))
# G: L16 mono at 44.1 kHz (Wireshark divides the clock by 1000 in integers)
stream("10.0.0.9", "10.0.0.10", 40060, 40062, 0x10100007, 11, base + 15000, 30, 1, 0, 882, 20000, 200,
       jitter_us=1500)
# H: late packet with an older timestamp and a forward sequence jump (a sender restart)
stream("10.0.0.11", "10.0.0.12", 40070, 40072, 0x11110008, 0, base + 17000, 30, 500, 8000, 160, 20000, 160,
       order=[(5, 8)], ts_at={20: 8000 + 20 * 160 + 40000}, jitter_us=3000)
stream("10.0.0.11", "10.0.0.12", 40070, 40072, 0x11110008, 0, base + 17000 + 30 * 20000, 20, 9000, 80000, 160,
       20000, 160)
# I: two SSRCs on one 5-tuple in the vendor range, and the reverse direction
stream("10.0.0.13", "10.0.0.14", 61010, 61020, 0x12120009, 0, base + 19000, 25, 10, 0, 160, 20000, 160)
stream("10.0.0.13", "10.0.0.14", 61010, 61020, 0x1313000A, 0, base + 19000 + 25 * 20000, 25, 4000, 0, 160,
       20000, 160)
stream("10.0.0.14", "10.0.0.13", 61020, 61010, 0x1414000B, 8, base + 19500, 50, 60000, 0, 160, 20000, 160)
# RTCP for stream I: RR from 10.0.0.14 about 0x12120009, SR + SDES CNAME from 10.0.0.13
rr = struct.pack(">BBHI", 0x81, 201, 7, 0x1414000B) + struct.pack(">IIIIII", 0x12120009, (12 << 24) | 3, 34, 57,
                                                                0, 0)
sdes_item = b"\x01\x0dalice@station"
chunk = struct.pack(">I", 0x12120009) + sdes_item + b"\x00"
chunk += b"\x00" * ((4 - len(chunk) % 4) % 4)
sr = struct.pack(">BBHIIIIII", 0x80, 200, 6, 0x12120009, 0, 0, 4000, 25, 4000)
sdes = struct.pack(">BBH", 0x81, 202, len(chunk) // 4) + chunk
add(base + 19000 + 300000, "10.0.0.14", "10.0.0.13", 61021, 61011, rr)
add(base + 19000 + 310000, "10.0.0.13", "10.0.0.14", 61011, 61021, sr + sdes)

frames.sort(key=lambda f: f[0])
with open(sys.argv[1], "wb") as out:
    out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for t, data in frames:
        out.write(struct.pack("<IIII", T0 + t // 1_000_000, t % 1_000_000, len(data), len(data)))
        out.write(data)
