/// Writes a decision as a `verdict.decision/v1` record: the JSON an auditor keeps.
///
/// The record holds everything needed to evaluate again: the policy texts, every input's
/// hash and size, the evaluation time and options, and per rule the outcome with the counts
/// and findings that decided it. Keys are in a fixed order and arrays in a defined order
/// (rules in policy order, findings in report order, inputs in canonical order), so the same
/// decision always gives the same bytes. `docs/decision-record.md` documents every field.
public enum DecisionRecord {
    public static let schema = "verdict.decision/v1"

    /// The record's bytes: pretty-printed JSON ending in a newline.
    public static func render(_ decision: Decision) -> String {
        value(of: decision).serialized()
    }

    public static func value(of decision: Decision) -> JSONValue {
        .object([
            ("schema", .string(schema)),
            ("tool", .object([("name", .string(decision.tool.name)), ("version", .string(decision.tool.version))])),
            ("evaluated_at", .string(Timestamp.format(decision.evaluatedAt))),
            ("outcome", .string(decision.outcome.rawValue)),
            ("exit_status", .int(Int(decision.exitStatus.rawValue))),
        ] + riskMembers(decision) + [
            ("options", options(decision.options)),
            ("context", .object(decision.context.map { ($0.key, .string($0.value)) })),
            ("policy", policy(decision.policy)),
            ("inputs", .array(decision.inputs.map(input))),
        ] + unusedInputMembers(decision) + [
            ("summary", .object([
                ("findings", .int(decision.inputSummary.findings)),
                ("informational", .int(decision.inputSummary.informational)),
                ("duplicates", .int(decision.inputSummary.duplicates)),
            ])),
            ("rules", .array(decision.results.map(rule))),
            ("waiver_notices", .array(decision.waiverNotices.map { notice in
                .object([
                    ("kind", .string(notice.kind.rawValue)),
                    ("waiver", waiver(notice.waiver)),
                    ("finding_count", .int(notice.findingCount)),
                    ("message", .string(notice.message)),
                ])
            })),
        ])
    }

    /// `fail_on`, then each reading option that differs from its default: records of plain
    /// checks keep the shape they always had, and a replay restores every choice that was made.
    static func options(_ options: EvaluationOptions) -> JSONValue {
        var members: [(String, JSONValue)] = [("fail_on", .string(options.failOn.rawValue))]
        if let root = options.sourceRoot { members.append(("source_root", .string(root))) }
        if !options.jacocoSourceDirs.isEmpty { members.append(("jacoco_source_dirs", .array(options.jacocoSourceDirs.map(JSONValue.string)))) }
        if !options.jacocoFilesFound.isEmpty { members.append(("jacoco_files_found", .array(options.jacocoFilesFound.map(JSONValue.string)))) }
        if options.strict { members.append(("strict", .bool(true))) }
        if options.maxInputBytes != InputLimits.defaultMaxInputBytes { members.append(("max_input_bytes", .int(options.maxInputBytes))) }
        return .object(members)
    }

    /// `unused_inputs`: the paths of inputs no rule read, present only when there are some.
    static func unusedInputMembers(_ decision: Decision) -> [(String, JSONValue)] {
        guard !decision.unusedInputs.isEmpty else { return [] }
        return [("unused_inputs", .array(decision.unusedInputs.map(input)))]
    }

    static func policy(_ policy: Policy) -> JSONValue {
        let main = policy.sources[0]
        return .object([
            ("name", .string(policy.name)),
            ("path", .string(main.path)),
            ("sha256", .string(main.sha256)),
            ("text", .string(main.text)),
            ("extends", .array(policy.sources.dropFirst().map { source in
                .object([("path", .string(source.path)), ("sha256", .string(source.sha256)), ("text", .string(source.text))])
            })),
        ])
    }

    static func input(_ input: InputDescriptor) -> JSONValue {
        .object([
            ("kind", .string(input.kind.rawValue)),
            ("role", .string(input.role.rawValue)),
            ("path", .string(input.path)),
            ("size", .int(input.size)),
            ("sha256", .string(input.sha256)),
        ])
    }

