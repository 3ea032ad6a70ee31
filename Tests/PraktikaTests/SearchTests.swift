import Foundation
import PraktikaBuild
import PraktikaDiagnostics
import PraktikaText
import Testing

/// The search text rules against the shared vector file that `search.js` is checked against too.
@Suite struct SearchTextTests {
    struct Vectors {
        var stems: [(String, String)]
        var terms: [(String, [String])]
        var shards: [(String, Int, Int)]
    }

    static func vectors() throws -> Vectors {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.fixtures + "/search/vectors.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let stems = try #require(json["stems"] as? [[String]]).map { ($0[0], $0[1]) }
        let terms = try #require(json["terms"] as? [[Any]]).map { ($0[0] as? String ?? "", $0[1] as? [String] ?? ["?"]) }
        let shards = try #require(json["shards"] as? [[Any]]).map {
            ($0[0] as? String ?? "", $0[1] as? Int ?? 0, $0[2] as? Int ?? -1)
        }
        return Vectors(stems: stems, terms: terms, shards: shards)
    }

    @Test func stemsMatchTheReferenceSnowballStemmer() throws {
        let vectors = try Self.vectors()
        #expect(vectors.stems.count > 1000)
        let wrong = vectors.stems.filter { RussianStemmer.stem($0.0) != $0.1 }
            .map { "\($0.0): \(RussianStemmer.stem($0.0)) ≠ \($0.1)" }
        #expect(wrong.isEmpty, "\(wrong.count) stems differ: \(wrong.prefix(20))")
    }

    @Test func textsBecomeTheSameTerms() throws {
        for (text, expected) in try Self.vectors().terms {
            #expect(SearchText.terms(text) == expected, "\(text)")
        }
    }

    @Test func shardsAgree() throws {
        for (term, count, expected) in try Self.vectors().shards {
            #expect(SearchText.shard(of: term, count: count) == expected, "\(term) mod \(count)")
        }
    }

    @Test func foldsCaseAndYo() {
        #expect(SearchText.words("ЁЛКА и Ёж, её") == ["елка", "и", "еж", "ее"])
        #expect(RussianStemmer.stem("ёлками") == RussianStemmer.stem("елками"))
        #expect(SearchText.terms("Практики регионов") == SearchText.terms("практика региона"))
    }
}

/// The index files of a built fixture site, read back the way `search.js` reads them.
@Suite struct SearchIndexTests {
    static func built() throws -> [String: [UInt8]] {
        let (outcome, out) = BuildTests.build(TestSupport.fixtures + "/portal-small")
        #expect(!outcome.report.hasErrors)
        return try TestSupport.tree(out)
    }

    static func json(_ tree: [String: [UInt8]], _ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try #require(tree[path], "\(path) missing")))
    }

    /// Documents having every term of `query`, best first, as (url, title) — the algorithm of search.js.
    static func search(_ query: String, in tree: [String: [UInt8]]) throws -> [(String, String)] {
        let meta = try #require(try json(tree, "search/index/meta.json") as? [String: Int])
        let (docs, shards, chunk) = (meta["docs"] ?? 0, meta["shards"] ?? 0, meta["chunk"] ?? 0)
        var scores: [Int: Double]?
        for term in Set(SearchText.terms(query)) {
            let shard = try #require(try json(tree, "search/index/t-\(SearchText.shard(of: term, count: shards)).json") as? [String: [Int]])
            var postings: [Int: Double] = [:]
            var doc = 0
            let list = shard[term] ?? []
            for i in stride(from: 0, to: list.count, by: 2) {
                doc += list[i]
                postings[doc] = Double(list[i + 1])
            }
            let idf = log(1 + Double(docs) / Double(max(postings.count, 1)))
            var next: [Int: Double] = [:]
            for (doc, weight) in postings {
                if let scores, scores[doc] == nil { continue }
                next[doc] = (scores?[doc] ?? 0) + weight * idf
            }
            scores = next
        }
        let ranked = (scores ?? [:]).sorted { $0.value > $1.value || $0.value == $1.value && $0.key < $1.key }
        return try ranked.map { doc, _ in
            let rows = try #require(try json(tree, "search/index/docs-\(doc / chunk).json") as? [[String]])
            return (rows[doc % chunk][0], rows[doc % chunk][1])
        }
    }

