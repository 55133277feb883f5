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

    /// libjq exports no version string or call, so the version is told by the builtins the
    /// linked library compiles: `builtins/0` is new in 1.6, `pick/1` new in 1.7. Running `1+1`
    /// first proves the library loads and evaluates.
    public static var libjq: String {
        guard let state = jq_init() else { return "unavailable" }
        defer { jq_teardown_state(state) }
        guard jq_compile(state, "1+1") == 1 else { return "unavailable" }
        jq_start(state, jv_null(), 0)
        let result = jq_next(state)
        defer { jv_free(result) }
        guard jv_get_kind(result) == JV_KIND_NUMBER && jv_number_value(jv_copy(result)) == 2 else { return "broken" }
        return jqVersion(compiles: { (try? JQProgram(compiling: $0)) != nil })
    }

    /// The jq release told by which probe programs compile.
    static func jqVersion(compiles: (String) -> Bool) -> String {
        if compiles("pick(.a)") { return "1.7 or later (has pick/1, new in 1.7)" }
        if compiles("builtins") { return "1.6 (has builtins/0, new in 1.6, and not pick/1, new in 1.7)" }
        return "1.5 or earlier (has neither builtins/0 nor pick/1)"
    }

    private static func jq_teardown_state(_ state: OpaquePointer) {
        var pointer: OpaquePointer? = state
        jq_teardown(&pointer)
    }
}
