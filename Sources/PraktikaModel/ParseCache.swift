import Foundation
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaText

/// Parsed files kept between builds of one process (the preview server), keyed by path and content:
/// a rebuild re-parses only the files whose bytes changed. Parsing is pure, so a hit gives exactly
/// what parsing again would. `build` also keeps one on disk (`.praktika-cache/parsed`, see `load` and
/// `save`), keyed the same way (XXH64 of the bytes) and by the praktika binary that parsed.
public final class ParseCache: @unchecked Sendable {
    private struct Entry {
        var hash: UInt64
        var options: MarkdownOptions
        var kind: ContentParser.FileKind
        var result: (ContentSource?, [Diagnostic])
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var parses = 0
    /// Whether the entries changed since `load` (nothing to write back when not).
    private var changed = true

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
        let (hash, cached) = lookup(file, kind: kind, options: options)
        if let cached { return cached }
        let result = parse()
        store(result, for: file.path, hash: hash, kind: kind, options: options)
        return result
    }

    /// The content hash of `file`, and its result when the cache holds one for exactly these bytes and options.
    func lookup(
        _ file: SourceFile, kind: ContentParser.FileKind, options: MarkdownOptions
    ) -> (hash: UInt64, result: (ContentSource?, [Diagnostic])?) {
        let hash = StableHasher.hash(file.bytes)
        if let entry = lock.withLock({ entries[file.path] }),
           entry.hash == hash, entry.options == options, entry.kind == kind {
            return (hash, entry.result)
        }
        return (hash, nil)
    }

    /// Keeps a fresh parse of the file at `path` whose bytes hash to `hash`.
    func store(
        _ result: (ContentSource?, [Diagnostic]), for path: String, hash: UInt64, kind: ContentParser.FileKind,
        options: MarkdownOptions
    ) {
        lock.withLock {
            entries[path] = Entry(hash: hash, options: options, kind: kind, result: result)
            parses += 1
            changed = true
        }
    }

    /// What the last parse of `path` gave, if it was parsed.
    func cachedResult(for path: String) -> (ContentSource?, [Diagnostic])? {
        lock.withLock { entries[path]?.result }
    }

    /// Drops entries of files that no longer exist.
    func keep(only paths: Set<String>) {
        lock.withLock {
            let before = entries.count
            entries = entries.filter { paths.contains($0.key) }
            if entries.count != before { changed = true }
        }
    }

    // MARK: - On disk

    /// Files held.
    public var count: Int { lock.withLock { entries.count } }

    /// Whether anything was parsed or dropped since `load`: the file on disk is out of date.
    public var isChanged: Bool { lock.withLock { changed } }

    /// File layout: this magic, the tool stamp (8 bytes), then chunks of entries, each `[length][entries][XXH64]`,
    /// ended by an empty chunk. Chunks let a big site be written and read without holding the whole file.
    private static let magic = Array("PRAKTIKA-PARSED\n".utf8)
    private static let chunkSize = 1 << 20

    /// The parsed files of an earlier build, from `path`. Empty without a file; empty with the reason when the
    /// file is damaged or another praktika (`tool`) wrote it.
    public static func load(contentsOf path: String, tool: UInt64) -> (ParseCache, problem: (code: String, message: String)?) {
        let cache = ParseCache()
        guard let handle = FileHandle(forReadingAtPath: path) else { return (cache, nil) }
        defer { try? handle.close() }
        func read(_ count: Int) -> [UInt8]? {
            guard let data = try? handle.read(upToCount: count), data.count == count else { return nil }
            return Array(data)
        }
        guard let head = read(magic.count + 8), head.starts(with: magic) else {
            return (cache, ("cache-foreign", "это не кэш разбора praktika"))
        }
        var header = ByteReader(bytes: head, offset: magic.count)
        guard (try? header.uint64()) == tool else { return (cache, ("cache-foreign", "кэш разбора сделан другой версией praktika")) }
        var entries: [String: Entry] = [:]
        let damaged = (code: "cache-damaged", message: "кэш разбора повреждён")
        while true {
            guard let lengthBytes = read(8) else { return (ParseCache(), damaged) }
            var lengthReader = ByteReader(bytes: lengthBytes)
            guard let length = try? lengthReader.int(), length >= 0, length <= 1 << 31,
                  let payload = length == 0 ? [] : read(length), let sum = read(8) else { return (ParseCache(), damaged) }
            var sumReader = ByteReader(bytes: sum)
            guard (try? sumReader.uint64()) == StableHasher.hash(payload) else { return (ParseCache(), damaged) }
            if length == 0 { break }
            var reader = ByteReader(bytes: payload)
            do throws(ByteReader.Malformed) {
                while reader.offset < payload.count {
                    let path = try ParseCacheCodec.readFile(&reader)
                    let hash = try reader.uint64()
                    let options = MarkdownOptions(
                        allowsRawHTML: try reader.bool(), rendersHTML: try reader.bool(), basePath: try reader.string(),
                        typography: try reader.bool())
                    let kind = try reader.raw(ContentParser.FileKind.self)
                    let source = try reader.optional(ParseCacheCodec.readSource)
                    let diagnostics = try reader.array(ParseCacheCodec.readDiagnostic)
                    entries[path] = Entry(hash: hash, options: options, kind: kind, result: (source, diagnostics))
                }
            } catch {
                return (ParseCache(), damaged)
            }
        }
        cache.entries = entries
        cache.changed = false
        return (cache, nil)
    }

    /// Writes the files this cache holds to `path` (through a temporary file and a rename); nil, or the
    /// system's message on failure.
    public func save(to path: String, tool: UInt64) -> String? {
        let entries = lock.withLock { self.entries }
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary) else {
            return "\(temporary): не удалось создать файл"
        }
        var chunk = ByteWriter()
        func flush() throws {
            var framed = ByteWriter()
            framed.int(chunk.bytes.count)
            framed.bytes += chunk.bytes
            framed.uint64(StableHasher.hash(chunk.bytes))
            try handle.write(contentsOf: framed.bytes)
            chunk = ByteWriter()
        }
        do {
            var header = ByteWriter(bytes: Self.magic)
            header.uint64(tool)
            try handle.write(contentsOf: header.bytes)
            for path in entries.keys.sorted() {
                let entry = entries[path]!
                var item = ByteWriter()
                item.string(path)
                item.uint64(entry.hash)
                item.bool(entry.options.allowsRawHTML)
                item.bool(entry.options.rendersHTML)
                item.string(entry.options.basePath)
                item.bool(entry.options.typography)
                item.string(entry.kind.rawValue)
                if let source = entry.result.0 {
                    item.bool(true)
                    guard ParseCacheCodec.write(&item, source) else { continue }
                } else {
                    item.bool(false)
                }
                item.array(entry.result.1) { ParseCacheCodec.write(&$0, $1) }
                chunk.bytes += item.bytes
                if chunk.bytes.count >= Self.chunkSize { try flush() }
            }
            if !chunk.bytes.isEmpty { try flush() }
            try flush()  // the empty chunk that ends the file
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            return "\(temporary): \(error.localizedDescription)"
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            return "\(path): \(reason)"
        }
        return nil
    }
}
