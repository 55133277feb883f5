extension CoverageRule {
    /// The spec of `kind: coverage`: keys, defaults and examples (run as tests).
    public static let description = RuleDescription(
        kind: kind, summary: summary, input: inputDescription,
        keys: [
            .init("line", "percent (0–100)", default: "none", "Minimum total line coverage. A rule needs at least one target."),
            .init("branch", "percent (0–100)", default: "none", "Minimum total branch coverage."),
            .init("function", "percent (0–100)", default: "none", "Minimum total function coverage."),
            .init("per_file", "mapping of `line`/`branch`/`function`", default: "none", "Every file with instrumented lines (branches, functions) must reach it."),
            .init("paths", "list of `glob` + `line`/`branch`/`function`", default: "none", "Per-component targets; each file belongs to the first glob it matches."),
            .init("exclude", "list of globs", default: "none", "Files left out of everything: totals, paths, per-file, patch, baseline."),
            .init("ratchet", "`{max_drop: points}`", default: "none", "With `--baseline-coverage`: fail when total line coverage falls by more than this many points."),
            .init("patch", "`{line: percent}`", default: "none", "With `--diff`: minimum coverage of the instrumented added lines."),
            .init("warn_only", "boolean", default: "false", "Failed targets warn instead of failing."),
            .init("allow_empty", "boolean", default: "false", "A target with nothing instrumented in its scope is skipped instead of an error."),
            .init("source_root", "path", default: "none", "As `--source-root` (which wins)."),
        ],
        examples: [
            .init("A total line target the failing sample misses", rule: """
                id: coverage
                kind: coverage
                line: 80
                """, inputs: [.init("samples/coverage-fails.info")], outcome: .fail),
            .init("Generated code and tests left out: the passing sample reaches it", rule: """
                id: coverage
                kind: coverage
                line: 80
                exclude: ["**/generated/**", "**/*.test.ts"]
                """, inputs: [.init("samples/coverage-passes.info")], outcome: .pass),
            .init("Patch coverage of a change", rule: """
                id: patch
                kind: coverage
                patch: { line: 80 }
                """, inputs: [.init("samples/coverage-fails.info"), .init("samples/coverage-change.diff", kind: .diff, role: .change)], outcome: .fail),
            .init("warn_only turns a miss into a warning", rule: """
                id: coverage
                kind: coverage
                line: 80
                warn_only: true
                """, inputs: [.init("samples/coverage-fails.info")], outcome: .warn),
        ],
        guide: "../policy.md#coverage-gates-kind-coverage")
}
