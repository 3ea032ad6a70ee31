import Foundation
import PraktikaModel
import Testing

@Suite struct ConcurrencyTests {
    @Test func concurrentMapKeepsInputOrder() {
        let items = Array(0..<1000)
        #expect(concurrentMap(items, jobs: 2) { $0 * 3 } == items.map { $0 * 3 })
        #expect(concurrentMap(items, jobs: 1) { $0 * 3 } == items.map { $0 * 3 })
    }

    @Test func sideBySideReturnsBothResults() {
        for jobs in [1, 2, nil] {
            let (a, b) = sideBySide(jobs: jobs, { (1...100).reduce(0, +) }, { "готово" })
            #expect(a == 5050)
            #expect(b == "готово")
        }
    }
}
