import Foundation
@testable import PraktikaBuild
import PraktikaText
import Testing

/// The build cache's stamp of the running praktika: the ELF build ID, found through the program headers.
@Suite struct ToolStampTests {
    /// A minimal ELF64 file: the header, `programs` program headers (type, file offset, size) and `tail`.
    static func elf(programs: [(type: UInt32, offset: Int, size: Int)], tail: [UInt8]) -> [UInt8] {
        func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
        var header = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1] + [UInt8](repeating: 0, count: 25)
        header += le(UInt64(64))                             // e_phoff
        header += [UInt8](repeating: 0, count: 14)           // e_shoff, e_flags, e_ehsize
        header += le(UInt16(56)) + le(UInt16(programs.count)) + [UInt8](repeating: 0, count: 6)
        precondition(header.count == 64)
        for program in programs {
            header += le(program.type) + le(UInt32(0)) + le(UInt64(program.offset)) + [UInt8](repeating: 0, count: 16)
            header += le(UInt64(program.size)) + le(UInt64(program.size)) + le(UInt64(4))
        }
        return header + tail
    }

    static func note(name: [UInt8], type: UInt32, description: [UInt8]) -> [UInt8] {
        func le(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
        func padded(_ bytes: [UInt8]) -> [UInt8] { bytes + [UInt8](repeating: 0, count: (4 - bytes.count % 4) % 4) }
        return le(UInt32(name.count)) + le(UInt32(description.count)) + le(type) + padded(name) + padded(description)
    }

    static func reader(_ bytes: [UInt8]) -> (Int, Int) -> [UInt8]? {
        { offset, count in offset >= 0 && count >= 0 && offset + count <= bytes.count ? Array(bytes[offset..<(offset + count)]) : nil }
    }

    static let id: [UInt8] = Array(0..<20)

    /// The GNU build ID in the second note of the second PT_NOTE header; other notes and headers are skipped.
    @Test func findsTheBuildIDAmongOtherNotes() {
        let start = 64 + 3 * 56
        let abi = Self.note(name: Array("GNU\0".utf8), type: 1, description: [0, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0])
        let other = Self.note(name: Array("Go\0".utf8), type: 3, description: [9, 9, 9])
        let build = Self.note(name: Array("GNU\0".utf8), type: 3, description: Self.id)
        let file = Self.elf(programs: [(1, 0, 64), (4, start, abi.count), (4, start + abi.count, other.count + build.count)],
                            tail: abi + other + build)
        #expect(ToolStamp.buildID(Self.reader(file)) == Self.id)
    }

    /// Anything else is no build ID: not ELF, 32-bit, no PT_NOTE, a note cut short, headers past the end.
    @Test func noBuildIDInOtherFiles() {
        let build = Self.note(name: Array("GNU\0".utf8), type: 3, description: Self.id)
        let good = Self.elf(programs: [(4, 64 + 56, build.count)], tail: build)
        #expect(ToolStamp.buildID(Self.reader(good)) == Self.id)
        var thirtyTwo = good
        thirtyTwo[4] = 1
        #expect(ToolStamp.buildID(Self.reader(thirtyTwo)) == nil)
        #expect(ToolStamp.buildID(Self.reader(Array("#!/bin/sh\n".utf8) + [UInt8](repeating: 0, count: 100))) == nil)
        #expect(ToolStamp.buildID(Self.reader(Self.elf(programs: [(1, 64 + 56, build.count)], tail: build))) == nil)
        #expect(ToolStamp.buildID(Self.reader(Array(good.dropLast(4)))) == nil)
        #expect(ToolStamp.buildID(Self.reader(Array(good.prefix(80)))) == nil)
        #expect(ToolStamp.buildID(Self.reader(Self.elf(programs: [(4, 64 + 56, build.count - 4)], tail: build))) == nil)
    }

    /// The running test binary has a build ID, and the stamp is made from it (the same on every call).
    @Test func theRunningBinaryIsStampedByItsBuildID() throws {
        let whole = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "/proc/self/exe")))
        let id = try #require(ToolStamp.buildID(Self.reader(whole)))
        #expect(id.count >= 16)
        let expected = id.withUnsafeBytes { StableHasher.xxh64($0, seed: ToolStamp.buildIDSeed) }
        #expect(ToolStamp.current() == expected)
        #expect(ToolStamp.current() == ToolStamp.current())
    }
}
