#!/usr/bin/env python3
"""Writes large, deterministic coverage files for scripts/bench-coverage.sh.

  gen_coverage.py lcov      SIZE_MB OUT   tracefile: every source file in two TN sections
                                          (merged per line), DA, BRDA, FN/FNDA, LF/LH
  gen_coverage.py jacoco    SIZE_MB OUT   JaCoCo XML, one line, packages/classes/methods/sourcefiles
  gen_coverage.py cobertura SIZE_MB OUT   Cobertura XML, packages/classes/methods/lines

The content depends only on the arguments (a fixed-seed generator), so runs are comparable.
"""
import random
import sys


def lcov(limit, out):
    rng = random.Random(42)
    written = 0
    index = 0
    while written < limit:
        lines = 200 + rng.randrange(1800)
        path = f"/home/ci/work/repo/src/module{index // 100}/file{index}.c"
        hits = [rng.randrange(4) * rng.randrange(50) for _ in range(lines)]
        for test in ("unit", "integration"):
            chunk = [f"TN:{test}\nSF:{path}\n"]
            for fn in range(1, lines, 40):
                chunk.append(f"FN:{fn},{fn + 30},function_{index}_{fn}\n")
            for fn in range(1, lines, 40):
                chunk.append(f"FNDA:{hits[fn - 1]},function_{index}_{fn}\n")
            chunk.append(f"FNF:{len(range(1, lines, 40))}\nFNH:0\n")
            da = [f"DA:{n + 1},{h if test == 'unit' else h // 3}\n" for n, h in enumerate(hits)]
            chunk.append("".join(da))
            for n in range(5, lines, 10):
                taken = hits[n] if hits[n] else "-"
                chunk.append(f"BRDA:{n},0,0,{taken}\nBRDA:{n},0,1,{hits[n] // 2}\n")
            chunk.append(f"BRF:0\nBRH:0\nLF:{lines}\nLH:{sum(1 for h in hits if h)}\nend_of_record\n")
            text = "".join(chunk)
            out.write(text)
            written += len(text)
        index += 1


def jacoco(limit, out):
    rng = random.Random(43)
    head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">'
            '<report name="bench"><sessioninfo id="s" start="1" dump="2"/>')
    out.write(head)
    written = len(head)
    index = 0
    totals = {"LINE": [0, 0], "BRANCH": [0, 0], "METHOD": [0, 0]}
    while written < limit:
        package = f"com/acme/module{index}"
        parts = [f'<package name="{package}">']
        files = []
        for c in range(20):
            name = f"Class{c}"
            methods = []
            for m in range(10):
                covered = rng.randrange(2)
                methods.append(f'<method name="m{m}" desc="()V" line="{m * 30 + 1}"><counter type="INSTRUCTION" missed="{3 * (1 - covered)}" covered="{3 * covered}"/><counter type="METHOD" missed="{1 - covered}" covered="{covered}"/></method>')
            parts.append(f'<class name="{package}/{name}" sourcefilename="{name}.java">{"".join(methods)}</class>')
            lines = []
            line_totals = [0, 0]
            branch_totals = [0, 0]
            method_totals = [0, 0]
            for n in range(1, 300):
                ci = rng.randrange(3) * rng.randrange(5)
                mi = rng.randrange(3)
                if ci == 0 and mi == 0:
                    mi = 1
                mb = rng.randrange(2) * 2 if n % 7 == 0 else 0
                cb = rng.randrange(3) if n % 7 == 0 else 0
                lines.append(f'<line nr="{n}" mi="{mi}" ci="{ci}" mb="{mb}" cb="{cb}"/>')
                line_totals[1 if ci else 0] += 1
                branch_totals[0] += mb
                branch_totals[1] += cb
            method_totals = [5, 5]
            for key, value in (("LINE", line_totals), ("BRANCH", branch_totals), ("METHOD", method_totals)):
                totals[key][0] += value[0]
                totals[key][1] += value[1]
            files.append(f'<sourcefile name="{name}.java">{"".join(lines)}<counter type="LINE" missed="{line_totals[0]}" covered="{line_totals[1]}"/><counter type="METHOD" missed="5" covered="5"/></sourcefile>')
        parts.extend(files)
        parts.append("</package>")
        text = "".join(parts)
        out.write(text)
        written += len(text)
        index += 1
    out.write("".join(f'<counter type="{k}" missed="{v[0]}" covered="{v[1]}"/>' for k, v in totals.items()) + "</report>")


def cobertura(limit, out):
    rng = random.Random(44)
    head = ('<?xml version="1.0" ?>\n<coverage version="7.4" timestamp="1" line-rate="0" branch-rate="0">\n'
            '\t<sources>\n\t\t<source>/home/ci/work/repo/src</source>\n\t</sources>\n\t<packages>\n')
    out.write(head)
    written = len(head)
    index = 0
    while written < limit:
        parts = [f'\t\t<package name="module{index}" line-rate="0" branch-rate="0" complexity="0">\n\t\t\t<classes>\n']
        for c in range(20):
            parts.append(f'\t\t\t\t<class name="file{c}.py" filename="module{index}/file{c}.py" complexity="0" line-rate="0" branch-rate="0">\n\t\t\t\t\t<methods/>\n\t\t\t\t\t<lines>\n')
            for n in range(1, 300):
                hits = rng.randrange(3) * rng.randrange(9)
                if n % 9 == 0:
                    covered = rng.randrange(3)
                    parts.append(f'\t\t\t\t\t\t<line number="{n}" hits="{hits}" branch="true" condition-coverage="{covered * 50}% ({covered}/2)" missing-branches="{n + 1}"/>\n')
                else:
                    parts.append(f'\t\t\t\t\t\t<line number="{n}" hits="{hits}"/>\n')
            parts.append('\t\t\t\t\t</lines>\n\t\t\t\t</class>\n')
        parts.append('\t\t\t</classes>\n\t\t</package>\n')
        text = "".join(parts)
        out.write(text)
        written += len(text)
        index += 1
    out.write('\t</packages>\n</coverage>\n')


if __name__ == "__main__":
    kind, size, path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    with open(path, "w", buffering=1 << 20) as out:
        {"lcov": lcov, "jacoco": jacoco, "cobertura": cobertura}[kind](int(size * 1_000_000), out)
