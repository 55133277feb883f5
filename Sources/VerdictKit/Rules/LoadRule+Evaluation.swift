extension LoadRule {
    public func evaluate(_ facts: Facts, in context: EvaluationContext) -> RuleResult {
        let runs = facts.load ?? []
        guard runs.count == 1, let run = runs.first else {
            return RuleResult(
                ruleID: id, kind: Self.kind, outcome: .error,
                message: "expected one k6 input, got \(runs.count) (\(runs.map(\.path).joined(separator: ", "))); judge each run with its own verdict check")
        }
        let baselines = facts.baselineLoad ?? []
        guard baselines.count <= 1 else {
            return RuleResult(
                ruleID: id, kind: Self.kind, outcome: .error,
                message: "expected at most one --baseline-k6 input, got \(baselines.count)")
        }
        let baseline = baselines.first
        let checks = judge(run, baseline: baseline)
        let evidence = LoadEvidence(metrics: run, baselinePath: baseline?.path, checks: checks)

        var outcome = checks.map(\.outcome).max() ?? .pass
        var notes: [String] = []
        if let truncated = run.truncatedLine {
            if allowTruncated {
                outcome = max(outcome, .warn)
                notes.append("last line \(truncated.line) cut short and skipped (allow_truncated)")
            } else {
                outcome = .error
                notes.append("\(truncated.message); set allow_truncated: true to judge the complete lines")
            }
        }
        if checks.isEmpty {
            outcome = max(outcome, .error)
            notes.append("nothing to judge: the policy names no threshold and the k6 input records none")
        }
        return RuleResult(ruleID: id, kind: Self.kind, outcome: outcome, message: message(checks, notes: notes), details: .load(evidence))
    }

    /// Every check, in a fixed order: policy thresholds (policy order), k6's own, regressions.
    func judge(_ run: LoadMetrics, baseline: LoadMetrics?) -> [LoadCheck] {
        var checks: [LoadCheck] = []
        for threshold in thresholds {
            checks.append(check(threshold.expression, metric: threshold.metric, selector: threshold.selector, origin: .policy, run: run, baseline: baseline))
        }
        if honorK6Thresholds {
            let policyOwn = Set(thresholds.map { "\($0.selector)|\($0.expression.aggregation)|\($0.expression.comparison.rawValue)|\($0.expression.bound)" })
            func isPolicyOwn(_ selector: MetricSelector, _ expression: ThresholdExpression) -> Bool {
                policyOwn.contains("\(selector)|\(expression.aggregation)|\(expression.comparison.rawValue)|\(expression.bound)")
            }
            for recorded in run.recordedThresholds {
                checks.append(recordedCheck(recorded, run: run, baseline: baseline))
            }
            for declared in run.declaredThresholds {
                let selector = MetricSelector(name: declared.metric)
                guard let expression = try? ThresholdSyntax.parseExpression(declared.source) else {
                    checks.append(LoadCheck(
                        origin: .k6Declared, metric: declared.metric, aggregation: nil, threshold: declared.source, value: nil, basis: nil,
                        outcome: .error, reason: "the stream declares a threshold Verdict cannot parse", baseline: nil, allowed: nil))
                    continue
                }
                if isPolicyOwn(selector, expression) { continue }
                checks.append(check(expression, metric: declared.metric, selector: selector, origin: .k6Declared, run: run, baseline: baseline))
            }
        }
        for regression in regressions {
            checks.append(regressionCheck(regression, run: run, baseline: baseline))
        }
        return checks
    }

    func check(
        _ expression: ThresholdExpression, metric: String, selector: MetricSelector, origin: LoadCheck.Origin,
        run: LoadMetrics, baseline: LoadMetrics?
    ) -> LoadCheck {
        var check = LoadCheck(
            origin: origin, metric: metric, aggregation: expression.aggregation.description, threshold: expression.source,
            value: nil, basis: nil, outcome: .error, reason: nil, baseline: nil, allowed: nil)
        if let baseline, case let .value(value, _) = baseline.lookup(selector, expression.aggregation) { check.baseline = value }
        switch run.lookup(selector, expression.aggregation) {
        case let .value(value, basis):
            check.value = value
            check.basis = basis
            check.outcome = expression.comparison.holds(value, expression.bound) ? .pass : .fail
        case let .noSamples(reason):
            check.outcome = .fail
            check.reason = reason
        case let .unavailable(reason):
            check.outcome = .error
            check.reason = reason
        }
        return check
    }

    /// A threshold k6 judged itself: its verdict stands; the value is shown when the summary has it.
    func recordedCheck(_ recorded: RecordedThreshold, run: LoadMetrics, baseline: LoadMetrics?) -> LoadCheck {
        var check = LoadCheck(
            origin: .k6, metric: recorded.metric, aggregation: nil, threshold: recorded.source, value: nil, basis: nil,
            outcome: recorded.passed ? .pass : .fail, reason: recorded.passed ? nil : "k6 recorded this threshold as failed",
            baseline: nil, allowed: nil)
        let selector = (try? ThresholdSyntax.parseSelector(recorded.metric)) ?? MetricSelector(name: recorded.metric)
        if let expression = try? ThresholdSyntax.parseExpression(recorded.source) {
            check.aggregation = expression.aggregation.description
            switch run.lookup(selector, expression.aggregation) {
            case let .value(value, basis):
                check.value = value
                check.basis = basis
            case let .noSamples(reason) where run.metrics[selector] != nil:
                // k6 passes a threshold over an empty sink; no samples is not a pass.
                check.outcome = .fail
                check.reason = reason
            case .noSamples, .unavailable:
                break
            }
            if let baseline, case let .value(value, _) = baseline.lookup(selector, expression.aggregation) { check.baseline = value }
        }
        return check
    }

    func regressionCheck(_ regression: Regression, run: LoadMetrics, baseline: LoadMetrics?) -> LoadCheck {
        var bound: [String] = []
        if let ratio = regression.ratio { bound.append("baseline × \(Aggregation.format(ratio))") }
        if let slack = regression.slack { bound.append("baseline + \(Aggregation.format(slack))") }
        var check = LoadCheck(
            origin: .regression, metric: regression.metric, aggregation: regression.aggregation.description,
            threshold: "≤ " + (bound.count > 1 ? "max(\(bound.joined(separator: ", ")))" : bound.joined()),
            value: nil, basis: nil, outcome: .error, reason: nil, baseline: nil, allowed: nil)
        switch run.lookup(regression.selector, regression.aggregation) {
        case let .value(value, basis):
            check.value = value
            check.basis = basis
        case let .noSamples(reason):
            check.outcome = .fail
            check.reason = reason
            return check
        case let .unavailable(reason):
            check.reason = reason
            return check
        }
        guard let baseline else {
            // Without a baseline (the first run on a branch) a regression cannot be judged;
            // it warns rather than passes, so a CI that forgot --baseline-k6 shows it.
            check.outcome = .warn
            check.reason = "no baseline run was given (--baseline-k6 FILE)"
            return check
        }
        switch baseline.lookup(regression.selector, regression.aggregation) {
        case let .value(base, _):
            check.baseline = base
            let allowed = [regression.ratio.map { base * $0 }, regression.slack.map { base + $0 }].compactMap { $0 }.max() ?? base
            check.allowed = allowed
            if let value = check.value { check.outcome = value <= allowed ? .pass : .fail }
        case let .noSamples(reason), let .unavailable(reason):
            check.outcome = .error
            check.reason = "baseline: " + reason
        }
        return check
    }

    func message(_ checks: [LoadCheck], notes: [String]) -> String {
        var parts: [String] = []
        let failed = checks.filter { $0.outcome == .fail }
        let errors = checks.filter { $0.outcome == .error }
        let warned = checks.filter { $0.outcome == .warn }
        if !errors.isEmpty { parts.append("\(errors.count) could not be judged: " + errors.prefix(3).map(Self.describe).joined(separator: "; ")) }
        if !failed.isEmpty { parts.append("\(failed.count) failed: " + failed.prefix(3).map(Self.describe).joined(separator: "; ")) }
        if !warned.isEmpty { parts.append("\(warned.count) warned: " + warned.prefix(3).map(Self.describe).joined(separator: "; ")) }
        if parts.isEmpty, !checks.isEmpty { parts.append("all \(checks.count) threshold\(checks.count == 1 ? "" : "s") passed") }
        return (parts + notes).joined(separator: "; ")
    }

    /// `http_req_duration p(95)=612.3 ms (p(95)<500)`.
    static func describe(_ check: LoadCheck) -> String {
        var text = check.metric
        if let aggregation = check.aggregation { text += " \(aggregation)" }
        if let value = check.value { text += "=" + LoadNumber.format(value, time: check.isTime) }
        text += " (\(check.threshold))"
        if let reason = check.reason, check.outcome != .pass { text += ": \(reason)" }
        return text
    }
}

/// Numbers as the report shows them: enough digits to compare with the threshold, ms for time.
public enum LoadNumber {
    public static func format(_ value: Double, time: Bool = false) -> String {
        guard value.isFinite else { return "NaN" }
        let magnitude = abs(value)
        let decimals: Int
        if value == value.rounded() && magnitude < 1e15 {
            decimals = 0
        } else if magnitude >= 1 {
            let integerDigits = String(Int(magnitude)).count
            decimals = max(0, 5 - integerDigits)
        } else {
            // 4 significant digits below 1 (0.06425, 0.002466).
            var scaled = magnitude
            var zeros = 0
            while scaled < 0.1, zeros < 12 {
                scaled *= 10
                zeros += 1
            }
            decimals = zeros + 4
        }
        var text = decimals == 0 ? String(format: "%.0f", value) : String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return time ? text + " ms" : text
    }
}
