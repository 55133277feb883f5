/// A facts document parsed by libjq once, then handed to several queries.
///
/// Parsing is the larger part of a query's cost on a big document (a 50 MB SARIF's facts are
/// tens of MB of JSON), so the worker that runs every jq rule of a check parses it once and
/// gives each query its own reference (`jv_copy`: libjq values are immutable and counted).
final class JQInput {
    private let value: JV
    /// Why the text is not one JSON value (jq's message); nil when it is.
    let problem: String?

    /// Parses `facts` (JSON text).
    init(parsing facts: String) {
        let value = JV(parsing: facts)
        if value.isValid {
            problem = nil
        } else if let message = value.invalidMessage {
            problem = JQProgram.describe(message)
        } else {
            problem = "no value"
        }
        self.value = value
    }

    /// A new reference to the parsed value, for one query to consume.
    func copy() -> JV {
        value.copy()
    }
}
