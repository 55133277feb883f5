#!/usr/bin/env python3
"""Independent oracle for Verdict's SARIF normalisation.

Usage:
    python3 scripts/sarif_facts.py FILE.sarif [FILE.sarif ...]           # one JSON object per line
    python3 scripts/sarif_facts.py --json-out OUT.json [--key-prefix P] FILE...
    python3 scripts/sarif_facts.py --details FILE.sarif                 # also list every finding

Stdlib only.  Implements the product-spec rules literally (numbers refer to the spec):

 1. UTF-8 JSON (BOM allowed) with "version": "2.1.0" and a "runs" array; anything else is malformed.
    Files whose name starts with MALFORMED- are always reported as {"malformed": true, "reason": ...}.
 2. Rule lookup: rule.toolComponent.index + rule.index -> extensions[tc].rules[i]; else ruleIndex ->
    driver.rules[i]; else rule.index -> driver.rules[i]; else first rule with id == ruleId in driver.rules,
    then in each extension's rules.  Out-of-range / negative / non-integer index -> no rule.
    ruleId: result.ruleId, else result.rule.id, else the rule's id.
 3. Informational: kind in {pass, notApplicable, informational} or effective level "none"
    (result.level, else rule.defaultConfiguration.level, else "warning").
 4. Level: rule tag equal (case-insensitive) to CRITICAL/HIGH/MEDIUM/LOW/UNKNOWN (first in array order);
    else security-severity (result.properties, else rule.properties) as float: >=9 critical, >=7 high,
    >=4 medium, >0 low (0 / unparsable falls through); else effective level error->high, warning->medium,
    note->low.  (Any other effective level value -> "unknown"; never seen in the corpus.)
 5. Normalised ruleId: "[SEV] X" -> X; Trivy run and id containing ": " -> last whitespace token.
 6. Package / installed / fixed version from message lines ("Package: ", "Installed Version: ",
    "Fixed Version: "; split on real newlines AND the two characters backslash+n); if the message has no
    (non-empty) Package: first location's message "path: pkg@ver"; if still none: rule help.text lines.
 7. Location: first location's artifactLocation.uri and region.startLine.
 8. Dedup key (normalised ruleId, uri, startLine, package if known else message text), first one wins.
 9. Suppressed: non-empty suppressions with at least one status absent or "accepted".
"""
import json
import math
import os
import re
import sys

SEVERITIES = ("critical", "high", "medium", "low", "unknown")
INFO_KINDS = {"pass", "notApplicable", "informational"}
SEV_PREFIX_RE = re.compile(r"^\[([A-Za-z]+)\]\s+(.+)$", re.DOTALL)
LINE_SPLIT_RE = re.compile(r"\r\n|\n|\r|\\n")


class Malformed(Exception):
    pass


def _dict(x):
    return x if isinstance(x, dict) else {}


def _list(x):
    return x if isinstance(x, list) else []


def _index(container, i):
    """container[i] for a non-negative integer i in range, else None (no Python negative indexing)."""
    if isinstance(i, bool) or not isinstance(i, int) or i < 0:
        return None
    lst = _list(container)
    if i >= len(lst):
        return None
    item = lst[i]
    return item if isinstance(item, dict) else None


def load(path):
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise Malformed("not UTF-8: %s" % e)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise Malformed("not valid JSON: %s" % e)
    if not isinstance(doc, dict):
        raise Malformed("top-level JSON value is not an object")
    if doc.get("version") != "2.1.0":
        raise Malformed("version is %r, expected \"2.1.0\"" % (doc.get("version"),))
    if not isinstance(doc.get("runs"), list):
        raise Malformed("\"runs\" missing or not an array")
    return doc


