/// A line chart drawn as SVG by the server: one line per series over a shared axis of labels.
///
/// Readable without colour: every series has its own dash pattern and marker shape (circle,
/// square, triangle, diamond, cross, plus), its name written at the end of its line and in the
/// legend, and every point a `<title>` with the exact value. The same numbers come as a table.
struct LineChart {
    var title: String
    /// What a value is (for the axis and the table), e.g. "%".
    var unit: String
    var labels: [String]
    /// Series name and one value per label (nil: no value that week; the line breaks).
    var series: [(name: String, values: [Double?])]
    var maximum: Double

    static let dashes = ["", "8 4", "2 3", "10 3 2 3", "4 4", "1 6"]
    static let markers = ["circle", "square", "triangle", "diamond", "cross", "plus"]

    func svg() -> String {
        let width = 900, height = 320, left = 50, right = 150, bottom = 60, top = 20
        let plotWidth = width - left - right, plotHeight = height - bottom - top
        let step = labels.count > 1 ? Double(plotWidth) / Double(labels.count - 1) : 0
        func x(_ index: Int) -> Int { left + Int(Double(index) * step) }
        func y(_ value: Double) -> Int { top + plotHeight - Int(min(max(value, 0), maximum) / max(maximum, 1) * Double(plotHeight)) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height + 20 + 22 * ((series.count + 3) / 4))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        svg += "<title>\(HTML.escape(title))</title>"
        for tick in stride(from: 0.0, through: maximum, by: maximum / 4) {
            svg += "<line x1=\"\(left)\" y1=\"\(y(tick))\" x2=\"\(left + plotWidth)\" y2=\"\(y(tick))\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(y(tick) + 4)\" text-anchor=\"end\" font-size=\"11\">\(Self.format(tick))\(HTML.escape(unit))</text>"
        }
        for (index, label) in labels.enumerated() where labels.count <= 13 || index % 2 == 0 {
            svg += "<text x=\"\(x(index))\" y=\"\(top + plotHeight + 14)\" text-anchor=\"end\" font-size=\"10\" transform=\"rotate(-40 \(x(index)) \(top + plotHeight + 14))\">\(HTML.escape(label))</text>"
        }
        for (seriesIndex, line) in series.enumerated() {
            let dash = Self.dashes[seriesIndex % Self.dashes.count]
            let marker = Self.markers[seriesIndex % Self.markers.count]
            var runs: [[(Int, Double)]] = [[]]
            for (index, value) in line.values.enumerated() {
                if let value { runs[runs.count - 1].append((index, value)) } else if !(runs.last?.isEmpty ?? true) { runs.append([]) }
            }
            for run in runs where run.count > 1 {
                let points = run.map { "\(x($0.0)),\(y($0.1))" }.joined(separator: " ")
                svg += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"#222\" stroke-width=\"2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
            }
            for (index, value) in line.values.enumerated() {
                guard let value else { continue }
                svg += Self.marker(marker, x: x(index), y: y(value), title: "\(line.name), \(labels[index]): \(Self.format(value))\(unit)")
            }
            if let last = line.values.indices.last(where: { line.values[$0] != nil }), let value = line.values[last] {
                svg += "<text x=\"\(x(last) + 8)\" y=\"\(y(value) + 4)\" font-size=\"11\">\(HTML.escape(line.name))</text>"
            }
        }
        for (index, line) in series.enumerated() {
            let legendX = left + (index % 4) * 210, legendY = height + 12 + (index / 4) * 22
            let dash = Self.dashes[index % Self.dashes.count]
            svg += "<line x1=\"\(legendX)\" y1=\"\(legendY)\" x2=\"\(legendX + 30)\" y2=\"\(legendY)\" stroke=\"#222\" stroke-width=\"2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
            svg += Self.marker(Self.markers[index % Self.markers.count], x: legendX + 15, y: legendY, title: line.name)
            svg += "<text x=\"\(legendX + 38)\" y=\"\(legendY + 4)\" font-size=\"12\">\(HTML.escape(line.name))</text>"
        }
        return svg + "</svg>\n"
    }

    static func marker(_ shape: String, x: Int, y: Int, title: String) -> String {
        let body: String = switch shape {
        case "square": "<rect x=\"\(x - 4)\" y=\"\(y - 4)\" width=\"8\" height=\"8\" fill=\"#fff\" stroke=\"#222\" stroke-width=\"2\">"
        case "triangle": "<polygon points=\"\(x),\(y - 5) \(x + 5),\(y + 4) \(x - 5),\(y + 4)\" fill=\"#222\">"
        case "diamond": "<polygon points=\"\(x),\(y - 5) \(x + 5),\(y) \(x),\(y + 5) \(x - 5),\(y)\" fill=\"#fff\" stroke=\"#222\" stroke-width=\"2\">"
        case "cross": "<path d=\"M\(x - 4) \(y - 4)L\(x + 4) \(y + 4)M\(x + 4) \(y - 4)L\(x - 4) \(y + 4)\" stroke=\"#222\" stroke-width=\"2\">"
        case "plus": "<path d=\"M\(x - 5) \(y)L\(x + 5) \(y)M\(x) \(y - 5)L\(x) \(y + 5)\" stroke=\"#222\" stroke-width=\"2\">"
        default: "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"4\" fill=\"#222\">"
        }
        let close = body.hasPrefix("<rect") ? "</rect>" : body.hasPrefix("<polygon") ? "</polygon>" : body.hasPrefix("<path") ? "</path>" : "</circle>"
        return body + "<title>\(HTML.escape(title))</title>" + close
    }

    /// The same numbers as a table, for screen readers and for copying.
    func table() -> String {
        "<details><summary>\(HTML.escape(title)) as a table</summary>"
            + HTML.table(["Week"] + series.map(\.name), labels.enumerated().map { index, label in
                [HTML.escape(label)] + series.map { $0.values[index].map { Self.format($0) + HTML.escape(unit) } ?? "–" }
            }) + "</details>\n"
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
