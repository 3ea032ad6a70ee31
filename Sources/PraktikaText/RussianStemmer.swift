/// The Snowball Russian stemmer (snowballstem.org, `russian.sbl`), for the search index.
///
/// Expects a lowercase word; `ё` is treated as `е`. Words without Cyrillic vowels come back unchanged.
/// `Templates/assets/search.js` carries the same algorithm for queries; both are checked against one
/// vector file made with the reference implementation (`Tests/PraktikaTests/Fixtures/search/vectors.json`).
public enum RussianStemmer {
    /// The stem of a lowercase word.
    public static func stem(_ word: String) -> String {
        var s = Array(word.unicodeScalars).map { $0 == "ё" ? "е" : $0 }
        let (rv, r2) = regions(s)
        guard rv < s.count else { return text(s) }

        // Step 1.
        if !removePerfectiveGerund(&s, rv) {
            _ = removeLongest(&s, rv, reflexive)
            if !removeAdjectival(&s, rv), !removeVerb(&s, rv) {
                _ = removeLongest(&s, rv, noun)
            }
        }
        // Step 2.
        if s.count > rv, s.last == "и" { s.removeLast() }
        // Step 3: derivational endings in R2.
        if let ending = longestEnding(s, rv, derivational), s.count - ending.count >= r2 {
            s.removeLast(ending.count)
        }
        // Step 4.
        if let ending = longestEnding(s, rv, superlative) {
            s.removeLast(ending.count)
            if s.count - 2 >= rv, s.suffix(2) == ["н", "н"] { s.removeLast() }
        } else if s.count - 2 >= rv, s.suffix(2) == ["н", "н"] {
            s.removeLast()
        } else if s.count > rv, s.last == "ь" {
            s.removeLast()
        }
        return text(s)
    }

    /// The scalars as a String, encoded here: `String(String.UnicodeScalarView(s))` went through UTF-32 with
    /// repairs, three-fifths of this function's time (1.1% of a 10,000-practice build).
    private static func text(_ s: [Unicode.Scalar]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.count * 2)
        for scalar in s { UTF8Bytes.append(scalar.value, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let vowels: Set<Unicode.Scalar> = ["а", "е", "и", "о", "у", "ы", "э", "ю", "я"]

    /// RV (after the first vowel) and R2, as start offsets.
    private static func regions(_ s: [Unicode.Scalar]) -> (rv: Int, r2: Int) {
        let end = s.count
        var i = 0
        func goPast(vowel: Bool) -> Bool {
            while i < end {
                let isVowel = vowels.contains(s[i])
                i += 1
                if isVowel == vowel { return true }
            }
            return false
        }
        guard goPast(vowel: true) else { return (end, end) }
        let rv = i
        guard goPast(vowel: false), goPast(vowel: true), goPast(vowel: false) else { return (rv, end) }
        return (rv, i)
    }

    private typealias Ending = [Unicode.Scalar]

    private static func endings(_ words: [String]) -> [Ending] {
        words.map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }
    }

    private static let gerund1 = endings(["в", "вши", "вшись"])
    private static let gerund2 = endings(["ив", "ивши", "ившись", "ыв", "ывши", "ывшись"])
    private static let adjective = endings([
        "ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом", "его", "ого", "ему",
        "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею",
    ])
    private static let participle1 = endings(["ем", "нн", "вш", "ющ", "щ"])
    private static let participle2 = endings(["ивш", "ывш", "ующ"])
    private static let reflexive = endings(["ся", "сь"])
    private static let verb1 = endings([
        "ла", "на", "ете", "йте", "ли", "й", "л", "ем", "н", "ло", "но", "ет", "ют", "ны", "ть", "ешь", "нно",
    ])
    private static let verb2 = endings([
        "ила", "ыла", "ена", "ейте", "уйте", "ите", "или", "ыли", "ей", "уй", "ил", "ыл", "им", "ым", "ен", "ило",
        "ыло", "ено", "ят", "ует", "уют", "ит", "ыт", "ены", "ить", "ыть", "ишь", "ую", "ю",
    ])
    private static let noun = endings([
        "а", "ев", "ов", "ие", "ье", "е", "иями", "ями", "ами", "еи", "ии", "и", "ией", "ей", "ой", "ий", "й",
        "иям", "ям", "ием", "ем", "ам", "ом", "о", "у", "ах", "иях", "ях", "ы", "ь", "ию", "ью", "ю", "ия", "ья", "я",
    ])
    private static let derivational = endings(["ост", "ость"])
    private static let superlative = endings(["ейш", "ейше"])

    /// The longest of `list` that ends `s` within RV.
    private static func longestEnding(_ s: [Unicode.Scalar], _ rv: Int, _ list: [Ending]) -> Ending? {
        list.first { $0.count <= s.count - rv && s.suffix($0.count).elementsEqual($0) }
    }

    /// Snowball's `[substring] among (...)` over two groups: the longest ending of either group decides;
    /// a group-1 ending goes only after `а` or `я` (itself in RV), else nothing is removed.
    private static func removeGrouped(_ s: inout [Unicode.Scalar], _ rv: Int, _ group1: [Ending], _ group2: [Ending]) -> Bool {
        let first = longestEnding(s, rv, group1)
        let second = longestEnding(s, rv, group2)
        if let second, second.count >= (first?.count ?? 0) {
            s.removeLast(second.count)
            return true
        }
        guard let first else { return false }
        let before = s.count - first.count - 1
        guard before >= rv, s[before] == "а" || s[before] == "я" else { return false }
        s.removeLast(first.count)
        return true
    }

    private static func removeLongest(_ s: inout [Unicode.Scalar], _ rv: Int, _ list: [Ending]) -> Bool {
        guard let ending = longestEnding(s, rv, list) else { return false }
        s.removeLast(ending.count)
        return true
    }

    private static func removePerfectiveGerund(_ s: inout [Unicode.Scalar], _ rv: Int) -> Bool {
        removeGrouped(&s, rv, gerund1, gerund2)
    }

    private static func removeAdjectival(_ s: inout [Unicode.Scalar], _ rv: Int) -> Bool {
        guard removeLongest(&s, rv, adjective) else { return false }
        _ = removeGrouped(&s, rv, participle1, participle2)
        return true
    }

    private static func removeVerb(_ s: inout [Unicode.Scalar], _ rv: Int) -> Bool {
        removeGrouped(&s, rv, verb1, verb2)
    }
}
