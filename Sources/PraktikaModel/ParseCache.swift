import Foundation
import PraktikaDiagnostics
import PraktikaMarkdown

/// Parsed files kept between builds of one process (the preview server), keyed by path and content:
/// a rebuild re-parses only the files whose bytes changed. Parsing is pure, so a hit gives exactly
/// what parsing again would.
public final class ParseCache: @unchecked Sendable {
    private struct Entry {
        var hash: Int
        var options: MarkdownOptions
        var kind: ContentParser.FileKind
        var result: (ContentSource?, [Diagnostic])
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var parses = 0

    /// An empty cache.
    public init() {}

    /// How many files were parsed (not taken from the cache) since the last `resetCounters()`.
    public var parseCount: Int { lock.withLock { parses } }

    /// Sets the counters to zero.
    public func resetCounters() { lock.withLock { parses = 0 } }

    func result(
        for file: SourceFile, kind: ContentParser.FileKind, options: MarkdownOptions,
        parse: () -> (ContentSource?, [Diagnostic])
    ) -> (ContentSource?, [Diagnostic]) {
        var hasher = Hasher()
        file.bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        let hash = hasher.finalize()
        if let entry = lock.withLock({ entries[file.path] }),
           entry.hash == hash, entry.options == options, entry.kind == kind {
            return entry.result
        }
        let result = parse()
        lock.withLock {
            entries[file.path] = Entry(hash: hash, options: options, kind: kind, result: result)
            parses += 1
        }
        return result
    }

    /// What the last parse of `path` gave, if it was parsed.
    func cachedResult(for path: String) -> (ContentSource?, [Diagnostic])? {
        lock.withLock { entries[path]?.result }
    }

    /// Drops entries of files that no longer exist.
    func keep(only paths: Set<String>) {
        lock.withLock { entries = entries.filter { paths.contains($0.key) } }
    }
}
