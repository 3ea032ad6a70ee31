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

        // Built as bytes: joining small strings per practice was most of this file's cost.
        var out: [UInt8] = Array("{\"facets\":[\n".utf8)
        for (f, facet) in facets.enumerated() {
            if f > 0 { out.append(UInt8(ascii: ",")); out.append(UInt8(ascii: "\n")) }
            out += "{\"key\":".utf8
            JSONText.appendQuoted(facet.key, to: &out)
            out += ",\"title\":".utf8
            JSONText.appendQuoted(facet.title, to: &out)
            out += ",\"values\":[".utf8
            for (v, value) in facet.values.enumerated() {
                if v > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "["))
                JSONText.appendQuoted(value.key, to: &out)
                out.append(UInt8(ascii: ","))
                JSONText.appendQuoted(value.label, to: &out)
                out.append(UInt8(ascii: "]"))
            }
            out += "]}".utf8
        }
        out += "\n],\"items\":[\n".utf8
        for i in site.practices.indices {
            if i > 0 { out.append(UInt8(ascii: ",")); out.append(UInt8(ascii: "\n")) }
            let id = site.practices[i].id
            let region = site.regions[site.practices[i].region]
            out.append(UInt8(ascii: "["))
            JSONText.appendQuoted(site.practices[i].title, to: &out)
            out.append(UInt8(ascii: ","))
            JSONText.appendQuoted(routes.href(Routes.practice(id)), to: &out)
            out.append(UInt8(ascii: ","))
            JSONText.appendQuoted(region.name, to: &out)
            out.append(UInt8(ascii: ","))
            JSONText.appendQuoted(SearchIndex.clip(site.practices[i].meta.description), to: &out)
            out.append(UInt8(ascii: ",")); out.append(UInt8(ascii: "["))
            /// One facet's value indexes: `[i,j,…]`.
            func list(_ indexes: [Int], first: Bool = false) {
                if !first { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "["))
                for (k, index) in indexes.enumerated() {
                    if k > 0 { out.append(UInt8(ascii: ",")) }
                    SearchIndex.appendDecimal(index, to: &out)
                }
                out.append(UInt8(ascii: "]"))
            }
            let awards = (site.awardsByPractice[id] ?? []).map { site.awards[$0] }
            list([districtIndex[region.district]].compactMap { $0 }, first: true)
            list([regionIndex[region.id]].compactMap { $0 })
            list(Set(awards.compactMap { nominationIndex[$0.nomination] }).sorted())
            list(Set(awards.compactMap { levelIndex[$0.level] }).sorted())
            list(site.practices[i].topics.compactMap { topicIndex[$0] })
            list(site.practices[i].forums.compactMap { forumIndex[$0] })
            list([site.practices[i].started.flatMap { yearIndex[$0] }].compactMap { $0 })
            list([site.practices[i].status.flatMap { statusIndex[$0] }].compactMap { $0 })
            out.append(UInt8(ascii: "]")); out.append(UInt8(ascii: "]"))
        }
        out += "\n]}\n".utf8
        return out
    }
}
