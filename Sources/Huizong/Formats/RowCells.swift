/// The cells of one row as UTF-8 bytes: one buffer for the row and the end of each cell in it.
///
/// A reader hands a row over in two allocations, however many cells it has, and checks read a
/// cell's bytes in place (`withUTF8(_:_:)`); a cell becomes a `String` only where one is asked for
/// by subscript: for an issue, an error report or what the store keeps.
public struct RowCells: Sendable, Equatable, RandomAccessCollection, ExpressibleByArrayLiteral {
    /// The cells' bytes, one after another.
    private var bytes: [UInt8]
    /// Where each cell ends in `bytes`; it starts where the one before ends.
    private var ends: [UInt32]

    public init() {
        bytes = []
        ends = []
    }

    public init(_ texts: some Sequence<String>) {
        self.init()
        for text in texts { append(text) }
    }

    public init(arrayLiteral texts: String...) {
        self.init(texts)
    }

    /// Cells already laid out: cell i is `bytes[ends[i - 1]..<ends[i]]`.
    init(bytes: [UInt8], ends: [UInt32]) {
        self.bytes = bytes
        self.ends = ends
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.count }

    /// How many bytes the cells have in all.
    var byteCount: Int { bytes.count }

    /// Cell `i` as text.
    public subscript(i: Int) -> String {
        withUTF8(i) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the bytes of cell `i`, or with no bytes when `i` is nil or past the last
    /// cell: a column the row lacks reads as empty.
    public func withUTF8<R>(_ i: Int?, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withUTF8Cells { try body($0[i]) }
    }

    /// Calls `body` with the cells' bytes, to read many cells at the cost of one access.
    func withUTF8Cells<R>(_ body: (UTF8Cells) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { bytes in
            try ends.withUnsafeBufferPointer { ends in try body(UTF8Cells(bytes: bytes, ends: ends)) }
        }
    }

    /// The cells' bytes in place, for the length of a `withUTF8Cells(_:)` call.
    struct UTF8Cells {
        let bytes: UnsafeBufferPointer<UInt8>
        let ends: UnsafeBufferPointer<UInt32>

        /// The bytes of cell `i`; none when `i` is nil or past the last cell.
        subscript(i: Int?) -> UnsafeBufferPointer<UInt8> {
            guard let i, i < ends.count else { return UnsafeBufferPointer(start: nil, count: 0) }
            return UnsafeBufferPointer(rebasing: bytes[Int(i == 0 ? 0 : ends[i - 1])..<Int(ends[i])])
        }
    }

    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(utf8: $0) }
    }

    /// Appends a cell of these bytes.
    public mutating func append(utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: utf8)
        ends.append(UInt32(bytes.count))
    }

    /// Puts `text` in cell `column`, as a sheet's cells come: the cells before it that have no text
    /// read as empty, and a cell given again replaces the one there.
    public mutating func place(_ text: String, at column: Int) {
        var text = text
        text.withUTF8 { place(utf8: $0, at: column) }
    }

    /// Puts a cell of these bytes in cell `column`, as `place(_:at:)` does.
    public mutating func place(utf8: UnsafeBufferPointer<UInt8>, at column: Int) {
        guard column < count else {
            for _ in count..<column { append(utf8: UnsafeBufferPointer(start: nil, count: 0)) }
            append(utf8: utf8)
            return
        }
        let after = (column + 1..<count).map { self[$0] }
        bytes.removeSubrange((column == 0 ? 0 : Int(ends[column - 1]))...)
        ends.removeSubrange(column...)
        append(utf8: utf8)
        for cell in after { append(cell) }
    }

    /// Makes room for `cells` more cells of `bytes` bytes in all.
    public mutating func reserveCapacity(bytes count: Int, cells: Int) {
        bytes.reserveCapacity(bytes.count + count)
        ends.reserveCapacity(ends.count + cells)
    }

    /// Empties the row, keeping its buffers for the next one a reader builds.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    /// The same cells in buffers of their own size: how a reader hands out the row it built in
    /// buffers it keeps, so that one long row does not make every later row as large.
    func compacted() -> RowCells {
        RowCells(bytes: Self.copy(bytes), ends: Self.copy(ends))
    }

    private static func copy<T>(_ array: [T]) -> [T] {
        array.withUnsafeBufferPointer { source in
            [T](unsafeUninitializedCapacity: source.count) { buffer, count in
                count = buffer.initialize(fromContentsOf: source)
            }
        }
    }

    /// The same cells followed by empty ones up to `count` cells in all, as a sheet's row that ends
    /// before its last columns reads: the bytes are shared, not copied.
    func padded(to count: Int) -> RowCells {
        guard ends.count < count else { return self }
        var padded = self
        padded.ends.append(contentsOf: repeatElement(ends.last ?? 0, count: count - ends.count))
        return padded
    }

    /// The cells at `columns`, in that order; nil or a column past the last gives an empty cell.
    func picking(_ columns: [Int?]) -> RowCells {
        var picked = RowCells()
        picked.reserveCapacity(bytes: bytes.count, cells: columns.count)
        for column in columns {
            withUTF8(column) { picked.append(utf8: $0) }
        }
        return picked
    }

    /// True when every cell is empty or white space.
    public var isBlank: Bool {
        // An ASCII byte settles it either way; bytes beyond ASCII may be white space (U+3000).
        func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        if bytes.contains(where: { $0 < 0x80 && !isASCIISpace($0) }) { return false }
        if bytes.allSatisfy(isASCIISpace) { return true }
        return allSatisfy { $0.unicodeScalars.allSatisfy(\.isWhiteSpace) }
    }
}
