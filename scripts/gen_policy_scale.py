#!/usr/bin/env python3
"""A policy with RULES severity rules and WAIVERS waivers, and a SARIF log with FINDINGS results.

    gen_policy_scale.py RULES WAIVERS FINDINGS OUT_DIR

Writes OUT_DIR/policy.yaml and OUT_DIR/scan.sarif, deterministically. Waivers name the
findings' rule ids (one in ten finding ids is waived, the rest name ids no finding has),
half are limited to one policy rule, a quarter carry a path glob: matching is exercised on
every (rule, finding) pair, which is what a slow waiver lookup pays for.
"""
import json
import os
import sys

rules, waivers, findings, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
os.makedirs(out, exist_ok=True)
levels = ["critical", "high", "medium", "low"]

lines = ["version: 1", "name: scale", "rules:"]
for i in range(rules):
    block = levels[: 1 + i % 3]
    lines.append(f"  - {{id: rule-{i:05d}, kind: severity, block: [{', '.join(block)}], warn: [low]}}")
lines.append("waivers:")
for i in range(waivers):
    target = f"CVE-2026-{i // 10:05d}" if i % 10 == 0 else f"GHSA-none-{i:05d}"
    extra = ""
    if i % 2 == 0:
        extra += f", rule: rule-{i % rules:05d}"
    if i % 4 == 1:
        extra += ", path: \"src/**\""
    lines.append(f"  - {{id: {target}{extra}, reason: \"accepted risk {i}\", expires: 2027-12-31, owner: team-{i % 7}}}")
open(os.path.join(out, "policy.yaml"), "w").write("\n".join(lines) + "\n")

results = []
for i in range(findings):
    results.append({
        "ruleId": f"CVE-2026-{i:05d}",
        "level": ["error", "warning", "note"][i % 3],
        "message": {"text": f"finding {i} in package pkg-{i % 50}"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": f"src/module{i % 40}/file{i}.go"}, "region": {"startLine": 1 + i % 300}}}],
    })
doc = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Trivy", "rules": []}}, "results": results}]}
open(os.path.join(out, "scan.sarif"), "w").write(json.dumps(doc) + "\n")
