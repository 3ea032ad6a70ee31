import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import PraktikaBuild
import PraktikaDiagnostics
import PraktikaModel
import PropertyBased
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
        ("\"", "\"\"\"\""),
        ("\"а\"\"", "\"\"\"а\"\"\"\"\""),
        ("-\";", "\"'-\"\";\""),
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

/// Collects `<entry>` ids and `<updated>` texts of an Atom feed.
final class AtomCollector: NSObject, XMLParserDelegate {
    var ids: [String] = []
    var updated: [String] = []
    var root: String?
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if root == nil { root = "\(name) \(namespaceURI ?? "")" }
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "id" { ids.append(text) }
        if name == "updated" { updated.append(text) }
    }
}

@Suite struct FeedTests {
    static func parse(_ bytes: [UInt8]) -> AtomCollector? {
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        let collector = AtomCollector()
        parser.delegate = collector
        return parser.parse() ? collector : nil
    }

    @Test func datedItemsMakeFeedsAndPagesLinkThem() throws {
        let tree = try OpenDataTests.built()
        func feed(_ path: String) throws -> AtomCollector {
            let bytes = try #require(tree[path], "\(path) missing")
            return try #require(Self.parse(bytes), "\(path) is not XML")
        }
        let news = try feed("news/feed.xml")
        #expect(news.root == "feed http://www.w3.org/2005/Atom")
        #expect(news.ids == ["https://example.org/portal/news/feed.xml", "https://example.org/portal/news/2020-11-16-itogi/"])
        #expect(news.updated == ["2020-11-16T00:00:00Z", "2020-11-16T00:00:00Z"])
        let practices = try feed("practices/feed.xml")
        #expect(practices.ids.last == "https://example.org/portal/practices/bezopasnoe-detstvo/")
        #expect(practices.updated.first == "2024-03-01T00:00:00Z")
        let region = try feed("regions/tyumenskaya-oblast/feed.xml")
        #expect(region.ids.count == 3, "the region's new practice and its news: \(region.ids)")
        #expect(region.updated.first == "2024-03-01T00:00:00Z")
        #expect(tree["regions/respublika-komi/feed.xml"] == nil, "no dated items, no feed")
        let home = String(decoding: try #require(tree["index.html"]), as: UTF8.self)
        #expect(home.contains(#"<link rel="alternate" type="application/atom+xml" title="Новости — "#))
        let page = String(decoding: try #require(tree["regions/tyumenskaya-oblast/index.html"]), as: UTF8.self)
        #expect(page.contains(#"href="/portal/regions/tyumenskaya-oblast/feed.xml""#))
    }
}

extension FeedTests {
    /// 60 practices added on three days: the feed keeps the newest 50, newest day first and, within a day,
    /// by address ("a-b" before "a": '-' sorts before '/'), whatever order the files come in.
    @Test func feedKeepsTheNewestFiftyInOrder() throws {
        var files = [SourceFile(path: "site.yml", text: "title: Т\nbase_url: https://e.org/\n")]
        let slugs = (0..<58).map { "p\($0)" } + ["a", "a-b"]
        for (i, slug) in slugs.enumerated().reversed() {
            let day = slug.hasPrefix("a") ? "2024-05-03" : ["2024-05-01", "2024-05-02"][i % 2]
            files.append(SourceFile(path: "practices/\(slug).md", text: """
                ---
                title: Практика \(slug)
                region: Коми
                added: \(day)
                ---
                Текст.
                """))
        }
        let site = try #require(PortalLoader.load(files).site)
        let feed = try #require(Feeds.all(site).first { $0.route == "/practices/feed.xml" })
        #expect(feed.entries.count == Feeds.limit)
        let expected = (["a-b", "a"] + slugs.enumerated().filter { !$1.hasPrefix("a") && $0 % 2 == 1 }.map(\.1).sorted {
            "/practices/\($0)/" < "/practices/\($1)/"
        } + slugs.enumerated().filter { !$1.hasPrefix("a") && $0 % 2 == 0 }.map(\.1).sorted {
            "/practices/\($0)/" < "/practices/\($1)/"
        }).prefix(Feeds.limit).map { "/practices/\($0)/" }
        #expect(feed.entries.map(\.route) == Array(expected))
        let atom = try #require(Self.parse(Array(Feeds.atom(feed, site: site, routes: Routes(config: site.config)).utf8)))
        #expect(atom.updated.first == "2024-05-03T00:00:00Z")
        #expect(atom.ids.count == Feeds.limit + 1)
    }
}

@Suite struct FacetDataTests {
    @Test func facetsDescribeEveryPracticeConsistently() throws {
        let tree = try OpenDataTests.built()
        let bytes = try #require(tree["practices/facets.json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let facets = try #require(json["facets"] as? [[String: Any]])
        let items = try #require(json["items"] as? [[Any]])
        #expect(facets.compactMap { $0["key"] as? String } == ["district", "region", "nomination", "award", "topic", "forum", "year", "status"])
        #expect(items.count == 2)
        let values = facets.map { ($0["values"] as? [[String]]) ?? [] }
        for item in items {
            let indexes = try #require(item[4] as? [[Int]])
            #expect(indexes.count == facets.count)
            for (facet, list) in indexes.enumerated() {
                #expect(list.allSatisfy { values[facet].indices.contains($0) }, "index out of range in facet \(facet)")
            }
        }
        let safe = try #require(items.first { ($0[0] as? String) == "Безопасное детство" })
        let picked = try #require(safe[4] as? [[Int]])
        #expect(picked[0].map { values[0][$0][1] } == ["Уральский федеральный округ"])
        #expect(picked[1].map { values[1][$0][1] } == ["Тюменская область"])
        #expect(picked[6].map { values[6][$0][0] } == ["2019"])
        #expect(picked[7].map { values[7][$0][1] } == ["действует"])
        let page = String(decoding: try #require(tree["practices/index.html"]), as: UTF8.self)
        #expect(page.contains(#"data-src="/portal/practices/facets.json" hidden"#), "the panel is hidden until the script fills it")
        #expect(page.contains(#"<div id="static-list">"#))
    }
}

@Suite struct JSONTextTests {
    @Test func escapesForJSONInsideHTMLAndRoundTrips() throws {
        let text = "a\"b\\c\nd\re\tf<g>h&i\u{01}j\u{2028}k\u{2029}l Ёж 🙂"
        let quoted = JSONText.quote(text)
        #expect(quoted == #""a\"b\\c\nd\re\tf\u003cg\u003eh\u0026i\u0001j\u2028k\u2029l Ёж 🙂""#)
        let decoded = try JSONSerialization.jsonObject(with: Data(("[" + quoted + "]").utf8)) as? [String]
        #expect(decoded == [text])
    }

    /// Eight bytes are tested at a time: escaping must come out the same, character by character, wherever the
    /// characters to escape fall (every offset, side by side, split U+2028 look-alikes, texts shorter than a word).
    @Test func quotingMatchesTheCharacterByCharacterRule() async {
        let alphabet = Array("\"\\<>&\n\r\t\u{01}\u{1F} aЯё\u{2028}\u{2029}\u{2027}\u{2030}–😀")
        let text = Gen<Character?>.element(of: alphabet).map { $0 ?? "a" }.string(of: 0...40)
        await propertyCheck(count: 2000, input: text) { text in
            var expected = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": expected += "\\\""
                case "\\": expected += "\\\\"
                case "\n": expected += "\\n"
                case "\r": expected += "\\r"
                case "\t": expected += "\\t"
                case "<", ">", "&", "\u{2028}", "\u{2029}", "\u{00}"..."\u{1F}":
                    let hex = String(scalar.value, radix: 16)
                    expected += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: expected.unicodeScalars.append(scalar)
                }
            }
            #expect(JSONText.quote(text) == expected + "\"", "\(text)")
        }
    }
}
