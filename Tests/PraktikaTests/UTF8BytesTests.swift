@testable import PraktikaText
import PropertyBased
import Testing

/// `UTF8Bytes.append` encodes by hand what `String` would encode: both must give the same bytes.
@Suite struct UTF8BytesTests {
    /// Any scalar value (surrogates are not scalars; they are moved past the surrogate block).
    static let scalars = Gen<Int>.int(in: 0...0x10FFFF).map { UInt32($0 & ~0x7FF == 0xD800 ? $0 + 0x800 : $0) }

    @Test func agreesWithStringsEncoder() async {
        await propertyCheck(count: 5000, input: Self.scalars) { value in
            var out: [UInt8] = [0x2A]
            UTF8Bytes.append(value, to: &out)
            #expect(out == [0x2A] + Array(String(Unicode.Scalar(value)!).utf8), "U+\(String(value, radix: 16))")
        }
    }

    /// The edges of each length, where a wrong shift or mask shows first.
    @Test(arguments: [0x00, 0x7F, 0x80, 0x7FF, 0x800, 0x401, 0x451, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF] as [UInt32])
    func encodesTheEdgesOfEachLength(value: UInt32) {
        var out: [UInt8] = []
        UTF8Bytes.append(value, to: &out)
        #expect(out == Array(String(Unicode.Scalar(value)!).utf8))
    }
}
