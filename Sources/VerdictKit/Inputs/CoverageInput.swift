import Foundation

/// Reads any of the three coverage formats into a `CoverageReport`.
enum CoverageInput {
    static func read(_ file: InputFile, kind: InputKind, options: CoverageReadOptions) throws(InputError) -> CoverageReport {
        var report: CoverageReport
        switch kind {
        case .lcov:
            report = try LCOVReader.read(file, paths: options.paths, lineDetail: options.lineDetail)
        case .jacoco:
            report = try JaCoCoReader.read(file, options: options)
        case .cobertura:
            report = try CoberturaReader.read(file, options: options)
        default:
            throw .unrecognized(path: file.path, found: "a \(kind.displayName) input where coverage was expected")
        }
        report.notes = report.notes.map { "\(file.path): \($0)" }
        return report
    }
}
