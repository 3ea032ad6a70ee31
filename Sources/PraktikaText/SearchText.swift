/// How text becomes search terms, the same at build time (Swift) and at query time (`search.js`).
///
/// Lowercase, `ё` → `е`, words are runs of `0-9 a-z а-я` (anything else separates them), words shorter than
/// two letters and common function words are dropped, the rest are stemmed with `RussianStemmer`.
/// Kept deliberately byte-simple so that the JavaScript side can match it exactly; the shared vector file
/// `Tests/PraktikaTests/Fixtures/search/vectors.json` checks both.
public enum SearchText {
    /// The normalized words of `text`, stop words included, in order.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { words.append(String(current)); current = String.UnicodeScalarView() }
        }
        for scalar in text.unicodeScalars {
            if let folded = fold(scalar) { current.append(folded) } else { flush() }
        }
        flush()
        return words
    }

    /// The search terms of `text`: stems of its words, without short and stop words, in order.
    public static func terms(_ text: String) -> [String] {
        words(text).compactMap { word in
            word.unicodeScalars.count < 2 || stopWords.contains(word) ? nil : RussianStemmer.stem(word)
        }
    }

    /// `terms(text)` as UTF-8 bytes, remembering stems in `stems`: the fast path of the index builder.
    ///
    /// Words repeat, and stemming is the cost; byte arrays, unlike Cyrillic `String`s, hash without
    /// Unicode normalization.
    public static func termBytes(_ text: String, stems: inout [Term: Term]) -> [Term] {
        var terms: [Term] = []
        var word: [UInt8] = []
        var letters = 0
        func flush() {
            defer { word.removeAll(keepingCapacity: true); letters = 0 }
            let key = Term(word)
            guard letters >= 2, !stopWordBytes.contains(key) else { return }
            if let known = stems[key] { terms.append(known); return }
            let stem = Term(Array(RussianStemmer.stem(String(decoding: word, as: UTF8.self)).utf8))
            stems[key] = stem
            terms.append(stem)
        }
        for scalar in text.unicodeScalars {
            guard let folded = fold(scalar) else { flush(); continue }
            letters += 1
            if folded.value < 0x80 {
                word.append(UInt8(folded.value))
            } else {  // а…я: two bytes
                word.append(UInt8(0xC0 | (folded.value >> 6)))
                word.append(UInt8(0x80 | (folded.value & 0x3F)))
            }
        }
        flush()
        return terms
    }

    private static let stopWordBytes = Set(stopWords.map { Term(Array($0.utf8)) })

    /// A word or term as UTF-8 bytes, hashed in one call (an `[UInt8]` hashes byte by byte).
    public struct Term: Hashable, Sendable, Comparable {
        /// The UTF-8 bytes.
        public var bytes: [UInt8]
        /// Wraps bytes.
        public init(_ bytes: [UInt8]) { self.bytes = bytes }
        /// The text.
        public var string: String { String(decoding: bytes, as: UTF8.self) }
        public func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
        public static func < (a: Term, b: Term) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
    }

    /// The index shard a term lives in: FNV-1a (32 bit) of its UTF-8, modulo `count`.
    public static func shard(of term: String, count: Int) -> Int {
        shard(ofBytes: Array(term.utf8), count: count)
    }

    /// `shard(of:count:)` of a term's UTF-8 bytes.
    public static func shard(ofBytes term: [UInt8], count: Int) -> Int {
        var hash: UInt32 = 0x811C_9DC5
        for byte in term {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return Int(hash % UInt32(max(1, count)))
    }

    /// A lowercase letter or digit of a word, or nil for a separator.
    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x30...0x39, 0x61...0x7A, 0x430...0x44F: return scalar
        case 0x41...0x5A, 0x410...0x42F: return Unicode.Scalar(scalar.value + 0x20)
        case 0x401, 0x451: return "е"
        default: return nil
        }
    }

    /// Function words that carry no meaning for search (a subset of Snowball's Russian stop list).
    public static let stopWords: Set<String> = [
        "и", "в", "во", "не", "что", "на", "с", "со", "как", "а", "то", "все", "так", "но", "да", "к", "у", "же",
        "за", "бы", "по", "ее", "от", "из", "о", "об", "до", "для", "при", "или", "ни", "ли", "это", "этот", "эта",
        "эти", "его", "их", "она", "они", "он", "мы", "вы", "также", "который", "которые", "которая", "которых",
    ]
}
