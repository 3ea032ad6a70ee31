import PraktikaDiagnostics
import PraktikaText

/// A file of the site as read from disk: its path relative to the content folder and its bytes.
public struct SourceFile: Sendable, Hashable {
    /// `practices/x.md`, with `/` separators.
    public var path: String
    /// The raw bytes.
    public var bytes: [UInt8]

    /// Creates a file value.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// Creates a file value from text (tests).
    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// Whether `files` are in code-point order of their paths. Reads the paths in place: the generic
    /// `isSorted(by:)` handed each file to the comparison, a copy (two retains) of each of 10,000 files.
    public static func areInPathOrder(_ files: [SourceFile]) -> Bool {
        files.indices.dropFirst().allSatisfy { !files[$0].path.precedesInCodePointOrder(files[$0 - 1].path) }
    }
}

/// A value with the place it was written.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    /// The value.
    public var value: Value
    /// Where it stands in the file.
    public var location: SourceLocation

    /// Pairs a value with its location.
    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}
