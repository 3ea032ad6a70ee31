import Foundation
import Glibc
import Synchronization
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import PraktikaText


/// Where a stage hands each file it makes (a path under the output folder and its bytes), from several
/// threads, as soon as the file is made: the whole-site files are written and freed one by one instead of
/// being held together (the search index and open data are tens of MB on a big site).
public typealias FileSink = @Sendable (_ path: String, _ bytes: [UInt8]) -> Void

/// A `FileSink` that keeps the files in memory (the preview, and tests).
final class CollectedFiles: Sendable {
    private let files = Mutex<[(path: String, bytes: [UInt8])]>([])

    func add(_ path: String, _ bytes: [UInt8]) { files.withLock { $0.append((path: path, bytes: bytes)) } }

    /// The files in path order (they arrive in whatever order the threads finish).
    func sortedByPath() -> [(path: String, bytes: [UInt8])] {
        files.withLock { $0 }.sorted { $0.path.precedesInCodePointOrder($1.path) }
    }
}

/// The write stage: everything goes into a staging folder beside the output, which then replaces
/// the output with renames. A failed build leaves the previous output exactly as it was.
public enum OutputWriter {
    /// A write failure with the path that failed.
    public struct WriteError: Error, CustomStringConvertible {
        /// What failed, in Russian, with the path.
        public let description: String
    }

    /// Writes `files` (relative path → bytes) as the new content of `output`.
    public static func write(_ files: [(path: String, bytes: [UInt8])], to output: String) throws(WriteError) {
        let staged = try StagedOutput(output: output)
        for file in files { staged.write(file.path, file.bytes) }
        try staged.commit()
    }

    /// Writes one file, or, when `previous` (the same file in the output being replaced) holds exactly
    /// `bytes`, hard-links that file instead: an unchanged file keeps its inode and modification time, so
    /// rsync-style deploys and `make` see it unchanged. The link is made through the descriptor whose
    /// content was compared (`/proc/self/fd`), so a file swapped for a symlink meanwhile is never linked;
    /// anything unusual (no previous file, another size, no `/proc`) simply writes.
    /// Paths are relative to the folders open at `directory` and `previousDirectory` (nil: there is no
    /// previous output, nothing to compare): short paths from open folders spare the kernel walking the
    /// whole path for every one of tens of thousands of files.
    fileprivate static func write(
        _ path: String, _ bytes: [UInt8], in directory: Int32, keepingUnchangedIn previousDirectory: Int32?
    ) -> String? {
        guard let previousDirectory else { return writeFile(path, bytes, in: directory) }
        let fd = openat(previousDirectory, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return writeFile(path, bytes, in: directory) }
        defer { close(fd) }
        if holds(fd, bytes), linkat(AT_FDCWD, "/proc/self/fd/\(fd)", directory, path, AT_SYMLINK_FOLLOW) == 0 { return nil }
        return writeFile(path, bytes, in: directory)
    }

    /// Whether the regular file open at `fd` holds exactly `bytes`.
    private static func holds(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else { return false }
        var buffer = [UInt8](repeating: 0, count: min(max(bytes.count, 1), 1 << 16))
        var offset = 0
        while offset < bytes.count {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, min($0.count, bytes.count - offset)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            let same = buffer.withUnsafeBytes { read in
                bytes.withUnsafeBytes { memcmp(read.baseAddress!, $0.baseAddress! + offset, n) == 0 }
            }
            guard same else { return false }
            offset += n
        }
        return true
    }

    /// The folder part of `path` (everything before the last `/`).
    static func parent(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        return slash == path.utf8.startIndex ? "/" : String(path[..<slash])
    }

    /// `mkdir -p` with POSIX calls (`FileManager`'s version stats every component and was a tenth of a
    /// build's write cost). A folder that exists, or that another thread makes at the same time, is
    /// fine; false with `errno` set otherwise. A relative `path` is taken from the folder open at `directory`,
    /// which must exist.
    static func makeDirectories(_ path: String, in directory: Int32 = AT_FDCWD) -> Bool {
        if mkdirat(directory, path, 0o755) == 0 { return true }
        if errno == EEXIST { return isDirectory(path, in: directory) }
        guard errno == ENOENT, path != "/", path != "." else { return false }
        guard makeDirectories(parent(of: path), in: directory) else { return false }
        return mkdirat(directory, path, 0o755) == 0 || (errno == EEXIST && isDirectory(path, in: directory))
    }

    /// `rm -rf path` with POSIX calls, the subtrees of its folders on `jobs` threads (a rebuild drops
    /// the previous output: 115,000 files at 100,000 practices took `FileManager` 1.7 s on one core).
    /// Symlinks are removed, never followed.
    static func removeTree(_ path: String, jobs: Int? = nil) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { unlink(path); return }
        // Work items: the entries two levels down (practices/<slug>), so that one big folder splits too.
        var items: [String] = []
        var folders: [String] = []
        for child in entries(of: path) {
            let childPath = path + "/" + child
            var childInfo = stat()
            if lstat(childPath, &childInfo) == 0, (childInfo.st_mode & S_IFMT) == S_IFDIR {
                folders.append(childPath)
                items += entries(of: childPath).map { childPath + "/" + $0 }
            } else {
                items.append(childPath)
            }
        }
        _ = concurrentMap(items, jobs: jobs) { removeSerially($0) }
        for folder in folders { rmdir(folder) }
        rmdir(path)
    }

    private static func removeSerially(_ path: String) {
        if unlink(path) == 0 || errno == ENOENT { return }
        guard errno == EISDIR || errno == EPERM else { return }
        for child in entries(of: path) { removeSerially(path + "/" + child) }
        rmdir(path)
    }

    /// The names in `directory` (no `.` and `..`); none when it cannot be read.
    static func entries(of directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func isDirectory(_ path: String, in directory: Int32) -> Bool {
        var info = stat()
        guard fstatat(directory, path, &info, 0) == 0 else { return false }
        if (info.st_mode & S_IFMT) != S_IFDIR { errno = ENOTDIR; return false }
        return true
    }

    /// Writes one file with POSIX calls; returns the system's message on failure.
    private static func writeFile(_ path: String, _ bytes: [UInt8], in directory: Int32) -> String? {
        let fd = openat(directory, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            written += n
        }
        return nil
    }
}

