internal import CJQ
internal import CLibXML2
internal import CYAML

/// The versions of the C libraries Verdict is linked with, for `verdict version --verbose`
/// and for bug reports: parsing behaviour can differ between library releases.
public enum LibraryVersions {
    public static var libyaml: String { String(cString: yaml_get_version_string()) }

    public static var libxml2: String {
        guard let version = __xmlParserVersion()?.pointee else { return "unknown" }
        // "20914" → "2.9.14"
        let number = Int(String(cString: version)) ?? 0
        return "\(number / 10000).\(number / 100 % 100).\(number % 100)"
    }

    /// libjq exports no version string; this proves the library loads by running `1+1`.
    public static var libjq: String {
        guard let state = jq_init() else { return "unavailable" }
        defer { jq_teardown_state(state) }
        guard jq_compile(state, "1+1") == 1 else { return "unavailable" }
        jq_start(state, jv_null(), 0)
        let result = jq_next(state)
        defer { jv_free(result) }
        return jv_get_kind(result) == JV_KIND_NUMBER && jv_number_value(jv_copy(result)) == 2 ? "linked (libjq 1.6+)" : "broken"
    }

    private static func jq_teardown_state(_ state: OpaquePointer) {
        var pointer: OpaquePointer? = state
        jq_teardown(&pointer)
    }
}
