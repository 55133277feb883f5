#!/usr/bin/env python3
"""Deterministic generator of Trivy-0.56-shaped SARIF files for benchmarks.

    python3 scripts/gen_trivy_sarif.py --results N --out FILE [--seed S]

* N results spread over ~N/4 rules (one rule per vulnerability id, 1-7 results per rule, mean 4);
* severity mix per rule ~5% CRITICAL, 20% HIGH, 40% MEDIUM, 35% LOW;
  result level = Trivy's mapping (CRITICAL/HIGH -> error, MEDIUM -> warning, LOW -> note);
  rule properties: precision, security-severity (CVSS-like string, "%.1f"), tags [vulnerability, security, SEV];
* ~15% of results have no fixed version ("Fixed Version: " empty, as Trivy writes it);
* about half the rules are OS-package vulnerabilities (location = image repository, region 1/1/1/1),
  the rest language-package vulnerabilities in lock files (package-lock.json, yarn.lock, go.mod,
  requirements.txt, poetry.lock, Gemfile.lock, composer.lock, Cargo.lock, pom.xml) with line ranges;
* every result has a distinct (ruleId, uri, startLine, package) so Verdict's dedup removes nothing;
* descriptions are long, CVE-like English generated from a fixed vocabulary
  (32,000 results -> ~50 MB; --results 3 -> ~4.9 KB, or ~3.0 KB with --compact);
* output mimics Go's json.MarshalIndent with 2-space indent: key order as Trivy writes it,
  '<', '>', '&' escaped as \\u003c \\u003e \\u0026, descriptions HTML-escaped like Trivy
  (&#34; &#39;), no trailing newline.

Same arguments -> same bytes (random.Random(seed), no clocks, no hash-order dependence).
Stdlib only.
"""
import argparse
import hashlib
import json
import os
import random
import sys

TRIVY_VERSION = "0.56.1"
SCHEMA = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/sarif-2.1/schema/sarif-schema-2.1.0.json"
SEVERITIES = ("CRITICAL", "HIGH", "MEDIUM", "LOW")
SEV_WEIGHTS = (5, 20, 40, 35)
LEVEL = {"CRITICAL": "error", "HIGH": "error", "MEDIUM": "warning", "LOW": "note", "UNKNOWN": "note"}
SCORE_RANGE = {"CRITICAL": (9.0, 10.0), "HIGH": (7.0, 8.9), "MEDIUM": (4.0, 6.9), "LOW": (0.1, 3.9)}


# ----------------------------------------------------------------------------- Go-compatible output
def go_html_escape(s):
    """Go's html.EscapeString (Trivy applies it to shortDescription / fullDescription)."""
    return (s.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;")
             .replace(">", "&gt;").replace('"', "&#34;"))


def go_json_dumps(obj, compact=False):
    """json.MarshalIndent(obj, "", "  ") (or json.Marshal if compact) with Go's default HTML escaping."""
    if compact:
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    else:
        text = json.dumps(obj, indent=2, ensure_ascii=False)
    # '<', '>', '&', U+2028, U+2029 only ever occur inside JSON strings, so a textual replace is safe.
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def avd_url(vuln_id):
    if vuln_id.startswith("GHSA-"):
        return "https://github.com/advisories/" + vuln_id
    return "https://avd.aquasec.com/nvd/" + vuln_id.lower()


def trivy_rule(vuln_id, kind, title, description, severity, score, package, fixed, url=None):
    """A rule as Trivy 0.56 writes it (pkg/report/sarif.go addSarifRule). title/description raw."""
    url = url or avd_url(vuln_id)
    help_text = ("Vulnerability %s\nSeverity: %s\nPackage: %s\nFixed Version: %s\nLink: [%s](%s)\n%s"
                 % (vuln_id, severity, package, fixed, vuln_id, url, description))
    help_md = ("**Vulnerability %s**\n| Severity | Package | Fixed Version | Link |\n| --- | --- | --- | --- |\n"
               "|%s|%s|%s|[%s](%s)|\n\n%s" % (vuln_id, severity, package, fixed, vuln_id, url, description))
    return {
        "id": vuln_id,
        "name": kind,
        "shortDescription": {"text": go_html_escape(title)},
        "fullDescription": {"text": go_html_escape(description)},
        "defaultConfiguration": {"level": LEVEL[severity]},
        "helpUri": url,
        "help": {"text": help_text, "markdown": help_md},
        "properties": {"precision": "very-high", "security-severity": score,
                       "tags": ["vulnerability", "security", severity]},
    }


