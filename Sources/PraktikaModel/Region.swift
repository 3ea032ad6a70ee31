import PraktikaText

/// A federal subject of the Russian Federation, one of the 89 of art. 65 of the Constitution.
public struct Region: Sendable, Hashable, Identifiable, Comparable {
    /// The region's stable number: its position in the list of art. 65, part 1, of the Constitution
    /// of the Russian Federation as amended in 2022 (republics, krais, oblasts, federal cities, the
    /// autonomous oblast, autonomous okrugs; alphabetical within each kind), 1…89.
    public struct ID: Hashable, Sendable, Comparable, CustomStringConvertible {
        /// 1…89.
        public let code: Int
        /// Wraps a code.
        public init(code: Int) { self.code = code }
        public static func < (lhs: ID, rhs: ID) -> Bool { lhs.code < rhs.code }
        public var description: String { String(code) }
    }

    /// What kind of subject it is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case republic = "республика"
        case krai = "край"
        case oblast = "область"
        case federalCity = "город федерального значения"
        case autonomousOblast = "автономная область"
        case autonomousOkrug = "автономный округ"
    }

    /// The number in art. 65 (see `ID`).
    public let id: ID
    /// The official name: «Тюменская область», «Республика Саха (Якутия)», «Москва».
    public let name: String
    /// Republic, krai, oblast…
    public let kind: Kind
    /// Its federal district.
    public let district: FederalDistrict
    /// The URL slug: `tyumenskaya-oblast`.
    public let slug: String
    /// The genitive: «Тюменской области».
    public let genitive: String
    /// The prepositional with its preposition: «в Тюменской области», «во Владимирской области».
    public let inPhrase: String
    /// Other names editors write: «Тюменская обл.», «Якутия», «ХМАО».
    public let aliases: [String]

    public static func < (lhs: Region, rhs: Region) -> Bool { lhs.id < rhs.id }
}
