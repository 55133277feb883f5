import Foundation

/// Reads the text of `terraform plan` (Terraform 0.11 to 1.14, OpenTofu), as printed or as
/// `terraform plan | tee plan.txt` captured it: colour codes, CRLF, refresh lines, warnings.
///
/// One pass over the bytes, line by line, with no regular expression: each line is classified
/// by its first bytes, and only resource headers, block openers, `# forces replacement` lines
/// and the summary line are looked at further. At the end the changes read are counted by
/// Terraform's rules and must give the summary line's numbers: a plan that was cut off or
/// altered is an error, never a smaller plan.
public enum PlanTextReader {
    /// Reads one plan text.
    ///
    /// - Throws: `InputError.malformed` naming the line: a binary planfile, `terraform plan`
    ///   error output with no plan, a header with an unknown wording, a block cut off, a
    ///   summary line that disagrees with the blocks, no plan at all.
    public static func read(_ file: InputFile) throws(InputError) -> TerraformPlan {
        let text = file.text
        if let problem = binaryProblem(text) {
            throw .malformed(path: file.path, position: nil, message: problem)
        }
        let hasEscapes = text.withUnsafeBytes { raw in
            raw.count > 0 && memchr(raw.baseAddress!, 0x1B, raw.count) != nil
        }
        let result: Result<TerraformPlan, InputError>
        if hasEscapes {
            let plain = stripANSI(text)
            result = plain.withUnsafeBufferPointer { bytes in scan(bytes, path: file.path) }
        } else {
            // The file's own mapping: the pages behind the line being read can be dropped.
            result = text.withUnsafeBytes { raw in scan(raw.bindMemory(to: UInt8.self), path: file.path, pageReleaser: file.pageReleaser) }
        }
        return try result.get()
    }

    static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, path: String, pageReleaser: ((UnsafeRawPointer, UnsafeRawPointer) -> Void)? = nil
    ) -> Result<TerraformPlan, InputError> {
        var scanner = PlanTextScanner(bytes: bytes, path: path)
        scanner.pageReleaser = pageReleaser
        do {
            try scanner.run()
            return .success(try scanner.finish())
        } catch {
            return .failure(error)
        }
    }

    /// Why the bytes are not plan text (a saved planfile is a ZIP archive), or nil.
    static func binaryProblem(_ text: Data) -> String? {
        let head = text.prefix(8192)
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return "this is a binary planfile (a ZIP archive from 'terraform plan -out'), not plan text; "
                + "give 'terraform show -no-color PLANFILE' or 'terraform show -json PLANFILE' instead"
        }
        if head.contains(0) {
            return "this is binary data, not plan text; expected the output of 'terraform plan' or 'terraform show -json'"
        }
        return nil
    }

    /// The text without ANSI escape sequences (`ESC [ … m` and other CSI sequences); line
    /// breaks are kept, so line numbers stay those of the file.
    static func stripANSI(_ text: Data) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        text.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                guard byte == 0x1B else {
                    output.append(byte)
                    index += 1
                    continue
                }
                index += 1
                guard index < count else { break }
                if bytes[index] == UInt8(ascii: "[") {
                    index += 1
                    // Parameter and intermediate bytes, then one final byte (0x40–0x7E).
                    while index < count, (0x20...0x3F).contains(bytes[index]) { index += 1 }
                    if index < count, (0x40...0x7E).contains(bytes[index]) { index += 1 }
                } else {
                    index += 1
                }
            }
        }
        return output
    }
}
