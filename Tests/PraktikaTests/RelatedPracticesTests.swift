import Foundation
@testable import PraktikaBuild
import PraktikaModel
import PropertyBased
import Testing

/// "Related practices" on a practice page: the nearest neighbours in title order, first in the region
/// (up to three), then in the first topic (up to five in all).
@Suite struct RelatedPracticesTests {
    /// The definition, on IDs and with a linear search.
    static func reference(_ practice: Practice, site: Site) -> [Practice.ID] {
        var chosen: [Practice.ID] = []
        func take(_ list: [Practice.ID], limit: Int) {
            guard let here = list.firstIndex(of: practice.id) else { return }
            var added = 0, offset = 1
            while added < limit && (here - offset >= 0 || here + offset < list.count) {
                for index in [here + offset, here - offset] where list.indices.contains(index) && added < limit {
                    if list[index] != practice.id && !chosen.contains(list[index]) { chosen.append(list[index]); added += 1 }
                }
                offset += 1
            }
        }
        take(site.practicesByRegion[practice.region] ?? [], limit: 3)
        if let topic = practice.topics.first { take(site.practicesByTopic[topic] ?? [], limit: 5 - chosen.count) }
        return chosen
    }

    /// Sites of practices crowded into three regions and three topics, so the lists overlap.
    @Test func matchesTheDefinition() async throws {
        let theme = try #require(PropertyTests.theme)
        let regions = ["Тюменская область", "Республика Коми", "Алтайский край"]
        let topics = ["семья", "дети", "опека"]
        await propertyCheck(count: 20, input: Gen.int(in: 0...Int.max), Gen.int(in: 1...40)) { seed, size in
            var rng = SplitMix(seed: UInt64(seed))
            var files = [SourceFile(path: "site.yml", text: "title: Т\nbase_url: https://example.org/\n")]
            for i in 0..<size {
                let title = "П \(rng.next() % 1000) \(i)"
                let region = regions[Int(rng.next() % 3)]
                let first = topics[Int(rng.next() % 3)], second = topics[Int(rng.next() % 3)]
                files.append(SourceFile(path: "practices/p\(i).md", text: """
                    ---
                    title: \(title)
                    region: \(region)
                    topics: [\(first), \(second)]
                    ---
                    Текст.
                    """))
            }
            guard let site = PortalLoader.load(files).site else {
                Issue.record("the site did not load")
                return
            }
            let builder = ViewModelBuilder(site: site, theme: theme)
            for practice in site.practices {
                #expect(builder.relatedPositions(practice).map { site.practices[$0].id } == Self.reference(practice, site: site), "seed \(seed)")
            }
        }
    }
}
