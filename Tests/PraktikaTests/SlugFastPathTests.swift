@testable import PraktikaText
import PropertyBased
import Testing

/// Slugs of ASCII and Russian text are read from the bytes; any other text goes scalar by scalar.
/// Both must give the same slug wherever the byte path answers.
@Suite struct SlugFastPathTests {
    static let alphabet: [Character] = Array("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙЪЬЯ abcXYZ019-–«»!?.,\t") + ["ѐ", "і", "é", "й"]

    @Test func bytesAndScalarsAgree() async {
        let text = Gen<Character?>.element(of: Self.alphabet).map { $0 ?? "a" }.string(of: 0...24)
        await propertyCheck(count: 1000, input: text, Gen.int(in: 0...4)) { text, words in
            let maxWords = words == 0 ? nil : words
            let fast = Slug.makeFromBytes(text, maxWords: maxWords)
            // Only ASCII and lead bytes D0/D1 are read from the bytes.
            let readable = text.utf8.allSatisfy { $0 < 0x80 || $0 == 0xD0 || $0 == 0xD1 || $0 & 0xC0 == 0x80 }
                && !text.unicodeScalars.contains { $0.value >= 0x80 && $0.value < 0x400 || $0.value >= 0x480 }
            #expect((fast != nil) == readable || (fast != nil && maxWords != nil), "\(text)")
            if let fast { #expect(fast == Slug.makeFromScalars(text, maxWords: maxWords), "\(text) \(String(describing: maxWords))") }
        }
    }

    @Test func knownSlugs() {
        #expect(Slug.make("Щедрая Тюмень: 2024 год!") == "shchedraya-tyumen-2024-god")
        #expect(Slug.make("Подъезд и объявления", maxWords: 2) == "podezd-i")
        #expect(Slug.make("Ёлка — «ЁЖ»") == "elka-ezh")
        #expect(Slug.make("Café и\u{0306}од") == "caf-yod")  // é and the combining breve take the scalar path
        #expect(Slug.make("ъ ь") == "")
    }
}

/// `ByteSearch.contains` (glibc's memmem) against the definition: some window of the haystack's bytes equals
/// the needle's.
@Suite struct ByteSearchTests {
    @Test func agreesWithTheDefinition() async {
        let text = Gen<Character?>.element(of: Array("abаб ё")).map { $0 ?? "a" }.string(of: 0...12)
        await propertyCheck(count: 1000, input: text, text) { haystack, needle in
            let h = Array(haystack.utf8), n = Array(needle.utf8)
            let expected = n.isEmpty || (h.count >= n.count && (0...(h.count - n.count)).contains { Array(h[$0..<($0 + n.count)]) == n })
            let found = h.withUnsafeBufferPointer { ByteSearch.contains(needle, in: $0) }
            #expect(found == expected, "\(haystack) \(needle)")
            #expect(haystack.containsBytes(needle) == expected, "\(haystack) \(needle)")
        }
    }
}

/// `precedesInCodePointOrder` (memcmp over UTF-8) is the order of Unicode scalars, which the paths, slugs and
/// sitemap were sorted by before.
@Suite struct CodePointOrderTests {
    @Test func agreesWithScalarOrder() async {
        let text = Gen<Character?>.element(of: Array("aZ-/.0ёЁжя€😀\u{00E9}") + ["e\u{0301}"]).map { $0 ?? "a" }.string(of: 0...6)
        await propertyCheck(count: 1000, input: text, text) { a, b in
            let expected = a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
            #expect(a.precedesInCodePointOrder(b) == expected, "\(a) \(b)")
            #expect(a.precedesInCodePointOrder(a) == false)
        }
    }
}
