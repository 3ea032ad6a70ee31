#if canImport(Glibc)
import Glibc
#endif

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

    private static let stopWordBytes = Set(stopWords.map { Term(Array($0.utf8)) })

    static func isStopWord(_ word: Term) -> Bool { stopWordBytes.contains(word) }

    /// A word or term as UTF-8 bytes, hashed in one call (an `[UInt8]` hashes byte by byte).
    /// A search term: its UTF-8 bytes.
    public typealias Term = ByteString

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

/// The words of many texts mapped to term numbers, for building the search index: each distinct word is folded,
/// checked against the stop words and stemmed once; after that a word costs one hash-table probe over its
/// bytes (no allocation). `terms` lists the distinct terms by number; the same rules as `SearchText.terms`.
public struct SearchVocabulary {
    /// The distinct terms (stems), by number.
    public private(set) var terms: [SearchText.Term] = []
    private var termNumbers: [SearchText.Term: Int32] = [:]
    /// Distinct words: their bytes in `arena`, hash and term (-1: not a term).
    private var arena: [UInt8] = []
    private var words: [Word] = []
    /// One distinct word, together in memory (four parallel arrays cost a cache miss each per probe).
    private struct Word {
        var hash: UInt64
        var start: Int32
        var length: Int32
        var term: Int32
    }
    /// Open addressing over the words: index + 1, 0 when empty.
    private var slots = [Int32](repeating: 0, count: 4096)

    /// An empty vocabulary.
    public init() {}

    /// Appends the term numbers of `text`'s words, in order (stop words and one-letter words left out).
    public mutating func appendTerms(of text: String, to numbers: inout [Int32]) {
        var text = text
        text.withUTF8 { appendTerms(ofUTF8: $0, to: &numbers) }
    }

    /// `appendTerms(of:to:)` of text given as valid UTF-8 bytes.
    public mutating func appendTerms(utf8 text: [UInt8], to numbers: inout [Int32]) {
        text.withUnsafeBufferPointer { appendTerms(ofUTF8: $0, to: &numbers) }
    }

    private mutating func appendTerms(ofUTF8 bytes: UnsafeBufferPointer<UInt8>, to numbers: inout [Int32]) {
        // A folded word is never longer than the text (folding keeps each letter's byte length), so one
        // scratch buffer of that size holds any word (on the stack for ordinary texts).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(bytes.count, 1)) { scratch in
            appendTerms(of: bytes, scratch: scratch, to: &numbers)
        }
    }

    /// Over the UTF-8 bytes: only ASCII and two-byte Cyrillic (lead byte D0 or D1) can be letters of a word,
    /// so other sequences are skipped whole, without decoding scalars. Same folding as `SearchText.fold`:
    /// a–z and digits as they are, A–Z lowered, а–я as they are, А–Я lowered, ё and Ё as е, each letter
    /// folded by one table lookup (`asciiFold`, `cyrillicFold`). The word being read and its hash stay in
    /// locals (a stored array appended inside a closure went through memory for every byte).
    private mutating func appendTerms(of bytes: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutableBufferPointer<UInt8>,
                                      to numbers: inout [Int32]) {
        Self.asciiFold.withUnsafeBufferPointer { ascii in
            Self.cyrillicFold.withUnsafeBufferPointer { cyrillic in
                let count = bytes.count
                var length = 0
                var letters = 0
                var hash = Self.hashSeed
                var i = 0
                while true {
                    if i < count {
                        let lead = bytes[i]
                        if lead < 0x80 {
                            i += 1
                            let folded = ascii[Int(lead)]
                            if folded != 0 {
                                scratch[length] = folded
                                length += 1
                                hash = (hash ^ UInt64(folded)) &* Self.hashPrime
                                letters += 1
                                continue
                            }
                        } else if lead & 0xFE == 0xD0, i + 1 < count {
                            let pair = cyrillic[Int(lead & 1) << 6 | Int(bytes[i + 1] & 0x3F)]
                            i += 2
                            if pair != 0 {
                                scratch[length] = UInt8(truncatingIfNeeded: pair >> 8)
                                scratch[length + 1] = UInt8(truncatingIfNeeded: pair)
                                length += 2
                                // One step for the letter's two bytes: the hash only tells words apart here.
                                hash = (hash ^ UInt64(pair)) &* Self.hashPrime
                                letters += 1
                                continue
                            }
                        } else {
                            i += lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                        }
                    }
                    // A separator or the end ends the word.
                    if letters > 0 {
                        let term = number(UnsafeBufferPointer(rebasing: scratch[..<length]), hash: hash, letters: letters)
                        if term >= 0 { numbers.append(term) }
                        length = 0
                        letters = 0
                        hash = Self.hashSeed
                    }
                    if i >= count { break }
                }
            }
        }
    }

    /// An ASCII byte folded: digits and a–z as they are, A–Z lowered, 0 for anything else.
    private static let asciiFold: [UInt8] = (0..<128).map { code in
        switch UInt8(code) {
        case 0x30...0x39, 0x61...0x7A: UInt8(code)
        case 0x41...0x5A: UInt8(code) + 0x20
        default: 0
        }
    }

    /// A two-byte letter folded, by its lead byte's last bit and its second byte's low six bits (D0 xx at
    /// 0..<64, D1 xx at 64..<128): the folded letter's two UTF-8 bytes, first byte high; 0 when not a letter.
    private static let cyrillicFold: [UInt16] = (0..<128).map { index in
        let value = UInt32(0x400 + index)  // D0 80…BF is U+0400…043F, D1 80…BF is U+0440…047F
        let folded: UInt32
        switch value {
        case 0x430...0x44F: folded = value
        case 0x410...0x42F: folded = value + 0x20
        case 0x401, 0x451: folded = 0x435
        default: return 0
        }
        return UInt16(0xC0 | folded >> 6) << 8 | UInt16(0x80 | folded & 0x3F)
    }

    private static let hashSeed: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let hashPrime: UInt64 = 0x100_0000_01B3

    /// The term number of `word`, adding it when new.
    private mutating func number(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, letters: Int) -> Int32 {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot] - 1)
            let stored = words[index]
            if stored.hash == hash, Int(stored.length) == word.count, sameBytes(word, at: Int(stored.start)) {
                return stored.term
            }
            slot = (slot + 1) & mask
        }
        let key = SearchText.Term(Array(word))
        var term: Int32 = -1
        if letters >= 2, !SearchText.isStopWord(key) {
            let stem = SearchText.Term(Array(RussianStemmer.stem(String(decoding: word, as: UTF8.self)).utf8))
            if let known = termNumbers[stem] {
                term = known
            } else {
                term = Int32(terms.count)
                terms.append(stem)
                termNumbers[stem] = term
            }
        }
        words.append(Word(hash: hash, start: Int32(arena.count), length: Int32(word.count), term: term))
        arena.append(contentsOf: word)
        slots[slot] = Int32(words.count)
        if words.count * 2 > slots.count { grow() }
        return term
    }

    /// Whether the arena holds `word` at `start` (over raw buffers: the generic `elementsEqual` over a
    /// slice and an array was 1.3% of a build).
    private func sameBytes(_ word: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        arena.withUnsafeBufferPointer { stored in
            memcmp(stored.baseAddress! + start, word.baseAddress!, word.count) == 0
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for index in words.indices {
            var slot = Int(truncatingIfNeeded: words[index].hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }
}