def trivy_result(vuln_id, rule_index, severity, package, installed, fixed, uri, start, end, url=None):
    """A result as Trivy 0.56 writes it (addSarifResult / toSarifLocations)."""
    url = url or avd_url(vuln_id)
    return {
        "ruleId": vuln_id,
        "ruleIndex": rule_index,
        "level": LEVEL[severity],
        "message": {"text": "Package: %s\nInstalled Version: %s\nVulnerability %s\nSeverity: %s\nFixed Version: %s\nLink: [%s](%s)"
                            % (package, installed, vuln_id, severity, fixed, vuln_id, url)},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri, "uriBaseId": "ROOTPATH"},
                "region": {"startLine": start, "startColumn": 1, "endLine": end, "endColumn": 1},
            },
            "message": {"text": "%s: %s@%s" % (uri, package, installed)},
        }],
    }


def trivy_document(rules, results, root_uri="file:///", image=None):
    run = {
        "tool": {"driver": {"fullName": "Trivy Vulnerability Scanner",
                            "informationUri": "https://github.com/aquasecurity/trivy",
                            "name": "Trivy", "rules": rules, "version": TRIVY_VERSION}},
        "results": results,
        "columnKind": "utf16CodeUnits",
        "originalUriBaseIds": {"ROOTPATH": {"uri": root_uri}},
    }
    if image:
        run["properties"] = image
    return {"version": "2.1.0", "$schema": SCHEMA, "runs": [run]}


def image_properties(name, tag):
    h = lambda s: hashlib.sha256(s.encode()).hexdigest()
    ref = "%s:%s" % (name, tag)
    return {"imageID": "sha256:" + h("id:" + ref), "imageName": ref,
            "repoDigests": ["%s@sha256:%s" % (name, h("digest:" + ref))], "repoTags": [ref]}


