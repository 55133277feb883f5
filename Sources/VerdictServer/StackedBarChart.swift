/// A stacked bar chart drawn as SVG by the server: no script, no chart library in the browser.
///
/// Readable without colour: each series has its own fill pattern (solid, hatched, dotted,
/// cross-hatched, outline) named in the legend, every bar carries its total, each segment its
/// count when there is room, and every segment has a `<title>` with the exact numbers.
struct StackedBarChart {
    var title: String
    /// Series names, bottom of the stack first.
    var series: [String]
    /// One bar per label: its count per series, in `series` order.
    var bars: [(label: String, counts: [Int])]

    static let patterns = ["solid", "hatch", "dots", "cross", "outline"]

    func svg() -> String {
        let width = 900, height = 320, left = 50, bottom = 60, top = 30
        let plotHeight = height - bottom - top
        let maximum = max(1, bars.map { $0.counts.reduce(0, +) }.max() ?? 1)
        let slot = bars.isEmpty ? 0 : (width - left - 10) / bars.count
        let barWidth = max(4, min(48, slot - 6))
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height + 30)\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        svg += "<title>\(HTML.escape(title))</title>" + Self.definitions
        svg += "<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(width - 5)\" y2=\"\(top + plotHeight)\" stroke=\"#333\"/>"
        svg += "<text x=\"\(left - 6)\" y=\"\(top + 4)\" text-anchor=\"end\" font-size=\"11\">\(maximum)</text>"
        svg += "<text x=\"\(left - 6)\" y=\"\(top + plotHeight)\" text-anchor=\"end\" font-size=\"11\">0</text>"
        for (index, bar) in bars.enumerated() {
            let x = left + index * slot + (slot - barWidth) / 2
            var y = top + plotHeight
            for (seriesIndex, count) in bar.counts.enumerated() where count > 0 {
                let segment = max(1, count * plotHeight / maximum)
                y -= segment
                let name = series[seriesIndex]
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(barWidth)\" height=\"\(segment)\" fill=\"url(#p-\(Self.patterns[seriesIndex % Self.patterns.count]))\" stroke=\"#222\">"
                svg += "<title>\(HTML.escape(bar.label)): \(HTML.escape(name)) \(count)</title></rect>"
                if segment >= 14 && barWidth >= 18 {
                    svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(y + segment / 2 + 4)\" text-anchor=\"middle\" font-size=\"10\" class=\"on-pattern\">\(count)</text>"
                }
            }
            let total = bar.counts.reduce(0, +)
            svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(y - 4)\" text-anchor=\"middle\" font-size=\"11\">\(total)</text>"
            if bars.count <= 13 || index % 2 == 0 {
                svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(top + plotHeight + 14)\" text-anchor=\"end\" font-size=\"10\" transform=\"rotate(-40 \(x + barWidth / 2) \(top + plotHeight + 14))\">\(HTML.escape(bar.label))</text>"
            }
        }
        var legendX = left
        for (index, name) in series.enumerated() {
            svg += "<rect x=\"\(legendX)\" y=\"\(height + 8)\" width=\"16\" height=\"16\" fill=\"url(#p-\(Self.patterns[index % Self.patterns.count]))\" stroke=\"#222\"/>"
            svg += "<text x=\"\(legendX + 22)\" y=\"\(height + 21)\" font-size=\"13\">\(HTML.escape(name))</text>"
            legendX += 40 + name.count * 8
        }
        return svg + "</svg>\n"
    }

    /// The same numbers as a table, for screen readers and for copying.
    func table() -> String {
        "<details><summary>\(HTML.escape(title)) as a table</summary>"
            + HTML.table(["Week"] + series + ["Total"], bars.map { bar in
                [HTML.escape(bar.label)] + bar.counts.map(String.init) + [String(bar.counts.reduce(0, +))]
            }) + "</details>\n"
    }

    static let definitions = """
        <defs>\
        <pattern id="p-solid" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#444"/></pattern>\
        <pattern id="p-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#444" stroke-width="3"/></pattern>\
        <pattern id="p-dots" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#fff"/><circle cx="3" cy="3" r="1.6" fill="#444"/></pattern>\
        <pattern id="p-cross" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#fff"/><path d="M0 0L6 6M6 0L0 6" stroke="#444"/></pattern>\
        <pattern id="p-outline" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#fff"/></pattern>\
        </defs>
        """
}
