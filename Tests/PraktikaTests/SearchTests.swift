import Foundation
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
