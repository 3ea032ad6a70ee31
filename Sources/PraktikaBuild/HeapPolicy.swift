/// How the command line sets up its heap for a site of a given size.
public enum HeapPolicy {
    /// Content from which the heap goes on huge (2 MiB) pages: 256 MiB, about 50,000 practices. Each 4 KiB
    /// page the heap touches first costs a page fault: at 100,000 practices a million faults, a third of the
    /// build's CPU time spent in the kernel. Set once the content is read, huge pages cut that build from
    /// 21.7-26.3 s to 20.0-20.4 s (peak 2.17 -> 2.20 GiB). Small sites keep small pages: at 10,000
    /// practices huge pages raise the peak past 300 MiB for no steady gain.
    public static let largePagesFromBytes = 256 << 20

    /// Whether a build of `contentBytes` of content should put its heap on huge pages; never when the
    /// allocator's own `MIMALLOC_LARGE_OS_PAGES` setting is in `environment` (it decides then).
    public static func usesLargePages(contentBytes: Int, environment: [String: String]) -> Bool {
        contentBytes >= largePagesFromBytes && environment["MIMALLOC_LARGE_OS_PAGES"] == nil
    }
}
