import Foundation
import VerdictKit

extension VerdictCommand.Check {
    /// Where scanners' paths are mapped from: --scanner-root, --source-root, the working directory.
    var repositoryPaths: RepositoryPaths {
        RepositoryPaths(roots: scannerRoots + [input.sourceRoot].compactMap { $0 } + [FileManager.default.currentDirectoryPath])
    }

    /// Whether standard output carries a document (a report, the record, JSON) that must stay pure.
    var documentOnStandardOutput: Bool {
        [markdown, record, gitlabCodeQuality, junit, dotenv, sarifOutput].contains("-") || format != .text
    }

    /// Annotations go to standard output, or to standard error when standard output carries a
    /// document: GitHub reads workflow commands from both streams.
    func writeAnnotations(_ text: String) {
        guard !text.isEmpty else { return }
        Standard.workflowCommands(text, toStandardError: documentOnStandardOutput)
    }
}
