import Foundation
import Synchronization
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import PraktikaText

/// `praktika build`: load → validate → plan → render → write, stopping before any write on errors.
public enum Builder {
    /// What to build.
    public struct Options: Sendable {
        /// Where the site is.
        public var layout: SiteLayout
        /// Where to write (absolute); `<root>/Site` by default.
        public var output: String
        /// Override of `base_url`.
        public var baseURL: String?
        /// Include drafts.
        public var includeDrafts: Bool
        /// Warnings stop the build too.
        public var strict: Bool
        /// Threads for parsing and rendering (nil: one per core).
        public var jobs: Int?
        /// Work of earlier builds to reuse (the preview server keeps these between rebuilds).
        public var caches: Caches?
        /// The persistent build cache (`.praktika-cache/`), used by builds that write; nil: none.
        public var buildCache: BuildCache.Location?
        /// Told the size of the content in bytes once it is read, before anything is parsed (the command line
        /// chooses its allocator's page size by it: `HeapPolicy`).
        public var sourcesRead: (@Sendable (_ bytes: Int) -> Void)?
        /// Receives (pages rendered, total) during long renders (the CLI shows it on a terminal).
        public var progress: (@Sendable (Int, Int) -> Void)?
        /// Leave the site model in memory when done, for a process that exits right after (the command line):
        /// freeing a big model object by object is pure overhead there (50 ms at 10,000 practices, half a
        /// second at 100,000), the way compilers skip freeing their trees (`clang -disable-free`).
        public var leavesModelForExit = false

        /// The caches of incremental rebuilds.
        public struct Caches: Sendable {
            /// Parsed content files.
            public let parse = ParseCache()
            /// Rendered pages and cards.
            public let render = RenderCache()
            /// The last good build, for the fast path of body edits.
            public let last = LastBuild()
            /// Empty caches.
            public init() {}
        }

        /// Creates options.
        public init(layout: SiteLayout, output: String? = nil, baseURL: String? = nil, includeDrafts: Bool = false,
                    strict: Bool = false, jobs: Int? = nil) {
            self.jobs = jobs
            self.layout = layout
            self.output = output.map(SiteLayout.absolute) ?? layout.root + "/Site"
            self.baseURL = baseURL
            self.includeDrafts = includeDrafts
            self.strict = strict
        }
    }

    /// What a build did.
    public struct Outcome: Sendable {
        /// Every diagnostic (the build wrote nothing when it has errors).
        public var report: DiagnosticReport
        /// Pages written, by kind (`practice`, `region`, …), sorted by kind.
        public var pagesByKind: [(kind: String, count: Int)]
        /// Files written in all (pages and assets).
        public var fileCount: Int
        /// Wall time of each stage.
        public var timings: [(stage: String, duration: Duration)]
        /// What the build cache gave: pages and practice cards reused, of all (nil without a cache).
        public var reuse: Reuse?
    }

    /// What the build cache saved.
    public struct Reuse: Sendable {
        /// Pages taken from the cache, of all.
        public var pages: Int, totalPages: Int
        /// Content files taken parsed from the cache, of all.
        public var files: Int, totalFiles: Int
    }

    /// A rendered site held in memory: output path → bytes, in path order.
    public struct Product: Sendable {
        /// Every file, pages and assets.
        public var files: [(path: String, bytes: [UInt8])]
        /// Pages by kind, sorted by kind.
        public var pagesByKind: [(kind: String, count: Int)]
    }

    /// Runs the whole pipeline. Nothing is written when any stage reports an error, and the output is
    /// replaced only when every file was written.
    public static func build(_ options: Options) -> Outcome {
        produce(options, checkOutput: true, writing: true).0
    }

