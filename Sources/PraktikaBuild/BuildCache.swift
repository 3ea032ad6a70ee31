import Foundation
import Glibc
import PraktikaDiagnostics
import PraktikaText

/// The persistent build cache, `.praktika-cache/` beside `Content/`: the rendered pages of the last good build,
/// so that a build (a CI run that restores the folder, or the next `praktika build`) renders only what changed.
/// (Its parsed files are `ParseCache`'s, in `parsed`.)
///
/// A page is reused only when its fingerprint — a stable hash of its whole view model, the theme and the
/// template name (see `Fingerprint`) — equals the one it was rendered with, and the praktika binary is the
/// same (`Location.tool`): a page is a pure function of those, so the cache cannot change the output. Each
/// reused page is checked against the hash of its bytes; a damaged or foreign cache is ignored with a warning
/// and rebuilt. The cache never fails a build: when it cannot be written, the build goes on without it.
///
/// Layout:
/// - `index`: `PRAKTIKA-CACHE\n`, format, tool; the pages (route, fingerprint, content hash, size); then an
///   XXH64 of everything before it. Replaced with a rename.
/// - `pages/ab/abcdef0123456789`: a page's bytes, named by their hash. Usually a hard link to the file in the
///   output folder (no second copy on disk); pages are only ever replaced by renames, never written in place.
public final class BuildCache: @unchecked Sendable {
    /// Where the cache lives and which praktika made it.
    public struct Location: Sendable {
        /// The cache folder.
        public var directory: String
        /// Identifies the praktika binary: pages rendered by another build of the tool are not reused.
        public var tool: UInt64

        /// A location with an explicit tool stamp (tests).
        public init(directory: String, tool: UInt64) {
            self.directory = directory
            self.tool = tool
        }

        /// `directory`, stamped with the running executable's build ID (`ToolStamp`).
        public static func forRunningTool(directory: String) -> Location {
            Location(directory: directory, tool: ToolStamp.current())
        }
    }

    struct PageEntry: Equatable {
        var fingerprint: UInt64
        var content: UInt64
        var size: Int
    }

    static let magic = Array("PRAKTIKA-CACHE\n".utf8)
    static let format: UInt32 = 2

    let location: Location
    private let oldPages: [String: PageEntry]
    private let lock = NSLock()
    private var pages: [String: PageEntry] = [:]
    /// Content hashes of the old index (their files under `pages/` are trusted until one proves damaged).
    private let oldBlobs: Set<UInt64>
    /// Content hashes whose file was checked or written by this build.
    private var verified: Set<UInt64> = []
    private var madeDirectories: Set<String> = []
    private var warnings: [Diagnostic] = []
    private var damaged = false
    private var unwritable = false
    private var pageHits = 0
    private var temporaryCount = 0
    /// Bumped by every `keepPage`: what `prepareCommit` made is used only if nothing was kept since.
    private var generation = 0
    /// The index to write and the page files to remove, made ahead by `prepareCommit`, for `generation`.
    private var prepared: (generation: Int, index: [UInt8], stale: [String])?
    /// Whether `pages/` existed when the cache was opened: when it did not, it holds only this build's files
    /// and there is nothing stale to look for.
    private let hadPageFiles: Bool

    private init(location: Location, pages: [String: PageEntry], warnings: [Diagnostic]) {
        self.location = location
        oldPages = pages
        oldBlobs = Set(pages.values.map(\.content))
        self.warnings = warnings
        hadPageFiles = access(location.directory + "/pages", F_OK) == 0
    }

    /// Opens the cache at `location`: empty when there is none yet, and empty with a warning when it is damaged
    /// or was made by another praktika.
    public static func open(_ location: Location) -> BuildCache {
        let indexPath = location.directory + "/index"
        guard let data = FileManager.default.contents(atPath: indexPath) else {
            return BuildCache(location: location, pages: [:], warnings: [])
        }
        do {
            let pages = try decodeIndex(Array(data), tool: location.tool)
            return BuildCache(location: location, pages: pages, warnings: [])
        } catch {
            let warning = Diagnostic.warning(
                error.code, at: SourceLocation(file: indexPath), error.message,
                suggestion: "кэш не используется и будет записан заново; его можно удалить")
            return BuildCache(location: location, pages: [:], warnings: [warning])
        }
    }

