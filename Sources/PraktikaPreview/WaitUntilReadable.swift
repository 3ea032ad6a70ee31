import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Returns when `fd` has something to read, or after `milliseconds`: `poll` on a thread of its own, so that
/// the waiting task is resumed the moment an event comes instead of at its next look.
func waitUntilReadable(_ fd: Int32, milliseconds: Int32) async {
    await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
        DispatchQueue.global(qos: .userInitiated).async {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, milliseconds)
            done.resume()
        }
    }
}
