#!/usr/bin/env python3
# Usage: python3 scripts/cobertura-line-totals.py Tests/Fixtures/cobertura/*.xml
# Independent count of Cobertura line coverage: class-level <line>s (not those under
# <methods>), merged per (class filename, line number) with the largest hits; a line is
# covered when hits > 0 (Cobertura's own summary, coverage.py, gcovr).
import sys, xml.etree.ElementTree as ET
for path in sys.argv[1:]:
    data = open(path, 'rb').read()
    root = ET.fromstring(data)
    hits = {}
    for cls in root.iter('class'):
        name = cls.get('filename')
        for lines in cls.findall('lines'):
            for line in lines.findall('line'):
                key = (name, int(line.get('number')))
                h = float(line.get('hits'))
                hits[key] = max(hits.get(key, 0), h)
    covered = sum(1 for v in hits.values() if v > 0)
    print(f"{path.split('/')[-1]}: {covered} of {len(hits)}")
