import Foundation
import VerdictKit

extension VerdictCommand.Check {
    /// Writes the CI outputs of a run that could not judge: JUnit, Code Quality, SARIF, the
    /// markdown report and step summary, GitHub outputs, dotenv and annotations, each with an
    /// error entry naming the policy or input and the reason. The decision record is not
    /// written: there is no decision. A write that fails is said on standard error; the run
    /// exits 2 whatever happens here.
    func writeReports(_ failure: CouldNotJudge) {
        let paths = repositoryPaths
        var writes: [(String, () throws -> Void)] = []
        if let junit { writes.append((junit, { try Standard.write(JUnitReport.render(failure), to: junit) })) }
        if let gitlabCodeQuality {
            writes.append((gitlabCodeQuality, { try Standard.write(GitLabCodeQuality.render(failure, paths: paths), to: gitlabCodeQuality) }))
        }
        if let sarifOutput { writes.append((sarifOutput, { try Standard.write(SARIFReport.render(failure), to: sarifOutput) })) }
        let report = MarkdownReport().render(failure)
        if let markdown { writes.append((markdown, { try Standard.write(report, to: markdown) })) }
        if let path = stepSummaryPath { writes.append((path, { try Standard.append(report, to: path) })) }
        if let path = githubOutputPath { writes.append((path, { try Standard.append(GitHubOutputs.render(failure), to: path) })) }
        if let dotenv { writes.append((dotenv, { try Standard.write(GitLabDotenv.render(failure), to: dotenv) })) }
        for (path, write) in writes {
            do {
                try write()
            } catch {
                Standard.error("verdict: error: cannot write '\(path)': \(error.localizedDescription)")
            }
        }
        if annotations == .github { writeAnnotations(GitHubAnnotations.render(failure, paths: paths)) }
    }
}
