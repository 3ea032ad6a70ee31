import ArgumentParser
import Foundation
import PraktikaModel

/// `praktika regions`: print the built-in registry of federal subjects.
struct RegionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regions", abstract: "Показать встроенный список субъектов Российской Федерации.")

    @Flag(name: .long, help: "Вывести JSON.")
    var json = false

    func run() throws {
        let regions = RegionRegistry.shared.all
        if json {
            let rows = regions.map {
                RegionRow(code: $0.id.code, name: $0.name, kind: $0.kind.rawValue, district: $0.district.name,
                          slug: $0.slug, genitive: $0.genitive, prepositional: $0.inPhrase, aliases: $0.aliases)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
        } else {
            for region in regions {
                print("\(region.id.code)\t\(region.name)\t\(region.kind.rawValue)\t\(region.district.abbreviation)\t\(region.slug)")
            }
        }
    }

    private struct RegionRow: Encodable {
        let code: Int, name: String, kind: String, district: String, slug: String
        let genitive: String, prepositional: String, aliases: [String]
    }
}
