import Foundation
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import PraktikaText

/// The URL scheme of the portal: pretty URLs, every page a folder with `index.html`.
///
/// Routes are site-absolute paths (`/practices/x/`); `href` prefixes the base path of `base_url`
/// so a portal served from `https://host/portal/` links correctly.
public struct Routes: Sendable {
    /// The path part of `base_url`, with leading and trailing `/` (`/` or `/portal/`).
    public let basePath: String
    /// `base_url` without its trailing slash.
    private let origin: String

    /// Routes for a site configuration.
    public init(config: SiteConfig) {
        var url = config.baseURL
        if url.hasSuffix("/") { url.removeLast() }
        origin = url
        basePath = config.basePath
    }

    // MARK: - Routes

    public static let home = "/"
    public static let practices = "/practices/"
    public static let regions = "/regions/"
    public static let districts = "/districts/"
    public static let nominations = "/nominations/"
    public static let forums = "/forums/"
    public static let topics = "/topics/"
    public static let news = "/news/"
    public static let search = "/search/"
    public static let data = "/data/"
    public static let stats = "/stats/"

    public static func practice(_ id: Practice.ID) -> String { "/practices/\(id.slug)/" }
    public static func region(_ region: Region) -> String { "/regions/\(region.slug)/" }
    public static func district(_ district: FederalDistrict) -> String { "/districts/\(district.slug)/" }
    public static func nomination(_ id: Nomination.ID) -> String { "/nominations/\(id.slug)/" }
    public static func forum(_ id: Forum.ID) -> String { "/forums/\(id.slug)/" }
    public static func topic(_ id: Topic.ID) -> String { "/topics/\(id.slug)/" }
    public static func newsItem(_ id: News.ID) -> String { "/news/\(id.slug)/" }
    public static func page(_ id: Page.ID) -> String { "/\(id.slug)/" }

    /// Page `n` (1-based) of a paginated listing at `route`.
    public static func paginated(_ route: String, page: Int) -> String {
        page <= 1 ? route : "\(route)page/\(page)/"
    }

    // MARK: - Turning routes into links and files

    /// The link to a route from any page (`/portal/practices/x/`).
    public func href(_ route: String) -> String {
        basePath + route.dropFirst()
    }

    /// The absolute URL (for canonical links and Open Graph).
    public func absolute(_ route: String) -> String {
        origin + route
    }

    /// The file a route is written to, relative to the output folder.
    public static func outputPath(_ route: String) -> String {
        if route.hasSuffix(".html") { return String(route.dropFirst()) }
        return String(route.dropFirst()) + "index.html"
    }
}
