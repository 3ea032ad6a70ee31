import PraktikaText

/// Inline SVG bar charts for `/stats/`: no script, themed by the page's CSS (`.chart-bar`, `.chart-label`),
/// with a `<title>` and `<desc>` for screen readers; the page puts a data table beside each chart.
enum Charts {
    /// A bar: its label and value.
    struct Bar {
        var label: String
        var value: Int
    }

    /// Horizontal bars, a label above each bar and its value after it, in a 400-unit-wide view box
    /// (readable on a 390 px phone and on a desktop).
    static func horizontalBars(id: String, title: String, description: String, bars: [Bar]) -> String {
        let width = 400.0
        let rowHeight = 34.0
        let barHeight = 12.0
        let labelRoom = 36.0  // for the value after the longest bar
        let maximum = Double(max(bars.map(\.value).max() ?? 0, 1))
        let height = rowHeight * Double(bars.count) + 6
        var svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
        svg += "aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title id=\"\(id)-title\">\(Crawlers.escapeXML(title))</title>"
        svg += "<desc id=\"\(id)-desc\">\(Crawlers.escapeXML(description))</desc>"
        for (index, bar) in bars.enumerated() {
            let y = Double(index) * rowHeight
            let length = bar.value == 0 ? 0 : max(2, (width - labelRoom) * Double(bar.value) / maximum)
            svg += "<text class=\"chart-label\" x=\"0\" y=\"\(format(y + 13))\">\(Crawlers.escapeXML(bar.label))</text>"
            svg += "<rect class=\"chart-bar\" x=\"0\" y=\"\(format(y + 18))\" width=\"\(format(length))\" height=\"\(format(barHeight))\" rx=\"2\"/>"
            svg += "<text class=\"chart-value\" x=\"\(format(length + 4))\" y=\"\(format(y + 28.5))\">\(bar.value)</text>"
        }
        return svg + "</svg>"
    }

    /// A coordinate with at most one decimal, the same on every machine.
    static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
