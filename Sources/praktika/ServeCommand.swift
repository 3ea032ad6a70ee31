import ArgumentParser
import Foundation
import PraktikaBuild
import PraktikaDiagnostics
import PraktikaPreview

/// `praktika serve`: build into memory, serve it, rebuild on every save and reload open pages.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Просмотр сайта в браузере с автоматическим обновлением при каждом сохранении.")

    @Option(name: .long, help: "Корень сайта (папка с Content/ и Templates/).")
    var root: String = "."

    @Option(name: .long, help: "Папка оформления (по умолчанию <root>/Templates).")
    var templates: String?

    @Option(name: .long, help: "Адрес, на котором слушать (по умолчанию только этот компьютер).")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Порт.")
    var port: Int = 8000

    @Flag(name: .long, help: "Показывать черновики (draft: true).")
    var drafts = false

    @Flag(name: .long, help: "Открыть сайт в браузере.")
    var open = false

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port должен быть от 1 до 65535") }
    }

    func run() async throws {
        if !["127.0.0.1", "localhost", "::1"].contains(host) {
            printError("внимание: сайт будет виден по сети на \(host):\(port); для просмотра одному достаточно 127.0.0.1")
        }
        let openBrowser = open
        do {
            try await PreviewServer.run(
                options: Builder.Options(layout: SiteLayout(root: root, templates: templates), includeDrafts: drafts),
                host: host, port: port,
                log: { line, report in
                    if !report.diagnostics.isEmpty { printError(report.formatted(limit: 20)) }
                    printError(line)
                },
                onRunning: { address in
                    printError("Сайт: \(address)  (Ctrl-C — остановить)")
                    if openBrowser { _ = try? Process.run(URL(fileURLWithPath: "/usr/bin/xdg-open"), arguments: [address]) }
                })
        } catch let error as PreviewServer.StartError {
            printError(error.description)
            throw ExitCode(1)
        }
    }
}
