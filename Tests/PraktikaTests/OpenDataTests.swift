import Foundation
@testable import PraktikaBuild
import PraktikaDiagnostics
import Testing

@Suite struct OpenDataTests {
    static func built() throws -> [String: [UInt8]] {
        let (outcome, out) = BuildTests.build(TestSupport.fixtures + "/portal-small")
        #expect(!outcome.report.hasErrors)
        return try TestSupport.tree(out)
    }

    @Test func everyDatasetHasJSONCSVAndASchemaThatAgree() throws {
        let tree = try Self.built()
        let expectedRows = ["practices": 2, "regions": 89, "awards": 2, "forums": 2]
        for (name, count) in expectedRows {
            let json = try #require(tree["data/\(name).json"])
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [[String: Any]])
            #expect(rows.count == count, "\(name)")
            let schemaBytes = try #require(tree["data/schema/\(name).schema.json"])
            let schema = try #require(try JSONSerialization.jsonObject(with: Data(schemaBytes)) as? [String: Any])
            let items = try #require(schema["items"] as? [String: Any])
            let required = try #require(items["required"] as? [String])
            for row in rows { #expect(Set(row.keys) == Set(required), "\(name): keys \(row.keys.sorted())") }
            let csv = String(decoding: try #require(tree["data/\(name).csv"]), as: UTF8.self)
            #expect(csv.hasPrefix(required.joined(separator: ",") + "\r\n"))
            #expect(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count >= count + 1)
        }
        let regions = String(decoding: try #require(tree["data/regions.json"]), as: UTF8.self)
        #expect(regions.contains(#""name":"Тюменская область","kind":"область","district":"Уральский федеральный округ""#))
    }

    @Test(arguments: [
        ("простой", "простой"),
        ("с, запятой", "\"с, запятой\""),
        ("с \"кавычками\"", "\"с \"\"кавычками\"\"\""),
        ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
        ("+7 900", "'+7 900"),
        ("@SUM", "'@SUM"),
        ("две\nстроки", "\"две\nстроки\""),
    ])
    func csvCellsAreQuotedAndFormulasDefused(input: String, expected: String) {
        #expect(OpenData.csvCell(input) == expected)
    }

    @Test func statsPageHasAccessibleChartsWithTheirData() throws {
        let tree = try Self.built()
        let html = String(decoding: try #require(tree["stats/index.html"]), as: UTF8.self)
        #expect(html.components(separatedBy: "<svg class=\"chart\" role=\"img\"").count == 7, "six charts")
        #expect(html.components(separatedBy: "<title id=").count == 7)
        #expect(html.components(separatedBy: "<table class=\"data\">").count == 7, "a data table behind each chart")
        #expect(html.contains("<desc id=\"awards-by-nomination-desc\">"))
        let data = String(decoding: try #require(tree["data/index.html"]), as: UTF8.self)
        #expect(data.contains("<code>region_code</code>"))
    }
}

@Suite struct TileMapTests {
    @Test func everySubjectHasOneTileInItsOwnCellWithAUniqueLabel() {
        let tiles = TileMap.tiles
        #expect(tiles.count == 89)
        #expect(Set(tiles.map(\.code)) == Set(1...89))
        #expect(Set(tiles.map { "\($0.row):\($0.column)" }).count == 89)
        #expect(Set(tiles.map(\.label)).count == 89)
        #expect(tiles.allSatisfy { (0..<TileMap.rows).contains($0.row) && (0..<TileMap.columns).contains($0.column) })
    }

    @Test(arguments: [1, 3, 4, 7, 100, 101])
    func legendCoversEveryCountWithItsColour(maximum: Int) {
        let legend = TileMap.legend(maximum: maximum)
        for count in 1...maximum {
            let level = TileMap.level(count, maximum: maximum)
            let entry = legend.first { $0.level == level }
            let bounds = entry?.text.split(separator: "–").compactMap { Int($0) } ?? []
            #expect(bounds.count >= 1 && bounds.first! <= count && count <= bounds.last!, "\(count) of \(maximum) → level \(level), legend \(legend)")
        }
        #expect(TileMap.level(0, maximum: maximum) == 0)
    }

    @Test func homeAndRegionsShowTheMapWithNamedLinks() throws {
        let tree = try OpenDataTests.built()
        for page in ["index.html", "regions/index.html"] {
            let html = String(decoding: try #require(tree[page]), as: UTF8.self)
            #expect(html.components(separatedBy: "<a class=\"level-").count == 90, "\(page)")
            #expect(html.contains("aria-label=\"Тюменская область: 2\u{00A0}практики\""), "\(page)")
            #expect(html.contains("aria-label=\"Республика Коми: нет практик\""), "\(page)")
        }
    }
}
