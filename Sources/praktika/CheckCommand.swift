import ArgumentParser
import Foundation
import PraktikaBuild
import PraktikaDiagnostics
import PraktikaModel

/// `praktika check`: validate the content; exit 0 when clean, 1 on content errors.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Проверить содержимое сайта, ничего не записывая.")

    @Option(name: .long, help: "Корень сайта (папка с Content/ и Templates/).")
    var root: String = "."

    @Flag(name: .long, help: "Проверять и черновики (draft: true).")
    var drafts = false

    @Flag(name: .long, help: "Показать время каждого этапа.")
    var timings = false

    @Option(name: .long, help: "Сколько сообщений показать самое большее.")
    var limit: Int = 50

    func run() throws {
        let layout = SiteLayout(root: root)
        let outcome = Checker.check(layout, includeDrafts: drafts)
        let report = outcome.report
        if !report.diagnostics.isEmpty {
            FileHandle.standardError.write(Data((report.formatted(limit: limit) + "\n").utf8))
        }
        if timings {
            for (stage, duration) in outcome.timings {
                FileHandle.standardError.write(Data("\(stage): \(duration.formatted(.units(allowed: [.milliseconds])))\n".utf8))
            }
        }
        if report.hasErrors { throw ExitCode(1) }
        if let site = outcome.site {
            print("проверено: \(outcome.fileCount) файлов; практик: \(site.practices.count), форумов: \(site.forums.count), новостей: \(site.news.count), наград: \(site.awards.count)")
        }
    }
}
