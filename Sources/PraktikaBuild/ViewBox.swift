import Mustache
import PraktikaText
import Synchronization

/// A view-model value sorted by kind once, when the view model is wrapped for rendering, so that the template
/// engine switches on a tag instead of casting `Any` on every lookup.
enum ViewValue: @unchecked Sendable {
    case string(String)
    /// Text given as UTF-8 bytes (a body's HTML): rendered like a string. View models use `[UInt8]` only
    /// for text, never as a list of numbers.
    case utf8([UInt8])
    case bool(Bool)
    case int(Int)
    case box(ViewBox)
    /// A list: its items, and the list as swift-mustache sees it (dictionaries wrapped in `ViewBox`es).
    case list(ViewList)
    /// Anything else (never built by the view models; handled the way swift-mustache does).
    case other(ViewOther)

    init(_ value: Any) {
        // The view models hold exactly these types: compare the dynamic type once, then take the value
        // out with a cast that matches at once. A `case let x as T` chain pays for every failed cast
        // (a dictionary went through three), which was a sixth of the render stage.
        let type = ObjectIdentifier(Swift.type(of: value))
        if type == Self.stringType { self = .string(value as! String); return }
        if type == Self.contextType { self = .box(ViewBox(value as! [String: Any])); return }
        if type == Self.boolType { self = .bool(value as! Bool); return }
        if type == Self.contextListType {
            let boxes = (value as! [[String: Any]]).map(ViewBox.init)
            self = .list(ViewList(items: boxes.map(ViewValue.box), wrapped: boxes))
            return
        }
        if type == Self.intType { self = .int(value as! Int); return }
        if type == Self.bytesType { self = .utf8(value as! [UInt8]); return }
        // A part wrapped once and shared by many pages (the navigation, the footer).
        if type == Self.wrappedType { self = value as! ViewValue; return }
        self.init(slowly: value)
    }

    private static let stringType = ObjectIdentifier(String.self)
    private static let boolType = ObjectIdentifier(Bool.self)
    private static let intType = ObjectIdentifier(Int.self)
    private static let bytesType = ObjectIdentifier([UInt8].self)
    private static let wrappedType = ObjectIdentifier(ViewValue.self)
    private static let contextType = ObjectIdentifier([String: Any].self)
    private static let contextListType = ObjectIdentifier([[String: Any]].self)

    /// Any other type, sorted the way swift-mustache would see it.
    private init(slowly value: Any) {
        switch value {
        case let text as String: self = .string(text)
        case let flag as Bool: self = .bool(flag)
        case let number as Int: self = .int(number)
        case let context as [String: Any]: self = .box(ViewBox(context))
        case let list as [[String: Any]]:
            let boxes = list.map(ViewBox.init)
            self = .list(ViewList(items: boxes.map(ViewValue.box), wrapped: boxes))
        case let list as [Any]: self = .list(ViewList(items: list.map { ViewValue($0) }, wrapped: list))
        default: self = .other(ViewOther(value))
        }
    }

    /// The value as swift-mustache is given it.
    var wrapped: Any {
        switch self {
        case .string(let text): text
        case .utf8(let bytes): String(decoding: bytes, as: UTF8.self)
        case .bool(let flag): flag
        case .int(let number): number
        case .box(let box): box
        case .list(let list): list.wrapped
        case .other(let other): other.value
        }
    }
}

/// The named values of one view-model node (a page, a card, a list item), looked up by the templates.
///
/// A short list of entries, each with an FNV-1a hash of its name made when it is added, searched by comparing
/// those hashes: a node has a few dozen names at most, and a `Dictionary<String, _>` ran SipHash over the name
/// on every insert and on every lookup of a template variable (about 4% of a build's instructions). Adding a
/// name that is there already replaces its value, as a dictionary does.
struct ViewContext: ExpressibleByDictionaryLiteral, Sequence {
    private struct Entry {
        let code: UInt64
        let name: String
        var value: ViewValue
    }
    private var entries: [Entry] = []

    init() {}

    init(minimumCapacity: Int) { entries.reserveCapacity(minimumCapacity) }

    init(dictionaryLiteral elements: (String, ViewValue)...) {
        entries.reserveCapacity(elements.count)
        for (name, value) in elements { self[name] = value }
    }

    /// FNV-1a of the name's UTF-8 bytes.
    static func code(_ name: String) -> UInt64 { name.fnv1a }

    var count: Int { entries.count }

    mutating func reserveCapacity(_ capacity: Int) { entries.reserveCapacity(capacity) }

