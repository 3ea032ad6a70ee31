@testable import PraktikaBuild
import Testing

/// List pages link to a window of pages, not to all of them (that was quadratic in the number of pages).
@Suite struct PaginationTests {
    @Test func windowAroundTheCurrentPage() {
        #expect(ViewModelBuilder.pageWindow(page: 1000, of: 2000) == [1, nil, 998, 999, 1000, 1001, 1002, nil, 2000])
        #expect(ViewModelBuilder.pageWindow(page: 1, of: 2000) == [1, 2, 3, nil, 2000])
        #expect(ViewModelBuilder.pageWindow(page: 2000, of: 2000) == [1, nil, 1998, 1999, 2000])
        // A gap never stands for a single page: 1, 2 instead of 1, … when page 2 is the only one missing.
        #expect(ViewModelBuilder.pageWindow(page: 4, of: 7) == [1, 2, 3, 4, 5, 6, 7])
        #expect(ViewModelBuilder.pageWindow(page: 1, of: 1) == [1])
        #expect(ViewModelBuilder.pageWindow(page: 2, of: 4) == [1, 2, 3, 4])
    }

    @Test func everyPageIsWithinReachAndTheSizeStaysSmall() {
        for count in [1, 2, 5, 9, 50, 2001] {
            for page in 1...count {
                let window = ViewModelBuilder.pageWindow(page: page, of: count)
                #expect(window.count <= 9)
                #expect(window.contains(page) && window.contains(1) && window.contains(count))
                let numbers = window.compactMap { $0 }
                #expect(numbers == numbers.sorted() && Set(numbers).count == numbers.count)
            }
        }
    }
}
