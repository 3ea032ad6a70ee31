import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import PraktikaText

extension ViewModelBuilder {
    /// The full context of a planned page: layout plus what its kind shows.
    func context(for planned: PlannedPage) -> ViewValue {
        switch planned.kind {
        case .home: return home()
        case .practiceList(let page, let count): return practiceList(page: page, of: count, route: planned.route)
        case .practice(let id): return practice(id, route: planned.route)
        case .regionList: return regionList()
        case .region(let id): return region(id, route: planned.route)
        case .districtList: return districtList()
        case .district(let district): return self.district(district, route: planned.route)
        case .nominationList: return nominationList()
        case .nomination(let id): return nomination(id, route: planned.route)
        case .forumList: return forumList()
        case .forum(let id): return forum(id, route: planned.route)
        case .topicList: return topicList()
        case .topic(let id): return topic(id, route: planned.route)
        case .newsList(let page, let count): return newsList(page: page, of: count, route: planned.route)
        case .news(let id): return news(id, route: planned.route)
        case .page(let id): return page(id, route: planned.route)
        case .search: return search()
        case .openData: return openData()
        case .stats: return stats()
        case .notFound: return notFound()
        }
    }

    /// The layout's values and the page's own (cleaned: an empty string is `false`), the page's winning.
    private func merge(_ base: ViewContext, _ extra: Context) -> ViewValue {
        var values = base
        values.reserveCapacity(base.count + extra.count)
        for (key, value) in extra { values[key] = ViewValue(value).cleaned }
        return .context(values)
    }

    /// `merge` of values already sorted, given as pairs. The layout was made with room for them
    /// (`layout(…, reserving:)`), so the list is not grown while they are added.
    private func merge(_ base: consuming ViewContext, typed extra: KeyValuePairs<String, ViewValue>) -> ViewValue {
        var values = base
        values.reserveCapacity(values.count + extra.count)
        for (key, value) in extra { values[key] = value.cleaned }
        return .context(values)
    }

    // MARK: - Home

    private func home() -> ViewValue {
        let activeRegions = site.practicesByRegion.count
        let stats: [Context] = [
            stat(site.practices.count, .practice, Routes.practices),
            stat(activeRegions, .region, Routes.regions),
            stat(site.forums.count, .forum, Routes.forums),
            stat(site.nominations.count, .nomination, Routes.nominations),
        ]
        let districts = FederalDistrict.allCases.map { district -> Context in
            let count = site.practicesByDistrict[district]?.count ?? 0
            return ["title": district.name, "href": routes.href(Routes.district(district)),
                    "count": RussianPlural.practice.phrase(count)]
        }
        return merge(layout(route: Routes.home, title: site.config.title, description: site.config.description ?? "",
                            section: nil, breadcrumbs: []), [
            "stats": stats,
            "tileMap": tileMap(),
            "news": site.news.prefix(5).map { newsCard($0) },
            "hasNews": !site.news.isEmpty,
            "awards": ViewValue.items(awardRows(Array(site.awards.indices.prefix(8)))),
            "awardsCaption": "Последние награды форумов",
            "hasAwards": !site.awards.isEmpty,
            "districts": districts,
            "nominations": site.nominations.prefix(12).map { ["title": $0.name, "href": routes.href(Routes.nomination($0.id))] as Context },
            "topics": site.topics.map { ["title": $0.name, "href": routes.href(Routes.topic($0.id))] as Context },
            "hasTopics": !site.topics.isEmpty,
        ])
    }

    private func stat(_ count: Int, _ noun: RussianPlural, _ route: String) -> Context {
        ["number": count, "label": noun.form(for: count), "href": routes.href(route)]
    }

    // MARK: - Practices

    private func practiceList(page: Int, of count: Int, route: String) -> ViewValue {
        let slice = site.practices.dropFirst((page - 1) * Planner.pageSize).prefix(Planner.pageSize)
        let title = page == 1 ? "Практики" : "Практики — страница \(page)"
        return merge(layout(route: route, title: title,
                            description: "Все практики портала: \(RussianPlural.practice.phrase(site.practices.count)).",
                            section: "practices", breadcrumbs: page == 1 ? [] : [("Практики", Routes.practices)]), [
            "heading": title,
            "count": RussianPlural.practice.phrase(site.practices.count),
            "practices": ViewValue.items(practiceCards(positions: Array(slice.indices))),
            "pagination": pagination(Routes.practices, page: page, of: count),
            "facets": page == 1 ? [
                "src": routes.href(Routes.practices + "facets.json"),
                "js": routes.href("/" + (theme.assetPaths["facets.js"] ?? "assets/facets.js")),
            ] as Context : false,
        ])
    }

