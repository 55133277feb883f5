internal import CYAML

/// Parses YAML text with libyaml's event API into `YAMLNode`s.
///
/// Built on events rather than libyaml's document loader so that aliases can be bounded:
/// every alias is expanded by copying its anchor's tree, and the total number of nodes is
/// capped, which turns a "billion laughs" alias bomb into an error instead of an
/// out-of-memory kill. Duplicate keys, which YAML forbids and libyaml accepts, are errors
/// too: in a policy the second `block:` silently replacing the first is a loosened gate.
/// So are tags (`!!str`, `!custom`): the loader reads values by their text, so a tag would be
/// ignored while a reader (or another YAML tool) takes it to change the value's type.
final class YAMLDocument {
    /// More nodes than any real policy has (10,000 rules and waivers are a few 100,000).
    static let nodeLimit = 2_000_000
    /// Deeper than any real policy (a waiver sits four levels down); nodes are built
    /// recursively, so this also keeps a hostile nesting from exhausting the stack.
    static let depthLimit = 64

    private var parser = yaml_parser_t()
    private let text: [UInt8]
    private var anchors: [String: YAMLNode] = [:]
    private var nodeCount = 0
    private var depth = 0

    private init(text: String) {
        self.text = Array(text.utf8)
    }

    deinit {
        yaml_parser_delete(&parser)
    }

    /// Parses a single-document YAML text; nil for an empty document.
    static func parse(_ text: String) throws(YAMLError) -> YAMLNode? {
        let document = YAMLDocument(text: text)
        return try document.run()
    }

