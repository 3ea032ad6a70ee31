extension StringProtocol {
    /// Whether `needle` occurs, compared byte for byte (UTF-8).
    ///
    /// Use this on hot paths: Foundation's `contains` goes through `NSString`, and `_StringProcessing`'s
    /// `firstRange(of:)` is generic and measured at more than half of a check's time.
    public func containsBytes(_ needle: String) -> Bool {
        var needle = needle
        return needle.withUTF8 { n in
            if let found = utf8.withContiguousStorageIfAvailable({ Self.search(n, in: $0) }) { return found }
            return Array(utf8).withUnsafeBufferPointer { Self.search(n, in: $0) }
        }
    }

    private static func search(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
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
