import Foundation
import Testing
@testable import VerdictKit

/// The policy loader's error paths: each message is part of the user interface and checked whole.
@Suite struct PolicyLoaderTests {
    static let valid = """
        version: 1
        name: test
        rules:
          - id: vulnerabilities
            kind: severity
            block: [critical, high]
            warn: [medium]
        """

    @Test func loadsAValidPolicy() throws {
        let policy = try Fixtures.policy(Self.valid)
        #expect(policy.name == "test")
        let rule = try #require(policy.rules.first as? SeverityRule)
        #expect(rule.block == [.critical, .high])
        #expect(rule.warn == [.medium])
        #expect(rule.onMissing == .error)
        #expect(policy.sources.map(\.path) == ["policy.yaml"])
    }

    @Test func theBuiltInDefaultIsTheShippedFileByteForByte() throws {
        let shipped = try String(contentsOf: Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("policies/default.yaml"), encoding: .utf8)
        #expect(DefaultPolicy.text == shipped)
        _ = try Fixtures.policy(DefaultPolicy.text)
    }

    @Test func everyShippedPolicyLints() throws {
        let directory = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("policies")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        for file in files {
            let path = directory.appendingPathComponent(file).path
            #expect(throws: Never.self, "\(file)") { _ = try PolicyLoader(now: Fixtures.now).load(path: path) }
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var yaml: String
        var problems: [String]
        var testDescription: String { name }
    }

    static let invalid: [Case] = [
        Case(name: "unknown key with suggestion", yaml: """
            version: 1
            rules:
              - id: v
                kind: severity
                blok: [critical]
            """, problems: [
                "5:5: unknown key 'blok' in rule 'v'; did you mean 'block'?",
                "3:5: rule 'v' of kind severity needs 'block' or 'warn' (a list of levels)",
            ]),
        Case(name: "unknown top-level key", yaml: """
            version: 1
            rulez: []
            """, problems: [
                "2:1: unknown key 'rulez' in the policy; did you mean 'rules'?",
                "1:1: the policy is missing required key 'rules'",
            ]),
        Case(name: "wrong version", yaml: """
            version: 2
            rules: [{id: v, kind: severity, block: [high]}]
            """, problems: ["1:10: unsupported policy version '2'; expected 1"]),
        Case(name: "unknown level", yaml: """
            version: 1
            rules:
              - id: v
                kind: severity
                block: [critcal]
            """, problems: ["5:13: unknown level in block 'critcal'; expected one of unknown, low, medium, high, critical (did you mean 'critical'?)"]),
        Case(name: "wrong type", yaml: """
            version: 1
            rules:
              - id: v
                kind: severity
                block: critical
            """, problems: ["5:12: block must be a list, found 'critical'"]),
        Case(name: "yes is not a boolean", yaml: """
            version: 1
            rules:
              - id: v
                kind: severity
                block: [high]
                ignore_unfixed: yes
            """, problems: ["6:21: ignore_unfixed must be true or false, found 'yes'"]),
        Case(name: "quoted true is not a boolean", yaml: """
            version: 1
            rules:
              - id: v
                kind: severity
                block: [high]
                new_only: "true"
            """, problems: ["6:15: new_only must be true or false, found 'true'"]),
        Case(name: "duplicate rule id", yaml: """
            version: 1
            rules:
              - {id: v, kind: severity, block: [high]}
              - {id: v, kind: severity, block: [critical]}
            """, problems: ["4:5: duplicate rule id 'v' (first defined at line 3)"]),
        Case(name: "unknown rule kind", yaml: """
            version: 1
            rules:
              - {id: v, kind: severty, block: [high]}
            """, problems: ["3:19: unknown rule kind 'severty'; expected one of coverage, drift, jq, load, risk, severity (did you mean 'severity'?)"]),
        Case(name: "waiver without reason or expiry", yaml: """
            version: 1
            rules: [{id: v, kind: severity, block: [high]}]
            waivers:
              - id: CVE-2024-1
            """, problems: [
                "4:5: a waiver is missing required key 'reason'",
                "4:5: a waiver is missing required key 'expires'",
            ]),
        Case(name: "waiver with an impossible day", yaml: """
            version: 1
            rules: [{id: v, kind: severity, block: [high]}]
            waivers:
              - {id: CVE-2024-1, reason: r, expires: 2027-02-30}
            """, problems: ["4:42: expires must be a date written YYYY-MM-DD, found '2027-02-30'"]),
        Case(name: "waiver naming a missing rule", yaml: """
            version: 1
            rules: [{id: vulns, kind: severity, block: [high]}]
            waivers:
              - {id: CVE-2024-1, reason: r, expires: 2027-01-31, rule: vulnz}
            """, problems: ["4:60: waiver 'CVE-2024-1' names rule 'vulnz', which the policy does not have; did you mean 'vulns'?"]),
        Case(name: "waiver beyond max_waiver_days", yaml: """
            version: 1
            rules: [{id: v, kind: severity, block: [high]}]
            settings: {max_waiver_days: 30}
            waivers:
              - {id: CVE-2024-1, reason: r, expires: 2027-06-01}
            """, problems: ["5:42: waiver 'CVE-2024-1' expires on 2027-06-01, more than max_waiver_days (30) ahead"]),
        Case(name: "level in block and warn", yaml: """
            version: 1
            rules: [{id: v, kind: severity, block: [high], warn: [high]}]
            """, problems: ["2:54: level 'high' is in both 'block' and 'warn' of rule 'v'"]),
        Case(name: "duplicate YAML key", yaml: """
            version: 1
            rules: [{id: v, kind: severity, block: [high]}]
            rules: []
            """, problems: ["3:1: duplicate key 'rules' (first defined at line 2)"]),
        // Tags were ignored: `!!int "5"` read as the text it tags, whatever a reader took it for.
        Case(name: "core YAML tag", yaml: """
            version: 1
            rules:
              - {id: v, kind: severity, block: !!str high}
            """, problems: ["3:36: YAML tags are not supported in policies, found '!!str'; write the value without a tag"]),
        Case(name: "custom YAML tag on a mapping", yaml: """
            version: 1
            rules:
              - !custom {id: v, kind: severity, block: [high]}
            """, problems: ["3:5: YAML tags are not supported in policies, found '!custom'; write the value without a tag"]),
        Case(name: "YAML tag on a list", yaml: """
            version: 1
            rules: !!seq
              - {id: v, kind: severity, block: [high]}
            """, problems: ["2:8: YAML tags are not supported in policies, found '!!seq'; write the value without a tag"]),
        Case(name: "verbatim YAML tag on a key", yaml: """
            version: 1
            !<tag:example.com:x> rules: []
            """, problems: ["2:1: YAML tags are not supported in policies, found 'tag:example.com:x'; write the value without a tag"]),
        Case(name: "YAML syntax error", yaml: """
            version: 1
            rules: [{id: v, kind: severity
            """, problems: ["3:1: invalid YAML: while parsing a flow mapping: did not find expected ',' or '}'"]),
        Case(name: "bad on_missing", yaml: """
            version: 1
            rules: [{id: v, kind: severity, block: [high], on_missing: skip}]
            """, problems: ["2:60: unknown on_missing 'skip'; expected one of error, fail, warn, pass"]),
        Case(name: "no rules", yaml: """
            version: 1
            rules: []
            """, problems: ["the policy has no rules; a gate without rules would pass everything"]),
        Case(name: "alias bomb", yaml: """
            version: 1
            a: &a [x, x, x, x, x, x, x, x, x, x]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
            d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
            e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
            f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
            g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
            rules: [*g]
            """, problems: ["8:8: the document expands to more than 2000000 nodes (an alias bomb?)"]),
    ]

    @Test(arguments: invalid)
    func reportsEveryProblemWithItsPosition(_ testCase: Case) {
        #expect(Fixtures.policyProblems(testCase.yaml) == testCase.problems)
    }

    @Test func errorsShowTheOffendingLineWithACaret() throws {
        let error = try #require(throws: PolicyError.self) {
            try Fixtures.policy("version: 1\nrules:\n  - id: v\n    kind: severity\n    blok: [high]\n")
        }
        let unknown = try #require(error.diagnostics.first { $0.message.contains("blok") })
        #expect(unknown.description == """
            policy.yaml:5:5: error: unknown key 'blok' in rule 'v'; did you mean 'block'?
                    blok: [high]
                    ^
            """)
    }

    @Test func extendsReplacesSameIDRulesAndAddsWaivers() throws {
        let files = [
            "dir/base.yaml": """
                version: 1
                name: base
                rules:
                  - {id: vulnerabilities, kind: severity, block: [critical]}
                  - {id: secrets, kind: severity, block: [high], tools: [gitleaks]}
                waivers:
                  - {id: CVE-1, reason: base, expires: 2027-01-01}
                """,
            "dir/prod.yaml": """
                version: 1
                name: prod
                extends: base.yaml
                rules:
                  - {id: vulnerabilities, kind: severity, block: [critical, high]}
                waivers:
                  - {id: CVE-2, reason: prod, expires: 2027-01-01}
                """,
        ]
        let loader = PolicyLoader(now: Fixtures.now) { path in
            guard let text = files[path] else { throw PolicyError(path: path, message: "missing") }
            return text
        }
        let policy = try loader.load(path: "dir/prod.yaml")
        #expect(policy.name == "prod")
        #expect(policy.rules.map(\.id) == ["vulnerabilities", "secrets"])
        #expect((policy.rules[0] as? SeverityRule)?.block == [.critical, .high])
        #expect(policy.waivers.map(\.id) == ["CVE-1", "CVE-2"])
        #expect(policy.sources.map(\.path) == ["dir/prod.yaml", "dir/base.yaml"])
    }

    /// GitHub expressions compare output names case-insensitively, and `.` becomes `_`: two
    /// such rules would write one `rule_<id>` output, the last one winning.
    @Test(arguments: [("Vulns", "vulns"), ("a.b", "a_b"), ("déjà", "d_j_")])
    func ruleIDsWhoseOutputNamesCollideAreAnError(first: String, second: String) throws {
        let text = "version: 1\nrules:\n  - {id: \(first), kind: severity, block: [high]}\n  - {id: \(second), kind: severity, block: [high]}\n"
        #expect(Fixtures.policyProblems(text) == [
            "4:5: rule id '\(second)' and rule id '\(first)' have the same output name 'rule_\(OutputName.sanitised(first))' "
                + "(outputs compare case-insensitively; characters other than letters, digits, '_' and '-' become '_'); rename one",
        ])
        _ = try Fixtures.policy("version: 1\nrules:\n  - {id: \(first), kind: severity, block: [high]}\n  - {id: other, kind: severity, block: [high]}\n")
    }

    @Test func extendsCycleIsAnError() {
        let files = [
            "a.yaml": "version: 1\nextends: b.yaml\nrules: [{id: v, kind: severity, block: [high]}]\n",
            "b.yaml": "version: 1\nextends: a.yaml\nrules: [{id: w, kind: severity, block: [high]}]\n",
        ]
        let loader = PolicyLoader(now: Fixtures.now) { path in
            guard let text = files[path] else { throw PolicyError(path: path, message: "missing") }
            return text
        }
        #expect(throws: PolicyError.self) { try loader.load(path: "a.yaml") }
        do {
            _ = try loader.load(path: "a.yaml")
        } catch {
            #expect(error.messages == ["'extends' cycle: a.yaml → b.yaml → a.yaml"])
            #expect(error.diagnostics.first?.path == "b.yaml")
        }
    }
}
