import Foundation

/// Where a decision's policy comes from.
///
/// Every command resolves its policy through `DecisionPipeline.loadPolicy`, so that `check`,
/// `facts`, `test` and `replay` can never disagree about which file was meant.
public enum PolicyChoice: Sendable, Equatable {
    /// A file named on the command line (`--policy FILE`).
    case file(String)
    /// `./.verdict.yaml` or `./.verdict.yml` in `directory` when present, else the built-in
    /// default. Both files present is an error: neither would obviously win.
    case discover(directory: String)
    /// A policy held in memory: generated from flags, or written by a test.
    case text(String, path: String)
    /// The policy texts a decision record holds (the file first, then each file it extends):
    /// a replay never reads today's files.
    case recorded([PolicySource])

    /// The names `.discover` looks for, in this order.
    public static let discoverableNames = [".verdict.yaml", ".verdict.yml"]
}
