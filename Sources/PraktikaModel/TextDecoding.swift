import Foundation
import PraktikaDiagnostics

/// Turns file bytes into text: UTF-8 only, a BOM dropped, CRLF and CR made LF, NUL refused.
enum TextDecoding {
    /// The text of `file`, or a diagnostic saying which byte is wrong.
    static func decode(_ file: SourceFile) -> Result<String, Diagnostic> {
        var bytes = file.bytes[...]
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return .failure(.error(
                "invalid-encoding", at: SourceLocation(file: file.path, line: 1, column: 1),
                "файл в кодировке UTF-16", suggestion: "сохраните его в UTF-8"))
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        // Fast path: the standard library validates in bulk; the byte-by-byte walk below runs only
        // to say where a broken file breaks.
        guard var text = String(validating: bytes, as: UTF8.self) else {
            let bad = firstInvalidUTF8(bytes) ?? bytes.startIndex
            let line = 1 + bytes[bytes.startIndex..<bad].count { $0 == 0x0A }
            return .failure(.error(
                "invalid-utf8", at: SourceLocation(file: file.path, line: line),
                "недопустимая последовательность UTF-8 на смещении \(bad) байт",
                suggestion: "сохраните файл в кодировке UTF-8"))
        }
        let (hasNUL, hasCR) = bytes.withUnsafeBufferPointer { buffer -> (Bool, Bool) in
            guard let base = buffer.baseAddress else { return (false, false) }
            return (memchr(base, 0, buffer.count) != nil, memchr(base, 0x0D, buffer.count) != nil)
        }
        if hasNUL, let nul = bytes.firstIndex(of: 0) {
            let line = 1 + bytes[bytes.startIndex..<nul].count { $0 == 0x0A }
            return .failure(.error(
                "nul-byte", at: SourceLocation(file: file.path, line: line),
                "нулевой байт на смещении \(nul)", suggestion: "файл повреждён или не текстовый"))
        }
        if hasCR {
            text = String(decoding: normalizeNewlines(Array(text.utf8)), as: UTF8.self)
        }
        return .success(text)
    }

    /// The offset (in the original array) of the first byte that starts an invalid sequence.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var minSecond: UInt8 = 0x80, maxSecond: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; minSecond = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; maxSecond = 0x9F
            case 0xF0: length = 4; minSecond = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; maxSecond = 0x8F
            default: return i
            }
            guard i + length <= end else { return i }
            let second = bytes[i + 1]
            guard second >= minSecond && second <= maxSecond else { return i }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    private static func normalizeNewlines(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0D {
                out.append(0x0A)
                if i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
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
    /// The Markdown after the closing `---` (a view into the file's text: no copy).
    var body: Substring
    /// The file line on which the body starts.
    var bodyFirstLine: Int

    /// Splits `text` (already decoded) or says why it cannot.
    ///
    /// Works on the UTF-8 bytes: splitting a 40 KB body into `Character` lines costs more than parsing it.
    static func split(_ text: String, file: String) -> Result<FrontMatterDocument, Diagnostic> {
        var text = text
        // Byte offsets of the YAML and of the body, and the line of the closing fence.
        let found: (yaml: Range<Int>, body: Int, fenceLine: Int)?? = text.withUTF8 { bytes in
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
        let utf8 = text.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        return .success(FrontMatterDocument(
            yaml: String(text[index(split.yaml.lowerBound)..<index(split.yaml.upperBound)]), yamlFirstLine: 2,
            body: text[index(split.body)...], bodyFirstLine: split.fenceLine + 1))
    }

    private static func isFence(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.starts(with: "---".utf8) && line.dropFirst(3).allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}
