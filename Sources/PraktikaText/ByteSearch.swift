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

/// Searches in UTF-8 bytes.
public enum ByteSearch {
    /// Whether `needle` occurs in `haystack`, byte for byte.
    public static func contains(_ needle: String, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        var needle = needle
        return needle.withUTF8 { contains($0, in: haystack) }
    }

    static func contains(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first else { return true }
        guard haystack.count >= needle.count else { return false }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
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
