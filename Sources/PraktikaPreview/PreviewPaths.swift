/// Turns a request target into an output path, or refuses it.
///
/// The store is a dictionary, so nothing outside the site can be served whatever the path; these rules
/// still refuse what no honest browser sends (`..`, encoded slashes, NUL, over-long targets) with 400.
public enum PreviewPaths {
    /// The longest request target accepted.
    public static let maximumLength = 2048

    /// `/practices/x/?q#f` → `practices/x/index.html`; nil for a target to refuse.
    public static func outputPath(for target: String) -> String? {
        guard target.utf8.count <= maximumLength, target.hasPrefix("/") else { return nil }
        var raw = Substring(target)
        if let end = raw.firstIndex(where: { $0 == "?" || $0 == "#" }) { raw = raw[..<end] }
        var segments: [String] = []
        let parts = raw.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (index, part) in parts.enumerated() {
            guard let segment = decode(part) else { return nil }
            if segment.isEmpty {
                // Only a trailing slash may be empty: `//x` and `/a//b` are refused.
                guard index == parts.count - 1 else { return nil }
                continue
            }
            guard segment != "..", segment != ".", !segment.contains("/"), !segment.contains("\\"),
                  !segment.unicodeScalars.contains(where: { $0.value < 0x20 })
            else { return nil }
            segments.append(segment)
        }
        if raw.hasSuffix("/") { segments.append("index.html") }
        return segments.joined(separator: "/")
    }

    /// Percent-decoding that fails on malformed escapes and invalid UTF-8.
    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var utf8 = text.utf8.makeIterator()
        while let byte = utf8.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = utf8.next().flatMap(hexValue), let low = utf8.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The content type for an output path.
    public static func contentType(for path: String) -> String {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json": return "application/json; charset=utf-8"
        case "xml": return "application/xml; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "webp": return "image/webp"
        case "woff2": return "font/woff2"
        case "ico": return "image/x-icon"
        default: return "application/octet-stream"
        }
    }
}
