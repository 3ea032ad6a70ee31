import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaText

/// The parse stage: one content file's bytes → a `ContentSource` and its diagnostics. Pure.
enum ContentParser {
    /// What a path in the content folder holds.
    enum FileKind: String, Sendable, CaseIterable {
        case config, nominations, forum, practice, news, page

        /// The kind of `path`, or nil when it belongs to no section.
        init?(path: String) {
            switch path {
            case "site.yml": self = .config; return
            case "nominations.yml": self = .nominations; return
            default: break
            }
            guard path.hasSuffix(".md"), let slash = path.firstIndex(of: "/") else { return nil }
            switch path[..<slash] {
            case "forums": self = .forum
            case "practices": self = .practice
            case "news": self = .news
            case "pages": self = .page
            default: return nil
            }
        }
    }

    /// Parses `site.yml`. A missing file is an error reported by the caller.
    static func parseConfig(_ file: SourceFile) -> (SiteConfig?, [Diagnostic]) {
        let text: String
        switch TextDecoding.decode(file) {
        case .failure(let diagnostic): return (nil, [diagnostic])
        case .success(let decoded): text = decoded
        }
        var diagnostics: [Diagnostic] = []
        guard var reader = FieldReader.root(yaml: text, file: file.path, firstLine: 1, diagnostics: &diagnostics) else {
            return (nil, diagnostics)
        }
        let title = reader.string("title", required: true)
        let baseURL = reader.string("base_url", required: true)
        let language = reader.string("language")?.value ?? "ru"
        let description = reader.string("description")?.value
        let unsafe = reader.bool("unsafe_html") ?? false
        let typography = reader.bool("typography") ?? true
        if let baseURL, !(baseURL.value.hasPrefix("https://") || baseURL.value.hasPrefix("http://") || baseURL.value.hasPrefix("/")) {
            reader.report(.error(
                "invalid-url", at: baseURL.location, "base_url «\(baseURL.value)» — не адрес сайта",
                suggestion: "укажите полный адрес, например https://example.org/"))
        }
        diagnostics += reader.finish()
        guard let title, let baseURL else { return (nil, diagnostics) }
        return (SiteConfig(title: title.value, baseURL: baseURL.value, language: language,
                           description: description, allowsRawHTML: unsafe, typography: typography), diagnostics)
    }

    /// Parses any content file other than `site.yml`.
    static func parse(_ file: SourceFile, kind: FileKind, markdown: MarkdownOptions) -> (ContentSource?, [Diagnostic]) {
        parseAll([(file, kind)], markdown: markdown)[0]
    }

    /// `parse` of several files, their Markdown bodies rendered together by `MarkdownRenderer.renderAll`.
    /// Results in input order.
    static func parseAll(_ items: [(SourceFile, FileKind)], markdown: MarkdownOptions) -> [(ContentSource?, [Diagnostic])] {
        var results: [(ContentSource?, [Diagnostic])] = Array(repeating: (nil, []), count: items.count)
        var pending: [(index: Int, file: PendingFile)] = []
        for (i, item) in items.enumerated() {
            switch prepare(item.0, kind: item.1) {
            case .done(let result): results[i] = result
            case .pending(let file): pending.append((i, file))
            }
        }
        let bodies = MarkdownRenderer.renderAll(
            pending.map { MarkdownInput(validUTF8: $0.file.body, firstLine: $0.file.bodyFirstLine) }, options: markdown)
        for (k, item) in pending.enumerated() {
            results[item.index] = complete(item.file, body: bodies[k])
        }
        return results
    }

    /// A content file read up to its Markdown body.
    private enum Prepared {
        /// Nothing more to do: an unreadable file, or `nominations.yml`.
        case done((ContentSource?, [Diagnostic]))
        /// The front matter is read; the body waits for Markdown.
        case pending(PendingFile)
    }

    /// What `complete` needs besides the rendered body.
    private struct PendingFile {
        var path: String
        var kind: FileKind
        var reader: FieldReader
        var diagnostics: [Diagnostic]
        var slug: SlugSource?
        var title: Located<String>?
        var summary: String?
        var sourceURL: String?
        var isDraft: Bool
        /// Valid UTF-8 (checked by `TextDecoding.document`).
        var body: ArraySlice<UInt8>
        var bodyFirstLine: Int
    }

