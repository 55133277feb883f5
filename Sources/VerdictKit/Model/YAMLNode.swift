/// A YAML document as a tree of nodes that remember where they were written.
///
/// Policies are loaded from this tree rather than from a generic `Any` so that every
/// error can point at file:line:column.
public indirect enum YAMLNode: Sendable, Equatable {
    case scalar(YAMLScalar)
    case mapping(YAMLMapping)
    case sequence(YAMLSequence)

    public var mark: TextPosition {
        switch self {
        case let .scalar(scalar): scalar.mark
        case let .mapping(mapping): mapping.mark
        case let .sequence(sequence): sequence.mark
        }
    }

    /// How a person calls this node's type in an error ("a mapping", "a list", "'abc'").
    public var typeDescription: String {
        switch self {
        case let .scalar(scalar): scalar.isNull ? "null" : "'\(scalar.value)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}

public struct YAMLScalar: Sendable, Equatable {
    public enum Style: Sendable, Equatable { case plain, quoted, block }

    public var value: String
    public var style: Style
    /// An explicit tag such as `!!str`, when the author wrote one.
    public var tag: String?
    public var mark: TextPosition

    public init(value: String, style: Style, tag: String? = nil, mark: TextPosition) {
        self.value = value
        self.style = style
        self.tag = tag
        self.mark = mark
    }

    /// YAML's null: an empty plain scalar, `~` or `null`.
    public var isNull: Bool {
        style == .plain && tag == nil && ["", "~", "null", "Null", "NULL"].contains(value)
    }
}

public struct YAMLMapping: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var key: YAMLScalar
        public var value: YAMLNode
    }

    public var entries: [Entry]
    public var mark: TextPosition

    public subscript(key: String) -> YAMLNode? {
        entries.first { $0.key.value == key }?.value
    }
}

public struct YAMLSequence: Sendable, Equatable {
    public var items: [YAMLNode]
    public var mark: TextPosition
}
