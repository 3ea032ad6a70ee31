/// A 64-bit hash that is the same in every process and on every run (Swift's `Hasher` is seeded per
/// process, so it cannot key anything written to disk). Byte runs go through XXH64; the hasher chains
/// the runs and integers it is fed, so `combine` order matters.
///
/// Not cryptographic: it keys the build cache, whose entries are also checked against their route.
public struct StableHasher: Sendable {
    private var state: UInt64

    /// A hasher starting from `seed`.
    public init(seed: UInt64 = 0) { state = seed }

    /// Feeds a 64-bit value.
    public mutating func combine(_ value: UInt64) {
        state = Self.round(state ^ Self.prime5, value)
    }

    /// Feeds an integer.
    public mutating func combine(_ value: Int) { combine(UInt64(bitPattern: Int64(value))) }

    /// Feeds a run of bytes.
    public mutating func combine(bytes: UnsafeRawBufferPointer) {
        state = Self.xxh64(bytes, seed: state)
    }

    /// The length, then the UTF-8 bytes.
    public mutating func combine(_ text: String) {
        var copy = text
        copy.withUTF8 { buffer in
            combine(buffer.count)
            combine(bytes: UnsafeRawBufferPointer(buffer))
        }
    }

    /// The hash of everything fed.
    public func finalize() -> UInt64 { Self.avalanche(state) }

    /// The hash of a pair of 64-bit values (order matters): two rounds and the final mix.
    @inline(__always)
    public static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        avalanche(round(round(prime5, a) ^ prime4, b))
    }

    /// The hash of one byte buffer.
    public static func hash(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { xxh64($0, seed: 0) }
    }

    // MARK: - XXH64

    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    private static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    private static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        rotl(acc &+ input &* prime2, 31) &* prime1
    }

    private static func merge(_ acc: UInt64, _ value: UInt64) -> UInt64 {
        (acc ^ round(0, value)) &* prime1 &+ prime4
    }

    private static func avalanche(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h = h &* prime2
        h ^= h >> 29
        h = h &* prime3
        h ^= h >> 32
        return h
    }

    /// XXH64 of `bytes` (the reference algorithm; `Tests` check it against published values).
    public static func xxh64(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let count = bytes.count
        var offset = 0
        func word(_ at: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        var h: UInt64
        if count >= 32 {
            var v1 = seed &+ prime1 &+ prime2
            var v2 = seed &+ prime2
            var v3 = seed
            var v4 = seed &- prime1
            while offset + 32 <= count {
                v1 = round(v1, word(offset))
                v2 = round(v2, word(offset + 8))
                v3 = round(v3, word(offset + 16))
                v4 = round(v4, word(offset + 24))
                offset += 32
            }
            h = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
            h = merge(h, v1)
            h = merge(h, v2)
            h = merge(h, v3)
            h = merge(h, v4)
        } else {
            h = seed &+ prime5
        }
        h = h &+ UInt64(count)
        while offset + 8 <= count {
            h ^= round(0, word(offset))
            h = rotl(h, 27) &* prime1 &+ prime4
            offset += 8
        }
        if offset + 4 <= count {
            let half = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            h ^= half &* prime1
            h = rotl(h, 23) &* prime2 &+ prime3
            offset += 4
        }
        while offset < count {
            h ^= UInt64(bytes[offset]) &* prime5
            h = rotl(h, 11) &* prime1
            offset += 1
        }
        return avalanche(h)
    }
}

extension String {
    /// FNV-1a (64-bit) of the UTF-8 bytes: a few instructions a byte, for keys hashed once and compared many
    /// times in memory (`SlugID`, view-model names). Not for anything written to disk (see `StableHasher`).
    public var fnv1a: UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        var text = self
        text.withUTF8 { for byte in $0 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 } }
        return hash
    }
}
