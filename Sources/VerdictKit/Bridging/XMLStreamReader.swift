internal import CLibXML2
import Foundation

/// Bytes of a name, an attribute value or text, valid only during the callback that gets it.
struct XMLBytes {
    let buffer: UnsafeBufferPointer<UInt8>

    var count: Int { buffer.count }

    /// Compared byte by byte in place: names are short, a libc call would cost more.
    @inline(__always)
    static func == (lhs: XMLBytes, rhs: StaticString) -> Bool {
        let count = rhs.utf8CodeUnitCount
        guard lhs.buffer.count == count else { return false }
        let other = rhs.utf8Start
        var index = 0
        while index < count {
            if lhs.buffer[index] != other[index] { return false }
            index += 1
        }
        return true
    }

    @inline(__always)
    subscript(index: Int) -> UInt8 { buffer[index] }

    var string: String { String(decoding: buffer, as: UTF8.self) }

    /// A non-negative whole number written in decimal, surrounding spaces allowed; nil otherwise.
    @inline(__always)
    var integer: Int? {
        var index = 0
        while index < count, buffer[index] == 0x20 { index += 1 }
        let start = index
        var value = 0
        while index < count {
            let digit = buffer[index] &- 0x30
            if digit > 9 { break }
            guard value < Int.max / 10 - 10 else { return nil }
            value = value * 10 + Int(digit)
            index += 1
        }
        guard index > start else { return nil }
        while index < count, buffer[index] == 0x20 { index += 1 }
        return index == count ? value : nil
    }
}

/// The attributes of one start tag.
struct XMLAttributes {
    let pairs: UnsafeBufferPointer<(name: XMLBytes, value: XMLBytes)>

    subscript(name: StaticString) -> XMLBytes? {
        for pair in pairs where pair.name == name { return pair.value }
        return nil
    }
}

/// Why a streamed XML document could not be read: libxml2's complaint, or a handler's, at the
/// parser's position. Readers turn it into their own error, naming the input.
struct XMLStreamError: Error, Equatable {
    var position: TextPosition?
    var message: String
}

/// Receives the events of a streamed XML document.
///
/// A handler that finds a problem stores it in `failure`; the reader then stops at once.
protocol XMLStreamHandler: AnyObject {
    var failure: XMLStreamError? { get set }
    func startElement(_ name: XMLBytes, _ attributes: XMLAttributes, at reader: XMLStreamReader)
    func endElement(_ name: XMLBytes, at reader: XMLStreamReader)
    func characters(_ text: XMLBytes, at reader: XMLStreamReader)
}

/// Streams an XML document through libxml2, SAX2 or text reader, without building a tree.
///
/// Safe by construction: `XML_PARSE_NONET` and none of `XML_PARSE_NOENT`, `XML_PARSE_DTDLOAD`
/// or `XML_PARSE_HUGE`, so no DTD is fetched (JaCoCo's `report.dtd` is neither needed nor
/// read) and no entity is expanded. With SAX2 an entity declaration is refused outright: no
/// coverage format declares entities, and refusing them ends XXE and billion-laughs files
/// with a clear error. The text reader keeps entity references as unexpanded nodes.
final class XMLStreamReader {
    enum Interface: Sendable {
        case sax2, textReader
    }

    static let chunkSize = 1 << 20
    /// libxml2's own nesting limit without `XML_PARSE_HUGE`, applied to SAX2 too.
    static let depthLimit = 256
    static let parseOptions = Int32(XML_PARSE_NONET.rawValue)

    let path: String
    let handler: any XMLStreamHandler
    /// What every callback reads first, behind a pointer that is also libxml2's user data:
    /// no reference counting and no exclusivity check per event.
    struct Shared {
        /// Set once a handler failed.
        var stopped = false
        /// Whether the handler wants text now (Cobertura's `<source>`); white space between
        /// elements is then dropped without calling it.
        var wantsText = false
        /// libxml2's first error: after one, later errors are often consequences ("extra
        /// content" after "excessive depth"), so the first is what a person needs to see.
        var firstError: (message: String, line: Int, column: Int)?
        /// Open elements: SAX2 without a tree has no depth limit of its own, the text reader has 256.
        var depth = 0
        unowned(unsafe) let reader: XMLStreamReader
        unowned(unsafe) let handler: any XMLStreamHandler
    }

