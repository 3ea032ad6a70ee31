import Foundation
import Glibc
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import PraktikaText


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
        let parent = (output as NSString).deletingLastPathComponent
        let name = (output as NSString).lastPathComponent
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = "\(parent)/.\(name).staging-\(pid)"
        let old = "\(parent)/.\(name).old-\(pid)"
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw WriteError(description: "\(output): на месте папки вывода лежит файл")
        }
        try? FileManager.default.removeItem(atPath: staging)
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw WriteError(description: "\(staging): не удалось создать папку: \(error.localizedDescription)")
        }
        var madeDirectories: Set<String> = [staging]
        for file in files {
            let path = staging + "/" + file.path
            let directory = (path as NSString).deletingLastPathComponent
            if !madeDirectories.contains(directory) {
                do {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                } catch {
                    try? FileManager.default.removeItem(atPath: staging)
                    throw WriteError(description: "\(directory): не удалось создать папку")
                }
                madeDirectories.insert(directory)
            }
            if let failure = writeFile(path, file.bytes) {
                try? FileManager.default.removeItem(atPath: staging)
                throw WriteError(description: "\(path): \(failure)")
            }
        }
        // Swap: output → old, staging → output, then drop old.
        let hadOutput = FileManager.default.fileExists(atPath: output)
        if hadOutput && rename(output, old) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: staging)
            throw WriteError(description: "\(output): не удалось заменить папку: \(reason)")
        }
        if rename(staging, output) != 0 {
            let reason = String(cString: strerror(errno))
            if hadOutput { _ = rename(old, output) }
            try? FileManager.default.removeItem(atPath: staging)
            throw WriteError(description: "\(output): не удалось заменить папку: \(reason)")
        }
        if hadOutput { try? FileManager.default.removeItem(atPath: old) }
    }

    /// Writes one file with POSIX calls; returns the system's message on failure.
    private static func writeFile(_ path: String, _ bytes: [UInt8]) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
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
