import Foundation

/// Reads a Terraform plan in either of its two documents: JSON (`terraform show -json`)
/// when the content starts with `{`, otherwise the text of `terraform plan`.
///
/// The content decides, not the file name: plan text saved as `tfplan.json` is common.
public enum TerraformPlanReader {
    /// Reads one plan.
    ///
    /// - Throws: `InputError.malformed` from `PlanJSONReader` or `PlanTextReader`.
    public static func read(_ file: InputFile) throws(InputError) -> TerraformPlan {
        if isJSON(file.text) { return try PlanJSONReader.read(file) }
        return try PlanTextReader.read(file)
    }

    /// Whether the content is the JSON document: its first byte after white space is `{`.
    static func isJSON(_ text: Data) -> Bool {
        text.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "{")
    }
}
