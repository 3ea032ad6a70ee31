import Glibc
import PraktikaText

/// What identifies the running praktika binary for the build cache (`BuildCache.Location.tool`): the linker's
/// build ID (`.note.gnu.build-id`, a hash of the linked file) read from the ELF program headers, and only when
/// there is none a hash of the whole executable.
///
/// Hashing the whole file read all of it (54 MB in a release build: 23 M instructions and thirteen thousand
/// page faults on every `praktika build`, a tenth of a build of the real `Content/`); the build ID is a few
/// hundred bytes away from the start.
enum ToolStamp {
    /// The stamp of the running executable.
    static func current() -> UInt64 {
        let descriptor = open("/proc/self/exe", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        let read: (Int, Int) -> [UInt8]? = { offset, count in
            guard offset >= 0, count >= 0, count <= 1 << 20 else { return nil }
            var bytes = [UInt8](repeating: 0, count: count)
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(offset)) }
            return got == count ? bytes : nil
        }
        if let id = buildID(read) { return id.withUnsafeBytes { StableHasher.xxh64($0, seed: buildIDSeed) } }
        // No build ID: the whole file.
        guard case .success(let bytes) = SourceLoader.readFile("/proc/self/exe") else { return 0 }
        return bytes.withUnsafeBytes { StableHasher.xxh64($0, seed: 0) }
    }

    /// Keeps a build-ID stamp apart from a whole-file one.
    static let buildIDSeed: UInt64 = 0x6275_696C_6469_6421

    /// The GNU build ID of a 64-bit little-endian ELF file, found through its `PT_NOTE` program headers;
    /// nil when the file is anything else or has none. `read(offset, count)` gives exactly `count` bytes at
    /// `offset`, or nil.
    static func buildID(_ read: (_ offset: Int, _ count: Int) -> [UInt8]?) -> [UInt8]? {
        guard let header = read(0, 64), header.starts(with: [0x7F, 0x45, 0x4C, 0x46, 2, 1]) else { return nil }
        let programHeaders = Int(header.load(UInt64.self, at: 32))
        let entrySize = Int(header.load(UInt16.self, at: 54))
        let count = Int(header.load(UInt16.self, at: 56))
        guard entrySize >= 56, count <= 256, let table = read(programHeaders, entrySize * count) else { return nil }
        for n in 0..<count {
            let at = n * entrySize
            guard table.load(UInt32.self, at: at) == 4 else { continue }  // PT_NOTE
            let offset = Int(truncatingIfNeeded: table.load(UInt64.self, at: at + 8))
            let size = Int(truncatingIfNeeded: table.load(UInt64.self, at: at + 32))
            guard let notes = read(offset, size) else { continue }
            var cursor = 0
            while cursor + 12 <= notes.count {
                let nameSize = Int(notes.load(UInt32.self, at: cursor))
                let descriptionSize = Int(notes.load(UInt32.self, at: cursor + 4))
                let type = notes.load(UInt32.self, at: cursor + 8)
                let name = cursor + 12
                let description = name + (nameSize + 3) & ~3
                let next = description + (descriptionSize + 3) & ~3
                guard next <= notes.count, description + descriptionSize <= notes.count else { break }
                if type == 3, nameSize == 4, notes[name..<(name + 4)].elementsEqual([0x47, 0x4E, 0x55, 0]), descriptionSize > 0 {
                    return Array(notes[description..<(description + descriptionSize)])
                }
                cursor = next
            }
        }
        return nil
    }
}

private extension Array where Element == UInt8 {
    /// The little-endian integer at `offset` (the caller checked the bounds of the header it reads).
    func load<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        guard offset >= 0, offset + MemoryLayout<T>.size <= count else { return 0 }
        return withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }
}
