import ArgumentParser
import Foundation
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

    @Option(name: .long, help: "Формат сообщений: text, json или github.")
    var format: DiagnosticFormat = .text

    @Flag(name: .long, help: "Считать предупреждения ошибками.")
    var strict = false

    @Flag(name: .long, help: "Показать время каждого этапа.")
    var timings = false

    @Option(name: .long, help: "Сколько сообщений показать самое большее.")
    var limit: Int = 50

    func run() throws {
        let layout = SiteLayout(root: root)
        let outcome = Checker.check(layout, includeDrafts: drafts)
        let report = strict ? outcome.report.strict() : outcome.report
        emit(report, format: format, limit: limit, layout: layout)
        if timings {
            for (stage, duration) in outcome.timings {
                FileHandle.standardError.write(Data("\(stage): \(duration.formatted(.units(allowed: [.milliseconds])))\n".utf8))
            }
        }
        if report.hasErrors { throw ExitCode(1) }
        if let site = outcome.site {
            let summary = "проверено: \(RussianPlural.file.phrase(outcome.fileCount)); "
                + "\(RussianPlural.practice.phrase(site.practices.count)), \(RussianPlural.forum.phrase(site.forums.count)), "
                + "\(RussianPlural.news.phrase(site.news.count)), \(RussianPlural.award.phrase(site.awards.count))"
            if format == .text { printError(summary) }
        }
    }
}