    /// Everything but writing: load, validate, plan and render into memory (the preview server
    /// serves this). `nil` product when any stage reported an error.
    /// With `writing`, every file goes into a staging folder as soon as it is made (pages straight from the
    /// render workers), the staging folder replaces `options.output` at the end, and the product holds no bytes.
    public static func produce(_ options: Options, checkOutput: Bool = false, writing: Bool = false) -> (Outcome, Product?) {
        let clock = ContinuousClock()
        var timings: [(String, Duration)] = []
        var mark = clock.now
        func lap(_ stage: String) {
            let now = clock.now
            timings.append((stage, now - mark))
            mark = now
        }
        var report = DiagnosticReport()
        // The parse cache being written in the background, until the build has waited for it.
        var savingParsed: ParseCacheWrite?
        // Its file, once written (dropped when the build fails).
        var parsedStaging: String?
        func fail() -> (Outcome, Product?) {
            if let savingParsed, case .staged? = savingParsed.wait()?.outcome { unlink(savingParsed.staging) }
            if let parsedStaging { unlink(parsedStaging) }
            // The preview's fast path starts only from a good build.
            options.caches?.last.store(nil)
            return (Outcome(report: report, pagesByKind: [], fileCount: 0, timings: timings), nil)
        }

        if checkOutput, let problem = outputProblem(options) {
            report.append(contentsOf: [problem])
            return fail()
        }
        // The theme does not depend on the content: it is loaded and compiled, and the template check's keys of
        // its sample site are made, while the content is read and parsed.
        let themeLoad = MadeAside(jobs: options.jobs) { [templates = options.layout.templates] in
            let (theme, diagnostics) = Theme.load(directory: templates)
            return (theme, diagnostics, theme.map(SiteValidator.sampleKeys))
        }
        var (files, readDiagnostics) = SourceLoader.load(directory: options.layout.content, jobs: options.jobs)
        report.append(contentsOf: readDiagnostics)
        options.sourcesRead?(files.reduce(0) { $0 + $1.bytes.count })
        lap("read")
        // The build cache's parsed files (a build writing to disk without the preview's caches).
        var parseCache = options.caches?.parse
        var cacheProblems: [Diagnostic] = []
        let persistent = writing && options.caches == nil ? options.buildCache : nil
        if let persistent {
            let path = persistent.directory + "/parsed"
            let (loaded, problem) = ParseCache.load(contentsOf: path, tool: persistent.tool, jobs: options.jobs)
            parseCache = loaded
            if let problem {
                cacheProblems.append(.warning(problem.code, at: SourceLocation(file: path), problem.message,
                                              suggestion: "кэш не используется и будет записан заново; его можно удалить"))
            }
            lap("cache read")
        }
        // The parsed files go to disk from the moment they are all parsed, on another thread, while linking,
        // validation and rendering go on (into a file beside the cache, renamed into place when the build
        // succeeds): writing it beside the link stage alone kept the build waiting for it, with a core idle.
        savingParsed = persistent.flatMap { persistent in
            parseCache.map { ParseCacheWrite(cache: $0, directory: persistent.directory, tool: persistent.tool, jobs: options.jobs) }
        }
        var loaded = PortalLoader.load(
            files, includeDrafts: options.includeDrafts, baseURL: options.baseURL, jobs: options.jobs,
            cache: parseCache, whenParsed: savingParsed.map { saving in { saving.start() } })
        report.append(contentsOf: loaded.report.diagnostics)
        timings += loaded.timings
        // From here the writer holds the only reference to the cache, and frees it when it is done.
        parseCache = nil
        // The raw bytes are not needed after parsing: free them before rendering (tens of MB on big sites).
        let sourcePaths = Set(files.map(\.path))
        files = []
        mark = clock.now
        let (theme, themeDiagnostics, sampleKeys) = themeLoad.value
        report.append(contentsOf: themeDiagnostics)
        lap("templates")
        guard var site = loaded.site, let theme, !report.hasErrors else { return fail() }
        loaded.site = nil

        let (pages, planDiagnostics) = Planner.plan(site)
        report.append(contentsOf: planDiagnostics)
        var (validation, builder) = SiteValidator.validateKeepingBuilder(
            site: site, pages: pages, theme: theme, sampleKeys: sampleKeys, jobs: options.jobs)
        report.append(contentsOf: validation)
        if options.strict { report = report.strict() }
        let required = Set(pages.map(\.kind.template)).union(["partials/practice-card", "partials/award-row", "partials/forum-card"])
        let missing = required.subtracting(theme.templateNames).sorted()
        for name in missing {
            report.append(contentsOf: [.error(
                "missing-template", at: SourceLocation(file: "Templates/\(name).mustache"),
                "нет шаблона «\(name)», нужного для страниц сайта", suggestion: "создайте Templates/\(name).mustache")])
        }
        lap("plan")
        guard !report.hasErrors else { return fail() }

        var staged: StagedOutput?
        // Opened only now: its warnings come after `--strict` turned warnings into errors (a damaged cache
        // never fails a build).
        let disk = writing ? options.buildCache.map(BuildCache.open) : nil
        if writing {
            do {
                staged = try StagedOutput(output: options.output)
            } catch {
                report.append(contentsOf: [.error("write-failed", at: SourceLocation(file: options.output), error.description)])
                return fail()
            }
        }
        // Only the preview keeps the builder with its cards; a build frees them before the whole-site outputs.
        // The builder is moved in, not kept here: it holds the site, and a second holder made `releaseBodyHTML`
        // copy every practice (and keep the HTML alive in the old copy).
        let (rendered, kept) = Renderer.renderKeepingBuilder(
            pages, site: site, theme: theme, builder: builder.take(), jobs: options.jobs, cache: options.caches?.render, disk: disk,
            progress: options.progress, output: staged, keepsBuilder: options.caches != nil)
        if options.caches == nil { site.releaseBodyHTML() }
        lap("render")
        // The parse cache's file, usually written by now.
        var parsedReuse = (files: 0, total: 0)
        if let saving = savingParsed, let done = saving.wait() {
            parsedReuse = (done.reused, done.total)
            switch done.outcome {
            case .failed(let problem):
                cacheProblems.append(.warning(
                    "cache-unwritable", at: SourceLocation(file: saving.directory), "не удалось записать кэш сборки: \(problem)",
                    suggestion: "сборка идёт без кэша; проверьте права на папку или удалите её"))
            case .staged:
                parsedStaging = saving.staging
            case .unchanged:
                break  // the file on disk already says exactly this
            }
        }
        savingParsed = nil
        // Written at once when building to disk (in parallel, freed right away), kept when producing in memory.
        var output: [(path: String, bytes: [UInt8])] = staged == nil ? rendered.map { (path: $0.path, bytes: $0.bytes) } : []
        var fileCount = rendered.count
        func emit(_ files: [(path: String, bytes: [UInt8])]) {
            fileCount += files.count
            guard let staged else { output += files; return }
            _ = concurrentMap(Array(files.indices), jobs: options.jobs) { staged.write(files[$0].path, files[$0].bytes) }
        }
        emit(theme.assets.map { (path: $0.outputPath, bytes: $0.bytes) })
        let routes = Routes(config: site.config)
        // The search index and the data files (sitemap, facets, feeds, open data) are independent: made side by side,
        // each file written (or kept) as soon as it is made.
        let finished = site
        let collected = CollectedFiles()
        let sink: FileSink
        if let staged { sink = { staged.write($0, $1) } } else { sink = { collected.add($0, $1) } }
        let made = Atomic<Int>(0)
        let counted: FileSink = { path, bytes in
            made.wrappingAdd(1, ordering: .relaxed)
            sink(path, bytes)
        }
        _ = sideBySide(jobs: options.jobs, {
            SearchIndex.write(site: finished, routes: routes, jobs: options.jobs, to: counted)
        }, {
            // Every page was kept by now: the build cache's index is made here, not at the end on one thread.
            disk?.prepareCommit()
            counted("sitemap.xml", Crawlers.sitemap(pages, routes: routes))
            counted("robots.txt", Crawlers.robots(routes: routes))
            counted("practices/facets.json", Facets.json(site: finished, routes: routes))
            for file in Feeds.files(Feeds.all(finished), site: finished, routes: routes) { counted(file.path, file.bytes) }
            OpenData.write(OpenData.datasets(site: finished, routes: routes), routes: routes, jobs: options.jobs, to: counted)
        })
        fileCount += made.load(ordering: .relaxed)
        output += collected.sortedByPath()
        lap("search+data")
        let byKind = Dictionary(grouping: pages, by: \.kind.summaryName).map { ($0.key, $0.value.count) }.sorted { $0.0 < $1.0 }
        if let staged {
            do {
                try staged.commit()
            } catch {
                report.append(contentsOf: [.error("write-failed", at: SourceLocation(file: options.output), error.description)])
                return fail()
            }
            lap("write")
        }
        var reuse: Reuse?
        if let disk {
            disk.commit()
            // One warning per kind: a foreign or damaged cache is usually so as a whole.
            let diskCodes = Set(disk.diagnostics.map(\.code))
            report.append(contentsOf: cacheProblems.filter { !diskCodes.contains($0.code) } + disk.diagnostics)
            if let persistent, let parsedStaging {
                if rename(parsedStaging, persistent.directory + "/parsed") != 0 { unlink(parsedStaging) }
            }
            reuse = Reuse(pages: disk.reusedPages, totalPages: pages.count, files: parsedReuse.files, totalFiles: parsedReuse.total)
            lap("cache index")
        }
        var outcome = Outcome(report: report, pagesByKind: byKind, fileCount: fileCount, timings: timings)
        outcome.reuse = reuse
        if options.leavesModelForExit { LeftForExit.keep((site, pages)) }
        let product = Product(files: output, pagesByKind: byKind)
        if let caches = options.caches, let kept {
            remember(caches, site: site, pages: pages, theme: theme, builder: kept, product: product, outcome: outcome,
                     sourcePaths: sourcePaths)
        }
        return (outcome, product)
    }

