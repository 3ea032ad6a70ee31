import PraktikaModel
import PraktikaText

/// The region tile map: a grid cartogram of the 89 federal subjects, one square each, roughly where the
/// region lies (north up, west left), as inline SVG. Every tile links to its region page and has an
/// accessible name with the count; the colour says how many practices the region has (legend below).
enum TileMap {
    struct Tile: Sendable {
        var code: Int
        var row: Int
        var column: Int
        /// Two or three letters, unique.
        var label: String
    }

    /// Positions by hand, in art. 65 order.
    static let tiles: [Tile] = [
        Tile(code: 1, row: 9, column: 3, label: "АДЫ"),  // Республика Адыгея
        Tile(code: 2, row: 5, column: 12, label: "АЛ"),  // Республика Алтай
        Tile(code: 3, row: 4, column: 9, label: "БАШ"),  // Республика Башкортостан
        Tile(code: 4, row: 2, column: 12, label: "БУР"),  // Республика Бурятия
        Tile(code: 5, row: 10, column: 7, label: "ДАГ"),  // Республика Дагестан
        Tile(code: 6, row: 8, column: 2, label: "ДНР"),  // Донецкая Народная Республика
        Tile(code: 7, row: 10, column: 5, label: "ИНГ"),  // Республика Ингушетия
        Tile(code: 8, row: 10, column: 3, label: "КБР"),  // Кабардино-Балкарская Республика
        Tile(code: 9, row: 8, column: 4, label: "КЛМ"),  // Республика Калмыкия
        Tile(code: 10, row: 10, column: 2, label: "КЧР"),  // Карачаево-Черкесская Республика
        Tile(code: 11, row: 1, column: 3, label: "КАР"),  // Республика Карелия
        Tile(code: 12, row: 1, column: 6, label: "КОМ"),  // Республика Коми
        Tile(code: 13, row: 9, column: 1, label: "КРЫ"),  // Республика Крым
        Tile(code: 14, row: 7, column: 4, label: "ЛНР"),  // Луганская Народная Республика
        Tile(code: 15, row: 3, column: 6, label: "МАР"),  // Республика Марий Эл
        Tile(code: 16, row: 5, column: 6, label: "МОР"),  // Республика Мордовия
        Tile(code: 17, row: 1, column: 12, label: "ЯКУ"),  // Республика Саха (Якутия)
        Tile(code: 18, row: 10, column: 4, label: "СОА"),  // Республика Северная Осетия — Алания
        Tile(code: 19, row: 4, column: 8, label: "ТАТ"),  // Республика Татарстан
        Tile(code: 20, row: 4, column: 13, label: "ТЫВ"),  // Республика Тыва
        Tile(code: 21, row: 3, column: 7, label: "УДМ"),  // Удмуртская Республика
        Tile(code: 22, row: 3, column: 12, label: "ХАК"),  // Республика Хакасия
        Tile(code: 23, row: 10, column: 6, label: "ЧЕЧ"),  // Чеченская Республика
        Tile(code: 24, row: 4, column: 7, label: "ЧУВ"),  // Чувашская Республика
        Tile(code: 25, row: 4, column: 12, label: "АЛТ"),  // Алтайский край
        Tile(code: 26, row: 2, column: 13, label: "ЗАБ"),  // Забайкальский край
        Tile(code: 27, row: 1, column: 16, label: "КАМ"),  // Камчатский край
        Tile(code: 28, row: 9, column: 2, label: "КДР"),  // Краснодарский край
        Tile(code: 29, row: 1, column: 10, label: "КЯР"),  // Красноярский край
        Tile(code: 30, row: 2, column: 6, label: "ПЕР"),  // Пермский край
        Tile(code: 31, row: 3, column: 15, label: "ПРИ"),  // Приморский край
        Tile(code: 32, row: 9, column: 4, label: "СТА"),  // Ставропольский край
        Tile(code: 33, row: 2, column: 15, label: "ХАБ"),  // Хабаровский край
        Tile(code: 34, row: 2, column: 14, label: "АМУ"),  // Амурская область
        Tile(code: 35, row: 1, column: 4, label: "АРХ"),  // Архангельская область
        Tile(code: 36, row: 7, column: 6, label: "АСТ"),  // Астраханская область
        Tile(code: 37, row: 7, column: 2, label: "БЕЛ"),  // Белгородская область
        Tile(code: 38, row: 5, column: 2, label: "БРЯ"),  // Брянская область
        Tile(code: 39, row: 4, column: 4, label: "ВЛА"),  // Владимирская область
        Tile(code: 40, row: 7, column: 5, label: "ВГГ"),  // Волгоградская область
        Tile(code: 41, row: 2, column: 4, label: "ВЛГ"),  // Вологодская область
        Tile(code: 42, row: 7, column: 3, label: "ВОР"),  // Воронежская область
        Tile(code: 43, row: 8, column: 1, label: "ЗАП"),  // Запорожская область
        Tile(code: 44, row: 4, column: 5, label: "ИВА"),  // Ивановская область
        Tile(code: 45, row: 2, column: 10, label: "ИРК"),  // Иркутская область
        Tile(code: 46, row: 4, column: 0, label: "КЛГ"),  // Калининградская область
        Tile(code: 47, row: 5, column: 3, label: "КЛЖ"),  // Калужская область
        Tile(code: 48, row: 3, column: 11, label: "КЕМ"),  // Кемеровская область — Кузбасс
        Tile(code: 49, row: 2, column: 5, label: "КИР"),  // Кировская область
        Tile(code: 50, row: 3, column: 5, label: "КОС"),  // Костромская область
        Tile(code: 51, row: 4, column: 11, label: "КГН"),  // Курганская область
        Tile(code: 52, row: 6, column: 2, label: "КУР"),  // Курская область
        Tile(code: 53, row: 2, column: 3, label: "ЛО"),  // Ленинградская область
        Tile(code: 54, row: 6, column: 5, label: "ЛИП"),  // Липецкая область
        Tile(code: 55, row: 1, column: 15, label: "МАГ"),  // Магаданская область
        Tile(code: 56, row: 5, column: 4, label: "МО"),  // Московская область
        Tile(code: 57, row: 0, column: 4, label: "МУР"),  // Мурманская область
        Tile(code: 58, row: 4, column: 6, label: "НИЖ"),  // Нижегородская область
        Tile(code: 59, row: 3, column: 2, label: "НВГ"),  // Новгородская область
        Tile(code: 60, row: 3, column: 10, label: "НСК"),  // Новосибирская область
        Tile(code: 61, row: 3, column: 9, label: "ОМС"),  // Омская область
        Tile(code: 62, row: 5, column: 9, label: "ОРЕ"),  // Оренбургская область
        Tile(code: 63, row: 6, column: 3, label: "ОРЛ"),  // Орловская область
        Tile(code: 64, row: 6, column: 7, label: "ПЕН"),  // Пензенская область
        Tile(code: 65, row: 3, column: 1, label: "ПСК"),  // Псковская область
        Tile(code: 66, row: 8, column: 3, label: "РОС"),  // Ростовская область
        Tile(code: 67, row: 5, column: 5, label: "РЯЗ"),  // Рязанская область
        Tile(code: 68, row: 5, column: 8, label: "САМ"),  // Самарская область
        Tile(code: 69, row: 6, column: 8, label: "САР"),  // Саратовская область
        Tile(code: 70, row: 2, column: 16, label: "САХ"),  // Сахалинская область
        Tile(code: 71, row: 2, column: 7, label: "СВЕ"),  // Свердловская область
        Tile(code: 72, row: 4, column: 2, label: "СМО"),  // Смоленская область
        Tile(code: 73, row: 6, column: 6, label: "ТАМ"),  // Тамбовская область
        Tile(code: 74, row: 3, column: 3, label: "ТВЕ"),  // Тверская область
        Tile(code: 75, row: 2, column: 9, label: "ТОМ"),  // Томская область
        Tile(code: 76, row: 6, column: 4, label: "ТУЛ"),  // Тульская область
        Tile(code: 77, row: 3, column: 8, label: "ТЮМ"),  // Тюменская область
        Tile(code: 78, row: 5, column: 7, label: "УЛЬ"),  // Ульяновская область
        Tile(code: 79, row: 9, column: 0, label: "ХЕР"),  // Херсонская область
        Tile(code: 80, row: 4, column: 10, label: "ЧЕЛ"),  // Челябинская область
        Tile(code: 81, row: 3, column: 4, label: "ЯРО"),  // Ярославская область
        Tile(code: 82, row: 4, column: 3, label: "МСК"),  // Москва
        Tile(code: 83, row: 2, column: 2, label: "СПБ"),  // Санкт-Петербург
        Tile(code: 84, row: 10, column: 0, label: "СЕВ"),  // Севастополь
        Tile(code: 85, row: 3, column: 14, label: "ЕАО"),  // Еврейская автономная область
        Tile(code: 86, row: 1, column: 5, label: "НАО"),  // Ненецкий автономный округ
        Tile(code: 87, row: 2, column: 8, label: "ХМА"),  // Ханты-Мансийский автономный округ — Югра
        Tile(code: 88, row: 0, column: 17, label: "ЧУК"),  // Чукотский автономный округ
        Tile(code: 89, row: 1, column: 8, label: "ЯНА"),  // Ямало-Ненецкий автономный округ
    ]

