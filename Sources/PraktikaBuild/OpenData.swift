import PraktikaDiagnostics
import PraktikaModel
import PraktikaText

/// Open data under `data/`: practices, regions, awards and forums as JSON and CSV, with a JSON Schema each.
///
/// Each dataset is declared once (columns with types and Russian descriptions, then rows); the JSON, the CSV,
/// the schema and the documentation page `/data/` are all made from that declaration, so they cannot drift.
public enum OpenData {
    /// A column of a dataset.
    public struct Column: Sendable {
        public enum Kind: Sendable { case text, integer, list }
        public var name: String
        public var kind: Kind
        public var nullable: Bool
        public var description: String
        /// The allowed values, for a closed list (status, award level).
        public var allowed: [String]?

        init(_ name: String, _ kind: Kind, nullable: Bool = false, _ description: String, allowed: [String]? = nil) {
            self.name = name
            self.kind = kind
            self.nullable = nullable
            self.description = description
            self.allowed = allowed
        }
    }

    /// A cell.
    public enum Value: Sendable {
        case text(String?)
        case integer(Int?)
        case list([String])
    }

    /// A dataset: `data/<name>.json`, `.csv` and `schema/<name>.schema.json`.
    public struct Dataset: Sendable {
        public var name: String
        public var title: String
        public var columns: [Column]
        /// How many rows `makeRows` gives (the documentation page needs only this).
        public var count: Int
        /// The rows, made when the files are written.
        public var makeRows: @Sendable () -> [[Value]]
    }

    // MARK: - The datasets

    /// All datasets of a site, in the order the documentation page lists them.
    public static func datasets(site: Site, routes: Routes) -> [Dataset] {
        [practices(site, routes), regions(site, routes), awards(site), forums(site, routes)]
    }

    static func practices(_ site: Site, _ routes: Routes) -> Dataset {
        let columns = [
            Column("id", .text, "Идентификатор практики (часть адреса)"),
            Column("title", .text, "Название"),
            Column("url", .text, "Страница практики на портале"),
            Column("region", .text, "Субъект Российской Федерации"),
            Column("region_code", .integer, "Номер субъекта по статье 65 Конституции"),
            Column("district", .text, "Федеральный округ"),
            Column("organization", .text, nullable: true, "Организация, которая реализует практику"),
            Column("started", .integer, nullable: true, "Год начала"),
            Column("status", .text, nullable: true, "Состояние", allowed: PracticeStatus.allCases.map(\.rawValue)),
            Column("topics", .list, "Темы"),
            Column("forums", .list, "Форумы, где практику представляли (идентификаторы форумов)"),
            Column("awards", .list, "Награды: «форум: номинация — уровень»"),
            Column("summary", .text, "Краткое описание"),
        ]
        // By index, field by field: mapping the practices copied each one whole (a dozen retains).
        let rows: @Sendable () -> [[Value]] = { site.practices.indices.map { i -> [Value] in
            let id = site.practices[i].id
            let region = site.regions[site.practices[i].region]
            let awards = (site.awardsByPractice[id] ?? []).map { index -> String in
                let award = site.awards[index]
                let nomination = site.nomination(award.nomination)?.name ?? award.nomination.slug
                return "\(award.forum.slug): \(nomination) — \(award.level.rawValue)"
            }
            return [
                .text(id.slug), .text(site.practices[i].title), .text(routes.absolute(Routes.practice(id))),
                .text(region.name), .integer(region.id.code), .text(region.district.name), .text(site.practices[i].organization),
                .integer(site.practices[i].started), .text(site.practices[i].status?.rawValue),
                .list(site.practices[i].topics.compactMap { site.topic($0)?.name }), .list(site.practices[i].forums.map(\.slug)),
                .list(awards), .text(site.practices[i].meta.description),
            ]
        } }
        return Dataset(name: "practices", title: "Практики", columns: columns, count: site.practices.count, makeRows: rows)
    }

    static func regions(_ site: Site, _ routes: Routes) -> Dataset {
        let columns = [
            Column("code", .integer, "Номер по статье 65 Конституции"),
            Column("name", .text, "Название"),
            Column("kind", .text, "Вид субъекта", allowed: Region.Kind.allCases.map(\.rawValue)),
            Column("district", .text, "Федеральный округ"),
            Column("url", .text, "Страница региона на портале"),
            Column("practices", .integer, "Практик на портале"),
            Column("awards", .integer, "Наград на форумах"),
            Column("news", .integer, "Новостей"),
        ]
        let rows: @Sendable () -> [[Value]] = { site.regions.all.map { region -> [Value] in
            [.integer(region.id.code), .text(region.name), .text(region.kind.rawValue), .text(region.district.name),
             .text(routes.absolute(Routes.region(region))), .integer(site.practicesByRegion[region.id]?.count ?? 0),
             .integer(site.awardsByRegion[region.id]?.count ?? 0), .integer(site.newsByRegion[region.id]?.count ?? 0)]
        } }
        return Dataset(name: "regions", title: "Регионы", columns: columns, count: site.regions.all.count, makeRows: rows)
    }

