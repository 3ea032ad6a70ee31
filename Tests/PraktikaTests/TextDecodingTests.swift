import PraktikaDiagnostics
@testable import PraktikaModel
import PropertyBased
import Testing

/// Our UTF-8 check (eight bytes at a time for ASCII and for Cyrillic) says what the standard library says,
/// and the fast way to a Markdown file's front matter and body gives what the reference path gives.
@Suite struct TextDecodingTests {
    /// Pieces that decide it: ASCII, two-, three- and four-byte letters at their limits, and each kind of
    /// broken sequence (overlong C0/C1/E0/F0, surrogate, above U+10FFFF, stray continuation, cut short).
    static let pieces: [[UInt8]] = [
        Array("a".utf8), Array(" ".utf8), Array("\n".utf8), Array("д".utf8), Array("ё".utf8), Array("Ж".utf8),
        Array("я".utf8), Array("д".utf8), Array("—".utf8), Array("😀".utf8), [0xC2, 0x80], [0xDF, 0xBF],
        [0xE0, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
        [0xC0, 0x80], [0xC1, 0xBF], [0x80], [0xBF], [0xED, 0xA0, 0x80], [0xE0, 0x80, 0x80], [0xF0, 0x80, 0x80, 0x80],
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80], [0xFF], [0xD0], [0xE2, 0x80], [0xD0, 0x41], [0xD0, 0xC0],
    ]
    static let bytes = Gen<Int>.int(in: 0...(pieces.count - 1)).array(of: 0...40).map { $0.flatMap { pieces[$0] } }

    /// The definition: the first invalid sequence starts where the longest valid prefix ends.
    static func reference(_ bytes: [UInt8]) -> Int? {
        guard String(validating: bytes, as: UTF8.self) == nil else { return nil }
        return (0...bytes.count).last { String(validating: bytes[..<$0], as: UTF8.self) != nil }
    }

    static func check(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { TextDecoding.firstInvalidUTF8($0) }
    }

    @Test func agreesWithTheStandardLibraryOnRandomBytes() async {
        await propertyCheck(count: 4000, input: Self.bytes) { bytes in
            #expect(Self.check(bytes) == Self.reference(bytes), "\(bytes.map { String($0, radix: 16) })")
        }
    }

    /// A broken byte at every offset of a long Cyrillic text (so every position inside the eight-byte
    /// checks), and an overlong pair at every even offset.
    @Test func findsABrokenByteAtEveryOffset() {
        let text = Array(String(repeating: "жёлтый ", count: 6).utf8) + Array("ЯЯЯЯЯЯЯЯЯЯЯЯ".utf8)
        #expect(Self.check(text) == nil)
        for offset in text.indices {
            for bad: UInt8 in [0xFF, 0x80, 0xC1, 0x41] {
                var broken = text
                broken[offset] = bad
                #expect(Self.check(broken) == Self.reference(broken), "\(offset) \(bad)")
            }
        }
        let letters = Array(String(repeating: "щ", count: 24).utf8)
        for offset in stride(from: 0, to: letters.count, by: 2) {
            var overlong = letters
            overlong[offset] = 0xC1
            #expect(Self.check(overlong) == offset)
        }
    }

    /// Words of ASCII and two-byte letters mixed (checked eight bytes at a time whatever the mix): every
    /// kind of break at every offset, with the pairs at odd and even offsets and a lead in the last byte of a
    /// word; the valid texts pass.
    @Test func mixedASCIIAndTwoByteLettersAtEveryAlignment() {
        for prefix in ["", "a", "ab", "abc"] {
            let text = Array((prefix + "Ёж, a щи — «ok» д1я\nЮ z" + String(repeating: "бa", count: 9)).utf8)
            #expect(Self.check(text) == nil, "\(prefix)")
            for offset in text.indices {
                for bad: UInt8 in [0xFF, 0x80, 0xC0, 0xC1, 0xD0, 0x41, 0xE0, 0xF5] {
                    var broken = text
                    broken[offset] = bad
                    #expect(Self.check(broken) == Self.reference(broken), "\(prefix) \(offset) \(bad)")
                }
                // Cut short at every length: a lead whose continuation is past the end.
                let cut = Array(text[..<offset])
                #expect(Self.check(cut) == Self.reference(cut), "\(prefix) cut \(offset)")
            }
        }
    }

    /// `TextDecoding.document` (each byte checked once, the body left as bytes) gives the reference path's
    /// document or diagnostic: the whole file checked, then split.
    @Test func documentMatchesTheReferencePath() async {
        let prefixes: [[UInt8]] = [[], [0xEF, 0xBB, 0xBF], [0xFF, 0xFE]]
        let input = Gen<Int>.int(in: 0...(prefixes.count - 1)).map { prefixes[$0] }
        await propertyCheck(count: 2000, input: input, Self.bytes, Self.bytes, Gen<Int>.int(in: 0...5)) { prefix, value, body, variant in
            var bytes = prefix + Array("---\ntitle: ".utf8) + value + Array("\n---\n".utf8) + body
            switch variant {
            case 0: bytes = bytes.flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] }  // CRLF
            case 1: bytes.append(0)
            case 2: bytes = Array(bytes.dropLast(body.count + 5))  // unclosed
            case 3: bytes = value + bytes  // missing
            default: break
            }
            let file = SourceFile(path: "practices/x.md", bytes: bytes)
            let reference = TextDecoding.decodeBytes(file).flatMap { FrontMatterDocument.split(bytes: $0, file: file.path) }
            switch (TextDecoding.document(file), reference) {
            case (.success(let fast), .success(let slow)):
                #expect(fast.yaml == slow.yaml && Array(fast.body) == Array(slow.body))
                #expect(fast.yamlFirstLine == slow.yamlFirstLine && fast.bodyFirstLine == slow.bodyFirstLine)
            case (.failure(let fast), .failure(let slow)):
                #expect(fast == slow)
            case (let fast, let slow):
                Issue.record("\(fast) ≠ \(slow) for \(bytes.map { String($0, radix: 16) })")
            }
        }
    }
}
