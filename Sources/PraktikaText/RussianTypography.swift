#if canImport(Glibc)
import Glibc
#endif
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
        var copy = text
        let typeset = copy.withUTF8 { apply(utf8: $0) }
        return typeset.map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    /// The next piece of text of the current block, as valid UTF-8: the typeset bytes, or nil when the text
    /// stays as it is. Works on bytes (the Markdown wrapper passes cmark's literals without making Strings).
    public mutating func apply(utf8 input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let count = input.count
        // Built only from the first replacement on: most text nodes need none.
        var out: [UInt8] = []
        var copied = 0
        /// The scalar at byte `j` and its length in bytes.
        func decode(_ j: Int) -> (value: UInt32, length: Int) {
            let b0 = UInt32(input[j])
            if b0 < 0x80 { return (b0, 1) }
            if b0 < 0xE0, j + 1 < count { return ((b0 & 0x1F) << 6 | UInt32(input[j + 1] & 0x3F), 2) }
            if b0 < 0xF0, j + 2 < count {
                return ((b0 & 0x0F) << 12 | UInt32(input[j + 1] & 0x3F) << 6 | UInt32(input[j + 2] & 0x3F), 3)
            }
            if j + 3 < count {
                return ((b0 & 0x07) << 18 | UInt32(input[j + 1] & 0x3F) << 12 | UInt32(input[j + 2] & 0x3F) << 6
                    | UInt32(input[j + 3] & 0x3F), 4)
            }
            return (b0, 1)
        }
        func track(_ value: UInt32) {
            if Self.isLetter(value) { wordLength += 1 } else { wordLength = 0 }
            previous = Unicode.Scalar(value)
        }
        /// Starts replacing the input from byte `j` on (copies what came before, once).
        func replace(from j: Int) {
            if copied == 0 && out.isEmpty { out.reserveCapacity(count + 16) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: input[copied..<j]))
        }
        func emit(_ value: UInt32) {
            UTF8Bytes.append(value, to: &out)
            track(value)
        }
        /// The scalar as it was in the input (copied later, with its run).
        func keep(_ j: Int, _ scalar: (value: UInt32, length: Int)) {
            track(scalar.value)
        }
        let nbsp = Self.nbsp.value
        var i = 0
        while i < count {
            // Letters, most of any text, only count towards the word: a run of them is read in locals (no
            // decoding, no switch) and the state written once at its end.
            var run = 0
            var last: UInt32 = 0
            while i < count {
                let byte = input[i]
                if (byte | 0x20) &- 0x61 < 26 {  // A–Z, a–z
                    run += 1
                    last = UInt32(byte)
                    i += 1
                    continue
                }
                if byte & 0xFE == 0xD0, i + 1 < count {
                    let value = UInt32(byte & 0x1F) << 6 | UInt32(input[i + 1] & 0x3F)
                    if value &- 0x410 < 0x40 || value == 0x401 || value == 0x451 {  // А–я, Ё, ё
                        run += 1
                        last = value
                        i += 2
                        continue
                    }
                }
                break
            }
            if run > 0 {
                wordLength += run
                previous = Unicode.Scalar(last)
            }
            if i >= count { break }
            let scalar = decode(i)
            let next = i + scalar.length
            switch scalar.value {
            case 0x22:  // "
                replace(from: i)
                copied = next
                if previous.map({ Self.opensQuote($0.value) }) ?? true {
                    emit(depth == 0 ? 0xAB : 0x201E)  // « „
                    depth += 1
                } else {
                    emit(depth >= 2 ? 0x201C : 0xBB)  // “ »
                    depth = max(0, depth - 1)
                }
            case 0xAB, 0x201E:
                depth += 1
                keep(i, scalar)
            case 0xBB, 0x201C:
                depth = max(0, depth - 1)
                keep(i, scalar)
            case 0x20, nbsp:
                // A dash between spaces: no-break space, em dash, space.
                if previous != nil, let dashEnd = Self.dash(in: input, at: next), dashEnd < count, input[dashEnd] == 0x20 {
                    replace(from: i)
                    copied = dashEnd + 1
                    emit(nbsp)
                    emit(0x2014)
                    emit(0x20)
                    i = dashEnd + 1
                    continue
                }
                // What follows matters only after a short word, a digit or №: most spaces end a longer word.
                let short = (1...2).contains(wordLength)
                let afterDigit = previous.map { Self.isDigit($0.value) } == true
                let afterNumero = previous == "№"
                let after = (short || afterDigit || afterNumero) && next < count ? decode(next).value : nil
                let glue = short && (after.map { !Self.isSpace($0) } ?? false)
                    || afterDigit && after.map { Self.isLetter($0) || $0 == 0x25 } == true
                    || afterNumero && after.map(Self.isDigit) == true
                if glue && scalar.value != nbsp {
                    replace(from: i)
                    copied = next
                    emit(nbsp)
                } else {
                    keep(i, scalar)
                }
            default:
                keep(i, scalar)
            }
            i = next
        }
        guard copied > 0 else { return nil }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: input[copied..<count]))
        // memcmp: the generic `elementsEqual` was a fifth of this function's time.
        let same = out.count == count && out.withUnsafeBufferPointer { memcmp($0.baseAddress!, input.baseAddress!, count) == 0 }
        return same ? nil : out
    }

    /// The byte just past a dash (`-`, `--`, `–`, `—`) starting at byte `index`, or nil.
    private static func dash(in input: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        guard index < input.count else { return nil }
        // – and — are E2 80 93 and E2 80 94.
        if input[index] == 0xE2, index + 2 < input.count, input[index + 1] == 0x80,
           input[index + 2] == 0x93 || input[index + 2] == 0x94 {
            return index + 3
        }
        guard input[index] == UInt8(ascii: "-") else { return nil }
        return index + 1 < input.count && input[index + 1] == UInt8(ascii: "-") ? index + 2 : index + 1
    }

    private static func opensQuote(_ value: UInt32) -> Bool {
        switch value {
        case 0x28, 0x5B, 0x7B, 0x2D, 0x2014, 0x2013, 0xAB, 0x201E, 0x2F: true  // ( [ { - — – « „ /
        default: isSpace(value)
        }
    }

    private static func isSpace(_ value: UInt32) -> Bool {
        value == 0x20 || value == nbsp.value || value == 0x0A || value == 0x09
    }

    private static func isDigit(_ value: UInt32) -> Bool { (0x30...0x39).contains(value) }

    private static func isLetter(_ value: UInt32) -> Bool {
        switch value {
        case 0x41...0x5A, 0x61...0x7A, 0x410...0x44F, 0x401, 0x451: true
        default: false
        }
    }
}