# ----------------------------------------------------------------------------- synthetic content
OS_PACKAGES = [
    ("openssl", ["openssl", "libssl3", "libcrypto3"]), ("zlib", ["zlib", "zlib-dev"]),
    ("musl", ["musl", "musl-utils"]), ("busybox", ["busybox", "busybox-binsh", "ssl_client"]),
    ("curl", ["curl", "libcurl"]), ("expat", ["libexpat", "expat"]), ("krb5", ["krb5-libs", "krb5-conf"]),
    ("glibc", ["libc6", "libc-bin", "locales"]), ("systemd", ["libsystemd0", "libudev1", "systemd"]),
    ("ncurses", ["ncurses-base", "ncurses-bin", "libncursesw6", "libtinfo6"]),
    ("util-linux", ["util-linux", "libblkid1", "libmount1", "libuuid1", "mount", "bsdutils"]),
    ("shadow", ["login", "passwd"]), ("perl", ["perl-base", "perl-modules-5.36"]),
    ("gnutls28", ["libgnutls30"]), ("sqlite3", ["libsqlite3-0", "sqlite-libs"]),
    ("libxml2", ["libxml2"]), ("pcre2", ["libpcre2-8-0", "pcre2"]), ("tar", ["tar"]),
    ("gcc-12", ["gcc-12-base", "libgcc-s1", "libstdc++6"]), ("apt", ["apt", "libapt-pkg6.0"]),
    ("libgcrypt20", ["libgcrypt20"]), ("libtasn1-6", ["libtasn1-6"]), ("e2fsprogs", ["e2fsprogs", "libcom-err2", "libext2fs2", "libss2"]),
    ("nghttp2", ["nghttp2-libs", "libnghttp2-14"]), ("libssh", ["libssh-4"]), ("xz-utils", ["liblzma5", "xz-libs"]),
]
LANG = {
    "npm": (["package-lock.json", "yarn.lock"],
            ["axios", "lodash", "express", "semver", "minimist", "json5", "ws", "tough-cookie", "micromatch",
             "braces", "postcss", "elliptic", "protobufjs", "undici", "path-to-regexp", "cookie", "body-parser",
             "follow-redirects", "ip", "tar", "word-wrap", "qs", "send", "serve-static", "jsonwebtoken",
             "@babel/traverse", "@grpc/grpc-js", "webpack", "cross-spawn", "nanoid", "esbuild", "vite"]),
    "pip": (["requirements.txt", "poetry.lock", "Pipfile.lock"],
            ["requests", "urllib3", "Jinja2", "Werkzeug", "Pillow", "cryptography", "certifi", "idna", "setuptools",
             "PyYAML", "Django", "Flask", "aiohttp", "sqlparse", "gunicorn", "pip", "wheel", "jinja2", "tornado"]),
    "gomod": (["go.mod"],
              ["golang.org/x/net", "golang.org/x/crypto", "golang.org/x/text", "google.golang.org/grpc",
               "github.com/golang-jwt/jwt/v4", "github.com/docker/docker", "github.com/opencontainers/runc",
               "google.golang.org/protobuf", "github.com/hashicorp/go-retryablehttp", "stdlib"]),
    "bundler": (["Gemfile.lock"], ["rack", "nokogiri", "rails", "actionpack", "activesupport", "puma", "rexml"]),
    "composer": (["composer.lock"], ["guzzlehttp/guzzle", "symfony/http-kernel", "laravel/framework", "twig/twig"]),
    "cargo": (["Cargo.lock"], ["h2", "hyper", "openssl", "rustls", "tokio", "time", "regex"]),
    "maven": (["pom.xml"], ["org.springframework:spring-web", "com.fasterxml.jackson.core:jackson-databind",
                            "org.apache.logging.log4j:log4j-core", "io.netty:netty-codec-http", "org.yaml:snakeyaml"]),
}
LANG_WEIGHTS = (("npm", 40), ("pip", 20), ("gomod", 15), ("bundler", 7), ("composer", 6), ("cargo", 6), ("maven", 6))
SERVICES = ["shop-api", "billing", "catalog", "checkout", "gateway", "inventory", "notifier", "search", "auth",
            "orders", "payments", "reporting", "scheduler", "users", "web", "worker"]

IMPACTS = ["a denial of service", "remote code execution", "information disclosure", "a heap-based buffer overflow",
           "an out-of-bounds read", "an out-of-bounds write", "a use-after-free", "an integer overflow",
           "prototype pollution", "a regular expression denial of service (ReDoS)", "request smuggling",
           "a NULL pointer dereference", "a path traversal", "server-side request forgery", "cross-site scripting",
           "an authentication bypass", "excessive memory consumption", "a double free", "a timing side channel",
           "improper certificate validation", "HTTP header injection", "an infinite loop"]
COMPONENTS = ["the parser", "the HTTP/2 implementation", "the TLS handshake code", "the decompression routine",
              "the URL normalisation function", "the multipart form handler", "the X.509 certificate verifier",
              "the DNS resolver", "the template engine", "the cookie jar", "the archive extractor",
              "the ASN.1 decoder", "the logging subsystem", "the YAML loader", "the regular expression compiler",
              "the connection pool", "the proxy handling code", "the signature verification routine"]
ATTACKERS = ["A remote, unauthenticated attacker", "An attacker who can supply crafted input",
             "A malicious server", "A local user", "An attacker able to control the request headers",
             "A network attacker in a privileged position", "An attacker who can upload files"]
