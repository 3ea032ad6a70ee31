import Foundation
import PraktikaDiagnostics

/// Turns file bytes into text: UTF-8 only, a BOM dropped, CRLF and CR made LF, NUL refused.
enum TextDecoding {
    /// The text of `file`, or a diagnostic saying which byte is wrong. For the small YAML files; a Markdown
    /// file goes through `document`, so that its body is never copied into a `String`.
    static func decode(_ file: SourceFile) -> Result<String, Diagnostic> {
        decodeBytes(file).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `file` split at its front matter: the YAML as text, the body as bytes checked to be UTF-8 (a view
    /// into `file.bytes` unless the file has CRs), or the diagnostic of the first thing wrong.
    ///
    /// Each byte is checked once: the YAML by `String(validating:)`, which makes its text, and the body by
    /// `firstInvalidUTF8`. When anything is wrong, the diagnostic comes from the reference path
    /// (`decodeBytes` of the whole file, then the split), so a broken file is reported exactly as before.
    static func document(_ file: SourceFile) -> Result<FrontMatterDocument, Diagnostic> {
        func reference() -> Result<FrontMatterDocument, Diagnostic> {
            decodeBytes(file).flatMap { FrontMatterDocument.split(bytes: $0, file: file.path) }
        }
        var bytes = file.bytes[...]
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return reference() }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let (hasNUL, hasCR) = controlBytes(bytes)
        if hasNUL { return reference() }
        if hasCR { bytes = normalizeNewlines(bytes)[...] }
        guard case .success(let parts) = FrontMatterDocument.locate(bytes: bytes, file: file.path),
              let yaml = String(validating: bytes[parts.yaml], as: UTF8.self),
              parts.body.withUnsafeBufferPointer({ firstInvalidUTF8($0) }) == nil
        else { return reference() }
        return .success(FrontMatterDocument(yaml: yaml, yamlFirstLine: 2, body: parts.body, bodyFirstLine: parts.bodyFirstLine))
    }

    /// The bytes of `file` checked to be UTF-8 without NUL, the BOM dropped and line ends made LF: a view
    /// into `file.bytes` (no copy) unless the file has CRs. Or a diagnostic saying which byte is wrong.
    ///
    /// The check is ours (`firstInvalidUTF8`), not `String(validating:)`: the standard library's walks
    /// Cyrillic text scalar by scalar (about 11 instructions a byte, 2.7% of a 1,000-practice build).
    static func decodeBytes(_ file: SourceFile) -> Result<ArraySlice<UInt8>, Diagnostic> {
        var bytes = file.bytes[...]
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return .failure(.error(
                "invalid-encoding", at: SourceLocation(file: file.path, line: 1, column: 1),
                "файл в кодировке UTF-16", suggestion: "сохраните его в UTF-8"))
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let (hasNUL, hasCR) = controlBytes(bytes)
        if let bad = bytes.withUnsafeBufferPointer(firstInvalidUTF8) {
            let offset = bytes.startIndex + bad
            let line = 1 + bytes[bytes.startIndex..<offset].count { $0 == 0x0A }
            return .failure(.error(
                "invalid-utf8", at: SourceLocation(file: file.path, line: line),
                "недопустимая последовательность UTF-8 на смещении \(offset) байт",
                suggestion: "сохраните файл в кодировке UTF-8"))
        }
        if hasNUL, let nul = bytes.firstIndex(of: 0) {
            let line = 1 + bytes[bytes.startIndex..<nul].count { $0 == 0x0A }
            return .failure(.error(
                "nul-byte", at: SourceLocation(file: file.path, line: line),
                "нулевой байт на смещении \(nul)", suggestion: "файл повреждён или не текстовый"))
        }
        return .success(hasCR ? normalizeNewlines(bytes)[...] : bytes)
    }

    /// The offset in `bytes` of the first byte that starts an invalid UTF-8 sequence (overlong, surrogate,
    /// above U+10FFFF, cut short or a stray continuation byte); nil when all of it is valid UTF-8. Agrees
    /// with `String(validating:)` (a property test compares them).
    ///
    /// Eight bytes are checked at once when they are ASCII and two-byte letters in any mix (Russian text:
    /// a space every dozen bytes; checking only all-ASCII or all-Cyrillic words sent most of it byte by byte,
    /// 1.7% of a 10,000-practice build); anything else (three- and four-byte sequences, errors) one sequence
    /// at a time.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let end = bytes.count
        func word(_ at: Int) -> UInt64 { UInt64(littleEndian: UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)) }
        let high: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i < end {
            if i &+ 8 <= end {
                let w = word(i)
                if w & high == 0 {
                    i &+= 8
                    continue
                }
                // Bit 7 of each byte of b7/b6/b5 is that byte's bit 7/6/5 (the shifts move no bit into
                // another byte's bit 7).
                let b7 = w & high, b6 = (w << 1) & high, b5 = (w << 2) & high
                let leads = b7 & b6 & ~b5        // 110xxxxx
                let continuations = b7 & ~b6     // 10xxxxxx
                // A lead's bits 1–4 not all zero (not C0 or C1): adding 0x7E to them carries into bit 7.
                let notOverlong = ((w & 0x1E1E_1E1E_1E1E_1E1E) &+ 0x7E7E_7E7E_7E7E_7E7E) & high
                // No longer leads, every lead not overlong, and every continuation right after a lead (a lead
                // in the last byte has its continuation in the next word: it is checked from there).
                if b7 & b6 & b5 == 0, leads & ~notOverlong == 0, continuations == leads << 8 {
                    i &+= leads & (1 << 63) == 0 ? 8 : 7
                    continue
                }
            }
            let lead = base[i]
            if lead < 0x80 {
                i &+= 1
                continue
            }
            if lead & 0xE0 == 0xC0 {
                guard lead >= 0xC2, i &+ 1 < end, base[i &+ 1] & 0xC0 == 0x80 else { return i }
                i &+= 2
                continue
            }
            let length = longSequenceLength(base + i, lead: lead, available: end &- i)
            guard length > 0 else { return i }
            i &+= length
        }
        return nil
    }

    /// The length of the three- or four-byte sequence at `start`, or 0 when it is not valid.
    private static func longSequenceLength(_ start: UnsafePointer<UInt8>, lead: UInt8, available: Int) -> Int {
        let length: Int
        var minSecond: UInt8 = 0x80, maxSecond: UInt8 = 0xBF
        switch lead {
        case 0xE0: length = 3; minSecond = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; maxSecond = 0x9F
        case 0xF0: length = 4; minSecond = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; maxSecond = 0x8F
        default: return 0
        }
        guard length <= available, start[1] >= minSecond && start[1] <= maxSecond, start[2] & 0xC0 == 0x80,
              length == 3 || start[3] & 0xC0 == 0x80 else { return 0 }
        return length
    }

    /// Whether `bytes` hold a NUL and a CR (`memchr`: both are rare, and checked for every file).
    private static func controlBytes(_ bytes: ArraySlice<UInt8>) -> (nul: Bool, cr: Bool) {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return (false, false) }
            return (memchr(base, 0, buffer.count) != nil, memchr(base, 0x0D, buffer.count) != nil)
        }
    }

    private static func normalizeNewlines(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == 0x0D {
                out.append(0x0A)
                if i + 1 < bytes.endIndex && bytes[i + 1] == 0x0A { i += 1 }
            } else {
                out.append(bytes[i])
            }
            i += 1
        }
        return out
    }
}

