import Foundation

/// `map` over all cores, results in input order: the output never depends on scheduling.
///
/// Used by the two parallel stages (parse and render). `transform` must be pure.
public func concurrentMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
    guard items.count > 1 else { return items.map(transform) }
    let slots = ResultSlots<R>(count: items.count)
    let workers = min(items.count, ProcessInfo.processInfo.activeProcessorCount * 4)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var i = worker
        while i < items.count {
            slots.set(i, transform(items[i]))
            i += workers
        }
    }
    return slots.values()
}

/// Slots written once each from `concurrentPerform`; every index is written by exactly one worker,
/// and all are read after the workers finish, so the unchecked `Sendable` is sound.
private final class ResultSlots<R>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<R?>
    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }
    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }
    func set(_ index: Int, _ value: R) { buffer[index] = value }
    func values() -> [R] { buffer.compactMap { $0 } }
}