    /// Built with typed values (10,000 of a 12,000-page site): nothing to cast when it is rendered. Fields are
    /// read in place (`site.practice(_:)` copied the whole practice, a dozen retains, for every page).
    private func practice(_ id: Practice.ID, route: String) -> ViewValue {
        guard let p = site.position(of: id) else { return .empty }
        let title = site.practices[p].title
        let region = site.regions[site.practices[p].region]
        let toc = site.practices[p].meta.body.headings.filter { $0.level == 2 || $0.level == 3 }.map {
            ["title": .string($0.text), "href": .string("#\($0.id)"), "sub": .bool($0.level == 3)] as ViewContext
        }
        let forums = site.practices[p].forums.compactMap { forumCardValue(id: $0) }
        let topics = site.practices[p].topics.compactMap { site.topic($0) }.map {
            ["title": .string($0.name), "href": .string(routes.href(Routes.topic($0.id)))] as ViewContext
        }
        let awards = awardRows(site.awardsByPractice[id] ?? [])
        let related = practiceCards(positions: relatedPositions(at: p))
        return merge(layout(route: route, title: title, description: site.practices[p].meta.description,
                            section: "practices", breadcrumbs: [("Практики", Routes.practices), (region.name, Routes.region(region))],
                            ogType: "article", reserving: 22), typed: [
            "title": .string(title),
            "region": .string(region.name),
            "regionHref": .string(routes.href(Routes.region(region))),
            "district": .string(region.district.name),
            "districtHref": .string(routes.href(Routes.district(region.district))),
            "organization": .string(site.practices[p].organization ?? ""),
            "status": .string(site.practices[p].status?.rawValue ?? ""),
            "started": .string(site.practices[p].started.map(String.init) ?? ""),
            "summary": .string(site.practices[p].meta.summary ?? ""),
            "topics": .contexts(topics), "hasTopics": .bool(!topics.isEmpty),
            "forums": .items(forums), "hasForums": .bool(!forums.isEmpty),
            "awards": .items(awards), "hasAwards": .bool(!awards.isEmpty),
            "awardsCaption": .string("Награды практики «\(title)»"),
            "toc": .contexts(toc), "hasToc": .bool(toc.count >= 2),
            "body": .utf8(site.practices[p].meta.body.htmlUTF8),
            "related": .items(related), "hasRelated": .bool(!related.isEmpty),
            "sourceURL": .string(site.practices[p].meta.sourceURL ?? ""),
        ])
    }

    /// The positions in `site.practices` of up to five practices: neighbours in the same region, then in the
    /// first shared topic.
    /// Taken by position in the sorted lists, so the choice is cheap and deterministic. The lists are
    /// subsequences of `site.practices`, so the practice is found by binary search on its global
    /// position (a linear search made this quadratic for regions with hundreds of practices).
    func relatedPositions(_ practice: Practice) -> [Int] {
        site.position(of: practice.id).map { relatedPositions(at: $0) } ?? []
    }

    /// `relatedPositions` of the practice at `target` in `site.practices`.
    func relatedPositions(at target: Int) -> [Int] {
        let region = site.practices[target].region
        let firstTopic = site.practices[target].topics.first
        var chosen: [Int] = []
        func take(from list: [Int], limit: Int) {
            var low = 0, high = list.count
            while low < high {
                let middle = (low + high) / 2
                if list[middle] < target { low = middle + 1 } else { high = middle }
            }
            guard low < list.count, list[low] == target else { return }
            let here = low
            var offset = 1
            var added = 0
            while added < limit && (here - offset >= 0 || here + offset < list.count) {
                // After, then before (two checks, not a two-element array made for every step).
                for index in stride(from: here + offset, through: here - offset, by: -2 * offset)
                where index >= 0 && index < list.count && added < limit {
                    let position = list[index]
                    if position != target && !chosen.contains(position) { chosen.append(position); added += 1 }
                }
                offset += 1
            }
        }
        take(from: regionPositions[region] ?? [], limit: 3)
        if let topic = firstTopic { take(from: topicPositions[topic] ?? [], limit: 5 - chosen.count) }
        return chosen
    }

    // MARK: - Regions and districts

