import Foundation
import PraktikaDiagnostics

/// The site the preview serves, kept in memory, and the reload broadcast to open pages.
///
/// Files on disk are never touched: `serve` renders into this store, so what `build` writes stays
/// exactly what it would be without a preview running.
public actor PreviewStore {
    private var files: [String: [UInt8]] = [:]
    private var listeners: [UUID: AsyncStream<Int>.Continuation] = [:]
    /// The diagnostics of the last failed rebuild, shown over every page; nil after a good build.
    public private(set) var failure: DiagnosticReport?
    /// Increases with every rebuild, good or failed.
    public private(set) var generation = 0

    /// Creates an empty store.
    public init() {}

    /// A good build: replace the files, clear the overlay, reload every page.
    public func publish(_ newFiles: [(path: String, bytes: [UInt8])]) {
        var map: [String: [UInt8]] = [:]
        map.reserveCapacity(newFiles.count)
        for file in newFiles { map[file.path] = file.bytes }
        files = map
        failure = nil
        announce()
    }

    /// A good partial build: replace some files, clear the overlay, reload every page; returns the generation.
    @discardableResult
    public func update(_ changed: [(path: String, bytes: [UInt8])]) -> Int {
        for file in changed { files[file.path] = file.bytes }
        failure = nil
        announce()
        return generation
    }

    /// Files that pages fetch on their own (the search index): replaced without reloading any page, and only
    /// when no rebuild happened since `generation` (a newer build has newer files).
    public func refresh(_ changed: [(path: String, bytes: [UInt8])], generation expected: Int) {
        guard generation == expected else { return }
        for file in changed { files[file.path] = file.bytes }
    }

    /// A failed build: keep serving the last good files, show the diagnostics, reload every page.
    public func fail(_ report: DiagnosticReport) {
        failure = report
        announce()
    }

    /// The bytes at an output path (`practices/x/index.html`).
    public func file(_ path: String) -> [UInt8]? { files[path] }

    /// How many files are served.
    public var fileCount: Int { files.count }

    /// A stream that yields the generation after every rebuild, until the client goes away.
    public func events() -> AsyncStream<Int> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
        listeners[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.removeListener(id) }
        }
        return stream
    }

    /// Open reload streams (for tests and the leak check).
    public var listenerCount: Int { listeners.count }

    private func removeListener(_ id: UUID) { listeners[id] = nil }

    /// Sends a comment to every stream (0 on the stream) so streams of closed tabs fail to write and
    /// end, even when nothing is rebuilt for a while.
    public func heartbeat() {
        for continuation in listeners.values { continuation.yield(0) }
    }

    private func announce() {
        generation += 1
        for continuation in listeners.values { continuation.yield(generation) }
    }
}
