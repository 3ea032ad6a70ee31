import Foundation
import PraktikaModel
import PraktikaText
import Synchronization

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
/// also keys the persistent `BuildCache`. It walks the sorted `ViewValue` tree (no casts); a node's entries
/// are hashed one by one and summed, so their order (a dictionary's is per process) does not matter.
/// A box's digest is kept in the box (`ViewBox.digest`): shared parts are hashed once.
enum Fingerprint {
    static func of(_ value: ViewValue, seed: UInt64, template: String) -> UInt64 {
        var hasher = StableHasher(seed: seed)
        hasher.combine(template)
        hasher.combine(digest(value))
        return hasher.finalize()
    }

    /// Seeds that tell the kinds of value apart (a text, a flag and a number with the same bits differ).
    private static let textSeed: UInt64 = 1, boolSeed: UInt64 = 2, intSeed: UInt64 = 3
    private static let boxSeed: UInt64 = 4, listSeed: UInt64 = 5, otherSeed: UInt64 = 6

    static func digest(_ value: ViewValue) -> UInt64 {
        switch value {
        case .string(var text):
            // XXH64 counts the length itself.
            return text.withUTF8 { StableHasher.xxh64(UnsafeRawBufferPointer($0), seed: textSeed) }
        case .utf8(let bytes):  // as the same text given as a String
            return bytes.withUnsafeBytes { StableHasher.xxh64($0, seed: textSeed) }
        case .bool(let flag):
            return StableHasher.mix(boolSeed, flag ? 1 : 0)
        case .int(let number):
            return StableHasher.mix(intSeed, UInt64(bitPattern: Int64(number)))
        case .box(let box):
            let known = box.digest.load(ordering: .relaxed)
            if known != 0 { return known }
            var sum: UInt64 = 0
            // The name's code is its FNV-1a, made when the entry was added: the same in every process.
            box.values.forEachEntry { code, child in sum &+= StableHasher.mix(code, digest(child)) }
            let made = StableHasher.mix(boxSeed ^ UInt64(box.values.count), sum) | 1
            box.digest.store(made, ordering: .relaxed)
            return made
        case .list(let list):
            var hasher = StableHasher(seed: listSeed)
            hasher.combine(list.items.count)
            for item in list.items { hasher.combine(digest(item)) }
            return hasher.finalize()
        case .other(let other):
            var hasher = StableHasher(seed: otherSeed)
            hasher.combine(String(describing: other.value))
            return hasher.finalize()
        }
    }
}
