import Foundation

/// A precomputed sort key for Russian display order, with ё filed under е as Russian dictionaries do.
///
/// Comparing keys is a plain lexicographic comparison of integers, so sorting 10,000 titles costs
/// nothing like the ~3 µs per `compare(_:locale:)` call Foundation needs. Order, as in ICU's `ru`:
/// spaces and punctuation, then digits, then Cyrillic, then Latin, then everything else; case and ё/е
/// only break ties.
public struct CollationKey: Hashable, Sendable, Comparable {
    private let weights: [UInt32]

    /// Computes the key of `text`.
    public init(_ text: String) {
        let scalars = TextNormalization.composed(text).unicodeScalars
        let count = scalars.count
        // One buffer: primary weights, 0, secondary (ё), 0, tertiary (case).
        var weights = [UInt32](repeating: 0, count: 3 * count + 2)
        var i = 0
        for scalar in scalars {
            let lower = Self.lowercase(scalar)
            let isYo = lower == 0x451
            weights[i] = Self.primaryWeight(isYo ? 0x435 : lower)
            weights[count + 1 + i] = isYo ? 1 : 0
            weights[2 * count + 2 + i] = lower == scalar.value ? 0 : 1
            i += 1
        }
        self.weights = weights
    }

    public static func < (lhs: CollationKey, rhs: CollationKey) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// Negative, zero or positive as `lhs` sorts before, with or after `rhs`: one pass over the weights
    /// where `<` both ways took two.
    public static func compare(_ lhs: CollationKey, _ rhs: CollationKey) -> Int {
        lhs.weights.withUnsafeBufferPointer { a in
            rhs.weights.withUnsafeBufferPointer { b in
                for i in 0..<min(a.count, b.count) where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
                return a.count - b.count
            }
        }
    }

    private static func lowercase(_ scalar: Unicode.Scalar) -> UInt32 {
        let v = scalar.value
        switch v {
        case 0x41...0x5A: return v + 0x20
        case 0x410...0x42F: return v + 0x20
        case 0x401: return 0x451
        // Already lower case, or caseless: digits, punctuation, spaces. (Asking the standard library
        // for these was most of the cost of sorting a big site's titles.)
        case 0...0x40, 0x5B...0x7F, 0x430...0x45F, 0x2000...0x206F, 0xA0, 0xAB, 0xBB: return v
        default:
            // Rare letters: ask the standard library, keep the first scalar.
            return scalar.properties.lowercaseMapping.unicodeScalars.first?.value ?? v
        }
    }

    private static func primaryWeight(_ v: UInt32) -> UInt32 {
        let group: UInt32
        switch v {
        case 0x30...0x39: group = 2
        case 0x400...0x4FF: group = 3
        case 0x61...0x7A: group = 4
        case 0...0x7F, 0x2000...0x206F, 0xA0, 0xAB, 0xBB: group = 1
        default: group = 5
        }
        return group << 24 | v
    }
}

extension Sequence {
    /// The elements sorted by a Russian collation key, ties kept in code-point order of `key` so
    /// the result never depends on the input order.
    public func sortedRussian(by key: (Element) -> String) -> [Element] {
        let names = map(key)
        return sortedRussian(names: names, keys: names.map(CollationKey.init))
    }

    /// `sortedRussian(by:)` with the names and their keys given, in the sequence's order (a caller
    /// with many elements computes the keys on all cores).
    public func sortedRussian(names: [String], keys: [CollationKey]) -> [Element] {
        var elements = Array(self)
        elements.sortRussian(names: names, keys: keys)
        return elements
    }
}

extension Array {
    /// Sorts in place as `sortedRussian(names:keys:)` orders. The elements are moved into place, never
    /// copied: a copy of each of 10,000 practices (a dozen retains) and then freeing the unsorted array
    /// was a third of the link stage.
    /// Inlinable so that the swaps are specialized for the caller's element type (unspecialized, each went
    /// through the value witnesses of a practice: half the cost of this sort).
    @inlinable
    public mutating func sortRussian(names: [String], keys: [CollationKey]) {
        precondition(names.count == count && keys.count == count)
        // Sort indices, not elements: content values are large and costly to move around.
        let order = indices.sorted { a, b in
            let order = CollationKey.compare(keys[a], keys[b])
            return order != 0 ? order < 0 : names[a].precedesInCodePointOrder(names[b])
        }
        // Position k takes the element now at order[k]: follow each cycle of the permutation, moving each
        // element once (raw moves: `swapAt` copied the element it held aside, a dozen retains for a practice).
        var placed = [Bool](repeating: false, count: count)
        withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for start in buffer.indices where !placed[start] && order[start] != start {
                let held = (base + start).move()
                var k = start
                while true {
                    placed[k] = true
                    let from = order[k]
                    if from == start {
                        (base + k).initialize(to: held)
                        break
                    }
                    (base + k).moveInitialize(from: base + from, count: 1)
                    k = from
                }
            }
        }
    }
}
