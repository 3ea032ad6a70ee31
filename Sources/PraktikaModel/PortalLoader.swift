import Foundation
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaText

/// Parse and link a whole content folder: the entry point of the model. Pure: it takes bytes.
public enum PortalLoader {
    /// What loading produced: the site (nil when errors prevent linking) and every diagnostic.
    public struct Result: Sendable {
        /// The linked site, or nil when `site.yml` is unusable. Present even with content errors,
        /// so tools can show what was understood; a build must not publish it when `report.hasErrors`.
        public var site: Site?
        /// Everything found, sorted.
        public var report: DiagnosticReport
        /// Wall time of the parse and link stages.
        public var timings: [(stage: String, duration: Duration)] = []
    }

    /// Parses every file (in parallel) and links the result.
    /// - Parameters:
    ///   - files: The content folder's files, paths relative to it.
    ///   - includeDrafts: Keep `draft: true` content.
    ///   - baseURL: Replaces `base_url` of `site.yml` (`build --base-url`).
    ///   - rendersHTML: Render Markdown bodies to HTML (a check that writes no pages can skip it).
    ///   - jobs: Threads for parsing (nil: one per core).
    ///   - cache: Parsed files of an earlier build to reuse (the preview server keeps one).
    ///   - whenParsed: Called once every file is parsed, before linking, when `site.yml` is usable: a build
    ///     starts writing its parse cache then, on another thread.
    public static func load(
        _ files: [SourceFile], includeDrafts: Bool = false, baseURL: String? = nil, rendersHTML: Bool = true,
        jobs: Int? = nil, cache: ParseCache? = nil, whenParsed: (() -> Void)? = nil
    ) -> Result {
        var diagnostics: [Diagnostic] = []
        let inOrder = { (a: SourceFile, b: SourceFile) in a.path.precedesInCodePointOrder(b.path) }
        let sorted = SourceFile.areInPathOrder(files) ? files : files.sorted(by: inOrder)

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
        if let baseURL, let current = config {
            config = SiteConfig(title: current.title, baseURL: baseURL, language: current.language,
                                description: current.description, allowsRawHTML: current.allowsRawHTML,
                                typography: current.typography)
        }
        let markdown = MarkdownOptions(allowsRawHTML: config?.allowsRawHTML ?? false, rendersHTML: rendersHTML,
                                       basePath: config?.basePath ?? "/", typography: config?.typography ?? true)

        var work: [(SourceFile, ContentParser.FileKind)] = []
        for file in sorted where file.path != "site.yml" {
            if let kind = ContentParser.FileKind(path: file.path) {
                work.append((file, kind))
            } else {
                diagnostics.append(.warning(
                    "unknown-file", at: SourceLocation(file: file.path),
                    "файл не относится ни к одному разделу и пропущен",
                    suggestion: "Markdown-файлы кладите в forums/, practices/, news/ или pages/"))
            }
        }
        let clock = ContinuousClock()
        let parseStart = clock.now
        // In runs of a few files: one task per file costs more in scheduling than a small file's parse.
        cache?.reserveCapacity(work.count)
        let runs = stride(from: 0, to: work.count, by: Self.parseRun).map { $0..<min(work.count, $0 + Self.parseRun) }
        let items = work
        var parsed = concurrentMap(runs, jobs: jobs) { run in
            Self.parse(Array(items[run]), markdown: markdown, cache: cache)
        }
        cache?.keep(only: Set(work.map(\.0.path)))
        // Moved out, not copied: a copy of every source retained each of its fields (60 ms on one thread at
        // 10,000 practices, while the other thread had nothing to do).
        var sources = Linker.Sources()
        for r in parsed.indices {
            for i in parsed[r].indices {
                diagnostics += parsed[r][i].1
                if let source = parsed[r][i].0.take() { sources.add(source) }
            }
        }
        guard let config else { return Result(site: nil, report: DiagnosticReport(diagnostics)) }
        let linkStart = clock.now
        whenParsed?()
        var linker = Linker(jobs: jobs)
        let site = linker.link(config: config, sources: sources, includeDrafts: includeDrafts)
        diagnostics += linker.diagnostics
        // The parsed sources are done with: freeing them (every string of every file) is the linker's
        // largest single cost, and nothing waits for it, so it happens on another thread.
        DispatchQueue.global(qos: .utility).async { [sources, parsed] in withExtendedLifetime((sources, parsed)) {} }
        let end = clock.now
        return Result(site: site, report: DiagnosticReport(diagnostics),
                      timings: [("parse", linkStart - parseStart), ("link", end - linkStart)])
    }

    /// Files parsed together by one thread.
    static let parseRun = 16

    /// Parses `items` (reusing what `cache` holds), results in order.
    private static func parse(
        _ items: [(SourceFile, ContentParser.FileKind)], markdown: MarkdownOptions, cache: ParseCache?
    ) -> [(ContentSource?, [Diagnostic])] {
        guard let cache else { return ContentParser.parseAll(items, markdown: markdown) }
        var results: [(ContentSource?, [Diagnostic])?] = []
        var missing: [(index: Int, hash: UInt64)] = []
        for (i, item) in items.enumerated() {
            let (hash, cached) = cache.lookup(item.0, kind: item.1, options: markdown)
            results.append(cached)
            if cached == nil { missing.append((i, hash)) }
        }
        let fresh = ContentParser.parseAll(missing.map { items[$0.index] }, markdown: markdown)
        for (k, item) in missing.enumerated() {
            results[item.index] = fresh[k]
            cache.store(fresh[k], for: items[item.index].0.path, hash: item.hash, kind: items[item.index].1, options: markdown)
        }
        return results.map { $0! }
    }
}
