import Foundation

/// Reads the JSON of `terraform show -json PLANFILE` (`format_version` 0.1 to 1.x, Terraform
/// and OpenTofu).
///
/// One pass with `JSONCursor`; `before`/`after` values, `planned_values`, `prior_state` and
/// `configuration` are skipped without being built, so sensitive values are never read into
/// memory as strings.
public enum PlanJSONReader {
    /// The major versions of `format_version` this reader knows.
    static let knownMajorVersions = ["0", "1"]

    /// Reads one plan JSON document.
    ///
    /// - Throws: `InputError.malformed` with the line and column: bad JSON, HCP Terraform's
    ///   redacted plan, a `format_version` of an unknown major version, a change without an
    ///   address, an `actions` list Terraform does not write.
    public static func read(_ file: InputFile) throws(InputError) -> TerraformPlan {
        try file.readJSON { cursor, bytes in
            var parser = Parser(cursor: cursor, bytes: bytes, path: file.path)
            return try parser.parseDocument()
        }
    }
}

extension PlanJSONReader {
    struct Parser {
        var cursor: JSONCursor
        let bytes: UnsafeBufferPointer<UInt8>
        let path: String

        mutating func parseDocument() throws -> TerraformPlan {
            guard try cursor.peekKind() == .object else {
                throw cursor.error(expected: "a plan (a JSON object from 'terraform show -json')")
            }
            try cursor.enterObject()
            var formatVersion: (text: String, offset: Int)?
            var terraformVersion: String?
            var sawHCPKey = false
            var changes: [PlanChange] = []
            var drift: [PlanChange] = []
            var outputs: [OutputChange] = []
            var errored = false
            var invocations: [String] = []
            var deferred: [String] = []
            var planned: (addresses: [String], offset: Int)?
            while let key = try cursor.nextKey() {
                switch key {
                case "format_version":
                    cursor.skipWhitespace()
                    let offset = cursor.offset
                    formatVersion = (try cursor.readScalarText() ?? "", offset)
                case "terraform_version": terraformVersion = try cursor.readScalarText()
                case "plan_format_version", "provider_format_version", "provider_schemas":
                    sawHCPKey = true
                    try cursor.skipValue()
                case "resource_changes": changes = try parseChanges()
                case "resource_drift": drift = try parseChanges(drift: true)
                case "output_changes": outputs = try parseOutputs()
                case "errored":
                    if try cursor.peekKind() == .bool { errored = try cursor.readBool() } else { try cursor.skipValue() }
                case "action_invocations": invocations = try parseAddresses(nested: nil)
                case "deferred_changes": deferred = try parseAddresses(nested: "resource_change")
                case "planned_values":
                    cursor.skipWhitespace()
                    let offset = cursor.offset
                    var addresses: [String] = []
                    try forEachKey { parser, key in
                        guard key == "root_module" else { return false }
                        try parser.parseModuleAddresses(into: &addresses)
                        return true
                    }
                    planned = (addresses, offset)
                default:
                    // Terraform adds keys over time, so unknown keys are skipped; but one a
                    // typo away from a key the decision rests on is an altered plan, and
                    // skipping it would judge the plan without its changes.
                    if let meant = Self.judgedKeys.first(where: { NearestWord.editDistance(Array(key), Array($0)) <= 2 }) {
                        throw InputError.malformed(
                            path: path, position: TextPosition(of: cursor.offset, in: bytes),
                            message: "unknown key '\(key)', a typo away from '\(meant)', which the decision reads: Terraform writes no such key, so the plan is altered")
                    }
                    try cursor.skipValue()
                }
            }
            try cursor.expectEnd()
            guard let formatVersion else {
                if sawHCPKey {
                    throw InputError.malformed(
                        path: path, position: nil,
                        message: "this is HCP Terraform's redacted plan JSON ('plan_format_version'), not the output of 'terraform show -json PLANFILE'")
                }
                throw InputError.malformed(
                    path: path, position: nil,
                    message: "not a plan from 'terraform show -json': expected a 'format_version' key, found none")
            }
            let major = formatVersion.text.split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard Self.isVersion(formatVersion.text), knownMajorVersions.contains(major) else {
                throw InputError.malformed(
                    path: path, position: TextPosition(of: formatVersion.offset, in: bytes),
                    message: "unsupported plan format_version '\(formatVersion.text)'; expected 0.x or 1.x (Terraform 0.12 to 1.x, OpenTofu)")
            }
            // Terraform writes a resource change, no-ops included, for every resource of the
            // planned state: one the changes lack means a cut or corrupted `resource_changes`,
            // and reading on would judge a plan without its changes.
            if let planned {
                let changed = Set(changes.map(\.address))
                let missing = planned.addresses.filter { !changed.contains($0) }
                if let first = missing.first {
                    throw InputError.malformed(
                        path: path, position: TextPosition(of: planned.offset, in: bytes),
                        message: "'planned_values' holds \(missing.count) resource\(missing.count == 1 ? "" : "s") that 'resource_changes' does not (first '\(first)'); "
                            + "Terraform writes a change for every planned resource, so this plan is cut or altered")
                }
            }
            var plan = TerraformPlan(
                path: path, format: .json,
                producer: "format_version \(formatVersion.text)" + (terraformVersion.map { ", terraform_version \($0)" } ?? ""),
                changes: changes, drift: drift.filter { $0.action != .noOp }, outputs: outputs,
                errors: errored ? [PlanError(message: "the plan has 'errored': true: Terraform reported errors while planning")] : [],
                deferred: deferred, actionInvocations: invocations)
            plan.summaryLine = plan.plannedChanges.isEmpty && invocations.isEmpty ? "No changes." : plan.counts.description
            return plan
        }

