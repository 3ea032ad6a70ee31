import Mustache

/// HTML escaping on UTF-8 bytes, registered with swift-mustache as the content type of every theme
/// template.
///
/// The engine's own escaper walks grapheme clusters through a `[Character: String]` dictionary; on
/// Cyrillic pages that was the largest single cost of rendering. Output is the same: `& < > " '`
/// become `&amp; &lt; &gt; &quot; &#39;`.
struct HTMLEscaper: MustacheContentType {
    /// The name used in `{{% CONTENT_TYPE: … }}`.
    static let name = "PRAKTIKA_HTML"

    /// Registers the escaper once per process (registration takes a global lock in the engine).
    static let registered: Bool = {
        MustacheContentTypes.register(HTMLEscaper(), named: name)
        return true
    }()

    func escapeText(_ text: String) -> String {
        Self.escape(text)
    }

    /// `text` with the five HTML-special characters replaced.
    static func escape(_ text: String) -> String { escape(text, apostrophe: [0x26, 0x23, 0x33, 0x39, 0x3B]) }  // &#39;

    /// `text` escaped for XML: as for HTML, with `'` as `&apos;`.
    static func escapeXML(_ text: String) -> String { escape(text, apostrophe: [0x26, 0x61, 0x70, 0x6F, 0x73, 0x3B]) }

    private static func escape(_ text: String, apostrophe: [UInt8]) -> String {
        var needsWork = false
        for byte in text.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 {
            needsWork = true
            break
        }
        guard needsWork else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
            case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
            case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
            case 0x22: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
            case 0x27: out.append(contentsOf: apostrophe)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
