import Foundation
import PraktikaBuild
import PraktikaDiagnostics
import PraktikaModel
import Testing

@Suite struct ScaffoldTests {
    @Test func newFilesPassCheckInAFixtureSite() throws {
        let root = TestSupport.copyOfFixture("portal-small")
        let files = [
            try Scaffold.make(.practice, title: "Школа \"приёмных\" родителей: опыт", region: "Тюменская обл."),
            try Scaffold.make(.forum, title: "Форум «Вместе» 2030"),
            try Scaffold.make(.news, title: "Итоги форума", region: "Коми", date: "2024-05-17"),
            try Scaffold.make(.news, title: "Новость без даты"),
        ]
        #expect(files.map(\.path) == [
            "practices/shkola-priemnykh-roditeley-opyt.md", "forums/forum-vmeste-2030.md",
            "news/2024-05-17-itogi-foruma.md", "news/novost-bez-daty.md",
        ])
        #expect(files[0].text.contains("title: \"Школа \\\"приёмных\\\" родителей: опыт\"\nregion: Тюменская область\n"))
        #expect(!files[3].text.contains("\ndate:"), "no invented date")
        for file in files {
            try file.text.write(toFile: root + "/Content/" + file.path, atomically: true, encoding: .utf8)
        }
        let outcome = Checker.check(SiteLayout(root: root))
        #expect(!outcome.report.hasErrors, "\(outcome.report.formatted())")
        #expect(outcome.site?.practices.contains { $0.title == "Школа \"приёмных\" родителей: опыт" } == true)
    }

    @Test func badInputIsAnErrorWithAFix() {
        #expect(throws: Diagnostic.self) { try Scaffold.make(.practice, title: "Без региона") }
        #expect(throws: Diagnostic.self) { try Scaffold.make(.practice, title: "  ", region: "Коми") }
        #expect(throws: Diagnostic.self) { try Scaffold.make(.news, title: "Н", date: "17.05.2024") }
        do {
            _ = try Scaffold.make(.practice, title: "П", region: "Тюменская облость")
            Issue.record("an unknown region must throw")
        } catch {
            #expect(error.code == "unknown-region")
            #expect(error.suggestion?.contains("«Тюменская область»") == true)
        }
    }

    @Test func theCommandRefusesToOverwrite() throws {
        let root = TestSupport.copyOfFixture("portal-small")
        let first = try CLITests.run(["new", "practice", "Новая практика", "--region", "Коми", "--root", root])
        #expect(first.code == 0)
        let path = root + "/Content/practices/novaya-praktika.md"
        #expect(first.stdout.contains(path))
        try "мои правки".write(toFile: path, atomically: true, encoding: .utf8)
        let second = try CLITests.run(["new", "practice", "Новая практика", "--region", "Коми", "--root", root])
        #expect(second.code == 1)
        #expect(second.stderr.contains("error[file-exists]"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "мои правки")
        #expect(try CLITests.run(["new", "blog", "x", "--root", root]).code == 2)
    }
}
