#!/usr/bin/env python3
"""A closed-loop HTTP/1.1 load client for `verdict serve`: C concurrent keep-alive clients, each
sending its next request as soon as the last answer arrives, for a bounded time; prints requests/s
and p50/p99 latency per URL kind. Standard library only (asyncio), so CI needs nothing more.

usage: serve_load.py HOST PORT SECONDS CLIENTS MAX_ID [AUTH_HEADER]
"""
import asyncio, random, sys, time

host, port, seconds, clients, max_id = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
auth = sys.argv[6] if len(sys.argv) > 6 else None
latencies = {"list": [], "decision": []}
failures = {"list": 0, "decision": 0}


async def client(seed, deadline):
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection(host, port)
    while time.monotonic() < deadline:
        kind = "list" if rng.random() < 0.5 else "decision"
        path = f"/decisions?offset={rng.randrange(0, 2000)}" if kind == "list" else f"/decisions/{rng.randrange(1, max_id + 1)}"
        request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n" + (f"{auth}\r\n" if auth else "") + "\r\n"
        start = time.monotonic()
        writer.write(request.encode())
        status = (await reader.readline()).split(b" ")[1]
        length = 0
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        await reader.readexactly(length)
        elapsed = time.monotonic() - start
        if status == b"200":
            latencies[kind].append(elapsed)
        else:
            failures[kind] += 1
    writer.close()


async def main():
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    await asyncio.gather(*(client(index, deadline) for index in range(clients)))
    wall = time.monotonic() - started
    total = sum(len(v) for v in latencies.values())
    print(f"clients {clients}, {wall:.1f} s, {total} answers 200, {total / wall:.0f} requests/s, failures {failures}")
    for kind, values in latencies.items():
        values.sort()
        if values:
            p = lambda q: values[min(len(values) - 1, int(q * len(values)))] * 1000
            print(f"{kind}: {len(values)} requests, p50 {p(0.50):.1f} ms, p99 {p(0.99):.1f} ms")

asyncio.run(main())