    /// The tile map partial's data: the SVG and the legend.
    private func tileMap() -> Context {
        let counts = site.practicesByRegion.mapValues(\.count)
        return [
            "svg": TileMap.svg(counts: counts) { routes.href(Routes.region($0)) },
            "legend": TileMap.legend(maximum: counts.values.max() ?? 0).map { ["level": $0.level, "text": $0.text] as Context },
        ]
    }

    private func regionList() -> ViewValue {
        let groups = FederalDistrict.allCases.map { district -> Context in
            let regions = site.regions.regions(in: district).sortedRussian(by: \.name).map { region -> Context in
                let practices = site.practicesByRegion[region.id]?.count ?? 0
                let awards = site.awardsByRegion[region.id]?.count ?? 0
                return Self.clean(["title": region.name, "href": routes.href(Routes.region(region)),
                        "practices": RussianPlural.practice.phrase(practices),
                        "awards": awards > 0 ? RussianPlural.award.phrase(awards) : "",
                        "empty": practices == 0 && awards == 0])
            }
            return ["title": district.name, "href": routes.href(Routes.district(district)), "regions": regions]
        }
        return merge(layout(route: Routes.regions, title: "Регионы",
                            description: "Все 89 субъектов Российской Федерации по федеральным округам, с практиками и наградами.",
                            section: "regions", breadcrumbs: []), ["districts": groups, "tileMap": tileMap()])
    }

    private func region(_ id: Region.ID, route: String) -> ViewValue {
        let region = site.regions[id]
        let practices = practiceCards(site.practicesByRegion[id] ?? [])
        let awardIndexes = site.awardsByRegion[id] ?? []
        // Awards grouped by forum, forums newest first (the award list is already in that order).
        var groups: [Context] = []
        var current: (Forum.ID, [Int])?
        for index in awardIndexes {
            let award = site.awards[index]
            if current?.0 != award.forum {
                if let (forumID, rows) = current { groups.append(awardGroup(forumID, rows)) }
                current = (award.forum, [])
            }
            current?.1.append(index)
        }
        if let (forumID, rows) = current { groups.append(awardGroup(forumID, rows)) }
        let forums = (site.forumsByRegion[id] ?? []).compactMap { forumCardValue(id: $0) }
        let news = (site.newsByRegion[id] ?? []).compactMap { site.newsItem($0) }.map { newsCard($0) }
        let counts = [
            RussianPlural.practice.phrase(practices.count), RussianPlural.award.phrase(awardIndexes.count),
            RussianPlural.forum.phrase(forums.count), RussianPlural.news.phrase(news.count),
        ].joined(separator: " · ")
        return merge(layout(route: route, title: region.name,
                            description: "Практики, награды и форумы \(region.genitive): \(counts).",
                            section: "regions",
                            breadcrumbs: [("Регионы", Routes.regions), (region.district.name, Routes.district(region.district))]), [
            "title": region.name,
            "kind": region.kind.rawValue.prefix(1).uppercased() + region.kind.rawValue.dropFirst(),
            "district": region.district.name,
            "districtHref": routes.href(Routes.district(region.district)),
            "inPhrase": region.inPhrase,
            "counts": counts,
            "practices": ViewValue.items(practices), "hasPractices": !practices.isEmpty,
            "awardGroups": groups, "hasAwards": !groups.isEmpty,
            "forums": ViewValue.items(forums), "hasForums": !forums.isEmpty,
            "news": news, "hasNews": !news.isEmpty,
            "isEmpty": practices.isEmpty && groups.isEmpty && forums.isEmpty && news.isEmpty,
        ])
    }

    private func awardGroup(_ forumID: Forum.ID, _ awards: [Int]) -> Context {
        let forum = site.forum(forumID)
        let title = forum?.title ?? forumID.slug
        return Self.clean(["forum": title, "forumHref": routes.href(Routes.forum(forumID)),
                "date": forum.map { forumDate($0) } ?? "", "awards": ViewValue.items(awardRows(awards)), "awardsCaption": "Награды на форуме «\(title)»"])
    }

    private func districtList() -> ViewValue {
        let districts = FederalDistrict.allCases.map { district -> Context in
            let regions = site.regions.regions(in: district).count
            let practices = site.practicesByDistrict[district]?.count ?? 0
            return ["title": district.name, "abbreviation": district.abbreviation,
                    "href": routes.href(Routes.district(district)),
                    "regions": RussianPlural.subject.phrase(regions), "practices": RussianPlural.practice.phrase(practices)]
        }
        return merge(layout(route: Routes.districts, title: "Федеральные округа",
                            description: "Восемь федеральных округов России и практики их регионов.",
                            section: "regions", breadcrumbs: [("Регионы", Routes.regions)]), ["districts": districts])
    }

