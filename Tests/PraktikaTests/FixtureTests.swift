import Foundation
import PraktikaBuild
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import PraktikaText
import Testing

/// Each `Fixtures/invalid-*` and `warning-*` site holds `expected-diagnostics.txt`: one
/// `severity[code] file:line:col` per line. `RECORD_GOLDENS=1` rewrites them and fails the run.
@Suite struct FixtureTests {
    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestSupport.fixtures)) ?? []
        return names.filter { $0.hasPrefix("invalid-") || $0.hasPrefix("warning-") }.sorted()
    }()

    @Test func everyFixtureIsCovered() {
        #expect(Self.cases.count >= 18)
    }

    @Test(arguments: cases)
    func diagnosticsMatch(name: String) throws {
        let directory = TestSupport.fixtures + "/" + name
        let outcome = Checker.check(SiteLayout(root: directory))
        let actual = TestSupport.summary(outcome.report).joined(separator: "\n") + "\n"
        let goldenPath = directory + "/expected-diagnostics.txt"
        if TestSupport.isRecording {
            try actual.write(toFile: goldenPath, atomically: true, encoding: .utf8)
            Issue.record("recorded \(goldenPath); run again without RECORD_GOLDENS")
            return
        }
        let expected = try String(contentsOfFile: goldenPath, encoding: .utf8)
        #expect(actual == expected)
        #expect(outcome.report.hasErrors == name.hasPrefix("invalid-"))
        // Every message is Russian text with a location line.
        for diagnostic in outcome.report.diagnostics {
            #expect(diagnostic.location.line != nil || ["missing-config"].contains(diagnostic.code))
        }
    }

    @Test func validFixtureIsClean() {
        let outcome = Checker.check(SiteLayout(root: TestSupport.fixtures + "/valid"))
        #expect(outcome.report.diagnostics.isEmpty)
        #expect(outcome.site?.practices.count == 1)
    }

    /// The real portal content is valid, with the awards exactly as the sources report them.
    @Test func realContentIsValid() throws {
        let outcome = Checker.check(SiteLayout(root: TestSupport.repositoryRoot))
        #expect(outcome.report.diagnostics.isEmpty, "\(outcome.report.formatted())")
        let site = try #require(outcome.site)
        let awards = site.awards.map { award in
            "\(site.regions[award.region].name) / \(site.nomination(award.nomination)?.name ?? "?") / \(award.level.rawValue)"
        }.sorted()
        #expect(awards == [
            "Белгородская область / Ты в безопасности / диплом",
            "Тюменская область / Лидер выставочных коммуникаций / лидер",
            "Тюменская область / Ценю жизнь / лидер",
        ])
        let xi = try #require(site.forums.first { $0.title.hasPrefix("XI Всероссийский") })
        #expect(xi.start?.description == "2020-11-06")
        #expect(xi.end?.description == "2020-11-13")
        for slug in ["smolenskaya-oblast", "tyumenskaya-oblast", "belgorodskaya-oblast", "novgorodskaya-oblast", "respublika-komi"] {
            let region = try #require(site.regions.region(slug: slug))
            #expect(!(site.practicesByRegion[region.id] ?? []).isEmpty, "\(slug)")
        }
    }
}
