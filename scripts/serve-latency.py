#!/usr/bin/env python3
"""Time from saving a file to the reload event of a running `praktika serve`.

Usage: scripts/serve-latency.py PORT FILE ROUNDS [PAUSE]
PAUSE seconds between saves (default 0; editors save seconds apart, which lets background work finish).
Start the server first, e.g.
  praktika serve --root /dev/shm/praktika-bench/c10000 --templates Templates --port 8130
Each round appends a line to FILE with an atomic rename (as editors save) and waits for the event.
"""
import http.client, time, sys, os, threading, subprocess, re
port = int(sys.argv[1]); target = sys.argv[2]; rounds = int(sys.argv[3])
pause = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
conn.request("GET", "/__praktika/events")
resp = conn.getresponse()
def read_event():
    # read lines until a data: line
    while True:
        line = resp.fp.readline()
        if not line: return None
        if line.startswith(b"data:"): return line
resp.fp.readline()  # chunk header / comment
time.sleep(0.5)
lat = []
text = open(target, encoding="utf-8").read()
for i in range(rounds):
    new = text + f"\n\nПравка {i}.\n"
    t0 = time.time()
    with open(target + ".tmp", "w", encoding="utf-8") as f: f.write(new)
    os.replace(target + ".tmp", target)
    ev = read_event()
    lat.append((time.time() - t0) * 1000)
    if pause: time.sleep(pause)
    time.sleep(0.3)
lat.sort()
print("rounds", rounds, "median ms %.0f" % lat[len(lat)//2], "min %.0f max %.0f" % (lat[0], lat[-1]))
