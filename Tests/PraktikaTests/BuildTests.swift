import Foundation
import PraktikaBuild
import PraktikaDiagnostics
import PraktikaModel
import Synchronization
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Collects the text of every `<loc>` element.
final class LocCollector: NSObject, XMLParserDelegate {
    var locations: [String] = []
    private var current: String?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == "loc" { current = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current? += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "loc", let current { locations.append(current) }
        current = nil
    }
}

/// Builds of fixture sites into temporary folders, checked as a reader and a maintainer would.
@Suite struct BuildTests {
    static let templates = TestSupport.repositoryRoot + "/Templates"

    /// Builds `root` into a fresh temporary folder and returns the outcome and the folder.
    static func build(_ root: String, output: String? = nil, drafts: Bool = false) -> (Builder.Outcome, String) {
        let out = output ?? TestSupport.temporaryDirectory() + "/Site"
        let outcome = Builder.build(Builder.Options(
            layout: SiteLayout(root: root, templates: templates), output: out, includeDrafts: drafts))
        return (outcome, out)
    }

    // MARK: - Golden

    /// The fixture site's whole output, byte for byte. `RECORD_GOLDENS=1` rewrites it and fails.
    @Test func portalSmallMatchesGolden() throws {
        let root = TestSupport.fixtures + "/portal-small"
        let (outcome, out) = Self.build(root)
        #expect(!outcome.report.hasErrors, "\(outcome.report.formatted())")
        let expected = root + "/expected"
        if TestSupport.isRecording {
            try? FileManager.default.removeItem(atPath: expected)
            try FileManager.default.copyItem(atPath: out, toPath: expected)
            Issue.record("recorded \(expected); run again without RECORD_GOLDENS")
            return
        }
        let actualTree = try TestSupport.tree(out)
        let expectedTree = try TestSupport.tree(expected)
        let added = Set(actualTree.keys).subtracting(expectedTree.keys).sorted()
        let removed = Set(expectedTree.keys).subtracting(actualTree.keys).sorted()
        let changed = actualTree.keys.filter { expectedTree[$0] != nil && expectedTree[$0] != actualTree[$0] }.sorted()
        #expect(added.isEmpty && removed.isEmpty && changed.isEmpty,
                "golden differs: new \(added.prefix(5)), missing \(removed.prefix(5)), changed \(changed.prefix(5))")
    }

    @Test func buildingTwiceIsByteIdentical() throws {
        let root = TestSupport.fixtures + "/portal-small"
        let (_, first) = Self.build(root)
        let (_, second) = Self.build(root)
        #expect(try TestSupport.tree(first) == TestSupport.tree(second))
    }

    /// Serial and parallel builds written to disk (pages streamed from the render workers) and the
    /// in-memory product of the preview, with and without its caches, are the same bytes.
    @Test func serialParallelStreamedAndCachedBuildsAreIdentical() throws {
        let root = TestSupport.fixtures + "/portal-small"
        let layout = SiteLayout(root: root, templates: Self.templates)
        var trees: [String: [String: [UInt8]]] = [:]
        for jobs in [1, 2, 8] {
            let out = TestSupport.temporaryDirectory() + "/Site"
            let outcome = Builder.build(Builder.Options(layout: layout, output: out, jobs: jobs))
            #expect(!outcome.report.hasErrors)
            trees["build --jobs \(jobs)"] = try TestSupport.tree(out)
            #expect(outcome.fileCount == trees["build --jobs \(jobs)"]?.count)
        }
        var cached = Builder.Options(layout: layout)
        cached.caches = Builder.Options.Caches()
        for name in ["in memory", "cached, first", "cached, again"] {
            let (_, product) = Builder.produce(name == "in memory" ? Builder.Options(layout: layout) : cached)
            trees[name] = Dictionary(uniqueKeysWithValues: (product?.files ?? []).map { ($0.path, $0.bytes) })
        }
        let reference = try #require(trees["build --jobs 1"])
        #expect(reference.count > 30)
        for (name, tree) in trees { #expect(tree == reference, "\(name) differs from build --jobs 1") }
    }

    /// The command line chooses its heap's page size from the content's size, told once, before parsing.
    @Test func theContentSizeIsToldOnceItIsRead() throws {
        let root = TestSupport.fixtures + "/portal-small"
        let contentBytes = try TestSupport.tree(root + "/Content").values.reduce(0) { $0 + $1.count }
        let told = Mutex<[Int]>([])
        var options = Builder.Options(layout: SiteLayout(root: root, templates: Self.templates))
        options.sourcesRead = { bytes in told.withLock { $0.append(bytes) } }
        let (outcome, _) = Builder.produce(options)
        #expect(!outcome.report.hasErrors)
        #expect(told.withLock { $0 } == [contentBytes])
        #expect(contentBytes > 1000)
    }

    @Test func hugePagesOnlyForBigSitesAndNeverAgainstTheAllocatorsOwnSetting() {
        let big = HeapPolicy.largePagesFromBytes
        #expect(!HeapPolicy.usesLargePages(contentBytes: 50 << 20, environment: [:]))  // 10,000 practices
        #expect(!HeapPolicy.usesLargePages(contentBytes: big - 1, environment: [:]))
        #expect(HeapPolicy.usesLargePages(contentBytes: big, environment: [:]))
        #expect(HeapPolicy.usesLargePages(contentBytes: 500 << 20, environment: ["PATH": "/bin"]))  // 100,000
        #expect(!HeapPolicy.usesLargePages(contentBytes: 500 << 20, environment: ["MIMALLOC_LARGE_OS_PAGES": "0"]))
    }

    // MARK: - Pages and links

    @Test func everyEntityHasItsPageAndEveryLinkResolves() throws {
        let root = TestSupport.fixtures + "/portal-small"
        let (outcome, out) = Self.build(root)
        #expect(!outcome.report.hasErrors)
        let tree = try TestSupport.tree(out)
        let site = try #require(Checker.check(SiteLayout(root: root)).site)
        var expected = ["index.html", "404.html", "practices/index.html", "regions/index.html", "districts/index.html",
                        "nominations/index.html", "forums/index.html", "topics/index.html", "news/index.html"]
        expected += site.practices.map { "practices/\($0.id.slug)/index.html" }
        expected += site.regions.all.map { "regions/\($0.slug)/index.html" }
        expected += FederalDistrict.allCases.map { "districts/\($0.slug)/index.html" }
        expected += site.nominations.map { "nominations/\($0.id.slug)/index.html" }
        expected += site.forums.map { "forums/\($0.id.slug)/index.html" }
        expected += site.topics.map { "topics/\($0.id.slug)/index.html" }
        expected += site.news.map { "news/\($0.id.slug)/index.html" }
        expected += site.pages.map { "\($0.id.slug)/index.html" }
        for path in expected { #expect(tree[path] != nil, "missing \(path)") }
        #expect(tree["practices/draft/index.html"] == nil)

        // Every internal link (href="/portal/…") and its #anchor resolve inside the output.
        for (path, bytes) in tree where path.hasSuffix(".html") {
            let html = String(decoding: bytes, as: UTF8.self)
            for href in TestSupport.attributeValues("href", in: html) where href.hasPrefix("/portal/") {
                var target = String(href.dropFirst("/portal/".count))
                var anchor: String?
                if let hash = target.firstIndex(of: "#") {
                    anchor = String(target[target.index(after: hash)...])
                    target = String(target[..<hash])
                }
                if target.isEmpty || target.hasSuffix("/") { target += "index.html" }
                let page = tree[target]
                #expect(page != nil, "\(path) links to \(href), which does not exist")
                if let anchor, let page {
                    #expect(String(decoding: page, as: UTF8.self).contains("id=\"\(anchor)\""), "\(path) → \(href)")
                }
            }
        }
    }

    /// The sitemap is well-formed XML and lists every page but the 404, with absolute URLs.
    @Test func sitemapListsEveryPage() throws {
        let (_, out) = Self.build(TestSupport.fixtures + "/portal-small")
        let tree = try TestSupport.tree(out)
        let xml = try #require(tree["sitemap.xml"])
        let collector = LocCollector()
        let parser = XMLParser(data: Data(xml))
        parser.delegate = collector
        #expect(parser.parse(), "sitemap.xml is not well-formed")
        let pages = tree.keys.filter { $0.hasSuffix("index.html") }.map { path in
            "https://example.org/portal/" + path.dropLast("index.html".count)
        }
        #expect(collector.locations.sorted() == pages.sorted())
        let robots = String(decoding: try #require(tree["robots.txt"]), as: UTF8.self)
        #expect(robots.contains("Sitemap: https://example.org/portal/sitemap.xml"))
    }

    /// The first heading that is more than one level deeper than the one before it (`h1` then `h3`), if any.
    static func skippedHeadingLevel(in html: String) -> String? {
        var previous = 0
        let bytes = Array(html.utf8)
        var index = 0
        while index + 3 < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), bytes[index + 1] | 0x20 == UInt8(ascii: "h"),
               (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[index + 2]),
               bytes[index + 3] == UInt8(ascii: ">") || bytes[index + 3] == UInt8(ascii: " ") {
                let level = Int(bytes[index + 2] - UInt8(ascii: "0"))
                if level > previous + 1 { return "h\(previous) → h\(level)" }
                previous = level
            }
            index += 1
        }
        return nil
    }

    @Test func pagesHaveTheBasicsReadersNeed() throws {
        let (_, out) = Self.build(TestSupport.fixtures + "/portal-small")
        let tree = try TestSupport.tree(out)
        var titles: Set<String> = []
        for (path, bytes) in tree where path.hasSuffix(".html") {
            let html = String(decoding: bytes, as: UTF8.self)
            #expect(html.contains("<html lang=\"ru\">"), "\(path)")
            #expect(html.components(separatedBy: "<h1").count == 2, "\(path) must have exactly one h1")
            #expect(Self.skippedHeadingLevel(in: html) == nil, "\(path): a heading skips a level: \(Self.skippedHeadingLevel(in: html) ?? "")")
            #expect(html.contains("<a class=\"skip-link\" href=\"#main\">"), "\(path)")
            #expect(html.contains("<meta name=\"description\""), "\(path)")
            #expect(html.contains("<link rel=\"canonical\" href=\"https://example.org/portal/"), "\(path)")
            let title = try #require(TestSupport.between("<title>", "</title>", in: html))
            #expect(!titles.contains(title), "duplicate <title> \(title) in \(path)")
            titles.insert(title)
            #expect(!html.contains("http://") || html.contains("http://www"), "no insecure or external assets in \(path)")
        }
        let region = String(decoding: try #require(tree["regions/tyumenskaya-oblast/index.html"]), as: UTF8.self)
        #expect(region.contains("2\u{00A0}практики"))
        #expect(region.contains("Безопасное детство"))
        #expect(region.contains("Уральский федеральный округ"))
        let empty = String(decoding: try #require(tree["regions/respublika-komi/index.html"]), as: UTF8.self)
        #expect(empty.contains("в Республике Коми пока нет практик"))
        let nomination = String(decoding: try #require(tree["nominations/tsenyu-zhizn/index.html"]), as: UTF8.self)
        #expect(nomination.contains("Тюменская область"))
        #expect(nomination.contains("лидер"))
        let forum = String(decoding: try #require(tree["forums/forum-2020/index.html"]), as: UTF8.self)
        #expect(forum.contains("6–13\u{00A0}ноября\u{00A0}2020\u{00A0}г."))
        let practice = String(decoding: try #require(tree["practices/bezopasnoe-detstvo/index.html"]), as: UTF8.self)
        #expect(practice.contains("<h2 id=\"tsel\">Цель</h2>"))
        #expect(practice.contains("href=\"#rezultaty\""))
    }

    @Test func textFromContentIsEscapedEverywhere() throws {
        let (_, out) = Self.build(TestSupport.fixtures + "/portal-small")
        for (path, bytes) in try TestSupport.tree(out) where path.hasSuffix(".html") {
            let html = String(decoding: bytes, as: UTF8.self)
            #expect(!html.contains("<script>alert"), "\(path)")
            #expect(!html.contains("<img src=x"), "\(path)")
            #expect(!html.contains("<b>сырым"), "raw HTML in Markdown must be dropped: \(path)")
        }
        let page = String(decoding: try #require(try TestSupport.tree(out)["practices/ranyaya-pomoshch/index.html"]), as: UTF8.self)
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("Центр &quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
    }

    // MARK: - Atomic output

    @Test func failedBuildLeavesPreviousOutputUntouched() throws {
        let root = TestSupport.copyOfFixture("portal-small")
        let (first, out) = Self.build(root)
        #expect(!first.report.hasErrors)
        let before = try TestSupport.tree(out)
        try "---\ntitle: Сломано\nregion: Нарния\n---\n".write(
            toFile: root + "/Content/practices/broken.md", atomically: true, encoding: .utf8)
        let (second, _) = Self.build(root, output: out)
        #expect(second.report.hasErrors)
        #expect(TestSupport.summary(second.report) == ["error[unknown-region] practices/broken.md:3:9"])
        #expect(try TestSupport.tree(out) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (out as NSString).deletingLastPathComponent)
        #expect(leftovers == ["Site"])
    }

    @Test func staleFilesDisappear() throws {
        let root = TestSupport.copyOfFixture("portal-small")
        try "---\ntitle: Временная\nregion: Коми\n---\nТекст.\n".write(
            toFile: root + "/Content/practices/vremennaya.md", atomically: true, encoding: .utf8)
        let (_, out) = Self.build(root)
        #expect(FileManager.default.fileExists(atPath: out + "/practices/vremennaya/index.html"))
        try FileManager.default.removeItem(atPath: root + "/Content/practices/vremennaya.md")
        try "stale".write(toFile: out + "/leftover.txt", atomically: true, encoding: .utf8)
        let (outcome, _) = Self.build(root, output: out)
        #expect(!outcome.report.hasErrors, "\(outcome.report.formatted())")
        #expect(!FileManager.default.fileExists(atPath: out + "/practices/vremennaya/index.html"))
        #expect(!FileManager.default.fileExists(atPath: out + "/leftover.txt"))
    }

    /// A rebuild keeps every file whose bytes did not change (the same inode, so the same modification time:
    /// rsync-style deploys upload only what changed) and writes the changed ones anew. A file of the old
    /// output replaced by a symlink is not followed: the new output gets a regular file.
    @Test func rebuildKeepsUnchangedFiles() throws {
        let root = TestSupport.copyOfFixture("portal-small")
        let (first, out) = Self.build(root)
        #expect(!first.report.hasErrors)
        func identity(_ relative: String) throws -> (inode: UInt64, modified: Date, type: FileAttributeType?) {
            let attributes = try FileManager.default.attributesOfItem(atPath: out + "/" + relative)
            return ((attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0, attributes[.modificationDate] as? Date ?? .distantPast,
                    attributes[.type] as? FileAttributeType)
        }
        let practice = "practices/bezopasnoe-detstvo/index.html"
        let unchanged = ["index.html", "robots.txt", "regions/respublika-komi/index.html"]
        let before = try Dictionary(uniqueKeysWithValues: (unchanged + [practice]).map { ($0, try identity($0)) })
        let tree = try TestSupport.tree(out)
        // The body of one practice changes; a page of the old output is swapped for a symlink to a copy of itself.
        let source = root + "/Content/practices/bezopasnoe-detstvo.md"
        try (String(contentsOfFile: source, encoding: .utf8) + "\nНовый абзац.\n").write(toFile: source, atomically: true, encoding: .utf8)
        let outside = TestSupport.temporaryDirectory() + "/copy.html"
        try FileManager.default.copyItem(atPath: out + "/news/index.html", toPath: outside)
        try FileManager.default.removeItem(atPath: out + "/news/index.html")
        try FileManager.default.createSymbolicLink(atPath: out + "/news/index.html", withDestinationPath: outside)

        let (second, _) = Self.build(root, output: out)
        #expect(!second.report.hasErrors, "\(second.report.formatted())")
        for relative in unchanged {
            let now = try identity(relative)
            #expect(now.inode == before[relative]?.inode && now.modified == before[relative]?.modified, "\(relative) was rewritten")
        }
        #expect(try identity(practice).inode != before[practice]?.inode)
        let page = String(decoding: try #require(TestSupport.tree(out)[practice]), as: UTF8.self)
        #expect(page.contains("Новый абзац"))
        #expect(try identity("news/index.html").type == .typeRegular)
        #expect(try TestSupport.tree(out)["news/index.html"] == tree["news/index.html"])
        #expect(FileManager.default.fileExists(atPath: outside))
    }

    /// The writer refuses a path that would leave the output folder, and then writes nothing at all.
    @Test(arguments: ["../evil.html", "a/../../evil.html", "/tmp/evil.html", "a/.."])
    func outputPathsCannotClimbOut(path: String) throws {
        let parent = TestSupport.temporaryDirectory()
        let output = parent + "/Site"
        #expect(throws: OutputWriter.WriteError.self) {
            try OutputWriter.write([(path: "ok/index.html", bytes: [0x31]), (path: path, bytes: [0x32])], to: output)
        }
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(!FileManager.default.fileExists(atPath: parent + "/evil.html"))
        // Dots inside names are ordinary.
        try OutputWriter.write([(path: "a..b/.x/index.html", bytes: [0x33])], to: output)
        #expect(FileManager.default.fileExists(atPath: output + "/a..b/.x/index.html"))
    }

    @Test func draftsAreBuiltOnlyWhenAsked() throws {
        let (_, out) = Self.build(TestSupport.fixtures + "/portal-small", drafts: true)
        #expect(FileManager.default.fileExists(atPath: out + "/practices/draft/index.html"))
    }


    /// `description` in site.yml is optional: without it the footer and the home page show nothing in its
    /// place (absent text is `false` in the view models, and `{{x}}` of `false` prints «false»).
    @Test func siteWithoutDescriptionPrintsNoFalse() throws {
        let root = TestSupport.writeSite(["site.yml": "title: Портал\nbase_url: https://example.org/\n"])
        let (outcome, out) = Self.build(root)
        #expect(!outcome.report.hasErrors)
        let tree = try TestSupport.tree(out)
        #expect(tree["index.html"] != nil)
        for (path, bytes) in tree where path.hasSuffix(".html") {
            #expect(!String(decoding: bytes, as: UTF8.self).contains(">false<"), "\(path)")
        }
    }
    // MARK: - Bad themes and plans

    @Test func brokenTemplateIsReportedWithItsLine() throws {
        let theme = TestSupport.temporaryDirectory()
        try FileManager.default.copyItem(atPath: Self.templates, toPath: theme + "/Templates")
        try "<p>\n{{#practices}}\n<li>{{title}}</li>\n{{/practice}}\n".write(
            toFile: theme + "/Templates/topics.mustache", atomically: true, encoding: .utf8)
        try "{{<base}}{{$content}}{{>partials/nope}}{{/content}}{{/base}}".write(
            toFile: theme + "/Templates/page.mustache", atomically: true, encoding: .utf8)
        let out = TestSupport.temporaryDirectory() + "/Site"
        let outcome = Builder.build(Builder.Options(
            layout: SiteLayout(root: TestSupport.fixtures + "/portal-small", templates: theme + "/Templates"), output: out))
        #expect(TestSupport.summary(outcome.report) == [
            "error[missing-partial] Templates/page.mustache:1:22",
            "error[template-syntax] Templates/topics.mustache:4:4",
        ])
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func pageSlugCollidingWithASectionIsAnError() throws {
        let root = TestSupport.copyOfFixture("portal-small")
        try "---\ntitle: Практики\n---\nТекст.\n".write(
            toFile: root + "/Content/pages/practices.md", atomically: true, encoding: .utf8)
        let (outcome, out) = Self.build(root)
        #expect(TestSupport.summary(outcome.report) == ["error[route-collision] pages/practices.md"])
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func outputInsideContentIsRefused() {
        let root = TestSupport.fixtures + "/portal-small"
        let (outcome, _) = Self.build(root, output: root + "/Content/Site")
        #expect(TestSupport.summary(outcome.report).first?.hasPrefix("error[invalid-output]") == true)
    }

    // MARK: - The real portal

    /// `make site` acceptance: the region and nomination pages the sources talk about exist and say it.
    @Test func realContentBuildsWithThePagesTheSourcesDescribe() throws {
        let (outcome, out) = Self.build(TestSupport.repositoryRoot)
        #expect(outcome.report.diagnostics.isEmpty, "\(outcome.report.formatted())")
        let tree = try TestSupport.tree(out)
        func page(_ path: String) throws -> String { String(decoding: try #require(tree[path], "\(path)"), as: UTF8.self) }
        #expect(try page("regions/smolenskaya-oblast/index.html").contains("«ВЕРА»"))
        let tyumen = try page("regions/tyumenskaya-oblast/index.html")
        #expect(tyumen.contains("Ценю жизнь") && tyumen.contains("Лидер выставочных коммуникаций"))
        #expect(try page("regions/belgorodskaya-oblast/index.html").contains("диплом"))
        #expect(try page("regions/novgorodskaya-oblast/index.html").contains("Великом Новгороде"))
        #expect(try page("regions/respublika-komi/index.html").contains("Раннее выявление семейного неблагополучия"))
        #expect(try page("nominations/tsenyu-zhizn/index.html").contains("Тюменская область"))
        #expect(try page("nominations/lider-vystavochnykh-kommunikatsiy/index.html").contains("Тюменская область"))
        #expect(try page("nominations/ty-v-bezopasnosti/index.html").contains("Белгородская область"))
    }
}
