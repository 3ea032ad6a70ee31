import Foundation
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import PraktikaText

/// Where a site's parts are on disk.
///
/// A site root holds `Content/` (with `site.yml`) and `Templates/`; a bare content folder (such as
/// the benchmark corpus, with `site.yml` at its top) is its own content folder.
public struct SiteLayout: Sendable, Hashable {
    /// The site root, absolute.
    public var root: String
    /// The content folder, absolute.
    public var content: String
    /// The theme folder, absolute.
    public var templates: String

    /// Works out the layout of `root`, optionally with another theme folder.
    public init(root: String, templates: String? = nil) {
        let absolute = Self.absolute(root)
        self.root = absolute
        var isDirectory: ObjCBool = false
        let contentDir = absolute + "/Content"
        if FileManager.default.fileExists(atPath: contentDir, isDirectory: &isDirectory), isDirectory.boolValue {
            content = contentDir
        } else {
            content = absolute
        }
        self.templates = templates.map(Self.absolute) ?? absolute + "/Templates"
    }

    /// The path made absolute against the working directory, without a trailing slash.
    public static func absolute(_ path: String) -> String {
        var result = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        result = URL(fileURLWithPath: result).standardizedFileURL.path
        while result.count > 1 && result.hasSuffix("/") { result.removeLast() }
        return result
    }
}
