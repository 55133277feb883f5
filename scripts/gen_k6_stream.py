#!/usr/bin/env python3
"""Writes a deterministic k6 `--out json` stream of about TARGET bytes to standard output.

Same layout as k6 >= 0.30 (internal/output/json/wrapper.go): a Metric line just before each
metric's first Point, then Points of a constant-arrival load of two requests per iteration,
with the tags k6 sets. Values come from a seeded generator, so every run writes the same bytes.
usage: gen_k6_stream.py TARGET_BYTES > stream.ndjson
"""
import random
import sys

target = int(sys.argv[1])
rng = random.Random(20261121)
out = sys.stdout
write = out.write

metrics = {
    "http_reqs": ("counter", "default", '["rate>100"]'),
    "http_req_duration": ("trend", "time", '["p(95)<500","p(99)<1500"]'),
    "http_req_blocked": ("trend", "time", "[]"),
    "http_req_connecting": ("trend", "time", "[]"),
    "http_req_tls_handshaking": ("trend", "time", "[]"),
    "http_req_sending": ("trend", "time", "[]"),
    "http_req_waiting": ("trend", "time", "[]"),
    "http_req_receiving": ("trend", "time", "[]"),
    "http_req_failed": ("rate", "default", '["rate<0.01"]'),
    "checks": ("rate", "default", "[]"),
    "data_sent": ("counter", "data", "[]"),
    "data_received": ("counter", "data", "[]"),
    "iteration_duration": ("trend", "time", "[]"),
    "iterations": ("counter", "default", "[]"),
    "vus": ("gauge", "default", "[]"),
}
seen = set()
written = 0


def point(name, time, value, tags):
    global written
    if name not in seen:
        seen.add(name)
        kind, contains, thresholds = metrics[name]
        line = ('{"type":"Metric","data":{"name":"%s","type":"%s","contains":"%s","thresholds":%s,"submetrics":null},"metric":"%s"}\n'
                % (name, kind, contains, thresholds, name))
        write(line)
        written += len(line)
    line = '{"metric":"%s","type":"Point","data":{"time":"%s","value":%s,"tags":%s}}\n' % (name, time, value, tags)
    write(line)
    written += len(line)


endpoints = [("GET", "https://api.example.test/v1/items?page=%d"), ("POST", "https://api.example.test/v1/orders")]
scenarios = ["browse", "api"]
microseconds = 0
vu = 0
while written < target:
    microseconds += rng.randint(5000, 45000)
    seconds, micros = divmod(microseconds, 1_000_000)
    minute, second = divmod(seconds, 60)
    hour, minute = divmod(minute, 60)
    time = "2026-11-21T%02d:%02d:%02d.%06d+01:00" % (10 + hour, minute, second, micros)
    if vu % 100 == 0:
        point("vus", time, 50, '{"group":"","scenario":"browse"}')
    vu += 1
    scenario = scenarios[vu % 2]
    for method, url in endpoints:
        url = url % (vu % 40) if "%d" in url else url
        failed = rng.random() < 0.004
        status = "503" if failed else ("201" if method == "POST" else "200")
        tags = ('{"expected_response":"%s","group":"","method":"%s","name":"%s","proto":"HTTP/2.0","scenario":"%s","status":"%s","tls_version":"tls1.3","url":"%s"}'
                % ("false" if failed else "true", method, url, scenario, status, url))
        waiting = round(rng.lognormvariate(3.2, 0.6), 6)
        sending = round(rng.uniform(0.01, 0.09), 6)
        receiving = round(rng.uniform(0.02, 0.6), 6)
        point("http_reqs", time, 1, tags)
        point("http_req_duration", time, round(waiting + sending + receiving, 6), tags)
        point("http_req_blocked", time, round(rng.uniform(0.001, 0.02), 6), tags)
        point("http_req_connecting", time, 0, tags)
        point("http_req_tls_handshaking", time, 0, tags)
        point("http_req_sending", time, sending, tags)
        point("http_req_waiting", time, waiting, tags)
        point("http_req_receiving", time, receiving, tags)
        point("http_req_failed", time, 1 if failed else 0, tags)
    plain = '{"group":"","scenario":"%s"}' % scenario
    point("checks", time, 1, '{"check":"status is 2xx","group":"","scenario":"%s"}' % scenario)
    point("data_sent", time, 412, plain)
    point("data_received", time, rng.randint(2000, 9000), plain)
    point("iteration_duration", time, round(rng.lognormvariate(4.0, 0.5), 6), plain)
    point("iterations", time, 1, plain)
