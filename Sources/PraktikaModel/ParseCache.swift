import Foundation
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaText

/// Parsed files kept between builds of one process (the preview server), keyed by path and content:
/// a rebuild re-parses only the files whose bytes changed. Parsing is pure, so a hit gives exactly
/// what parsing again would. `build` also keeps one on disk (`.praktika-cache/parsed`, see `load` and
/// `save`), keyed the same way (XXH64 of the bytes) and by the praktika binary that parsed.
public final class ParseCache: @unchecked Sendable {
    private struct Entry: Sendable {
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

    /// Makes room for `count` files at once. Grown one file at a time, the table of a big site was copied
    /// over and over while the parse threads waited for its lock (0.8 s of CPU at 100,000 practices: each
    /// entry holds a whole parsed file, and each bigger table was fresh memory).
    func reserveCapacity(_ count: Int) {
        lock.withLock { entries.reserveCapacity(count) }
    }

    /// Drops entries of files that no longer exist. In place: filtering into a new dictionary copied every
    /// entry (each parsed file's strings retained, then released with the old dictionary), 40 ms on the one
    /// thread between parsing and linking at 10,000 practices, when usually nothing is dropped.
    func keep(only paths: Set<String>) {
        lock.withLock {
            let stale = entries.keys.filter { !paths.contains($0) }
            for path in stale { entries.removeValue(forKey: path) }
            if !stale.isEmpty { changed = true }
        }
    }

    /// The paths of the files held, sorted (tests).
    var paths: [String] { lock.withLock { entries.keys.sorted() } }

    // MARK: - On disk

    /// Files held.
    public var count: Int { lock.withLock { entries.count } }

    /// Whether anything was parsed or dropped since `load`: the file on disk is out of date.
    public var isChanged: Bool { lock.withLock { changed } }

    /// File layout: this magic, the tool stamp (8 bytes), then chunks of entries, each `[length][entries][XXH64]`,
    /// ended by an empty chunk. Chunks let a big site be written and read without holding the whole file.
    private static let magic = Array("PRAKTIKA-PARSED\n".utf8)

    /// The parsed files of an earlier build, from `path`. Empty without a file; empty with the reason when the
    /// file is damaged or another praktika (`tool`) wrote it. Chunks are checked and decoded on `jobs` threads,
    /// a few megabytes at a time.
    public static func load(
        contentsOf path: String, tool: UInt64, jobs: Int? = nil
    ) -> (ParseCache, problem: (code: String, message: String)?) {
        let cache = ParseCache()
        guard let handle = FileHandle(forReadingAtPath: path) else { return (cache, nil) }
        defer { try? handle.close() }
        // POSIX reads straight into the arrays (`FileHandle` went through `Data` and a copy).
        let fd = handle.fileDescriptor
        var info = stat()
        guard fstat(fd, &info) == 0 else { return (cache, nil) }
        // A damaged length field must not make it allocate more than the file holds.
        var remaining = Int(info.st_size)
        func read(_ count: Int) -> [UInt8]? {
            guard count <= remaining else { return nil }
            remaining -= count
            var failed = false
            let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                var done = 0
                while done < count {
                    let n = Glibc.read(fd, buffer.baseAddress! + done, count - done)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { failed = true; break }
                    done += n
                }
                initialized = done
            }
            return failed ? nil : bytes
        }
        guard let head = read(magic.count + 8), head.starts(with: magic) else {
            return (cache, ("cache-foreign", "это не кэш разбора praktika"))
        }
        var header = ByteReader(bytes: head, offset: magic.count)
        guard (try? header.uint64()) == tool else { return (cache, ("cache-foreign", "кэш разбора сделан другой версией praktika")) }
        var entries: [String: Entry] = [:]
        let damaged = (code: "cache-damaged", message: "кэш разбора повреждён")
        var batch: [(payload: [UInt8], sum: UInt64)] = []
        var ended = false
        while !ended {
            guard let lengthBytes = read(8) else { return (ParseCache(), damaged) }
            var lengthReader = ByteReader(bytes: lengthBytes)
            guard let length = try? lengthReader.int(), length >= 0, length <= 1 << 31,
                  let payload = length == 0 ? [] : read(length), let sumBytes = read(8) else { return (ParseCache(), damaged) }
            var sumReader = ByteReader(bytes: sumBytes)
            guard let sum = try? sumReader.uint64() else { return (ParseCache(), damaged) }
            if length == 0 {
                guard sum == StableHasher.hash(payload) else { return (ParseCache(), damaged) }
                ended = true
            } else {
                batch.append((payload, sum))
            }
            guard batch.count == batchChunks || ended && !batch.isEmpty else { continue }
            let decoded = concurrentMap(batch, jobs: jobs) { chunk in
                chunk.sum == StableHasher.hash(chunk.payload) ? decodeChunk(chunk.payload) : nil
            }
            batch = []
            for chunk in decoded {
                guard let chunk else { return (ParseCache(), damaged) }
                for (path, entry) in chunk { entries[path] = entry }
            }
        }
        cache.entries = entries
        cache.changed = false
        return (cache, nil)
    }

