/// Russian dates for page text: «6 ноября 2020 г.», «6–13 ноября 2020 г.», «2020 г.».
///
/// Written by hand instead of with `DateFormatter`: the output must not depend on ICU's version
/// (which picks U+202F before «г.» and an em dash in ranges) and formatting must cost nothing.
public enum RussianDateFormat {
    /// Month names in the genitive, as they stand after a day number.
    public static let genitiveMonths = [
        "января", "февраля", "марта", "апреля", "мая", "июня",
        "июля", "августа", "сентября", "октября", "ноября", "декабря",
    ]
    /// Month names in the nominative, as they stand alone («ноябрь 2020 г.»).
    public static let nominativeMonths = [
        "январь", "февраль", "март", "апрель", "май", "июнь",
        "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
    ]

    private static let nbsp = "\u{00A0}"

    /// «6 ноября 2020 г.», «ноябрь 2020 г.» or «2020 г.» (no-break spaces inside).
    public static func format(_ date: CalendarDate) -> String {
        "\(dayAndMonth(date))\(date.month == nil ? "" : nbsp)\(date.year)\(nbsp)г."
    }

    /// A range in the shortest correct form.
    ///
    /// «6–13 ноября 2020 г.», «30 октября – 2 ноября 2020 г.», «30 декабря 2020 г. – 2 января 2021 г.»;
    /// a single date when both ends are the same or the end is missing.
    public static func format(from start: CalendarDate, to end: CalendarDate?) -> String {
        guard let end, end != start else { return format(start) }
        guard let sm = start.month, let em = end.month, start.day != nil, end.day != nil,
            start.year == end.year
        else {
            if start.year == end.year && start.month == nil && end.month == nil { return format(start) }
            return "\(format(start)) – \(format(end))"
        }
        if sm == em, let sd = start.day, let ed = end.day {
            return "\(sd)–\(ed)\(nbsp)\(genitiveMonths[sm - 1])\(nbsp)\(start.year)\(nbsp)г."
        }
        return "\(dayAndMonth(start)) – \(dayAndMonth(end))\(nbsp)\(end.year)\(nbsp)г."
    }

    private static func dayAndMonth(_ date: CalendarDate) -> String {
        guard let month = date.month else { return "" }
        guard let day = date.day else { return nominativeMonths[month - 1] }
        return "\(day)\(nbsp)\(genitiveMonths[month - 1])"
    }
}
