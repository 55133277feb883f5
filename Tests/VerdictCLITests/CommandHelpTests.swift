import Foundation
import Testing

/// What every command tells about itself: its exit statuses, the libraries it runs, and file
/// completions for the shells.
@Suite struct CommandHelpTests {
    static let commands = ["check", "facts", "test", "policy", "policy lint", "policy show-default", "replay", "verify", "keygen",
                           "archive verify", "log", "ledger verify", "serve", "comment", "version"]

    @Test(arguments: commands)
    func helpListsTheExitStatuses(_ command: String) throws {
        let result = try VerdictProcess.run(["help"] + command.split(separator: " ").map(String.init))
        #expect(result.status == 0)
        #expect(result.stdout.range(of: "exit", options: .caseInsensitive) != nil, "verdict help \(command):\n\(result.stdout)")
    }

    @Test func versionNamesTheLibjqRelease() throws {
        let result = try VerdictProcess.run(["version"])
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("libjq ") })
        // Debian 12 ships libjq 1.6; a newer library says "1.7 or later".
        #expect(line.hasPrefix("libjq 1.6 (") || line.hasPrefix("libjq 1.7 or later ("), "\(line)")
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func fileArgumentsCompleteAsFiles(_ shell: String) throws {
        let script = try VerdictProcess.run(["--generate-completion-script", shell]).stdout
        switch shell {
        case "bash":
            for option in ["--policy", "--record", "--ledger", "--sign-key", "--dotenv", "--public-key", "--markdown"] {
                #expect(script.contains("'\(option)')\n        __verdict_add_completions -f"), "\(option)")
            }
            #expect(script.contains("'--scanner-root')\n        __verdict_add_completions -d"))
        case "zsh":
            #expect(script.contains(#"'--policy[The policy file (default\: ./.verdict.yaml or ./.verdict.yml, else the built-in default).]:file:_files'"#))
            #expect(script.contains(#"'--ledger[Append the decision to this append-only ledger\: an SQLite file, or a postgres\:// URL. Default $VERDICT_LEDGER_URL.]:file|url:_files'"#))
        default:
            #expect(script.contains("-l 'policy' -d 'The policy file (default: ./.verdict.yaml or ./.verdict.yml, else the built-in default).' -rF"))
        }
    }
}
