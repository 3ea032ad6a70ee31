import PraktikaModel
import PraktikaText

/// Atom feeds (RFC 4287) from `base_url`: news (`/news/feed.xml`), new practices (`/practices/feed.xml`) and
/// one per region (`/regions/<slug>/feed.xml`).
///
/// Only dated items go in: a news item without `date:` or a practice without `added:` has no honest
/// `updated` time, and dates are never invented. A feed with no entries is not written (nor linked).
/// A day is written as its midnight UTC, the date-time form Atom requires.
enum Feeds {
    struct Entry {
        var title: String
        var route: String
        var updated: CalendarDate
        var summary: String
        var category: String
    }

    struct Feed {
        var route: String
        var title: String
        /// The HTML page the feed mirrors.
        var page: String
        var entries: [Entry]
    }

    static let limit = 50

    static func news(_ site: Site, _ ids: [News.ID]? = nil) -> [Entry] {
        let items = ids.map { $0.compactMap { site.newsItem($0) } } ?? site.news
        return items.compactMap { item in
            guard let date = item.date, date.day != nil else { return nil }
            return Entry(title: item.title, route: Routes.newsItem(item.id), updated: date,
                         summary: item.meta.description, category: "Новость")
        }
    }

    static func practices(_ site: Site, _ ids: [Practice.ID]? = nil) -> [Entry] {
        let practices = ids.map { $0.compactMap { site.practice($0) } } ?? site.practices
        return practices.compactMap { practice in
            guard let added = practice.added else { return nil }
            return Entry(title: practice.title, route: Routes.practice(practice.id), updated: added,
                         summary: practice.meta.description, category: "Практика")
        }
    }

    /// Every feed with at least one entry.
    static func all(_ site: Site) -> [Feed] {
        var feeds = [
            Feed(route: Routes.news + "feed.xml", title: "Новости", page: Routes.news, entries: news(site)),
            Feed(route: Routes.practices + "feed.xml", title: "Новые практики", page: Routes.practices,
                 entries: practices(site)),
        ]
        for region in site.regions.all {
            let entries = practices(site, site.practicesByRegion[region.id] ?? [])
                + news(site, site.newsByRegion[region.id] ?? [])
            feeds.append(Feed(route: Routes.region(region) + "feed.xml", title: region.name, page: Routes.region(region),
                              entries: entries))
        }
        return feeds.filter { !$0.entries.isEmpty }
    }

    /// The feed files.
    static func files(_ feeds: [Feed], site: Site, routes: Routes) -> [(path: String, bytes: [UInt8])] {
        feeds.map { (path: String($0.route.dropFirst()), bytes: Array(atom($0, site: site, routes: routes).utf8)) }
    }

    static func timestamp(_ date: CalendarDate) -> String {
        "\(date)T00:00:00Z"
    }

    static func atom(_ feed: Feed, site: Site, routes: Routes) -> String {
        let entries = feed.entries.sorted {
            ($0.updated.description, $1.route) > ($1.updated.description, $0.route)
        }.prefix(limit)
        let e = Crawlers.escapeXML
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ru\">\n"
        xml += "  <title>\(e(feed.title)) — \(e(site.config.title))</title>\n"
        xml += "  <id>\(e(routes.absolute(feed.route)))</id>\n"
        xml += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(e(routes.absolute(feed.route)))\"/>\n"
        xml += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(e(routes.absolute(feed.page)))\"/>\n"
        xml += "  <updated>\(timestamp(entries.first?.updated ?? CalendarDate(year: 2000)!))</updated>\n"
        xml += "  <author><name>\(e(site.config.title))</name></author>\n"
        for entry in entries {
            xml += "  <entry>\n"
            xml += "    <title>\(e(entry.title))</title>\n"
            xml += "    <id>\(e(routes.absolute(entry.route)))</id>\n"
            xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(e(routes.absolute(entry.route)))\"/>\n"
            xml += "    <updated>\(timestamp(entry.updated))</updated>\n"
            xml += "    <category term=\"\(e(entry.category))\"/>\n"
            if !entry.summary.isEmpty { xml += "    <summary type=\"text\">\(e(entry.summary))</summary>\n" }
            xml += "  </entry>\n"
        }
        return xml + "</feed>\n"
    }
}
