import PraktikaModel
import PraktikaText

/// `sitemap.xml` and `robots.txt`: every page for search engines, with absolute URLs from `base_url`.
enum Crawlers {
    /// The sitemap of every planned HTML page but the 404 page, in route order.
    static func sitemap(_ pages: [PlannedPage], routes: Routes) -> [UInt8] {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        let listed = pages.map(\.route).filter { $0 != "/404.html" }
            .sorted { $0.precedesInCodePointOrder($1) }
        for route in listed {
            xml += "  <url><loc>\(escapeXML(routes.absolute(route)))</loc></url>\n"
        }
        xml += "</urlset>\n"
        return Array(xml.utf8)
    }

    /// Allows everything and points at the sitemap.
    static func robots(routes: Routes) -> [UInt8] {
        Array("User-agent: *\nAllow: /\n\nSitemap: \(routes.absolute("/sitemap.xml"))\n".utf8)
    }

    /// Text safe inside XML elements and attributes.
    static func escapeXML(_ text: String) -> String { HTMLEscaper.escapeXML(text) }
}
