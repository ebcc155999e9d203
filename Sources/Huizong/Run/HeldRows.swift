/// The accepted rows of one return type that `huizong validate` keeps for the history rules while
/// it reads the other files: only the cells the rules read, one after another in a byte arena, and
/// an index of plain numbers. A million rows cost two growing arrays, and sorting them moves no
/// reference counts.
struct HeldRows {
    /// One row: where its texts start in the arena, and what orders it.
    private struct Entry {
        /// Keeps a unit's rows together; units whose hashes collide are told apart by their codes.
        var unitHash: UInt64
        /// The period as months since year 0, or `Int32.max` for a period that is no `YYYY-MM`.
        var month: Int32
        var file: Int32
        var row: Int32
        var start: Int
    }

    /// The fields kept, ascending.
    let fields: [Int]
    private var entries: [Entry] = []
    /// Per row: the unit, the period, then the canonical value and the cell of each kept field,
    /// each after its length as a LEB128 number.
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

    mutating func append(unit: String, period: String, file: Int, outcome: RowOutcome) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in unit.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        let month = YearMonth(canonical: period).map { Int32($0.year * 12 + $0.month - 1) } ?? .max
        entries.append(Entry(unitHash: hash, month: month, file: Int32(file), row: Int32(clamping: outcome.row), start: arena.count))
        append(unit)
        append(period)
        for field in fields {
            append(outcome.values[field]?.canonical ?? "")
            append(outcome.original[field])
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

    /// Each row, sorted by unit, then period, then where it was read, with the kept cells in place
    /// in rows of `fieldCount` fields whose other cells are empty.
    mutating func forEachSorted(fieldCount: Int,
                                _ body: (_ unit: String, _ period: String, _ file: Int, _ row: Int,
                                         _ canonical: [String], _ original: [String]) -> Void) {
        arena.withUnsafeBufferPointer { arena in
            func unitBytes(_ entry: Entry) -> UnsafeBufferPointer<UInt8> {
                Self.text(at: entry.start, in: arena).bytes
            }
            entries.sort { a, b in
                if a.unitHash != b.unitHash { return a.unitHash < b.unitHash }
                let unitA = unitBytes(a), unitB = unitBytes(b)
                if !unitA.elementsEqual(unitB) { return unitA.lexicographicallyPrecedes(unitB) }
                return (a.month, a.file, a.row) < (b.month, b.file, b.row)
            }
            for entry in entries {
                let unit = Self.text(at: entry.start, in: arena)
                let period = Self.text(at: unit.end, in: arena)
                var next = period.end
                var canonical = [String](repeating: "", count: fieldCount)
                var original = canonical
                for field in fields {
                    let value = Self.text(at: next, in: arena)
                    let cell = Self.text(at: value.end, in: arena)
                    next = cell.end
                    guard field < fieldCount else { continue }
                    canonical[field] = String(decoding: value.bytes, as: UTF8.self)
                    original[field] = String(decoding: cell.bytes, as: UTF8.self)
                }
                body(String(decoding: unit.bytes, as: UTF8.self), String(decoding: period.bytes, as: UTF8.self),
                     Int(entry.file), Int(entry.row), canonical, original)
            }
        }
    }

    private mutating func append(_ text: String) {
        var length = text.utf8.count
        while length >= 0x80 {
            arena.append(UInt8(length & 0x7F) | 0x80)
            length >>= 7
        }
        arena.append(UInt8(length))
        arena.append(contentsOf: text.utf8)
    }

    /// The text whose length starts at `offset`, and where the next one starts.
    private static func text(at offset: Int, in arena: UnsafeBufferPointer<UInt8>) -> (bytes: UnsafeBufferPointer<UInt8>, end: Int) {
        var start = offset
        var length = 0
        var shift = 0
        while arena[start] & 0x80 != 0 {
            length |= Int(arena[start] & 0x7F) << shift
            shift += 7
            start += 1
        }
        length |= Int(arena[start]) << shift
        return (UnsafeBufferPointer(rebasing: arena[(start + 1)..<(start + 1 + length)]), start + 1 + length)
    }
}