        /// The top-level keys a decision reads.
        static let judgedKeys = ["format_version", "resource_changes", "resource_drift", "output_changes", "planned_values", "errored", "deferred_changes", "action_invocations"]

        static func isVersion(_ text: String) -> Bool {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            return parts.count >= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        }

        /// - Parameter drift: `resource_drift`, whose entries Terraform 1.0.0 wrote without
        ///   `address` (fixed in 1.0.1, hashicorp/terraform#28975).
        mutating func parseChanges(drift: Bool = false) throws -> [PlanChange] {
            guard try cursor.peekKind() == .array else {
                if try cursor.peekKind() == .null {
                    try cursor.skipValue()
                    return []
                }
                throw cursor.error(expected: "an array of resource changes")
            }
            var changes: [PlanChange] = []
            try cursor.enterArray()
            while try cursor.nextElement() { changes.append(try parseChange(drift: drift)) }
            return changes
        }

        mutating func parseChange(drift: Bool = false) throws -> PlanChange {
            cursor.skipWhitespace()
            let start = cursor.offset
            guard try cursor.peekKind() == .object else { throw cursor.error(expected: "a resource change object") }
            var address: String?
            var previous: String?
            var module: String?
            var mode: PlanChange.Mode?
            var type: String?
            var name: String?
            var index: String?
            var deposed: String?
            var actions: (list: [String], offset: Int)?
            var importID: String?
            var replacePaths: [String] = []
            var reason: String?
            try cursor.enterObject()
            while let key = try cursor.nextKey() {
                switch key {
                case "address": address = try cursor.readOptionalString()
                case "previous_address": previous = try cursor.readOptionalString()
                case "module_address": module = try cursor.readOptionalString()
                case "mode":
                    cursor.skipWhitespace()
                    let offset = cursor.offset
                    let word = try cursor.readOptionalString()
                    switch word {
                    case "managed": mode = .managed
                    case "data": mode = .data
                    default:
                        throw InputError.malformed(
                            path: path, position: TextPosition(of: offset, in: bytes),
                            message: "unknown resource mode '\(word ?? "null")'; expected managed or data")
                    }
                case "type": type = try cursor.readOptionalString()
                case "name": name = try cursor.readOptionalString()
                case "index":
                    switch try cursor.peekKind() {
                    case .string: index = TerraformAddress.keyText(string: try cursor.readString())
                    case .number: index = try cursor.readScalarText()
                    default: try cursor.skipValue()
                    }
                case "deposed": deposed = try cursor.readOptionalString()
                case "action_reason": reason = try cursor.readOptionalString()
                case "change":
                    try forEachKey { parser, key in
                        switch key {
                        case "actions":
                            parser.cursor.skipWhitespace()
                            let offset = parser.cursor.offset
                            actions = (try parser.readStrings(), offset)
                        case "importing":
                            if try parser.cursor.peekKind() == .object {
                                importID = ""
                                try parser.forEachKey { parser, key in
                                    guard key == "id" else { return false }
                                    importID = try parser.cursor.readOptionalString() ?? ""
                                    return true
                                }
                            } else {
                                try parser.cursor.skipValue()
                            }
                        case "replace_paths": replacePaths = try parser.readPaths()
                        default: return false
                        }
                        return true
                    }
                default: try cursor.skipValue()
                }
            }
            if drift, address?.isEmpty ?? true {
                // Terraform 1.0.0's drift entries: kept with what they have.
                address = Self.address(module: module, mode: mode, type: type, name: name, index: index) ?? "(no address)"
            }
            guard let address, !address.isEmpty else {
                throw InputError.malformed(path: path, position: TextPosition(of: start, in: bytes), message: "a resource change has no 'address'")
            }
            guard let actions else {
                throw InputError.malformed(
                    path: path, position: TextPosition(of: start, in: bytes), message: "the change of '\(address)' has no 'change.actions'")
            }
            guard let action = PlanAction(jsonActions: actions.list) else {
                let written = "[" + actions.list.map { "\"\($0)\"" }.joined(separator: ",") + "]"
                throw InputError.malformed(
                    path: path, position: TextPosition(of: actions.offset, in: bytes),
                    message: "unknown actions \(written) for '\(address)'; expected one of "
                        + PlanAction.allCases.map { "[\"" + $0.rawValue.replacingOccurrences(of: "+", with: "\",\"") + "\"]" }.joined(separator: ", "))
            }
            let parts = TerraformAddress(address)
            if let written = mode, let implied = parts?.mode, written != implied {
                throw InputError.malformed(
                    path: path, position: TextPosition(of: start, in: bytes),
                    message: "the change of '\(address)' says mode '\(written.rawValue)' but its address is a \(implied == .data ? "data source" : "managed resource")'s")
            }
            // A data source is only ever read: any other planned action on one is a plan that
            // says two things, and a rule matching `mode: managed` would not see it. (Drift is
            // what changed outside Terraform: Terraform 1.0.0 wrote drift for data sources too.)
            if !drift, (mode ?? parts?.mode) == .data, action != .read, action != .noOp {
                throw InputError.malformed(
                    path: path, position: TextPosition(of: actions.offset, in: bytes),
                    message: "data source '\(address)' has actions [\(actions.list.map { "\"\($0)\"" }.joined(separator: ","))]; a data source can only be read ([\"read\"] or [\"no-op\"])")
            }
            return PlanChange(
                address: address, previousAddress: previous, moduleAddress: module ?? parts?.moduleAddress,
                mode: mode ?? parts?.mode ?? .managed, type: type ?? parts?.type ?? "", name: name ?? parts?.name ?? "",
                index: index ?? parts?.index, deposed: deposed, action: action, importID: importID, reason: reason,
                forcedReplacement: replacePaths)
        }

