import Foundation
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

    /// Loads and validates the content of `layout` with `jobs` threads (nil: one per core).
    public static func check(_ layout: SiteLayout, includeDrafts: Bool = false, jobs: Int? = nil) -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        // The theme is checked when the site has one (a bare content folder is checked alone), loaded while
        // the content is read and parsed.
        let themeLoad = FileManager.default.fileExists(atPath: layout.templates)
            ? MadeAside(jobs: jobs) { [templates = layout.templates] in
                let (theme, diagnostics) = Theme.load(directory: templates)
                return (theme, diagnostics, theme.map(SiteValidator.sampleKeys))
            } : nil
        let (files, loadDiagnostics) = SourceLoader.load(directory: layout.content, jobs: jobs)
        let loaded = clock.now
        var result = PortalLoader.load(files, includeDrafts: includeDrafts, rendersHTML: false, jobs: jobs)
        result.report.append(contentsOf: loadDiagnostics)
        var timings = [("read", loaded - start)] + result.timings
        var mark = clock.now
        var theme: Theme?
        var sampleKeys: Set<String>?
        if let themeLoad {
            let (loadedTheme, themeDiagnostics, keys) = themeLoad.value
            theme = loadedTheme
            sampleKeys = keys
            result.report.append(contentsOf: themeDiagnostics)
        }
        if let site = result.site {
            let (pages, planDiagnostics) = Planner.plan(site)
            result.report.append(contentsOf: planDiagnostics)
            result.report.append(contentsOf: SiteValidator.validate(site: site, pages: pages, theme: theme, sampleKeys: sampleKeys, jobs: jobs))
        }
        timings.append(("validate", clock.now - mark))
        mark = clock.now
        return Outcome(site: result.site, report: result.report, fileCount: files.count,
                       timings: timings + [("total", mark - start)])
    }
}