    /// Warnings about the cache (damaged, foreign, not writable).
    public var diagnostics: [Diagnostic] { lock.withLock { warnings } }
    /// Pages taken from the cache instead of rendered.
    public var reusedPages: Int { lock.withLock { pageHits } }

    // MARK: - Pages

    /// The bytes `route` had when it was rendered with `fingerprint`, if the cache holds them intact.
    func page(_ route: String, fingerprint: UInt64) -> [UInt8]? {
        guard let entry = oldPages[route], entry.fingerprint == fingerprint,
              lock.withLock({ !damaged }) else { return nil }
        let path = blobPath(entry.content)
        guard let bytes = Self.read(path), bytes.count == entry.size, StableHasher.hash(bytes) == entry.content else {
            lock.withLock {
                // From now on every page file is written again (another one may be damaged too).
                if !damaged {
                    damaged = true
                    warnings.append(.warning(
                        "cache-damaged", at: SourceLocation(file: path),
                        "страница «\(route)» в кэше сборки повреждена или пропала",
                        suggestion: "кэш больше не используется в этой сборке и будет записан заново"))
                }
            }
            return nil
        }
        lock.withLock {
            pageHits += 1
            verified.insert(entry.content)
        }
        return bytes
    }

    /// Records the page `route` of this build. `staged` is where its bytes were just written: the cache links to
    /// that file (or writes its own copy when it cannot).
    func keepPage(_ route: String, fingerprint: UInt64, bytes: [UInt8], staged: String?) {
        let content = StableHasher.hash(bytes)
        let needsFile: Bool = lock.withLock {
            generation += 1
            pages[route] = PageEntry(fingerprint: fingerprint, content: content, size: bytes.count)
            guard !unwritable, !verified.contains(content), damaged || !oldBlobs.contains(content) else { return false }
            verified.insert(content)
            return true
        }
        guard needsFile else { return }
        if let problem = storeBlob(content, bytes: bytes, staged: staged) {
            lock.withLock {
                verified.remove(content)
                if !unwritable {
                    unwritable = true
                    warnings.append(.warning(
                        "cache-unwritable", at: SourceLocation(file: location.directory),
                        "не удалось записать кэш сборки: \(problem)",
                        suggestion: "сборка идёт без кэша; проверьте права на папку или удалите её"))
                }
            }
        }
    }

    // MARK: - Commit

    /// Makes what `commit` writes and removes, once every page was kept: the index (113,000 routes sorted
    /// and encoded at 100,000 practices) and the list of page files no longer listed. A build calls it while
    /// the whole-site files are made, so that the end of the build, on one thread, only writes it.
    func prepareCommit() {
        let (pages, unwritable, generation) = lock.withLock { (self.pages, self.unwritable, self.generation) }
        guard !unwritable else { return }
        let index = Self.encodeIndex(pages: pages, tool: location.tool)
        let stale = hadPageFiles ? staleFiles(keeping: Set(pages.values.map(\.content))) : []
        lock.withLock { prepared = (generation, index, stale) }
    }

    /// Paths of the files under `pages/` that are not the file of any of `contents` (old pages, and
    /// temporary files of a build that was stopped).
    private func staleFiles(keeping contents: Set<UInt64>) -> [String] {
        let root = location.directory + "/pages"
        var stale: [String] = []
        for folder in OutputWriter.entries(of: root) {
            let directory = root + "/" + folder
            for name in OutputWriter.entries(of: directory) {
                // A page file's name is its content hash in 16 hexadecimal digits (`hex`).
                let content = name.utf8.count == 16 ? UInt64(name, radix: 16) : nil
                if let content, Self.hex(content) == name, contents.contains(content) { continue }
                stale.append(directory + "/" + name)
            }
        }
        return stale
    }

    /// Writes the index of this build (pages recorded since `open`) and removes page files no
    /// longer listed. Called after the output was committed; a failure only adds a warning.
    func commit() {
        let current = lock.withLock { prepared?.generation == generation ? prepared : nil }
        if current == nil { prepareCommit() }
        guard let (_, index, stale) = lock.withLock({ unwritable ? nil : prepared }) else { return }
        let path = location.directory + "/index"
        let temporary = path + ".tmp-\(getpid())"
        if let problem = Self.write(temporary, index) ?? (rename(temporary, path) == 0 ? nil : Self.lastError()) {
            unlink(temporary)
            lock.withLock {
                warnings.append(.warning(
                    "cache-unwritable", at: SourceLocation(file: path), "не удалось записать кэш сборки: \(problem)",
                    suggestion: "проверьте права на папку или удалите её"))
            }
            return
        }
        for file in stale { unlink(file) }
    }

