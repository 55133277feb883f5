import VerdictKit

/// The decisions list's query string, read strictly: an unknown, repeated or malformed
/// parameter is a 400 naming it, never ignored (a filter that silently drops would show an
/// auditor more, or fewer, decisions than they asked for).
public enum DecisionFilter {
    public static let parameters = ["repository", "ref", "outcome", "rule", "waived", "risk", "from", "to", "limit", "offset"]

    /// A parameter that cannot be read.
    public struct Problem: Error, Equatable, Sendable {
        public var message: String
    }

    public static func query(from pairs: [(String, String)]) throws(Problem) -> LedgerQuery {
        var query = LedgerQuery()
        var seen: Set<String> = []
        for (name, rawValue) in pairs {
            guard parameters.contains(name) else {
                let suggestion = NearestWord.find(name, among: parameters).map { "; did you mean '\($0)'?" } ?? ""
                throw Problem(message: "unknown parameter '\(clip(name))'\(suggestion); expected one of \(parameters.joined(separator: ", "))")
            }
            guard seen.insert(name).inserted else { throw Problem(message: "parameter '\(name)' given more than once") }
            // An empty value is an unset filter: that is what an untouched form field sends.
            let value = rawValue
            if value.isEmpty { continue }
            guard value.utf8.count <= 1024 else { throw Problem(message: "parameter '\(name)' is longer than 1024 bytes") }
            switch name {
            case "repository": query.repository = value
            case "ref": query.ref = value
            case "rule": query.rule = value
            case "outcome":
                guard let outcome = Outcome(rawValue: value) else { throw invalid(name, value, "pass, warn, fail, error") }
                query.outcome = outcome
            case "risk":
                guard RiskLevel(rawValue: value) != nil else { throw invalid(name, value, RiskLevel.allCases.map(\.rawValue).joined(separator: ", ")) }
                query.risk = value
            case "waived":
                switch value {
                case "true": query.waived = true
                case "false": query.waived = false
                default: throw invalid(name, value, "true, false")
                }
            case "from", "to":
                guard let day = CalendarDay(value) else { throw invalid(name, value, "a day YYYY-MM-DD") }
                if name == "from" { query.from = day } else { query.to = day }
            case "limit":
                guard let limit = Int(value), (1...LedgerQuery.maximumLimit).contains(limit) else {
                    throw invalid(name, value, "a whole number from 1 to \(LedgerQuery.maximumLimit)")
                }
                query.limit = limit
            default:
                guard let offset = Int(value), offset >= 0, offset <= 1_000_000_000 else { throw invalid(name, value, "a whole number from 0") }
                query.offset = offset
            }
        }
        if let from = query.from, let to = query.to, to < from {
            throw Problem(message: "'to' \(to) is before 'from' \(from)")
        }
        return query
    }

    /// The query string that selects `query` (paging links keep the filters).
    public static func queryString(_ query: LedgerQuery, offset: Int? = nil) -> String {
        var pairs: [(String, String)] = []
        if let value = query.repository { pairs.append(("repository", value)) }
        if let value = query.ref { pairs.append(("ref", value)) }
        if let value = query.outcome { pairs.append(("outcome", value.rawValue)) }
        if let value = query.rule { pairs.append(("rule", value)) }
        if let value = query.waived { pairs.append(("waived", value ? "true" : "false")) }
        if let value = query.risk { pairs.append(("risk", value)) }
        if let value = query.from { pairs.append(("from", value.description)) }
        if let value = query.to { pairs.append(("to", value.description)) }
        if query.limit != LedgerQuery.defaultLimit { pairs.append(("limit", String(query.limit))) }
        let offset = offset ?? query.offset
        if offset != 0 { pairs.append(("offset", String(offset))) }
        return pairs.map { HTML.queryComponent($0.0) + "=" + HTML.queryComponent($0.1) }.joined(separator: "&")
    }

    static func invalid(_ name: String, _ value: String, _ expected: String) -> Problem {
        Problem(message: "invalid '\(name)' '\(clip(value))'; expected \(expected)")
    }

    static func clip(_ text: String) -> String {
        text.count <= 80 ? text : String(text.prefix(80)) + "…"
    }
}
