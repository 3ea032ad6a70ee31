import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import PraktikaText

/// `praktika check`: load a site root and validate everything, writing nothing.
public enum Checker {
    /// What a check found.
    public struct Outcome: Sendable {
        /// The site, when `site.yml` was usable.
        public var site: Site?
        /// Every diagnostic.
        public var report: DiagnosticReport
        /// How many files were read.
        public var fileCount: Int
        /// Wall time of each stage, in order.
        public var timings: [(stage: String, duration: Duration)]
    }

    /// Loads and validates the content of `layout`.
    public static func check(_ layout: SiteLayout, includeDrafts: Bool = false) -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        let (files, loadDiagnostics) = SourceLoader.load(directory: layout.content)
        let loaded = clock.now
        var result = PortalLoader.load(files, includeDrafts: includeDrafts, rendersHTML: false)
        result.report.append(contentsOf: loadDiagnostics)
        let linked = clock.now
        return Outcome(site: result.site, report: result.report, fileCount: files.count,
                       timings: [("read", loaded - start)] + result.timings + [("total", linked - start)])
    }
}
