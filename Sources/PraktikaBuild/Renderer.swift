import Foundation
import Synchronization
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import PraktikaText

/// A page turned into bytes.
public struct RenderedPage: Sendable, Hashable {
    /// Path under the output folder (`practices/x/index.html`).
    public var path: String
    /// The HTML.
    public var bytes: [UInt8]
}

/// The render stage: view models and templates → HTML, in parallel. Pure.
public enum Renderer {
    /// Renders every planned page, in plan order, using all cores.
    /// - Parameter cache: Pages of an earlier build to reuse when their view model is unchanged.
    /// - Parameter progress: Called now and then with (pages done, total) from worker threads.
    public static func render(
        _ pages: [PlannedPage], site: Site, theme: Theme, jobs: Int? = nil, cache: RenderCache? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) -> [RenderedPage] {
        renderKeepingBuilder(pages, site: site, theme: theme, jobs: jobs, cache: cache, progress: progress, keepsBuilder: false).pages
    }

    /// `render`, also returning the view-model builder with its rendered cards when `keepsBuilder` (the preview
    /// keeps it; a build lets the cards go as soon as the pages are done).
    /// - Parameter output: When given, each page is written there as soon as it is rendered and the returned
    ///   pages carry no bytes (a big site is never held in memory whole).
    /// - Parameter made: The builder `SiteValidator` made for this site and theme, when there is one.
    static func renderKeepingBuilder(
        _ pages: [PlannedPage], site: Site, theme: Theme, builder made: ViewModelBuilder? = nil, jobs: Int? = nil,
        cache: RenderCache? = nil, disk: BuildCache? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil,
        output: StagedOutput? = nil, keepsBuilder: Bool
    ) -> (pages: [RenderedPage], builder: ViewModelBuilder?) {
        let done = Atomic<Int>(0)
        let total = pages.count
        var builder = made ?? ViewModelBuilder(site: site, theme: theme)
        let stamp = cache == nil && disk == nil ? 0 : theme.stamp
        builder.renderCards(jobs: jobs, cache: cache, stamp: stamp)
        builder.renderAwardRows(jobs: jobs)
        builder.renderForumCards()
        let shared = builder
        // Each worker renders with its own copy of the templates and shared parts (see `privateCopy`).
        let rendered = concurrentMap(pages, jobs: jobs, perWorker: { shared.privateCopy() }) { page, worker in
            if let progress {
                let count = done.wrappingAdd(1, ordering: .relaxed).newValue
                if count % 500 == 0 || count == total { progress(count, total) }
            }
            let (rendered, fingerprint) = render(page, builder: worker, cache: cache, disk: disk, stamp: stamp)
            output?.write(rendered.path, rendered.bytes)
            if let disk, let fingerprint {
                disk.keepPage(page.route, fingerprint: fingerprint, bytes: rendered.bytes, staged: output?.path(of: rendered.path))
            }
            return output == nil ? rendered : RenderedPage(path: rendered.path, bytes: [])
        }
        cache?.keep(routes: Set(pages.map(\.route)), practices: Set(site.practices.map(\.id)))
        return (rendered, keepsBuilder ? builder : nil)
    }

    /// One page: its view model through its template, reused from `cache` (the preview's) or `disk` (the
    /// build cache) when the view model is unchanged. The fingerprint is computed only when there is a cache.
    static func render(
        _ page: PlannedPage, builder: ViewModelBuilder, cache: RenderCache?, disk: BuildCache? = nil, stamp: UInt64
    ) -> (page: RenderedPage, fingerprint: UInt64?) {
        let theme = builder.theme
        let context = builder.context(for: page)
        let path = Routes.outputPath(page.route)
        let render = { theme.renderBytes(page.kind.template, context) }
        guard cache != nil || disk != nil else { return (RenderedPage(path: path, bytes: render()), nil) }
        let fingerprint = Fingerprint.of(context, seed: stamp, template: page.kind.template)
        let bytes = cache.map { $0.page(page.route, fingerprint: fingerprint) { disk?.page(page.route, fingerprint: fingerprint) ?? render() } }
            ?? disk?.page(page.route, fingerprint: fingerprint) ?? render()
        return (RenderedPage(path: path, bytes: bytes), fingerprint)
    }
}
