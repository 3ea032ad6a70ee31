/// The eight federal districts of the Russian Federation.
public enum FederalDistrict: String, CaseIterable, Sendable, Hashable, Comparable {
    case central, northwestern, southern, northCaucasian, volga, ural, siberian, farEastern

    /// The full name: «Центральный федеральный округ».
    public var name: String {
        switch self {
        case .central: "Центральный федеральный округ"
        case .northwestern: "Северо-Западный федеральный округ"
        case .southern: "Южный федеральный округ"
        case .northCaucasian: "Северо-Кавказский федеральный округ"
        case .volga: "Приволжский федеральный округ"
        case .ural: "Уральский федеральный округ"
        case .siberian: "Сибирский федеральный округ"
        case .farEastern: "Дальневосточный федеральный округ"
        }
    }

    /// The abbreviation: ЦФО, СЗФО, …
    public var abbreviation: String {
        switch self {
        case .central: "ЦФО"
        case .northwestern: "СЗФО"
        case .southern: "ЮФО"
        case .northCaucasian: "СКФО"
        case .volga: "ПФО"
        case .ural: "УФО"
        case .siberian: "СФО"
        case .farEastern: "ДФО"
        }
    }

    /// The URL slug, transliterated from the adjective: `tsentralnyy`, `severo-zapadnyy`, …
    public var slug: String {
        switch self {
        case .central: "tsentralnyy"
        case .northwestern: "severo-zapadnyy"
        case .southern: "yuzhnyy"
        case .northCaucasian: "severo-kavkazskiy"
        case .volga: "privolzhskiy"
        case .ural: "uralskiy"
        case .siberian: "sibirskiy"
        case .farEastern: "dalnevostochnyy"
        }
    }

    /// The official order (the one of the presidential decree), used for listings.
    public var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: FederalDistrict, rhs: FederalDistrict) -> Bool { lhs.order < rhs.order }
}
