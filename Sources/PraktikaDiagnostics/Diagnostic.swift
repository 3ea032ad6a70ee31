/// How serious a diagnostic is.
public enum Severity: String, Sendable, Hashable, Comparable {
    case warning
    case error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .warning && rhs == .error
    }
}

/// One problem found in the content or the templates, in compiler style.
///
/// `code` is stable English (`unknown-region`) for tools and documentation; `message` and
/// `suggestion` are Russian, for the editors who fix the content.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    /// Whether the build must stop.
    public var severity: Severity
    /// A stable identifier in English, such as `unknown-region`.
    public var code: String
    /// Where the problem is.
    public var location: SourceLocation
    /// What is wrong, in Russian.
    public var message: String
    /// How to fix it, in Russian (for example «возможно, вы имели в виду …»), when known.
    public var suggestion: String?
    /// Other places that take part (the first of two duplicate slugs, say).
    public var notes: [Note]

    /// A secondary place printed under the diagnostic.
    public struct Note: Hashable, Sendable {
        /// Where.
        public var location: SourceLocation
        /// What is there, in Russian.
        public var message: String

        /// Creates a note.
        public init(location: SourceLocation, message: String) {
            self.location = location
            self.message = message
        }
    }

    /// Creates a diagnostic.
    public init(
        _ severity: Severity, _ code: String, at location: SourceLocation, _ message: String,
        suggestion: String? = nil, notes: [Note] = []
    ) {
        self.severity = severity
        self.code = code
        self.location = location
        self.message = message
        self.suggestion = suggestion
        self.notes = notes
    }

    /// Shorthand for an error.
    public static func error(
        _ code: String, at location: SourceLocation, _ message: String, suggestion: String? = nil,
        notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(.error, code, at: location, message, suggestion: suggestion, notes: notes)
    }

    /// Shorthand for a warning.
    public static func warning(
        _ code: String, at location: SourceLocation, _ message: String, suggestion: String? = nil,
        notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(.warning, code, at: location, message, suggestion: suggestion, notes: notes)
    }

    /// `error[unknown-region]: practices/x.md:3:9: message; suggestion` plus `note:` lines.
    public var description: String {
        var text = "\(severity.rawValue)[\(code)]: \(location): \(message)"
        if let suggestion { text += "; \(suggestion)" }
        for note in notes {
            text += "\n  note: \(note.location): \(note.message)"
        }
        return text
    }
}
