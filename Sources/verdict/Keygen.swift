import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Write a new Ed25519 key pair for signing records: FILE (private, mode 0600) and FILE.pub.",
            discussion: "Exit status: 0 written, 2 a key exists there (without --force) or cannot be written.")

        @Option(help: ArgumentHelp("Where to write the private key; the public key goes to the same path plus '.pub'.", valueName: "file"), completion: .file())
        var out: String

        @Flag(help: "Replace existing key files.")
        var force = false

        func run() throws {
            let key = SigningKey.generate()
            let publicPath: String
            do {
                // Both files created anew (O_EXCL | O_NOFOLLOW): a symlink there is never followed.
                publicPath = try KeyPairFiles.write(key, to: out, replacing: force)
            } catch {
                Standard.error(error.renderedDiagnostics)
                throw VerdictExit(status: .couldNotJudge)
            }
            Standard.output("wrote \(out) (private) and \(publicPath); fingerprint \(key.publicKey.fingerprint)\n")
        }
    }
}
