import Foundation

/// The unit registry `seeds/units.csv` (PRODUCT §4): every village and enterprise expected to file.
///
/// A county's registry holds hundreds of thousands of units, so they are kept packed: each unit's
/// four texts in one byte array, found by an open-addressing table over the code (PRODUCT §10
/// allows 32 bytes per unit). A unit is unpacked only when asked for.
public struct Registry: Sendable {
    public struct Unit: Sendable, Equatable {
        public var code: String
        public var name: String
        /// 村 or 企业.
        public var type: String
        /// The 所在村代码 of an enterprise; empty for a village.
        public var villageCode: String
    }

    public static let header = ["单位代码", "单位名称", "单位类型", "所在村代码"]
    /// The units' texts, code, name, type and village code, each after its length as a LEB128
    /// number (one byte below 128).
    private var packed: [UInt8] = []
    /// Where each unit starts in `packed`, in file order.
    private var starts: [UInt32] = []
    /// Indexes into `starts` by the code's hash, -1 where empty; a power of two, at most three
    /// quarters full.
    private var slots: [Int32] = []

    /// The units; a code given twice keeps its first unit.
    public init(units: [Unit]) {
        for unit in units { _ = insert(unit) }
    }

    public var count: Int { starts.count }

    /// Every unit, in file order.
    public var units: [Unit] {
        starts.map { unpack(at: Int($0)) }
    }

    public func unit(_ code: String) -> Unit? {
        guard !slots.isEmpty, let index = slot(of: code.utf8).found else { return nil }
        return unpack(at: Int(starts[index]))
    }

    /// The type and name of the unit with `code`: what checking a row needs, unpacked alone.
    func registration(of code: String) -> (type: String, name: String)? {
        guard !slots.isEmpty, let index = slot(of: code.utf8).found else { return nil }
        let code = text(at: Int(starts[index]))
        let name = text(at: code.endIndex)
        let type = text(at: name.endIndex)
        return (String(decoding: type, as: UTF8.self), String(decoding: name, as: UTF8.self))
    }

    /// Adds `unit` unless its code is there already; false when it was.
    private mutating func insert(_ unit: Unit) -> Bool {
        if 4 * (starts.count + 1) > 3 * slots.count { grow() }
        let (found, empty) = slot(of: unit.code.utf8)
        guard found == nil else { return false }
        slots[empty] = Int32(starts.count)
        starts.append(UInt32(packed.count))
        for text in [unit.code, unit.name, unit.type, unit.villageCode] {
            var length = text.utf8.count
            while length >= 0x80 {
                packed.append(UInt8(length & 0x7F) | 0x80)
                length >>= 7
            }
            packed.append(UInt8(length))
            packed.append(contentsOf: text.utf8)
        }
        return true
    }

    /// Doubles the table, placing every unit again.
    private mutating func grow() {
        slots = [Int32](repeating: -1, count: max(16, 2 * slots.count))
        for index in starts.indices {
            slots[slot(of: text(at: Int(starts[index]))).empty] = Int32(index)
        }
    }

    /// The index of the unit with `code`, or the empty slot where it would go.
    private func slot(of code: some Collection<UInt8>) -> (found: Int?, empty: Int) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in code { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[slot] >= 0 {
            let index = Int(slots[slot])
            if Self.same(text(at: Int(starts[index])), code) { return (index, slot) }
            slot = (slot + 1) & mask
        }
        return (nil, slot)
    }

    /// Equal bytes, compared as memory where both lie in one piece (a native String's do).
    private static func same(_ stored: ArraySlice<UInt8>, _ code: some Collection<UInt8>) -> Bool {
        guard stored.count == code.count else { return false }
        let compared = stored.withUnsafeBufferPointer { stored in
            code.withContiguousStorageIfAvailable { code in
                stored.isEmpty || memcmp(stored.baseAddress!, code.baseAddress!, stored.count) == 0
            }
        }
        return compared ?? stored.elementsEqual(code)
    }

    /// The bytes of the text whose length is at `offset`.
    private func text(at offset: Int) -> ArraySlice<UInt8> {
        var start = offset
        var length = 0
        var shift = 0
        while packed[start] & 0x80 != 0 {
            length |= Int(packed[start] & 0x7F) << shift
            shift += 7
            start += 1
        }
        length |= Int(packed[start]) << shift
        return packed[(start + 1)..<(start + 1 + length)]
    }

    private func unpack(at start: Int) -> Unit {
        var offset = start
        var texts: [String] = []
        for _ in 0..<4 {
            let bytes = text(at: offset)
            texts.append(String(decoding: bytes, as: UTF8.self))
            offset = bytes.endIndex
        }
        return Unit(code: texts[0], name: texts[1], type: texts[2], villageCode: texts[3])
    }

    /// Reads the registry CSV.
    /// - Throws: `SchemaError` naming the file and line when it cannot be read, lacks a column,
    ///   or holds an empty code, a unit type other than 村/企业, or a code twice.
    public static func load(path: String) throws(SchemaError) -> Registry {
        func fail(_ line: Int?, _ place: String, _ problem: SchemaProblem) -> SchemaError {
            SchemaError(file: path, line: line, place: place, problem: problem)
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(path: path)
        } catch {
            throw fail(nil, "", .unreadableTable(error))
        }
        var registry = Registry(units: [])
        // The packed texts take about the file's bytes (a length byte where the CSV has a comma or
        // a line end): room for them up front spares a large registry the copies of a growing array.
        if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int {
            registry.packed.reserveCapacity(size + size / 2)
        }
        do {
            guard let headerRow = try reader.nextRow() else { throw fail(1, "", .missing) }
            let header = headerRow.cells.map(HeaderText.key)
            var columns: [Int] = []
            for label in Self.header {
                guard let i = header.firstIndex(of: label) else { throw fail(headerRow.number, label, .missing) }
                columns.append(i)
            }
            while let row = try reader.nextRow() {
                if row.isBlank { continue }
                let cell = { (i: Int, isCode: Bool) in
                    columns[i] < row.cells.count ? Normalisation.cell(row.cells[columns[i]], isCode: isCode) : ""
                }
                let unit = Unit(code: cell(0, true), name: cell(1, false), type: cell(2, false), villageCode: cell(3, true))
                guard !unit.code.isEmpty else { throw fail(row.number, Self.header[0], .missing) }
                guard unit.type == "村" || unit.type == "企业" else {
                    throw fail(row.number, Self.header[2], .unknownValue(unit.type, allowed: ["村", "企业"]))
                }
                guard registry.insert(unit) else { throw fail(row.number, Self.header[0], .duplicate(unit.code)) }
            }
        } catch let error as SchemaError {
            throw error
        } catch let error as ReadProblem {
            throw fail(nil, "", .unreadableTable(error))
        } catch {
            throw fail(nil, "", .unreadable)
        }
        return registry
    }
}
