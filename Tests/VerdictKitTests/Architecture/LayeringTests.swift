import Foundation
import Testing

/// VerdictKit's folders are layers: a folder may name types only from the folders below it,
/// so the dependency graph has no loop. This test reads the sources and fails on an upward
/// (or sideways) reference, naming the file, the type and both folders.
@Suite struct LayeringTests {
    /// The layers, lowest first. A folder may use every folder in an earlier layer; folders in
    /// one layer may not use each other.
    static let layers: [[String]] = [
        ["Support"],                       // text, paths, time, diagnostics
        ["JSON"],                          // the JSON value and cursor
        ["Model"],                         // the values every layer shares
        ["Bridging"],                      // the only code importing C modules
        ["Inputs"],                        // bytes → model, no policy knowledge
        ["Rules"],                         // one type per rule kind, judging facts
        ["Policy"],                        // YAML → a policy of rules
        ["JQ"],                            // the facts document and the jq worker
        ["Evaluation"],                    // the one decision pipeline
        ["Report", "Audit", "PolicyTest"], // what is made of a decision
    ]
    // Talking to GitHub and GitLab is the module VerdictPublish (Sources/VerdictPublish), above
    // all of these: its HTTP client must not be loaded by `verdict check` (see
    // `verdictKitNeverImportsAnHTTPClient`).

    /// The C modules of Package.swift: imported under Bridging only.
    static let cModules = ["CYAML", "CLibXML2", "CJQ", "CZlib"]

    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/VerdictKit")

    struct SourceFile {
        var path: String
        var folder: String
        /// The text without comments and string literals.
        var code: String
    }