    /// The output must not be the site root, inside `Content/` or `Templates/`, or contain them.
    static func outputProblem(_ options: Options) -> Diagnostic? {
        let output = options.output
        let guarded = [options.layout.root, options.layout.content, options.layout.templates]
        for path in guarded where output == path || output.hasPrefix(path + "/") && path != options.layout.root
            || path.hasPrefix(output + "/") {
            return .error(
                "invalid-output", at: SourceLocation(file: output),
                "папка вывода совпадает с папкой сайта, лежит внутри Content/ или Templates/ или содержит их",
                suggestion: "укажите отдельную папку, например Site/")
        }
        return nil
    }
}

/// Values deliberately never freed (see `Builder.Options.leavesModelForExit`).
private final class LeftForExit<Value>: @unchecked Sendable {
    let value: Value
    private init(_ value: Value) { self.value = value }
    static func keep(_ value: Value) { _ = Unmanaged.passRetained(LeftForExit(value)) }
}

/// Writing the parse cache on a thread of its own from the end of parsing (`PortalLoader.load(whenParsed:)`),
/// into a staging file that the build renames into place when it succeeds.
final class ParseCacheWrite: Sendable {
    enum Outcome: Sendable {
        /// The file on disk already holds exactly these entries.
        case unchanged
        /// Written to `staging`.
        case staged
        /// Not written, for this reason.
        case failed(String)
    }