    private func run() throws(YAMLError) -> YAMLNode? {
        guard yaml_parser_initialize(&parser) == 1 else { throw YAMLError(message: "cannot initialise the YAML parser", mark: TextPosition(line: 1, column: 1)) }
        return try text.withUnsafeBufferPointer { buffer throws(YAMLError) -> YAMLNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var root: YAMLNode?
            var documents = 0
            while true {
                var event = try nextEvent()
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return root
                case YAML_DOCUMENT_START_EVENT:
                    documents += 1
                    if documents > 1 {
                        throw YAMLError(message: "a policy file holds one YAML document, found a second one", mark: position(event.start_mark))
                    }
                case YAML_SCALAR_EVENT, YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT, YAML_ALIAS_EVENT:
                    root = try node(startingWith: &event)
                default:
                    continue
                }
            }
        }
    }

    private func nextEvent() throws(YAMLError) -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else {
            let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
            let context = parser.context.map { String(cString: $0) + ": " } ?? ""
            throw YAMLError(message: "invalid YAML: \(context)\(problem)", mark: position(parser.problem_mark))
        }
        return event
    }

    /// Builds the node that `event` starts, consuming the events of its children.
    private func node(startingWith event: inout yaml_event_t) throws(YAMLError) -> YAMLNode {
        let mark = position(event.start_mark)
        try count(at: mark)
        let nests = event.type == YAML_SEQUENCE_START_EVENT || event.type == YAML_MAPPING_START_EVENT
        if nests {
            guard depth < Self.depthLimit else {
                throw YAMLError(message: "lists and mappings nest more than \(Self.depthLimit) levels deep; a policy needs a handful", mark: mark)
            }
            depth += 1
        }
        defer { if nests { depth -= 1 } }
        try refuseTag(of: event, at: mark)
        switch event.type {
        case YAML_ALIAS_EVENT:
            let name = String(cString: event.data.alias.anchor)
            guard let target = anchors[name] else {
                throw YAMLError(message: "unknown alias '*\(name)'", mark: mark)
            }
            try count(nodesIn: target, at: mark)
            return target
        case YAML_SCALAR_EVENT:
            let scalarData = event.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: scalarData.value, count: scalarData.length), as: UTF8.self)
            let style: YAMLScalar.Style
            switch scalarData.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE, YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .quoted
            case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: style = .block
            default: style = .plain
            }
            let tag = scalarData.tag.map { String(cString: $0) }
            let node = YAMLNode.scalar(YAMLScalar(value: value, style: style, tag: tag, mark: mark))
            remember(anchor: scalarData.anchor, node)
            return node
        case YAML_SEQUENCE_START_EVENT:
            let anchor = event.data.sequence_start.anchor.map { String(cString: $0) }
            var items: [YAMLNode] = []
            while true {
                var child = try nextEvent()
                defer { yaml_event_delete(&child) }
                if child.type == YAML_SEQUENCE_END_EVENT { break }
                items.append(try node(startingWith: &child))
            }
            let node = YAMLNode.sequence(YAMLSequence(items: items, mark: mark))
            if let anchor { anchors[anchor] = node }
            return node
        case YAML_MAPPING_START_EVENT:
            let anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
            var entries: [YAMLMapping.Entry] = []
            var seen: [String: TextPosition] = [:]
            while true {
                var keyEvent = try nextEvent()
                defer { yaml_event_delete(&keyEvent) }
                if keyEvent.type == YAML_MAPPING_END_EVENT { break }
                let keyNode = try node(startingWith: &keyEvent)
                guard case let .scalar(key) = keyNode else {
                    throw YAMLError(message: "mapping keys must be plain words, found \(keyNode.typeDescription)", mark: keyNode.mark)
                }
                if key.value == "<<" && key.style == .plain {
                    throw YAMLError(message: "merge keys ('<<') are not supported in policies; repeat the keys instead", mark: key.mark)
                }
                if let first = seen[key.value] {
                    throw YAMLError(message: "duplicate key '\(key.value)' (first defined at line \(first.line))", mark: key.mark)
                }
                seen[key.value] = key.mark
                var valueEvent = try nextEvent()
                defer { yaml_event_delete(&valueEvent) }
                let value = try node(startingWith: &valueEvent)
                entries.append(YAMLMapping.Entry(key: key, value: value))
            }
            let node = YAMLNode.mapping(YAMLMapping(entries: entries, mark: mark))
            if let anchor { anchors[anchor] = node }
            return node
        default:
            throw YAMLError(message: "unexpected YAML event", mark: mark)
        }
    }

    /// Throws when the node carries an explicit tag, shown as written (`!!str`, `!custom`).
    private func refuseTag(of event: yaml_event_t, at mark: TextPosition) throws(YAMLError) {
        let tag: UnsafeMutablePointer<yaml_char_t>? = switch event.type {
        case YAML_SCALAR_EVENT: event.data.scalar.tag
        case YAML_SEQUENCE_START_EVENT: event.data.sequence_start.tag
        case YAML_MAPPING_START_EVENT: event.data.mapping_start.tag
        default: nil
        }
        guard let tag else { return }
        var shown = String(cString: tag)
        let core = "tag:yaml.org,2002:"
        if shown.hasPrefix(core) { shown = "!!" + shown.dropFirst(core.count) }
        throw YAMLError(message: "YAML tags are not supported in policies, found '\(shown)'; write the value without a tag", mark: mark)
    }

    private func remember(anchor: UnsafeMutablePointer<yaml_char_t>?, _ node: YAMLNode) {
        guard let anchor else { return }
        anchors[String(cString: anchor)] = node
    }

    private func count(at mark: TextPosition) throws(YAMLError) {
        nodeCount += 1
        guard nodeCount <= Self.nodeLimit else {
            throw YAMLError(message: "the document expands to more than \(Self.nodeLimit) nodes (an alias bomb?)", mark: mark)
        }
    }

    /// Counts the nodes an alias brings in again, so that nested aliases cannot multiply unseen.
    private func count(nodesIn node: YAMLNode, at mark: TextPosition) throws(YAMLError) {
        var stack = [node]
        while let next = stack.popLast() {
            try count(at: mark)
            switch next {
            case .scalar: break
            case let .mapping(mapping): stack.append(contentsOf: mapping.entries.map(\.value))
            case let .sequence(sequence): stack.append(contentsOf: sequence.items)
            }
        }
    }

    private func position(_ mark: yaml_mark_t) -> TextPosition {
        TextPosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1, offset: Int(mark.index))
    }
}

/// A YAML syntax or structure error at a place in the text.
struct YAMLError: Error, Sendable {
    var message: String
    var mark: TextPosition
}
