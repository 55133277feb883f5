/// The record fields of `risk` and `drift` rules: every planned change with its level and the
/// policy entry that set it, drift and output changes, by name only (values can be secret).
extension DecisionRecord {
    static func risk(_ evidence: RiskEvidence) -> [(String, JSONValue)] {
        [
            ("risk", .string(evidence.risk.rawValue)),
            ("approval_required", .bool(evidence.approvalRequired)),
            ("default", .string(evidence.defaultLevel.rawValue)),
            ("approve_at", .optional(evidence.approveAt?.rawValue)),
            ("fail_at", .optional(evidence.failAt?.rawValue)),
            ("plans", .array(evidence.plans.map { assessment in
                plan(assessment.plan, extra: [
                    ("change_count", .int(assessment.changeCount)),
                    ("changes", .array(assessment.changes.map { judged in
                        change(judged.change, extra: [
                            ("level", .string(judged.level.rawValue)),
                            ("why", .string(judged.why)),
                            ("levels_entry", .optional(judged.entryIndex)),
                        ])
                    })),
                ])
            })),
        ]
    }

    static func drift(_ evidence: DriftEvidence) -> [(String, JSONValue)] {
        [
            ("on_change", .string(evidence.onChange.rawValue)),
            ("counts", .object([
                ("changes", .int(evidence.changeCount)),
                ("drift", .int(evidence.driftCount)),
                ("outputs", .int(evidence.outputCount)),
            ])),
            ("plans", .array(evidence.plans.map { plan in
                let changes = plan.plannedChanges.filter { $0.policyActions != [.read] }
                return self.plan(plan, extra: [("changes", .array(changes.map { change($0, extra: []) }))])
            })),
        ]
    }

    static func plan(_ plan: TerraformPlan, extra: [(String, JSONValue)]) -> JSONValue {
        let counts = plan.counts
        return .object([
            ("path", .string(plan.path)),
            ("format", .string(plan.format.rawValue)),
            ("producer", .optional(plan.producer)),
            ("summary_line", .string(plan.summaryLine)),
            ("summary_line_number", .optional(plan.summaryLineNumber)),
            ("counts", .object([
                ("import", .int(counts.toImport)),
                ("add", .int(counts.toAdd)),
                ("change", .int(counts.toChange)),
                ("destroy", .int(counts.toDestroy)),
                ("forget", .int(counts.toForget)),
            ])),
            ("errors", .array(plan.errors.map { error in
                .object([("message", .string(error.message)), ("line", .optional(error.line))])
            })),
        ] + extra + [
            ("drift", .array(plan.drift.map { change($0, extra: []) })),
            ("outputs", .array(plan.outputs.map { output in
                .object([("name", .string(output.name)), ("action", .string(output.action))])
            })),
            ("deferred", .array(plan.deferred.map(JSONValue.string))),
            ("action_invocations", .array(plan.actionInvocations.map(JSONValue.string))),
        ])
    }

    static func change(_ change: PlanChange, extra: [(String, JSONValue)]) -> JSONValue {
        .object([
            ("address", .string(change.address)),
            ("previous_address", .optional(change.previousAddress)),
            ("module_address", .optional(change.moduleAddress)),
            ("mode", .string(change.mode.rawValue)),
            ("type", .string(change.type)),
            ("name", .string(change.name)),
            ("index", .optional(change.index)),
            ("deposed", .optional(change.deposed)),
            ("plan_action", .string(change.action.rawValue)),
            ("actions", .array(change.policyActions.map { .string($0.rawValue) })),
            ("import_id", .optional(change.importID)),
            ("reason", .optional(change.reason)),
            ("forces_replacement", .array(change.forcedReplacement.map(JSONValue.string))),
            ("line", .optional(change.line)),
        ] + extra)
    }
}
