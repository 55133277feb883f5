/// What a rule does when no input of its kind was given (`on_missing`), common to every rule kind.
///
/// The default is `error`: a gate whose scanner silently did not run must not pass.
public enum MissingInputAction: String, Sendable, CaseIterable {
    case error, fail, warn, pass

    var outcome: Outcome {
        switch self {
        case .error: .error
        case .fail: .fail
        case .warn: .warn
        case .pass: .pass
        }
    }
}
