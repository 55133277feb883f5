/// One entry of a risk rule's `levels:` list: a level and the changes it applies to.
///
/// The conditions of `when` must all hold (and); the values inside one condition are
/// alternatives (or). An entry with no condition matches every change.
public struct RiskLevelEntry: Sendable, Hashable {
    public var level: RiskLevel
    /// The change has one of these actions (an imported, updated resource has both `import` and `update`).
    public var actions: [ChangeAction]?
    /// The resource type matches one of these globs (`aws_iam_*`).
    public var types: [Glob]?
    /// The address matches this pattern; see `AddressPattern`.
    public var address: AddressPattern?
    /// The plan has more than this many changes.
    public var countOver: Int?

    public init(level: RiskLevel, actions: [ChangeAction]? = nil, types: [Glob]? = nil, address: AddressPattern? = nil, countOver: Int? = nil) {
        self.level = level
        self.actions = actions
        self.types = types
        self.address = address
        self.countOver = countOver
    }

    /// Whether the entry applies to `change` in a plan of `planChangeCount` changes.
    public func matches(_ change: PlanChange, planChangeCount: Int) -> Bool {
        matches(change, planChangeCount: planChangeCount, typeMatches: matchesType(change.type))
    }

    /// Whether `type` is one of `types` (true without `types`).
    public func matchesType(_ type: String) -> Bool {
        types.map { $0.contains { $0.matches(type) } } ?? true
    }

    /// `matches` with the type test done by the caller, which can remember it per type: a
    /// plan has tens of thousands of changes but a few dozen types.
    func matches(_ change: PlanChange, planChangeCount: Int, typeMatches: Bool) -> Bool {
        if let countOver, planChangeCount <= countOver { return false }
        if let actions, !actions.contains(where: change.has) { return false }
        if !typeMatches { return false }
        if let address, !address.matches(change.address) { return false }
        return true
    }

    /// The conditions as a person reads them: `actions delete, replace; types aws_iam_*`.
    public var conditionText: String {
        var parts: [String] = []
        if let actions { parts.append("actions " + actions.map(\.rawValue).joined(separator: ", ")) }
        if let types { parts.append("types " + types.map(\.pattern).joined(separator: ", ")) }
        if let address { parts.append("address " + address.pattern) }
        if let countOver { parts.append("more than \(countOver) changes") }
        return parts.isEmpty ? "every change" : parts.joined(separator: "; ")
    }
}

/// A glob over Terraform addresses (`module.network.**`, `aws_iam_role.*`).
///
/// `.` separates the steps of an address: `*` matches within one step, `**` across steps,
/// `?` one character. Instance keys are part of their step, and a pattern without `[` also
/// matches every instance: `module.network.**` matches `module.network.aws_subnet.a` and
/// `module.network["eu"].aws_subnet.a[0]`, and `aws_subnet.public` matches `aws_subnet.public[2]`.
/// So a key with a `.` inside (`["a.b"]`) never confuses the step count.
public struct AddressPattern: Sendable, Hashable {
    public let pattern: String
    private let glob: Glob
    private let matchesWithoutKeys: Bool
    /// How the pattern is matched: most patterns are a plain address or `prefix.**`, which
    /// need no glob machinery (a plan can have 100,000 changes).
    private let shape: Shape

    private enum Shape: Hashable {
        case exact([UInt8])
        /// `literal.**`: the literal, a `.`, then anything.
        case prefix([UInt8])
        case glob
    }

    public init(_ pattern: String) {
        self.pattern = pattern
        self.glob = Glob(pattern, separator: ".")
        self.matchesWithoutKeys = !pattern.contains("[")
        let wildcard = { (text: Substring) in text.contains { $0 == "*" || $0 == "?" } }
        if !wildcard(Substring(pattern)) {
            shape = .exact(Array(pattern.utf8))
        } else if pattern.hasSuffix(".**"), !wildcard(pattern.dropLast(3)) {
            shape = .prefix(Array(pattern.dropLast(2).utf8))
        } else {
            shape = .glob
        }
    }

    public func matches(_ address: String) -> Bool {
        let candidate = matchesWithoutKeys && address.utf8.contains(UInt8(ascii: "[")) ? TerraformAddress.withoutKeys(address) : address
        switch shape {
        case let .exact(bytes): return candidate.utf8.elementsEqual(bytes)
        case let .prefix(bytes): return candidate.utf8.count > bytes.count && candidate.utf8.starts(with: bytes)
        case .glob: return glob.matches(candidate)
        }
    }
}
