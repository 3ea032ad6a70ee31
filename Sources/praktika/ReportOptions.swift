import ArgumentParser
import CMimalloc
import Foundation
import PraktikaBuild
import PraktikaDiagnostics

/// Options every command that reports diagnostics shares.
struct ReportOptions: ParsableArguments {
    @Option(name: .long, help: "Формат сообщений: text, json или github.")
    var format: DiagnosticFormat = .text

    @Flag(name: .long, help: "Считать предупреждения ошибками.")
    var strict = false

    @Flag(name: .long, help: "Показать время каждого этапа.")
    var timings = false

    @Option(name: .long, help: "Сколько сообщений показать самое большее.")
    var limit: Int = 50

    /// Prints diagnostics: text to standard error for people, JSON lines and GitHub commands to
    /// standard output for tools.
    func emit(_ report: DiagnosticReport, layout: SiteLayout) {
        guard !report.diagnostics.isEmpty else { return }
        switch format {
        case .text: printError(report.formatted(.text, limit: limit))
        case .json: print(report.formatted(format))
        case .github:
            // Annotations need paths from the repository root (the working directory in CI).
            print(report.withPaths(relativeTo: FileManager.default.currentDirectoryPath, layout: layout).formatted(format))
        }
    }

    /// Prints stage times when asked.
    func emit(_ timings: [(stage: String, duration: Duration)]) {
        guard self.timings else { return }
        for (stage, duration) in timings {
            printError("\(stage): \(duration.formatted(.units(allowed: [.milliseconds])))")
        }
        printError("malloc: \(Self.allocator)")
    }

    /// The allocator `malloc` resolves to, for benchmark records: `mimalloc 2.0.9`. Linking mimalloc
    /// replaces malloc only while it comes before libc in the load order; a block from `malloc` tells.
    static var allocator: String {
        let version = Int(mi_version())
        let name = "mimalloc \(version / 100).\(version / 10 % 10).\(version % 10)"
        let block = malloc(16)
        defer { free(block) }
        guard mi_is_in_heap_region(block) else { return "glibc (\(name) linked but not in use)" }
        return mi_option_is_enabled(mi_option_large_os_pages) ? name + ", huge pages" : name
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension DiagnosticFormat: ExpressibleByArgument {}

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
