/// Russian typography for running text (`typography: true` in `site.yml`, the default):
///
/// - straight quotes `"` become «ёлочки», quotes inside quotes „лапки“;
/// - a hyphen or dash between spaces (` - `, ` -- `, ` – `, ` — `) becomes an em dash with a no-break space
///   before it: `слово — слово`;
/// - a no-break space after one- and two-letter words (`в регионе`, `на форуме`) and between a number and
///   the word or sign after it (`2020 г.`, `15 %`), and after `№`.
///
/// Applying it twice changes nothing. The Markdown wrapper feeds it text nodes only, never code, and skips
/// autolinked URLs. One value carries the state of one block (paragraph, heading, cell) across its text
/// nodes, so a quote opened before `**emphasis**` closes after it.
public struct RussianTypography: Sendable {
    static let nbsp: Unicode.Scalar = "\u{00A0}"

    /// The last scalar written (nil at the start of a block).
    private var previous: Unicode.Scalar?
    /// Letters in a row just before, 0 after a non-letter.
    private var wordLength = 0
    /// How many quotes are open.
    private var depth = 0

    /// A fresh state, for the start of a block.
    public init() {}

    /// Typography applied to one text without context.
    public static func apply(_ text: String) -> String {
        var state = RussianTypography()
        return state.apply(text)
    }

    /// The next piece of text of the current block.
    public mutating func apply(_ text: String) -> String {
        let input = Array(text.unicodeScalars)
        // UTF-8 bytes out: appending to a `String.UnicodeScalarView` was most of the cost on big sites.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        var i = 0
        func emit(_ scalar: Unicode.Scalar) {
            let v = scalar.value
            switch v {
            case 0..<0x80:
                out.append(UInt8(v))
            case 0x80..<0x800:
                out.append(UInt8(0xC0 | v >> 6)); out.append(UInt8(0x80 | v & 0x3F))
            case 0x800..<0x10000:
                out.append(UInt8(0xE0 | v >> 12)); out.append(UInt8(0x80 | v >> 6 & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
            default:
                out.append(UInt8(0xF0 | v >> 18)); out.append(UInt8(0x80 | v >> 12 & 0x3F))
                out.append(UInt8(0x80 | v >> 6 & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
            }
            if Self.isLetter(scalar) { wordLength += 1 } else { wordLength = 0 }
            previous = scalar
        }
        while i < input.count {
            let scalar = input[i]
            switch scalar {
            case "\"":
                if previous == nil || Self.opensQuote(previous!) {
                    emit(depth == 0 ? "«" : "„")
                    depth += 1
                } else {
                    emit(depth >= 2 ? "“" : "»")
                    depth = max(0, depth - 1)
                }
                i += 1
            case "«", "„":
                depth += 1
                emit(scalar)
                i += 1
            case "»", "“":
                depth = max(0, depth - 1)
                emit(scalar)
                i += 1
            case " ", Self.nbsp:
                // A dash between spaces: no-break space, em dash, space.
                if let dashEnd = Self.dash(in: input, at: i + 1), dashEnd < input.count, input[dashEnd] == " ",
                   previous != nil {
                    emit(Self.nbsp)
                    emit("—")
                    emit(" ")
                    i = dashEnd + 1
                    continue
                }
                let next = i + 1 < input.count ? input[i + 1] : nil
                let glue = (1...2).contains(wordLength) && (next.map { !Self.isSpace($0) } ?? false)
                    || previous.map(Self.isDigit) == true && next.map { Self.isLetter($0) || $0 == "%" } == true
                    || previous == "№" && next.map(Self.isDigit) == true
                emit(glue ? Self.nbsp : scalar)
                i += 1
            default:
                emit(scalar)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The end of a dash (`-`, `--`, `–`, `—`) starting at `index`, or nil.
    private static func dash(in input: [Unicode.Scalar], at index: Int) -> Int? {
        guard index < input.count else { return nil }
        switch input[index] {
        case "—", "–": return index + 1
        case "-": return index + 1 < input.count && input[index + 1] == "-" ? index + 2 : index + 1
        default: return nil
        }
    }

    private static func opensQuote(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "(", "[", "{", "-", "—", "–", "«", "„", "/": true
        default: isSpace(scalar)
        }
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == nbsp || scalar == "\n" || scalar == "\t"
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { (0x30...0x39).contains(scalar.value) }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0x410...0x44F, 0x401, 0x451: true
        default: false
        }
    }
}