CONSEQUENCES = ["cause the application to crash", "read sensitive memory contents", "execute arbitrary code",
                "exhaust CPU resources", "bypass intended access restrictions", "inject arbitrary headers",
                "overwrite files outside the intended directory", "forge signatures", "spoof trusted identities",
                "corrupt the heap", "leak private keys", "poison caches shared by other users"]
FILLER = ["This issue affects all versions before the fixed release.",
          "The vulnerability was reported through the project's coordinated disclosure process.",
          "Users are advised to upgrade to a version that contains the fix.",
          "There are no known workarounds other than disabling the affected feature.",
          "Exploitation requires that the vulnerable code path is reachable with attacker-controlled data.",
          "The maintainers consider the severity of this issue to be moderate because default configurations are not affected.",
          "Applications that process untrusted input with the affected API are at risk.",
          "The fix adds an explicit bounds check and rejects malformed input early.",
          "Note that the issue can only be triggered when the optional feature is compiled in.",
          "A proof of concept has been published, and exploitation in the wild has been observed.",
          "The issue was introduced in an earlier refactoring of the buffer management code.",
          "Distribution packages may include backported patches; consult the vendor advisory for details."]


def make_description(rng, target_len, pkg, version):
    parts = ["%s in %s through %s allows %s." % (rng.choice(IMPACTS).capitalize(), pkg, version, rng.choice(IMPACTS))]
    while sum(len(p) + 1 for p in parts) < target_len:
        r = rng.random()
        if r < 0.45:
            parts.append("%s can %s by sending crafted data to %s of %s." % (rng.choice(ATTACKERS), rng.choice(CONSEQUENCES),
                                                                            rng.choice(COMPONENTS), pkg))
        elif r < 0.6:
            parts.append("\n\nImpact summary: %s may allow an attacker to %s." % (rng.choice(IMPACTS).capitalize(),
                                                                                 rng.choice(CONSEQUENCES)))
        else:
            parts.append(rng.choice(FILLER))
    return " ".join(parts).replace(" \n\n", "\n\n")


def make_version(rng, eco):
    if eco == "os":
        return "%d.%d.%d-r%d" % (rng.randint(1, 3), rng.randint(0, 12), rng.randint(0, 20), rng.randint(0, 5))
    if eco == "gomod":
        return "v%d.%d.%d" % (rng.randint(0, 1), rng.randint(0, 30), rng.randint(0, 12))
    return "%d.%d.%d" % (rng.randint(0, 12), rng.randint(0, 30), rng.randint(0, 20))


def bump(version, rng):
    """A plausible fixed version: next Alpine revision / a later patch release."""
    if "-r" in version:
        base, _, rev = version.rpartition("-r")
        return "%s-r%d" % (base, int(rev) + rng.randint(1, 3))
    prefix = "v" if version.startswith("v") else ""
    major, minor, patch = (int(x) for x in version.lstrip("v").split("."))
    if rng.random() < 0.7:
        return "%s%d.%d.%d" % (prefix, major, minor, patch + rng.randint(1, 4))
    return "%s%d.%d.0" % (prefix, major, minor + 1)


