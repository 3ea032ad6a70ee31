import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import PraktikaText

/// A template context: plain dictionaries and arrays, built in Swift so templates stay logic-less.
public typealias Context = [String: Any]

/// Builds the view model of one page from the immutable site. One per build; safe to share.
struct ViewModelBuilder: Sendable {
    private(set) var site: Site
    let routes: Routes
    private(set) var theme: Theme
    /// Atom feed links by the route of the page that links to them.
    let feedLinks: [String: [[String: String]]]
    /// The positions (in `site.practices`) of each region's and each topic's practices, ascending: the
    /// related practices of a page are found by comparing integers, not by hashing IDs.
    let regionPositions: [Region.ID: [Int]]
    let topicPositions: [Topic.ID: [Int]]
    /// Each forum's card, built once: practice and region pages repeat the same few dozen forums.
    private var forumCards: FrozenContexts<Forum.ID>
    /// Each practice's card, rendered once by `partials/practice-card` and reused by every listing
    /// (a region, topic, forum or district page repeats hundreds of them). By position in `site.practices`;
    /// UTF-8 bytes, as rendered.
    private(set) var cardHTML: [[UInt8]] = []
    /// Each award's table row, rendered once by `partials/award-row` and reused by every page that lists the
    /// award (its practice, region, district, nomination and forum: about 12 rows per award at 10,000
    /// practices). By index in `site.awards`; UTF-8 bytes, as rendered.
    private(set) var awardRowHTML: [[UInt8]] = []
    /// Each forum's card, rendered once by `partials/forum-card` (practice pages list 14,500 of them at 10,000
    /// practices, for a few dozen forums). Empty before `renderForumCards`.
    private var forumCardHTML: [Forum.ID: [UInt8]] = [:]
    /// The layout's parts that are the same on many pages, wrapped once: the navigation of each section (by
    /// section, "" for none), the site's title block and the footer.
    private var navigation: [String: ViewValue] = [:]
    private var siteBlock = ViewValue.bool(false), footerPages = ViewValue.bool(false)
    /// The stylesheet and favicon links and the first breadcrumb, the same on every page.
    private var cssLink = ViewValue.bool(false), faviconLink = ViewValue.bool(false), homeCrumb = ViewValue.bool(false)
    private var forumCardValues: [Forum.ID: ViewValue] = [:]
    /// `cardHTML` and `awardRowHTML` as `{{{html}}}` contexts, made once per worker like the other shared parts:
    /// a listing reuses them instead of making a box for every card it shows, and each is fingerprinted once.
    private var cardValues: [ViewValue] = [], awardRowValues: [ViewValue] = []

    init(site: Site, theme: Theme) {
        self.site = site
        self.routes = Routes(config: site.config)
        self.theme = theme
        regionPositions = site.practicesByRegion.mapValues { $0.compactMap { site.position(of: $0) } }
        topicPositions = site.practicesByTopic.mapValues { $0.compactMap { site.position(of: $0) } }
        forumCards = FrozenContexts([:])  // filled below, once `self` can build cards
        var feeds: [String: [[String: String]]] = [:]
        for feed in Feeds.all(site) {
            let link = ["title": "\(feed.title) — \(site.config.title)", "href": routes.href(feed.route)]
            feeds[feed.page, default: []].append(link)
            if feed.page == Routes.news { feeds[Routes.home, default: []].append(link) }
        }
        feedLinks = feeds
        makeSharedParts()
    }

    /// Builds the parts shared by many pages (forum cards, navigation, site block, footer).
    private mutating func makeSharedParts() {
        forumCards = FrozenContexts(Dictionary(uniqueKeysWithValues: site.forums.map { ($0.id, makeForumCard($0)) }))
        // The rendered card once there is one (`{{{html}}}`), else its data (the template checks read its keys).
        forumCardValues = forumCardHTML.isEmpty ? forumCards.values.mapValues(ViewBox.wrap)
            : forumCardHTML.mapValues(Self.htmlValue)
        cardValues = cardHTML.map(Self.htmlValue)
        awardRowValues = awardRowHTML.map(Self.htmlValue)
        let sections = [""] + Self.menu.map(\.key) + site.pages.filter { $0.menuOrder != nil }.map { "page:\($0.id.slug)" }
        navigation = Dictionary(sections.map { ($0, ViewBox.wrap(makeNavigation($0.isEmpty ? nil : $0))) }) { first, _ in first }
        siteBlock = ViewBox.wrap(makeSiteBlock())
        footerPages = ViewBox.wrap(makeFooterPages())
        cssLink = .string(routes.href("/" + (theme.assetPaths["style.css"] ?? "assets/style.css")))
        faviconLink = theme.assetPaths["favicon.svg"].map { .string(routes.href("/" + $0)) } ?? .bool(false)
        homeCrumb = .context(["title": .string("Главная"), "href": .string(routes.href(Routes.home))])
    }

