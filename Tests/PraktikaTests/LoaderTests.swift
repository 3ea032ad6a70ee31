import Foundation
import PraktikaBuild
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import PraktikaText
import Synchronization
import Testing

@Suite struct LoaderTests {
    let forum = """
        ---
        title: Форум
        start: 2020
        awards:
          - nomination: Ценю жизнь
            region: Тюменская обл.
            level: Лидер
            practice: p
        ---
        Текст.
        """
    let practice = "---\ntitle: П\nregion: Тюменская область\nforums: [forum]\n---\n\n# Заголовок\n\nТекст.\n"

    @Test func linksEverything() throws {
        let result = TestSupport.load(["forums/forum.md": forum, "practices/p.md": practice])
        #expect(result.report.diagnostics.isEmpty, "\(result.report.formatted())")
        let site = try #require(result.site)
        let award = try #require(site.awards.first)
        #expect(award.practice == Practice.ID("p"))
        #expect(award.level == .leader)
        #expect(site.forums.first?.start == CalendarDate(year: 2020))
        #expect(site.practicesByForum[Forum.ID("forum")] == [Practice.ID("p")])
        let tyumen = try #require(site.regions.region(named: "Тюменская область"))
        #expect(site.awardsByRegion[tyumen.id] == [0])
        #expect(site.practicesByDistrict[.ural] == [Practice.ID("p")])
        #expect(site.nominations.map(\.name) == ["Ценю жизнь"])
        #expect(site.practices.first?.meta.body.headings.first?.line == 7)
    }

    /// The walk visits sorted folders; a folder named like the start of a file (`pages/a/…`, `pages/a.md`)
    /// still ends up in code-point order of whole paths (`.` comes before `/`), as the loader promises.
    @Test func loadedPathsAreInCodePointOrder() throws {
        let root = TestSupport.temporaryDirectory()
        for path in ["b/x.md", "a/z.md", "a.md", "a/b/c.md", "a-b.md", "ab.md"] {
            let full = root + "/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try "x".write(toFile: full, atomically: true, encoding: .utf8)
        }
        let (files, diagnostics) = SourceLoader.load(directory: root, jobs: 2)
        #expect(diagnostics.isEmpty)
        #expect(files.map(\.path) == ["a-b.md", "a.md", "a/b/c.md", "a/z.md", "ab.md", "b/x.md"])
        func sources(_ paths: [String]) -> [SourceFile] { paths.map { SourceFile(path: $0, text: "") } }
        #expect(SourceFile.areInPathOrder(sources(["a.md", "a/b.md", "a/b.md", "b.md"])))
        #expect(!SourceFile.areInPathOrder(sources(["a/b.md", "a.md"])) && SourceFile.areInPathOrder([]))
    }

    @Test func bomAndCRLFAreAccepted() {
        let crlf = "\u{FEFF}" + practice.replacingOccurrences(of: "\n", with: "\r\n")
        let result = TestSupport.load(["forums/forum.md": forum, "practices/p.md": crlf])
        #expect(result.report.diagnostics.isEmpty, "\(result.report.formatted())")
        #expect(result.site?.practices.first?.meta.body.headings.first?.line == 7)
    }

    @Test func utf16IsRefused() {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "---\ntitle: x\n---\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let result = PortalLoader.load([
            SourceFile(path: "site.yml", text: "title: Т\nbase_url: https://e.org/\n"),
            SourceFile(path: "pages/u.md", bytes: bytes),
        ])
        #expect(TestSupport.summary(result.report) == ["error[invalid-encoding] pages/u.md:1:1"])
    }

    /// The build starts writing its parse cache when every file is parsed: the call comes once, after
    /// parsing, on any number of threads, and the site is the same; without a usable `site.yml` nothing is
    /// linked and it does not come.
    @Test(arguments: [1, 2]) func whenParsedIsCalledOnceAndChangesNothing(jobs: Int) {
        let files = [SourceFile(path: "site.yml", text: "title: Т\nbase_url: https://e.org/\n"),
                     SourceFile(path: "forums/forum.md", text: forum), SourceFile(path: "practices/p.md", text: practice)]
        let runs = Mutex(0)
        let cache = ParseCache()
        let beside = PortalLoader.load(files, jobs: jobs, cache: cache, whenParsed: {
            // Every file is in the cache by now.
            #expect(cache.count == 2)
            runs.withLock { $0 += 1 }
        })
        let alone = PortalLoader.load(files, jobs: jobs)
        #expect(runs.withLock { $0 } == 1)
        #expect(beside.site?.practices.map(\.title) == alone.site?.practices.map(\.title))
        #expect(beside.site?.practices.count == 1)
        #expect(beside.timings.map(\.stage) == ["parse", "link"])
        _ = PortalLoader.load(Array(files.dropFirst()), jobs: jobs, whenParsed: { runs.withLock { $0 += 1 } })
        #expect(runs.withLock { $0 } == 1)
    }

    @Test func draftsAreLeftOutUnlessAsked() {
        let draft = "---\ntitle: Черновик\nregion: Тюменская область\ndraft: true\n---\nТекст.\n"
        let files = ["forums/forum.md": forum, "practices/p.md": practice, "practices/d.md": draft]
        #expect(TestSupport.load(files).site?.practices.count == 1)
        #expect(TestSupport.load(files, drafts: true).site?.practices.count == 2)
    }

    @Test func allProblemsAreCollectedNotJustTheFirst() {
        let bad = (1...60).reduce(into: [String: String]()) { files, i in
            files["practices/p\(i).md"] = "---\ntitle: П\nregion: Нарния \(i)\n---\n"
        }
        let result = TestSupport.load(bad)
        #expect(result.report.errorCount == 60)
        let text = result.report.formatted(limit: 50)
        #expect(text.contains("… и ещё 10"))
    }

    @Test func unknownFilesAreReportedNotSkippedSilently() {
        let result = TestSupport.load(["practise/x.md": practice])
        #expect(TestSupport.summary(result.report) == ["warning[unknown-file] practise/x.md"])
    }

    @Test func endBeforeStartIsAnError() {
        let f = "---\ntitle: Ф\nstart: 2020-11-13\nend: 2020-11-06\n---\n"
        #expect(TestSupport.summary(TestSupport.load(["forums/f.md": f]).report) == ["error[invalid-date] forums/f.md:4:6"])
    }

    @Test func missingRequiredKeyInAwardPointsAtTheAward() {
        let f = "---\ntitle: Ф\nawards:\n  - nomination: X\n    level: лидер\n---\n"
        #expect(TestSupport.summary(TestSupport.load(["forums/f.md": f]).report) == ["error[missing-key] forums/f.md:4:5"])
    }

    @Test func sortsAreRussianAndNewestFirst() throws {
        let files = [
            "practices/a.md": "---\ntitle: Ёлка\nregion: Коми\n---\n",
            "practices/b.md": "---\ntitle: Ель\nregion: Коми\n---\n",
            "practices/c.md": "---\ntitle: Яблоня\nregion: Коми\n---\n",
            "practices/d.md": "---\ntitle: Ежевика\nregion: Коми\n---\n",
            "news/n1.md": "---\ntitle: Старая\ndate: 2017-09-12\n---\n",
            "news/n2.md": "---\ntitle: Без даты\n---\n",
            "news/n3.md": "---\ntitle: Новая\ndate: 2020-11-16\n---\n",
        ]
        let site = try #require(TestSupport.load(files).site)
        #expect(site.practices.map(\.title) == ["Ежевика", "Ёлка", "Ель", "Яблоня"])
        #expect(site.news.map(\.title) == ["Новая", "Старая", "Без даты"])
    }
}
