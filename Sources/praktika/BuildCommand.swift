import ArgumentParser
import Foundation
import PraktikaDiagnostics
import PraktikaBuild
import PraktikaText

/// `praktika build`: render the site into the output folder, atomically.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Собрать сайт из Content/ и Templates/ в Site/.")

    @Option(name: .long, help: "Корень сайта (папка с Content/ и Templates/).")
    var root: String = "."

    @Option(name: .long, help: "Папка вывода (по умолчанию <root>/Site).")
    var output: String?

    @Option(name: .long, help: "Папка оформления (по умолчанию <root>/Templates).")
    var templates: String?

    @Option(name: .customLong("base-url"), help: "Адрес сайта вместо base_url из site.yml.")
    var baseURL: String?

    @Flag(name: .long, help: "Включить черновики (draft: true).")
    var drafts = false

    @Option(name: .long, help: "Сколько потоков использовать (по умолчанию — по числу ядер).")
    var jobs: Int?

    @Flag(name: .customLong("no-cache"), help: "Не использовать и не обновлять кэш сборки <root>/.praktika-cache.")
    var noCache = false

    @OptionGroup var report: ReportOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs должно быть не меньше 1") }
    }

    func run() throws {
        let start = ContinuousClock.now
        let layout = SiteLayout(root: root, templates: templates)
        var options = Builder.Options(
            layout: layout, output: output, baseURL: baseURL, includeDrafts: drafts, strict: report.strict, jobs: jobs)
        options.leavesModelForExit = true
        options.sourcesRead = Heap.adapt(toContentBytes:)
        if !noCache {
            options.buildCache = .forRunningTool(directory: layout.root + "/.praktika-cache")
        }
        // Progress only on a terminal, and only for builds long enough to need it.
        if isatty(STDERR_FILENO) == 1 {
            options.progress = { done, total in
                guard total >= 2000 else { return }
                FileHandle.standardError.write(Data("\rотрисовано \(done) из \(total)\(done == total ? "\n" : "")".utf8))
            }
        }
        let outcome = Builder.build(options)
        defer { keepUntilExit(outcome) }
        report.emit(outcome.report, layout: layout)
        report.emit(outcome.timings)
        if outcome.report.hasErrors {
            printError("сборка остановлена: ничего не записано")
            throw ExitCode(1)
        }
        let kinds = outcome.pagesByKind.map { "\($0.kind) \($0.count)" }.joined(separator: ", ")
        let elapsed = ContinuousClock.now - start
        var reused = ""
        if let reuse = outcome.reuse, reuse.pages + reuse.files > 0 {
            reused = "; из кэша сборки — файлов: \(reuse.files) из \(reuse.totalFiles), страниц: \(reuse.pages) из \(reuse.totalPages)"
        }
        print("записано: \(RussianPlural.file.phrase(outcome.fileCount)) (\(kinds)) за \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))\(reused)")
    }
}
