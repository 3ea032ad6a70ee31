import Foundation
import PraktikaModel
import Testing

@Suite struct ConcurrencyTests {
    @Test func concurrentMapKeepsInputOrder() {
        let items = Array(0..<1000)
        #expect(concurrentMap(items, jobs: 2) { $0 * 3 } == items.map { $0 * 3 })
        #expect(concurrentMap(items, jobs: 1) { $0 * 3 } == items.map { $0 * 3 })
    }

    /// Every item exactly once, in order, whatever the count against the runs handed out (fewer items
    /// than threads, one item, a count that does not divide into runs, more jobs than cores).
    @Test(arguments: [0, 1, 2, 3, 255, 257, 1031])
    func concurrentMapCoversEveryItemOnce(count: Int) {
        let items = Array(0..<count)
        for jobs in [2, 3, 64, nil] {
            let calls = CallCounter()
            let result = concurrentMap(items, jobs: jobs) { i -> Int in
                calls.add()
                return i &* 7
            }
            #expect(result == items.map { $0 &* 7 })
            #expect(calls.count == count)
        }
    }

    /// Each worker makes its state once and hands it to every item it takes; results stay in input order.
    @Test(arguments: [1, 2, 3, 8])
    func perWorkerStateIsMadeOncePerWorker(jobs: Int) {
        let items = Array(0..<2000)
        let made = CallCounter()
        let result = concurrentMap(items, jobs: jobs, perWorker: { () -> Int in
            made.add()
            return 1000
        }) { item, state in item + state }
        #expect(result == items.map { $0 + 1000 })
        #expect(made.count >= 1 && made.count <= jobs)
    }

    /// Made once, whoever asks and however often; on another thread at once with more than one job, only
    /// when asked with one.
    @Test(arguments: [1, 2, nil]) func madeAsideIsMadeOnce(jobs: Int?) {
        let calls = CallCounter()
        let started = DispatchSemaphore(value: 0)
        let aside = MadeAside(jobs: jobs) { () -> String in
            calls.add()
            started.signal()
            return "тема"
        }
        if jobs == 1 {
            #expect(calls.count == 0)
        } else {
            #expect(started.wait(timeout: .now() + 10) == .success, "made without being asked")
        }
        #expect(aside.value == "тема")
        #expect(concurrentMap(Array(0..<8), jobs: 4) { _ in aside.value } == Array(repeating: "тема", count: 8))
        #expect(calls.count == 1)
    }

    @Test func sideBySideReturnsBothResults() {
        for jobs in [1, 2, nil] {
            let (a, b) = sideBySide(jobs: jobs, { (1...100).reduce(0, +) }, { "готово" })
            #expect(a == 5050)
            #expect(b == "готово")
        }
    }
}

/// Counts calls from many threads.
private final class CallCounter: @unchecked Sendable {
    private var calls = 0
    private let lock = NSLock()
    func add() { lock.withLock { calls += 1 } }
    var count: Int { lock.withLock { calls } }
}
