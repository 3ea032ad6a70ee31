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
        lowercasedRussianUTF8(text) ?? lowercasedByScalars(text)
    }

    /// `lowercasedUTF8` scalar by scalar: the rule itself.
    static func lowercasedByScalars(_ text: String) -> [UInt8] {
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

    /// `lowercasedUTF8` read from the bytes when the text is ASCII, two-byte Cyrillic (U+0400–U+047F) and
    /// punctuation without case (U+0080–U+00BF, U+2000–U+207F, №) only, as titles are; nil otherwise. Scalar by scalar, each encoded again, was 12,000 instructions a title.
    static func lowercasedRussianUTF8(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { source -> [UInt8]? in
            let count = source.count
            var complete = false
            let lowered = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
                var i = 0
                while i < count {
                    let b = source[i]
                    if b < 0x80 {
                        out[i] = b &- 0x41 < 26 ? b | 0x20 : b
                        i += 1
                        continue
                    }
                    // U+0080–U+00BF («, », no-break space) and U+2000–U+207F (dashes, quotes) have no case: copied.
                    if b == 0xC2, i + 1 < count {
                        out[i] = b
                        out[i + 1] = source[i + 1]
                        i += 2
                        continue
                    }
                    if b == 0xE2, i + 2 < count, source[i + 1] & 0xFE == 0x80 || source[i + 1] == 0x84 && source[i + 2] == 0x96 {
                        out[i] = b
                        out[i + 1] = source[i + 1]
                        out[i + 2] = source[i + 2]
                        i += 3
                        continue
                    }
                    guard b & 0xFE == 0xD0, i + 1 < count else { break }
                    let value = UInt32(b & 0x1F) << 6 | UInt32(source[i + 1] & 0x3F)
                    let lower: UInt32
                    switch value {
                    case 0x410...0x42F: lower = value + 0x20
                    case 0x401: lower = 0x451
                    case 0x430...0x45F: lower = value
                    default: lower = 0  // Ѐ and Ѡ-ѿ: lowercase mappings of their own
                    }
                    guard lower != 0 else { break }
                    out[i] = UInt8(0xC0 | lower >> 6)
                    out[i + 1] = UInt8(0x80 | lower & 0x3F)
                    i += 2
                }
                initialized = i
                complete = i == count
            }
            return complete ? lowered : nil
        }
    }

    private static func append(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        if let encoded = UTF8.encode(scalar) { bytes.append(contentsOf: encoded) }
    }
}

extension String {
    /// At most `limit` characters, cut after the last space that fits, with «…» when something was cut.
    ///
    /// Counting characters (grapheme clusters) was a measurable part of a build: every card and meta
    /// description is clipped. Text in which every scalar is a character of its own (Russian and Latin
    /// letters, digits, punctuation, no combining marks or CR) is cut by scalars, which gives the same
    /// result; anything else takes the grapheme path.
    public func clipped(to limit: Int) -> String {
        guard utf8.count > limit else { return self }  // fewer bytes than the limit: fewer characters too
        // Over the UTF-8 bytes, decoding each scalar by hand (the `unicodeScalars` view was 1% of a build).
        enum Outcome { case whole, clipped(at: Int), byCharacters }
        var text = self
        let outcome = text.withUTF8 { bytes -> Outcome in
            var count = 0
            var lastSpace: Int?
            var i = 0
            while i < bytes.count {
                let lead = bytes[i]
                // Cyrillic letters (lead D0 or D1: U+0400–047F) and printable ASCII other than a space, most of
                // any text, are characters of their own with nothing else to do: counted at once.
                if lead & 0xFE == 0xD0 || lead &- 0x21 < 0x5E {
                    if count == limit {
                        return .clipped(at: lastSpace ?? i)
                    }
                    count += 1
                    i += lead < 0x80 ? 1 : 2
                    continue
                }
                let v: UInt32
                let length: Int
                if lead < 0x80 {
                    (v, length) = (UInt32(lead), 1)
                } else if lead < 0xE0 {
                    (v, length) = (UInt32(lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), 2)
                } else if lead < 0xF0 {
                    (v, length) = (UInt32(lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), 3)
                } else {
                    return .byCharacters
                }
                let singleScalarCharacter = (0x20...0x7E).contains(v) || v == 0x0A || (0xA0...0x2FF).contains(v)
                    || (0x400...0x482).contains(v) || (0x48A...0x52F).contains(v) || (0x2010...0x2027).contains(v)
                    || (0x2030...0x205E).contains(v) || (0x20A0...0x20BF).contains(v) || v == 0x2116
                guard singleScalarCharacter else { return .byCharacters }
                if count == limit {
                    return .clipped(at: lastSpace ?? i)
                }
                if v == 0x20 { lastSpace = i }
                count += 1
                i += length
            }
            return .whole
        }
        switch outcome {
        case .whole: return self
        case .clipped(let end):
            // The cut is at a scalar (and character) boundary of a valid string: taken as a slice, the head is
            // copied without decoding it again (`String(decoding:)` validated it, half of this function's time).
            let utf8 = text.utf8
            guard var head = String(utf8[..<utf8.index(utf8.startIndex, offsetBy: end)]) else { return clippedByCharacters(to: limit) }
            head.append("…")
            return head
        case .byCharacters: return clippedByCharacters(to: limit)
        }
    }

    /// `clipped(to:)` by grapheme clusters: the reference for any text.
    public func clippedByCharacters(to limit: Int) -> String {
        guard count > limit else { return self }
        let prefix = prefix(limit)
        return String(prefix[..<(prefix.lastIndex(of: " ") ?? prefix.endIndex)]) + "…"
    }
}
