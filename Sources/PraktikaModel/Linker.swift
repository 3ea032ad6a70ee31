import PraktikaDiagnostics
import PraktikaText

/// The link stage: resolves every name and slug to a typed ID, reports what does not resolve, and
/// builds the immutable `Site`. Pure.
struct Linker {
    private let registry = RegionRegistry.shared
    private(set) var diagnostics: [Diagnostic] = []
    /// Names seen before: a big site repeats a few dozen region and topic names thousands of times, and
    /// resolving one (normalising, transliterating) costs far more than a lookup.
    /// Keyed by bytes: hashing a Cyrillic `String` normalises it first.
    private var regionsByName: [ByteString: Region] = [:]
    private var topicSlugs: [ByteString: Topic.ID] = [:]
    /// Threads for the parts that split (collation keys of the practices' titles); nil: one per core.
    private let jobs: Int?

    init(jobs: Int? = nil) {
        self.jobs = jobs
    }

    /// Parsed sources sorted by kind, in the order they were added (path order).
    struct Sources: Sendable {
        var forums: [ForumSource] = [], practices: [PracticeSource] = []
        var news: [NewsSource] = [], pages: [PageSource] = []
        var nominations: [NominationSource] = []

        init() {}

        mutating func add(_ source: consuming ContentSource) {
            switch consume source {
            case .forum(let s): forums.append(s)
            case .practice(let s): practices.append(s)
            case .news(let s): news.append(s)
            case .page(let s): pages.append(s)
            case .nominations(let s): nominations += s
            case .config: break
            }
        }
    }