    // MARK: - Files

    private func blobPath(_ content: UInt64) -> String {
        let name = Self.hex(content)
        return location.directory + "/pages/" + name.prefix(2) + "/" + name
    }

    /// Puts the page file in place, never half a file where a reader looks: a hard link to the staged output
    /// file made at the page file's name (one call, atomic), else a link or copy under a temporary name
    /// renamed over it (a file already there, from an earlier build, may be damaged: it is replaced).
    private func storeBlob(_ content: UInt64, bytes: [UInt8], staged: String?) -> String? {
        let path = blobPath(content)
        let directory = OutputWriter.parent(of: path)
        let needsDirectory = lock.withLock { !madeDirectories.contains(directory) }
        if needsDirectory {
            guard OutputWriter.makeDirectories(directory) else { return "\(directory): \(String(cString: strerror(errno)))" }
            lock.withLock { _ = madeDirectories.insert(directory) }
        }
        if let staged, link(staged, path) == 0 { return nil }
        let temporary: String = lock.withLock {
            temporaryCount += 1
            return path + ".tmp-\(getpid())-\(temporaryCount)"
        }
        if staged.map({ link($0, temporary) == 0 }) != true, let problem = Self.write(temporary, bytes) {
            unlink(temporary)
            return problem
        }
        guard rename(temporary, path) == 0 else {
            let problem = Self.lastError()
            unlink(temporary)
            return problem
        }
        return nil
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }

    /// The file's bytes, read with POSIX calls straight into the array (`FileManager` went through `Data`
    /// and a copy of every page of a cached build).
    private static func read(_ path: String) -> [UInt8]? {
        try? SourceLoader.readFile(path).get()
    }

    private static func write(_ path: String, _ bytes: [UInt8]) -> String? {
        FileManager.default.createFile(atPath: path, contents: Data(bytes)) ? nil : "\(path): \(lastError())"
    }
}

// MARK: - The index format

extension BuildCache {
    struct IndexError: Error {
        var code: String
        var message: String
    }

    static func encodeIndex(pages: [String: PageEntry], tool: UInt64) -> [UInt8] {
        var out = magic
        func append(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { out += $0 } }
        func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { out += $0 } }
        func append(_ text: String) {
            append(UInt32(text.utf8.count))
            out += text.utf8
        }
        append(format)
        append(tool)
        append(UInt32(pages.count))
        for route in pages.keys.sorted() {
            let entry = pages[route]!
            append(route)
            append(entry.fingerprint)
            append(entry.content)
            append(UInt64(entry.size))
        }
        append(StableHasher.hash(out))
        return out
    }

    static func decodeIndex(_ bytes: [UInt8], tool: UInt64) throws(IndexError) -> [String: PageEntry] {
        let damaged = IndexError(code: "cache-damaged", message: "кэш сборки повреждён")
        guard bytes.starts(with: magic) else {
            throw IndexError(code: "cache-foreign", message: "это не кэш сборки praktika")
        }
        guard bytes.count >= magic.count + 12 + 8 else { throw damaged }
        let body = Array(bytes[..<(bytes.count - 8)])
        var offset = magic.count
        func u32() throws(IndexError) -> UInt32 {
            guard offset + 4 <= body.count else { throw damaged }
            defer { offset += 4 }
            return body.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
        }
        func u64() throws(IndexError) -> UInt64 {
            guard offset + 8 <= body.count else { throw damaged }
            defer { offset += 8 }
            return body.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        }
        func text() throws(IndexError) -> String {
            let count = Int(try u32())
            guard count <= body.count - offset, let value = String(validating: body[offset..<(offset + count)], as: UTF8.self)
            else { throw damaged }
            offset += count
            return value
        }
        let checksum = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)) }
        guard StableHasher.hash(body) == checksum else { throw damaged }
        guard try u32() == format, try u64() == tool else {
            throw IndexError(code: "cache-foreign", message: "кэш сборки сделан другой версией praktika")
        }
        var pages: [String: PageEntry] = [:]
        for _ in 0..<(try u32()) {
            let route = try text()
            pages[route] = PageEntry(fingerprint: try u64(), content: try u64(), size: Int(truncatingIfNeeded: try u64()))
        }
        guard offset == body.count else { throw damaged }
        return pages
    }
}
