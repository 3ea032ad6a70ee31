import ArgumentParser
import PraktikaBuild
import PraktikaDiagnostics
import PraktikaModel
import PraktikaText

/// `praktika check`: validate the content; exit 0 when clean, 1 on content errors.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Проверить содержимое сайта, ничего не записывая.")

    @Option(name: .long, help: "Корень сайта (папка с Content/ и Templates/).")
    var root: String = "."

    @Flag(name: .long, help: "Проверять и черновики (draft: true).")
    var drafts = false

    @Option(name: .long, help: "Сколько потоков использовать (по умолчанию — по числу ядер).")
    var jobs: Int?

    @OptionGroup var report: ReportOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs должно быть не меньше 1") }
    }

    func run() throws {
        let layout = SiteLayout(root: root)
        let outcome = Checker.check(layout, includeDrafts: drafts, jobs: jobs)
        defer { keepUntilExit(outcome) }
        let diagnostics = report.strict ? outcome.report.strict() : outcome.report
        report.emit(diagnostics, layout: layout)
        report.emit(outcome.timings)
        if diagnostics.hasErrors { throw ExitCode(1) }
        if let site = outcome.site, report.format == .text {
            printError("проверено: \(RussianPlural.file.phrase(outcome.fileCount)); "
                + "\(RussianPlural.practice.phrase(site.practices.count)), \(RussianPlural.forum.phrase(site.forums.count)), "
                + "\(RussianPlural.news.phrase(site.news.count)), \(RussianPlural.award.phrase(site.awards.count))")
        }
    }
}
