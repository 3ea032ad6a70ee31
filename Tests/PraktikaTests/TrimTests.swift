import Foundation
@testable import PraktikaModel
import PropertyBased
import Testing

/// Front matter values are trimmed of whitespace at both ends, `Character` by `Character`.
@Suite struct TrimTests {
    /// The definition: drop whitespace `Character`s from both ends.
    static func reference(_ text: String) -> String {
        var slice = Substring(text)
        while slice.first?.isWhitespace == true { slice = slice.dropFirst() }
        while slice.last?.isWhitespace == true { slice = slice.dropLast() }
        return String(slice)
    }

    @Test(arguments: [
        "", " ", "а", " а ", "Тюмень", "abc", "\u{00A0}Омск", "Омск\u{00A0}", "Омск\u{2009}", "\u{3000}x",
        "x \u{0301}", "а\u{0483}", " \u{0301}x", "x\r\n", "«Семья»", "я", "\u{200B}",
    ])
    func matchesTheDefinition(text: String) {
        #expect(text.trimmingWhitespace() == Self.reference(text))
    }

    /// Random mixes of the characters that decide it: ASCII, Cyrillic, spaces of several kinds,
    /// combining marks (one after a space makes the pair a single non-trimmed… or trimmed character).
    @Test func matchesTheDefinitionOnRandomText() async {
        let alphabet: [Character] = ["a", "Z", "1", ".", "а", "я", "ё", "Ж", " ", "\t", "\n", "\u{00A0}", "\u{2009}",
                                     "\u{3000}", "«", "»", "\u{0301}", "\u{0483}", "\u{1F600}"]
        let text = Gen<Character?>.element(of: alphabet).map { $0 ?? "a" }.string(of: 0...8)
        await propertyCheck(count: 1000, input: text) { text in
            #expect(text.trimmingWhitespace() == Self.reference(text), "\(Array(text.unicodeScalars))")
        }
    }
}
