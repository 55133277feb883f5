import Foundation
import Testing
@testable import VerdictKit

/// Edge cases of the plan readers that the corpus does not show.
@Suite struct TerraformPlanReaderTests {
    static func plan(_ text: String, path: String = "plan.txt") throws -> TerraformPlan {
        try TerraformPlanReader.read(InputFile(path: path, raw: Data(text.utf8)))
    }

    static func failure(_ text: String) -> String {
        do {
            _ = try plan(text)
            return "accepted"
        } catch {
            return rendered(error)
        }
    }

    static let quotedKeys = """
        Terraform will perform the following actions:

          # module.net["eu west"].aws_subnet.this["a [b] c.d"] will be created
          + resource "aws_subnet" "this" {
              + cidr_block = "10.0.0.0/24"
            }

          # module.net["eu west"].data.aws_ami.latest will be read during apply
          # (config refers to values not yet known)
         <= data "aws_ami" "latest" {
              + id = (known after apply)
            }

          # aws_iam_role.admin (deposed object 1a2b3c) will be destroyed
          - resource "aws_iam_role" "admin" {
              - name = "admin" -> null
            }

          # aws_instance.web is tainted, so must be replaced
        +/- resource "aws_instance" "web" {
              ~ ami = "ami-1" -> "ami-2" # forces replacement
              - tags = {
                  - "team" = "x" -> null
                } -> null
              ~ root_block_device {
                  ~ volume_size = 8 -> 10 # forces replacement
                }
            }

         # aws_s3_bucket.logs will no longer be managed by Terraform, but will not be destroyed
         # (destroy = false is set in the configuration)
        . resource "aws_s3_bucket" "logs" {
                id = "logs"
            }

        Plan: 2 to add, 0 to change, 2 to destroy.

        """

    @Test func readsKeysModulesDataSourcesDeposedAndReplaceKinds() throws {
        let plan = try Self.plan(Self.quotedKeys)
        #expect(plan.changes.count == 5)
        let subnet = plan.changes[0]
        #expect(subnet.address == #"module.net["eu west"].aws_subnet.this["a [b] c.d"]"#)
        #expect(subnet.moduleAddress == #"module.net["eu west"]"#)
        #expect(subnet.type == "aws_subnet")
        #expect(subnet.name == "this")
        #expect(subnet.index == #""a [b] c.d""#)
        let read = plan.changes[1]
        #expect(read.mode == .data)
        #expect(read.type == "aws_ami")
        #expect(read.reason == "config refers to values not yet known")
        #expect(plan.changes[2].deposed == "1a2b3c")
        #expect(plan.changes[2].action == .delete)
        let web = plan.changes[3]
        #expect(web.action == .createThenDelete)
        #expect(web.reason == "replace_because_tainted")
        #expect(web.forcedReplacement == ["ami", "root_block_device.volume_size"])
        #expect(plan.changes[4].action == .forget)
        #expect(plan.counts == PlanCounts(toAdd: 2, toDestroy: 2, toForget: 1))
    }

    @Test func aSummaryLineThatDisagreesIsAnErrorNamingItsLine() {
        let altered = Self.quotedKeys.replacingOccurrences(of: "Plan: 2 to add, 0 to change, 2 to destroy.", with: "Plan: 2 to add, 0 to change, 1 to destroy.")
        let message = Self.failure(altered)
        #expect(message.hasPrefix("plan.txt:36:1: error: the summary line says 'Plan: 2 to add, 0 to change, 1 to destroy.' but the resource blocks read give 'Plan: 2 to add, 0 to change, 2 to destroy, 1 to forget.'"), "\(message)")
    }

    @Test func aPlanCutOffMidBlockIsAnError() {
        let lines = Self.quotedKeys.split(separator: "\n", omittingEmptySubsequences: false)
        let cut = lines.prefix(20).joined(separator: "\n")
        let message = Self.failure(cut)
        #expect(message.contains("the plan ends inside the block of 'aws_instance.web' that starts at line 19; the plan was cut off"), "\(message)")
        let withoutSummary = lines.prefix(34).joined(separator: "\n")
        #expect(Self.failure(withoutSummary).contains("but no summary line 'Plan: …'; the plan was cut off"))
    }

    @Test func unknownWordingIsRefused() {
        let message = Self.failure("""
            Terraform will perform the following actions:

              # aws_vpc.main will be vaporised
              - resource "aws_vpc" "main" {
                }

            Plan: 0 to add, 0 to change, 1 to destroy.
            """)
        #expect(message.contains("plan.txt:3:1: error: unknown resource change wording 'will be vaporised' after 'aws_vpc.main'"), "\(message)")
    }