    /// Chunks decoded together (one megabyte each).
    private static let batchChunks = 8

    /// The entries of one chunk, in order; nil when it is malformed.
    private static func decodeChunk(_ payload: [UInt8]) -> [(String, Entry)]? {
        var reader = ByteReader(bytes: payload)
        var entries: [(String, Entry)] = []
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
                entries.append((path, Entry(hash: hash, options: options, kind: kind, result: (source, diagnostics))))
            }
        } catch {
            return nil
        }
        return entries
    }

    /// Writes the files this cache holds to `path` (through a temporary file and a rename); nil, or the
    /// system's message on failure. Entries are encoded, and chunks checksummed, on `jobs` threads, a few
    /// hundred entries at a time (the whole file is never held: it is over 100 MB at 10,000 practices).
    public func save(to path: String, tool: UInt64, jobs: Int? = nil) -> String? {
        let entries = lock.withLock { self.entries }
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary) else {
            return "\(temporary): не удалось создать файл"
        }
        do {
            var header = ByteWriter(bytes: Self.magic)
            header.uint64(tool)
            try Self.write(header.bytes, to: handle.fileDescriptor)
            // Chunks of a few dozen entries, each encoded and framed by one task straight into its own buffer
            // (encoding entries apart, joining them and framing the result copied every byte twice more), a
            // few chunks at a time, written in order.
            let paths = entries.keys.sorted()
            let chunks = stride(from: 0, to: paths.count, by: Self.chunkEntries).map { $0..<min(paths.count, $0 + Self.chunkEntries) }
            for start in stride(from: 0, to: chunks.count, by: Self.chunksPerWrite) {
                let batch = Array(chunks[start..<min(chunks.count, start + Self.chunksPerWrite)])
                for framed in concurrentMap(batch, jobs: jobs, { range in Self.framedChunk(paths[range], entries) })
                where framed.count > Self.emptyChunkSize {  // an empty chunk would end the file
                    try Self.write(framed, to: handle.fileDescriptor)
                }
            }
            try Self.write(Self.framedChunk([], entries), to: handle.fileDescriptor)  // the empty chunk that ends the file
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

    /// Entries of one chunk when writing (about 700 KB at 10,000 practices), and chunks made side by side.
    private static let chunkEntries = 64
    private static let chunksPerWrite = 4
    /// A framed chunk without entries: its length and checksum.
    private static let emptyChunkSize = 16

    /// The chunk of the entries at `paths` as written: its length, the entries, their XXH64. An entry whose
    /// source cannot be written is left out (and parsed again next time).
    private static func framedChunk(_ paths: ArraySlice<String>, _ entries: [String: Entry]) -> [UInt8] {
        var item = ByteWriter()
        item.int(0)  // the length, filled in below
        for path in paths {
            let mark = item.bytes.count
            if !encode(path, entries[path]!, into: &item) { item.bytes.removeSubrange(mark...) }
        }
        let length = item.bytes.count - 8
        withUnsafeBytes(of: Int64(length).littleEndian) { value in
            item.bytes.withUnsafeMutableBytes { $0.copyMemory(from: value) }
        }
        let sum = item.bytes.withUnsafeBytes { StableHasher.xxh64(UnsafeRawBufferPointer(rebasing: $0[8...]), seed: 0) }
        item.uint64(sum)
        return item.bytes
    }

    /// Appends one entry's bytes; false when its source cannot be written.
    private static func encode(_ path: String, _ entry: Entry, into item: inout ByteWriter) -> Bool {
        item.string(path)
        item.uint64(entry.hash)
        item.bool(entry.options.allowsRawHTML)
        item.bool(entry.options.rendersHTML)
        item.string(entry.options.basePath)
        item.bool(entry.options.typography)
        item.string(entry.kind.rawValue)
        if let source = entry.result.0 {
            item.bool(true)
            guard ParseCacheCodec.write(&item, source) else { return false }
        } else {
            item.bool(false)
        }
        item.array(entry.result.1) { ParseCacheCodec.write(&$0, $1) }
        return true
    }

    /// The system's message of a failed write.
    struct WriteFailure: Error, LocalizedError {
        let reason: String
        var errorDescription: String? { reason }
    }

    /// Writes all of `bytes` with POSIX calls (`FileHandle.write` copied them into `Data` first).
    private static func write(_ bytes: [UInt8], to fd: Int32) throws {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteFailure(reason: String(cString: strerror(errno)))
            }
            written += n
        }
    }
}