    static func files() throws -> [SourceFile] {
        let enumerator = try #require(FileManager.default.enumerator(atPath: sources.path))
        var files: [SourceFile] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".swift") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(relative), encoding: .utf8)
            let folder = String(relative.split(separator: "/").first ?? "")
            files.append(SourceFile(path: relative, folder: folder, code: stripped(text)))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Removes comments and string literals (plain, multi-line and raw), which may name types freely.
    static func stripped(_ text: String) -> String {
        var output = ""
        var index = text.startIndex
        func starts(_ prefix: String) -> Bool { text[index...].hasPrefix(prefix) }
        while index < text.endIndex {
            if starts("//") {
                while index < text.endIndex, text[index] != "\n" { index = text.index(after: index) }
            } else if starts("/*") {
                guard let end = text.range(of: "*/", range: index..<text.endIndex) else { break }
                index = end.upperBound
            } else if starts("#\"\"\"") || starts("\"\"\"") {
                let raw = starts("#")
                let closing = raw ? "\"\"\"#" : "\"\"\""
                let open = text.index(index, offsetBy: raw ? 4 : 3)
                guard let end = text.range(of: closing, range: open..<text.endIndex) else { break }
                output += "\"\""
                index = end.upperBound
            } else if starts("#\"") || starts("\"") {
                let raw = starts("#")
                var cursor = text.index(index, offsetBy: raw ? 2 : 1)
                while cursor < text.endIndex {
                    if !raw, text[cursor] == "\\" { cursor = text.index(cursor, offsetBy: 2, limitedBy: text.endIndex) ?? text.endIndex; continue }
                    if text[cursor] == "\"" {
                        if !raw { break }
                        let next = text.index(after: cursor)
                        if next < text.endIndex, text[next] == "#" { cursor = next; break }
                    }
                    if text[cursor] == "\n" { break }
                    cursor = text.index(after: cursor)
                }
                output += "\"\""
                index = cursor < text.endIndex ? text.index(after: cursor) : cursor
            } else {
                output.append(text[index])
                index = text.index(after: index)
            }
        }
        return output
    }

    static let modifiers: Set<String> = ["public", "internal", "private", "fileprivate", "package", "final", "indirect", "nonisolated", "open"]
    static let keywords: Set<String> = ["struct", "enum", "class", "protocol", "typealias", "actor"]

    /// The type a line declares and whether it is indented (nested), or nil.
    static func declaredType(_ line: Substring) -> (name: String, nested: Bool)? {
        let nested = line.first == " " || line.first == "\t"
        var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
        while let first = words.first, modifiers.contains(String(first)) || first.hasPrefix("@") { words = words.dropFirst() }
        guard let keyword = words.first, keywords.contains(String(keyword)), words.count > 1 else { return nil }
        let name = words[words.index(after: words.startIndex)].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        guard let initial = name.first, initial.isUppercase else { return nil }
        return (String(name), nested)
    }

    /// Capitalised identifiers: the names a file may use types by.
    static func identifiers(_ code: String) -> Set<String> {
        var names: Set<String> = []
        var current = ""
        for character in code {
            if character.isLetter || character.isNumber || character == "_" {
                current.append(character)
            } else {
                if let first = current.first, first.isUppercase { names.insert(current) }
                current = ""
            }
        }
        if let first = current.first, first.isUppercase { names.insert(current) }
        return names
    }

    /// Top-level types by the folder that declares them, and each file's nested type names.
    static func declarations(_ files: [SourceFile]) -> (owner: [String: String], nested: [String: Set<String>]) {
        var owner: [String: String] = [:]
        var nested: [String: Set<String>] = [:]
        for file in files {
            for line in file.code.split(separator: "\n") {
                guard let declared = declaredType(line) else { continue }
                if declared.nested { nested[file.path, default: []].insert(declared.name) } else { owner[declared.name] = owner[declared.name] ?? file.folder }
            }
        }
        return (owner, nested)
    }

    static func layer(of folder: String) -> Int? { layers.firstIndex { $0.contains(folder) } }

    @Test func everyFolderIsALayer() throws {
        let folders = Set(try Self.files().map(\.folder)).subtracting([""])
        let unknown = folders.filter { Self.layer(of: $0) == nil }
        #expect(unknown.isEmpty, Comment(rawValue: "folders without a layer (add them to LayeringTests.layers): \(unknown.sorted())"))
    }

    @Test func noFolderNamesATypeFromALayerAboveOrBesideIt() throws {
        let files = try Self.files()
        #expect(files.count > 100, "the sources were not found at \(Self.sources.path)")
        let (owner, nested) = Self.declarations(files)
        #expect(owner.count > 100, "only \(owner.count) top-level types were found")
        var violations: [String] = []
        for file in files {
            guard let own = Self.layer(of: file.folder) else { continue }
            let local = nested[file.path] ?? []
            for name in Self.identifiers(file.code).sorted() {
                guard !local.contains(name), let folder = owner[name], folder != file.folder,
                      let other = Self.layer(of: folder) else { continue }
                if other >= own { violations.append("\(file.path) (\(file.folder)) names \(name) from \(folder)") }
            }
        }
        #expect(violations.isEmpty, Comment(rawValue: "upward or sideways references:\n" + violations.joined(separator: "\n")))
    }

    @Test func onlyBridgingImportsCModules() throws {
        var violations: [String] = []
        for file in try Self.files() where file.folder != "Bridging" {
            for module in Self.cModules where file.code.contains("import \(module)") {
                violations.append("\(file.path) imports \(module)")
            }
        }
        #expect(violations.isEmpty, Comment(rawValue: violations.joined(separator: "\n")))
    }

    /// `verdict check` links VerdictKit and the `verdict` CLI: an HTTP client imported there
    /// would load FoundationNetworking, libcurl and its thirty libraries at every start
    /// (about 10 ms). Posting lives in VerdictPublish and the `verdict-comment` executable.
    @Test func verdictKitNeverImportsAnHTTPClient() throws {
        let root = Self.sources.deletingLastPathComponent()
        var violations: [String] = []
        for folder in ["VerdictKit", "verdict"] {
            let directory = root.appendingPathComponent(folder)
            let enumerator = try #require(FileManager.default.enumerator(atPath: directory.path))
            while let relative = enumerator.nextObject() as? String {
                guard relative.hasSuffix(".swift") else { continue }
                let code = Self.stripped(try String(contentsOf: directory.appendingPathComponent(relative), encoding: .utf8))
                for module in ["FoundationNetworking", "VerdictPublish", "AsyncHTTPClient", "Hummingbird", "NIOCore"] where code.contains("import \(module)") {
                    violations.append("Sources/\(folder)/\(relative) imports \(module)")
                }
            }
        }
        #expect(violations.isEmpty, Comment(rawValue: violations.joined(separator: "\n")))
    }

    /// Every command of the CLI names itself: without `commandName`, argument-parser derives
    /// it from the type's name with `String(describing:)`, whose protocol-conformance lookups
    /// cost ~19 million instructions (a fifth of a `verdict check`) at every start.
    @Test func everyCommandNamesItself() throws {
        let directory = Self.sources.deletingLastPathComponent().appendingPathComponent("verdict")
        var unnamed: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".swift") {
            let code = Self.stripped(try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
            let configurations = code.components(separatedBy: "CommandConfiguration(").dropFirst()
            for configuration in configurations where !configuration.drop { $0.isWhitespace }.hasPrefix("commandName:") {
                unnamed.append("Sources/verdict/\(name)")
            }
        }
        #expect(unnamed.isEmpty, Comment(rawValue: "commands without commandName: \(unnamed.sorted())"))
    }

    /// The test itself: an upward reference in a sample is found, a comment or string is not.
    @Test func theScanFindsAnUpwardReferenceAndIgnoresCommentsAndStrings() {
        let code = Self.stripped("let a = Decision() // Policy\nlet b = \"Waiver\"\n/* Archive */ let c = #\"Ledger\"#\n")
        #expect(code.contains("Decision"))
        #expect(!code.contains("Policy") && !code.contains("Waiver") && !code.contains("Archive") && !code.contains("Ledger"))
        let (owner, nested) = Self.declarations([
            SourceFile(path: "Model/A.swift", folder: "Model", code: "public struct Alpha {\n    enum Inner {}\n}\n"),
        ])
        #expect(owner == ["Alpha": "Model"])
        #expect(nested["Model/A.swift"] == ["Inner"])
    }
}
