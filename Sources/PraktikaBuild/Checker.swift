import PraktikaDiagnostics
import PraktikaModel

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
    }

    /// Loads and validates the content of `layout`.
    public static func check(_ layout: SiteLayout, includeDrafts: Bool = false) -> Outcome {
        let (files, loadDiagnostics) = SourceLoader.load(directory: layout.content)
        var result = PortalLoader.load(files, includeDrafts: includeDrafts)
        result.report.append(contentsOf: loadDiagnostics)
        return Outcome(site: result.site, report: result.report, fileCount: files.count)
    }
}
