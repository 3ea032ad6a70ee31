import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import PraktikaText

/// The static full-text search index under `search/index/`, queried by `Templates/assets/search.js`.
///
/// - `meta.json`: `{"version", "docs", "shards", "chunk"}`.
/// - `t-N.json`: the postings of the terms whose `SearchText.shard` is N: `{"term": [Δdoc, weight, …]}`,
///   documents delta-coded in ascending order, weight = Σ field weight × occurrences.
/// - `docs-K.json`: documents K×chunk ..< (K+1)×chunk as `[url, title, kind, region, text]`, where text is the
///   summary or first paragraph (for the snippet).
/// A query downloads `meta.json`, one shard per query term and the document chunks of the hits it shows.
public enum SearchIndex {
    /// Documents per `docs-K.json`.
    static let chunk = 50

    /// A searchable document.
    struct Document {
        var url: String
        var title: String
        var kind: String
        var region: String
        var text: String
        /// Texts with their weights.
        var fields: [(String, Int)]
        /// The body's plain text (UTF-8), weight 1.
        var body: [UInt8]
    }

    /// The index files (paths under the output folder), deterministic for a given site.
    public static func files(site: Site, routes: Routes, jobs: Int? = nil) -> [(path: String, bytes: [UInt8])] {
        let documents = self.documents(site: site, routes: routes)
        let shardCount = shards(for: documents.count)
        // Postings of slices of documents in parallel (one vocabulary per slice: the words repeat), grouped by
        // shard; then each shard merges the slices in document order and writes its JSON.
        typealias Term = SearchText.Term
        struct SlicePostings {
            var terms: [Term]
            /// Term numbers of each shard.
            var byShard: [[Int32]]
            /// [doc, weight, doc, weight, …] by term number.
            var postings: [[Int]]
        }
        // Each slice stems its distinct words once: with 256 documents a slice, stemming the same words again
        // in 40 slices was 2% of a 10k build (1024: search+data 0.64 -> 0.55 s, the same peak memory).
        let sliceSize = 1024
        let slices = stride(from: 0, to: documents.count, by: sliceSize).map { $0..<min($0 + sliceSize, documents.count) }
        let perSlice = concurrentMap(slices, jobs: jobs) { slice -> SlicePostings in
            var vocabulary = SearchVocabulary()
            var postings: [[Int]] = []
            var weights: [Int] = []
            var touched: [Int32] = []
            var numbers: [Int32] = []
            /// Adds `weight` for every term number in `numbers`.
            func tally(_ weight: Int) {
                if weights.count < vocabulary.terms.count {
                    weights += [Int](repeating: 0, count: vocabulary.terms.count - weights.count)
                    postings += [[Int]](repeating: [], count: vocabulary.terms.count - postings.count)
                }
                for number in numbers {
                    if weights[Int(number)] == 0 { touched.append(number) }
                    weights[Int(number)] += weight
                }
            }
            for doc in slice {
                for (text, weight) in documents[doc].fields {
                    numbers.removeAll(keepingCapacity: true)
                    vocabulary.appendTerms(of: text, to: &numbers)
                    tally(weight)
                }
                numbers.removeAll(keepingCapacity: true)
                vocabulary.appendTerms(utf8: documents[doc].body, to: &numbers)
                tally(1)
                for number in touched {
                    postings[Int(number)].append(contentsOf: [doc, weights[Int(number)]])
                    weights[Int(number)] = 0
                }
                touched.removeAll(keepingCapacity: true)
            }
            var byShard = [[Int32]](repeating: [], count: shardCount)
            for (number, term) in vocabulary.terms.enumerated() {
                byShard[SearchText.shard(ofBytes: term.bytes, count: shardCount)].append(Int32(number))
            }
            return SlicePostings(terms: vocabulary.terms, byShard: byShard, postings: postings)
        }
        let shardFiles = concurrentMap(Array(0..<shardCount), jobs: jobs) { number -> (path: String, bytes: [UInt8]) in
            var merged: [Term: [Int]] = [:]
            for slice in perSlice {
                for term in slice.byShard[number] {
                    merged[slice.terms[Int(term)], default: []].append(contentsOf: slice.postings[Int(term)])
                }
            }
            var json: [UInt8] = [UInt8(ascii: "{")]
            for (i, term) in merged.keys.sorted().enumerated() {
                if i > 0 { json.append(UInt8(ascii: ",")) }
                json += JSONText.quote(term.string).utf8
                json += [UInt8(ascii: ":"), UInt8(ascii: "[")]
                var previous = 0
                let list = merged[term] ?? []
                for pair in stride(from: 0, to: list.count, by: 2) {
                    if pair > 0 { json.append(UInt8(ascii: ",")) }
                    appendDecimal(list[pair] - previous, to: &json)
                    json.append(UInt8(ascii: ","))
                    appendDecimal(list[pair + 1], to: &json)
                    previous = list[pair]
                }
                json.append(UInt8(ascii: "]"))
            }
            json += [UInt8(ascii: "}"), UInt8(ascii: "\n")]
            return (path: "search/index/t-\(number).json", bytes: json)
        }

        var files: [(path: String, bytes: [UInt8])] = []
        files.append((path: "search/index/meta.json", bytes: Array(
            "{\"version\":1,\"docs\":\(documents.count),\"shards\":\(shardCount),\"chunk\":\(chunk)}\n".utf8)))
        files += shardFiles
        for start in stride(from: 0, to: max(documents.count, 1), by: chunk) {
            let rows = documents[start..<min(start + chunk, documents.count)].map { doc in
                "[" + [doc.url, doc.title, doc.kind, doc.region, doc.text].map(JSONText.quote).joined(separator: ",") + "]"
            }
            files.append((path: "search/index/docs-\(start / chunk).json", bytes: Array(("[" + rows.joined(separator: ",\n") + "]\n").utf8)))
        }
        return files
    }

