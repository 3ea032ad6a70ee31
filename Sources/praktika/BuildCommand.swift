import ArgumentParser
import Foundation
import PraktikaBuild
import PraktikaDiagnostics
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

    @Option(name: .long, help: "Формат сообщений: text, json или github.")
    var format: DiagnosticFormat = .text

    @Flag(name: .long, help: "Считать предупреждения ошибками.")
    var strict = false

    @Option(name: .long, help: "Сколько потоков использовать (по умолчанию — по числу ядер).")
    var jobs: Int?

    @Flag(name: .long, help: "Показать время каждого этапа.")
    var timings = false

    @Option(name: .long, help: "Сколько сообщений показать самое большее.")
    var limit: Int = 50

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs должно быть не меньше 1") }
    }

    func run() throws {
        let start = ContinuousClock.now
        let layout = SiteLayout(root: root, templates: templates)
        let outcome = Builder.build(Builder.Options(
            layout: layout, output: output, baseURL: baseURL, includeDrafts: drafts, strict: strict, jobs: jobs))
        emit(outcome.report, format: format, limit: limit, layout: layout)
        if timings {
            for (stage, duration) in outcome.timings {
                printError("\(stage): \(duration.formatted(.units(allowed: [.milliseconds])))")
            }
        }
        if outcome.report.hasErrors {
            printError("сборка остановлена: ничего не записано")
            throw ExitCode(1)
        }
        let kinds = outcome.pagesByKind.map { "\($0.kind) \($0.count)" }.joined(separator: ", ")
        let elapsed = ContinuousClock.now - start
        print("записано файлов: \(outcome.fileCount) (\(kinds)) за \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))")
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Prints diagnostics: text to standard error for people, JSON lines and GitHub commands to
/// standard output for tools.
func emit(_ report: DiagnosticReport, format: DiagnosticFormat, limit: Int, layout: SiteLayout) {
    guard !report.diagnostics.isEmpty else { return }
    switch format {
    case .text: printError(report.formatted(.text, limit: limit))
    case .json: print(report.formatted(format))
    case .github:
        // Annotations need paths from the repository root (the working directory in CI).
        print(report.withPaths(relativeTo: FileManager.default.currentDirectoryPath, layout: layout).formatted(format))
    }
}

extension DiagnosticReport {
    /// Content paths prefixed with the content folder's path from `directory` (`Content/practices/x.md`).
    func withPaths(relativeTo directory: String, layout: SiteLayout) -> DiagnosticReport {
        let base = SiteLayout.absolute(directory)
        func prefix(_ folder: String) -> String {
            if folder == base { return "" }
            return folder.hasPrefix(base + "/") ? String(folder.dropFirst(base.count + 1)) + "/" : folder + "/"
        }
        let contentPrefix = prefix(layout.content)
        let rootPrefix = prefix(layout.root)
        return DiagnosticReport(diagnostics.map { diagnostic in
            var copy = diagnostic
            let file = copy.location.file
            if !file.hasPrefix("/") {
                copy.location.file = (file.hasPrefix("Templates/") ? rootPrefix : contentPrefix) + file
            }
            return copy
        })
    }
}

extension DiagnosticFormat: ExpressibleByArgument {}
