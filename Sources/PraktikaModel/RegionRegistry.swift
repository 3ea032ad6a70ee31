import Foundation
import PraktikaText

/// The built-in registry of the 89 federal subjects, with lookup by any name editors write.
public struct RegionRegistry: Sendable {
    /// Every subject, in the order of art. 65 of the Constitution.
    public let all: [Region]
    private let byKey: [Key: Region.ID]
    private let bySlug: [String: Region.ID]

    /// The shared registry.
    public static let shared = RegionRegistry()

    private init() {
        var regions: [Region] = []
        var byKey: [Key: Region.ID] = [:]
        for (index, row) in Self.rows.enumerated() {
            let id = Region.ID(code: index + 1)
            let prepositional = row.prepositional ?? RegionNameForms.prepositional(row.name)
            let aliases = row.aliases + Self.generatedAliases(row)
            let region = Region(
                id: id, name: row.name, kind: row.kind, district: row.district, slug: Slug.make(row.name),
                genitive: row.genitive ?? RegionNameForms.genitive(row.name),
                inPhrase: "\(RegionNameForms.preposition(before: prepositional)) \(prepositional)",
                aliases: aliases)
            regions.append(region)
            for name in [row.name] + aliases { byKey[Self.key(name)] = id }
        }
        self.all = regions
        self.byKey = byKey
        self.bySlug = Dictionary(uniqueKeysWithValues: regions.map { ($0.slug, $0.id) })
    }

    /// The region with this id.
    public subscript(id: Region.ID) -> Region { all[id.code - 1] }

    /// The region an editor means by `name` (official name or alias; case, ё/е, dashes, dots and
    /// spacing do not matter), or nil.
    public func region(named name: String) -> Region? {
        byKey[Self.key(name)].map { self[$0] }
    }

    /// The region with this URL slug, or nil.
    public func region(slug: String) -> Region? {
        bySlug[slug].map { self[$0] }
    }

    /// The official name closest to a name that did not match, for «возможно, вы имели в виду …».
    public func suggestion(for name: String) -> Region? {
        let target = Self.key(name).text
        guard !target.isEmpty else { return nil }
        var best: (distance: Int, id: Region.ID)?
        for (key, id) in byKey.map({ ($0.key.text, $0.value) }).sorted(by: { $0.0 < $1.0 }) {
            let distance = EditDistance.between(target, key)
            if let current = best, distance >= current.distance { continue }
            best = (distance, id)
        }
        guard let best, best.distance <= max(2, target.count / 3) else { return nil }
        return self[best.id]
    }

    /// The regions of a federal district, in registry order.
    public func regions(in district: FederalDistrict) -> [Region] {
        all.filter { $0.district == district }
    }

    /// The matching key: lowercase, ё→е, every dash a hyphen with no spaces around it, no dots
    /// or brackets, single spaces. Built on scalars and compared as bytes: `Character` comparisons
    /// and `String` hashing of Cyrillic text normalise on every call and showed up in profiles.
    static func key(_ name: String) -> Key {
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count)
        var pendingSpace = false
        for scalar in name.unicodeScalars {
            var v = scalar.value
            switch v {
            case 0x41...0x5A, 0x410...0x42F: v += 0x20
            case 0x401: v = 0x451
            default: break
            }
            switch v {
            case 0x2D, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212:
                while out.last == 0x20 { out.removeLast() }
                out.append(0x2D)
                pendingSpace = false
                continue
            case 0x2E, 0x28, 0x29, 0xAB, 0xBB, 0x22, 0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x202F, 0x2009:
                pendingSpace = true
                continue
            case 0x451: v = 0x435
            default: break
            }
            if pendingSpace, !out.isEmpty, out.last != 0x2D { out.append(0x20) }
            pendingSpace = false
            if let encoded = UTF8.encode(Unicode.Scalar(v) ?? scalar) {
                out.append(contentsOf: encoded)
            }
        }
        return Key(bytes: out)
    }

    /// A normalised name compared and hashed as bytes.
    struct Key: Hashable, Sendable {
        let bytes: [UInt8]
        var isEmpty: Bool { bytes.isEmpty }
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// Abbreviations editors use for every name of a kind: «Тюменская обл.», «Респ. Коми», «Коми».
    private static func generatedAliases(_ row: Row) -> [String] {
        let name = row.name
        switch row.kind {
        case .oblast where name.hasSuffix(" область"):
            let stem = name.dropLast(" область".count)
            return ["\(stem) обл.", "\(stem) обл"]
        case .krai:
            return ["\(name.dropLast(" край".count)) кр."]
        case .republic where name.hasPrefix("Республика "):
            let rest = name.dropFirst("Республика ".count)
            return ["Респ. \(rest)", String(rest)]
        case .autonomousOkrug:
            return [name.replacingOccurrences(of: "автономный округ", with: "АО")]
        default:
            return []
        }
    }
}
