/// The accepted rows of one return type that `huizong validate` keeps for the history rules while
/// it reads the other files: each row's unit as its place in the registry, its period as a month
/// number, and only the cells the rules read, one after another in a byte arena. A million rows cost
/// two growing arrays of about thirty bytes a row, and sorting them moves no reference counts.
struct HeldRows {
    /// One row: what orders it, and where its cells start in the arena.
    private struct Entry {
        var unit: UInt32
        /// The period as months since year 0.
        var month: Int32
        var file: Int32
        var row: Int32
        var start: Int
    }

    /// The fields kept, ascending.
    let fields: [Int]
    private var entries: [Entry] = []
    /// Per row, the canonical value and the cell of each kept field, each after its length as a
    /// LEB128 number.
    private var arena: [UInt8] = []

    /// Keeps the fields a history rule reads or points at, and the explanation.
    init(of type: ReturnType) {
        var fields = Set(type.explanationField.map { [$0] } ?? [])
        for rule in type.rules where rule.usesHistory {
            fields.formUnion(rule.fieldsUsed + rule.previousFieldsUsed + [rule.field])
        }
        self.fields = fields.sorted()
    }

    var isEmpty: Bool { entries.isEmpty }

    /// - Parameters:
    ///   - unit: the unit's place in the registry (an accepted row's unit is registered).
    ///   - period: the period of a valid row.
    mutating func append(unit: Int, period: YearMonth, file: Int, outcome: RowOutcome) {
        entries.append(Entry(unit: UInt32(unit), month: Int32(period.year * 12 + period.month - 1), file: Int32(file),
                             row: Int32(clamping: outcome.row), start: arena.count))
        for field in fields {
            arena.appendLengthPrefixed(outcome.values[field]?.canonical ?? "")
            outcome.original.withUTF8(field) { arena.appendLengthPrefixed(utf8: $0) }
        }
    }

    /// Takes in the rows of `other`, which read the files after these.
    mutating func append(contentsOf other: HeldRows) {
        let offset = arena.count
        arena += other.arena
        entries += other.entries.map { entry in
            var moved = entry
            moved.start += offset
            return moved
        }
    }

    /// Sorts the rows by unit, then period, then where they were read, and splits them into at
    /// most `count` runs in that order, none of which splits a unit's rows: each run can be walked
    /// on its own thread.
    mutating func sortedRuns(_ count: Int) -> [Range<Int>] {
        entries.sort { ($0.unit, $0.month, $0.file, $0.row) < ($1.unit, $1.month, $1.file, $1.row) }
        var runs: [Range<Int>] = []
        var start = 0
        for part in 1...max(1, count) where start < entries.count {
            var end = max(start, entries.count * part / max(1, count))
            while end > 0, end < entries.count, entries[end].unit == entries[end - 1].unit { end += 1 }
            if end > start { runs.append(start..<end) }
            start = end
        }
        return runs
    }

    /// Each row of `run` (from `sortedRuns(_:)`), in order, with its unit's place in the registry and
    /// the kept cells in place in rows of `fieldCount` fields whose other cells are empty.
    func forEach(in run: Range<Int>, fieldCount: Int,
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
        arena.withUnsafeBytes { arena in
            for entry in entries[run] {
                turn = (turn + 1) % values.count
                if entry.month != period.month {
                    let month = Int(entry.month)
                    period = (entry.month, YearMonth(year: month / 12, month: month % 12 + 1)?.description ?? "")
                }
                var next = entry.start
                // The arena holds only what `append` wrote: every text is there whole.
                func text() -> String {
                    let place = arena.lengthPrefixedText(at: next, end: arena.count) ?? next..<next
                    next = place.upperBound
                    return String(decoding: UnsafeRawBufferPointer(rebasing: arena[place]), as: UTF8.self)
                }
                for field in fields {
                    let value = text(), cell = text()
                    guard field < fieldCount else { continue }
                    values[turn][field] = value
                    original[field] = cell
                }
                body(Int(entry.unit), period.text, Int(entry.file), Int(entry.row), values[turn], original)
            }
        }
    }
}
