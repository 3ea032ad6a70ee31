/// How diagnostics are printed.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    /// Compiler style for people.
    case text
    /// One JSON object per line for tools: code, severity, file, line, column, message, suggestion.
    case json
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`), shown on the pull request.
    case github
}

extension DiagnosticReport {
    /// The report in `format`; `text` is capped at `limit` with «и ещё N», the others list everything.
    public func formatted(_ format: DiagnosticFormat, limit: Int = 50) -> String {
        switch format {
        case .text:
            return formatted(limit: limit)
        case .json:
            return diagnostics.map(\.jsonLine).joined(separator: "\n")
        case .github:
            return diagnostics.map(\.githubCommand).joined(separator: "\n")
        }
    }

    /// Warnings made errors (`--strict`).
    public func strict() -> DiagnosticReport {
        DiagnosticReport(diagnostics.map { diagnostic in
            var copy = diagnostic
            copy.severity = .error
            return copy
        })
    }
}

extension Diagnostic {
    /// `{"code":…,"severity":…,"file":…,"line":…,"column":…,"message":…,"suggestion":…}`.
    public var jsonLine: String {
        var fields = [
            "\"code\":\(JSONText.quote(code))",
            "\"severity\":\(JSONText.quote(severity.rawValue))",
            "\"file\":\(JSONText.quote(location.file))",
            "\"line\":\(location.line.map(String.init) ?? "null")",
            "\"column\":\(location.column.map(String.init) ?? "null")",
            "\"message\":\(JSONText.quote(message))",
            "\"suggestion\":\(suggestion.map(JSONText.quote) ?? "null")",
        ]
        if !notes.isEmpty {
            let list = notes.map { "{\"file\":\(JSONText.quote($0.location.file)),\"line\":\($0.location.line.map(String.init) ?? "null"),\"message\":\(JSONText.quote($0.message))}" }
            fields.append("\"notes\":[\(list.joined(separator: ","))]")
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// `::error file=Content/x.md,line=3,col=9,title=unknown-region::message`.
    public var githubCommand: String {
        var properties = ["file=\(Self.githubProperty(location.file))"]
        if let line = location.line { properties.append("line=\(line)") }
        if let column = location.column { properties.append("col=\(column)") }
        properties.append("title=\(Self.githubProperty(code))")
        var text = message
        if let suggestion { text += "; \(suggestion)" }
        return "::\(severity == .error ? "error" : "warning") \(properties.joined(separator: ","))::\(Self.githubData(text))"
    }

    private static func githubData(_ text: String) -> String {
        text.replacingAll("%", "%25").replacingAll("\r", "%0D").replacingAll("\n", "%0A")
    }

    private static func githubProperty(_ text: String) -> String {
        githubData(text).replacingAll(":", "%3A").replacingAll(",", "%2C")
    }
}

/// JSON string literals without Foundation, escaping `<` too so the text is safe inside `<script>`.
public enum JSONText {
    /// `text` as a JSON string literal.
    public static func quote(_ text: String) -> String {
        var out: [UInt8] = []
        appendQuoted(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal, safe inside an HTML `<script>`: `< > &` as `\u003c…`,
    /// U+2028 and U+2029 escaped too.
    public static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        // Every character to escape is ASCII, or U+2028/U+2029 (E2 80 A8/A9). Runs without any of them are
        // copied whole; eight bytes at a time are tested for a byte below 0x20 or one of `" \ < > &` and E2, and
        // only a word holding one is read byte by byte.
        var text = text
        text.withUTF8 { bytes in
            let hex: StaticString = "0123456789abcdef"
            var run = 0
            var i = 0
            let base = UnsafeRawPointer(bytes.baseAddress)
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            /// Nonzero when some byte of `v` is below `n` (n ≤ 0x80).
            func below(_ v: UInt64, _ n: UInt64) -> UInt64 { (v &- ones &* n) & ~v & highs }
            while i < bytes.count {
                if let base, i + 8 <= bytes.count {
                    let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    let special = below(word, 0x20) | below(word ^ (ones &* 0x22), 1) | below(word ^ (ones &* 0x5C), 1)
                        | below(word ^ (ones &* 0x3C), 1) | below(word ^ (ones &* 0x3E), 1) | below(word ^ (ones &* 0x26), 1)
                        | below(word ^ (ones &* 0xE2), 1)
                    if special == 0 {
                        i += 8
                        continue
                    }
                }
                let end = min(i + 8, bytes.count)
                while i < end {
                    let byte = bytes[i]
                    let isSpecial = byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x3C || byte == 0x3E || byte == 0x26
                        || (byte == 0xE2 && i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9))
                    guard isSpecial else { i += 1; continue }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                    switch byte {
                    case 0x22: out.append(contentsOf: [0x5C, 0x22])
                    case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                    case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
                    case 0x0D: out.append(contentsOf: [0x5C, 0x72])
                    case 0x09: out.append(contentsOf: [0x5C, 0x74])
                    case 0xE2:
                        out.append(contentsOf: "\\u202".utf8)
                        out.append(bytes[i + 2] == 0xA8 ? 0x38 : 0x39)
                        i += 2
                    default:
                        hex.withUTF8Buffer { digits in
                            out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
                        }
                    }
                    i += 1
                    run = i
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count]))
        }
        out.append(0x22)
    }
}

extension String {
    fileprivate func replacingAll(_ target: Character, _ replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}
