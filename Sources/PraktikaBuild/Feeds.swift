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
        /// `updated` as written, the sort key (made once, not in every comparison).
        var updatedText: String

        init(title: String, route: String, updated: CalendarDate, summary: String, category: String) {
            self.title = title
            self.route = route
            self.updated = updated
            self.summary = summary
            self.category = category
            updatedText = updated.description
        }

        /// Newest first; the same day by route.
        static func newerFirst(_ a: Entry, _ b: Entry) -> Bool {
            a.updatedText != b.updatedText ? a.updatedText > b.updatedText : a.route < b.route
        }
    }

    struct Feed {
        var route: String
        var title: String
        /// The HTML page the feed mirrors.
        var page: String
        /// The newest `limit` entries, newest first.
        var entries: [Entry]

        init(route: String, title: String, page: String, entries: [Entry]) {
            self.route = route
            self.title = title
            self.page = page
            self.entries = Array(entries.sorted(by: Entry.newerFirst).prefix(Feeds.limit))
        }
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
        // By position, field by field: a copy of each practice retained all its fields.
        let positions = ids.map { $0.compactMap { site.position(of: $0) } } ?? Array(site.practices.indices)
        return positions.compactMap { i in
            guard let added = site.practices[i].added else { return nil }
            return Entry(title: site.practices[i].title, route: Routes.practice(site.practices[i].id), updated: added,
                         summary: site.practices[i].meta.description, category: "Практика")
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
        let entries = feed.entries
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
