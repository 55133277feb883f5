import Foundation

/// The normalized facts as one JSON document (`verdict.facts/v1`): what `verdict facts`
/// prints and what a jq rule's query reads as `.`.
///
/// Keys are in a fixed order and arrays in the facts' own order (findings in report order,
/// plans and inputs in canonical input order), so the same inputs and policy give the same
/// bytes. A part is `null` when no input of its kind was given: a query can tell "no findings"
/// (`[]`) from "no scan" (`null`). `docs/readme-jq.md` documents every field.
public enum FactsDocument {
    public static let schema = "verdict.facts/v1"

    /// The document for `facts`, judged under `policy` at `now`: a finding is `waived` when its
    /// producer suppressed it or an active waiver of the policy that is not limited to one rule
    /// matches it; a plan change's `level` is the one the policy's first risk rule gives it.
    public static func value(of facts: Facts, policy: Policy?, now: Date) -> JSONValue {
        .object([
            ("schema", .string(schema)),
            ("findings", facts.findings.map { findings($0, waivers: policy?.waivers ?? [], now: now) } ?? .null),
            ("coverage", facts.coverage.map(coverage) ?? .null),
            ("load", facts.load.map { load($0, baseline: facts.baselineLoad) } ?? .null),
            ("plan", facts.terraformPlans.isEmpty ? .null : plan(facts.terraformPlans, risk: policy?.rules.lazy.compactMap { $0 as? RiskRule }.first)),
            ("inputs", .array(facts.inputs.map { input in
                .object([
                    ("kind", .string(input.kind.rawValue)),
                    ("role", .string(input.role.rawValue)),
                    ("path", .string(input.path)),
                    ("sha256", .string(input.sha256)),
                ])
            })),
            ("context", .object(facts.context.map { ($0.key, .string($0.value)) })),
        ])
    }

    // MARK: Findings

    static func findings(_ set: FindingSet, waivers: [Waiver], now: Date) -> JSONValue {
        let applicable = waivers.filter { $0.rule == nil && $0.isActive(at: now) }
        return .array(set.findings.map { finding in
            let waived = finding.suppression != nil || applicable.contains { $0.matches(finding, ruleID: "") }
            return .object(finding.jsonMembers + [("waived", .bool(waived))])
        })
    }

    // MARK: Coverage

    static func coverage(_ report: CoverageReport) -> JSONValue {
        .object([
            ("totals", totals(report.totals)),
            ("files", .array(report.files.map { file in
                .object([("path", .string(file.path))] + measures(file.totals))
            })),
        ])
    }

    static func totals(_ totals: CoverageTotals) -> JSONValue {
        .object(measures(totals))
    }

    static func measures(_ totals: CoverageTotals) -> [(String, JSONValue)] {
        [("lines", count(totals.lines)), ("branches", count(totals.branches)), ("functions", count(totals.functions))]
    }

    /// `percent` unrounded, null when nothing is instrumented.
    static func count(_ count: CoverageCount) -> JSONValue {
        .object([
            ("covered", .int(count.covered)),
            ("total", .int(count.total)),
            ("percent", count.percent.map(JSONValue.double) ?? .null),
        ])
    }

    // MARK: Plan

    static func plan(_ plans: [TerraformPlan], risk: RiskRule?) -> JSONValue {
        let assessments = risk?.judge(plans).plans
        var changes: [JSONValue] = []
        for (planIndex, plan) in plans.enumerated() {
            var levels: [Int: RiskLevel] = [:]
            if let assessments, planIndex < assessments.count {
                for judged in assessments[planIndex].changes { levels[judged.order] = judged.level }
            }
            for (index, change) in plan.changes.enumerated() where change.isShown {
                changes.append(.object(changeMembers(change) + [
                    ("level", .optional(levels[index]?.rawValue)),
                    ("forces_replacement", .array(change.forcedReplacement.map(JSONValue.string))),
                ]))
            }
        }
        return .object([
            ("changes", .array(changes)),
            ("drift", .array(plans.flatMap(\.drift).map { .object(changeMembers($0)) })),
            ("outputs", .array(plans.flatMap(\.outputs).map { output in
                .object([("name", .string(output.name)), ("action", .string(output.action))])
            })),
        ])
    }

    static func changeMembers(_ change: PlanChange) -> [(String, JSONValue)] {
        [
            ("address", .string(change.address)),
            ("type", .string(change.type)),
            ("module", .optional(change.moduleAddress)),
            ("actions", .array(change.policyActions.map { .string($0.rawValue) })),
        ]
    }
}
