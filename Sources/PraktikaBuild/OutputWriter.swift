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
        let staged = try StagedOutput(output: output)
        for file in files { staged.write(file.path, file.bytes) }
        try staged.commit()
    }

    /// Writes one file with POSIX calls; returns the system's message on failure.
    fileprivate static func write(_ path: String, _ bytes: [UInt8]) -> String? { writeFile(path, bytes) }

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

/// A staging folder beside the output: filled file by file (from many threads: the render stage writes each
/// page as soon as it is made instead of holding the whole site in memory), then swapped in with renames.
/// Until `commit()` the output is untouched; `abandon()` (or a failed write) removes the staging folder.
final class StagedOutput: @unchecked Sendable {
    let output: String
    private let staging: String
    private let old: String
    private let lock = NSLock()
    private var madeDirectories: Set<String>
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
        madeDirectories = [staging]
    }

    /// Where `relative` is written in the staging folder.
    func path(of relative: String) -> String { staging + "/" + relative }

    /// Writes one file (relative path) into the staging folder; after a failure, does nothing.
    func write(_ relative: String, _ bytes: [UInt8]) {
        let path = path(of: relative)
        let directory = (path as NSString).deletingLastPathComponent
        let ready: Bool = lock.withLock {
            guard failure == nil else { return false }
            count += 1
            guard !madeDirectories.contains(directory) else { return true }
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                failure = OutputWriter.WriteError(description: "\(directory): не удалось создать папку")
                return false
            }
            madeDirectories.insert(directory)
            return true
        }
        guard ready, let problem = OutputWriter.write(path, bytes) else { return }
        lock.withLock {
            if failure == nil { failure = OutputWriter.WriteError(description: "\(path): \(problem)") }
        }
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
        if hadOutput { try? FileManager.default.removeItem(atPath: old) }
    }

    /// Removes the staging folder; the output stays as it was.
    func abandon() {
        try? FileManager.default.removeItem(atPath: staging)
    }
}
