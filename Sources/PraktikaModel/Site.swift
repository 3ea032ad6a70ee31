import PraktikaMarkdown
import PraktikaText

/// The whole portal after linking: immutable, every reference a typed ID that exists, with the
/// indexes the pages need, each list already in display order.
public struct Site: Sendable {
    /// `site.yml`.
    public let config: SiteConfig
    /// Forums, newest first (unknown dates last).
    public internal(set) var forums: [Forum]
    /// Practices, by title in Russian order.
    public internal(set) var practices: [Practice]
    /// News, newest first (undated last).
    public internal(set) var news: [News]
    /// Free pages, by menu order then title.
    public internal(set) var pages: [Page]
    /// Nominations, by name in Russian order.
    public let nominations: [Nomination]
    /// Topics, by name in Russian order.
    public let topics: [Topic]
    /// Every award, newest forum first, then nomination, level and region.
    public let awards: [Award]
    /// The federal subjects.
    public var regions: RegionRegistry { .shared }

    private let forumIndex: [Forum.ID: Int]
    private let practiceIndex: [Practice.ID: Int]
    private let newsIndex: [News.ID: Int]
    private let nominationIndex: [Nomination.ID: Int]
    private let topicIndex: [Topic.ID: Int]

    /// Practice IDs by region, by district, by topic, by forum presented at, by year started.
    public let practicesByRegion: [Region.ID: [Practice.ID]]
    public let practicesByDistrict: [FederalDistrict: [Practice.ID]]
    public let practicesByTopic: [Topic.ID: [Practice.ID]]
    public let practicesByForum: [Forum.ID: [Practice.ID]]
    public let practicesByYear: [Int: [Practice.ID]]
    /// Indexes into `awards` by region, district, nomination, forum and practice.
    public let awardsByRegion: [Region.ID: [Int]]
    public let awardsByDistrict: [FederalDistrict: [Int]]
    public let awardsByNomination: [Nomination.ID: [Int]]
    public let awardsByForum: [Forum.ID: [Int]]
    public let awardsByPractice: [Practice.ID: [Int]]
    /// News IDs by region and by forum.
    public let newsByRegion: [Region.ID: [News.ID]]
    public let newsByForum: [Forum.ID: [News.ID]]
    /// Forums a region took part in (practice presented, award received or named in news), newest first.
    public let forumsByRegion: [Region.ID: [Forum.ID]]
    /// Regions that took part in a forum, in registry order.
    public let regionsByForum: [Forum.ID: [Region.ID]]

    /// - Parameter jobs: Threads for the indexes: the practices' are made beside the rest (1: one after the other).
    init(config: SiteConfig, forums: [Forum], practices: [Practice], news: [News], pages: [Page],
         nominations: [Nomination], topics: [Topic], jobs: Int? = nil) {
        self.config = config
        self.forums = forums
        self.practices = practices
        self.news = news
        self.pages = pages
        self.nominations = nominations
        self.topics = topics
        forumIndex = Self.index(forums)
        newsIndex = Self.index(news)
        nominationIndex = Self.index(nominations)
        topicIndex = Self.index(topics)
        // Two independent halves side by side: they were a third of the link stage, one after the other.
        let (other, own) = sideBySide(jobs: jobs, {
            Self.otherIndexes(forums: forums, practices: practices, news: news, nominations: nominations)
        }, {
            Self.practiceIndexes(practices)
        })
        practiceIndex = own.practiceIndex
        awards = other.awards
        awardsByRegion = other.awardsByRegion
        awardsByDistrict = other.awardsByDistrict
        awardsByNomination = other.awardsByNomination
        awardsByForum = other.awardsByForum
        awardsByPractice = other.awardsByPractice
        newsByRegion = other.newsByRegion
        newsByForum = other.newsByForum
        forumsByRegion = other.forumsByRegion
        regionsByForum = other.regionsByForum
        practicesByRegion = own.byRegion
        practicesByDistrict = own.byDistrict
        practicesByTopic = own.byTopic
        practicesByForum = own.byForum
        practicesByYear = own.byYear
    }

    /// The practices' own indexes.
    private struct PracticeIndexes: Sendable {
        var practiceIndex: [Practice.ID: Int] = [:]
        var byRegion: [Region.ID: [Practice.ID]] = [:], byDistrict: [FederalDistrict: [Practice.ID]] = [:]
        var byTopic: [Topic.ID: [Practice.ID]] = [:], byForum: [Forum.ID: [Practice.ID]] = [:]
        var byYear: [Int: [Practice.ID]] = [:]
    }

    private static func practiceIndexes(_ practices: [Practice]) -> PracticeIndexes {
        var made = PracticeIndexes()
        made.practiceIndex = index(practices)
        let registry = RegionRegistry.shared
        // By index, field by field: a `for practice in practices` copies every practice (a dozen retains).
        for i in practices.indices {
            let id = practices[i].id, region = practices[i].region
            made.byRegion[region, default: []].append(id)
            made.byDistrict[registry[region].district, default: []].append(id)
            for topic in practices[i].topics { made.byTopic[topic, default: []].append(id) }
            for forum in practices[i].forums { made.byForum[forum, default: []].append(id) }
            if let year = practices[i].started { made.byYear[year, default: []].append(id) }
        }
        return made
    }

