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
    /// - Parameters:
    ///   - text: The title or name.
    ///   - maxWords: Keep at most this many words (nil keeps all).
    public static func make(_ text: String, maxWords: Int? = nil) -> String {
        var words: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { words.append(current); current = "" }
        }
        // Composed form first, so «й» typed as и + combining breve still maps to one letter.
        for character in text.precomposedStringWithCanonicalMapping.lowercased() {
            if let latin = table[character] {
                // ъ and ь map to nothing and do not split a word.
                current += latin
            } else if character.isASCII, let ascii = character.asciiValue,
                (ascii >= 0x61 && ascii <= 0x7A) || (ascii >= 0x30 && ascii <= 0x39) {
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        if let maxWords { words = Array(words.prefix(maxWords)) }
        return words.joined(separator: "-")
    }

    /// Whether `text` is a valid explicit slug: one or more of `a-z`, `0-9` and inner single hyphens.
    public static func isValid(_ text: String) -> Bool {
        guard !text.isEmpty, text.first != "-", text.last != "-", !text.contains("--") else { return false }
        return text.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }
}

/// Hands out slugs unique within one page: the second `vvedenie` becomes `vvedenie-2`.
public struct UniqueSlugs: Sendable {
    private var used: Set<String> = []

    /// Creates an empty set.
    public init() {}

    /// A slug of `text`, unique among those handed out so far (`section` when `text` has none).
    public mutating func make(for text: String) -> String {
        var base = Slug.make(text)
        if base.isEmpty { base = "section" }
        var candidate = base
        var counter = 2
        while used.contains(candidate) {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        used.insert(candidate)
        return candidate
    }
}
