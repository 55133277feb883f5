import Foundation
import VerdictKit

extension VerdictCommand.Check {
    /// Writes `--dotenv`: a key collision or a write error is exit 2, since a later job would
    /// otherwise read no variables at all (GitLab drops a rejected report whole).
    func writeDotenv(_ decision: Decision, to path: String) throws {
        do {
            let rendered = try GitLabDotenv.render(decision)
            if rendered.omittedRuleCount > 0 {
                Standard.error("verdict: warning: --dotenv: \(rendered.omittedRuleCount) rule_<id> variables left out: with them the report would pass GitLab's default limits (\(GitLabDotenv.variableLimit) variables, \(GitLabDotenv.byteLimit) bytes)")
            }
            try Standard.write(rendered.text, to: path)
        } catch let collision as GitLabDotenv.KeyCollision {
            Standard.error("verdict: error: --dotenv: \(collision)")
            throw VerdictExit(status: .couldNotJudge)
        } catch {
            Standard.error("verdict: error: cannot write output: \(error.localizedDescription)")
            throw VerdictExit(status: .couldNotJudge)
        }
    }
}