    /// What `run` did, and how many files the cache gave of all.
    struct Done: Sendable {
        var outcome: Outcome
        var reused: Int
        var total: Int
    }

    let directory: String
    let staging: String
    private let tool: UInt64
    private let jobs: Int?
    /// The cache, until `run` takes it: it holds a copy of every parsed file, freed as soon as it is written
    /// (kept through rendering, it raised the peak memory at 100,000 practices by about 100 MB).
    private let held: Mutex<ParseCache?>
    /// The write, once started.
    private let writing = Mutex<MadeAside<Done?>?>(nil)

    init(cache: ParseCache, directory: String, tool: UInt64, jobs: Int?) {
        held = Mutex(cache)
        self.directory = directory
        staging = directory + "/parsed.build-\(ProcessInfo.processInfo.processIdentifier)"
        self.tool = tool
        self.jobs = jobs
    }

    /// Starts writing on another thread; with one job, writes here, now (so that the cache is freed before
    /// rendering, not when the build first asks how the write went).
    func start() {
        let write = MadeAside(jobs: jobs) { [self] in self.write() }
        writing.withLock { $0 = write }
        if max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount) == 1 { _ = write.value }
    }

    /// Waits for a started write to finish; what it did (nil when it was never started).
    func wait() -> Done? {
        writing.withLock { $0 }?.value ?? nil
    }

    /// Writes the cache (once every file is parsed) and lets it go.
    private func write() -> Done? {
        guard let cache = held.withLock({ $0.take() }) else { return nil }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let outcome: Outcome
        if !cache.isChanged {
            outcome = .unchanged
        } else if let problem = cache.save(to: staging, tool: tool, jobs: jobs) {
            outcome = .failed(problem)
        } else {
            outcome = .staged
        }
        return Done(outcome: outcome, reused: cache.count - cache.parseCount, total: cache.count)
    }
}