    /// Decodes the file, splits off the front matter and reads the fields every kind has.
    private static func prepare(_ file: SourceFile, kind: FileKind) -> Prepared {
        var diagnostics: [Diagnostic] = []
        if kind == .nominations {
            switch TextDecoding.decode(file) {
            case .failure(let diagnostic): return .done((nil, [diagnostic]))
            case .success(let text):
                return .done((parseNominations(text, file: file.path, diagnostics: &diagnostics), diagnostics))
            }
        }
        // Only the front matter becomes a `String`; cmark reads the body's bytes where they lie.
        let document: FrontMatterDocument
        switch TextDecoding.document(file) {
        case .failure(let diagnostic): return .done((nil, [diagnostic]))
        case .success(let split): document = split
        }
        guard var reader = FieldReader.root(
            yaml: document.yaml, file: file.path, firstLine: document.yamlFirstLine, diagnostics: &diagnostics)
        else { return .done((nil, diagnostics)) }

        let slug = readSlug(&reader, path: file.path)
        let title = reader.string("title", required: true)
        let summary = reader.string("summary")?.value
        let sourceURL = reader.string("source_url")
        let isDraft = reader.bool("draft") ?? false
        if let sourceURL, !(sourceURL.value.hasPrefix("https://") || sourceURL.value.hasPrefix("http://")) {
            reader.report(.warning(
                "invalid-url", at: sourceURL.location, "source_url «\(sourceURL.value)» — не адрес в интернете",
                suggestion: "укажите адрес, начинающийся с https://"))
        }
        return .pending(PendingFile(
            path: file.path, kind: kind, reader: reader, diagnostics: diagnostics, slug: slug, title: title,
            summary: summary, sourceURL: sourceURL?.value, isDraft: isDraft, body: document.body,
            bodyFirstLine: document.bodyFirstLine))
    }

    /// Reads the fields of the file's kind and makes its source.
    private static func complete(_ file: PendingFile, body: RenderedMarkdown) -> (ContentSource?, [Diagnostic]) {
        var reader = file.reader
        var diagnostics = file.diagnostics
        let (slug, title) = (file.slug, file.title)
        let meta = ContentMeta(file: file.path, summary: file.summary, sourceURL: file.sourceURL, isDraft: file.isDraft,
                               body: body)

        var source: ContentSource?
        switch file.kind {
        case .forum: source = readForum(&reader, slug: slug, title: title, meta: meta).map(ContentSource.forum)
        case .practice: source = readPractice(&reader, slug: slug, title: title, meta: meta).map(ContentSource.practice)
        case .news: source = readNews(&reader, slug: slug, title: title, meta: meta).map(ContentSource.news)
        case .page:
            let order = reader.int("menu_order")?.value
            if let slug, let title {
                source = .page(PageSource(slug: slug, title: title.value, menuOrder: order, meta: meta))
            }
        case .config, .nominations: break
        }
        diagnostics += reader.finish()
        return (source, diagnostics)
    }

    // MARK: - Kinds

    private static func readForum(_ r: inout FieldReader, slug: SlugSource?, title: Located<String>?, meta: ContentMeta) -> ForumSource? {
        let shortTitle = r.string("short_title")?.value
        let edition = r.int("edition")?.value
        let start = r.date("start")
        let end = r.date("end")
        let format = r.choice("format", of: ForumFormat.self)
        let city = r.string("city")?.value
        let venue = r.string("venue")?.value
        let organizer = r.string("organizer")?.value
        let participants = r.int("participants")?.value
        let regionsCount = r.int("regions_count")?.value
        if let start, let end, end.value < start.value {
            r.report(.error("invalid-date", at: end.location, "форум заканчивается раньше, чем начинается",
                            suggestion: "проверьте поля «start» и «end»"))
        }
        if end != nil && start == nil {
            r.report(.error("missing-key", at: end?.location ?? r.origin, "указано «end», но нет «start»"))
        }
        var awards: [AwardSource] = []
        for var item in r.mappings("awards") {
            let nomination = item.string("nomination", required: true)
            let region = item.string("region", required: true)
            let level = item.choice("level", of: AwardLevel.self, required: true)
            let practice = item.string("practice")
            let note = item.string("note")?.value
            for diagnostic in item.finish() { r.report(diagnostic) }
            if let nomination, let region, let level {
                awards.append(AwardSource(nomination: nomination, region: region, level: level, practice: practice,
                                          note: note, location: item.origin))
            }
        }
        guard let slug, let title else { return nil }
        return ForumSource(
            slug: slug, title: title.value, shortTitle: shortTitle, edition: edition, start: start, end: end,
            format: format, city: city, venue: venue, organizer: organizer, participants: participants,
            regionsCount: regionsCount, awards: awards, meta: meta)
    }

