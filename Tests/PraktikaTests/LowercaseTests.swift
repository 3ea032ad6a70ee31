@testable import PraktikaText
import PropertyBased
import Testing

/// `TextNormalization.lowercasedUTF8` reads Russian and ASCII text from the bytes; anything else goes scalar
/// by scalar. Both ways must give the same bytes.
@Suite struct LowercaseTests {
    /// Letters at the edges of the byte path (А Я а я Ё ё, Ѐ and Џ, Ѡ ѿ, which have mappings of their own),
    /// ASCII at both cases' edges and a few scalars that are never read from bytes.
    static let pieces = ["A", "Z", "a", "z", "@", "[", "`", "{", "0", " ", "-", "«", "»", "А", "Я", "а", "я", "Ё", "ё",
                         "Ѐ", "Џ", "ѐ", "џ", "Ѡ", "ѿ", "Ω", "İ", "ẞ", "—", "–", "„", "“", "№", "µ", "ª", "\u{00A0}", "\u{00C0}", "ⁿ", "\u{2080}", "€", "😀", "\u{0301}"]
    static let texts = Gen<Int>.int(in: 0...(pieces.count - 1)).array(of: 0...24).map { $0.map { pieces[$0] }.joined() }

    @Test func bytePathAgreesWithTheScalarRule() async {
        await propertyCheck(count: 3000, input: Self.texts) { text in
            #expect(TextNormalization.lowercasedUTF8(text) == TextNormalization.lowercasedByScalars(text), "\(text)")
        }
    }

    @Test(arguments: [
        ("Служба Сопровождения ЁЛКИ", "служба сопровождения ёлки"),
        ("ABC Центр «Семья»", "abc центр «семья»"),
        ("Ѐж", "ѐж"),
        ("«Школа» — 14–18 лет, № 5", "«школа» — 14–18 лет, № 5"),
        ("", ""),
    ])
    func lowersRussianAndLatin(text: String, lowered: String) {
        #expect(TextNormalization.lowercasedUTF8(text) == Array(lowered.utf8))
    }
}