    @Test func noChangesIsAnEmptyPlanAndNoPlanIsAnError() throws {
        let empty = try Self.plan("aws_vpc.main: Refreshing state... [id=vpc-1]\n\nNo changes. Infrastructure is up-to-date.\n")
        #expect(empty.changes.isEmpty)
        #expect(empty.summaryLine == "No changes. Infrastructure is up-to-date.")
        #expect(Self.failure("aws_vpc.main: Refreshing state... [id=vpc-1]\n").contains("no plan found"))
        #expect(Self.failure("\nError: Unsupported argument\n\n  on main.tf line 3\n").contains("plan.txt:2:1: error: terraform plan failed and the file holds no plan: 'Error: Unsupported argument'"))
    }

    @Test func aMoveInARefreshOnlyPlansDriftSectionIsDrift() throws {
        // Issue 13: a refresh-only plan (no 'Plan:' line) records a move among the changes made
        // outside of Terraform; it was taken for a planned change and the plan for a cut-off one.
        let plan = try TerraformPlanReader.read(Fixtures.input("hostile/tfplan-refresh-only-moved-drift.txt"))
        #expect(plan.changes.isEmpty)
        #expect(plan.summaryLineNumber == nil)
        #expect(plan.drift.map(\.address) == ["null_resource.new"])
        #expect(plan.drift.first?.previousAddress == "null_resource.old")
        #expect(plan.drift.first?.line == 8)
        let policy = try Fixtures.policy("version: 1\nrules:\n  - id: drift\n    kind: drift\n")
        let loaded = LoadedInput(
            descriptor: InputDescriptor(kind: .terraformPlan, role: .subject, path: "plan.txt", size: 0, sha256: ""), content: .terraformPlan(plan))
        let result = Evaluator(policy: policy, now: Fixtures.now).evaluate(Facts.assembling([loaded])).results[0]
        #expect(result.outcome == .fail)
        #expect(result.message == "1 object changed outside of Terraform (on_change: fail)")
        // Outside the drift section a move stays a planned (no-op) change.
        let planned = try Self.plan("Terraform will perform the following actions:\n\n  # null_resource.old has moved to null_resource.new\n    resource \"null_resource\" \"new\" {\n        id = \"1\"\n    }\n\nPlan: 0 to add, 0 to change, 0 to destroy.\n")
        #expect(planned.changes.map(\.action) == [.noOp])
        #expect(planned.drift.isEmpty)
    }

    @Test func aSecondPlanInOneFileIsRefused() {
        let twice = Self.quotedKeys + Self.quotedKeys
        #expect(Self.failure(twice).contains("a second summary line (the first is at line 36)"))
    }

    @Test func summaryLineVariantsAreRead() throws {
        let tofu = try Self.plan("""
            OpenTofu will perform the following actions:

              # aws_s3_bucket.logs will be removed from the OpenTofu state but will not be destroyed
             . resource "aws_s3_bucket" "logs" {
                    id = "logs"
                }

            Plan: 0 to add, 0 to change, 0 to destroy, 1 to forget.
            """)
        #expect(tofu.producer == "OpenTofu")
        #expect(tofu.counts.toForget == 1)
        #expect(Self.failure("Terraform will perform the following actions:\n\nPlan: 1 to add, 0 to change.\n").contains("cannot read the summary line"))
    }