    private static func readPractice(_ r: inout FieldReader, slug: SlugSource?, title: Located<String>?, meta: ContentMeta) -> PracticeSource? {
        let region = r.string("region", required: true)
        let organization = r.string("organization")?.value
        let forums = r.strings("forums")
        let started = r.int("started")
        let status = r.choice("status", of: PracticeStatus.self)
        let topics = r.strings("topics").map(\.value).filter { !$0.isEmpty }
        let added = r.date("added")
        if let added, added.value.day == nil {
            r.report(.error("invalid-date", at: added.location, "«added» — день, когда практика появилась на портале, нужен полностью",
                            suggestion: "укажите дату как ГГГГ-ММ-ДД"))
        }
        if let started, !(1900...2100).contains(started.value) {
            r.report(.error("invalid-date", at: started.location, "год начала \(started.value) вне разумных пределов"))
        }
        guard let slug, let title, let region else { return nil }
        return PracticeSource(
            slug: slug, title: title.value, region: region, organization: organization, forums: forums,
            started: started?.value, status: status, topics: topics, added: added?.value, meta: meta)
    }

    private static func readNews(_ r: inout FieldReader, slug: SlugSource?, title: Located<String>?, meta: ContentMeta) -> NewsSource? {
        // A year alone is allowed for a date: the source may not say more.
        let date = r.date("date")
        let regions = r.strings("regions")
        let forum = r.string("forum")
        let source = r.string("source")?.value
        guard let slug, let title else { return nil }
        return NewsSource(slug: slug, title: title.value, date: date?.value, regions: regions, forum: forum,
                          source: source, meta: meta)
    }

    private static func parseNominations(_ text: String, file: String, diagnostics: inout [Diagnostic]) -> ContentSource? {
        guard var root = FieldReader.root(yaml: text, file: file, firstLine: 1, diagnostics: &diagnostics) else {
            return nil
        }
        var nominations: [NominationSource] = []
        for var item in root.mappings("nominations") {
            let name = item.string("name", required: true)
            let description = item.string("description")?.value
            diagnostics += item.finish()
            if let name { nominations.append(NominationSource(name: name, description: description)) }
        }
        diagnostics += root.finish()
        return .nominations(nominations)
    }

    /// The explicit `slug:` (validated) or the file name's slug.
    private static func readSlug(_ r: inout FieldReader, path: String) -> SlugSource? {
        if let explicit = r.string("slug") {
            guard Slug.isValid(explicit.value) else {
                let fixed = Slug.make(explicit.value)
                r.report(.error(
                    "invalid-slug", at: explicit.location,
                    "slug «\(explicit.value)» недопустим: можно только латинские строчные буквы, цифры и дефисы",
                    suggestion: fixed.isEmpty ? nil : "например, «\(fixed)»"))
                return nil
            }
            return SlugSource(slug: explicit.value, location: explicit.location)
        }
        let fileName = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { path[path.utf8.index(after: $0)...] } ?? path[...]
        let name = String(fileName.dropLast(3))
        let slug = Slug.make(name)
        guard !slug.isEmpty else {
            r.report(.error(
                "invalid-slug", at: SourceLocation(file: path, line: 1, column: 1),
                "из имени файла «\(name)» не получается адрес страницы",
                suggestion: "переименуйте файл или добавьте поле «slug: …»"))
            return nil
        }
        return SlugSource(slug: slug, location: SourceLocation(file: path, line: 1, column: 1))
    }
}
