internal import CJQ

extension JQEmission {
    /// Reads one result of a query (borrowed: the caller still owns it).
    init(_ value: borrowing JV) {
        switch value.kind {
        case JV_KIND_NULL, JV_KIND_FALSE:
            self = .pass
        case JV_KIND_TRUE:
            self = .violated
        case JV_KIND_STRING:
            self = .message(value.string ?? "", level: nil)
        case JV_KIND_OBJECT:
            self = Self.object(value)
        default:
            self = .invalid("\(Self.excerpt(value.compactJSON)) is not true, false, null, a string or an object {msg, level}")
        }
    }

    private static func object(_ value: borrowing JV) -> JQEmission {
        let keys = value.keys ?? []
        let json = excerpt(value.compactJSON)
        if let unknown = keys.first(where: { $0 != "msg" && $0 != "level" }) {
            return .invalid("\(json) has key '\(unknown)'; a violation object has only 'msg' and 'level'")
        }
        guard let message = value.member("msg"), let text = message.string else {
            return .invalid("\(json) has no string 'msg'; a violation object is {\"msg\": \"…\", \"level\": \"warn\"|\"fail\"}")
        }
        guard let level = value.member("level"), level.isValid, level.kind != JV_KIND_NULL else {
            return .message(text, level: nil)
        }
        guard let word = level.string, let parsed = JQViolationLevel(rawValue: word) else {
            return .invalid("\(json) has level \(level.compactJSON); expected \"warn\" or \"fail\"")
        }
        return .message(text, level: parsed)
    }
}
