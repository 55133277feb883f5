import Foundation

/// A decision as an in-toto Statement v1 with a SLSA Verification Summary (VSA v1) predicate.
///
/// The statement names what the gate decided about (`subject`), the policy and every input by
/// sha256, the outcome as `verificationResult` (PASSED only when the gate exits 0) and as
/// `verifiedLevels` (`VERDICT_PASS`, `VERDICT_WARN`, `VERDICT_FAIL` or `VERDICT_ERROR`). The
/// full decision record travels by reference: `predicate.decisionRecord` holds the sha256 of
/// the record's exact (signed) bytes, which `--record` and `--archive` keep. Members are in a
/// fixed order, so the same decision always gives the same bytes.
public enum Attestation {
    public static let statementType = "https://in-toto.io/Statement/v1"
    public static let predicateType = "https://slsa.dev/verification_summary/v1"
    /// The verifier's id: a URI naming Verdict's `check` as the party that decided.
    public static let verifierID = "urn:verdict:check"
    /// The media type of the referenced decision record.
    public static let recordMediaType = "application/vnd.verdict.decision.v1+json"

    /// An artifact the decision is about: a name and its digests (algorithm, lowercase hex).
    public struct Subject: Sendable, Equatable {
        public var name: String
        public var digest: [(algorithm: String, value: String)]

        public init(name: String, digest: [(algorithm: String, value: String)]) {
            self.name = name
            self.digest = digest
        }

        public static func == (lhs: Subject, rhs: Subject) -> Bool {
            lhs.name == rhs.name && lhs.digest.elementsEqual(rhs.digest) { $0 == $1 }
        }

        /// Parses `NAME=sha256:DIGEST` (the `--subject` option); nil when it is not of that form.
        public static func parse(_ text: String) -> Subject? {
            guard let equals = text.lastIndex(of: "=") else { return nil }
            let name = String(text[..<equals])
            let digest = text[text.index(after: equals)...]
            guard !name.isEmpty, digest.hasPrefix("sha256:") else { return nil }
            let hex = String(digest.dropFirst("sha256:".count))
            guard SHA256Digest.isValid(hex) else { return nil }
            return Subject(name: name, digest: [("sha256", hex)])
        }
    }

    /// The subjects when none is given: the commit (a `gitCommit` digest, named
    /// `git+REPOSITORY@COMMIT`, or `git:COMMIT` without a repository) and every input.
    public static func defaultSubjects(_ decision: Decision, commit: String?, repository: String?) -> [Subject] {
        var subjects: [Subject] = []
        if let commit, !commit.isEmpty {
            let sha = commit.lowercased()
            let name = repository.flatMap { $0.isEmpty ? nil : "git+\($0)@\(sha)" } ?? "git:\(sha)"
            subjects.append(Subject(name: name, digest: [("gitCommit", sha)]))
        }
        subjects += decision.inputs.map { Subject(name: $0.path, digest: [("sha256", $0.sha256)]) }
        return subjects
    }

    /// `VERDICT_` and the outcome in capitals.
    public static func verifiedLevel(_ outcome: Outcome) -> String { "VERDICT_" + outcome.label }

    /// The statement as a value.
    ///
    /// - Parameters:
    ///   - decision: what the gate decided.
    ///   - subjects: the artifacts decided about (at least one).
    ///   - recordSHA256: the sha256 of the decision record's bytes as written.
    public static func statement(_ decision: Decision, subjects: [Subject], recordSHA256: String) -> JSONValue {
        let main = decision.policy.sources[0]
        let digestValue: ([(algorithm: String, value: String)]) -> JSONValue = { digest in
            .object(digest.map { ($0.algorithm, .string($0.value)) })
        }
        return .object([
            ("_type", .string(statementType)),
            ("subject", .array(subjects.map { .object([("name", .string($0.name)), ("digest", digestValue($0.digest))]) })),
            ("predicateType", .string(predicateType)),
            ("predicate", .object([
                ("verifier", .object([
                    ("id", .string(verifierID)),
                    ("version", .object([(decision.tool.name, .string(decision.tool.version))])),
                ])),
                ("timeVerified", .string(Timestamp.format(decision.evaluatedAt))),
                ("resourceUri", .string(subjects.first?.name ?? "")),
                ("policy", .object([("uri", .string(main.path)), ("digest", .object([("sha256", .string(main.sha256))]))])),
                ("inputAttestations", .array(decision.inputs.map { input in
                    .object([("uri", .string(input.path)), ("digest", .object([("sha256", .string(input.sha256))]))])
                })),
                ("verificationResult", .string(decision.exitStatus == .pass ? "PASSED" : "FAILED")),
                ("verifiedLevels", .array([.string(verifiedLevel(decision.outcome))])),
                ("decisionRecord", .object([
                    ("mediaType", .string(recordMediaType)),
                    ("digest", .object([("sha256", .string(recordSHA256))])),
                ])),
            ])),
        ])
    }
}