    @Test func jsonReplaceOrdersAndFormatVersions() throws {
        func json(_ version: String, actions: String) -> String {
            #"{"format_version":"\#(version)","resource_changes":[{"address":"module.a[\"k\"].aws_kms_key.k","module_address":"module.a[\"k\"]","mode":"managed","type":"aws_kms_key","name":"k","change":{"actions":\#(actions),"replace_paths":[["key_spec"]]},"action_reason":"replace_because_cannot_update"}]}"#
        }
        let cbd = try Self.plan(json("1.2", actions: #"["create","delete"]"#), path: "plan.json")
        #expect(cbd.changes[0].action == .createThenDelete)
        #expect(cbd.changes[0].policyActions == [.replace])
        #expect(cbd.changes[0].forcedReplacement == ["key_spec"])
        #expect(cbd.changes[0].moduleAddress == #"module.a["k"]"#)
        #expect(cbd.counts == PlanCounts(toAdd: 1, toDestroy: 1))
        let dbc = try Self.plan(json("0.1", actions: #"["delete","create"]"#), path: "plan.json")
        #expect(dbc.changes[0].action == .deleteThenCreate)
        let future = Self.failure(json("2.0", actions: #"["create"]"#))
        #expect(future.contains("plan.txt:1:19: error: unsupported plan format_version '2.0'; expected 0.x or 1.x"), "\(future)")
        #expect(Self.failure(json("1.2", actions: #"["explode"]"#)).contains("unknown actions [\"explode\"]"))
        #expect(Self.failure(#"{"format_version":"1.2","resource_changes":[{"change":{"actions":["create"]}}]}"#).contains("a resource change has no 'address'"))
    }

    @Test func terraform1_0_0DriftWithoutAddressIsRead() throws {
        // Issue 13: Terraform 1.0.0 wrote resource_drift entries without 'address' (and one for
        // every resource, no-ops included: hashicorp/terraform#28975, fixed in 1.0.1). The
        // planned changes are intact; drift entries keep what they have.
        let plan = try TerraformPlanReader.read(Fixtures.input("hostile/tfplan-1.0.0-drift-without-address.json"))
        #expect(plan.changes.map(\.address) == ["aws_iam_role.ci", #"aws_s3_bucket.logs["eu"]"#])
        #expect(plan.counts == PlanCounts(toAdd: 1, toDestroy: 1))
        #expect(plan.drift.map(\.address) == ["module.db.aws_db_instance.main", "data.aws_ami.base[0]", "(no address)"])
        #expect(plan.drift.map(\.action) == [.update, .delete, .update])
        #expect(plan.drift.first?.moduleAddress == "module.db")
        // resource_changes still need their address.
        #expect(Self.failure(#"{"format_version":"0.2","resource_changes":[{"type":"t","name":"n","change":{"actions":["create"]}}]}"#).contains("a resource change has no 'address'"))
    }

    @Test func aDataSourceIsOnlyReadAndItsModeMatchesItsAddress() throws {
        func json(_ address: String, mode: String, actions: String) -> String {
            #"{"format_version":"1.2","resource_changes":[{"address":"\#(address)","mode":"\#(mode)","type":"aws_ami","name":"x","change":{"actions":\#(actions)}}]}"#
        }
        #expect(try Self.plan(json("data.aws_ami.x", mode: "data", actions: #"["read"]"#)).changes.map(\.action) == [.read])
        #expect(try Self.plan(json("module.m.data.aws_ami.x", mode: "data", actions: #"["no-op"]"#)).changes.map(\.action) == [.noOp])
        for actions in [#"["delete"]"#, #"["create"]"#, #"["update"]"#, #"["delete","create"]"#] {
            #expect(Self.failure(json("data.aws_ami.x", mode: "data", actions: actions)).contains("data source 'data.aws_ami.x' has actions \(actions)"))
        }
        // A mode that contradicts the address would hide a delete from `mode`-aware rules.
        #expect(Self.failure(json("data.aws_ami.x", mode: "managed", actions: #"["delete"]"#)).contains("says mode 'managed' but its address is a data source's"))
        #expect(Self.failure(json("aws_ami.x", mode: "data", actions: #"["read"]"#)).contains("says mode 'data' but its address is a managed resource's"))
    }

    @Test func aKeyWrittenTwiceInAPlanIsRefused() {
        let twice = #"{"format_version":"1.2","resource_changes":[{"address":"aws_db.x","address":"aws_s3.y","mode":"managed","type":"aws_db","name":"x","change":{"actions":["delete"]}}]}"#
        // Column 67: the second "address"; the first is at column 46.
        #expect(Self.failure(twice).contains("plan.txt:1:67: error: invalid JSON: duplicate key 'address' (first at 1:46)"), "\(Self.failure(twice))")
    }

    @Test func sensitiveValuesAreNeverKept() throws {
        let plan = try Self.plan("""
            Terraform will perform the following actions:

              # aws_db_instance.main will be created
              + resource "aws_db_instance" "main" {
                  + password = "hunter2-secret"
                }

            Plan: 1 to add, 0 to change, 0 to destroy.

            Changes to Outputs:
              + db_password = "hunter2-secret"
            """)
        let policy = try Fixtures.policy("version: 1\nrules:\n  - id: risk\n    kind: risk\n")
        var facts = Facts()
        facts.terraformPlans = [plan]
        let decision = Evaluator(policy: policy, now: Fixtures.now).evaluate(facts)
        #expect(!MarkdownReport().render(decision).contains("hunter2"))
        #expect(!DecisionRecord.render(decision).contains("hunter2"))
        #expect(plan.outputs == [OutputChange(name: "db_password", action: "create")])
    }
}
