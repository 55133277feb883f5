#!/usr/bin/env python3
"""Extends a ledger made by `verdict check --ledger` to N rows, chained exactly as Ledger.append
chains them (row hash = SHA-256 of the compact JSON of every column but the hash, in the ledger's
key order), for measuring `verdict serve` at scale. Rows are synthetic: records are not archived.

usage: gen_ledger.py LEDGER N [SEED]
"""
import hashlib, json, random, sqlite3, sys

path, total = sys.argv[1], int(sys.argv[2])
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
db = sqlite3.connect(path)
last_id, previous = db.execute("SELECT id, row_hash FROM decisions ORDER BY id DESC LIMIT 1").fetchone()
repos = [f"acme/service-{i}" for i in range(20)]
outcomes = ["pass"] * 6 + ["warn"] * 2 + ["fail", "error"]
rows = []
for row_id in range(last_id + 1, total + 1):
    day = 1 + (row_id * 365 // total)
    month, mday = min(12, 1 + (day - 1) // 31), 1 + (day - 1) % 28
    evaluated = f"2026-{month:02d}-{mday:02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z"
    outcome = rng.choice(outcomes)
    risk = rng.choice([None, None, "low", "medium", "high", "critical"])
    rules = {"vulnerabilities": outcome}
    waivers = ["CVE-2024-0001"] if rng.random() < 0.1 else []
    record = hashlib.sha256(f"record {row_id}".encode()).hexdigest()
    repo, ref, commit = rng.choice(repos), rng.choice(["refs/heads/main", "refs/heads/feature"]), f"{row_id:040x}"
    content = json.dumps({"id": row_id, "evaluated_at": evaluated, "repository": repo, "ref": ref, "commit": commit,
                          "outcome": outcome, "risk": risk, "rule_outcomes": rules, "waivers_used": waivers,
                          "record_sha256": record, "previous_hash": previous}, separators=(",", ":"))
    row_hash = hashlib.sha256(content.encode()).hexdigest()
    rows.append((row_id, evaluated, repo, ref, commit, outcome, risk, json.dumps(rules, separators=(",", ":")),
                 json.dumps(waivers, separators=(",", ":")), record, previous, row_hash))
    previous = row_hash
db.executemany("INSERT INTO decisions (id, evaluated_at, repository, ref, commit_sha, outcome, risk, rule_outcomes, "
               "waivers_used, record_sha256, previous_hash, row_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
db.commit()
print(f"{path}: {total} rows, head {previous}")
