import Foundation

extension Attestation {
    /// What `verdict verify` learns from an envelope's statement once its shape is checked.
    public struct Summary: Sendable, Equatable {
        public var verificationResult: String
        public var verifiedLevels: [String]
        /// The sha256 of the decision record the statement references.
        public var recordSHA256: String
    }

    /// Checks the statement's shape: in-toto Statement v1, the VSA predicate type, subjects
    /// with digests, a PASSED/FAILED result and a referenced record digest.
    ///
    /// - Throws: `AuditError.invalidAttestation` naming the first member that is wrong.
    public static func checkStatement(_ payload: Data, path: String) throws(AuditError) -> Summary {
        func fail(_ message: String) -> AuditError { .invalidAttestation(path: path, message: message) }
        guard let statement = (try? JSONSerialization.jsonObject(with: payload)) as? [String: Any] else {
            throw fail("the payload is not a JSON object")
        }
        guard statement["_type"] as? String == statementType else { throw fail("'_type' is not '\(statementType)'") }
        guard statement["predicateType"] as? String == predicateType else { throw fail("'predicateType' is not '\(predicateType)'") }
        guard let subjects = statement["subject"] as? [[String: Any]], !subjects.isEmpty else { throw fail("'subject' is missing or empty") }
        for subject in subjects {
            guard let digest = subject["digest"] as? [String: String], !digest.isEmpty else { throw fail("a subject has no 'digest'") }
        }
        guard let predicate = statement["predicate"] as? [String: Any] else { throw fail("'predicate' is missing") }
        guard (predicate["verifier"] as? [String: Any])?["id"] is String else { throw fail("'predicate.verifier.id' is missing") }
        guard let result = predicate["verificationResult"] as? String, ["PASSED", "FAILED"].contains(result) else {
            throw fail("'predicate.verificationResult' is not PASSED or FAILED")
        }
        guard let levels = predicate["verifiedLevels"] as? [String] else { throw fail("'predicate.verifiedLevels' is missing") }
        // A PASSED result naming a failing outcome contradicts itself: refuse it.
        if result == "PASSED", levels.contains(where: { $0 == verifiedLevel(.fail) || $0 == verifiedLevel(.error) }) {
            throw fail("'verificationResult' is PASSED but 'verifiedLevels' names \(levels.joined(separator: ", "))")
        }
        guard let record = ((predicate["decisionRecord"] as? [String: Any])?["digest"] as? [String: Any])?["sha256"] as? String,
              SHA256Digest.isValid(record)
        else {
            throw fail("'predicate.decisionRecord.digest.sha256' is missing or not a sha256 digest")
        }
        return Summary(verificationResult: result, verifiedLevels: levels, recordSHA256: record)
    }
}
