import Foundation
import Testing
@testable import VerdictKit

/// `schemas/policy.schema.json` names exactly the keys the loader accepts, for every rule kind.
@Suite struct PolicySchemaTests {
    static var schema: [String: Any] {
        let url = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("schemas/policy.schema.json")
        let data = (try? Data(contentsOf: url)) ?? Data()
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    static func properties(_ object: Any?) -> Set<String> {
        Set(((object as? [String: Any])?["properties"] as? [String: Any])?.keys ?? [:].keys)
    }

    static var definitions: [String: Any] { schema["definitions"] as? [String: Any] ?? [:] }

    /// Draft-07: the YAML language server (VS Code) and SchemaStore do not read 2020-12.
    @Test func theSchemaIsDraft07() {
        #expect(Self.schema["$schema"] as? String == "http://json-schema.org/draft-07/schema#")
        #expect(Self.schema["$defs"] == nil)
        #expect(!Self.definitions.isEmpty)
    }

    @Test func topLevelSettingsAndWaiverKeysMatchTheLoader() {
        #expect(Self.properties(Self.schema) == Set(PolicyLoader.topLevelKeys))
        #expect(Self.properties((Self.schema["properties"] as? [String: Any])?["settings"]) == Set(PolicySettings.keys))
        #expect(Self.properties(Self.definitions["waiver"]) == Set(PolicyLoader.waiverKeys))
    }

    @Test func everyRuleKindHasADefinitionWithExactlyItsKeys() {
        let kinds = ((Self.definitions["rule"] as? [String: Any])?["properties"] as? [String: Any])?["kind"] as? [String: Any]
        #expect(Set(kinds?["enum"] as? [String] ?? []) == Set(RuleRegistry.kindNames))
        for kind in RuleRegistry.kinds {
            let definition = Self.definitions["\(kind.kind)Rule"]
            #expect(Self.properties(definition) == Set(CommonRuleKeys.all + kind.keys), "kind \(kind.kind)")
            let summary = (definition as? [String: Any])?["description"] as? String
            #expect(summary?.isEmpty == false, "kind \(kind.kind) has a description")
        }
    }

    @Test func nestedKeysMatchTheLoader() throws {
        let risk = try #require((Self.definitions["riskRule"] as? [String: Any])?["properties"] as? [String: Any])
        let entry = try #require((risk["levels"] as? [String: Any])?["items"])
        #expect(Self.properties(entry) == Set(RiskRule.entryKeys))
        #expect(Self.properties((entry as? [String: Any])?["properties"].flatMap { ($0 as? [String: Any])?["when"] }) == Set(RiskRule.conditionKeys))
        let coverage = try #require((Self.definitions["coverageRule"] as? [String: Any])?["properties"] as? [String: Any])
        #expect(Self.properties((coverage["paths"] as? [String: Any])?["items"]) == Set(["glob"] + CoverageRule.measureKeys))
        #expect(Self.properties(coverage["per_file"]) == Set(CoverageRule.measureKeys))
    }

    @Test func everyPropertyIsDescribed() {
        var undescribed: [String] = []
        func walk(_ node: Any, path: String) {
            guard let object = node as? [String: Any] else { return }
            if let properties = object["properties"] as? [String: Any] {
                for (key, value) in properties {
                    if let child = value as? [String: Any], child["description"] == nil, child["$ref"] == nil, key != "kind" {
                        undescribed.append("\(path).\(key)")
                    }
                    walk(value, path: "\(path).\(key)")
                }
            }
            for (key, value) in object where key != "properties" { walk(value, path: "\(path)/\(key)") }
        }
        walk(Self.schema, path: "")
        #expect(undescribed.isEmpty, "\(undescribed)")
    }
}
