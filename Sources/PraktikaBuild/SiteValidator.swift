import PraktikaDiagnostics
import PraktikaModel
import PraktikaText

/// Checks that need the whole plan: links in content, duplicate titles, template variables.
/// `check` and `build` run the same ones, so what passes `check` builds.
enum SiteValidator {
    /// - Parameter sampleKeys: `sampleKeys(theme:)` of `theme`, when the caller made it already (it depends on
    ///   the theme alone, so a build makes it while the content is parsed); nil: made here.
    static func validate(
        site: Site, pages: [PlannedPage], theme: Theme?, sampleKeys: Set<String>? = nil, jobs: Int? = nil
    ) -> [Diagnostic] {
        validateKeepingBuilder(site: site, pages: pages, theme: theme, sampleKeys: sampleKeys, jobs: jobs).diagnostics
    }

    /// `validate`, also returning the view-model builder the template check made (with a theme), for the
    /// renderer: making it takes a few dozen ms at 10,000 practices, here beside the link check.
    static func validateKeepingBuilder(
        site: Site, pages: [PlannedPage], theme: Theme?, sampleKeys: Set<String>? = nil, jobs: Int? = nil
    ) -> (diagnostics: [Diagnostic], builder: ViewModelBuilder?) {
        // Independent checks side by side (the link checker splits its own work too); the
        // diagnostics keep this order whatever the scheduling.
        let (links, others) = sideBySide(jobs: jobs, {
            let items = LinkChecker.contentItems(site)
            return LinkChecker(items: items, pages: pages, theme: theme).check(items, jobs: jobs)
        }, { () -> ([Diagnostic], ViewModelBuilder?) in
            let builder = theme.map { ViewModelBuilder(site: site, theme: $0) }
            let variables = builder.map { templateVariables(pages: pages, builder: $0, sampleKeys: sampleKeys) } ?? []
            return (duplicateTitles(site) + variables, builder)
        })
        return (links + others.0, others.1)
    }

    /// Keys of every page of the sample site.
    static func sampleKeys(theme: Theme) -> Set<String> {
        guard let site = PortalLoader.load(sampleContent).site else { return [] }
        let builder = ViewModelBuilder(site: site, theme: theme)
        var keys: Set<String> = []
        for page in Planner.plan(site).pages { TemplateChecker.keys(of: builder.context(for: page), into: &keys) }
        for practice in site.practices { TemplateChecker.keys(of: builder.practiceCard(practice), into: &keys) }
        for award in site.awards { TemplateChecker.keys(of: builder.awardRow(award), into: &keys) }
        for forum in site.forums { TemplateChecker.keys(of: builder.forumCard(forum), into: &keys) }
        // A long list's pagination (the sample has one page of each list): numbers, links and gaps.
        TemplateChecker.keys(of: ["pagination": builder.pagination(Routes.practices, page: 5, of: 9)], into: &keys)
        return keys
    }

    /// A tiny site with one of everything, every optional field filled.
    static let sampleContent: [SourceFile] = [
        SourceFile(path: "site.yml", text: "title: Образец\nbase_url: https://example.org/\ndescription: Образец.\n"),
        SourceFile(path: "nominations.yml", text: "nominations:\n  - name: Н\n    description: Описание.\n"),
        SourceFile(path: "forums/f.md", text: """
            ---
            title: Ф
            short_title: Ф
            start: 2020-11-06
            end: 2020-11-13
            format: онлайн
            city: Москва
            venue: Площадка
            organizer: Фонд
            participants: 10
            regions_count: 2
            summary: Кратко.
            source_url: https://example.org/
            awards:
              - {nomination: Н, region: Коми, level: лидер, practice: p, note: Заметка}
            ---
            ## Раздел

            Текст.
            """),
        SourceFile(path: "practices/p.md", text: """
            ---
            title: П
            region: Коми
            organization: О
            forums: [f]
            started: 2015
            status: действует
            topics: [тема]
            summary: Кратко.
            source_url: https://example.org/
            ---
            ## Раздел

            ### Подраздел

            Текст.
            """),
        SourceFile(path: "practices/q.md", text: "---\ntitle: Q\nregion: Коми\ntopics: [тема]\n---\nТекст.\n"),
        SourceFile(path: "news/n.md", text: """
            ---
            title: Н
            date: 2020-11-16
            regions: [Коми]
            forum: f
            source: Источник
            source_url: https://example.org/
            summary: Кратко.
            ---
            Текст.
            """),
        SourceFile(path: "pages/about.md", text: "---\ntitle: О\nmenu_order: 1\nsummary: Кратко.\n---\nТекст.\n"),
    ]