    /// The same builder with its own shared parts and its own copy of the templates, for one worker thread:
    /// every page retains these, and two threads retaining the same objects contend (see `concurrentMap`).
    func privateCopy() -> ViewModelBuilder {
        var copy = self
        copy.theme = theme.privateCopy()
        copy.makeSharedParts()
        return copy
    }

    // MARK: - Layout

    /// The parts every page has: site, page meta, navigation, breadcrumbs, assets.
    func layout(
        route: String, title: String, description: String, section: String?,
        breadcrumbs: [(String, String)], ogType: String = "website", reserving extra: Int = 16
    ) -> ViewContext {
        let fullTitle = route == Routes.home ? site.config.title : "\(title) — \(site.config.title)"
        var crumbs: [ViewValue] = []
        if route != Routes.home {
            crumbs.append(homeCrumb)
            for (crumbTitle, crumbRoute) in breadcrumbs {
                crumbs.append(.context(["title": .string(crumbTitle), "href": .string(routes.href(crumbRoute))]))
            }
        }
        // Built at the size the page's own values will need, so adding them does not grow it again.
        var values = ViewContext(minimumCapacity: 12 + extra)
        values["lang"] = .string(site.config.language)
        values["site"] = siteBlock
        values["page"] = .context([
                "title": .string(title),
                "fullTitle": .string(fullTitle),
                "description": .string(Self.clip(description.isEmpty ? (site.config.description ?? title) : description, 200)),
                "canonical": .string(routes.absolute(route)),
                "ogType": .string(ogType),
                "isHome": .bool(route == Routes.home),
            ])
        values["nav"] = navigation[section ?? ""] ?? ViewBox.wrap(makeNavigation(section))
        values["breadcrumbs"] = .items(crumbs)
        values["hasBreadcrumbs"] = .bool(!crumbs.isEmpty)
        values["css"] = cssLink
        values["feeds"] = .contexts((feedLinks[route] ?? []).map { link in
            var context = ViewContext(minimumCapacity: link.count)
            for (key, text) in link { context[key] = .string(text) }
            return context
        })
        values["favicon"] = faviconLink
        values["footerPages"] = footerPages
        return values
    }

    private func makeSiteBlock() -> Context {
        Self.clean([
            "title": site.config.title,
            "description": site.config.description ?? "",
            "home": routes.href(Routes.home),
        ])
    }

    private func makeFooterPages() -> [Context] {
        site.pages.map { ["title": $0.title, "href": routes.href(Routes.page($0.id))] as Context }
    }

    /// The sections of the menu: title, route, section key.
    private static let menu: [(title: String, route: String, key: String)] = [
        ("Практики", Routes.practices, "practices"), ("Регионы", Routes.regions, "regions"),
        ("Номинации", Routes.nominations, "nominations"), ("Форумы", Routes.forums, "forums"),
        ("Новости", Routes.news, "news"), ("Поиск", Routes.search, "search"),
    ]

    /// The menu, with the item of `section` marked current.
    private func makeNavigation(_ section: String?) -> [Context] {
        var nav = Self.menu.map { navItem($0.title, $0.route, $0.key, section) }
        for page in site.pages where page.menuOrder != nil {
            nav.append(navItem(page.title, Routes.page(page.id), "page:\(page.id.slug)", section))
        }
        return nav
    }

    private func navItem(_ title: String, _ route: String, _ key: String, _ section: String?) -> Context {
        ["title": title, "href": routes.href(route), "current": key == section]
    }

    // MARK: - Pieces shared by several pages

    /// A practice card's view model, typed (10,000 of them at 10,000 practices: a dictionary of `Any` to
    /// convert cost a cast per value).
    func practiceCard(_ practice: Practice) -> ViewValue {
        let region = site.regions[practice.region]
        let awards = site.awardsByPractice[practice.id]?.count ?? 0
        return Self.cleaned([
            "title": .string(practice.title),
            "href": .string(routes.href(Routes.practice(practice.id))),
            "region": .string(region.name),
            "regionHref": .string(routes.href(Routes.region(region))),
            "organization": .string(practice.organization ?? ""),
            "summary": .string(Self.clip(practice.meta.description, 240)),
            "started": .string(practice.started.map(String.init) ?? ""),
            "status": .string(practice.status?.rawValue ?? ""),
            "awards": .string(awards > 0 ? RussianPlural.award.phrase(awards) : ""),
        ])
    }