    private func index(of name: String, code: UInt64) -> Int? {
        entries.withUnsafeBufferPointer { list in
            for i in list.indices where list[i].code == code && list[i].name == name { return i }
            return nil
        }
    }

    /// The value of `name`, whose `code` the caller made already (a compiled template's variable).
    func value(named name: String, code: UInt64) -> ViewValue? {
        withValue(named: name, code: code) { $0 }
    }

    /// Calls `body` with the value of `name` where it lies in the list (borrowed, not copied out); nil when
    /// there is none. Like `value(named:code:)`, without a copy (a retain and a release) of the value.
    @inline(__always)
    func withValue<R>(named name: String, code: UInt64, _ body: (ViewValue) -> R) -> R? {
        entries.withUnsafeBufferPointer { list in
            for i in list.indices where list[i].code == code && list[i].name == name { return body(list[i].value) }
            return nil
        }
    }

    subscript(name: String) -> ViewValue? {
        get { index(of: name, code: Self.code(name)).map { entries[$0].value } }
        set {
            let code = Self.code(name)
            if let i = index(of: name, code: code) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append(Entry(code: code, name: name, value: newValue))
            }
        }
    }

    func makeIterator() -> some IteratorProtocol<(key: String, value: ViewValue)> {
        entries.lazy.map { (key: $0.name, value: $0.value) }.makeIterator()
    }

    /// Calls `body` with each entry's name code (`code(_:)`, made when it was added) and value, borrowed.
    func forEachEntry(_ body: (_ code: UInt64, _ value: ViewValue) -> Void) {
        entries.withUnsafeBufferPointer { list in
            for i in list.indices { body(list[i].code, list[i].value) }
        }
    }
}

extension ViewValue {
    /// A page with nothing in it (a route whose item has gone).
    static let empty = ViewValue.context([:])

    static func context(_ values: ViewContext) -> ViewValue { .box(ViewBox(values: values)) }

    /// A list of contexts.
    static func contexts(_ list: [ViewContext]) -> ViewValue { items(list.map(ViewValue.context)) }

    /// A list of values already made.
    static func items(_ items: [ViewValue]) -> ViewValue { .list(ViewList(items: items)) }

    /// `false` for an empty string, as `ViewModelBuilder.clean` makes it (a page's own top-level values).
    var cleaned: ViewValue {
        if case .string(let text) = self, text.isEmpty { return .bool(false) }
        return self
    }
}

/// The payload of `ViewValue.list`, boxed so that `ViewValue` stays small and copies without witness calls.
final class ViewList: @unchecked Sendable {
    let items: [ViewValue]
    private let given: Any?

    /// `wrapped`: the list as swift-mustache is to see it, when there is one already; nil to make it from
    /// the items when asked.
    init(items: [ViewValue], wrapped: Any? = nil) {
        self.items = items
        given = wrapped
    }

    /// The list as swift-mustache sees it. Made when asked, not with every list: only the swift-mustache
    /// engine (themes the compiled templates do not cover) and a list printed as text use it, and a second
    /// array for every list of every page was a sizeable part of making and freeing view models.
    var wrapped: Any { given ?? items.map(\.wrapped) }
}

/// The payload of `ViewValue.other`, boxed like `ViewList`.
final class ViewOther: @unchecked Sendable {
    let value: Any

    init(_ value: Any) { self.value = value }
}

/// A view-model node handed to the template engine.
///
/// swift-mustache finds children with `as? MustacheParent` on every lookup; for a `Dictionary` that cast
/// goes through generic conditional conformance and dominated render profiles. A final class is
/// found in the conformance cache at once. `CompiledTemplates` reads `values` directly.
final class ViewBox: MustacheParent, @unchecked Sendable {
    let values: ViewContext
    /// `Fingerprint`'s digest of `values`, once it has been made (0: not yet). A box is never changed, and
    /// the parts many pages share (the navigation, the footer, every practice card and award row) are the
    /// same box on every page of a worker: hashed once, not once per page they appear on.
    let digest = Atomic<UInt64>(0)

    fileprivate init(_ context: [String: Any]) {
        var values = ViewContext(minimumCapacity: context.count)
        for (key, value) in context { values[key] = ViewValue(value) }
        self.values = values
    }

    init(values: ViewContext) {
        self.values = values
    }

    func child(named name: String) -> Any? { values[name]?.wrapped }

    /// A view model ready for rendering: every dictionary (also inside lists) wrapped, every value sorted.
    static func wrap(_ value: Any) -> ViewValue { ViewValue(value) }
}
