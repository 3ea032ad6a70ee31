import Foundation
import PraktikaBuild
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import Testing

/// `praktika check` as the CI gate: links, anchors, images, titles, theme strictness, output formats.
@Suite struct CheckGateTests {
    static let forum = "---\ntitle: Форум\nstart: 2020-11-06\n---\n\n## Итоги\n\nТекст.\n"

    static func practice(_ body: String, title: String = "Практика") -> String {
        "---\ntitle: \(title)\nregion: Тюменская область\nforums: [forum]\n---\n\n\(body)\n"
    }

    static func check(_ files: [String: String], theme: Bool = false) -> [String] {
        TestSupport.summary(Checker.check(SiteLayout(root: TestSupport.writeSite(files, theme: theme))).report)
    }

    @Test func internalLinksAndAnchorsResolve() {
        let body = """
            [форум](/forums/forum/) [итоги](/forums/forum/#itogi) [соседняя](../b/) [без слеша](/regions/moskva)
            [раздел](#tsel) [внешняя](https://example.org/x) [почта](mailto:a@b.ru)

            ## Цель
            """
        let result = Self.check([
            "forums/forum.md": Self.forum, "practices/a.md": Self.practice(body), "practices/b.md": Self.practice("Б", title: "Б"),
        ])
        #expect(result == [])
    }

    @Test func brokenLinksAnchorsAndImagesAreReportedAtTheirLine() {
        let body = """
            Первая строка.

            [нет такой](/practices/net/) и [нет раздела](/forums/forum/#net)

            [свой раздел](#nigde) ![](photo.jpg) [плохой адрес](https://) [опасная](javascript:alert(1))
            """
        let result = Self.check(["forums/forum.md": Self.forum, "practices/a.md": Self.practice(body)])
        #expect(result == [
            "error[broken-anchor] practices/a.md:9",
            "error[broken-link] practices/a.md:9",
            "error[broken-anchor] practices/a.md:11",
            "warning[invalid-url] practices/a.md:11",
            "warning[missing-alt] practices/a.md:11",
            "error[missing-image] practices/a.md:11",
            "warning[unsafe-link] practices/a.md:11",
        ])
    }

    @Test func duplicateTitlesAreWarnings() {
        let result = Self.check([
            "forums/forum.md": Self.forum,
            "practices/a.md": Self.practice("А", title: "Одна и та же"),
            "practices/b.md": Self.practice("Б", title: "одна и та же"),
        ])
        #expect(result == ["warning[duplicate-title] practices/b.md:2"])
    }

    /// Of the files sharing a title, the first in path order keeps it; each later one is warned about, with a
    /// note naming the first, in path order whatever order the site lists them in.
    @Test func duplicateTitlesNameTheFirstInPathOrder() {
        let files = [
            "forums/forum.md": Self.forum,
            "practices/c.md": Self.practice("В", title: "Дубль"),
            "practices/a.md": Self.practice("А", title: "дубль"),
            "practices/b.md": Self.practice("Б", title: "ДУБЛЬ"),
            "practices/e.md": Self.practice("Д", title: "Другая"),
            "practices/d.md": Self.practice("Г", title: "другая"),
            "practices/f.md": Self.practice("Е", title: "Одна"),
        ]
        let report = Checker.check(SiteLayout(root: TestSupport.writeSite(files))).report
        let found = report.diagnostics.filter { $0.code == "duplicate-title" }
            .map { "\($0.location.file) ← \($0.notes.first?.location.file ?? "")" }
        #expect(found == ["practices/b.md ← practices/a.md", "practices/c.md ← practices/a.md", "practices/e.md ← practices/d.md"])
    }

    @Test func recursivePartialsAreDetected() throws {
        let root = TestSupport.writeSite(["forums/forum.md": Self.forum], theme: true)
        try "<i>{{>partials/b}}</i>".write(toFile: root + "/Templates/partials/a.mustache", atomically: true, encoding: .utf8)
        try "<b>{{>partials/a}}</b>".write(toFile: root + "/Templates/partials/b.mustache", atomically: true, encoding: .utf8)
        let result = TestSupport.summary(Checker.check(SiteLayout(root: root)).report)
        #expect(result == ["error[recursive-partial] Templates/partials/b.mustache:1:4"])
        let build = Builder.build(Builder.Options(layout: SiteLayout(root: root)))
        #expect(build.report.hasErrors)
        #expect(!FileManager.default.fileExists(atPath: root + "/Site"))
    }

    @Test func misspeltTemplateVariablesAreFound() throws {
        let root = TestSupport.writeSite(["forums/forum.md": Self.forum, "practices/a.md": Self.practice("А")], theme: true)
        let path = root + "/Templates/news.mustache"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "<h1>{{title}}</h1>", with: "<h1>{{titel}}</h1>")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let report = Checker.check(SiteLayout(root: root)).report
        #expect(TestSupport.summary(report) == ["warning[unknown-variable] Templates/news.mustache:6:5"])
        #expect(report.diagnostics.first?.suggestion == "возможно, «title»")
        #expect(report.strict().hasErrors)
    }

    @Test func jsonAndGitHubFormats() {
        let diagnostic = Diagnostic.error(
            "unknown-region", at: SourceLocation(file: "practices/x.md", line: 3, column: 9),
            "неизвестный регион «<b>», 100%", suggestion: "возможно, «Тюменская область»?")
        #expect(diagnostic.jsonLine == #"{"code":"unknown-region","severity":"error","file":"practices/x.md","line":3,"column":9,"message":"неизвестный регион «\u003cb\u003e», 100%","suggestion":"возможно, «Тюменская область»?"}"#)
        let json = try? JSONSerialization.jsonObject(with: Data(diagnostic.jsonLine.utf8)) as? [String: Any]
        #expect(json?["message"] as? String == "неизвестный регион «<b>», 100%")
        #expect(diagnostic.githubCommand == "::error file=practices/x.md,line=3,col=9,title=unknown-region::неизвестный регион «<b>», 100%25; возможно, «Тюменская область»?")
    }

    @Test func rootRelativeLinksFollowTheBasePath() {
        let result = MarkdownRenderer.render("[x](/practices/a/) [y](//cdn.example/z) [z](https://e.org/)",
                                             options: MarkdownOptions(basePath: "/portal/"))
        #expect(result.html.contains("href=\"/portal/practices/a/\""))
        #expect(result.html.contains("href=\"//cdn.example/z\""))
        #expect(result.links.first?.destination == "/practices/a/")
    }
}