    /// `clean` of values already typed: a context of them with every empty string `false`.
    static func cleaned(_ values: KeyValuePairs<String, ViewValue>) -> ViewValue {
        var context = ViewContext(minimumCapacity: values.count)
        for (key, value) in values { context[key] = value.cleaned }
        return .context(context)
    }

    /// Cards for listings: `{{#practices}}{{{html}}}{{/practices}}`.
    func practiceCards(_ ids: [Practice.ID]) -> [ViewValue] {
        practiceCards(positions: ids.compactMap { site.position(of: $0) })
    }

    /// The cards of the practices at `positions` in `site.practices` (empty before `renderCards`: the
    /// template checks build view models without them). Made as view values, not dictionaries to convert:
    /// listings show tens of thousands of cards at 10,000 practices.
    func practiceCards(positions: [Int]) -> [ViewValue] {
        positions.map { $0 < cardValues.count ? cardValues[$0] : Self.emptyHTML }
    }

    /// `["html": html]`, for `{{{html}}}`.
    static func htmlValue(_ html: [UInt8]) -> ViewValue { .context(["html": .utf8(html)]) }

    /// A card or row before it is rendered (the template checks build view models without them).
    static let emptyHTML = htmlValue([])

    /// The same builder over a site that differs only in bodies that no listing shows (`BodyEdit`): the
    /// cards, feed links and positions stay valid.
    func replacingSite(_ site: Site) -> ViewModelBuilder {
        var copy = self
        copy.site = site
        return copy
    }

    /// Renders every practice card once, reusing the cards of `cache` (the preview) whose view model is unchanged.
    mutating func renderCards(jobs: Int? = nil, cache: RenderCache? = nil, stamp: UInt64 = 0) {
        let builder = self
        let cards = concurrentMap(site.practices, jobs: jobs, perWorker: { builder.theme.privateCopy() }) { practice, theme in
            let context = builder.practiceCard(practice)
            // Copied to its exact size: the renderer's buffer reserves a page's worth (16 KB), and the
            // cards are kept for the whole render (measured +29 MB peak at 10k without the copy).
            let render = { theme.renderBytes("partials/practice-card", context).withUnsafeBufferPointer { Array($0) } }
            guard let cache else { return render() }
            return cache.card(practice.id, fingerprint: Fingerprint.of(context, seed: stamp, template: "partials/practice-card"),
                              render: render)
        }
        cardHTML = cards
        cardValues = cards.map(Self.htmlValue)
    }

    func awardRow(_ award: Award) -> Context {
        let region = site.regions[award.region]
        // By position, field by field: `site.forum(_:)` and `site.practice(_:)` copy the whole item.
        let forum = site.forumPosition(of: award.forum)
        var row: Context = Self.clean([
            "level": award.level.rawValue,
            "levelClass": Self.levelClass(award.level),
            "region": region.name,
            "regionHref": routes.href(Routes.region(region)),
            "nomination": site.nomination(award.nomination)?.name ?? "",
            "nominationHref": routes.href(Routes.nomination(award.nomination)),
            "forum": forum.map { site.forums[$0].shortTitle ?? site.forums[$0].title } ?? "",
            "forumHref": routes.href(Routes.forum(award.forum)),
            "forumDate": forum.map { forumDate(from: site.forums[$0].start, to: site.forums[$0].end) } ?? "",
            "note": award.note ?? "",
        ])
        // Present even when absent (false): a missing key would fall through to the page's context.
        row["practice"] = false
        row["practiceHref"] = false
        if let id = award.practice, let position = site.position(of: id) {
            row["practice"] = site.practices[position].title
            row["practiceHref"] = routes.href(Routes.practice(id))
        }
        return row
    }

    /// The rows of the awards at `indexes` in `site.awards` for `{{#awards}}{{{html}}}{{/awards}}` (empty before
    /// `renderAwardRows`: the template checks build view models without them).
    func awardRows(_ indexes: [Int]) -> [ViewValue] {
        indexes.map { $0 < awardRowValues.count ? awardRowValues[$0] : Self.emptyHTML }
    }

    /// Renders every award's row once.
    mutating func renderAwardRows(jobs: Int? = nil) {
        let builder = self
        awardRowHTML = concurrentMap(Array(site.awards.indices), jobs: jobs, perWorker: { builder.theme.privateCopy() }) { index, theme in
            // Copied to its exact size, as the cards are (the renderer's buffer reserves a page's worth).
            theme.renderBytes("partials/award-row", ViewBox.wrap(builder.awardRow(builder.site.awards[index])))
                .withUnsafeBufferPointer { Array($0) }
        }
        awardRowValues = awardRowHTML.map(Self.htmlValue)
    }