def resolve_rule(result, run):
    tool = _dict(run.get("tool"))
    driver = _dict(tool.get("driver"))
    exts = _list(tool.get("extensions"))
    rref = _dict(result.get("rule"))
    tc = _dict(rref.get("toolComponent"))
    if "index" in tc and "index" in rref:
        ext = _index(exts, tc["index"])
        return _index(ext.get("rules"), rref["index"]) if ext else None, "extension-index"
    if "ruleIndex" in result:
        return _index(driver.get("rules"), result["ruleIndex"]), "ruleIndex"
    if "index" in rref:
        return _index(driver.get("rules"), rref["index"]), "rule.index"
    rid = result.get("ruleId")
    if rid is None:
        rid = rref.get("id")
    if rid is None:
        return None, "none"
    for rule in _list(driver.get("rules")):
        if isinstance(rule, dict) and rule.get("id") == rid:
            return rule, "id-driver"
    for ext in exts:
        for rule in _list(_dict(ext).get("rules")):
            if isinstance(rule, dict) and rule.get("id") == rid:
                return rule, "id-extension"
    return None, "id-miss"


def effective_level(result, rule):
    lvl = result.get("level")
    if lvl is None:
        lvl = _dict(_dict(rule).get("defaultConfiguration")).get("level")
    if lvl is None:
        lvl = "warning"
    return lvl


def parse_score(v):
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        f = float(v)
    elif isinstance(v, str):
        try:
            f = float(v.strip())
        except ValueError:
            return None
    else:
        return None
    if math.isnan(f):
        return None
    return f


def finding_level(result, rule, eff):
    """Returns (level, source)."""
    props = _dict(_dict(rule).get("properties"))
    for tag in _list(props.get("tags")):
        if isinstance(tag, str) and tag.lower() in SEVERITIES:
            return tag.lower(), "tag"
    rprops = _dict(result.get("properties"))
    raw = rprops["security-severity"] if rprops.get("security-severity") is not None else props.get("security-severity")
    score = parse_score(raw)
    if score is not None and score > 0:
        if score >= 9.0:
            return "critical", "security-severity"
        if score >= 7.0:
            return "high", "security-severity"
        if score >= 4.0:
            return "medium", "security-severity"
        return "low", "security-severity"
    mapped = {"error": "high", "warning": "medium", "note": "low"}.get(eff)
    if mapped:
        return mapped, "level"
    return "unknown", "unmapped-level:%r" % (eff,)


def normalize_rule_id(rid, tool_name):
    if not isinstance(rid, str):
        return rid
    m = SEV_PREFIX_RE.match(rid)
    if m and m.end() == len(rid):
        return m.group(2)
    if "trivy" in (tool_name or "").lower() and ": " in rid and " " in rid:
        toks = rid.split()
        if toks:
            return toks[-1]
    return rid


def kv_lines(text):
    """Parse 'Key: value' lines (real newlines and literal backslash-n)."""
    out = {}
    if not isinstance(text, str):
        return out
    for line in LINE_SPLIT_RE.split(text):
        line = line.strip()
        for key, name in (("Package:", "package"), ("Installed Version:", "installed"), ("Fixed Version:", "fixed")):
            if line.startswith(key) and name not in out:
                val = line[len(key):].strip()
                out[name] = val if val else None
    return {k: v for k, v in out.items() if v}


def location_pkg(text):
    """'path: pkg@version' -> (pkg, version)."""
    if not isinstance(text, str):
        return None, None
    at = text.rfind("@")
    if at < 0:
        return None, None
    colon = text.rfind(": ", 0, at)
    if colon < 0:
        return None, None
    pkg = text[colon + 2:at].strip()
    ver = text[at + 1:].strip()
    return (pkg or None), (ver or None)


def package_info(result, rule):
    msg = _dict(result.get("message")).get("text")
    info = kv_lines(msg)
    if info.get("package"):
        return info.get("package"), info.get("installed"), info.get("fixed"), "message"
    locs = _list(result.get("locations"))
    if locs:
        pkg, ver = location_pkg(_dict(_dict(locs[0]).get("message")).get("text"))
        if pkg:
            return pkg, ver, None, "location-message"
    help_info = kv_lines(_dict(_dict(rule).get("help")).get("text"))
    if help_info.get("package"):
        return help_info.get("package"), help_info.get("installed"), help_info.get("fixed"), "rule-help"
    return None, None, None, "none"


def is_suppressed(result):
    sups = _list(result.get("suppressions"))
    return any(isinstance(s, dict) and s.get("status") in (None, "accepted") for s in sups)


