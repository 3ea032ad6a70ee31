import Foundation
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaText

/// A slug-based identifier, distinct per kind so a forum slug can never stand for a practice.
public struct SlugID<Kind>: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The URL slug (`[a-z0-9-]+`).
    public let slug: String
    /// FNV-1a of the slug's bytes, computed once: IDs are looked up far more often than made (a practice's
    /// position, topics and forums for every card and page), and hashing a 40-byte slug with SipHash on every
    /// lookup cost ~700 instructions.
    private let code: UInt64

    /// Wraps a slug.
    public init(_ slug: String) {
        self.slug = slug
        code = slug.fnv1a
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code && lhs.slug == rhs.slug }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.slug.precedesInCodePointOrder(rhs.slug)
    }
    public var description: String { slug }
}

/// Fields every content file has.
public struct ContentMeta: Sendable, Hashable {
    /// The file, relative to the content folder.
    public var file: String
    /// An editor-written summary for listings and meta descriptions.
    public var summary: String?
    /// Where the information comes from (a URL).
    public var sourceURL: String?
    /// Drafts are built only with `--drafts`.
    public var isDraft: Bool
    /// The parsed body.
    public var body: RenderedMarkdown

    /// Creates metadata.
    public init(file: String, summary: String? = nil, sourceURL: String? = nil, isDraft: Bool = false,
                body: RenderedMarkdown) {
        self.file = file
        self.summary = summary
        self.sourceURL = sourceURL
        self.isDraft = isDraft
        self.body = body
    }

    /// The summary, or the first paragraph of the body.
    public var description: String { summary ?? body.excerptText }
}

/// The award levels used at the Fund's forums.
public enum AwardLevel: String, Sendable, Hashable, CaseIterable, Comparable {
    case winner = "победитель"
    case leader = "лидер"
    case diploma = "диплом"
    case laureate = "лауреат"

    /// The order in result tables: winners first.
    public var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: AwardLevel, rhs: AwardLevel) -> Bool { lhs.rank < rhs.rank }
}

/// How a forum was held.
public enum ForumFormat: String, Sendable, Hashable, CaseIterable {
    case inPerson = "очный"
    case online = "онлайн"
    case mixed = "смешанный"
}

/// Whether a practice is still running.
public enum PracticeStatus: String, Sendable, Hashable, CaseIterable {
    case active = "действует"
    case finished = "завершена"
}

/// A nomination in which awards are given («Ценю жизнь»).
public struct Nomination: Sendable, Hashable, Identifiable {
    public typealias ID = SlugID<Nomination>
    /// The slug of its name.
    public var id: ID
    /// The name as written.
    public var name: String
    /// A description from `nominations.yml`, when given.
    public var description: String?
    /// Where it is described, when it is.
    public var location: SourceLocation?
}

/// A topic of practices («ранняя помощь»).
public struct Topic: Sendable, Hashable, Identifiable {
    public typealias ID = SlugID<Topic>
    /// The slug of its name.
    public var id: ID
    /// The name as first written.
    public var name: String
}

/// An award given at a forum in a nomination to a region, and possibly for one practice.
public struct Award: Sendable, Hashable {
    /// The forum that gave it.
    public var forum: Forum.ID
    /// The nomination.
    public var nomination: Nomination.ID
    /// The region that received it.
    public var region: Region.ID
    /// Winner, leader, diploma or laureate.
    public var level: AwardLevel
    /// The practice it was given for, when the source names one.
    public var practice: Practice.ID?
    /// A note as reported («диплом профессионального признания»).
    public var note: String?
    /// Where it is written.
    public var location: SourceLocation
}

/// A forum where practices are presented and awards given.
public struct Forum: Sendable, Hashable, Identifiable {
    public typealias ID = SlugID<Forum>
    public var id: ID
    public var title: String
    public var shortTitle: String?
    public var edition: Int?
    /// The first day, or the year alone, or nil when not known.
    public var start: CalendarDate?
    public var end: CalendarDate?
    public var format: ForumFormat?
    public var city: String?
    public var venue: String?
    public var organizer: String?
    public var participants: Int?
    public var regionsCount: Int?
    public var awards: [Award]
    public var meta: ContentMeta
}

/// A practice: one region's way of supporting children and families.
public struct Practice: Sendable, Hashable, Identifiable {
    public typealias ID = SlugID<Practice>
    public var id: ID
    public var title: String
    public var region: Region.ID
    public var organization: String?
    public var forums: [Forum.ID]
    public var started: Int?
    public var status: PracticeStatus?
    public var topics: [Topic.ID]
    /// The day the practice was added to the portal (`added:`), for the feed of new practices; nil if not given.
    public var added: CalendarDate?
    public var meta: ContentMeta
}

/// A news item.
public struct News: Sendable, Hashable, Identifiable {
    public typealias ID = SlugID<News>
    public var id: ID
    public var title: String
    /// The date, or nil when the source gives none.
    public var date: CalendarDate?
    public var regions: [Region.ID]
    public var forum: Forum.ID?
    /// The source's name («Департамент социального развития Тюменской области»).
    public var source: String?
    public var meta: ContentMeta
}

/// A free page («О портале»).
public struct Page: Sendable, Hashable, Identifiable {
    public typealias ID = SlugID<Page>
    public var id: ID
    public var title: String
    /// Its position in the footer menu (lower first), nil to leave it out.
    public var menuOrder: Int?
    public var meta: ContentMeta
}

/// `site.yml`.
public struct SiteConfig: Sendable, Hashable {
    /// The portal's name.
    public var title: String
    /// The public address, always ending in `/`.
    public var baseURL: String
    /// The language code (`ru`).
    public var language: String
    /// One sentence on the portal, for the home page and meta description.
    public var description: String?
    /// Let raw HTML in Markdown through (off by default).
    public var allowsRawHTML: Bool
    /// Russian typography in Markdown text (on by default; `typography: false` turns it off).
    public var typography: Bool

    /// The path part of `baseURL`, with leading and trailing `/` (`/` or `/portal/`).
    public var basePath: String {
        var url = Substring(baseURL)
        if let scheme = url.range(of: "://") {
            url = url[scheme.upperBound...]
            guard let slash = url.firstIndex(of: "/") else { return "/" }
            url = url[slash...]
        }
        var path = String(url)
        if !path.hasPrefix("/") { path = "/" + path }
        if !path.hasSuffix("/") { path += "/" }
        return path
    }

    /// Creates a configuration.
    public init(title: String, baseURL: String, language: String = "ru", description: String? = nil,
                allowsRawHTML: Bool = false, typography: Bool = true) {
        self.typography = typography
        self.title = title
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.language = language
        self.description = description
        self.allowsRawHTML = allowsRawHTML
    }
}
