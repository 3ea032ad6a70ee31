/// All diagnostics of one run, kept in a stable order and printed with a cap.
public struct DiagnosticReport: Sendable, Hashable {
    /// Every diagnostic, sorted by location, then code.
    public private(set) var diagnostics: [Diagnostic]

    /// Creates a report from diagnostics in any order.
    public init(_ diagnostics: [Diagnostic] = []) {
        self.diagnostics = []
        append(contentsOf: diagnostics)
    }

    /// Adds diagnostics, keeping the order stable (by location, then code, then message).
    public mutating func append(contentsOf more: [Diagnostic]) {
        diagnostics.append(contentsOf: more)
        diagnostics.sort { a, b in
            if a.location != b.location { return a.location < b.location }
            if a.code != b.code { return a.code < b.code }
            return a.message.unicodeScalars.lexicographicallyPrecedes(b.message.unicodeScalars)
        }
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    /// The number of errors.
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    /// The number of warnings.
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }

    /// The report as text: at most `limit` diagnostics, then «и ещё N», then a summary line.
    public func formatted(limit: Int = 50) -> String {
        var lines = diagnostics.prefix(limit).map(\.description)
        if diagnostics.count > limit {
            lines.append("… и ещё \(diagnostics.count - limit)")
        }
        lines.append("ошибок: \(errorCount), предупреждений: \(warningCount)")
        return lines.joined(separator: "\n")
    }
}
