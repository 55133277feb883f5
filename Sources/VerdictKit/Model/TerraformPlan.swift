/// A Terraform or OpenTofu plan, read from `terraform plan` text or `terraform show -json`.
///
/// Both readers produce this one shape, so rules never know which format a plan came in.
/// Values of attributes are never kept: a plan can hold secrets, and no rule needs them.
public struct TerraformPlan: Sendable {
    /// Which of the two documents the plan was read from.
    public enum Format: String, Sendable {
        case text, json
    }

    /// The input path, to name the plan in reports.
    public var path: String
    public var format: Format
    /// `Terraform` or `OpenTofu` (text), or `Terraform 1.8.5` (JSON with `terraform_version`); nil when unknown.
    public var producer: String?
    /// Every resource change in plan order, including no-ops (JSON) that `plannedChanges` leaves out.
    public var changes: [PlanChange]
    /// Changes made outside of Terraform ("Objects have changed outside of Terraform", `resource_drift`).
    public var drift: [PlanChange]
    /// Output value changes (names and actions only: values can be sensitive).
    public var outputs: [OutputChange]
    /// The summary line as Terraform printed it (text), or as Terraform would print it (JSON).
    public var summaryLine: String
    /// 1-based line of the summary line in the text; nil for JSON or a plan without one.
    public var summaryLineNumber: Int?
    /// Terraform reported errors: the plan is incomplete and cannot be applied.
    public var errors: [PlanError]
    /// Resource instances whose change is deferred to a later plan (Terraform 1.10+).
    public var deferred: [String]
    /// Actions to invoke (Terraform 1.14 `action` blocks), by address.
    public var actionInvocations: [String]

    public init(
        path: String, format: Format, producer: String? = nil, changes: [PlanChange] = [], drift: [PlanChange] = [],
        outputs: [OutputChange] = [], summaryLine: String = "", summaryLineNumber: Int? = nil, errors: [PlanError] = [],
        deferred: [String] = [], actionInvocations: [String] = []
    ) {
        self.path = path
        self.format = format
        self.producer = producer
        self.changes = changes
        self.drift = drift
        self.outputs = outputs
        self.summaryLine = summaryLine
        self.summaryLineNumber = summaryLineNumber
        self.errors = errors
        self.deferred = deferred
        self.actionInvocations = actionInvocations
    }

    /// The changes Terraform shows under "Terraform will perform the following actions":
    /// no-ops only when moved or imported, and no deletes of data sources.
    public var plannedChanges: [PlanChange] { changes.filter(\.isShown) }

    /// The counts of the summary line, by Terraform's rules, from the changes read.
    public var counts: PlanCounts { PlanCounts(changes) }

    public var errored: Bool { !errors.isEmpty }
}

/// An `Error:` diagnostic of `terraform plan`, or JSON's `errored: true`.
public struct PlanError: Sendable, Hashable {
    public var message: String
    /// 1-based line in the text; nil for JSON.
    public var line: Int?

    public init(message: String, line: Int? = nil) {
        self.message = message
        self.line = line
    }
}

/// One resource instance's planned change (or drift).
public struct PlanChange: Sendable, Hashable {
    public enum Mode: String, Sendable {
        case managed, data
    }

    /// The full address (`module.net["eu"].aws_subnet.a[0]`); for a move, the new address.
    public var address: String
    /// The address before a `moved` block or a refactor; nil when not moved.
    public var previousAddress: String?
    /// The module part of the address (`module.net["eu"]`); nil in the root module.
    public var moduleAddress: String?
    public var mode: Mode
    public var type: String
    public var name: String
    /// The `count` index or `for_each` key as written in the address (`0`, `"a b"`); nil without one.
    public var index: String?
    /// A deposed object's key; nil for the current object.
    public var deposed: String?
    public var action: PlanAction
    /// The id of the object being imported (`""` when Terraform did not say); nil when not importing.
    public var importID: String?
    /// Why Terraform chose the action (`action_reason`, or the text's wording: `replace_because_tainted`).
    public var reason: String?
    /// Attributes marked `# forces replacement` (text) or in `replace_paths` (JSON), in plan order.
    public var forcedReplacement: [String]
    /// 1-based line of the change's header in the text; nil for JSON.
    public var line: Int?

    public init(
        address: String, previousAddress: String? = nil, moduleAddress: String? = nil, mode: Mode = .managed,
        type: String, name: String, index: String? = nil, deposed: String? = nil, action: PlanAction,
        importID: String? = nil, reason: String? = nil, forcedReplacement: [String] = [], line: Int? = nil
    ) {
        self.address = address
        self.previousAddress = previousAddress
        self.moduleAddress = moduleAddress
        self.mode = mode
        self.type = type
        self.name = name
        self.index = index
        self.deposed = deposed
        self.action = action
        self.importID = importID
        self.reason = reason
        self.forcedReplacement = forcedReplacement
        self.line = line
    }

