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

    /// The index files (paths under the output folder), deterministic for a given site, sorted by path.
    public static func files(site: Site, routes: Routes, jobs: Int? = nil) -> [(path: String, bytes: [UInt8])] {
        let collected = CollectedFiles()
        write(site: site, routes: routes, jobs: jobs) { collected.add($0, $1) }
        return collected.sortedByPath()
    }

    /// Makes the index files and hands each to `sink` as soon as it is made (from several threads), so
    /// that a big index is never held in memory whole.
    public static func write(site: Site, routes: Routes, jobs: Int? = nil, to sink: FileSink) {
        let documents = self.documents(site: site, routes: routes)
        let shardCount = shards(for: documents.count)
        sink("search/index/meta.json", Array(
            "{\"version\":1,\"docs\":\(documents.count),\"shards\":\(shardCount),\"chunk\":\(chunk)}\n".utf8))
        // Postings of slices of documents in parallel (one vocabulary per slice: the words repeat), grouped by
        // shard; then each shard merges the slices in document order and writes its JSON.
        // Each slice stems its distinct words once: with 256 documents a slice, stemming the same words again
        // in 40 slices was 2% of a 10k build (1024: search+data 0.64 -> 0.55 s, the same peak memory).
        let sliceSize = 1024
        let slices = stride(from: 0, to: documents.count, by: sliceSize).map { $0..<min($0 + sliceSize, documents.count) }
        let perSlice = concurrentMap(slices, jobs: jobs) { postings(of: documents, $0, shardCount: shardCount) }
        _ = concurrentMap(Array(0..<shardCount), jobs: jobs) { number in
            sink("search/index/t-\(number).json", shardJSON(number, perSlice))
        }
        let starts = Array(stride(from: 0, to: max(documents.count, 1), by: chunk))
        _ = concurrentMap(starts, jobs: jobs) { start in
            var json: [UInt8] = [UInt8(ascii: "[")]
            for doc in documents[start..<min(start + chunk, documents.count)] {
                if json.count > 1 { json.append(UInt8(ascii: ",")); json.append(UInt8(ascii: "\n")) }
                json.append(UInt8(ascii: "["))
                JSONText.appendQuoted(doc.url, to: &json)
                for field in 0..<4 {
                    json.append(UInt8(ascii: ","))
                    JSONText.appendQuoted(field == 0 ? doc.title : field == 1 ? doc.kind : field == 2 ? doc.region : doc.text, to: &json)
                }
                json.append(UInt8(ascii: "]"))
            }
            json.append(UInt8(ascii: "]")); json.append(UInt8(ascii: "\n"))
            sink("search/index/docs-\(start / chunk).json", json)
        }
    }

    /// The postings of one slice of documents: its terms, their numbers by shard, and for each term its
    /// documents in ascending order with their weights.
    struct SlicePostings: Sendable {
        var terms: [SearchText.Term]
        /// Term numbers of each shard.
        var byShard: [[Int32]]
        /// Term number n's postings are `pairs[2 * start[n] ..< 2 * start[n + 1]]`: [doc, weight, doc, weight, …].
        /// One flat array (not an array per term): a 10k site has millions of postings.
        var start: [Int32]
        var pairs: [Int32]

        func postings(of term: Int32) -> ArraySlice<Int32> {
            pairs[2 * Int(start[Int(term)]) ..< 2 * Int(start[Int(term) + 1])]
        }
    }

    static func postings(of documents: [Document], _ slice: Range<Int>, shardCount: Int) -> SlicePostings {
        var vocabulary = SearchVocabulary()
        var weights: [Int32] = []
        var touched: [Int32] = []
        var numbers: [Int32] = []
        // Every (term, weight) of every document, in document order; `ends[k]` is where document k of the
        // slice ends in it (in pairs).
        var entries: [Int32] = []
        var ends: [Int] = []
        ends.reserveCapacity(slice.count)
        /// Adds `weight` for every term number in `numbers`.
        func tally(_ weight: Int32) {
            if weights.count < vocabulary.terms.count {
                weights += [Int32](repeating: 0, count: vocabulary.terms.count - weights.count)
            }
            // Over buffers: millions of terms, and each subscript assignment checked the array's uniqueness.
            weights.withUnsafeMutableBufferPointer { weights in
                for number in numbers {
                    if weights[Int(number)] == 0 { touched.append(number) }
                    weights[Int(number)] += weight
                }
            }
        }
        for doc in slice {
            for (text, weight) in documents[doc].fields {
                numbers.removeAll(keepingCapacity: true)
                vocabulary.appendTerms(of: text, to: &numbers)
                tally(Int32(weight))
            }
            numbers.removeAll(keepingCapacity: true)
            vocabulary.appendTerms(utf8: documents[doc].body, to: &numbers)
            tally(1)
            for number in touched {
                // Two appends: `+= [a, b]` allocated a two-element array for every posting.
                entries.append(number)
                entries.append(weights[Int(number)])
                weights[Int(number)] = 0
            }
            touched.removeAll(keepingCapacity: true)
            ends.append(entries.count / 2)
        }
        // Counting sort by term, stable: each term's documents stay in ascending order.
        let termCount = vocabulary.terms.count
        var start = [Int32](repeating: 0, count: termCount + 1)
        for pair in stride(from: 0, to: entries.count, by: 2) { start[Int(entries[pair]) + 1] += 1 }
        for n in 0..<termCount { start[n + 1] += start[n] }
        var cursor = start
        let pairs = [Int32](unsafeUninitializedCapacity: entries.count) { pairs, initialized in
            cursor.withUnsafeMutableBufferPointer { cursor in
                entries.withUnsafeBufferPointer { entries in
                    var entry = 0
                    for (k, end) in ends.enumerated() {
                        let doc = Int32(slice.lowerBound + k)
                        while entry < end {
                            let term = Int(entries[2 * entry])
                            let at = 2 * Int(cursor[term])
                            pairs[at] = doc
                            pairs[at + 1] = entries[2 * entry + 1]
                            cursor[term] += 1
                            entry += 1
                        }
                    }
                }
            }
            // Every slot was written: the cursors of all terms together cover every pair once.
            initialized = entries.count
        }
        var byShard = [[Int32]](repeating: [], count: shardCount)
        for (number, term) in vocabulary.terms.enumerated() {
            byShard[SearchText.shard(ofBytes: term.bytes, count: shardCount)].append(Int32(number))
        }
        return SlicePostings(terms: vocabulary.terms, byShard: byShard, start: start, pairs: pairs)
    }

    /// Shard `number` as JSON: its terms in order, each with the postings of every slice, documents delta-coded.
    static func shardJSON(_ number: Int, _ perSlice: [SlicePostings]) -> [UInt8] {
        var merged: [SearchText.Term: [Int32]] = [:]
        for slice in perSlice {
            for term in slice.byShard[number] {
                merged[slice.terms[Int(term)], default: []].append(contentsOf: slice.postings(of: term))
            }
        }
        var json: [UInt8] = [UInt8(ascii: "{")]
        for (i, term) in merged.keys.sorted().enumerated() {
            if i > 0 { json.append(UInt8(ascii: ",")) }
            JSONText.appendQuoted(term.string, to: &json)
            json.append(UInt8(ascii: ":")); json.append(UInt8(ascii: "["))
            var previous = 0
            let list = merged[term] ?? []
            for pair in stride(from: 0, to: list.count, by: 2) {
                if pair > 0 { json.append(UInt8(ascii: ",")) }
                appendDecimal(Int(list[pair]) - previous, to: &json)
                json.append(UInt8(ascii: ","))
                appendDecimal(Int(list[pair + 1]), to: &json)
                previous = Int(list[pair])
            }
            json.append(UInt8(ascii: "]"))
        }
        json.append(UInt8(ascii: "}")); json.append(UInt8(ascii: "\n"))
        return json
    }

    /// Appends a non-negative integer in decimal (digits written backwards into a small buffer, then copied:
    /// the recursive version was 5% of this stage, millions of postings).
    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        precondition(value >= 0)
        if value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = value
            var start = 20
            while rest > 0 {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
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
        documents.reserveCapacity(site.practices.count + site.forums.count + site.news.count + site.pages.count)
        // By index, field by field: `for practice in site.practices` copied each one whole.
        for i in site.practices.indices {
            let region = site.regions[site.practices[i].region]
            let topics = site.practices[i].topics.compactMap { site.topic($0)?.name }.joined(separator: " ")
            let nominations = (site.awardsByPractice[site.practices[i].id] ?? [])
                .compactMap { site.nomination(site.awards[$0].nomination)?.name }.joined(separator: " ")
            let title = site.practices[i].title
            documents.append(Document(
                url: routes.href(Routes.practice(site.practices[i].id)), title: title, kind: "Практика",
                region: region.name, text: clip(site.practices[i].meta.description),
                fields: [(title, 8), (region.name, 4), (site.practices[i].organization ?? "", 4), (topics, 4),
                         (nominations, 4), (site.practices[i].meta.summary ?? "", 2)],
                body: site.practices[i].meta.body.plainTextUTF8))
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