    /// Appends a non-negative integer in decimal.
    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        if value >= 10 { appendDecimal(value / 10, to: &bytes) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// A power of two near one shard per 40 documents, 1 to 256.
    static func shards(for documents: Int) -> Int {
        var count = 1
        while count < 256, count * 40 < documents { count *= 2 }
        return count
    }

    /// Practices, then forums, news and pages, in site order.
    static func documents(site: Site, routes: Routes) -> [Document] {
        var documents: [Document] = []
        for practice in site.practices {
            let region = site.regions[practice.region]
            let topics = practice.topics.compactMap { site.topic($0)?.name }.joined(separator: " ")
            let nominations = (site.awardsByPractice[practice.id] ?? [])
                .compactMap { site.nomination(site.awards[$0].nomination)?.name }.joined(separator: " ")
            documents.append(Document(
                url: routes.href(Routes.practice(practice.id)), title: practice.title, kind: "Практика",
                region: region.name, text: clip(practice.meta.description),
                fields: [(practice.title, 8), (region.name, 4), (practice.organization ?? "", 4), (topics, 4),
                         (nominations, 4), (practice.meta.summary ?? "", 2)],
                body: practice.meta.body.plainTextUTF8))
        }
        for forum in site.forums {
            documents.append(Document(
                url: routes.href(Routes.forum(forum.id)), title: forum.title, kind: "Форум", region: forum.city ?? "",
                text: clip(forum.meta.description),
                fields: [(forum.title, 8), (forum.city ?? "", 4), (forum.organizer ?? "", 4),
                         (forum.meta.summary ?? "", 2)], body: forum.meta.body.plainTextUTF8))
        }
        for item in site.news {
            let regions = item.regions.map { site.regions[$0].name }
            documents.append(Document(
                url: routes.href(Routes.newsItem(item.id)), title: item.title, kind: "Новость",
                region: regions.joined(separator: ", "), text: clip(item.meta.description),
                fields: [(item.title, 8), (regions.joined(separator: " "), 4), (item.meta.summary ?? "", 2)],
                body: item.meta.body.plainTextUTF8))
        }
        for page in site.pages {
            documents.append(Document(
                url: routes.href(Routes.page(page.id)), title: page.title, kind: "Страница", region: "",
                text: clip(page.meta.description), fields: [(page.title, 8)],
                body: page.meta.body.plainTextUTF8))
        }
        return documents
    }

    /// At most 240 characters, cut at a space.
    static func clip(_ text: String) -> String { text.clipped(to: 240) }
}
