/// The accepted rows of one return type that `huizong validate` keeps for the history rules while
/// it reads the other files: each row's unit as its place in the registry, its period as a month
/// number, and only the cells the rules read, one after another in a byte arena.
///
/// At most `spillAt` rows are held in memory: past that, they are sorted and written out as a run
/// to a temporary file (`SpilledRun`), and the walk merges the runs. A file of ten million rows
/// thus costs a few megabytes of memory for its history rule, not hundreds (PRODUCT §10). A run
/// that cannot be written (a full disk) keeps its bytes in memory instead.
struct HeldRows {
    /// One row: what orders it, and where its cells start in the arena.
    private struct Entry {
        var unit: UInt32
        /// The period as its month number (`YearMonth.number`).
        var month: Int32
        var file: Int32
        var row: Int32
        var start: Int

        var order: (UInt32, Int32, Int32, Int32) { (unit, month, file, row) }
    }

    /// The fields kept, ascending.
    let fields: [Int]
    /// How many rows are held in memory before they are written out.
    let spillAt: Int
    private var entries: [Entry] = []
    /// Per row, the canonical value and the cell of each kept field, each after its length as a
    /// LEB128 number.
    private var arena: [UInt8] = []
    /// The rows written out, each run sorted.
    private var runs: [SpilledRun] = []

    /// Keeps the fields a history rule reads or points at, and the explanation.
    init(of type: ReturnType, spillAt: Int = 1 << 16) {
        var fields = Set(type.explanationField.map { [$0] } ?? [])
        for rule in type.rules where rule.usesHistory {
            fields.formUnion(rule.fieldsUsed + rule.previousFieldsUsed + [rule.field])
        }
        self.fields = fields.sorted()
        self.spillAt = max(1, spillAt)
    }

    var isEmpty: Bool { entries.isEmpty && runs.isEmpty }

    /// - Parameters:
    ///   - unit: the unit's place in the registry (an accepted row's unit is registered).
    ///   - period: the period of a valid row.
    mutating func append(unit: Int, period: YearMonth, file: Int, outcome: RowOutcome) {
        entries.append(Entry(unit: UInt32(unit), month: Int32(period.number), file: Int32(file),
                             row: Int32(clamping: outcome.row), start: arena.count))
        for field in fields {
            outcome.values.withCanonicalUTF8(field) { arena.appendLengthPrefixed(utf8: $0) } ?? arena.appendLengthPrefixed("")
            outcome.original.withUTF8(field) { arena.appendLengthPrefixed(utf8: $0) }
        }
        if entries.count >= spillAt { spill() }
    }

    /// Takes in the rows of `other`, which read the files after these.
    mutating func append(contentsOf other: HeldRows) {
        // The first file's rows are taken as they are, not copied: a large file's would briefly be
        // held twice.
        guard !isEmpty else {
            self = other
            return
        }
        runs += other.runs
        let offset = arena.count
        arena += other.arena
        entries += other.entries.map { entry in
            var moved = entry
            moved.start += offset
            return moved
        }
        if entries.count >= spillAt { spill() }
    }

    /// Writes the rows held in memory out as one sorted run, and lets go of them.
    private mutating func spill() {
        entries.sort { $0.order < $1.order }
        var bytes: [UInt8] = []
        var index: [(unit: UInt32, offset: Int)] = []
        arena.withUnsafeBytes { arena in
            for (i, entry) in entries.enumerated() {
                if i % SpilledRun.indexStep == 0 { index.append((entry.unit, bytes.count)) }
                SpilledRun.appendHeader(unit: entry.unit, month: entry.month, file: entry.file, row: entry.row, to: &bytes)
                bytes += arena[entry.start..<end(of: entry, in: arena)]
            }
        }
        runs.append(SpilledRun(bytes, index: index))
        entries = []
        arena = []
    }

    /// Where the row's kept texts end in the arena, which holds only what `append` wrote.
    private func end(of entry: Entry, in arena: UnsafeRawBufferPointer) -> Int {
        var end = entry.start
        for _ in 0..<(2 * fields.count) {
            end = arena.lengthPrefixedText(at: end, end: arena.count)?.upperBound ?? end
        }
        return end
    }

    /// A part of the rows that one walk takes: rows held in memory, or the units in a range of
    /// places, merged from the runs written out.
    enum Part {
        case held(Range<Int>)
        case spilled(units: Range<UInt32>)
    }

    /// Sorts the rows by unit, then period, then where they were read, and splits them into at
    /// most `count` parts in that order, none of which splits a unit's rows: each part can be walked
    /// on its own thread.
    mutating func parts(_ count: Int) -> [Part] {
        if !runs.isEmpty, !entries.isEmpty { spill() }
        guard runs.isEmpty else { return spilledParts(count) }
        entries.sort { $0.order < $1.order }
        var parts: [Part] = []
        var start = 0
        for part in 1...max(1, count) where start < entries.count {
            var end = max(start, entries.count * part / max(1, count))
            while end > 0, end < entries.count, entries[end].unit == entries[end - 1].unit { end += 1 }
            if end > start { parts.append(.held(start..<end)) }
            start = end
        }
        return parts
    }

