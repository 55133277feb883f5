import Foundation
import Testing

/// End-to-end: the built binary on real files, checking stdout, stderr and the exit status.
@Suite struct CheckCommandTests {
    let now = "--now=2026-11-21T12:00:00Z"

    @Test func failingSampleExitsOneWithASummary() throws {
        let result = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", now])
        #expect(result.status == 1)
        #expect(result.stdout == """
            FAIL  vulnerabilities  blocking: 1 critical, 3 high; warning: 5 medium
            verdict: FAIL (exit 1) — policy default, 1 rule, 1 input, 12 findings

            """)
        #expect(result.stderr.isEmpty)
    }

    @Test func passingSampleExitsZeroAndWarningsCanFailTheGate() throws {
        let pass = try VerdictProcess.run(["check", "samples/trivy-passes.sarif", now, "--quiet"])
        #expect(pass.status == 0)
        #expect(pass.stdout == "verdict: WARN (exit 0) — policy default, 1 rule, 1 input, 4 findings\n")
        let strict = try VerdictProcess.run(["check", "samples/trivy-passes.sarif", now, "--quiet", "--fail-on", "warn"])
        #expect(strict.status == 1)
        #expect(strict.stdout == "verdict: WARN (exit 1) — policy default, 1 rule, 1 input, 4 findings (--fail-on warn)\n")
    }

    @Test func readsStandardInput() throws {
        let data = try Data(contentsOf: VerdictProcess.repositoryRoot.appendingPathComponent("samples/trivy-fails.sarif"))
        let result = try VerdictProcess.run(["check", "-", now, "--quiet"], stdin: data)
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("verdict: FAIL (exit 1)"))
    }

    @Test func writesMarkdownAndRecordFiles() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let markdown = directory.appendingPathComponent("report.md").path
        let record = directory.appendingPathComponent("decision.json").path
        let result = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", now, "--markdown", markdown, "--record", record])
        #expect(result.status == 1)
        #expect(try String(contentsOfFile: markdown, encoding: .utf8).hasPrefix("<!-- verdict:report -->\n"))
        #expect(try String(contentsOfFile: record, encoding: .utf8).contains(#""schema": "verdict.decision/v1""#))
    }

    @Test func markdownToStandardOutputMovesTheSummaryToStandardError() throws {
        let result = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", now, "--markdown", "-"])
        #expect(result.stdout.hasPrefix("<!-- verdict:report -->"))
        #expect(result.stderr.contains("verdict: FAIL (exit 1)"))
    }

    @Test func outputsAreIdenticalWhateverTheInputOrder() throws {
        let a = try VerdictProcess.run(["check", "samples/trivy-fails.sarif", "samples/trivy-passes.sarif", now, "--record", "-"])
        let b = try VerdictProcess.run(["check", "samples/trivy-passes.sarif", "samples/trivy-fails.sarif", now, "--record", "-"])
        #expect(a.stdout == b.stdout)
        #expect(a.stderr == b.stderr)
    }

    struct CouldNotJudge: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        var stderr: String
        var testDescription: String { name }
    }

    static let couldNotJudge: [CouldNotJudge] = [
        CouldNotJudge(name: "no input for the rule", arguments: ["check"],
                      stderr: ""),
        CouldNotJudge(name: "missing file", arguments: ["check", "nope.sarif"],
                      stderr: "nope.sarif: error: cannot read input: no such file\n"),
        CouldNotJudge(name: "a directory", arguments: ["check", "samples"],
                      stderr: "samples: error: cannot read input: it is a directory\n"),
        CouldNotJudge(name: "not SARIF", arguments: ["check", "Package.swift"],
                      stderr: "Package.swift: error: cannot tell what kind of input this is (found '// swift-tools-version:6.1'); expected "),
        CouldNotJudge(name: "forced but not JSON", arguments: ["check", "--sarif", "Package.swift"],
                      stderr: "Package.swift:1:1: error: invalid JSON: expected a SARIF log (a JSON object), found '// swift-tools-v'\n"),
        CouldNotJudge(name: "bad --now", arguments: ["check", "samples/trivy-fails.sarif", "--now", "yesterday"],
                      stderr: "Error: invalid --now 'yesterday'; expected an RFC 3339 time such as 2026-11-21T12:00:00Z\n"),
        CouldNotJudge(name: "unknown option", arguments: ["check", "--bogus"],
                      stderr: "Error: Unknown option '--bogus'\n"),
        CouldNotJudge(name: "bad --fail-on", arguments: ["check", "--fail-on", "error"],
                      stderr: "Error: The value 'error' is invalid for '--fail-on <outcome>'. Please provide one of 'fail' and 'warn'.\n"),
        CouldNotJudge(name: "missing policy", arguments: ["check", "samples/trivy-fails.sarif", "--policy", "nope.yaml"],
                      stderr: "nope.yaml: error: cannot read policy: no such file\n"),
    ]

    @Test(arguments: couldNotJudge)
    func couldNotJudgeExitsTwo(_ testCase: CouldNotJudge) throws {
        let arguments = testCase.arguments.contains("--now") ? testCase.arguments : testCase.arguments + [now]
        let result = try VerdictProcess.run(arguments)
        #expect(result.status == 2)
        if !testCase.stderr.isEmpty { #expect(result.stderr.hasPrefix(testCase.stderr)) }
        #expect(!result.stdout.contains("PASS"))
    }

    @Test func anInvalidPolicyIsRejectedBeforeAnyInputIsRead() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let policy = directory.appendingPathComponent("p.yaml")
        try "version: 1\nrules:\n  - id: v\n    kind: severity\n    blok: [high]\n".write(to: policy, atomically: true, encoding: .utf8)
        let result = try VerdictProcess.run(["check", "missing-input.sarif", "--policy", policy.path, now])
        #expect(result.status == 2)
        #expect(result.stderr.contains("p.yaml:5:5: error: unknown key 'blok' in rule 'v'; did you mean 'block'?"))
        #expect(!result.stderr.contains("missing-input.sarif"))
    }

    @Test func aProjectPolicyFileIsPickedUp() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        try "version: 1\nname: project\nrules: [{id: strict, kind: severity, block: [critical, high, medium, low]}]\n"
            .write(to: directory.appendingPathComponent(".verdict.yaml"), atomically: true, encoding: .utf8)
        let sample = VerdictProcess.repositoryRoot.appendingPathComponent("samples/trivy-passes.sarif").path
        let result = try VerdictProcess.run(["check", sample, now, "--quiet"], in: directory)
        #expect(result.status == 1)
        #expect(result.stdout.contains("policy project"))
    }
}

@Suite struct PolicyCommandTests {
    @Test func showDefaultPrintsTheShippedDefault() throws {
        let result = try VerdictProcess.run(["policy", "show-default"])
        let shipped = try String(contentsOf: VerdictProcess.repositoryRoot.appendingPathComponent("policies/default.yaml"), encoding: .utf8)
        #expect(result.status == 0)
        #expect(result.stdout == shipped)
    }

    @Test func lintAcceptsShippedPolicies() throws {
        let result = try VerdictProcess.run(["policy", "lint", "policies/production.yaml", "--now", "2026-11-21T12:00:00Z"])
        #expect(result.status == 0)
        #expect(result.stdout == "policies/production.yaml: ok — policy 'production', 1 rule, 0 waivers\n")
    }

    @Test func lintPrintsEveryProblemAndExitsTwo() throws {
        let directory = try VerdictProcess.temporaryDirectory()
        let policy = directory.appendingPathComponent("bad.yaml")
        try "version: 1\nrules:\n  - {id: v, kind: severity, block: [hgh], ignore_unfixed: yes}\nwaivers:\n  - {id: CVE-1}\n"
            .write(to: policy, atomically: true, encoding: .utf8)
        let result = try VerdictProcess.run(["policy", "lint", policy.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yaml:3:37: error: unknown level in block 'hgh'"))
        #expect(result.stderr.contains("bad.yaml:3:59: error: ignore_unfixed must be true or false, found 'yes'"))
        #expect(result.stderr.contains("bad.yaml:5:5: error: a waiver is missing required key 'reason'"))
        #expect(result.stderr.contains("bad.yaml: 4 problems"))
    }
}

@Suite struct DocumentationTests {
    static func page(_ path: String) throws -> String {
        try String(contentsOf: VerdictProcess.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// docs/commands.md documents every option of every command: users read it, not the source.
    @Test(arguments: [["check"], ["policy", "lint"], ["policy", "from-flags"], ["replay"], ["verify"], ["keygen"], ["log"], ["facts"], ["comment"]])
    func commandsPageMentionsEveryOption(_ command: [String]) throws {
        let help = try VerdictProcess.run(command + ["--help"]).stdout
        let commands = try Self.page("docs/commands.md")
        let options = Set(help.matches(of: /--[a-z][a-z-]*/).map { String($0.output) })
            .subtracting(["--help", "--version"])
        #expect(!options.isEmpty)
        for option in options.sorted() {
            #expect(commands.contains("`\(option)") || commands.contains(" \(option) ") || commands.contains(" \(option)="), "docs/commands.md does not document \(option)")
        }
    }

    /// The README stays an introduction (what Verdict is, the quick start, one CI example, exit
    /// statuses, the commands and links); the reference lives under docs/.
    @Test func theReadmeStaysShort() throws {
        let readme = try Self.page("README.md")
        #expect(readme.utf8.count <= 15 * 1024, "README.md is \(readme.utf8.count) bytes; move sections to docs/")
        for heading in ["## Quick start", "## Exit status", "## Commands", "## Documentation"] {
            #expect(readme.contains("\n\(heading)\n"), "README.md has no '\(heading)'")
        }
    }

    /// Every relative link of README.md and docs/ (and docs/rules/) names a file that exists,
    /// and an anchor a heading of that file gives (GitHub's rules: lowercase, punctuation
    /// dropped, spaces to '-', '-1' for a repeated heading).
    @Test func everyLinkInTheDocsResolves() throws {
        let root = VerdictProcess.repositoryRoot
        let files = FileManager.default
        var pages = ["README.md"]
        for folder in ["docs", "docs/rules"] {
            let names = (try? files.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
            pages += names.filter { $0.hasSuffix(".md") }.sorted().map { "\(folder)/\($0)" }
        }
        #expect(pages.count > 10)
        for page in pages {
            let text = Self.withoutCode(try Self.page(page))
            for match in text.matches(of: /\]\(([^)\s]+)\)/) {
                let target = String(match.output.1)
                if target.contains(":") && !target.hasPrefix("#") { continue } // https:, mailto:
                let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let base = URL(fileURLWithPath: page, relativeTo: root).deletingLastPathComponent()
                let file = parts[0].isEmpty ? root.appendingPathComponent(page) : base.appendingPathComponent(parts[0]).standardizedFileURL
                #expect(files.fileExists(atPath: file.path), "\(page): link to missing '\(target)'")
                if parts.count == 2, file.pathExtension == "md", let linked = try? String(contentsOf: file, encoding: .utf8) {
                    #expect(Self.anchors(linked).contains(parts[1]), "\(page): no heading for '\(target)'")
                }
            }
        }
    }

    /// The text outside fenced code blocks and code spans.
    static func withoutCode(_ text: String) -> String {
        var kept: [Substring] = []
        var fenced = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { fenced.toggle(); continue }
            if !fenced { kept.append(line) }
        }
        return kept.joined(separator: "\n").replacing(/`[^`\n]*`/, with: "")
    }

    /// GitHub's anchors of a markdown file's headings.
    static func anchors(_ text: String) -> Set<String> {
        var seen: [String: Int] = [:]
        var anchors: Set<String> = []
        var fenced = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("```") { fenced.toggle(); continue }
            guard !fenced, let match = line.firstMatch(of: /^#{1,6} (.*)$/) else { continue }
            let slug = String(String(match.output.1).lowercased().unicodeScalars.filter {
                CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == " "
            }).replacingOccurrences(of: " ", with: "-")
            let count = seen[slug, default: 0]
            seen[slug] = count + 1
            anchors.insert(count == 0 ? slug : "\(slug)-\(count)")
        }
        return anchors
    }
}
