import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import PraktikaText

/// What a page shows. Plain IDs, so planning is cheap and the plan is `Sendable`; the view model is
/// built when the page is rendered.
public enum PageKind: Sendable, Hashable {
    case home
    case practiceList(page: Int, of: Int)
    case practice(Practice.ID)
    case regionList
    case region(Region.ID)
    case districtList
    case district(FederalDistrict)
    case nominationList
    case nomination(Nomination.ID)
    case forumList
    case forum(Forum.ID)
    case topicList
    case topic(Topic.ID)
    case newsList(page: Int, of: Int)
    case news(News.ID)
    case page(Page.ID)
    case search
    case openData
    case stats
    case notFound

    /// The template that renders this kind.
    public var template: String {
        switch self {
        case .home: "home"
        case .practiceList: "practices"
        case .practice: "practice"
        case .regionList: "regions"
        case .region: "region"
        case .districtList: "districts"
        case .district: "district"
        case .nominationList: "nominations"
        case .nomination: "nomination"
        case .forumList: "forums"
        case .forum: "forum"
        case .topicList: "topics"
        case .topic: "topic"
        case .newsList: "news-list"
        case .news: "news"
        case .page: "page"
        case .search: "search"
        case .openData: "data"
        case .stats: "stats"
        case .notFound: "404"
        }
    }

    /// A short English name for summaries (`practice`, `region`…).
    public var summaryName: String {
        switch self {
        case .home: "home"
        case .practiceList, .regionList, .districtList, .nominationList, .forumList, .topicList, .newsList: "index"
        case .practice: "practice"
        case .region: "region"
        case .district: "district"
        case .nomination: "nomination"
        case .forum: "forum"
        case .topic: "topic"
        case .news: "news"
        case .page: "page"
        case .search: "search"
        case .openData: "data"
        case .stats: "stats"
        case .notFound: "404"
        }
    }
}

/// One page to write: its route and what it shows.
public struct PlannedPage: Sendable, Hashable {
    /// The site-absolute route (`/practices/x/`, `/404.html`).
    public var route: String
    /// What it shows.
    public var kind: PageKind
    /// The content file it comes from, for collision messages.
    public var source: SourceLocation?
}

/// The plan stage: every page of the site, in a stable order, with route collisions reported.
public enum Planner {
    /// Practices and news per listing page.
    public static let pageSize = 50

    /// Plans all pages of `site`.
    public static func plan(_ site: Site) -> (pages: [PlannedPage], diagnostics: [Diagnostic]) {
        var pages: [PlannedPage] = []
        func add(_ route: String, _ kind: PageKind, _ source: SourceLocation? = nil) {
            pages.append(PlannedPage(route: route, kind: kind, source: source))
        }
        add(Routes.home, .home)
        add("/404.html", .notFound)

        let practicePages = pageCount(site.practices.count)
        for n in 1...practicePages {
            add(Routes.paginated(Routes.practices, page: n), .practiceList(page: n, of: practicePages))
        }
        // By index, field by field: `for practice in site.practices` copied each one whole (a dozen retains).
        for i in site.practices.indices {
            let id = site.practices[i].id
            add(Routes.practice(id), .practice(id), SourceLocation(file: site.practices[i].meta.file))
        }
        add(Routes.regions, .regionList)
        for region in site.regions.all { add(Routes.region(region), .region(region.id)) }
        add(Routes.districts, .districtList)
        for district in FederalDistrict.allCases { add(Routes.district(district), .district(district)) }
        add(Routes.nominations, .nominationList)
        for nomination in site.nominations {
            add(Routes.nomination(nomination.id), .nomination(nomination.id), nomination.location)
        }
        add(Routes.forums, .forumList)
        for forum in site.forums { add(Routes.forum(forum.id), .forum(forum.id), SourceLocation(file: forum.meta.file)) }
        add(Routes.topics, .topicList)
        for topic in site.topics { add(Routes.topic(topic.id), .topic(topic.id)) }
        let newsPages = pageCount(site.news.count)
        for n in 1...newsPages { add(Routes.paginated(Routes.news, page: n), .newsList(page: n, of: newsPages)) }
        for i in site.news.indices {
            let id = site.news[i].id
            add(Routes.newsItem(id), .news(id), SourceLocation(file: site.news[i].meta.file))
        }
        for page in site.pages { add(Routes.page(page.id), .page(page.id), SourceLocation(file: page.meta.file)) }
        add(Routes.search, .search)
        add(Routes.data, .openData)
        add(Routes.stats, .stats)

        return (pages, collisions(pages))
    }

    static func pageCount(_ items: Int) -> Int { max(1, (items + pageSize - 1) / pageSize) }

    /// Two pages writing one path is an error naming both (a page `pages/practices.md`, say).
    static func collisions(_ pages: [PlannedPage]) -> [Diagnostic] {
        // Keyed by route, without making each page's output path: two routes write one file exactly when
        // they are equal once a trailing `index.html` is dropped (`/x/` and `/x/index.html`). Indexes, not
        // pages, as values: 115,000 page copies and paths were a quarter of a second at 100,000 practices.
        var seen: [Substring: Int] = [:]
        seen.reserveCapacity(pages.count)
        var diagnostics: [Diagnostic] = []
        for index in pages.indices {
            let route = pages[index].route
            let key = route.hasSuffix("/index.html") ? route.dropLast("index.html".count) : route[...]
            if let firstIndex = seen[key] {
                let (page, first) = (pages[index], pages[firstIndex])
                let path = Routes.outputPath(route)
                diagnostics.append(.error(
                    "route-collision", at: page.source ?? first.source ?? SourceLocation(file: path),
                    "страница «\(page.route)» совпадает по адресу с другой страницей",
                    suggestion: "задайте другой «slug:»",
                    notes: [.init(location: first.source ?? SourceLocation(file: path), message: "адрес уже занят здесь")]))
            } else {
                seen[key] = index
            }
        }
        return diagnostics
    }
}
