import Foundation

/// Unicode normalization only where it can change something.
public enum TextNormalization {
    /// `text` in NFC. Text without combining marks (U+0300–U+036F) is returned as it is: it is
    /// already composed for every script the portal uses, and Foundation's normalization is slow.
    public static func composed(_ text: String) -> String {
        for scalar in text.unicodeScalars where (0x300...0x36F).contains(scalar.value) {
            return text.precomposedStringWithCanonicalMapping
        }
        return text
    }
}

extension TextNormalization {
    /// The UTF-8 bytes of `text` in lower case: a fast path for Latin and Russian letters (`String.lowercased()`
    /// and hashing of non-ASCII `String`s were the cost of duplicate detection on big sites).
    public static func lowercasedUTF8(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let lower: Unicode.Scalar
            switch v {
            case 0x41...0x5A, 0x410...0x42F: lower = Unicode.Scalar(v + 0x20) ?? scalar
            case 0x401: lower = "ё"
            case 0...0x7F, 0x430...0x45F: lower = scalar
            default:
                for mapped in scalar.properties.lowercaseMapping.unicodeScalars { append(mapped, to: &bytes) }
                continue
            }
            append(lower, to: &bytes)
        }
        return bytes
    }

    private static func append(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        if let encoded = UTF8.encode(scalar) { bytes.append(contentsOf: encoded) }
    }
}