    static let columns = 18
    static let rows = 11

    /// The colour class (0–4) of a count: 0 for none, then quarters of the largest count.
    static func level(_ count: Int, maximum: Int) -> Int {
        guard count > 0, maximum > 0 else { return 0 }
        return min(4, max(1, (count * 4 + maximum - 1) / maximum))
    }

    /// The legend's ranges for levels 1–4 («1–3», …), empty ones left out.
    static func legend(maximum: Int) -> [(level: Int, text: String)] {
        guard maximum > 0 else { return [] }
        var ranges: [(Int, String)] = []
        var low = 1
        for level in 1...4 {
            let high = maximum * level / 4
            guard high >= low else { continue }
            ranges.append((level, low == high ? "\(low)" : "\(low)–\(high)"))
            low = high + 1
        }
        return ranges
    }

    /// The SVG: one linked square per region.
    static func svg(counts: [Region.ID: Int], href: (Region) -> String) -> String {
        let size = 40, gap = 4, step = 44
        let maximum = counts.values.max() ?? 0
        let registry = RegionRegistry.shared
        var svg = "<svg class=\"tile-map\" viewBox=\"0 0 \(columns * step - gap) \(rows * step - gap)\" "
        svg += "role=\"group\" aria-label=\"Карта регионов: число практик\" xmlns=\"http://www.w3.org/2000/svg\">"
        for tile in tiles {
            let region = registry[Region.ID(code: tile.code)]
            let count = counts[region.id] ?? 0
            let x = tile.column * step, y = tile.row * step
            let name = "\(region.name): \(count == 0 ? "нет практик" : RussianPlural.practice.phrase(count))"
            svg += "<a class=\"level-\(level(count, maximum: maximum))\" href=\"\(Crawlers.escapeXML(href(region)))\" aria-label=\"\(Crawlers.escapeXML(name))\">"
            svg += "<title>\(Crawlers.escapeXML(name))</title>"
            svg += "<rect class=\"tile tile-\(level(count, maximum: maximum))\" x=\"\(x)\" y=\"\(y)\" width=\"\(size)\" height=\"\(size)\" rx=\"4\"/>"
            svg += "<text class=\"tile-label\" x=\"\(x + size / 2)\" y=\"\(y + size / 2 + 4)\" text-anchor=\"middle\" aria-hidden=\"true\">\(tile.label)</text></a>"
        }
        return svg + "</svg>"
    }
}
