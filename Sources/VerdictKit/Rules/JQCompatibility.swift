/// jq 1.7's builtins, written in jq for the libjq 1.6 that Verdict links (Debian's), so that a
/// query tried with jq 1.7 or 1.7.1 locally means the same in a policy.
///
/// Each definition follows jq's own (src/builtin.jq, or the C builtin's documented behaviour);
/// `JQCompatibilityTests` runs jq's documented examples through the sandbox. What cannot be
/// written in jq (syntax such as `if` without `else`, `{$x: 1}` and `.a.[]`; number literals kept
/// exact) stays different and is listed in the README's jq section.
enum JQCompatibility {
    /// The definitions, on one line: they go before the query on its first line, so jq's line
    /// numbers stay the query's.
    static let definitions: String = [
        // 1.7: a projection of the input keeping the paths `pathexps` names.
        #"def pick(pathexps): . as $top | reduce path(pathexps) as $p (null; setpath($p; $top | getpath($p)));"#,
        // Absolute value (NEWS.md of 1.7); other types are an error, as jq's.
        #"def abs: if type == "number" then (if . < 0 then - . else . end) else error("\(type) (\(tojson)) has no absolute value") end;"#,
        // Wraps a non-array in an array.
        #"def toarray: if type == "array" then . else [.] end;"#,
        // libjq 1.6 keeps numbers as doubles: say so, as jq 1.7 built without decNumber does.
        #"def have_literal_numbers: false;"#,
        #"def have_decnum: false;"#,
        // Strip leading/trailing whitespace: ASCII's and Unicode's White_Space characters, as jq's
        // manual says; a non-string is an error.
        #"def ltrim: if type == "string" then sub("\\A[ \\t\\n\\r\\f\u000b\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"; "") else error("trim input must be a string") end;"#,
        #"def rtrim: if type == "string" then sub("[ \\t\\n\\r\\f\u000b\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+\\z"; "") else error("trim input must be a string") end;"#,
        #"def trim: ltrim | rtrim;"#,
        // 1.7: scan with flags (documented in 1.6 but not defined).
        #"def scan($re; $flags): match($re; "g" + $flags) | if (.captures | length > 0) then [.captures | .[] | .string] else .string end;"#,
        // 1.7: `limit(0; f)` emits nothing (1.6 emitted f's first output); a negative count emits all of f.
        #"def limit($n; f): if $n > 0 then label $out | foreach f as $item (0; . + 1; $item, if . >= $n then break $out else empty end) elif $n == 0 then empty else f end;"#,
        // 1.7: `nth(n; f)` past f's last output is empty (1.6 gave the last output).
        #"def nth($n; f): if $n < 0 then error("Out of bounds negative array index") else label $out | foreach f as $item (-1; . + 1; if . == $n then ($item, break $out) else empty end) end;"#,
    ].joined(separator: " ")

    /// The builtins the definitions add or change, as `name/arity`.
    static let names = ["pick/1", "abs/0", "toarray/0", "have_literal_numbers/0", "have_decnum/0", "ltrim/0", "rtrim/0", "trim/0",
                        "scan/2", "limit/2", "nth/2"]
}