def analyze(path, details=False):
    name = os.path.basename(path)
    try:
        doc = load(path)
    except Malformed as e:
        return {"malformed": True, "reason": str(e)}
    if name.startswith("MALFORMED-"):
        return {"malformed": True, "reason": "file name marks it MALFORMED- although it parsed as SARIF"}

    total = info = 0
    seen = {}
    findings = []
    dup_notes = []
    tools = set()
    for run_no, run in enumerate(doc["runs"]):
        run = _dict(run)
        driver = _dict(_dict(run.get("tool")).get("driver"))
        tool_name = driver.get("name")
        results = _list(run.get("results"))
        if results:
            tools.add(tool_name if isinstance(tool_name, str) else "")
        for res_no, result in enumerate(results):
            result = _dict(result)
            total += 1
            rule, how = resolve_rule(result, run)
            rid = result.get("ruleId")
            if rid is None:
                rid = _dict(result.get("rule")).get("id")
            if rid is None and rule is not None:
                rid = rule.get("id")
            eff = effective_level(result, rule)
            if result.get("kind") in INFO_KINDS or eff == "none":
                info += 1
                continue
            level, level_src = finding_level(result, rule, eff)
            nrid = normalize_rule_id(rid, tool_name if isinstance(tool_name, str) else "")
            pkg, inst, fixed, pkg_src = package_info(result, rule)
            locs = _list(result.get("locations"))
            phys = _dict(_dict(locs[0]).get("physicalLocation")) if locs else {}
            uri = _dict(phys.get("artifactLocation")).get("uri")
            line = _dict(phys.get("region")).get("startLine")
            msg = _dict(result.get("message")).get("text")
            key = (nrid, uri, line, ("pkg", pkg) if pkg else ("msg", msg))
            f = {"run": run_no, "result": res_no, "ruleId": rid, "normalizedRuleId": nrid, "ruleLookup": how,
                 "ruleFound": rule is not None, "level": level, "levelSource": level_src, "effectiveLevel": eff,
                 "uri": uri, "startLine": line, "package": pkg, "installedVersion": inst, "fixedVersion": fixed,
                 "packageSource": pkg_src, "suppressed": is_suppressed(result)}
            key_s = json.dumps(key, sort_keys=True, default=str)
            if key_s in seen:
                first = seen[key_s]
                dup_notes.append({"kept": [first["run"], first["result"]], "dropped": [run_no, res_no],
                                  "key": [nrid, uri, line, pkg if pkg else (msg or "")[:60]],
                                  "sameLevel": first["level"] == level,
                                  "sameSuppression": first["suppressed"] == f["suppressed"],
                                  "sameOriginalRuleId": first["ruleId"] == rid})
                continue
            seen[key_s] = f
            findings.append(f)

    levels = {s: 0 for s in SEVERITIES}
    for f in findings:
        levels[f["level"]] += 1
    out = {
        "runs": len(doc["runs"]),
        "results": total,
        "informational": info,
        "findings": len(findings),
        "duplicates": total - info - len(findings),
        "levels": levels,
        "suppressed": sum(1 for f in findings if f["suppressed"]),
        "with_package": sum(1 for f in findings if f["package"]),
        "with_fixed_version": sum(1 for f in findings if f["fixedVersion"]),
        "tools": sorted(tools),
    }
    if details:
        out["_findings"] = findings
        out["_duplicates"] = dup_notes
    return out


def main(argv):
    args = list(argv)
    json_out = prefix = None
    details = False
    files = []
    while args:
        a = args.pop(0)
        if a == "--json-out":
            json_out = args.pop(0)
        elif a == "--key-prefix":
            prefix = args.pop(0)
        elif a == "--details":
            details = True
        else:
            files.append(a)
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    facts = {}
    for path in files:
        r = analyze(path, details)
        key = (prefix or "") + os.path.basename(path)
        facts[key] = r
        if not json_out:
            print(json.dumps({key: r}, sort_keys=True))
    if json_out:
        existing = {}
        if os.path.exists(json_out):
            with open(json_out, encoding="utf-8") as fh:
                existing = json.load(fh)
        existing.update(facts)
        with open(json_out, "w", encoding="utf-8") as fh:
            json.dump(existing, fh, indent=2, sort_keys=True, ensure_ascii=False)
            fh.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