    let shared: UnsafeMutablePointer<Shared>

    /// Whether `characters` events reach the handler (off by default).
    var wantsText: Bool {
        get { shared.pointee.wantsText }
        set { shared.pointee.wantsText = newValue }
    }
    private var context: xmlParserCtxtPtr?
    private var textReader: xmlTextReaderPtr?
    private var attributeBuffer: UnsafeMutableBufferPointer<(name: XMLBytes, value: XMLBytes)>
    private var textReaderError: (message: String, line: Int, column: Int)?

    init(path: String, handler: any XMLStreamHandler) {
        self.path = path
        self.handler = handler
        attributeBuffer = .allocate(capacity: 64)
        shared = .allocate(capacity: 1)
        shared.initialize(to: Shared(reader: self, handler: handler))
    }

    deinit {
        attributeBuffer.deallocate()
        shared.deinitialize(count: 1)
        shared.deallocate()
        if let context {
            if let document = context.pointee.myDoc { xmlFreeDoc(document) }
            xmlFreeParserCtxt(context)
        }
        if let textReader { xmlFreeTextReader(textReader) }
    }

    /// Streams `bytes` (UTF-8) to the handler.
    ///
    /// - Parameter pageReleaser: when `bytes` map a file, drops the resident pages between two
    ///   addresses; SAX2 calls it behind each chunk it has pushed (libxml2 copies what it keeps),
    ///   so a large report costs one chunk of the file's pages, not all of them.
    static func read(_ bytes: Data, path: String, handler: any XMLStreamHandler, interface: Interface,
                     pageReleaser: ((UnsafeRawPointer, UnsafeRawPointer) -> Void)? = nil) throws(XMLStreamError) {
        let reader = XMLStreamReader(path: path, handler: handler)
        switch interface {
        case .sax2: try reader.runSAX2(bytes, pageReleaser: pageReleaser)
        case .textReader: try reader.runTextReader(bytes)
        }
    }

    /// Where the parser is, for messages.
    var position: TextPosition {
        if let context {
            return TextPosition(line: Int(xmlSAX2GetLineNumber(context)), column: Int(xmlSAX2GetColumnNumber(context)))
        }
        if let textReader {
            return TextPosition(line: Int(xmlTextReaderGetParserLineNumber(textReader)), column: Int(xmlTextReaderGetParserColumnNumber(textReader)))
        }
        return TextPosition(line: 1, column: 1)
    }

    /// Records the handler's first problem, at the parser's position, and stops the parse.
    func fail(_ message: String) {
        guard !shared.pointee.stopped else { return }
        shared.pointee.stopped = true
        handler.failure = XMLStreamError(position: position, message: message)
        if let context { xmlStopParser(context) }
    }

    private func attributes(count: Int) -> XMLAttributes {
        if count > attributeBuffer.count {
            attributeBuffer.deallocate()
            attributeBuffer = .allocate(capacity: count * 2)
        }
        return XMLAttributes(pairs: UnsafeBufferPointer(rebasing: attributeBuffer[0..<count]))
    }

    // MARK: SAX2

