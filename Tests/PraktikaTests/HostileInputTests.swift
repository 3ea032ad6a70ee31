import Foundation
import PraktikaBuild
import PraktikaDiagnostics
import PraktikaModel
import Testing

/// Every broken or hostile input gets a clear diagnostic or a safe result: never a crash, never a
/// half-written `Site/`.
@Suite struct HostileInputTests {
    static let practiceHead = "---\ntitle: П\nregion: Коми\n---\n"

    static func summary(_ files: [String: String]) -> [String] {
        TestSupport.summary(TestSupport.load(files).report)
    }

    @Test func emptyFile() {
        #expect(Self.summary(["practices/e.md": ""]) == ["error[missing-front-matter] practices/e.md:1:1"])
    }

    @Test func scalarFrontMatter() {
        #expect(Self.summary(["practices/s.md": "---\nпросто строка\n---\n"])
            == ["error[front-matter-not-mapping] practices/s.md:2:1"])
    }

    @Test func nulBytes() {
        let result = PortalLoader.load([
            SourceFile(path: "site.yml", text: "title: Т\nbase_url: https://e.org/\n"),
            SourceFile(path: "practices/n.md", bytes: Array(Self.practiceHead.utf8) + [0x41, 0x00, 0x42]),
        ])
        #expect(TestSupport.summary(result.report) == ["error[nul-byte] practices/n.md:5"])
    }

    @Test func invalidUTF8InFrontMatter() {
        let bytes = Array("---\ntitle: ".utf8) + [0xC3, 0x28] + Array("\nregion: Коми\n---\n".utf8)
        let result = PortalLoader.load([
            SourceFile(path: "site.yml", text: "title: Т\nbase_url: https://e.org/\n"),
            SourceFile(path: "practices/u.md", bytes: bytes),
        ])
        #expect(TestSupport.summary(result.report) == ["error[invalid-utf8] practices/u.md:2"])
    }

    @Test func hugeAndDeeplyNestedBodies() throws {
        let big = String(repeating: "Абзац с **текстом** и [ссылкой](https://example.org/).\n\n", count: 330_000)
        #expect(big.utf8.count > 20_000_000)
        let nestedQuotes = String(repeating: ">", count: 10_000) + " цитата\n"
        let brackets = String(repeating: "[", count: 10_000) + "текст" + String(repeating: "]", count: 10_000) + "\n"
        let files = [
            "practices/big.md": Self.practiceHead + big,
            "practices/quotes.md": "---\ntitle: Цитаты\nregion: Коми\n---\n" + nestedQuotes,
            "practices/brackets.md": "---\ntitle: Скобки\nregion: Коми\n---\n" + brackets,
            "practices/long-title.md": "---\ntitle: " + String(repeating: "Очень ", count: 16_700) + "\nregion: Коми\n---\n",
        ]
        let root = TestSupport.writeSite(files, theme: true)
        let start = ContinuousClock.now
        let outcome = Builder.build(Builder.Options(layout: SiteLayout(root: root)))
        #expect(!outcome.report.hasErrors, "\(outcome.report.formatted())")
        #expect(ContinuousClock.now - start < .seconds(120))
        let quotes = try String(contentsOfFile: root + "/Site/practices/quotes/index.html", encoding: .utf8)
        #expect(quotes.contains("цитата"))
        let long = try String(contentsOfFile: root + "/Site/practices/long-title/index.html", encoding: .utf8)
        let description = try #require(TestSupport.between("<meta name=\"description\" content=\"", "\"", in: long))
        #expect(description.count <= 201)
    }

    @Test(arguments: ["/abs", "Слаг", "два слова", "a/../b", "..", "UPPER"])
    func badExplicitSlugs(slug: String) {
        let file = "---\ntitle: П\nslug: \"\(slug)\"\nregion: Коми\n---\n"
        #expect(Self.summary(["practices/p.md": file]) == ["error[invalid-slug] practices/p.md:3:7"])
    }

    @Test func symlinksOutsideAndLoopsAreRefused() throws {
        let root = TestSupport.writeSite(["practices/ok.md": Self.practiceHead])
        let outside = TestSupport.temporaryDirectory() + "/secret.md"
        try (Self.practiceHead + "секрет").write(toFile: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/Content/practices/link.md", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: root + "/Content/loop", withDestinationPath: root + "/Content")
        try FileManager.default.createSymbolicLink(atPath: root + "/Content/self", withDestinationPath: root + "/Content/self")
        let report = Checker.check(SiteLayout(root: root)).report
        #expect(TestSupport.summary(report) == [
            "error[symlink-loop] loop", "error[symlink-outside] practices/link.md", "error[broken-symlink] self",
        ])
    }

    /// A named pipe would block a naive reader forever.
    @Test func namedPipeIsRefusedNotOpened() throws {
        let root = TestSupport.writeSite(["practices/ok.md": Self.practiceHead])
        #expect(mkfifo(root + "/Content/practices/pipe.md", 0o644) == 0)
        #expect(TestSupport.summary(Checker.check(SiteLayout(root: root)).report) == ["error[not-a-file] practices/pipe.md"])
    }

    @Test(.enabled(if: getuid() != 0, "root reads files whatever their permissions"))
    func unreadableFile() throws {
        let root = TestSupport.writeSite(["practices/locked.md": Self.practiceHead])
        chmod(root + "/Content/practices/locked.md", 0)
        #expect(TestSupport.summary(Checker.check(SiteLayout(root: root)).report) == ["error[unreadable] practices/locked.md"])
    }

    /// `<script>` and an attribute break-out in every field end up as text in every page.
    @Test func injectionInEveryFieldIsEscaped() throws {
        let evil = "<script>alert(1)</script>\\\"><img src=x onerror=alert(2)>"
        let files = [
            "site.yml": "title: \"\(evil)\"\ndescription: \"\(evil)\"\nbase_url: https://example.org/\n",
            "nominations.yml": "nominations:\n  - name: \"Н \(evil)\"\n    description: \"\(evil)\"\n",
            "forums/f.md": """
                ---
                title: "Ф \(evil)"
                short_title: "\(evil)"
                city: "\(evil)"
                venue: "\(evil)"
                organizer: "\(evil)"
                summary: "\(evil)"
                awards:
                  - {nomination: "Н \(evil)", region: Коми, level: лидер, practice: p, note: "\(evil)"}
                ---
                Текст.
                """,
            "practices/p.md": """
                ---
                title: "П \(evil)"
                region: Коми
                organization: "\(evil)"
                forums: [f]
                topics: ["\(evil)"]
                summary: "\(evil)"
                source_url: "https://example.org/\\"><script>alert(3)</script>"
                ---
                ## Заголовок \\<script>alert(4)\\</script>

                <script>alert(5)</script> [ссылка](javascript:alert(6))
                """,
            "news/n.md": "---\ntitle: \"Н \(evil)\"\nregions: [Коми]\nforum: f\nsource: \"\(evil)\"\n---\nТекст.\n",
            "pages/about.md": "---\ntitle: \"О \(evil)\"\nmenu_order: 1\n---\nТекст.\n",
        ]
        let root = TestSupport.writeSite(files, theme: true)
        let outcome = Builder.build(Builder.Options(layout: SiteLayout(root: root)))
        #expect(!outcome.report.hasErrors, "\(outcome.report.formatted())")
        var pages = 0
        for (path, bytes) in try TestSupport.tree(root + "/Site") where path.hasSuffix(".html") {
            let html = String(decoding: bytes, as: UTF8.self)
            pages += 1
            // The search and facet scripts of the theme are the only ones allowed.
            let ours = html.replacingOccurrences(of: #"<script src="/assets/(search|facets)\.[0-9a-f]+\.js" defer></script>"#,
                                                 with: "", options: .regularExpression)
            #expect(!ours.contains("<script"), "\(path)")
            #expect(!html.contains("<img src=x"), "\(path)")
            #expect(!html.contains("onerror=alert(2)>"), "an attribute was broken out of in \(path)")
            #expect(!html.contains("javascript:"), "\(path)")
        }
        #expect(pages > 100)
        var data = try TestSupport.tree(root + "/Site/search/index")
        let facets: [UInt8] = try #require(try TestSupport.tree(root + "/Site/practices")["facets.json"])
        data["facets.json"] = facets
        for (path, bytes) in data {
            #expect(!bytes.contains(UInt8(ascii: "<")), "search/index/\(path) must escape <")
            _ = try JSONSerialization.jsonObject(with: Data(bytes))
        }
        let practice = try String(contentsOfFile: root + "/Site/practices/p/index.html", encoding: .utf8)
        #expect(practice.contains("П &lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
    }

    @Test func outputThatCannotBeWrittenLeavesNothingBehind() throws {
        let root = TestSupport.writeSite(["practices/p.md": Self.practiceHead], theme: true)
        let blocker = root + "/blocker"
        try "файл".write(toFile: blocker, atomically: true, encoding: .utf8)
        let intoFile = Builder.build(Builder.Options(layout: SiteLayout(root: root), output: blocker))
        #expect(TestSupport.summary(intoFile.report).first?.hasPrefix("error[write-failed]") == true)
        #expect(try String(contentsOfFile: blocker, encoding: .utf8) == "файл")
        let underFile = Builder.build(Builder.Options(layout: SiteLayout(root: root), output: blocker + "/Site"))
        #expect(TestSupport.summary(underFile.report).first?.hasPrefix("error[write-failed]") == true)
        let entries = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        #expect(entries == ["Content", "Templates", "blocker"])
    }

    /// A theme without one of the partials Praktika renders by itself (practice and forum cards, award rows) is refused by name
    /// before anything is written.
    @Test(arguments: ["partials/practice-card", "partials/award-row", "partials/forum-card"])
    func themeWithoutARequiredPartialIsRefused(partial: String) throws {
        let root = TestSupport.writeSite(["practices/p.md": Self.practiceHead], theme: true)
        try FileManager.default.removeItem(atPath: root + "/Templates/\(partial).mustache")
        let result = Builder.build(Builder.Options(layout: SiteLayout(root: root), output: root + "/Site"))
        #expect(TestSupport.summary(result.report).contains("error[missing-template] Templates/\(partial).mustache"))
        #expect(!FileManager.default.fileExists(atPath: root + "/Site"))
    }
}
