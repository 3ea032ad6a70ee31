/// Russian plural forms: 1 практика, 2 практики, 5 практик, 11 практик, 21 практика.
public struct RussianPlural: Sendable, Hashable {
    /// The form after 1, 21, 31… (практика).
    public var one: String
    /// The form after 2–4, 22–24… (практики).
    public var few: String
    /// The form after 0, 5–20, 25–30… (практик).
    public var many: String

    /// Creates the three forms of a noun.
    public init(_ one: String, _ few: String, _ many: String) {
        self.one = one
        self.few = few
        self.many = many
    }

    /// The form that goes with `count`.
    public func form(for count: Int) -> String {
        let n = abs(count)
        let lastTwo = n % 100
        let last = n % 10
        if (11...14).contains(lastTwo) { return many }
        if last == 1 { return one }
        if (2...4).contains(last) { return few }
        return many
    }

    /// `count` and its form with a no-break space between: «3 практики».
    public func phrase(_ count: Int) -> String {
        "\(count)\u{00A0}\(form(for: count))"
    }

    // MARK: - Nouns the portal needs

    /// практика / практики / практик
    public static let practice = RussianPlural("практика", "практики", "практик")
    /// регион / региона / регионов
    public static let region = RussianPlural("регион", "региона", "регионов")
    /// форум / форума / форумов
    public static let forum = RussianPlural("форум", "форума", "форумов")
    /// номинация / номинации / номинаций
    public static let nomination = RussianPlural("номинация", "номинации", "номинаций")
    /// награда / награды / наград
    public static let award = RussianPlural("награда", "награды", "наград")
    /// новость / новости / новостей
    public static let news = RussianPlural("новость", "новости", "новостей")
    /// участник / участника / участников
    public static let participant = RussianPlural("участник", "участника", "участников")
    /// файл / файла / файлов
    public static let file = RussianPlural("файл", "файла", "файлов")
    /// страница / страницы / страниц
    public static let page = RussianPlural("страница", "страницы", "страниц")
    /// субъект / субъекта / субъектов
    public static let subject = RussianPlural("субъект", "субъекта", "субъектов")
    /// «1 запись, 2 записи, 5 записей»
    public static let record = RussianPlural("запись", "записи", "записей")
}
