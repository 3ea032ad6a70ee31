import Foundation

/// `map` over all cores, results in input order: the output never depends on scheduling.
///
/// Used by the two parallel stages (parse and render). `transform` must be pure.
/// - Parameters:
///   - jobs: How many threads at most (nil: one per core); 1 runs serially on the caller's thread.
public func concurrentMap<T: Sendable, R: Sendable>(
    _ items: [T], jobs: Int? = nil, _ transform: @Sendable (T) -> R
) -> [R] {
    concurrentMap(items, jobs: jobs, perWorker: {}) { item, _ in transform(item) }
}

/// `concurrentMap` where each worker thread first makes its own `State` and hands it to every item it
/// transforms: a private copy of shared read-only data. Two threads retaining and releasing the same
/// objects (a template tree walked for every page) fight over their reference counts' cache lines;
/// measured, that was a fifth of the template engine's time on two threads.
public func concurrentMap<T: Sendable, R: Sendable, State>(
    _ items: [T], jobs: Int? = nil, perWorker makeState: @Sendable () -> State, _ transform: @Sendable (T, State) -> R
) -> [R] {
    let threads = max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount)
    guard items.count > 1, threads > 1 else {
        let state = makeState()
        return items.map { transform($0, state) }
    }
    let slots = ResultSlots<R>(count: items.count)
    // Threads take small runs of items as they go, so they finish together: with fixed slices (a worker
    // per eighth of the items) one thread sat idle while the other ended a slice of heavier pages.
    let runs = WorkRuns(count: items.count, length: max(1, items.count / (threads * 128)))
    // concurrentPerform never runs more threads than cores, and `jobs` below that is kept by the count.
    DispatchQueue.concurrentPerform(iterations: min(threads, items.count)) { _ in
        let state = makeState()
        while let run = runs.next() {
            for i in run { slots.set(i, transform(items[i], state)) }
        }
    }
    return slots.values()
}

/// Hands out consecutive runs of `0..<count` to whichever thread asks next.
private final class WorkRuns: @unchecked Sendable {
    private let count: Int
    private let length: Int
    private var start = 0
    private let lock = NSLock()

    init(count: Int, length: Int) {
        self.count = count
        self.length = length
    }

    /// The next run, or nil when every index has been handed out.
    func next() -> Range<Int>? {
        lock.lock()
        defer { lock.unlock() }
        guard start < count else { return nil }
        let run = start..<min(count, start + length)
        start = run.upperBound
        return run
    }
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
    /// The results, moved out (a copy retained every field of every result, and freeing the slots released
    /// them again: serial work after each parallel stage). Call once.
    func values() -> [R] {
        var values: [R] = []
        values.reserveCapacity(buffer.count)
        for i in buffer.indices {
            if let value = buffer[i].take() { values.append(value) }
        }
        return values
    }
}

/// Runs `first` on the calling thread and `second` on another, and returns both results.
///
/// For independent stages that parallelise inside themselves: `concurrentMap` over a couple of parts
/// would nest their `concurrentPerform`s, and libdispatch runs a nested apply on a single thread,
/// so each part's own parallelism would be lost. `jobs == 1` runs both here, in order.
public func sideBySide<A: Sendable, B: Sendable>(
    jobs: Int? = nil, _ first: @Sendable () -> A, _ second: @escaping @Sendable () -> B
) -> (A, B) {
    guard max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount) > 1 else { return (first(), second()) }
    let slot = ResultSlots<B>(count: 1)
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        slot.set(0, second())
        done.signal()
    }
    let a = first()
    done.wait()
    return (a, slot.values()[0])
}

/// A value made on another thread from the moment it is created, for work that the caller needs only later
/// (the theme, while the content is read and parsed). `jobs == 1` makes it when it is first asked for.
public final class MadeAside<Value: Sendable>: @unchecked Sendable {
    private let make: @Sendable () -> Value
    private let done = DispatchGroup()
    private var result: Value?
    private let lock = NSLock()

    public init(jobs: Int? = nil, _ make: @escaping @Sendable () -> Value) {
        self.make = make
        guard max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount) > 1 else { return }
        done.enter()
        DispatchQueue.global().async { [self] in
            let value = make()
            lock.withLock { result = value }
            done.leave()
        }
    }

    /// The value, once made (waits for the other thread, or makes it here).
    public var value: Value {
        done.wait()
        return lock.withLock {
            if let result { return result }
            let value = make()
            result = value
            return value
        }
    }
}
