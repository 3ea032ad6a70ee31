import Foundation
import PraktikaBuild
import PraktikaDiagnostics
import PraktikaModel
import PraktikaText

/// One preview: builds the site into the store, and rebuilds it whenever the sources change.
public struct PreviewSession: Sendable {
    /// What to build (`base_url` is replaced by the server's address).
    public let options: Builder.Options
    /// Where the pages go.
    public let store: PreviewStore
    /// Called after each rebuild with a line for the terminal and the diagnostics.
    public let log: @Sendable (String, DiagnosticReport) -> Void
    /// The background rebuild of the search index after fast edits.
    public let searchRefresh = BackgroundWork()

    /// A session over a site. Rebuilds are incremental: files are parsed again only when their bytes
    /// change, pages rendered again only when their view model or the theme changes.
    public init(options: Builder.Options, store: PreviewStore, log: @escaping @Sendable (String, DiagnosticReport) -> Void) {
        var options = options
        if options.caches == nil { options.caches = Builder.Options.Caches() }
        self.options = options
        self.store = store
        self.log = log
    }

    /// Builds once into the store; returns whether the build succeeded.
    ///
    /// With the paths the watcher saw change, an edit of bodies only takes the fast path: the new pages are
    /// served and the reload sent at once, and the search index is rebuilt after that, in the background.
    /// - Parameter changed: Absolute paths of changed files (empty: unknown, rebuild everything).
    @discardableResult
    public func rebuild(reason: String, changed: [String] = []) async -> Bool {
        let start = ContinuousClock.now
        if !changed.isEmpty, let change = Builder.produceChange(options, changed: changed) {
            let generation = await store.update(change.files)
            let format = { (d: Duration) in d.formatted(.units(allowed: [.milliseconds], width: .narrow)) }
            let stages = change.outcome.timings.map { "\($0.stage) \(format($0.duration))" }.joined(separator: ", ")
            log("\(reason): изменён только текст — отрисовано \(RussianPlural.page.phrase(change.files.count)) "
                + "из \(change.product.files.count) за \(format(ContinuousClock.now - start)) (\(stages)); "
                + "поиск обновится следом", change.outcome.report)
            let store = store
            let last = options.caches?.last
            searchRefresh.run {
                let files = change.searchIndex()
                guard last?.refreshSearch(files, edition: change.edition) == true else { return }
                await store.refresh(files, generation: generation)
            }
            return true
        }
        options.caches?.parse.resetCounters()
        options.caches?.render.resetCounters()
        let (outcome, product) = Builder.produce(options)
        let elapsed = ContinuousClock.now - start
        let time = elapsed.formatted(.units(allowed: [.milliseconds], width: .narrow))
        if let product {
            await store.publish(product.files)
            let parsed = options.caches?.parse.parseCount ?? 0
            let rendered = options.caches?.render.pageRenderCount ?? 0
            log("\(reason): прочитано заново \(RussianPlural.file.phrase(parsed)), "
                + "отрисовано \(RussianPlural.page.phrase(rendered)) из \(product.files.count) за \(time)", outcome.report)
            return true
        }
        await store.fail(outcome.report)
        log("\(reason): сборка не удалась за \(time), показана последняя удачная версия", outcome.report)
        return false
    }

    /// Watches `Content/` and `Templates/` and rebuilds on every change, until cancelled: with inotify
    /// when it is available, by polling otherwise (or when `polling` is set).
    public func watch(polling: Bool = false) async {
        let folders = [options.layout.content, options.layout.templates]
        if !polling, let inotify = InotifyWatcher(folders: folders) {
            while let changed = await inotify.next() {
                await rebuild(reason: describe(changed), changed: changed)
            }
            return
        }
        let watcher = SourceWatcher(folders: folders)
        await watcher.run { await rebuild(reason: "изменения") }
    }

    /// «practices/x.md» or «practices/x.md и ещё 2» for the terminal line.
    private func describe(_ paths: [String]) -> String {
        let root = options.layout.root + "/"
        let names = paths.map { path -> String in
            if path.hasPrefix(options.layout.content + "/") { return String(path.dropFirst(options.layout.content.count + 1)) }
            return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
        }
        guard let first = names.first else { return "изменения" }
        return names.count == 1 ? first : "\(first) и ещё \(names.count - 1)"
    }
}

/// One piece of background work at a time; `wait()` lets tests see its result.
public final class BackgroundWork: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?

    public init() {}

    /// Starts `work` after the previous one finishes.
    func run(_ work: @escaping @Sendable () async -> Void) {
        lock.withLock {
            let previous = task
            task = Task {
                await previous?.value
                await work()
            }
        }
    }

    /// Waits until the work started so far is done.
    public func wait() async {
        let current = lock.withLock { task }
        await current?.value
    }
}