    /// Links parsed sources, already sorted by kind (the loader sorts them as they come: one copy of every
    /// source fewer, a dozen retains each), into a site.
    mutating func link(config: SiteConfig, sources: Sources, includeDrafts: Bool) -> Site {
        let forumSources = unique(sources.forums, kind: "форум") { $0.slug }
        let practiceSources = unique(sources.practices, kind: "практика") { $0.slug }
        let newsSources = unique(sources.news, kind: "новость") { $0.slug }
        let pageSources = unique(sources.pages, kind: "страница") { $0.slug }
        let nominationSources = sources.nominations

        let hidden = { (meta: ContentMeta) in !includeDrafts && meta.isDraft }
        let forumSlugs = Set(forumSources.map(\.slug.slug))
        let visibleForums = Set(forumSources.filter { !hidden($0.meta) }.map(\.slug.slug))
        // Slug → index in `practiceSources`, for the awards that name a practice (a few hundred): a set of
        // forums and a region for each of 10,000 practices, made up front, were a fifth of the link stage.
        var practiceBySlug: [String: Int] = [:]
        practiceBySlug.reserveCapacity(practiceSources.count)
        for i in practiceSources.indices where practiceBySlug[practiceSources[i].slug.slug] == nil {
            practiceBySlug[practiceSources[i].slug.slug] = i
        }

        // Nominations: described ones first, then any name used in an award.
        var nominations: [Nomination.ID: Nomination] = [:]
        for source in nominationSources {
            let id = Nomination.ID(Slug.make(source.name.value))
            if let existing = nominations[id] {
                report(.error("duplicate-nomination", at: source.name.location,
                              "номинация «\(source.name.value)» уже описана",
                              notes: existing.location.map { [.init(location: $0, message: "первое описание")] } ?? []))
                continue
            }
            nominations[id] = Nomination(id: id, name: source.name.value, description: source.description,
                                         location: source.name.location)
        }

        var topics: [Topic.ID: Topic] = [:]
        var practices: [Practice] = []
        // By index, field by field: `for source in practiceSources` copies every source (a dozen retains).
        for i in practiceSources.indices {
            let region = resolveRegion(practiceSources[i].region)
            var forums: [Forum.ID] = []
            for forum in practiceSources[i].forums {
                guard resolveForum(forum, known: forumSlugs) else { continue }
                if visibleForums.contains(forum.value), !forums.contains(Forum.ID(forum.value)) {
                    forums.append(Forum.ID(forum.value))
                }
            }
            var topicIDs: [Topic.ID] = []
            for name in practiceSources[i].topics {
                let key = ByteString(Array(name.utf8))
                let id: Topic.ID
                if let known = topicSlugs[key] {
                    id = known
                } else {
                    id = Topic.ID(Slug.make(name))
                    topicSlugs[key] = id
                }
                guard !id.slug.isEmpty, !topicIDs.contains(id) else { continue }
                topicIDs.append(id)
                if topics[id] == nil { topics[id] = Topic(id: id, name: name) }
            }
            guard let region, !hidden(practiceSources[i].meta) else { continue }
            // Field by field: a copy of the whole source retained every field, used or not.
            practices.append(Practice(
                id: Practice.ID(practiceSources[i].slug.slug), title: practiceSources[i].title, region: region.id,
                organization: practiceSources[i].organization, forums: forums, started: practiceSources[i].started,
                status: practiceSources[i].status, topics: topicIDs, added: practiceSources[i].added,
                meta: practiceSources[i].meta))
        }

        var forums: [Forum] = []
        for source in forumSources {
            var awards: [Award] = []
            for award in source.awards {
                let nominationID = Nomination.ID(Slug.make(award.nomination.value))
                if nominationID.slug.isEmpty {
                    report(.error("invalid-value", at: award.nomination.location, "пустое название номинации"))
                    continue
                }
                if nominations[nominationID] == nil {
                    nominations[nominationID] = Nomination(id: nominationID, name: award.nomination.value)
                }
                let region = resolveRegion(award.region)
                var practiceID: Practice.ID?
                if let practice = award.practice {
                    if let p = practiceBySlug[practice.value] {
                        let practiceRegion = practiceSources[p].region.value
                        if let region, let other = regionsByName[ByteString(Array(practiceRegion.utf8))] ?? registry.region(named: practiceRegion),
                           other.id != region.id {
                            report(.warning(
                                "award-region-mismatch", at: award.location,
                                "награда выдана региону «\(region.name)», а практика «\(practice.value)» — из региона «\(other.name)»",
                                suggestion: "проверьте поле «region» награды или практики"))
                        }
                        if !practiceSources[p].forums.contains(where: { $0.value == source.slug.slug }) {
                            report(.warning(
                                "award-practice-not-at-forum", at: practice.location,
                                "практика «\(practice.value)» награждена на форуме «\(source.slug.slug)», но в её поле «forums» его нет",
                                suggestion: "добавьте «\(source.slug.slug)» в «forums» практики"))
                        }
                        if !hidden(practiceSources[p].meta) { practiceID = Practice.ID(practice.value) }
                    } else {
                        let guess = EditDistance.closest(to: practice.value, among: practiceBySlug.keys.sorted())
                        report(.error(
                            "unknown-practice", at: practice.location, "нет практики со slug «\(practice.value)»",
                            suggestion: guess.map { "возможно, вы имели в виду «\($0)»?" }
                                ?? "создайте practices/\(practice.value).md или исправьте slug"))
                    }
                }
                guard let region else { continue }
                awards.append(Award(
                    forum: Forum.ID(source.slug.slug), nomination: nominationID, region: region.id, level: award.level,
                    practice: practiceID, note: award.note, location: award.location))
            }
            guard !hidden(source.meta) else { continue }
            forums.append(Forum(
                id: Forum.ID(source.slug.slug), title: source.title, shortTitle: source.shortTitle,
                edition: source.edition, start: source.start?.value, end: source.end?.value, format: source.format,
                city: source.city, venue: source.venue, organizer: source.organizer,
                participants: source.participants, regionsCount: source.regionsCount, awards: awards,
                meta: source.meta))
        }

        var news: [News] = []
        for source in newsSources {
            var regions: [Region.ID] = []
            for name in source.regions {
                if let region = resolveRegion(name), !regions.contains(region.id) { regions.append(region.id) }
            }
            var forum: Forum.ID?
            if let name = source.forum, resolveForum(name, known: forumSlugs), visibleForums.contains(name.value) {
                forum = Forum.ID(name.value)
            }
            guard !hidden(source.meta) else { continue }
            news.append(News(id: News.ID(source.slug.slug), title: source.title, date: source.date, regions: regions,
                             forum: forum, source: source.source, meta: source.meta))
        }

        let pages = pageSources.filter { !hidden($0.meta) }.map {
            Page(id: Page.ID($0.slug.slug), title: $0.title, menuOrder: $0.menuOrder, meta: $0.meta)
        }
        let titles = practices.indices.map { practices[$0].title }
        practices.sortRussian(names: titles, keys: concurrentMap(titles, jobs: jobs, CollationKey.init))
        return Site(
            config: config,
            forums: forums.sorted(by: Self.newestForumFirst),
            practices: practices,
            news: news.indices.sorted { Self.newestNewsFirst(news[$0], news[$1]) }.map { news[$0] },
            pages: pages.sortedRussian(by: \.title).sorted { ($0.menuOrder ?? .max) < ($1.menuOrder ?? .max) },
            nominations: nominations.values.sortedRussian(by: \.name),
            topics: topics.values.sortedRussian(by: \.name), jobs: jobs)
    }

