import Foundation
import VerdictKit

/// Writing to the standard streams, as `verdict` does: both are a CI log, so everything
/// printed goes through `LogText.neutralised` (see `verdict`'s own `Standard`).
enum Standard {
    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(LogText.neutralised(text).utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(LogText.neutralised(text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}

/// Ends the process with a Verdict exit status once the command has written its outputs.
struct VerdictExit: Error {
    var status: ExitStatus
}