        /// An address made of a change's parts (`module.a.data.t.n["k"]`); nil without type and name.
        static func address(module: String?, mode: PlanChange.Mode?, type: String?, name: String?, index: String?) -> String? {
            guard let type, !type.isEmpty, let name, !name.isEmpty else { return nil }
            var text = module.map { $0.isEmpty ? "" : $0 + "." } ?? ""
            if mode == .data { text += "data." }
            text += type + "." + name
            if let index { text += "[" + index + "]" }
            return text
        }

        /// `output_changes`: `{ "name": { "actions": [...] , … } }`, no-ops left out.
        mutating func parseOutputs() throws -> [OutputChange] {
            var outputs: [OutputChange] = []
            try forEachKey { parser, name in
                var actions: [String] = []
                try parser.forEachKey { parser, key in
                    guard key == "actions" else { return false }
                    actions = try parser.readStrings()
                    return true
                }
                let action = actions.joined(separator: "+")
                if action != "no-op" { outputs.append(OutputChange(name: name, action: action)) }
                return true
            }
            return outputs
        }

        /// The addresses of a `planned_values` module's resources and of its child modules'
        /// (attribute values are skipped, never read).
        mutating func parseModuleAddresses(into addresses: inout [String]) throws {
            try forEachKey { parser, key in
                switch key {
                case "resources":
                    addresses += try parser.parseAddresses(nested: nil)
                case "child_modules":
                    guard try parser.cursor.peekKind() == .array else { return false }
                    try parser.cursor.enterArray()
                    while try parser.cursor.nextElement() { try parser.parseModuleAddresses(into: &addresses) }
                default:
                    return false
                }
                return true
            }
        }

