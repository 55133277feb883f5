import ArgumentParser
import Foundation
import VerdictKit

extension VerdictCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Judge inputs against a policy: print a summary, write reports, exit 0/1/2.",
            discussion: """
                Each input's kind is detected from its content (SARIF: a JSON object with "version": "2.1.0" \
                and "runs"; a Terraform plan: the text of `terraform plan` or the JSON of `terraform show -json`; \
                k6: a summary's "metrics", or NDJSON Metric/Point lines, plain or gzip; lcov: a first record TN: \
                or SF:; JaCoCo: XML rooted at <report>; Cobertura: XML rooted at <coverage>); --sarif, --tfplan, \
                --k6, --lcov, --jacoco and --cobertura force it. `-` reads standard input.

                The policy is --policy FILE, else ./.verdict.yaml or ./.verdict.yml when present, else the \
                built-in default (`verdict policy show-default`). It is validated completely before any \
                input is read.

                Exit status: 0 pass (warnings allowed), 1 a blocking rule failed (or a warning with \
                --fail-on warn), 2 could not judge.
                """
        )

        @OptionGroup var input: InputOptions

        @OptionGroup var policyOptions: PolicyOptions

        @OptionGroup(title: "Gates without a policy file") var gate: GateOptions

        @Option(name: .customLong("max-input-bytes"), help: ArgumentHelp("The largest input accepted, in bytes or with a suffix KB, MB, GB, TB (powers of 1024): a file's size is checked before it is read, standard input and a gzip stream's decompressed size while they are read; a larger input is an error (exit 2). Default 4GB.", valueName: "size"))
        var maxInputBytes: ByteCount = ByteCount(InputLimits.defaultMaxInputBytes)

        @Option(name: .customLong("max-memory"), help: ArgumentHelp("The most memory Verdict may use for its data (setrlimit RLIMIT_DATA), with a suffix KB, MB, GB, TB: an input whose model needs more is an error naming it (exit 2) instead of the OOM killer. Default: 3/4 of physical memory or of the cgroup's limit.", valueName: "size"))
        var maxMemory: ByteCount?

        @Option(help: ArgumentHelp("Write the markdown report to this file ('-' for standard output).", valueName: "file"), completion: .file())
        var markdown: String?

        @Option(help: ArgumentHelp("Write the decision record (JSON, verdict.decision/v1) to this file ('-' for standard output).", valueName: "file"), completion: .file())
        var record: String?

        @Option(name: .customLong("fail-on"), help: ArgumentHelp("The least outcome that exits 1: fail (default) or warn.", valueName: "outcome"))
        var failOn: ExitStatus.Threshold = .fail

        @Flag(help: "Print only the outcome line.")
        var quiet = false

        @Flag(help: "An input that no rule reads makes the gate unable to judge (exit 2), as settings.unused_inputs: error does.")
        var strict = false

        @Option(help: ArgumentHelp("Store every input, the policy and the record in this content-addressed archive: a directory, or a postgres:// URL (see 'verdict archive init').", valueName: "dir|url"), completion: .directory)
        var archive: String?

        @Option(name: .customLong("sign-key"), help: ArgumentHelp("Sign the record with this Ed25519 private key (from 'verdict keygen'); default: $VERDICT_SIGNING_KEY.", valueName: "file"), completion: .file())
        var signKey: String?

        @Option(help: ArgumentHelp("Write the decision as a DSSE envelope holding an in-toto statement with a SLSA verification summary predicate, signed with the --sign-key key.", valueName: "file"), completion: .file())
        var attestation: String?

        @Option(name: .customLong("subject"), help: ArgumentHelp("An artifact the attestation is about, as NAME=sha256:DIGEST (repeatable; default: the commit from --context commit= or $GITHUB_SHA, and every input).", valueName: "name=sha256:digest"))
        var subjects: [String] = []

        @Option(help: ArgumentHelp("Append the decision to this append-only ledger: an SQLite file, or a postgres:// URL. Default $VERDICT_LEDGER_URL.", valueName: "file|url"), completion: .file())
        var ledger: String?

        @Option(help: ArgumentHelp("What standard output shows: text (the summary, default), markdown (the report) or json (the decision record).", valueName: "format"))
        var format: OutputFormat = .text

        @Option(name: .customLong("step-summary"), help: ArgumentHelp("Append the markdown report to this file (default: $GITHUB_STEP_SUMMARY when set).", valueName: "file"), completion: .file())
        var stepSummary: String?

        @Option(name: .customLong("github-output"), help: ArgumentHelp("Append outcome=, exit_code=, risk=, approval_required= and rule_<id>= lines to this file (default: $GITHUB_OUTPUT when set).", valueName: "file"), completion: .file())
        var githubOutput: String?

        @Option(help: ArgumentHelp("Print annotations for the findings that decided failing and warning rules: github (workflow commands).", valueName: "kind"))
        var annotations: AnnotationKind?

        @Option(name: .customLong("gitlab-codequality"), help: ArgumentHelp("Write a GitLab Code Quality report (JSON) of the findings that decided the gate.", valueName: "file"), completion: .file())
        var gitlabCodeQuality: String?

        @Option(help: ArgumentHelp("Write a JUnit XML report: one test case per rule.", valueName: "file"), completion: .file())
        var junit: String?

        @Option(name: .customLong("scanner-root"), help: ArgumentHelp("A directory a scanner saw the repository as (e.g. /src in its container): paths under it become repository-relative in annotations and Code Quality, as do those under --source-root and the working directory (repeatable).", valueName: "dir"), completion: .directory)
        var scannerRoots: [String] = []

        @Option(help: ArgumentHelp("Write outcome=, exit_code=, risk=, approval_required= and rule_<id>= as a GitLab dotenv report (keys of [A-Za-z0-9_] only).", valueName: "file"), completion: .file())
        var dotenv: String?

        @Option(name: .customLong("sarif-output"), help: ArgumentHelp("Write the verdict as SARIF 2.1.0 for GitHub code scanning: the findings and rule outcomes that failed or warned, waived findings as suppressed results.", valueName: "file"), completion: .file())
        var sarifOutput: String?

        func validate() throws {
            let toStandardOutput = [markdown, record, gitlabCodeQuality, junit, dotenv, sarifOutput].filter { $0 == "-" }.count
                + (format == .text ? 0 : 1)
            if toStandardOutput > 1 {
                throw ValidationError("only one of --markdown -, --record -, --gitlab-codequality -, --junit -, --dotenv -, --sarif-output - and --format markdown|json can use standard output")
            }
            try gate.validate(with: policyOptions, diff: input.diff)
            for subject in subjects where Attestation.Subject.parse(subject) == nil {
                throw ValidationError("invalid --subject '\(subject)'; expected NAME=sha256:DIGEST with 64 lowercase hexadecimal digits")
            }
            if !subjects.isEmpty, attestation == nil { throw ValidationError("--subject needs --attestation FILE") }
            if attestation == "-" { throw ValidationError("--attestation needs a file, not standard output") }
        }

        func run() throws {
            MemoryGuard.install(limit: maxMemory?.bytes ?? MemoryGuard.defaultLimit())
            MemoryGuard.phase("reading the policy")
            let options = EvaluationOptions(failOn: failOn, strict: strict, maxInputBytes: maxInputBytes.bytes)
            var request = input.request(policy: policyOptions, options: options, willRead: { MemoryGuard.phase("reading '\($0.path)'") })
            if let generated = try gate.choice() { request.policy = generated }
            let made: DecisionPipeline.Made
            var ledgerFailure: AuditError?
            var archiveFailure: AuditError?
            do {
                made = try DecisionPipeline().decide(request)
            } catch {
                Standard.error(error.renderedDiagnostics)
                // Dashboards still show why the gate is red.
                writeReports(CouldNotJudge(error, evaluatedAt: request.now))
                throw VerdictExit(status: .couldNotJudge)
            }
            let signingKey = try loadSigningKey()
            MemoryGuard.phase("evaluating the policy and writing the reports")
            let decision = made.decision
            let files = made.files
            // The record is rendered only when something uses it: for 32,000 findings it is a
            // 13 MB document, which would double the time and memory of a plain gate.
            let ledgerLocation = LedgerLocation.resolve(ledger, environment: ProcessInfo.processInfo.environment)
            let needsRecord = record != nil || archive != nil || ledgerLocation != nil || attestation != nil || format == .json
            var recordText = needsRecord ? DecisionRecord.render(decision) : ""
            let needsReport = markdown != nil || stepSummaryPath != nil || format == .markdown
            let report = needsReport ? MarkdownReport().render(decision) : ""
            do {
                if let signingKey, needsRecord { recordText = try RecordSignature.sign(recordText, with: signingKey) }
                let envelopeText = try attestationText(decision, recordText: recordText, key: signingKey)
                if let attestation, let envelopeText { try Standard.write(envelopeText, to: attestation) }
                if let markdown { try Standard.write(report, to: markdown) }
                if let record { try Standard.write(recordText, to: record) }
                if let junit { try Standard.write(JUnitReport.render(decision), to: junit) }
                if let gitlabCodeQuality { try Standard.write(GitLabCodeQuality.render(decision, paths: repositoryPaths), to: gitlabCodeQuality) }
                if let sarifOutput { try Standard.write(SARIFReport.render(decision), to: sarifOutput) }
                if let path = stepSummaryPath { try Standard.append(report, to: path) }
                if let path = githubOutputPath { try Standard.append(GitHubOutputs.render(decision), to: path) }
                archiveFailure = keep(decision, recordText: recordText, envelopeText: envelopeText, files: files)
                if let ledgerLocation {
                    ledgerFailure = append(decision, recordText: recordText, envelopeText: envelopeText, to: ledgerLocation)
                }
            } catch let error as AuditError {
                Standard.error(error.renderedDiagnostics)
                throw VerdictExit(status: .couldNotJudge)
            } catch {
                Standard.error("verdict: error: cannot write output: \(error.localizedDescription)")
                throw VerdictExit(status: .couldNotJudge)
            }

            if let dotenv { try writeDotenv(decision, to: dotenv) }
            if annotations == .github { writeAnnotations(GitHubAnnotations.render(decision, paths: repositoryPaths)) }
            switch format {
            case .markdown: Standard.output(report)
            case .json: Standard.output(recordText)
            case .text: break
            }
            let summary = quiet ? TextSummary.outcomeLine(decision) + "\n" : TextSummary.render(decision)
            // Keep standard output clean for a report written there.
            let reportOnStandardOutput = documentOnStandardOutput
            if reportOnStandardOutput { Standard.error(summary) } else { Standard.output(summary) }
            // An unrecorded decision must not pass where a ledger was asked for: printed and written
            // like any other, then exit 2.
            // Evidence that could not be kept is as unrecorded as a missing ledger row.
            if let archiveFailure {
                Standard.error(archiveFailure.renderedDiagnostics)
                Standard.error("verdict: error: the decision's evidence was not archived in \(ArchiveLocation.display(archive ?? "")); exit 2")
                if ledgerFailure == nil { throw VerdictExit(status: .couldNotJudge) }
            }
            if let ledgerFailure {
                Standard.error(ledgerFailure.renderedDiagnostics)
                Standard.error("verdict: error: the decision was not recorded in the ledger \(LedgerLocation.display(ledgerLocation ?? "")); exit 2")
                throw VerdictExit(status: .couldNotJudge)
            }
            throw VerdictExit(status: decision.exitStatus)
        }

        /// `--step-summary`, else `$GITHUB_STEP_SUMMARY` when set.
        var stepSummaryPath: String? {
            stepSummary ?? ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"].flatMap { $0.isEmpty ? nil : $0 }
        }

        /// `--github-output`, else `$GITHUB_OUTPUT` when set.
        var githubOutputPath: String? {
            githubOutput ?? ProcessInfo.processInfo.environment["GITHUB_OUTPUT"].flatMap { $0.isEmpty ? nil : $0 }
        }

        /// The signed envelope for `--attestation`, nil without it.
        ///
        /// - Throws: `VerdictExit` (could not judge) without a signing key or with a commit in
        ///   the CI context that is not a hexadecimal object name: an unsigned or mislabelled
        ///   attestation would be worse than none.
        func attestationText(_ decision: Decision, recordText: String, key: SigningKey?) throws -> String? {
            guard attestation != nil else { return nil }
            guard let key else {
                Standard.error("verdict: error: --attestation needs a signing key: --sign-key FILE or $VERDICT_SIGNING_KEY\n")
                throw VerdictExit(status: .couldNotJudge)
            }
            var chosen = subjects.compactMap(Attestation.Subject.parse)
            if chosen.isEmpty {
                let context = Ledger.Context.resolve(explicit: decision.context, environment: ProcessInfo.processInfo.environment)
                let commit = context.commit
                if let commit, !commit.isEmpty, !(commit.utf8.count == 40 || commit.utf8.count == 64) || !commit.allSatisfy(\.isHexDigit) {
                    Standard.error("verdict: error: the commit '\(commit.prefix(80))' is not a 40 or 64 digit hexadecimal object name; give --subject NAME=sha256:DIGEST\n")
                    throw VerdictExit(status: .couldNotJudge)
                }
                chosen = Attestation.defaultSubjects(decision, commit: commit, repository: context.repository)
            }
            let statement = Attestation.statement(decision, subjects: chosen, recordSHA256: SHA256Digest.hex(of: recordText)).serialized()
            return try DSSEEnvelope.sign(statement: statement, with: key).rendered()
        }

        /// The signing key from --sign-key or $VERDICT_SIGNING_KEY; its bytes are never printed.
        func loadSigningKey() throws -> SigningKey? {
            guard let path = signKey ?? ProcessInfo.processInfo.environment["VERDICT_SIGNING_KEY"].flatMap({ $0.isEmpty ? nil : $0 }) else {
                return nil
            }
            do {
                return try SigningKey.read(path: path)
            } catch {
                Standard.error(error.renderedDiagnostics)
                throw VerdictExit(status: .couldNotJudge)
            }
        }

        /// Archives the inputs, policy, record and attestation, as asked; returns why it could not
        /// (the caller still prints the decision, then exits 2).
        func keep(_ decision: Decision, recordText: String, envelopeText: String?, files: [InputFile]) -> AuditError? {
            do throws(AuditError) {
                try archiveEvidence(decision, recordText: recordText, envelopeText: envelopeText, files: files)
                return nil
            } catch {
                return error
            }
        }

        func archiveEvidence(_ decision: Decision, recordText: String, envelopeText: String?, files: [InputFile]) throws(AuditError) {
            if let archive {
                let store = try ArchiveLocation.openForStoring(archive)
                var stored: [Archive.Stored] = []
                for file in files { stored.append(try store.storeChecked(file.raw)) }
                // Inputs read as a stream (k6 point streams) are stored from their files.
                let kept = Set(files.map(\.sha256))
                for input in decision.inputs where !kept.contains(input.sha256) {
                    stored.append(try store.storeFile(path: input.path, sha256: input.sha256))
                }
                for source in decision.policy.sources { stored.append(try store.storeChecked(Data(source.text.utf8))) }
                // An object already there is re-hashed; a bad one was replaced, and the archive was tampered with or damaged.
                for object in stored {
                    if let reason = object.replaced {
                        Standard.error("\(store.displayName)/objects/\(object.sha256): warning: replaced an archive object that did not hold its content: \(reason)")
                    }
                }
                // The envelope is kept content-addressed next to the record it references by digest.
                if let envelopeText { _ = try store.storeChecked(Data(envelopeText.utf8)) }
                try store.storeDecision(recordText, evaluatedAt: decision.evaluatedAt)
            }
        }

        /// Appends to the ledger, with the envelope's digest when one was written; returns why it
        /// could not (the caller still prints the decision).
        func append(_ decision: Decision, recordText: String, envelopeText: String?, to location: String) -> AuditError? {
            let context = Ledger.Context.resolve(explicit: decision.context, environment: ProcessInfo.processInfo.environment)
            do {
                _ = try LedgerLocation.openForAppending(location)
                    .append(decision, recordSHA256: SHA256Digest.hex(of: recordText), attestationSHA256: envelopeText.map(SHA256Digest.hex(of:)),
                            context: context, risk: decision.risk?.rawValue)
                return nil
            } catch {
                return error
            }
        }

    }
}

extension ExitStatus.Threshold: ExpressibleByArgument {}

/// A size on the command line: `500MB`, `4GB`, `1048576`.
struct ByteCount: ExpressibleByArgument {
    var bytes: Int

    init(_ bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        guard let bytes = InputLimits.parseByteCount(argument) else { return nil }
        self.bytes = bytes
    }

    var defaultValueDescription: String { InputLimits.describe(bytes) }
}

/// What `check` prints on standard output.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case text, markdown, json
}

/// Annotation dialects `check --annotations` can print.
enum AnnotationKind: String, CaseIterable, ExpressibleByArgument {
    case github
}