/// A Markdown file split at its front matter.
struct FrontMatterDocument: Sendable {
    /// The YAML between the `---` lines.
    var yaml: String
    /// The file line of the YAML's first line (2, after the opening `---`).
    var yamlFirstLine: Int
    /// The Markdown after the closing `---`: a view into the file's bytes (no copy), valid UTF-8 when the
    /// file's bytes were (it starts after a line end).
    var body: ArraySlice<UInt8>
    /// The file line on which the body starts.
    var bodyFirstLine: Int

    /// `split(bytes:file:)` of a text.
    static func split(_ text: String, file: String) -> Result<FrontMatterDocument, Diagnostic> {
        split(bytes: Array(text.utf8)[...], file: file)
    }

    /// Splits the bytes of a file (checked by `TextDecoding.decodeBytes`) or says why it cannot.
    ///
    /// Works on the UTF-8 bytes: splitting a 40 KB body into `Character` lines costs more than parsing it.
    static func split(bytes: ArraySlice<UInt8>, file: String) -> Result<FrontMatterDocument, Diagnostic> {
        locate(bytes: bytes, file: file).map { parts in
            FrontMatterDocument(yaml: String(decoding: bytes[parts.yaml], as: UTF8.self), yamlFirstLine: 2,
                                body: parts.body, bodyFirstLine: parts.bodyFirstLine)
        }
    }

    /// Where the YAML (indexes of `bytes`) and the body are, or why the file cannot be split.
    static func locate(bytes: ArraySlice<UInt8>, file: String)
        -> Result<(yaml: Range<Int>, body: ArraySlice<UInt8>, bodyFirstLine: Int), Diagnostic>
    {
        // Offsets (from `bytes.startIndex`) of the YAML and of the body, and the line of the closing fence.
        let found: (yaml: Range<Int>, body: Int, fenceLine: Int)?? = bytes.withUnsafeBufferPointer { bytes in
            var lineStart = 0, lineNumber = 1, yamlStart = 0
            while lineStart < bytes.count {
                let rest = bytes.baseAddress! + lineStart
                let lineEnd = memchr(rest, 0x0A, bytes.count - lineStart)
                    .map { lineStart + (UnsafeRawPointer($0) - UnsafeRawPointer(rest)) } ?? bytes.count
                let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
                let next = min(lineEnd + 1, bytes.count)
                if lineNumber == 1 {
                    guard isFence(line) else { return .some(nil) }
                    yamlStart = next
                } else if isFence(line) || line.elementsEqual("...".utf8) {
                    return (yaml: yamlStart..<lineStart, body: next, fenceLine: lineNumber)
                }
                lineStart = next
                lineNumber += 1
            }
            return lineNumber == 1 ? .some(nil) : nil
        }
        guard let opened = found else {
            return .failure(.error(
                "unclosed-front-matter", at: SourceLocation(file: file, line: 1, column: 1),
                "блок метаданных открыт строкой «---», но не закрыт",
                suggestion: "добавьте строку «---» после последнего поля"))
        }
        guard let split = opened else {
            return .failure(.error(
                "missing-front-matter", at: SourceLocation(file: file, line: 1, column: 1),
                "файл должен начинаться с блока метаданных между строками «---»",
                suggestion: "добавьте в начало строку «---», поля вида «title: …» и ещё одну строку «---»"))
        }
        let start = bytes.startIndex
        return .success((yaml: (start + split.yaml.lowerBound)..<(start + split.yaml.upperBound),
                         body: bytes[(start + split.body)...], bodyFirstLine: split.fenceLine + 1))
    }

    private static func isFence(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.starts(with: "---".utf8) && line.dropFirst(3).allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}
