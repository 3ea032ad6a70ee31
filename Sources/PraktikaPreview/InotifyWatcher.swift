import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Change notification through Linux inotify: one watch per folder, new folders watched as they
/// appear, editors' atomic saves seen as `IN_MOVED_TO`. Returns nil when inotify is not available
/// (or the watch limit is reached), and the session falls back to polling.
final class InotifyWatcher: @unchecked Sendable {
    private let fd: Int32
    private var watches: [Int32: String] = [:]
    private static let mask = UInt32(IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO
        | IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB)

    init?(folders: [String]) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        self.fd = fd
        for folder in folders {
            guard addRecursively(folder) else {
                close(fd)
                return nil
            }
        }
    }

    deinit { close(fd) }

    /// Waits for changes; returns the paths that changed (after `quiet` without further events),
    /// or nil when cancelled.
    ///
    /// The first event is waited for in `poll` on a thread of its own, so it is seen at once: sleeping 10 ms
    /// between looks, then 25 ms of quiet, were two thirds of the 50 ms from an editor's save to the reload.
    /// An editor's save (a temporary file written, then renamed over the page) is a burst of events well
    /// under a millisecond apart; a save spread wider is rebuilt twice, the second time as it ends.
    func next(quiet: Duration = .milliseconds(8)) async -> [String]? {
        var changed: Set<String> = []
        while !Task.isCancelled {
            let paths = drain()
            changed.formUnion(paths)
            if paths.isEmpty && !changed.isEmpty { return changed.sorted() }
            if changed.isEmpty {
                await waitUntilReadable(fd, milliseconds: 100)
            } else {
                try? await Task.sleep(for: quiet)
            }
        }
        return nil
    }

    /// Reads every pending event; watches folders created meanwhile.
    private func drain() -> [String] {
        var paths: [String] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let (wd, mask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                let nameBytes = buffer[nameStart..<min(count, nameStart + length)].prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self)
                if let folder = watches[wd] {
                    let path = name.isEmpty ? folder : folder + "/" + name
                    if !name.hasPrefix(".") || name.isEmpty { paths.append(path) }
                    if mask & UInt32(IN_ISDIR) != 0 && mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                        _ = addRecursively(path)
                    }
                }
                if mask & UInt32(IN_IGNORED) != 0 { watches[wd] = nil }
                offset = nameStart + length
            }
        }
        return paths
    }

    @discardableResult
    private func addRecursively(_ folder: String) -> Bool {
        var info = stat()
        guard stat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return true }
        let wd = inotify_add_watch(fd, folder, Self.mask)
        guard wd >= 0 else { return false }
        watches[wd] = folder
        guard let dir = opendir(folder) else { return true }
        defer { closedir(dir) }
        var children: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." || name.hasPrefix(".") { continue }
            if entry.pointee.d_type == UInt8(DT_DIR) { children.append(folder + "/" + name) }
        }
        for child in children where !addRecursively(child) { return false }
        return true
    }
}
