import Foundation

/// The inflated bytes of one workbook part, pulled chunk by chunk while a thread of its own
/// inflates the next.
///
/// ZIPFoundation pushes a part into a closure until the part ends, but a `RowSource` is pulled one
/// row at a time. The push side therefore runs on its own thread and hands over one chunk at a time,
/// waiting until it is taken: memory holds the chunk being parsed and the one after it however long
/// the sheet is, and inflating overlaps with parsing.
final class PartStream: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var readyChunk: [UInt8]?
    private var isFinished = false
    private var failure: ReadProblem?
    private var isCancelled = false

    /// Starts inflating the part `name` of `archive`, which belongs to the stream's thread until the
    /// last chunk has been taken or `cancelAndWait()` has returned.
    ///
    /// - Parameter maxBytes: as in `WorkbookArchive.read(_:maxBytes:into:)`.
    init(_ name: String, of archive: WorkbookArchive, maxBytes: Int) {
        Thread.detachNewThread { [self] in
            do throws(ReadProblem) {
                try archive.read(name, maxBytes: maxBytes) { (chunk: Data) throws(ReadProblem) in try hand(over: chunk) }
                finish(with: nil)
            } catch {
                finish(with: error)
            }
        }
    }

    /// Replaces `chunk` with the next inflated bytes, waiting for them if need be.
    ///
    /// - Returns: false after the last chunk.
    /// - Throws: the problem that stopped the inflating, once the chunks before it have been taken.
    func next(into chunk: inout [UInt8]) throws(ReadProblem) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while readyChunk == nil, !isFinished {
            condition.wait()
        }
        if let readyChunk {
            chunk = readyChunk
            self.readyChunk = nil
            condition.broadcast()
            return true
        }
        if let failure { throw failure }
        return false
    }

    /// Stops the inflating: the reader wants no more. The thread ends at its next chunk.
    func cancel() {
        condition.lock()
        isCancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the inflating and waits until the thread has let go of the archive, which the caller
    /// may then use again.
    func cancelAndWait() {
        condition.lock()
        defer { condition.unlock() }
        isCancelled = true
        condition.broadcast()
        while !isFinished {
            condition.wait()
        }
    }

    /// Waits until the previous chunk has been taken, then offers this one.
    ///
    /// - Throws: once the stream is cancelled, so that ZIPFoundation stops inflating.
    private func hand(over data: Data) throws(ReadProblem) {
        let bytes = [UInt8](data)
        condition.lock()
        defer { condition.unlock() }
        while readyChunk != nil, !isCancelled {
            condition.wait()
        }
        if isCancelled { throw .corruptWorkbook(reason: "reading was cancelled") }
        readyChunk = bytes
        condition.broadcast()
    }

    private func finish(with problem: ReadProblem?) {
        condition.lock()
        isFinished = true
        failure = problem
        condition.broadcast()
        condition.unlock()
    }
}
