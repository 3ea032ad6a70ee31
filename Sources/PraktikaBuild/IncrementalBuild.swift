import Foundation
import Glibc
import PraktikaDiagnostics
import PraktikaModel

/// The last good build of a preview session, kept so that an edit of one body can be rebuilt without
/// reading, linking and validating the whole site again (`Builder.produceChange`).
public final class LastBuild: @unchecked Sendable {
    struct State {
        var site: Site
        var pages: [PlannedPage]
        var builder: ViewModelBuilder
        var linkChecker: LinkChecker
        var product: Builder.Product
        var outcome: Builder.Outcome
        var sourcePaths: Set<String>
        var stamp: UInt64
        /// Bumped by every build, full or partial, so a late search refresh never overwrites a newer one.
        var edition: Int
    }

    private let lock = NSLock()
    private var state: State?

    /// No build yet.
    public init() {}

    var current: State? { lock.withLock { state } }

    /// The site of the last build as served (tests compare it with a clean build).
    public var product: Builder.Product? { lock.withLock { state?.product } }

    func store(_ new: State?) { lock.withLock { state = new } }

    /// Replaces the search files of the product if no build happened since `edition`.
    public func refreshSearch(_ files: [(path: String, bytes: [UInt8])], edition: Int) -> Bool {
        lock.withLock {
            guard var current = state, current.edition == edition else { return false }
            let byPath = Dictionary(files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
            for i in current.product.files.indices {
                if let bytes = byPath[current.product.files[i].path] { current.product.files[i].bytes = bytes }
            }
            state = current
            return true
        }
    }
}

extension Builder {
    /// What a partial rebuild produced.
    public struct Change: Sendable {
        /// Diagnostics (none: the fast path is taken only for clean edits) and counts.
        public var outcome: Outcome
        /// The files that changed, to replace in what is served.
        public var files: [(path: String, bytes: [UInt8])]
        /// The whole site after the change, except that the search index is the one before it.
        public var product: Product
        /// Builds the search index of the changed site; `LastBuild.refreshSearch` takes its result.
        public var searchIndex: @Sendable () -> [(path: String, bytes: [UInt8])]
        /// Which build this is, for `refreshSearch`.
        public var edition: Int
    }

    /// The fast path of the preview: when every changed file is a content page whose front matter, heading ids
    /// and excerpt are unchanged, swaps the new bodies into the last site and renders only their pages.
    /// Returns nil whenever that is not certain to equal a full build; the caller then runs `produce`.
    /// - Parameter changed: Absolute paths reported by the watcher.
    public static func produceChange(_ options: Options, changed: [String]) -> Change? {
        let clock = ContinuousClock()
        let start = clock.now
        guard let caches = options.caches, var last = caches.last.current else { return nil }
        let prefix = options.layout.content + "/"
        var relative: [String] = []
        for path in Set(changed) {
            guard path.hasPrefix(prefix) else { return nil }
            let rel = String(path.dropFirst(prefix.count))
            var info = stat()
            let exists = lstat(path, &info) == 0
            // A vanished temporary file of an atomic save is no change to the site.
            if !last.sourcePaths.contains(rel) {
                if exists { return nil }
                continue
            }
            guard exists, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
            relative.append(rel)
        }
        guard !relative.isEmpty, relative.count <= 8 else { return nil }

        var site = last.site
        var parseTime = Duration.zero, linkTime = Duration.zero
        for rel in relative.sorted() {
            let parseStart = clock.now
            guard case .success(let bytes) = SourceLoader.readFile(prefix + rel),
                  let edit = BodyEdit.apply(SourceFile(path: rel, bytes: bytes), to: site, cache: caches.parse)
            else { return nil }
            site = edit.site
            let linkStart = clock.now
            guard last.linkChecker.check(file: rel, in: site).isEmpty else { return nil }
            parseTime += linkStart - parseStart
            linkTime += clock.now - linkStart
        }
        let read = clock.now

        let builder = last.builder.replacingSite(site)
        var files: [(path: String, bytes: [UInt8])] = []
        for page in last.pages where page.source.map({ relative.contains($0.file) }) == true {
            let rendered = Renderer.render(page, builder: builder, cache: caches.render, stamp: last.stamp).page
            files.append((rendered.path, rendered.bytes))
        }
        guard !files.isEmpty else { return nil }
        let changedPaths = Dictionary(files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
        for i in last.product.files.indices {
            if let bytes = changedPaths[last.product.files[i].path] { last.product.files[i].bytes = bytes }
        }
        let rendered = clock.now
        last.site = site
        last.builder = builder
        last.edition += 1
        last.outcome.timings = [("parse", parseTime), ("links", linkTime), ("render", rendered - read),
                                ("total", rendered - start)]
        caches.last.store(last)

        let routes = Routes(config: site.config)
        let jobs = options.jobs
        let changedSite = site
        return Change(
            outcome: last.outcome, files: files, product: last.product,
            searchIndex: { SearchIndex.files(site: changedSite, routes: routes, jobs: jobs) }, edition: last.edition)
    }

    /// Remembers a good full build for `produceChange`.
    static func remember(
        _ caches: Options.Caches, site: Site, pages: [PlannedPage], theme: Theme, builder: ViewModelBuilder,
        product: Product, outcome: Outcome, sourcePaths: Set<String>
    ) {
        let edition = (caches.last.current?.edition ?? 0) + 1
        caches.last.store(LastBuild.State(
            site: site, pages: pages, builder: builder, linkChecker: LinkChecker(site: site, pages: pages, theme: theme),
            product: product, outcome: outcome, sourcePaths: sourcePaths, stamp: theme.stamp, edition: edition))
    }
}