    static func awards(_ site: Site) -> Dataset {
        let columns = [
            Column("forum", .text, "Идентификатор форума"),
            Column("forum_title", .text, "Название форума"),
            Column("nomination", .text, "Номинация"),
            Column("region", .text, "Регион, получивший награду"),
            Column("region_code", .integer, "Номер региона по статье 65 Конституции"),
            Column("level", .text, "Уровень награды", allowed: AwardLevel.allCases.map(\.rawValue)),
            Column("practice", .text, nullable: true, "Идентификатор практики, если источник её называет"),
            Column("note", .text, nullable: true, "Примечание, как в источнике"),
        ]
        let rows: @Sendable () -> [[Value]] = { site.awards.map { award -> [Value] in
            let region = site.regions[award.region]
            return [.text(award.forum.slug), .text(site.forum(award.forum)?.title ?? award.forum.slug),
                    .text(site.nomination(award.nomination)?.name ?? award.nomination.slug), .text(region.name),
                    .integer(region.id.code), .text(award.level.rawValue), .text(award.practice?.slug), .text(award.note)]
        } }
        return Dataset(name: "awards", title: "Награды", columns: columns, count: site.awards.count, makeRows: rows)
    }

    static func forums(_ site: Site, _ routes: Routes) -> Dataset {
        let columns = [
            Column("id", .text, "Идентификатор форума (часть адреса)"),
            Column("title", .text, "Название"),
            Column("url", .text, "Страница форума на портале"),
            Column("edition", .integer, nullable: true, "Номер форума"),
            Column("start", .text, nullable: true, "Начало: ГГГГ-ММ-ДД, ГГГГ-ММ или ГГГГ"),
            Column("end", .text, nullable: true, "Окончание, в том же виде"),
            Column("format", .text, nullable: true, "Формат", allowed: ForumFormat.allCases.map(\.rawValue)),
            Column("city", .text, nullable: true, "Город"),
            Column("organizer", .text, nullable: true, "Организатор"),
            Column("participants", .integer, nullable: true, "Число участников, как в источнике"),
            Column("regions_count", .integer, nullable: true, "Число регионов-участников, как в источнике"),
            Column("awards", .integer, "Наград на портале"),
        ]
        let rows: @Sendable () -> [[Value]] = { site.forums.map { forum -> [Value] in
            [.text(forum.id.slug), .text(forum.title), .text(routes.absolute(Routes.forum(forum.id))),
             .integer(forum.edition), .text(forum.start?.description), .text(forum.end?.description),
             .text(forum.format?.rawValue), .text(forum.city), .text(forum.organizer), .integer(forum.participants),
             .integer(forum.regionsCount), .integer(site.awardsByForum[forum.id]?.count ?? 0)]
        } }
        return Dataset(name: "forums", title: "Форумы", columns: columns, count: site.forums.count, makeRows: rows)
    }

    // MARK: - Files

    /// `data/<name>.json`, `data/<name>.csv` and `data/schema/<name>.schema.json` for every dataset, sorted by path.
    public static func files(_ datasets: [Dataset], routes: Routes, jobs: Int? = nil) -> [(path: String, bytes: [UInt8])] {
        let collected = CollectedFiles()
        write(datasets, routes: routes, jobs: jobs) { collected.add($0, $1) }
        return collected.sortedByPath()
    }

    /// Makes the files of every dataset and hands each to `sink` as soon as it is made. The JSON and the CSV
    /// of a dataset are made side by side (the practices are most of the work).
    public static func write(_ datasets: [Dataset], routes: Routes, jobs: Int? = nil, to sink: FileSink) {
        let rows = concurrentMap(datasets, jobs: jobs) { $0.makeRows() }
        let work = datasets.indices.flatMap { d in [(d, 0), (d, 1), (d, 2)] }
        _ = concurrentMap(work, jobs: jobs) { d, format in
            let dataset = datasets[d]
            switch format {
            case 0: sink("data/\(dataset.name).json", json(dataset.columns, rows[d]))
            case 1: sink("data/\(dataset.name).csv", csv(dataset.columns, rows[d]))
            default: sink("data/schema/\(dataset.name).schema.json", Array(schema(dataset, routes: routes).utf8))
            }
        }
    }

