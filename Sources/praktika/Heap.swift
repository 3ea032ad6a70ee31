import CMimalloc
import Foundation
import PraktikaBuild

/// The command line's heap (mimalloc), set up for the size of the site (`HeapPolicy`).
enum Heap {
    /// Puts memory allocated from now on on huge pages when `HeapPolicy` says the content is big enough.
    @Sendable static func adapt(toContentBytes bytes: Int) {
        if HeapPolicy.usesLargePages(contentBytes: bytes, environment: ProcessInfo.processInfo.environment) {
            mi_option_set_enabled(mi_option_large_os_pages, true)
        }
    }
}
