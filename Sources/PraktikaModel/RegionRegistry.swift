import Foundation
import PraktikaText

/// The built-in registry of the 89 federal subjects, with lookup by any name editors write.
public struct RegionRegistry: Sendable {
    /// Every subject, in the order of art. 65 of the Constitution.
    public let all: [Region]
    private let byKey: [String: Region.ID]
    private let bySlug: [String: Region.ID]

    /// The shared registry.
    public static let shared = RegionRegistry()

    private init() {
        var regions: [Region] = []
        var byKey: [String: Region.ID] = [:]
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
        let target = Self.key(name)
        guard !target.isEmpty else { return nil }
        var best: (distance: Int, id: Region.ID)?
        for (key, id) in byKey.sorted(by: { $0.key < $1.key }) {
            let distance = EditDistance.between(target, key)
            if best == nil || distance < best!.distance { best = (distance, id) }
        }
        guard let best, best.distance <= max(2, target.count / 3) else { return nil }
        return self[best.id]
    }

    /// The regions of a federal district, in registry order.
    public func regions(in district: FederalDistrict) -> [Region] {
        all.filter { $0.district == district }
    }

    /// The matching key: lowercase, ё→е, every dash a hyphen with no spaces around it, no dots
    /// or brackets, single spaces.
    static func key(_ name: String) -> String {
        var out = ""
        var pendingSpace = false
        for character in name.lowercased() {
            switch character {
            case "ё": out.append("е"); pendingSpace = false
            case "-", "‐", "–", "—", "−":
                while out.last == " " { out.removeLast() }
                out.append("-")
                pendingSpace = false
            case ".", "(", ")", "«", "»", "\"":
                pendingSpace = true
            default:
                if character.isWhitespace {
                    pendingSpace = true
                } else {
                    if pendingSpace, !out.isEmpty, out.last != "-" { out.append(" ") }
                    pendingSpace = false
                    out.append(character)
                }
            }
        }
        return out
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
