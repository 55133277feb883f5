/// What the words after an address in a resource header comment (`  # ADDRESS will be created`) say.
///
/// The wordings are Terraform's `resourceChangeComment` (`internal/command/jsonformat/plan.go`)
/// from 0.12 to 1.14, and OpenTofu's equivalents. Anything else is refused by the reader:
/// a header it cannot classify could be hiding a destroy.
enum PlanHeaderPhrase: Equatable {
    /// A planned change, with Terraform's `action_reason` where the wording gives it.
    case planned(PlanAction, reason: String?)
    /// `has moved to NEW`: the address in the header is the old one.
    case movedTo(String)
    /// `will be imported`.
    case imported
    /// Drift: `has changed`, `has been deleted`.
    case drift(PlanAction)
    /// `will be invoked` (an `action` block, Terraform 1.14).
    case invoked
    /// `was deferred` (Terraform 1.10+ partial plans).
    case deferred

    /// Classifies `phrase`; nil when it is no wording Terraform or OpenTofu writes.
    init?(_ phrase: String) {
        switch phrase {
        case "will be created": self = .planned(.create, reason: nil)
        case "will be read during apply": self = .planned(.read, reason: nil)
        case "will be updated in-place": self = .planned(.update, reason: nil)
        case "must be replaced": self = .planned(.deleteThenCreate, reason: "replace_because_cannot_update")
        case "is tainted, so must be replaced": self = .planned(.deleteThenCreate, reason: "replace_because_tainted")
        case "will be replaced, as requested": self = .planned(.deleteThenCreate, reason: "replace_by_request")
        case "will be replaced due to changes in replace_triggered_by": self = .planned(.deleteThenCreate, reason: "replace_by_triggers")
        case "must be replaced, but the existing object will not be destroyed": self = .planned(.createThenForget, reason: nil)
        case "will be destroyed": self = .planned(.delete, reason: nil)
        case "will be imported": self = .imported
        case "has changed": self = .drift(.update)
        case "has been deleted": self = .drift(.delete)
        case "was deferred": self = .deferred
        default:
            if phrase.hasPrefix("has moved to ") {
                self = .movedTo(String(phrase.dropFirst("has moved to ".count)))
            } else if phrase == "will be invoked" || phrase.hasPrefix("will be invoked (called from ") {
                self = .invoked
            } else if Self.isForget(phrase) {
                self = .planned(.forget, reason: nil)
            } else {
                return nil
            }
        }
    }

    /// Terraform 1.7+: `will no longer be managed by Terraform, but will not be destroyed`,
    /// `will be removed from Terraform state, but will not be destroyed`; OpenTofu:
    /// `will be removed from the OpenTofu state but will not be destroyed`.
    static func isForget(_ phrase: String) -> Bool {
        (phrase.hasPrefix("will no longer be managed by ") || phrase.hasPrefix("will be removed from "))
            && phrase.hasSuffix("will not be destroyed")
    }

    /// The wordings, for the error message when a header has none of them.
    static let known = [
        "will be created", "will be destroyed", "will be updated in-place", "must be replaced",
        "is tainted, so must be replaced", "will be replaced, as requested",
        "will be replaced due to changes in replace_triggered_by", "will be read during apply", "has moved to …",
        "will be imported", "will no longer be managed by Terraform", "has changed", "has been deleted",
    ]
}
