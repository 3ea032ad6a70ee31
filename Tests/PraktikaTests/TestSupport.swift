import Foundation
import PraktikaDiagnostics
import PraktikaModel
import Testing

/// Paths and helpers shared by the suites.
enum TestSupport {
    /// `Tests/PraktikaTests/Fixtures`.
    static let fixtures: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    /// The repository root (for the real `Content/`).
    static let repositoryRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Whether goldens should be rewritten (the run then fails, so a record never passes).
    static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" }

    /// A site written inline: `[path: text]` with `site.yml` added when missing.
    static func load(_ files: [String: String], drafts: Bool = false) -> PortalLoader.Result {
        var all = files
        if all["site.yml"] == nil { all["site.yml"] = "title: Тест\nbase_url: https://example.org/\n" }
        return PortalLoader.load(all.map { SourceFile(path: $0.key, text: $0.value) }, includeDrafts: drafts)
    }

    /// `code file:line:col` of every diagnostic, for compact comparisons.
    static func summary(_ report: DiagnosticReport) -> [String] {
        report.diagnostics.map { "\($0.severity.rawValue)[\($0.code)] \($0.location)" }
    }
}
