/// A date as editors write it: a year alone, or a full `YYYY-MM-DD` day. No time zone, no clock.
///
/// Kept apart from Foundation's `Date` on purpose: a YAML date decodes to midnight UTC there, and any
/// formatter with another zone shifts the day.
public struct CalendarDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The year (1000–9999).
    public var year: Int
    /// The month 1–12, or nil when only the year is known.
    public var month: Int?
    /// The day 1–31, or nil when only the year (or month) is known.
    public var day: Int?

    /// Creates a date, returning nil when the parts do not form a real calendar day.
    public init?(year: Int, month: Int? = nil, day: Int? = nil) {
        guard (1000...9999).contains(year) else { return nil }
        if let month {
            guard (1...12).contains(month) else { return nil }
            if let day {
                guard day >= 1, day <= CalendarDate.daysIn(month: month, year: year) else { return nil }
            }
        } else if day != nil {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `2020`, `2020-11` or `2020-11-06`; nil for anything else or an impossible day.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count),
            parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }),
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } })
        else { return nil }
        let numbers = parts.compactMap { Int($0) }
        self.init(
            year: numbers[0], month: numbers.count > 1 ? numbers[1] : nil,
            day: numbers.count > 2 ? numbers[2] : nil)
    }

    /// Whether day and month are known.
    public var isFullDate: Bool { day != nil }

    /// `2020-11-06`, `2020-11` or `2020`.
    public var description: String {
        var text = String(year)
        if let month { text += "-" + Self.twoDigits(month) }
        if let day { text += "-" + Self.twoDigits(day) }
        return text
    }

    /// Earlier dates first; a year alone sorts before the days of that year.
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month ?? 0, lhs.day ?? 0) < (rhs.year, rhs.month ?? 0, rhs.day ?? 0)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}
