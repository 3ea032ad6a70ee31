import Foundation
import PraktikaDiagnostics
import PraktikaMarkdown

/// Parse and link a whole content folder: the entry point of the model. Pure: it takes bytes.
public enum PortalLoader {
    /// What loading produced: the site (nil when errors prevent linking) and every diagnostic.
    public struct Result: Sendable {
        /// The linked site, or nil when `site.yml` is unusable. Present even with content errors,
        /// so tools can show what was understood; a build must not publish it when `report.hasErrors`.
        public var site: Site?
        /// Everything found, sorted.
        public var report: DiagnosticReport
    }

    /// Parses every file (in parallel) and links the result.
    /// - Parameters:
    ///   - files: The content folder's files, paths relative to it.
    ///   - includeDrafts: Keep `draft: true` content.
    public static func load(_ files: [SourceFile], includeDrafts: Bool = false) -> Result {
        var diagnostics: [Diagnostic] = []
        let sorted = files.sorted { $0.path.unicodeScalars.lexicographicallyPrecedes($1.path.unicodeScalars) }

        var config: SiteConfig?
        if let file = sorted.first(where: { $0.path == "site.yml" }) {
            let (parsed, found) = ContentParser.parseConfig(file)
            config = parsed
            diagnostics += found
        } else {
            diagnostics.append(.error(
                "missing-config", at: SourceLocation(file: "site.yml"), "нет файла site.yml",
                suggestion: "создайте site.yml с полями «title» и «base_url»"))
        }
        let markdown = MarkdownOptions(allowsRawHTML: config?.allowsRawHTML ?? false)

        var jobs: [(SourceFile, ContentParser.FileKind)] = []
        for file in sorted where file.path != "site.yml" {
            if let kind = ContentParser.FileKind(path: file.path) {
                jobs.append((file, kind))
            } else {
                diagnostics.append(.warning(
                    "unknown-file", at: SourceLocation(file: file.path),
                    "файл не относится ни к одному разделу и пропущен",
                    suggestion: "Markdown-файлы кладите в forums/, practices/, news/ или pages/"))
            }
        }
        let parsed = parallelMap(jobs) { ContentParser.parse($0.0, kind: $0.1, markdown: markdown) }
        var sources: [ContentSource] = []
        for (source, found) in parsed {
            diagnostics += found
            if let source { sources.append(source) }
        }
        guard let config else { return Result(site: nil, report: DiagnosticReport(diagnostics)) }
        var linker = Linker()
        let site = linker.link(config: config, sources: sources, includeDrafts: includeDrafts)
        diagnostics += linker.diagnostics
        return Result(site: site, report: DiagnosticReport(diagnostics))
    }
}

/// `map` over all cores, results in input order.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
    guard items.count > 1 else { return items.map(transform) }
    let results = ResultSlots<R>(count: items.count)
    let chunks = min(items.count, ProcessInfo.processInfo.activeProcessorCount * 4)
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        var i = chunk
        while i < items.count {
            results.set(i, transform(items[i]))
            i += chunks
        }
    }
    return results.values()
}

/// Slots written once each from `concurrentPerform`; every index is written by exactly one worker,
/// and all are read after the workers finish, so the unchecked `Sendable` is sound.
private final class ResultSlots<R>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<R?>
    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }
    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }
    func set(_ index: Int, _ value: R) { buffer[index] = value }
    func values() -> [R] { buffer.compactMap { $0 } }
}