    // MARK: - Resolution

    private mutating func resolveRegion(_ name: Located<String>) -> Region? {
        let key = ByteString(Array(name.value.utf8))
        if let region = regionsByName[key] { return region }
        if let region = registry.region(named: name.value) {
            regionsByName[key] = region
            return region
        }
        let guess = registry.suggestion(for: name.value)
        report(.error(
            "unknown-region", at: name.location, "неизвестный регион «\(name.value)»",
            suggestion: guess.map { "возможно, вы имели в виду «\($0.name)»?" }
                ?? "список регионов: praktika regions"))
        return nil
    }

    private mutating func resolveForum(_ slug: Located<String>, known: Set<String>) -> Bool {
        if known.contains(slug.value) { return true }
        let guess = EditDistance.closest(to: slug.value, among: known.sorted())
        report(.error(
            "unknown-forum", at: slug.location, "нет форума со slug «\(slug.value)»",
            suggestion: guess.map { "возможно, вы имели в виду «\($0)»?" }
                ?? "slug форума — имя его файла в forums/ без «.md»"))
        return false
    }

    /// Keeps the first of each slug (in path order) and reports the others with both places.
    private mutating func unique<T>(_ items: [T], kind: String, slug: (T) -> SlugSource) -> [T] {
        // Nearly always every slug is new: then the items stay as they are, not copied one by one. (A closure,
        // not a key path: applying a key path copied every item.)
        var slugs = Set<String>(minimumCapacity: items.count)
        if items.indices.allSatisfy({ slugs.insert(slug(items[$0]).slug).inserted }) { return items }
        var seen: [String: SourceLocation] = [:]
        var kept: [T] = []
        for item in items {
            let s = slug(item)
            if let first = seen[s.slug] {
                report(.error(
                    "duplicate-slug", at: s.location, "\(kind) со slug «\(s.slug)» уже есть",
                    suggestion: "задайте другой «slug:» или переименуйте файл",
                    notes: [.init(location: first, message: "здесь этот slug использован впервые")]))
                continue
            }
            seen[s.slug] = s.location
            kept.append(item)
        }
        return kept
    }

    private mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    // MARK: - Orders

    static func newestForumFirst(_ a: Forum, _ b: Forum) -> Bool {
        newestFirst(a.start, a.id.slug, b.start, b.id.slug)
    }

    static func newestNewsFirst(_ a: News, _ b: News) -> Bool {
        newestFirst(a.date, a.id.slug, b.date, b.id.slug)
    }

    /// Later dates first, undated last, then by slug so the order never depends on the input's.
    private static func newestFirst(_ a: CalendarDate?, _ aSlug: String, _ b: CalendarDate?, _ bSlug: String) -> Bool {
        switch (a, b) {
        case let (x?, y?) where x != y: return x > y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return aSlug.precedesInCodePointOrder(bSlug)
        }
    }
}
