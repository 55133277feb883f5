internal import CJQ

/// One owned reference to a libjq value (`jv`): the only way Swift code holds a `jv`.
///
/// libjq counts references by hand. Its rule (jv.h): every `jv_*` function *consumes* (decrements)
/// the `jv` arguments it is given and returns a new reference, except `jv_copy`, which adds
/// one. A few functions only read their argument and do not consume it; jq 1.6's jv.c was
/// checked for each one this wrapper calls:
///
/// | function                | consumes its argument |
/// |-------------------------|-----------------------|
/// | `jv_copy`               | no (adds a reference) |
/// | `jv_get_kind`           | no                    |
/// | `jv_get_refcnt`         | no                    |
/// | `jv_string_value`       | no (the pointer lives as long as the string) |
/// | `jv_number_value`       | no (numbers hold no reference) |
/// | `jv_string_length_bytes`| yes                   |
/// | `jv_invalid_get_msg`    | yes                   |
/// | `jv_object_get`, `jv_object_has`, `jv_keys`, `jv_array_length`, `jv_array_get` | yes (all arguments) |
/// | `jv_dump_string`        | yes                   |
/// | `jq_start`              | yes (the input)       |
///
/// `JV` is non-copyable, so the compiler enforces the rule: a `JV` is either borrowed (the
/// reading functions above, or `jv_copy` before a consuming one) or consumed exactly once
/// (`take()`), and `deinit` frees whatever is left. No `jv` escapes this file and
/// `JQProgram.swift`.
struct JV: ~Copyable {
    private var raw: jv

    /// Takes ownership of a reference returned by libjq.
    init(owning raw: jv) {
        self.raw = raw
    }

    deinit {
        jv_free(raw)
    }

    /// Parses JSON text (jv_parse_sized); an invalid value carries jq's message.
    init(parsing text: String) {
        var text = text
        let raw = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                jv_parse_sized(chars.baseAddress, Int32(clamping: chars.count))
            }
        }
        self.init(owning: raw)
    }

    init(string: String) {
        self.init(owning: string.withCString { jv_string($0) })
    }

    /// The array `[index, value]`: the input of a batch program (`JQBatchProgram`).
    static func indexed(_ index: Int, _ value: consuming JV) -> JV {
        JV(owning: jv_array_append(jv_array_append(jv_array(), jv_number(Double(index))), value.take()))
    }

    /// Gives the reference to a consuming libjq call; `self` is not freed.
    consuming func take() -> jv {
        let raw = self.raw
        discard self
        return raw
    }

    /// A second reference to the same value (`jv_copy`).
    func copy() -> JV {
        JV(owning: jv_copy(raw))
    }

    var kind: jv_kind { jv_get_kind(raw) }

    var isValid: Bool { kind != JV_KIND_INVALID }

    /// The text of a string value; nil for other kinds.
    var string: String? {
        guard kind == JV_KIND_STRING else { return nil }
        let length = Int(jv_string_length_bytes(jv_copy(raw)))
        guard let start = jv_string_value(raw) else { return "" }
        return start.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
        }
    }

    /// The message of an invalid value (`error("…")`, a parse error); nil when it has none.
    var invalidMessage: JV? {
        guard kind == JV_KIND_INVALID else { return nil }
        let message = JV(owning: jv_invalid_get_msg(jv_copy(raw)))
        if message.kind == JV_KIND_NULL { return nil }
        return message
    }

    /// The value on one line (jv_dump_string with no flags), as jq -c prints it.
    var compactJSON: String {
        guard isValid else { return "null" }
        return JV(owning: jv_dump_string(jv_copy(raw), 0)).string ?? "null"
    }

    /// The member `key` of an object (an invalid value when absent: jq 1.6's `jv_object_get`);
    /// nil when this is not an object.
    func member(_ key: String) -> JV? {
        guard kind == JV_KIND_OBJECT else { return nil }
        return JV(owning: jv_object_get(jv_copy(raw), JV(string: key).take()))
    }

    /// The keys of an object, sorted (jv_keys); nil when this is not an object.
    var keys: [String]? {
        guard kind == JV_KIND_OBJECT else { return nil }
        let array = JV(owning: jv_keys(jv_copy(raw)))
        let count = Int(jv_array_length(jv_copy(array.raw)))
        var keys: [String] = []
        for index in 0..<count {
            let key = JV(owning: jv_array_get(jv_copy(array.raw), Int32(index)))
            keys.append(key.string ?? "")
        }
        return keys
    }

    /// The reference count, for tests of this wrapper.
    var referenceCount: Int { Int(jv_get_refcnt(raw)) }
}
