import Foundation

/// URL slugs made by a pinned Russian→Latin transliteration table.
///
/// The table is the one the benchmark corpus uses (ж→zh, х→kh, ц→ts, щ→shch, ы→y, ь/ъ dropped), written
/// out here rather than taken from ICU so URLs stay the same whatever ICU version a machine has.
public enum Slug {
    /// The pinned table, lowercase Cyrillic letter → Latin.
    public static let table: [Character: String] = [
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
        "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
        "я": "ya",
    ]

    /// Turns any text into a slug: NFC, lowercase, transliterated, words of `[a-z0-9]` joined by `-`.
    ///
    /// Returns an empty string when nothing usable is left (text of only punctuation, say).
    /// Works on Unicode scalars with a lookup table; Foundation's normalization runs only when the
    /// text holds combining marks (it cost a fifth of a check's time when run on every title).
    /// - Parameters:
    ///   - text: The title or name.
    ///   - maxWords: Keep at most this many words (nil keeps all).
    public static func make(_ text: String, maxWords: Int? = nil) -> String {
        makeFromBytes(text, maxWords: maxWords) ?? makeFromScalars(text, maxWords: maxWords)
    }

    /// The common case, read from the UTF-8 bytes: text of ASCII and two-byte Cyrillic only (lead byte D0
    /// or D1), which needs neither scalar decoding nor normalization. Nil for any other byte.
    static func makeFromBytes(_ text: String, maxWords: Int?) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var writer = SlugWriter(capacity: bytes.count, maxWords: maxWords)
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x80 {
                    i += 1
                    writer.append(scalar: UInt32(byte))
                } else {
                    guard byte == 0xD0 || byte == 0xD1, i + 1 < bytes.count else { return nil }
                    writer.append(scalar: UInt32(byte & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F))
                    i += 2
                }
                if writer.isFull { break }
            }
            return writer.string
        }
    }

    /// Any text: NFC when it holds combining marks, then scalar by scalar.
    static func makeFromScalars(_ text: String, maxWords: Int?) -> String {
        let source = TextNormalization.composed(text)
        var writer = SlugWriter(capacity: source.utf8.count, maxWords: maxWords)
        for scalar in source.unicodeScalars {
            writer.append(scalar: scalar.value)
            if writer.isFull { break }
        }
        return writer.string
    }

    /// Words of `[a-z0-9]` joined by `-`, at most `maxWords` of them.
    private struct SlugWriter {
        private var out: [UInt8] = []
        private var words = 0
        private var inWord = false

        /// One scalar of the text: a letter or digit (Cyrillic transliterated) or a separator.
        @inline(__always) mutating func append(scalar v: UInt32) {
            switch v {
            case 0x61...0x7A, 0x30...0x39: append(ascii: UInt8(v))
            case 0x41...0x5A: append(ascii: UInt8(v + 0x20))
            case 0x430...0x44F: append(latin: Slug.cyrillic[Int(v - 0x430)])
            case 0x410...0x42F: append(latin: Slug.cyrillic[Int(v - 0x410)])
            case 0x451, 0x401: append(latin: "e")
            default: separate()
            }
        }
        private let maxWords: Int?
        /// A letter came after the last allowed word: stop.
        private(set) var isFull = false

        init(capacity: Int, maxWords: Int?) {
            out.reserveCapacity(capacity)
            self.maxWords = maxWords
        }

        var string: String { String(decoding: out, as: UTF8.self) }

        /// A Latin letter or digit.
        mutating func append(ascii: UInt8) {
            guard startWord() else { return }
            out.append(ascii)
        }

        /// A Cyrillic letter's transliteration; ъ and ь (empty) neither add a letter nor break a word.
        mutating func append(latin: StaticString) {
            guard latin.utf8CodeUnitCount > 0, startWord() else { return }
            // One to four bytes: appended one by one (`append(contentsOf:)` cost ~90 instructions a call).
            latin.withUTF8Buffer { for byte in $0 { out.append(byte) } }
        }

        /// Anything else ends a word.
        mutating func separate() { inWord = false }

        private mutating func startWord() -> Bool {
            if inWord { return true }
            if let maxWords, words >= maxWords {
                isFull = true
                return false
            }
            if words > 0 { out.append(0x2D) }
            words += 1
            inWord = true
            return true
        }
    }

    /// а…я in code-point order, transliterated by `table`.
    private static let cyrillic: [StaticString] = [
        "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
        "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
    ]

    /// Whether `text` is a valid explicit slug: one or more of `a-z`, `0-9` and inner single hyphens.
    public static func isValid(_ text: String) -> Bool {
        guard !text.isEmpty, text.first != "-", text.last != "-", !text.containsBytes("--") else { return false }
        return text.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }
}

/// Hands out slugs unique within one page: the second `vvedenie` becomes `vvedenie-2`.
public struct UniqueSlugs: Sendable {
    /// The slugs handed out, in a list while a page has few headings (comparing a handful of short
    /// strings is cheaper than hashing them), in a set from `setThreshold` on.
    private var list: [String] = []
    private var set: Set<String>?
    /// How many slugs a page may hand out before they are kept in a set.
    public static let setThreshold = 32

    /// Creates an empty set.
    public init() {}

    /// A slug of `text`, unique among those handed out so far (`section` when `text` has none).
    public mutating func make(for text: String) -> String {
        var base = Slug.make(text)
        if base.isEmpty { base = "section" }
        var candidate = base
        var counter = 2
        while isUsed(candidate) {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        if set != nil {
            set?.insert(candidate)
        } else {
            list.append(candidate)
            if list.count >= Self.setThreshold { set = Set(list) }
        }
        return candidate
    }

    private func isUsed(_ slug: String) -> Bool {
        if let set { return set.contains(slug) }
        return list.contains(slug)
    }
}