    /// A forum card's data (what `partials/forum-card` is rendered with).
    func forumCard(_ forum: Forum) -> Context {
        forumCards.values[forum.id] ?? makeForumCard(forum)
    }

    /// The card of the forum with this id for `{{#forums}}{{{html}}}{{/forums}}`, wrapped once per worker; nil
    /// for an unknown forum.
    func forumCardValue(id: Forum.ID) -> ViewValue? {
        forumCardValues[id]
    }

    /// Renders every forum's card once (`privateCopy` wraps the rendered cards again for each worker).
    mutating func renderForumCards() {
        forumCardHTML = forumCards.values.mapValues { theme.renderBytes("partials/forum-card", ViewBox.wrap($0)) }
        forumCardValues = forumCardHTML.mapValues(Self.htmlValue)
    }

    private func makeForumCard(_ forum: Forum) -> Context {
        Self.clean([
            "title": forum.title,
            "href": routes.href(Routes.forum(forum.id)),
            "date": forumDate(forum),
            "city": forum.city ?? "",
            "format": forum.format?.rawValue ?? "",
            "awards": forum.awards.isEmpty ? "" : RussianPlural.award.phrase(forum.awards.count),
            "summary": Self.clip(forum.meta.description, 240),
        ])
    }

    func newsCard(_ item: News) -> Context {
        Self.clean([
            "title": item.title,
            "href": routes.href(Routes.newsItem(item.id)),
            "date": item.date.map(RussianDateFormat.format) ?? "",
            "datetime": item.date.map(\.description) ?? "",
            "summary": Self.clip(item.meta.description, 240),
        ])
    }

    func regionLink(_ id: Region.ID) -> Context {
        let region = site.regions[id]
        return ["title": region.name, "href": routes.href(Routes.region(region))]
    }

    func forumDate(_ forum: Forum) -> String { forumDate(from: forum.start, to: forum.end) }

    func forumDate(from start: CalendarDate?, to end: CalendarDate?) -> String {
        guard let start else { return "" }
        return RussianDateFormat.format(from: start, to: end)
    }

    /// Page links for a paginated listing.
    func pagination(_ route: String, page: Int, of count: Int) -> Context {
        guard count > 1 else { return ["show": false, "pages": [Context](), "prev": false, "next": false] }
        let pages = Self.pageWindow(page: page, of: count).map { n -> Context in
            guard let n else { return ["gap": true, "number": false, "href": false, "current": false] }
            return ["gap": false, "number": n, "href": routes.href(Routes.paginated(route, page: n)), "current": n == page]
        }
        var context: Context = ["show": true, "pages": pages, "prev": false, "next": false]
        if page > 1 { context["prev"] = routes.href(Routes.paginated(route, page: page - 1)) }
        if page < count { context["next"] = routes.href(Routes.paginated(route, page: page + 1)) }
        return context
    }

    /// The page numbers a list page links to: the first, the last and two on each side of the current one,
    /// nil for a gap («…»). Listing all of them made every page of a 2,000-page list carry 2,000 links
    /// (quadratic output: 400 MB of links at 100,000 practices). A gap never hides a single page.
    static func pageWindow(page: Int, of count: Int) -> [Int?] {
        let shown = Set([1, count] + Array(max(1, page - 2)...min(count, page + 2)))
        var window: [Int?] = []
        var previous = 0
        for n in shown.sorted() {
            if n - previous == 2 { window.append(n - 1) } else if n - previous > 2 { window.append(nil) }
            window.append(n)
            previous = n
        }
        return window
    }

    /// The context with every empty string replaced by `false`.
    ///
    /// swift-mustache treats an empty string as true in `{{#x}}…{{/x}}`, and a missing key would fall
    /// through to the enclosing context (a card's `organization` to the page's), so absent text is
    /// `false`: falsy, and it stops the lookup.
    static func clean(_ context: Context) -> Context {
        context.mapValues { value in
            if let text = value as? String, text.isEmpty { return false }
            return value
        }
    }

    /// Text cut at a word boundary with «…», for cards and meta descriptions.
    static func clip(_ text: String, _ limit: Int) -> String { text.clipped(to: limit) }

    static func levelClass(_ level: AwardLevel) -> String {
        switch level {
        case .winner: "winner"
        case .leader: "leader"
        case .diploma: "diploma"
        case .laureate: "laureate"
        }
    }
}

/// Contexts built once and only read afterwards, shared by the render threads. They hold strings,
/// booleans and arrays of them, never a reference to anything mutable, so sharing them is safe.
struct FrozenContexts<Key: Hashable & Sendable>: @unchecked Sendable {
    let values: [Key: Context]
    init(_ values: [Key: Context]) { self.values = values }
}