    private func district(_ district: FederalDistrict, route: String) -> ViewValue {
        let regions = site.regions.regions(in: district).sortedRussian(by: \.name).map { region -> Context in
            let count = site.practicesByRegion[region.id]?.count ?? 0
            return ["title": region.name, "href": routes.href(Routes.region(region)),
                    "practices": RussianPlural.practice.phrase(count)]
        }
        let practices = practiceCards(site.practicesByDistrict[district] ?? [])
        let awards = awardRows(site.awardsByDistrict[district] ?? [])
        return merge(layout(route: route, title: district.name,
                            description: "\(district.name): \(RussianPlural.subject.phrase(regions.count)), \(RussianPlural.practice.phrase(practices.count)).",
                            section: "regions", breadcrumbs: [("Регионы", Routes.regions), ("Федеральные округа", Routes.districts)]), [
            "title": district.name,
            "regions": regions,
            "practices": ViewValue.items(practices), "hasPractices": !practices.isEmpty,
            "practiceCount": RussianPlural.practice.phrase(practices.count),
            "awards": ViewValue.items(awards), "hasAwards": !awards.isEmpty,
            "awardsCaption": "Награды регионов округа",
        ])
    }

    // MARK: - Nominations, forums, topics

    private func nominationList() -> ViewValue {
        let nominations = site.nominations.map { nomination -> Context in
            let count = site.awardsByNomination[nomination.id]?.count ?? 0
            return Self.clean(["title": nomination.name, "href": routes.href(Routes.nomination(nomination.id)),
                    "awards": RussianPlural.award.phrase(count), "description": nomination.description ?? ""])
        }
        return merge(layout(route: Routes.nominations, title: "Номинации",
                            description: "Номинации, в которых на форумах награждают лучшие практики регионов.",
                            section: "nominations", breadcrumbs: []), ["nominations": nominations])
    }

    private func nomination(_ id: Nomination.ID, route: String) -> ViewValue {
        guard let nomination = site.nomination(id) else { return .empty }
        let awards = awardRows(site.awardsByNomination[id] ?? [])
        return merge(layout(route: route, title: "Номинация «\(nomination.name)»",
                            description: nomination.description ?? "Все награды в номинации «\(nomination.name)».",
                            section: "nominations", breadcrumbs: [("Номинации", Routes.nominations)]), [
            "title": nomination.name,
            "description": nomination.description ?? "",
            "awards": ViewValue.items(awards), "hasAwards": !awards.isEmpty,
            "count": RussianPlural.award.phrase(awards.count),
            "awardsCaption": "Награды в номинации «\(nomination.name)», сначала новые форумы",
        ])
    }

    private func forumList() -> ViewValue {
        merge(layout(route: Routes.forums, title: "Форумы",
                     description: "Форумы, на которых регионы представляли свои практики и получали награды.",
                     section: "forums", breadcrumbs: []), ["forums": ViewValue.items(site.forums.compactMap { forumCardValue(id: $0.id) })])
    }

    private func forum(_ id: Forum.ID, route: String) -> ViewValue {
        guard let forum = site.forum(id) else { return .empty }
        // Results: the award list is already ordered by nomination, then level.
        let awards = awardRows(site.awardsByForum[id] ?? [])
        let regions = (site.regionsByForum[id] ?? []).map { regionLink($0) }
        let practices = practiceCards(site.practicesByForum[id] ?? [])
        let news = (site.newsByForum[id] ?? []).compactMap { site.newsItem($0) }.map { newsCard($0) }
        var facts: [Context] = []
        func fact(_ label: String, _ value: String?) {
            if let value, !value.isEmpty { facts.append(["label": label, "value": value]) }
        }
        fact("Даты", forumDate(forum))
        fact("Формат", forum.format?.rawValue)
        fact("Город", forum.city)
        fact("Площадка", forum.venue)
        fact("Организатор", forum.organizer)
        fact("Участники", forum.participants.map { RussianPlural.participant.phrase($0) })
        fact("Регионы-участники", forum.regionsCount.map { RussianPlural.region.phrase($0) })
        return merge(layout(route: route, title: forum.title, description: forum.meta.description,
                            section: "forums", breadcrumbs: [("Форумы", Routes.forums)], ogType: "article"), [
            "title": forum.title,
            "facts": facts,
            "body": forum.meta.body.htmlUTF8,
            "awards": ViewValue.items(awards), "hasResults": !awards.isEmpty,
            "awardsCaption": "Награды форума по номинациям",
            "regions": regions, "hasRegions": !regions.isEmpty,
            "practices": ViewValue.items(practices), "hasPractices": !practices.isEmpty,
            "practiceCount": RussianPlural.practice.phrase(practices.count),
            "news": news, "hasNews": !news.isEmpty,
            "sourceURL": forum.meta.sourceURL ?? "",
        ])
    }