    /// Parts of the runs by ranges of units, split where the runs' indexes, taken together, are.
    private func spilledParts(_ count: Int) -> [Part] {
        let units = runs.flatMap { $0.index.map(\.unit) }.sorted()
        // Each bound is a unit some run holds, above the least: no part is empty.
        var bounds: [UInt32] = []
        for part in 1..<max(1, count) {
            let bound = units[units.count * part / count]
            if bound > bounds.last ?? units[0] { bounds.append(bound) }
        }
        return zip([0] + bounds, bounds + [UInt32.max]).map { .spilled(units: $0..<$1) }
    }

    /// Each row of `part` (from `parts(_:)`), in order, with its unit's place in the registry and
    /// the kept cells in place in rows of `fieldCount` fields whose other cells are empty.
    /// - Parameter skippingLoneUnits: leaves out the rows whose unit has no other row, unread. Where
    ///   no store is asked, such a row has no previous period and is no other row's: the history
    ///   rules have nothing to check in it, and in a return of one month every row is such a row.
    func forEach(in part: Part, fieldCount: Int, skippingLoneUnits: Bool = false,
                 _ body: (_ unit: Int, _ period: String, _ file: Int, _ row: Int,
                          _ canonical: [String], _ original: [String]) -> Void) {
        var period = (month: Int32.max, text: "")
        // Rows made over and over: only the kept fields change from row to row. The body may keep
        // a row's values for the rows after it (a walk keeps those of the unit's last two
        // periods), so the values go into three arrays in turn: the one written to is then mostly
        // no longer shared, and writing it copies nothing.
        var values = [[String]](repeating: [String](repeating: "", count: fieldCount), count: 3)
        var original = values[0]
        var turn = 0
        func hand(_ unit: UInt32, _ month: Int32, _ file: Int32, _ row: Int32, _ text: () -> String) {
            turn = (turn + 1) % values.count
            if month != period.month {
                period = (month, YearMonth(number: Int(month))?.description ?? "")
            }
            for field in fields {
                let value = text(), cell = text()
                guard field < fieldCount else { continue }
                values[turn][field] = value
                original[field] = cell
            }
            body(Int(unit), period.text, Int(file), Int(row), values[turn], original)
        }
        switch part {
        case .held(let range):
            arena.withUnsafeBytes { arena in
                for i in range {
                    let entry = entries[i]
                    if skippingLoneUnits, i == range.lowerBound || entries[i - 1].unit != entry.unit,
                       i + 1 == range.upperBound || entries[i + 1].unit != entry.unit { continue }
                    var next = entry.start
                    // The arena holds only what `append` wrote: every text is there whole.
                    hand(entry.unit, entry.month, entry.file, entry.row) {
                        let place = arena.lengthPrefixedText(at: next, end: arena.count) ?? next..<next
                        next = place.upperBound
                        return String(decoding: UnsafeRawBufferPointer(rebasing: arena[place]), as: UTF8.self)
                    }
                }
            }
        case .spilled(let units):
            var merge = SpilledMerge(runs, textCount: 2 * fields.count, units: units)
            var unitBefore: UInt32?
            merge.forEach { record, unitGoesOn in
                defer { unitBefore = record.unit }
                if skippingLoneUnits, !unitGoesOn, record.unit != unitBefore { return }
                var next = 0
                hand(record.unit, record.month, record.file, record.row) {
                    defer { next += 1 }
                    return next < record.texts.count ? record.texts[next] : ""
                }
            }
        }
    }
}

/// The records of several sorted runs in one order, those of the units in a range: a heap of the
/// runs by their next record.
private struct SpilledMerge {
    private var readers: [SpilledRunReader]
    private var heads: [SpilledRunReader.Record]
    /// Indexes into `readers` and `heads`, a min-heap by the heads' order.
    private var heap: [Int] = []
    private let units: Range<UInt32>

    init(_ runs: [SpilledRun], textCount: Int, units: Range<UInt32>) {
        self.units = units
        readers = runs.map { SpilledRunReader($0, textCount: textCount, from: units.lowerBound) }
        heads = Array(repeating: SpilledRunReader.Record(), count: readers.count)
        for i in readers.indices where readers[i].next(into: &heads[i]) && units.contains(heads[i].unit) {
            push(i)
        }
    }

    /// Hands `body` every record in order, and whether the record after it is of the same unit.
    /// Each record is read into the place of the one before it from the same run, once `body` has
    /// let go of that: its texts' storage is reused.
    mutating func forEach(_ body: (SpilledRunReader.Record, _ unitGoesOn: Bool) -> Void) {
        while let top = heap.first {
            // The next record is the run's own next or, the heap being ordered, a child's head.
            let unit = heads[top].unit
            let unitGoesOn = readers[top].peekUnit() == unit
                || heap.dropFirst().prefix(2).contains { heads[$0].unit == unit }
            body(heads[top], unitGoesOn)
            if readers[top].next(into: &heads[top]), units.contains(heads[top].unit) {
                siftDown(0)
            } else {
                heap[0] = heap[heap.count - 1]
                heap.removeLast()
                if !heap.isEmpty { siftDown(0) }
            }
        }
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        heads[heap[a]].order < heads[heap[b]].order
    }

    private mutating func push(_ reader: Int) {
        heap.append(reader)
        var child = heap.count - 1
        while child > 0, precedes(child, (child - 1) / 2) {
            heap.swapAt(child, (child - 1) / 2)
            child = (child - 1) / 2
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var least = parent
            for child in [2 * parent + 1, 2 * parent + 2] where child < heap.count && precedes(child, least) {
                least = child
            }
            guard least != parent else { return }
            heap.swapAt(parent, least)
            parent = least
        }
    }
}