    private func runSAX2(_ bytes: Data, pageReleaser: ((UnsafeRawPointer, UnsafeRawPointer) -> Void)?) throws(XMLStreamError) {
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { context, localName, _, _, _, _, attributeCount, _, attributes in
            guard let context, let localName else { return }
            let shared = context.assumingMemoryBound(to: Shared.self)
            guard !shared.pointee.stopped else { return }
            let reader = shared.pointee.reader
            shared.pointee.depth += 1
            guard shared.pointee.depth <= XMLStreamReader.depthLimit else {
                reader.fail("elements nest more than \(XMLStreamReader.depthLimit) levels deep; no coverage report nests so deep")
                return
            }
            let count = Int(attributeCount)
            let pairs = reader.attributes(count: count)
            if let attributes {
                let buffer = UnsafeMutableBufferPointer(mutating: pairs.pairs)
                for index in 0..<count {
                    let base = attributes + index * 5
                    guard let name = base[0], let value = base[3], let end = base[4] else { continue }
                    buffer[index] = (XMLBytes(buffer: UnsafeBufferPointer(start: name, count: strlen(name))),
                                     XMLBytes(buffer: UnsafeBufferPointer(start: value, count: value.distance(to: end))))
                }
            }
            shared.pointee.handler.startElement(XMLBytes(buffer: UnsafeBufferPointer(start: localName, count: strlen(localName))), pairs, at: reader)
        }
        sax.endElementNs = { context, localName, _, _ in
            guard let context, let localName else { return }
            let shared = context.assumingMemoryBound(to: Shared.self)
            guard !shared.pointee.stopped else { return }
            shared.pointee.depth -= 1
            shared.pointee.handler.endElement(XMLBytes(buffer: UnsafeBufferPointer(start: localName, count: strlen(localName))), at: shared.pointee.reader)
        }
        sax.characters = { context, text, length in
            guard let context, let text else { return }
            let shared = context.assumingMemoryBound(to: Shared.self)
            guard shared.pointee.wantsText, !shared.pointee.stopped else { return }
            shared.pointee.handler.characters(XMLBytes(buffer: UnsafeBufferPointer(start: text, count: Int(length))), at: shared.pointee.reader)
        }
        sax.entityDecl = { context, name, _, _, _, _ in
            guard let context else { return }
            let reader = context.assumingMemoryBound(to: Shared.self).pointee.reader
            let entity = name.map { String(cString: $0) } ?? ""
            reader.fail("the document declares the entity '\(entity)'; entity declarations are refused (no entity expansion, no external entities)")
        }
        sax.unparsedEntityDecl = { context, name, _, _, _ in
            guard let context else { return }
            let reader = context.assumingMemoryBound(to: Shared.self).pointee.reader
            let entity = name.map { String(cString: $0) } ?? ""
            reader.fail("the document declares the entity '\(entity)'; entity declarations are refused (no entity expansion, no external entities)")
        }
        // Keeps libxml2 from printing errors, and remembers the first one for the message.
        sax.serror = { context, error in
            guard let context, let error, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let shared = context.assumingMemoryBound(to: Shared.self)
            guard shared.pointee.firstError == nil else { return }
            let message = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "not well-formed XML"
            shared.pointee.firstError = (message, Int(error.pointee.line), Int(error.pointee.int2))
        }

        let box = UnsafeMutableRawPointer(shared)
        let outcome: Result<Void, XMLStreamError> = bytes.withUnsafeBytes { raw in Result { () throws(XMLStreamError) in
            let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self)
            guard let created = xmlCreatePushParserCtxt(&sax, box, nil, 0, path) else {
                throw XMLStreamError(position: nil, message: "cannot create an XML parser")
            }
            context = created
            xmlCtxtUseOptions(created, Self.parseOptions)
            var offset = 0
            repeat {
                let length = min(Self.chunkSize, raw.count - offset)
                let last = offset + length >= raw.count
                let status = xmlParseChunk(created, base.map { $0 + offset }, Int32(length), last ? 1 : 0)
                if shared.pointee.stopped, let failure = handler.failure { throw failure }
                if status != 0 || created.pointee.wellFormed == 0 { throw libxmlError(created) }
                if let pageReleaser, let start = raw.baseAddress { pageReleaser(start + offset, start + offset + length) }
                offset += length
            } while offset < raw.count
        } }
        try outcome.get()
        if let failure = handler.failure { throw failure }
    }

    private func libxmlError(_ context: xmlParserCtxtPtr) -> XMLStreamError {
        if let first = shared.pointee.firstError {
            return XMLStreamError(
                position: first.line > 0 ? TextPosition(line: first.line, column: max(first.column, 1)) : nil,
                message: "invalid XML: \(Self.lowercaseFirst(first.message))")
        }
        guard let error = xmlCtxtGetLastError(context) else {
            return XMLStreamError(position: position, message: "not well-formed XML")
        }
        let message = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "not well-formed XML"
        let line = Int(error.pointee.line)
        let column = Int(error.pointee.int2)
        return XMLStreamError(
            position: line > 0 ? TextPosition(line: line, column: max(column, 1)) : nil,
            message: "invalid XML: \(Self.lowercaseFirst(message))")
    }

    static func lowercaseFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }

    // MARK: Text reader

    private func runTextReader(_ bytes: Data) throws(XMLStreamError) {
        let outcome: Result<Void, XMLStreamError> = bytes.withUnsafeBytes { raw in Result { () throws(XMLStreamError) in
            let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self)
            guard let created = xmlReaderForMemory(base, Int32(raw.count), path, nil, Self.parseOptions) else {
                throw XMLStreamError(position: nil, message: "cannot create an XML reader")
            }
            textReader = created
            xmlTextReaderSetStructuredErrorHandler(created, { argument, error in
                guard let argument, let error else { return }
                let reader = Unmanaged<XMLStreamReader>.fromOpaque(argument).takeUnretainedValue()
                guard reader.textReaderError == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
                let message = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "not well-formed XML"
                reader.textReaderError = (message, Int(error.pointee.line), Int(error.pointee.int2))
            }, Unmanaged.passUnretained(self).toOpaque())
            while true {
                let status = xmlTextReaderRead(created)
                if status == 0 { break }
                if status < 0 || textReaderError != nil {
                    let error = textReaderError
                    throw XMLStreamError(
                        position: error.map { TextPosition(line: $0.line, column: max($0.column, 1)) } ?? position,
                        message: "invalid XML: \(Self.lowercaseFirst(error?.message ?? "not well-formed XML"))")
                }
                try node(created)
            }
        } }
        try outcome.get()
    }

    private func node(_ reader: xmlTextReaderPtr) throws(XMLStreamError) {
        switch xmlTextReaderNodeType(reader) {
        case 1: // element
            guard let name = xmlTextReaderConstLocalName(reader) else { return }
            let nameBytes = XMLBytes(buffer: UnsafeBufferPointer(start: name, count: strlen(name)))
            let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
            let count = Int(xmlTextReaderAttributeCount(reader))
            let pairs = attributes(count: count)
            let buffer = UnsafeMutableBufferPointer(mutating: pairs.pairs)
            var filled = 0
            if count > 0, xmlTextReaderMoveToFirstAttribute(reader) == 1 {
                repeat {
                    if let attributeName = xmlTextReaderConstLocalName(reader), let value = xmlTextReaderConstValue(reader), filled < count {
                        buffer[filled] = (XMLBytes(buffer: UnsafeBufferPointer(start: attributeName, count: strlen(attributeName))),
                                          XMLBytes(buffer: UnsafeBufferPointer(start: value, count: strlen(value))))
                        filled += 1
                    }
                } while xmlTextReaderMoveToNextAttribute(reader) == 1
                xmlTextReaderMoveToElement(reader)
            }
            handler.startElement(nameBytes, XMLAttributes(pairs: UnsafeBufferPointer(rebasing: pairs.pairs[0..<filled])), at: self)
            if isEmpty, !shared.pointee.stopped { handler.endElement(nameBytes, at: self) }
        case 15: // end element
            guard let name = xmlTextReaderConstLocalName(reader) else { return }
            handler.endElement(XMLBytes(buffer: UnsafeBufferPointer(start: name, count: strlen(name))), at: self)
        case 3, 4, 14: // text, CDATA, significant white space
            guard wantsText, let value = xmlTextReaderConstValue(reader) else { return }
            handler.characters(XMLBytes(buffer: UnsafeBufferPointer(start: value, count: strlen(value))), at: self)
        case 5: // entity reference: never expanded
            let name = xmlTextReaderConstName(reader).map { String(cString: $0) } ?? ""
            fail("the document refers to the entity '\(name)'; entity references are refused (no entity expansion, no external entities)")
        default:
            break
        }
        if shared.pointee.stopped, let failure = handler.failure { throw failure }
    }
}