    private func topicList() -> ViewValue {
        let topics = site.topics.map { topic -> Context in
            let count = site.practicesByTopic[topic.id]?.count ?? 0
            return ["title": topic.name, "href": routes.href(Routes.topic(topic.id)),
                    "practices": RussianPlural.practice.phrase(count)]
        }
        return merge(layout(route: Routes.topics, title: "Темы", description: "Темы практик портала.",
                            section: "practices", breadcrumbs: [("Практики", Routes.practices)]), ["topics": topics])
    }

    private func topic(_ id: Topic.ID, route: String) -> ViewValue {
        guard let topic = site.topic(id) else { return .empty }
        let practices = practiceCards(site.practicesByTopic[id] ?? [])
        return merge(layout(route: route, title: "Тема «\(topic.name)»",
                            description: "Практики по теме «\(topic.name)»: \(RussianPlural.practice.phrase(practices.count)).",
                            section: "practices", breadcrumbs: [("Практики", Routes.practices), ("Темы", Routes.topics)]), [
            "title": topic.name,
            "practices": ViewValue.items(practices),
            "count": RussianPlural.practice.phrase(practices.count),
        ])
    }

    // MARK: - Search

    private func search() -> ViewValue {
        merge(layout(route: Routes.search, title: "Поиск", description: "Поиск по практикам, форумам и новостям портала.",
                     section: "search", breadcrumbs: []), [
            "indexBase": routes.href("/search/index/"),
            "searchHref": routes.href(Routes.search),
            "searchJS": routes.href("/" + (theme.assetPaths["search.js"] ?? "assets/search.js")),
        ])
    }

    // MARK: - Statistics

    private func stats() -> ViewValue {
        typealias Row = (label: String, href: String?, value: Int)
        func chart(_ id: String, _ title: String, _ header: String, _ rows: [Row]) -> Context {
            let description = rows.isEmpty ? "Данных пока нет."
                : rows.map { "\($0.label): \($0.value)" }.joined(separator: "; ") + "."
            return [
                "id": id, "title": title, "header": header, "hasRows": !rows.isEmpty,
                "svg": Charts.horizontalBars(id: id, title: title, description: description,
                                             bars: rows.map { Charts.Bar(label: $0.label, value: $0.value) }),
                "rows": rows.map { ["label": $0.label, "href": $0.href.map { $0 as Any } ?? false, "value": $0.value] as Context },
            ]
        }
        let districts = FederalDistrict.allCases
        let practicesByDistrict: [Row] = districts.map {
            ($0.name, routes.href(Routes.district($0)), site.practicesByDistrict[$0]?.count ?? 0)
        }
        let awardsByDistrict: [Row] = districts.map {
            ($0.name, routes.href(Routes.district($0)), site.awardsByDistrict[$0]?.count ?? 0)
        }
        let byNomination: [Row] = site.nominations.map {
            ($0.name, routes.href(Routes.nomination($0.id)), site.awardsByNomination[$0.id]?.count ?? 0)
        }
        var byYear: [Int?: Int] = [:]
        for award in site.awards { byYear[site.forum(award.forum)?.start?.year, default: 0] += 1 }
        var years: [Row] = byYear.keys.compactMap { $0 }.sorted().map { (String($0), nil, byYear[$0] ?? 0) }
        if let unknown = byYear[nil] { years.append(("год не указан", nil, unknown)) }
        func top(_ index: [Region.ID: [Int]]) -> [Row] { top(index.mapValues(\.count)) }
        func top(_ counts: [Region.ID: Int]) -> [Row] {
            counts.filter { $0.value > 0 }.sorted { $0.value > $1.value || $0.value == $1.value && $0.key < $1.key }
                .prefix(10).map { (site.regions[$0.key].name, routes.href(Routes.region(site.regions[$0.key])), $0.value) }
        }
        let charts: [Context] = [
            chart("practices-by-district", "Практики по федеральным округам", "Практик", practicesByDistrict),
            chart("top-regions-practices", "Регионы с наибольшим числом практик", "Практик",
                  top(site.practicesByRegion.mapValues(\.count))),
            chart("awards-by-district", "Награды по федеральным округам", "Наград", awardsByDistrict),
            chart("top-regions-awards", "Регионы с наибольшим числом наград", "Наград", top(site.awardsByRegion)),
            chart("awards-by-nomination", "Награды по номинациям", "Наград", byNomination),
            chart("awards-by-year", "Награды по годам форумов", "Наград", years),
        ]
        return merge(layout(route: Routes.stats, title: "Статистика",
                            description: "Практики и награды портала по федеральным округам, регионам, номинациям и годам.",
                            section: nil, breadcrumbs: []), [
            "summary": "\(RussianPlural.practice.phrase(site.practices.count)) из \(RussianPlural.region.phrase(site.practicesByRegion.count)), \(RussianPlural.award.phrase(site.awards.count)) на \(RussianPlural.forum.phrase(site.forums.count)).",
            "charts": charts,
        ])
    }