    public var isMoved: Bool { previousAddress.map { $0 != address } ?? false }
    public var isImporting: Bool { importID != nil }

    /// Whether Terraform lists the change in its plan (see `TerraformPlan.plannedChanges`).
    public var isShown: Bool {
        if action == .noOp { return isMoved || isImporting }
        if action == .delete && mode == .data { return false }
        return true
    }

    /// The actions a policy names, in a fixed order: an imported resource that is also updated
    /// is both `import` and `update`.
    public var policyActions: [ChangeAction] {
        var actions: [ChangeAction] = []
        switch action {
        case .noOp: break
        case .create: actions.append(.create)
        case .read: actions.append(.read)
        case .update: actions.append(.update)
        case .delete: actions.append(.delete)
        case .deleteThenCreate, .createThenDelete: actions.append(.replace)
        case .forget: actions.append(.forget)
        case .createThenForget: actions += [.create, .forget]
        }
        if isImporting { actions.append(.import) }
        if isMoved { actions.append(.move) }
        return actions
    }

    /// Whether `policyActions` holds `action`, without building the list (risk rules ask this
    /// for every change and every level entry).
    public func has(_ action: ChangeAction) -> Bool {
        switch action {
        case .create: self.action == .create || self.action == .createThenForget
        case .update: self.action == .update
        case .delete: self.action == .delete
        case .replace: self.action == .deleteThenCreate || self.action == .createThenDelete
        case .read: self.action == .read
        case .forget: self.action == .forget || self.action == .createThenForget
        case .import: isImporting
        case .move: isMoved
        }
    }

    /// How a report names the change: `replace`, `import + update`, `move`.
    public var actionLabel: String {
        policyActions.map(\.rawValue).joined(separator: " + ")
    }
}

/// Terraform's plan actions (`plans.Action`), with JSON's spelling as the raw value.
public enum PlanAction: String, Sendable, CaseIterable {
    case noOp = "no-op"
    case create
    case read
    case update
    case delete
    /// `-/+`, `["delete","create"]`: destroy, then create the replacement.
    case deleteThenCreate = "delete+create"
    /// `+/-`, `["create","delete"]` (`create_before_destroy`).
    case createThenDelete = "create+delete"
    /// `removed { lifecycle { destroy = false } }`: leaves the object, drops it from state.
    case forget
    /// `["create","forget"]`: replaced, but the old object is left alone.
    case createThenForget = "create+forget"

    /// JSON's `change.actions`, or nil for a combination Terraform does not write.
    public init?(jsonActions: [String]) {
        self.init(rawValue: jsonActions.joined(separator: "+"))
    }
}

/// The action words of a risk policy (`when: { actions: [...] }`).
public enum ChangeAction: String, Sendable, CaseIterable, Hashable {
    case create, update, delete, replace, read, `import`, move, forget
}

/// A root module output's change.
public struct OutputChange: Sendable, Hashable {
    public var name: String
    /// `create`, `update`, `delete` (text symbols `+`, `~`, `-`) or JSON's actions joined by `+`.
    public var action: String

    public init(name: String, action: String) {
        self.name = name
        self.action = action
    }
}

/// The numbers of Terraform's summary line: `Plan: I to import, A to add, C to change, D to destroy.`
public struct PlanCounts: Sendable, Hashable, CustomStringConvertible {
    public var toImport = 0
    public var toAdd = 0
    public var toChange = 0
    public var toDestroy = 0
    /// OpenTofu's `N to forget`.
    public var toForget = 0

    public init(toImport: Int = 0, toAdd: Int = 0, toChange: Int = 0, toDestroy: Int = 0, toForget: Int = 0) {
        self.toImport = toImport
        self.toAdd = toAdd
        self.toChange = toChange
        self.toDestroy = toDestroy
        self.toForget = toForget
    }

    /// Terraform's counting (`jsonformat/plan.go`): a replace is one add and one destroy; reads,
    /// moves and no-ops are not counted; imports are counted apart.
    public init(_ changes: [PlanChange]) {
        for change in changes where change.isShown {
            if change.isImporting { toImport += 1 }
            switch change.action {
            case .create: toAdd += 1
            case .update: toChange += 1
            case .delete: toDestroy += 1
            case .deleteThenCreate, .createThenDelete:
                toAdd += 1
                toDestroy += 1
            case .createThenForget:
                toAdd += 1
                toForget += 1
            case .forget: toForget += 1
            case .read, .noOp: break
            }
        }
    }

    /// The summary line Terraform prints for these counts.
    public var description: String {
        var line = "Plan: "
        if toImport > 0 { line += "\(toImport) to import, " }
        line += "\(toAdd) to add, \(toChange) to change, \(toDestroy) to destroy"
        if toForget > 0 { line += ", \(toForget) to forget" }
        return line + "."
    }
}