        /// The `address` of each element (or of its `nested` object).
        mutating func parseAddresses(nested: String?) throws -> [String] {
            guard try cursor.peekKind() == .array else {
                try cursor.skipValue()
                return []
            }
            var addresses: [String] = []
            try cursor.enterArray()
            while try cursor.nextElement() {
                var address: String?
                try forEachKey { parser, key in
                    if let nested, key == nested {
                        try parser.forEachKey { parser, key in
                            guard key == "address" else { return false }
                            address = try parser.cursor.readOptionalString()
                            return true
                        }
                        return true
                    }
                    guard nested == nil, key == "address" else { return false }
                    address = try parser.cursor.readOptionalString()
                    return true
                }
                addresses.append(address ?? "(no address)")
            }
            return addresses
        }

        /// `replace_paths`: `[["content"], ["root_block_device", 0, "size"]]` → `content`, `root_block_device.size`.
        mutating func readPaths() throws -> [String] {
            guard try cursor.peekKind() == .array else {
                try cursor.skipValue()
                return []
            }
            var paths: [String] = []
            try cursor.enterArray()
            while try cursor.nextElement() {
                guard try cursor.peekKind() == .array else {
                    try cursor.skipValue()
                    continue
                }
                var steps: [String] = []
                try cursor.enterArray()
                while try cursor.nextElement() {
                    if try cursor.peekKind() == .string { steps.append(try cursor.readString()) } else { try cursor.skipValue() }
                }
                let path = steps.joined(separator: ".")
                if !path.isEmpty, !paths.contains(path) { paths.append(path) }
            }
            return paths
        }

        mutating func readStrings() throws -> [String] {
            guard try cursor.peekKind() == .array else { throw cursor.error(expected: "an array of strings") }
            var values: [String] = []
            try cursor.enterArray()
            while try cursor.nextElement() { values.append(try cursor.readString()) }
            return values
        }

        /// Walks an object's keys; `body` reads the value and returns true, or returns false to skip it.
        mutating func forEachKey(_ body: (inout Parser, String) throws -> Bool) throws {
            guard try cursor.peekKind() == .object else {
                try cursor.skipValue()
                return
            }
            try cursor.enterObject()
            while let key = try cursor.nextKey() {
                if try !body(&self, key) { try cursor.skipValue() }
            }
        }
    }
}