    // MARK: - Open data

    private func openData() -> ViewValue {
        let datasets = OpenData.datasets(site: site, routes: routes).map { dataset -> Context in
            let columns = dataset.columns.map { column -> Context in
                let type = switch column.kind {
                case .text: "строка"
                case .integer: "целое число"
                case .list: "список строк"
                }
                return Self.clean([
                    "name": column.name, "type": type + (column.nullable ? " или null" : ""),
                    "description": column.description,
                    "allowed": column.allowed.map { $0.map { "«\($0)»" }.joined(separator: ", ") } ?? "",
                ])
            }
            return [
                "name": dataset.name, "title": dataset.title,
                "count": RussianPlural.record.phrase(dataset.count),
                "json": routes.href("/data/\(dataset.name).json"), "csv": routes.href("/data/\(dataset.name).csv"),
                "schema": routes.href("/data/schema/\(dataset.name).schema.json"),
                "columns": columns,
            ] as Context
        }
        return merge(layout(route: Routes.data, title: "Открытые данные",
                            description: "Практики, регионы, награды и форумы портала в JSON и CSV со схемами JSON Schema.",
                            section: nil, breadcrumbs: []), ["datasets": datasets])
    }

    // MARK: - News and pages

    private func newsList(page: Int, of count: Int, route: String) -> ViewValue {
        let slice = site.news.dropFirst((page - 1) * Planner.pageSize).prefix(Planner.pageSize)
        let title = page == 1 ? "Новости" : "Новости — страница \(page)"
        return merge(layout(route: route, title: title, description: "Новости о форумах и практиках.",
                            section: "news", breadcrumbs: page == 1 ? [] : [("Новости", Routes.news)]), [
            "heading": title,
            "news": slice.map { newsCard($0) },
            "hasNews": !slice.isEmpty,
            "pagination": pagination(Routes.news, page: page, of: count),
        ])
    }

    private func news(_ id: News.ID, route: String) -> ViewValue {
        guard let item = site.newsItem(id) else { return .empty }
        let forum = item.forum.flatMap { site.forum($0) }
        var extra: Context = [
            "title": item.title,
            "date": item.date.map(RussianDateFormat.format) ?? "",
            "datetime": item.date.map(\.description) ?? "",
            "regions": item.regions.map { regionLink($0) }, "hasRegions": !item.regions.isEmpty,
            "source": item.source ?? "",
            "sourceURL": item.meta.sourceURL ?? "",
            "body": item.meta.body.htmlUTF8,
            "forum": false,
        ]
        if let forum { extra["forum"] = ["title": forum.title, "href": routes.href(Routes.forum(forum.id))] as Context }
        return merge(layout(route: route, title: item.title, description: item.meta.description,
                            section: "news", breadcrumbs: [("Новости", Routes.news)], ogType: "article"), extra)
    }

    private func page(_ id: Page.ID, route: String) -> ViewValue {
        guard let page = site.pages.first(where: { $0.id == id }) else { return .empty }
        return merge(layout(route: route, title: page.title, description: page.meta.description,
                            section: "page:\(id.slug)", breadcrumbs: []), [
            "title": page.title,
            "body": page.meta.body.htmlUTF8,
        ])
    }

    private func notFound() -> ViewValue {
        merge(layout(route: "/404.html", title: "Страница не найдена", description: "Такой страницы на портале нет.",
                     section: nil, breadcrumbs: []), [:])
    }
}