    @Test func findsPracticesByInflectedWordsAndRegion() throws {
        let tree = try Self.built()
        let byRegion = try Self.search("ТЮМЕНСКОЙ области", in: tree)
        #expect(byRegion.map(\.0).contains("/portal/practices/bezopasnoe-detstvo/"), "\(byRegion)")
        let byTitle = try Self.search("безопасного детства", in: tree)
        #expect(byTitle.first?.0 == "/portal/practices/bezopasnoe-detstvo/", "\(byTitle)")
        #expect(try Self.search("несуществующееслово", in: tree).isEmpty)
        #expect(try Self.search("и в на", in: tree).isEmpty, "stop words alone find nothing")
    }

    @Test func everyDocumentLinksToABuiltPageAndTheIndexIsDeterministic() throws {
        let tree = try Self.built()
        let meta = try #require(try Self.json(tree, "search/index/meta.json") as? [String: Int])
        var urls: [String] = []
        for chunk in 0..<((meta["docs"] ?? 0) + (meta["chunk"] ?? 1) - 1) / (meta["chunk"] ?? 1) {
            let rows = try #require(try Self.json(tree, "search/index/docs-\(chunk).json") as? [[String]])
            urls += rows.map { $0[0] }
        }
        #expect(urls.count == meta["docs"])
        for url in urls {
            let path = String(url.dropFirst("/portal/".count)) + "index.html"
            #expect(tree[path] != nil, "\(url) has no page")
        }
        let again = try Self.built().filter { $0.key.hasPrefix("search/") }
        #expect(again == tree.filter { $0.key.hasPrefix("search/") })
    }

    @Test func textIsEscapedInTheIndex() throws {
        let tree = try Self.built()
        for (path, bytes) in tree where path.hasPrefix("search/index/") {
            #expect(!bytes.contains(UInt8(ascii: "<")), "\(path) has a raw <")
            _ = try JSONSerialization.jsonObject(with: Data(bytes))
        }
    }
}

@Suite struct SearchFastPathTests {
    /// The index builder's vocabulary gives exactly the terms of the reference path (which `search.js` mirrors),
    /// also when words come back (the second pass hits its table) and when the table grows.
    @Test func vocabularyGivesTheReferenceTerms() throws {
        var vocabulary = SearchVocabulary()
        var texts = try SearchTextTests.vectors().terms.map(\.0)
        texts += ["ЁЛКИ ёлки Ёлки", "a b cd éé 12 345", "дом-интернат №5", "", "и в на", "x"]
        // Letters next to what is not one: other Cyrillic (Ѐ, і), dashes and quotes, emoji, Greek, combining marks.
        texts += ["Ѐх і—ёж«дом»😀мир café ΩΣ-мир ʼпапа", "е\u{0308}лка мама\u{0301}", "тест😀😀тест"]
        // Capitals, a text that is one word, a word filling the whole text, very long words.
        // Every Russian letter in both cases, and their neighbours in the two-byte tables (Ѐ Ђ … Џ, ѐ ђ … џ, Ѡ).
        texts += ["АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "ЀЂЃЄЅІЇЈЉЊЋЌЍЎЏ ѐђѓєѕіїјљњћќѝўџ Ѡѡ"]
        texts += ["ABC Дом ДОМ дОм Z9", "дом", "Ёж", String(repeating: "я", count: 300), "a" + String(repeating: "Б", count: 999) + " б"]
        texts += (0..<3000).map { "слово\($0) дом\($0 % 7)а" }
        for text in texts + texts {
            var numbers: [Int32] = []
            vocabulary.appendTerms(of: text, to: &numbers)
            #expect(numbers.map { vocabulary.terms[Int($0)].string } == SearchText.terms(text), "\(text)")
        }
    }
}