/// A staging folder beside the output: filled file by file (from many threads: the render stage writes each
/// page as soon as it is made instead of holding the whole site in memory), then swapped in with renames.
/// Until `commit()` the output is untouched; `abandon()` (or a failed write) removes the staging folder.
final class StagedOutput: @unchecked Sendable {
    let output: String
    private let staging: String
    private let old: String
    private let lock = NSLock()
    private var madeDirectories: Set<String>
    /// The staging folder and the output being replaced (nil when there is none), open for `*at` calls.
    private let stagingDirectory: Int32
    private let outputDirectory: Int32?
    private var failure: OutputWriter.WriteError?
    private(set) var count = 0

    init(output: String) throws(OutputWriter.WriteError) {
        self.output = output
        let parent = (output as NSString).deletingLastPathComponent
        let name = (output as NSString).lastPathComponent
        let pid = ProcessInfo.processInfo.processIdentifier
        staging = "\(parent)/.\(name).staging-\(pid)"
        old = "\(parent)/.\(name).old-\(pid)"
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw OutputWriter.WriteError(description: "\(output): на месте папки вывода лежит файл")
        }
        try? FileManager.default.removeItem(atPath: staging)
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw OutputWriter.WriteError(description: "\(staging): не удалось создать папку: \(error.localizedDescription)")
        }
        stagingDirectory = open(staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard stagingDirectory >= 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: staging)
            throw OutputWriter.WriteError(description: "\(staging): не удалось открыть папку: \(reason)")
        }
        let previous = open(output, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        outputDirectory = previous >= 0 ? previous : nil
        madeDirectories = [""]
    }

    deinit {
        close(stagingDirectory)
        if let outputDirectory { close(outputDirectory) }
    }

    /// Where `relative` is written in the staging folder.
    func path(of relative: String) -> String { staging + "/" + relative }

    /// Writes one file (relative path) into the staging folder; after a failure, does nothing.
    func write(_ relative: String, _ bytes: [UInt8]) {
        // Paths come from routes, never from editors as such; still, nothing may land outside the staging folder.
        guard !relative.hasPrefix("/"), !Self.climbs(relative) else {
            lock.withLock {
                if failure == nil { failure = OutputWriter.WriteError(description: "\(relative): путь выходит за папку вывода") }
            }
            return
        }
        let directory = relative.utf8.contains(UInt8(ascii: "/")) ? OutputWriter.parent(of: relative) : ""
        let needsDirectory: Bool? = lock.withLock {
            guard failure == nil else { return nil }
            count += 1
            return !madeDirectories.contains(directory)
        }
        guard let needsDirectory else { return }
        // Outside the lock: nearly every page has a folder of its own.
        if needsDirectory {
            guard OutputWriter.makeDirectories(directory, in: stagingDirectory) else {
                let problem = String(cString: strerror(errno))
                lock.withLock {
                    if failure == nil { failure = OutputWriter.WriteError(description: "\(path(of: directory)): не удалось создать папку (\(problem))") }
                }
                return
            }
            lock.withLock { _ = madeDirectories.insert(directory) }
        }
        guard let problem = OutputWriter.write(relative, bytes, in: stagingDirectory, keepingUnchangedIn: outputDirectory)
        else { return }
        lock.withLock {
            if failure == nil { failure = OutputWriter.WriteError(description: "\(path(of: relative)): \(problem)") }
        }
    }

    /// Whether a relative path has a `..` component (a byte scan: this runs for every file written).
    static func climbs(_ relative: String) -> Bool {
        var dots = 0
        for byte in relative.utf8 {
            if byte == UInt8(ascii: "/") {
                if dots == 2 { return true }
                dots = 0
            } else if byte == UInt8(ascii: "."), dots >= 0 {
                dots += 1
            } else {
                dots = -1
            }
        }
        return dots == 2
    }

    /// Swaps the staging folder in: output → old, staging → output, then drops old.
    func commit() throws(OutputWriter.WriteError) {
        if let failure = lock.withLock({ failure }) {
            abandon()
            throw failure
        }
        let hadOutput = FileManager.default.fileExists(atPath: output)
        if hadOutput && rename(output, old) != 0 {
            let reason = String(cString: strerror(errno))
            abandon()
            throw OutputWriter.WriteError(description: "\(output): не удалось заменить папку: \(reason)")
        }
        if rename(staging, output) != 0 {
            let reason = String(cString: strerror(errno))
            if hadOutput { _ = rename(old, output) }
            abandon()
            throw OutputWriter.WriteError(description: "\(output): не удалось заменить папку: \(reason)")
        }
        if hadOutput { OutputWriter.removeTree(old) }
    }

    /// Removes the staging folder; the output stays as it was.
    func abandon() {
        OutputWriter.removeTree(staging)
    }
}
