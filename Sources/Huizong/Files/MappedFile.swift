#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory, unmapped when this goes away.
///
/// Pages are read from the file as they are first touched, so a reader that looks at a few places of
/// a large file costs little memory. The file must not be truncated while mapped (touching a page past
/// its new end would stop the process), which is why the files mapped here are only ever replaced by
/// a rename, never rewritten in place.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer

    /// Maps `length` bytes of the open file `descriptor` from `offset`, a multiple of the page
    /// size; nil when the system refuses. The descriptor may be closed afterwards.
    /// - Parameter populated: whether every page is mapped at once, for a reader that will touch
    ///   them all: one call instead of a fault per page.
    init?(descriptor: Int32, length: Int, offset: Int = 0, populated: Bool = false) {
        guard length > 0 else { return nil }
        #if os(Linux)
        let flags = MAP_SHARED | (populated ? MAP_POPULATE : 0)
        #else
        let flags = MAP_SHARED
        #endif
        let address = mmap(nil, length, PROT_READ, flags, descriptor, off_t(offset))
        guard let address, address != MAP_FAILED else { return nil }
        bytes = UnsafeRawBufferPointer(start: address, count: length)
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
    }
}
