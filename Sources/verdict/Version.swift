import ArgumentParser
import VerdictKit

extension VerdictCommand {
    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "version",
            abstract: "Print Verdict's version and the C libraries it is linked with.",
            discussion: "libjq exports no version: its release is told by the builtins it compiles. Exit status: 0.")

        func run() {
            Standard.output("""
                verdict \(VerdictVersion.current)
                libyaml \(LibraryVersions.libyaml)
                libxml2 \(LibraryVersions.libxml2)
                libjq \(LibraryVersions.libjq)

                """)
        }
    }
}
