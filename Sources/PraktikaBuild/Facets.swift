import PraktikaDiagnostics
import PraktikaModel
import PraktikaText

/// `practices/facets.json`: what `facets.js` needs to filter `/practices/` by district, region, nomination,
/// award level, topic, forum, year started and status, with live counts and the state in the URL.
///
/// `{"facets":[{"key","title","values":[[key,label],…]}…],"items":[[title,url,region,summary,[[facet value
/// indexes]…]]…]}` — each item lists, per facet in order, the indexes of its values (none, one or several).
enum Facets {
    struct Facet {
        var key: String
        var title: String
        var values: [(key: String, label: String)]
    }

    static func json(site: Site, routes: Routes) -> [UInt8] {
        let districts = FederalDistrict.allCases
        let regions = site.regions.all.filter { site.practicesByRegion[$0.id] != nil }.sortedRussian(by: \.name)
        let years = Set(site.practices.compactMap(\.started)).sorted(by: >)
        let facets = [
            Facet(key: "district", title: "Федеральный округ", values: districts.map { ($0.slug, $0.name) }),
            Facet(key: "region", title: "Регион", values: regions.map { ($0.slug, $0.name) }),
            Facet(key: "nomination", title: "Номинация", values: site.nominations.map { ($0.id.slug, $0.name) }),
            Facet(key: "award", title: "Награда", values: AwardLevel.allCases.map { (Slug.make($0.rawValue), $0.rawValue) }),
            Facet(key: "topic", title: "Тема", values: site.topics.map { ($0.id.slug, $0.name) }),
            Facet(key: "forum", title: "Форум", values: site.forums.map { ($0.id.slug, $0.shortTitle ?? $0.title) }),
            Facet(key: "year", title: "Год начала", values: years.map { (String($0), String($0)) }),
            Facet(key: "status", title: "Состояние", values: PracticeStatus.allCases.map { (Slug.make($0.rawValue), $0.rawValue) }),
        ]
        func indexes<T: Hashable>(_ keys: [T]) -> [T: Int] {
            Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
        let districtIndex = indexes(districts)
        let regionIndex = indexes(regions.map(\.id))
        let nominationIndex = indexes(site.nominations.map(\.id))
        let levelIndex = indexes(AwardLevel.allCases)
        let topicIndex = indexes(site.topics.map(\.id))
        let forumIndex = indexes(site.forums.map(\.id))
        let yearIndex = indexes(years)
        let statusIndex = indexes(PracticeStatus.allCases)

        var items: [String] = []
        for practice in site.practices {
            let region = site.regions[practice.region]
            let awards = (site.awardsByPractice[practice.id] ?? []).map { site.awards[$0] }
            let values: [[Int]] = [
                [districtIndex[region.district]].compactMap { $0 },
                [regionIndex[region.id]].compactMap { $0 },
                Set(awards.compactMap { nominationIndex[$0.nomination] }).sorted(),
                Set(awards.compactMap { levelIndex[$0.level] }).sorted(),
                practice.topics.compactMap { topicIndex[$0] },
                practice.forums.compactMap { forumIndex[$0] },
                [practice.started.flatMap { yearIndex[$0] }].compactMap { $0 },
                [practice.status.flatMap { statusIndex[$0] }].compactMap { $0 },
            ]
            let summary = SearchIndex.clip(practice.meta.description)
            items.append("[" + [practice.title, routes.href(Routes.practice(practice.id)), region.name, summary]
                .map(JSONText.quote).joined(separator: ",") + ",["
                + values.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }.joined(separator: ",") + "]]")
        }
        let facetJSON = facets.map { facet in
            "{\"key\":\(JSONText.quote(facet.key)),\"title\":\(JSONText.quote(facet.title)),\"values\":["
                + facet.values.map { "[\(JSONText.quote($0.key)),\(JSONText.quote($0.label))]" }.joined(separator: ",") + "]}"
        }
        return Array(("{\"facets\":[\n" + facetJSON.joined(separator: ",\n") + "\n],\"items\":[\n"
            + items.joined(separator: ",\n") + "\n]}\n").utf8)
    }
}
