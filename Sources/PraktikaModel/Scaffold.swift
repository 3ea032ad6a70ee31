import PraktikaDiagnostics
import PraktikaText

/// `praktika new`: the text of a new content file with the right front matter, and where it goes.
///
/// Pure: the command line writes the file (refusing to overwrite). Nothing is invented: a news item without
/// `--date` gets a commented-out `date:` line to fill in from the source.
public enum Scaffold {
    /// What to create.
    public enum Kind: String, CaseIterable, Sendable {
        case practice, forum, news
    }

    /// A file to write: its path under `Content/` and its text.
    public struct File: Sendable, Equatable {
        public var path: String
        public var text: String
    }

    /// The file for a new practice, forum or news item.
    /// - Throws: A `Diagnostic` for an empty title, a title with no letters, a missing or unknown region.
    public static func make(_ kind: Kind, title: String, region: String? = nil, date: String? = nil) throws(Diagnostic) -> File {
        let title = title.trimmingSpaces
        let location = SourceLocation(file: "praktika new \(kind.rawValue)")
        guard !title.isEmpty else {
            throw .error("empty-title", at: location, "пустое название", suggestion: "укажите название в кавычках")
        }
        let slug = Slug.make(title)
        guard !slug.isEmpty else {
            throw .error("invalid-slug", at: location, "из названия «\(title)» не получается адрес",
                         suggestion: "в названии должны быть буквы или цифры")
        }
        var resolved: Region?
        if let region {
            guard let found = RegionRegistry.shared.region(named: region) else {
                let hint = RegionRegistry.shared.suggestion(for: region).map { "возможно, вы имели в виду «\($0.name)»?" }
                throw .error("unknown-region", at: location, "неизвестный регион «\(region)»",
                             suggestion: hint ?? "список регионов: praktika regions")
            }
            resolved = found
        }
        var day: CalendarDate?
        if let date {
            guard let parsed = CalendarDate(iso: date) else {
                throw .error("invalid-date", at: location, "дата «\(date)» не в виде ГГГГ-ММ-ДД", suggestion: "например, 2024-05-17")
            }
            day = parsed
        }

        var lines = ["---", "title: \(yamlQuoted(title))"]
        switch kind {
        case .practice:
            guard let resolved else {
                throw .error("missing-region", at: location, "у практики должен быть регион",
                             suggestion: "добавьте --region \"Тюменская область\"")
            }
            lines += [
                "region: \(resolved.name)",
                "# organization: Организация, которая реализует практику",
                "# started: 2020",
                "# status: действует",
                "# forums: [идентификатор-форума]",
                "# topics: [тема]",
                "# summary: Одно-два предложения для списков и поисковиков.",
                "# source_url: https://…",
            ]
        case .forum:
            lines += [
                "# short_title: Короткое название",
                "# edition: 12",
                "# start: ГГГГ-ММ-ДД",
                "# end: ГГГГ-ММ-ДД",
                "# format: очный",
                resolved.map { "# city: \($0.name)" } ?? "# city: Город",
                "# organizer: Организатор",
                "# summary: Одно-два предложения для списков и поисковиков.",
            ]
        case .news:
            lines.append(day.map { "date: \($0)" } ?? "# date: ГГГГ-ММ-ДД — дата из источника; без неё новость останется без даты")
            lines.append(resolved.map { "regions: [\($0.name)]" } ?? "# regions: [Регион]")
            lines += ["# forum: идентификатор-форума", "# source: Кто сообщил", "# summary: Одно-два предложения."]
        }
        lines += ["---", "", "Текст в Markdown. Пишите только то, что сказано в источнике, своими словами.", "",
                  "Источник: …", ""]
        let folder = switch kind {
        case .practice: "practices"
        case .forum: "forums"
        case .news: "news"
        }
        let name = kind == .news && day != nil ? "\(day!)-\(slug)" : slug
        return File(path: "\(folder)/\(name).md", text: lines.joined(separator: "\n"))
    }

    /// A YAML double-quoted scalar.
    static func yamlQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