    /// The awards in display order and the indexes of awards, news and forum participation.
    private struct OtherIndexes: Sendable {
        var awards: [Award] = []
        var awardsByRegion: [Region.ID: [Int]] = [:], awardsByDistrict: [FederalDistrict: [Int]] = [:]
        var awardsByNomination: [Nomination.ID: [Int]] = [:], awardsByForum: [Forum.ID: [Int]] = [:]
        var awardsByPractice: [Practice.ID: [Int]] = [:]
        var newsByRegion: [Region.ID: [News.ID]] = [:], newsByForum: [Forum.ID: [News.ID]] = [:]
        var forumsByRegion: [Region.ID: [Forum.ID]] = [:]
        var regionsByForum: [Forum.ID: [Region.ID]] = [:]
    }

    private static func otherIndexes(
        forums: [Forum], practices: [Practice], news: [News], nominations: [Nomination]
    ) -> OtherIndexes {
        var made = OtherIndexes()
        let registry = RegionRegistry.shared
        // Awards in display order: forums are already newest first.
        let nominationRank = Dictionary(uniqueKeysWithValues: nominations.enumerated().map { ($1.id, $0) })
        var awards: [Award] = []
        for forum in forums {
            // Each award's rank looked up once, not twice in every comparison.
            let ranks = forum.awards.map { nominationRank[$0.nomination] ?? 0 }
            awards += forum.awards.indices.sorted { a, b in
                if ranks[a] != ranks[b] { return ranks[a] < ranks[b] }
                if forum.awards[a].level != forum.awards[b].level { return forum.awards[a].level < forum.awards[b].level }
                return forum.awards[a].region < forum.awards[b].region
            }.map { forum.awards[$0] }
        }
        made.awards = awards
        for (i, award) in awards.enumerated() {
            made.awardsByRegion[award.region, default: []].append(i)
            made.awardsByDistrict[registry[award.region].district, default: []].append(i)
            made.awardsByNomination[award.nomination, default: []].append(i)
            made.awardsByForum[award.forum, default: []].append(i)
            if let practice = award.practice { made.awardsByPractice[practice, default: []].append(i) }
        }
        for item in news {
            for region in item.regions { made.newsByRegion[region, default: []].append(item.id) }
            if let forum = item.forum { made.newsByForum[forum, default: []].append(item.id) }
        }
        var participation: [Forum.ID: Set<Region.ID>] = [:]
        for i in practices.indices {
            for forum in practices[i].forums { participation[forum, default: []].insert(practices[i].region) }
        }
        for award in awards { participation[award.forum, default: []].insert(award.region) }
        for item in news {
            if let forum = item.forum { for region in item.regions { participation[forum, default: []].insert(region) } }
        }
        for forum in forums {
            for region in participation[forum.id, default: []].sorted() { made.forumsByRegion[region, default: []].append(forum.id) }
        }
        made.regionsByForum = participation.mapValues { $0.sorted() }
        return made
    }

    // MARK: - Lookup

    /// The forum with this id.
    public func forum(_ id: Forum.ID) -> Forum? { forumIndex[id].map { forums[$0] } }
    /// Where the forum with this id is in `forums` (read its fields there rather than copy it whole).
    public func forumPosition(of id: Forum.ID) -> Int? { forumIndex[id] }
    /// The practice with this id.
    public func practice(_ id: Practice.ID) -> Practice? { practiceIndex[id].map { practices[$0] } }
    /// Where the practice with this id is in `practices`: read its fields there (`practice(_:)` copies the
    /// whole practice, a dozen retains, to read one field).
    public func position(of id: Practice.ID) -> Int? { practiceIndex[id] }
    /// The news item with this id.
    public func newsItem(_ id: News.ID) -> News? { newsIndex[id].map { news[$0] } }
    /// The nomination with this id.
    public func nomination(_ id: Nomination.ID) -> Nomination? { nominationIndex[id].map { nominations[$0] } }
    /// The topic with this id.
    public func topic(_ id: Topic.ID) -> Topic? { topicIndex[id].map { topics[$0] } }

    private static func index<T: Identifiable>(_ items: [T]) -> [T.ID: Int] {
        var index: [T.ID: Int] = [:]
        index.reserveCapacity(items.count)
        for i in items.indices { index[items[i].id] = i }
        return index
    }
}

extension Site {
    /// Drops the rendered HTML of every body, once the pages are made: the outputs after them (search index,
    /// feeds, open data) read only plain text and excerpts, and on big sites the HTML is much of the memory.
    public mutating func releaseBodyHTML() {
        for i in practices.indices { practices[i].meta.body.htmlUTF8 = [] }
        for i in forums.indices { forums[i].meta.body.htmlUTF8 = [] }
        for i in news.indices { news[i].meta.body.htmlUTF8 = [] }
        for i in pages.indices { pages[i].meta.body.htmlUTF8 = [] }
    }
}
