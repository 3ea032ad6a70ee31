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

    /// A new empty temporary folder.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "praktika-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A writable copy of a fixture site (without its expected output).
    static func copyOfFixture(_ name: String) -> String {
        let root = temporaryDirectory() + "/" + name
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try? FileManager.default.copyItem(atPath: fixtures + "/" + name + "/Content", toPath: root + "/Content")
        return root
    }

    /// Every file under `directory`: relative path → bytes.
    static func tree(_ directory: String) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return files }
        for case let path as String in enumerator {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory)
            if !isDirectory.boolValue {
                files[path] = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + path)))
            }
        }
        return files
    }

    /// The values of every `name="…"` attribute in `html`.
    static func attributeValues(_ name: String, in html: String) -> [String] {
        html.components(separatedBy: "\(name)=\"").dropFirst().compactMap { $0.split(separator: "\"", maxSplits: 1).first.map(String.init) }
    }

    /// The text between two markers.
    static func between(_ start: String, _ end: String, in text: String) -> String? {
        guard let a = text.range(of: start), let b = text.range(of: end, range: a.upperBound..<text.endIndex) else { return nil }
        return String(text[a.upperBound..<b.lowerBound])
    }

    /// A site root on disk written from `[path under Content/: text]`, with `site.yml` added when
    /// missing and, when `theme` is set, a copy of the default theme.
    static func writeSite(_ files: [String: String], theme: Bool = false) -> String {
        let root = temporaryDirectory()
        var all = files
        if all["site.yml"] == nil { all["site.yml"] = "title: Тест\nbase_url: https://example.org/\n" }
        for (path, text) in all {
            let full = root + "/Content/" + path
            try? FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        if theme {
            try? FileManager.default.copyItem(atPath: repositoryRoot + "/Templates", toPath: root + "/Templates")
        }
        return root
    }
}
