import Foundation
import PraktikaModel
import PraktikaText

/// Rendered pages kept between builds of one process (the preview server).
///
/// A page's bytes are a pure function of the theme and its view model, so a page whose view model
/// and theme are unchanged is not rendered again: the incremental result equals a clean build by
/// construction. This catches what dependency tracking gets wrong: a practice moved to another region
/// changes both regions' view models, and so both pages are rendered.
public final class RenderCache: @unchecked Sendable {
    private let lock = NSLock()
    private var pages: [String: (fingerprint: UInt64, bytes: [UInt8])] = [:]
    private var cards: [Practice.ID: (fingerprint: UInt64, html: [UInt8])] = [:]
    private var renderedPages = 0
    private var renderedCards = 0

    /// An empty cache.
    public init() {}

    /// Pages rendered (not reused) since the last `resetCounters()`.
    public var pageRenderCount: Int { lock.withLock { renderedPages } }
    /// Practice cards rendered since the last `resetCounters()`.
    public var cardRenderCount: Int { lock.withLock { renderedCards } }

    /// Sets the counters to zero.
    public func resetCounters() {
        lock.withLock {
            renderedPages = 0
            renderedCards = 0
        }
    }

    func page(_ route: String, fingerprint: UInt64, render: () -> [UInt8]) -> [UInt8] {
        if let hit = lock.withLock({ pages[route] }), hit.fingerprint == fingerprint { return hit.bytes }
        let bytes = render()
        lock.withLock {
            pages[route] = (fingerprint, bytes)
            renderedPages += 1
        }
        return bytes
    }

    func card(_ id: Practice.ID, fingerprint: UInt64, render: () -> [UInt8]) -> [UInt8] {
        if let hit = lock.withLock({ cards[id] }), hit.fingerprint == fingerprint { return hit.html }
        let html = render()
        lock.withLock {
            cards[id] = (fingerprint, html)
            renderedCards += 1
        }
        return html
    }

    /// Forgets pages and cards that are no longer part of the site.
    func keep(routes: Set<String>, practices: Set<Practice.ID>) {
        lock.withLock {
            pages = pages.filter { routes.contains($0.key) }
            cards = cards.filter { practices.contains($0.key) }
        }
    }
}

/// A hash of a view model, the theme's stamp and the template's name: the same in every process, so it
/// also keys the persistent `BuildCache`. It walks the sorted `ViewValue` tree (no casts); a dictionary's
/// entries are hashed one by one and summed, so their (per-process) order does not matter.
enum Fingerprint {
    static func of(_ value: ViewValue, seed: UInt64, template: String) -> UInt64 {
        var hasher = StableHasher(seed: seed)
        hasher.combine(template)
        hasher.combine(digest(value))
        return hasher.finalize()
    }

    private static func digest(_ value: ViewValue) -> UInt64 {
        var hasher = StableHasher()
        switch value {
        case .string(let text):
            hasher.combine(1)
            hasher.combine(text)
        case .utf8(let bytes):  // as the same text given as a String
            hasher.combine(1)
            hasher.combine(bytes.count)
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        case .bool(let flag):
            hasher.combine(2)
            hasher.combine(flag ? 1 : 0)
        case .int(let number):
            hasher.combine(3)
            hasher.combine(number)
        case .box(let box):
            hasher.combine(4)
            hasher.combine(box.values.count)
            var sum: UInt64 = 0
            for (key, child) in box.values {
                var entry = StableHasher()
                entry.combine(key)
                entry.combine(digest(child))
                sum &+= entry.finalize()
            }
            hasher.combine(sum)
        case .list(let list):
            hasher.combine(5)
            hasher.combine(list.items.count)
            for item in list.items { hasher.combine(digest(item)) }
        case .other(let other):
            hasher.combine(6)
            hasher.combine(String(describing: other.value))
        }
        return hasher.finalize()
    }
}