    /// Two items of a kind with one title that are otherwise the same — a practice of one organization
    /// in one region, news of one day about the same regions, a forum of one start date — are most
    /// likely a copy made by mistake. (One
    /// title in two regions is normal: many regions run a «Служба сопровождения».)
    static func duplicateTitles(_ site: Site) -> [Diagnostic] {
        func check(_ kind: String, _ items: [(key: String, title: String, file: String)]) -> [Diagnostic] {
            // Byte keys: hashing Cyrillic `String`s normalises them first, which dominated this check.
            var groups: [ByteString: [Int]] = [:]
            groups.reserveCapacity(items.count)  // grown step by step, rehashing was a fifth of this check at 100k
            for (index, item) in items.enumerated() {
                var bytes = TextNormalization.lowercasedUTF8(item.title)
                bytes.append(0)
                bytes.append(contentsOf: item.key.utf8)
                groups[ByteString(bytes), default: []].append(index)
            }
            // Only the items of a shared key are put in path order (sorting all of them by path was half of
            // this check): the first keeps its title, each later one gets a warning, warnings in path order.
            func precedes(_ a: Int, _ b: Int) -> Bool { items[a].file.precedesInCodePointOrder(items[b].file) }
            var later: [(index: Int, first: Int)] = []
            for group in groups.values where group.count > 1 {
                let ordered = group.sorted(by: precedes)
                for index in ordered.dropFirst() { later.append((index, ordered[0])) }
            }
            return later.sorted { precedes($0.index, $1.index) }.map { pair in
                let item = items[pair.index]
                return .warning(
                    "duplicate-title", at: SourceLocation(file: item.file, line: 2),
                    "\(kind) «\(item.title)» уже есть", suggestion: "уточните заголовок или удалите копию",
                    notes: [.init(location: SourceLocation(file: items[pair.first].file, line: 2), message: "тот же заголовок")])
            }
        }
        return check("практика этой организации и региона",
                     site.practices.indices.map { i in  // by index: mapping the practices copied each one whole
                        ("\(site.practices[i].region.code) \(site.practices[i].organization ?? "")", site.practices[i].title,
                         site.practices[i].meta.file)
                     })
            + check("форум с этой датой", site.forums.map { ($0.start?.description ?? "", $0.title, $0.meta.file) })
            + check("новость этого дня о тех же регионах",
                    site.news.map { ("\($0.date?.description ?? "") \($0.regions.map(\.code))", $0.title, $0.meta.file) })
            + check("страница", site.pages.map { ("", $0.title, $0.meta.file) })
    }

    /// Every variable in the templates must be a key of some view model (one page of each kind is
    /// built to learn the keys). A warning, `--strict` makes it an error: a key missing only because
    /// the content has no such item yet must not stop an editor's build.
    static func templateVariables(pages: [PlannedPage], builder: ViewModelBuilder, sampleKeys known: Set<String>? = nil) -> [Diagnostic] {
        // Keys come from one page of each kind of this site and every page of a built-in sample
        // site that has one of everything, so a key is known even when this site's content has no
        // item that would show it (no news yet, no awards in a region).
        let theme = builder.theme
        var known = known ?? sampleKeys(theme: theme)
        var seenTemplates: Set<String> = []
        for page in pages where !seenTemplates.contains(page.kind.template) {
            seenTemplates.insert(page.kind.template)
            TemplateChecker.keys(of: builder.context(for: page), into: &known)
        }
        let sources = theme.sources.mapValues { ($0.path, $0.text) }
        return TemplateChecker.unknownVariables(sources, known: known).map {
            var warning = $0
            warning.severity = .warning
            return warning
        }
    }
}