    static func rule(_ result: RuleResult) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(result.ruleID)),
            ("kind", .string(result.kind)),
            ("outcome", .string(result.outcome.rawValue)),
            ("message", .string(result.message)),
        ]
        switch result.details {
        case .none:
            break
        case let .severity(evidence):
            members.append(contentsOf: severity(evidence))
        case let .risk(evidence):
            members.append(contentsOf: risk(evidence))
        case let .drift(evidence):
            members.append(contentsOf: drift(evidence))
        case let .load(evidence):
            members.append(contentsOf: load(evidence))
        case let .coverage(evidence):
            members.append(contentsOf: coverage(evidence))
        case let .jq(evidence):
            members.append(contentsOf: jq(evidence))
        }
        return .object(members)
    }

    static func severity(_ evidence: SeverityEvidence) -> [(String, JSONValue)] {
        func perLevel(_ count: (Severity) -> Int) -> JSONValue {
            .object(Severity.worstFirst.map { ($0.rawValue, .int(count($0))) })
        }
        return [
            ("block", .array(evidence.blockLevels.map { .string($0.rawValue) })),
            ("warn", .array(evidence.warnLevels.map { .string($0.rawValue) })),
            ("max", .object(Severity.worstFirst.compactMap { level in evidence.limits[level].map { (level.rawValue, .int($0)) } })),
            ("counts", .object([
                ("counted", perLevel(evidence.count(of:))),
                ("waived", perLevel(evidence.waivedCount(of:))),
                ("ignored", perLevel { evidence.ignored[$0] ?? 0 }),
                ("on_baseline", .int(evidence.onBaseline.count)),
                ("out_of_scope", .int(evidence.outOfScope)),
                ("unfixed_skipped", .int(evidence.unfixed)),
                ("informational", .int(evidence.informational)),
            ])),
            ("findings", .array(
                evidence.blocking.map { judged($0, decision: "block") } + evidence.warning.map { judged($0, decision: "warn") })),
            ("waived", .array(evidence.waived.map { waived in
                finding(waived.finding, extra: [
                    ("reason", .string(waived.reason)),
                    ("waiver", waived.waiver.map(waiver) ?? .null),
                ])
            })),
            ("on_baseline", .array(evidence.onBaseline.map { finding($0, extra: []) })),
            ("waivers_used", .array(evidence.waiversUsed.map(use))),
            ("waivers_expired", .array(evidence.waiversExpired.map(use))),
        ]
    }

    static func judged(_ judged: JudgedFinding, decision: String) -> JSONValue {
        finding(judged.finding, extra: [("decision", .string(decision)), ("new", judged.isNew.map(JSONValue.bool) ?? .null)])
    }

    static func finding(_ finding: Finding, extra: [(String, JSONValue)]) -> JSONValue {
        .object(finding.jsonMembers + extra)
    }

    static func waiver(_ waiver: Waiver) -> JSONValue {
        .object([
            ("id", .string(waiver.id)),
            ("path", .optional(waiver.path?.pattern)),
            ("package", .optional(waiver.package)),
            ("rule", .optional(waiver.rule)),
            ("reason", .string(waiver.reason)),
            ("expires", .string(waiver.expires.description)),
            ("owner", .optional(waiver.owner)),
            ("max_level", .optional(waiver.maxLevel?.rawValue)),
            ("source", .string(waiver.source)),
        ])
    }

    static func use(_ use: WaiverUse) -> JSONValue {
        .object([("waiver", waiver(use.waiver)), ("finding_count", .int(use.findingCount))])
    }

    /// `risk` and `approval_required`, present when a risk rule judged a plan (records of
    /// policies without one keep their shape).
    static func riskMembers(_ decision: Decision) -> [(String, JSONValue)] {
        guard let risk = decision.risk else { return [] }
        return [("risk", .string(risk.rawValue)), ("approval_required", .bool(decision.approvalRequired))]
    }
}