def generate(n_results, seed, desc_mu=5.6):
    rng = random.Random(seed)
    app = "acme/bench-app"
    image_uri = app  # Trivy strips the registry and " (alpine 3.x)" from the OS target
    tiny = n_results <= 4  # start-up benchmark input: keep it as small as a real Trivy file can be
    used_ids = set()
    rules, results = [], []
    remaining = n_results
    lockfile_lines = {}
    while remaining > 0:
        severity = rng.choices(SEVERITIES, weights=SEV_WEIGHTS)[0]
        year = rng.randint(2018, 2024)
        while True:
            if rng.random() < 0.12:
                a = "".join(rng.choice("23456789cfghjmpqrvwx") for _ in range(12))
                vuln_id = "GHSA-%s-%s-%s" % (a[:4], a[4:8], a[8:])
            else:
                vuln_id = "CVE-%d-%d" % (year, rng.randint(1000, 52999))
            if vuln_id not in used_ids:
                used_ids.add(vuln_id)
                break
        lo, hi = SCORE_RANGE[severity]
        score = "%.1f" % rng.uniform(lo, hi)
        if rng.random() < 0.35 and not tiny:
            kind = "OsPackageVulnerability"
            src, names = rng.choice(OS_PACKAGES)
            eco = "os"
            # one image: a CVE hits each binary package of its source package once
            count = min(remaining, len(names), rng.choice((1, 2, 3, 4, 5, 6)))
        else:
            kind = "LanguageSpecificPackageVulnerability"
            eco = "gomod" if tiny else rng.choices([e for e, _ in LANG_WEIGHTS], weights=[w for _, w in LANG_WEIGHTS])[0]
            src = rng.choice(LANG[eco][1])
            names = [src]
            # a monorepo: the same dependency pinned in several services' lock files
            count = remaining if tiny else min(remaining, rng.choice((1, 2, 3, 4, 4, 5, 5, 6, 7, 8, 9)))
        # description length: heavy-tailed like real advisories (a few kernel-style essays, many short ones)
        target = 60 if tiny else int(min(8000, max(100, rng.lognormvariate(desc_mu, 0.75))))
        title = "%s: %s in %s" % (src.split("/")[-1], rng.choice(IMPACTS), rng.choice(COMPONENTS))
        if tiny:
            title = "%s: %s" % (src.split("/")[-1], rng.choice(IMPACTS))
        installed = make_version(rng, eco)
        description = make_description(rng, target, src, installed)
        has_fix = rng.random() >= 0.15
        fixed = bump(installed, rng) if has_fix else ""
        if has_fix and eco != "os" and rng.random() < 0.3:
            fixed = "%s, %s" % (fixed, bump(make_version(rng, eco), rng))
        rule_index = len(rules)
        rules.append(trivy_rule(vuln_id, kind, title, description, severity, score, names[0], fixed))
        for k in range(count):
            if eco == "os":
                pkg, uri, start, end = names[k], image_uri, 1, 1
            else:
                pkg = src
                lockfile = rng.choice(LANG[eco][0])
                uri = lockfile if k == 0 else "services/%s/%s" % (SERVICES[(rule_index + k) % len(SERVICES)], lockfile)
                if k >= len(SERVICES):
                    uri = "services/%s-%d/%s" % (SERVICES[k % len(SERVICES)], k, lockfile)
                if tiny:
                    uri = "go.mod" if k == 0 else "cmd/tool%d/go.mod" % k
                if eco == "gomod":
                    start = end = 1  # Trivy has no line numbers for go.mod dependencies
                else:
                    base = lockfile_lines.get(uri, rng.randint(20, 200))
                    start = base + rng.randint(3, 400)
                    end = start + rng.randint(3, 14)
                    lockfile_lines[uri] = end
            results.append(trivy_result(vuln_id, rule_index, severity, pkg, installed, fixed, uri, start, end))
        remaining -= count
    if tiny:  # a "trivy fs" run: no image metadata
        return trivy_document(rules, results)
    image = image_properties("ghcr.io/" + app, "1.0.%d" % (seed % 1000))
    return trivy_document(rules, results, image=image)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--results", type=int, required=True, help="number of results")
    ap.add_argument("--out", required=True, help="output file")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--compact", action="store_true",
                    help="write single-line JSON instead of Trivy's 2-space indent (smallest possible file)")
    args = ap.parse_args(argv)
    if args.results < 0:
        ap.error("--results must be >= 0")
    doc = generate(args.results, args.seed)
    data = go_json_dumps(doc, compact=args.compact).encode("utf-8")
    with open(args.out, "wb") as fh:
        fh.write(data)
    runs = doc["runs"][0]
    print("%s: %d bytes (%.1f MB), %d results, %d rules" % (args.out, len(data), len(data) / 1e6,
                                                            len(runs["results"]), len(runs["tool"]["driver"]["rules"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
