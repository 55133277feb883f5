/// The record fields of a coverage rule (documented in docs/readme-coverage.md).
extension DecisionRecord {
    static func coverage(_ evidence: CoverageEvidence) -> [(String, JSONValue)] {
        [
            ("targets", targets(evidence.targets)),
            ("per_file_targets", targets(evidence.perFileTargets)),
            ("totals", totals(evidence.totals)),
            ("checks", .array(evidence.checks.map(check))),
            ("files", .int(evidence.fileCount)),
            ("excluded_files", .int(evidence.excludedFileCount)),
            ("paths", .array(evidence.paths.map { path in
                .object([
                    ("glob", .string(path.glob)),
                    ("files", .int(path.fileCount)),
                    ("totals", totals(path.totals)),
                    ("checks", .array(path.checks.map(check))),
                ])
            })),
            ("per_file_failures", .array(evidence.fileFailures.map { file in
                .object([("path", .string(file.path)), ("totals", totals(file.totals)), ("checks", .array(file.failed.map(check)))])
            })),
            ("least_covered", .array(evidence.leastCovered.map { file in
                .object([("path", .string(file.path)), ("totals", totals(file.totals))])
            })),
            ("patch", evidence.patch.map(patch) ?? .null),
            ("baseline", evidence.baseline.map(baseline) ?? .null),
            ("no_data", .array(evidence.noData.map(JSONValue.string))),
            ("allow_empty", .bool(evidence.allowEmpty)),
            ("warn_only", .bool(evidence.warnOnly)),
            ("notes", .array(evidence.notes.map(JSONValue.string))),
        ]
    }

    static func targets(_ targets: CoverageTargets) -> JSONValue {
        .object(CoverageMeasure.allCases.map { ($0.rawValue, targets[$0].map(JSONValue.double) ?? .null) })
    }

    static func count(_ count: CoverageCount) -> JSONValue {
        .object([
            ("covered", .int(count.covered)),
            ("total", .int(count.total)),
            ("percent", count.percent.map(JSONValue.double) ?? .null),
        ])
    }

    static func totals(_ totals: CoverageTotals) -> JSONValue {
        .object([("lines", count(totals.lines)), ("branches", count(totals.branches)), ("functions", count(totals.functions))])
    }

    static func check(_ check: CoverageCheck) -> JSONValue {
        .object([
            ("measure", .string(check.measure.rawValue)),
            ("target", .double(check.target)),
            ("covered", .int(check.count.covered)),
            ("total", .int(check.count.total)),
            ("percent", check.count.percent.map(JSONValue.double) ?? .null),
            ("status", .string(check.status.rawValue)),
        ])
    }

    static func patch(_ patch: CoveragePatchResult) -> JSONValue {
        .object([
            ("target", patch.target.map(JSONValue.double) ?? .null),
            ("covered", .int(patch.lines.covered)),
            ("total", .int(patch.lines.total)),
            ("percent", patch.lines.percent.map(JSONValue.double) ?? .null),
            ("passed", patch.passed.map(JSONValue.bool) ?? .null),
            ("files_in_report", .int(patch.filesInReport)),
            ("files_not_in_report", .int(patch.filesNotInReport)),
            ("uncovered", .array(patch.uncovered.map { .string($0.description) })),
        ])
    }

    static func baseline(_ baseline: CoverageBaselineComparison) -> JSONValue {
        .object([
            ("totals", totals(baseline.totals)),
            ("line_delta", baseline.lineDelta.map(JSONValue.double) ?? .null),
            ("branch_delta", baseline.branchDelta.map(JSONValue.double) ?? .null),
            ("function_delta", baseline.functionDelta.map(JSONValue.double) ?? .null),
            ("max_drop", baseline.maxDrop.map(JSONValue.double) ?? .null),
            ("passed", baseline.passed.map(JSONValue.bool) ?? .null),
            ("files", .array(baseline.files.map { file in
                .object([
                    ("path", .string(file.path)),
                    ("before", file.before.map(count) ?? .null),
                    ("after", file.after.map(count) ?? .null),
                    ("delta", file.delta.map(JSONValue.double) ?? .null),
                ])
            })),
        ])
    }
}
