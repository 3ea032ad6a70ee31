#if canImport(Glibc)
import Glibc
#endif

extension StringProtocol {
    /// Whether `needle` occurs, compared byte for byte (UTF-8).
    ///
    /// Use this on hot paths: Foundation's `contains` goes through `NSString`, and `_StringProcessing`'s
    /// `firstRange(of:)` is generic and measured at more than half of a check's time.
    public func containsBytes(_ needle: String) -> Bool {
        var needle = needle
        return needle.withUTF8 { n in
            if let found = utf8.withContiguousStorageIfAvailable({ ByteSearch.contains(n, in: $0) }) { return found }
            return Array(utf8).withUnsafeBufferPointer { ByteSearch.contains(n, in: $0) }
        }
    }
}

extension String {
    /// Whether this string comes first in code-point order, compared as UTF-8 bytes (the same order, since
    /// UTF-8 keeps code-point order) with `memcmp`: the generic `unicodeScalars.lexicographicallyPrecedes`
    /// decoded every scalar and showed in profiles of sorting thousands of paths.
    public func precedesInCodePointOrder(_ other: String) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b -> Bool in
                let common = Swift.min(a.count, b.count)
                if common > 0, let x = a.baseAddress, let y = b.baseAddress {
                    let order = memcmp(x, y, common)
                    if order != 0 { return order < 0 }
                }
                return a.count < b.count
            }
        }
        if let fast, let result = fast { return result }
        return utf8.lexicographicallyPrecedes(other.utf8)
    }
}

/// Searches in UTF-8 bytes.
public enum ByteSearch {
    /// Whether `needle` occurs in `haystack`, byte for byte.
    public static func contains(_ needle: String, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        var needle = needle
        return needle.withUTF8 { contains($0, in: haystack) }
    }

    static func contains(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let needleBase = needle.baseAddress, !needle.isEmpty else { return true }
        guard let base = haystack.baseAddress, haystack.count >= needle.count else { return false }
        // Candidates found with memchr (vectorised; memmem is a GNU extension Swift's Glibc module does not
        // import): a byte loop over every body's HTML was 0.5% of a build.
        let first = Int32(needle[0])
        let last = haystack.count - needle.count
        var i = 0
        while i <= last {
            guard let hit = memchr(base + i, first, last - i + 1) else { return false }
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + at, needleBase, needle.count) == 0 { return true }
            i = at + 1
        }
        return false
    }
}

/// UTF-8 bytes as a dictionary key or sort key.
///
/// Hashing a non-ASCII `String` normalises it first, and `[UInt8]` hashes byte by byte; this hashes
/// the bytes in one call and orders them byte-wise (code-point order).
public struct ByteString: Hashable, Sendable, Comparable {
    /// The UTF-8 bytes.
    public var bytes: [UInt8]
    /// Wraps bytes.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    /// The text.
    public var string: String { String(decoding: bytes, as: UTF8.self) }
    public func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
    public static func < (a: ByteString, b: ByteString) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}
