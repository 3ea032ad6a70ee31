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