    /// An array of objects, one per row, one line per row. Built as bytes: a big site has tens of
    /// thousands of rows, and joining small strings was most of the cost.
    static func json(_ columns: [Column], _ rows: [[Value]]) -> [UInt8] {
        let keys = columns.map { Array((JSONText.quote($0.name) + ":").utf8) }
        var out: [UInt8] = Array("[\n".utf8)
        for (r, row) in rows.enumerated() {
            if r > 0 { out.append(contentsOf: [0x2C, 0x0A]) }  // ,\n
            out.append(0x7B)  // {
            for (c, value) in row.enumerated() where c < keys.count {
                if c > 0 { out.append(0x2C) }
                out.append(contentsOf: keys[c])
                switch value {
                case .text(let text):
                    if let text { JSONText.appendQuoted(text, to: &out) } else { out.append(contentsOf: "null".utf8) }
                case .integer(let number):
                    out.append(contentsOf: (number.map(String.init) ?? "null").utf8)
                case .list(let items):
                    out.append(0x5B)  // [
                    for (i, item) in items.enumerated() {
                        if i > 0 { out.append(0x2C) }
                        JSONText.appendQuoted(item, to: &out)
                    }
                    out.append(0x5D)  // ]
                }
            }
            out.append(0x7D)  // }
        }
        out.append(contentsOf: (rows.isEmpty ? "]\n" : "\n]\n").utf8)
        return out
    }

    /// RFC 4180 CSV (UTF-8, CRLF), lists joined with «; ». A cell that a spreadsheet would run as a
    /// formula (`=`, `+`, `-`, `@` first) gets a leading apostrophe.
    static func csv(_ columns: [Column], _ rows: [[Value]]) -> [UInt8] {
        var out: [UInt8] = []
        for (i, column) in columns.enumerated() {
            if i > 0 { out.append(0x2C) }
            appendCSVCell(column.name, to: &out)
        }
        out.append(contentsOf: [0x0D, 0x0A])
        for row in rows {
            for (i, value) in row.enumerated() {
                if i > 0 { out.append(0x2C) }
                switch value {
                case .text(let text): appendCSVCell(text ?? "", to: &out)
                case .integer(let number): if let number { out.append(contentsOf: String(number).utf8) }
                case .list(let items): appendCSVCell(items.joined(separator: "; "), to: &out)
                }
            }
            out.append(contentsOf: [0x0D, 0x0A])
        }
        return out
    }

    public static func csvCell(_ text: String) -> String {
        var out: [UInt8] = []
        appendCSVCell(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one cell. = + - @ TAB CR first: a spreadsheet would run the cell as a formula, so it gets a
    /// leading apostrophe. , " LF CR ; anywhere: the cell is quoted, its quotes doubled.
    static func appendCSVCell(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { cell in
            let formula = cell.first.map { $0 == 0x3D || $0 == 0x2B || $0 == 0x2D || $0 == 0x40 || $0 == 0x09 || $0 == 0x0D } ?? false
            let quoted = cell.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D || $0 == 0x3B }
            if quoted { out.append(0x22) }
            if formula { out.append(0x27) }
            if quoted {
                // Runs between quotes copied whole (byte by byte, the quoted cells — most descriptions have a
                // comma — were most of the CSV's cost), each quote doubled.
                var start = 0
                for i in cell.indices where cell[i] == 0x22 {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: cell[start...i]))
                    out.append(0x22)
                    start = i + 1
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: cell[start...]))
                out.append(0x22)
            } else {
                out.append(contentsOf: cell)
            }
        }
    }

    /// A JSON Schema (2020-12) for the JSON file: an array of objects with exactly these keys.
    static func schema(_ dataset: Dataset, routes: Routes) -> String {
        let properties = dataset.columns.map { column -> String in
            var type: String
            switch column.kind {
            case .text: type = #""type":"# + (column.nullable ? #"["string","null"]"# : #""string""#)
            case .integer: type = #""type":"# + (column.nullable ? #"["integer","null"]"# : #""integer""#)
            case .list: type = #""type":"array","items":{"type":"string"}"#
            }
            if let allowed = column.allowed {
                type += ",\"enum\":[" + (allowed.map(JSONText.quote) + (column.nullable ? ["null"] : [])).joined(separator: ",") + "]"
            }
            return "    " + JSONText.quote(column.name) + ":{" + type + ",\"description\":" + JSONText.quote(column.description) + "}"
        }
        return """
        {
          "$schema":"https://json-schema.org/draft/2020-12/schema",
          "$id":\(JSONText.quote(routes.absolute("/data/schema/\(dataset.name).schema.json"))),
          "title":\(JSONText.quote(dataset.title)),
          "type":"array",
          "items":{
            "type":"object",
            "additionalProperties":false,
            "required":[\(dataset.columns.map { JSONText.quote($0.name) }.joined(separator: ","))],
            "properties":{
        \(properties.joined(separator: ",\n"))
            }
          }
        }

        """
    }
}
