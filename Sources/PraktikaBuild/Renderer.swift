import Foundation
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
    public static func render(_ pages: [PlannedPage], site: Site, theme: Theme, jobs: Int? = nil) -> [RenderedPage] {
        var builder = ViewModelBuilder(site: site, theme: theme)
        builder.renderCards(jobs: jobs)
        let shared = builder
        return concurrentMap(pages, jobs: jobs) { page in
            let html = theme.render(page.kind.template, ViewBox.wrap(shared.context(for: page)))
            return RenderedPage(path: Routes.outputPath(page.route), bytes: Array(html.utf8))
        }
    }
}
