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

    /// `terms(text)`, remembering stems in `stems` (a word repeats often in a long text; stemming it is the cost).
    public static func terms(_ text: String, stems: inout [String: String]) -> [String] {
        words(text).compactMap { word in
            if word.unicodeScalars.count < 2 || stopWords.contains(word) { return nil }
            if let known = stems[word] { return known }
            let stem = RussianStemmer.stem(word)
            stems[word] = stem
            return stem
        }
    }

    /// The index shard a term lives in: FNV-1a (32 bit) of its UTF-8, modulo `count`.
    public static func shard(of term: String, count: Int) -> Int {
        var hash: UInt32 = 0x811C_9DC5
        for byte in term.utf8 {
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
