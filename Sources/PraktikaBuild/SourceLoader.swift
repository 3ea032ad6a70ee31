import Foundation
import Glibc
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import PraktikaText


/// The load stage: reads every file under a folder into memory, refusing what is unsafe.
///
/// Uses POSIX calls (a `FileManager` walk costs several times more on 10,000 files). Hidden files
/// (`.git`, `.DS_Store`) are skipped; symlinks are followed only when they stay inside the folder.
public enum SourceLoader {
    /// The files under `directory`, paths relative to it, sorted; problems as diagnostics. The walk is
    /// serial, the reads run on `jobs` threads (nil: one per core).
    public static func load(directory: String, jobs: Int? = nil) -> (files: [SourceFile], diagnostics: [Diagnostic]) {
        var found: [FoundFile] = []
        var diagnostics: [Diagnostic] = []
        guard let realRoot = realPath(directory) else {
            diagnostics.append(.error(
                "missing-directory", at: SourceLocation(file: directory), "папка не найдена или недоступна"))
            return ([], diagnostics)
        }
        walk(realRoot, relative: "", root: realRoot, files: &found, diagnostics: &diagnostics)
        var files: [SourceFile] = []
        files.reserveCapacity(found.count)
        for (file, result) in zip(found, concurrentMap(found, jobs: jobs) { readFile($0.path) }) {
            switch result {
            case .success(let bytes): files.append(SourceFile(path: file.relative, bytes: bytes))
            case .failure(let message):
                diagnostics.append(.error("unreadable", at: SourceLocation(file: file.relative), "файл нельзя прочитать: \(message)"))
            }
        }
        // The walk visits sorted folders, so the paths come sorted but for a name that a folder's name is a
        // prefix of (`a/…` before `a.md`).
        if !SourceFile.areInPathOrder(files) {
            files.sort { $0.path.precedesInCodePointOrder($1.path) }
        }
        return (files, diagnostics)
    }

    /// A regular file the walk found: its path relative to the root and on disk.
    private struct FoundFile: Sendable {
        var relative: String
        var path: String
    }

    private static func walk(
        _ directory: String, relative: String, root: String,
        files: inout [FoundFile], diagnostics: inout [Diagnostic]
    ) {
        guard let dir = opendir(directory) else {
            diagnostics.append(.error(
                "unreadable", at: SourceLocation(file: relative.isEmpty ? "." : relative),
                "папку нельзя прочитать: \(String(cString: strerror(errno)))"))
            return
        }
        defer { closedir(dir) }
        var names: [(String, UInt8)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name.hasPrefix(".") { continue }
            names.append((name, entry.pointee.d_type))
        }
        names.sort { $0.0.precedesInCodePointOrder($1.0) }
        for (name, type) in names {
            let path = directory + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            var isDirectory = type == UInt8(DT_DIR)
            var isFile = type == UInt8(DT_REG)
            if type == UInt8(DT_LNK) || type == UInt8(DT_UNKNOWN) {
                guard let target = realPath(path) else {
                    diagnostics.append(.error(
                        "broken-symlink", at: SourceLocation(file: rel),
                        "ссылка (symlink) никуда не ведёт или зациклена", suggestion: "удалите её или исправьте"))
                    continue
                }
                guard target == root || target.hasPrefix(root + "/") else {
                    diagnostics.append(.error(
                        "symlink-outside", at: SourceLocation(file: rel),
                        "ссылка (symlink) ведёт за пределы папки сайта: \(target)",
                        suggestion: "скопируйте файл внутрь папки вместо ссылки"))
                    continue
                }
                var info = stat()
                guard stat(target, &info) == 0 else { continue }
                isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
                isFile = (info.st_mode & S_IFMT) == S_IFREG
                if isDirectory && (root + "/" + rel).hasPrefix(target + "/") {
                    diagnostics.append(.error(
                        "symlink-loop", at: SourceLocation(file: rel), "ссылка (symlink) на папку выше неё: цикл"))
                    continue
                }
            }
            if !isDirectory && !isFile {
                // A named pipe or device would block or never end: refuse it instead of opening it.
                diagnostics.append(.error(
                    "not-a-file", at: SourceLocation(file: rel),
                    "это не обычный файл (канал, сокет или устройство) — он не читается",
                    suggestion: "удалите его из папки сайта"))
                continue
            }
            if isDirectory {
                walk(path, relative: rel, root: root, files: &files, diagnostics: &diagnostics)
            } else if isFile {
                files.append(FoundFile(relative: rel, path: path))
            }
        }
    }

    /// The whole file, read with POSIX calls.
    static func readFile(_ path: String) -> Result<[UInt8], ReadError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(ReadError(String(cString: strerror(errno)))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(ReadError(String(cString: strerror(errno)))) }
        let size = Int(info.st_size)
        var failure: Int32 = 0
        // Read straight into the array's storage: no zero-filling first.
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let n = read(fd, buffer.baseAddress! + done, size - done)
                if n < 0 { if errno == EINTR { continue }; failure = errno; break }
                if n == 0 { break }
                done += n
            }
            count = done
        }
        if failure != 0 { return .failure(ReadError(String(cString: strerror(failure)))) }
        return .success(bytes)
    }

    /// A read failure's system message.
    public struct ReadError: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
