/// Levenshtein distance, for «did you mean» suggestions.
public enum EditDistance {
    /// The number of single-character edits (insert, delete, replace, swap of neighbours) turning
    /// `a` into `b`: a swapped pair («titel») is one typo, not two.
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }

    /// The candidate closest to `word`, when it is close enough to be a typo.
    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        var best: (Int, String)?
        for candidate in candidates {
            let d = between(word, candidate)
            if let current = best, d > current.0 || (d == current.0 && candidate >= current.1) { continue }
            best = (d, candidate)
        }
        guard let best, best.0 <= max(2, word.count / 3), best.0 < word.count else { return nil }
        return best.1
    }
}
