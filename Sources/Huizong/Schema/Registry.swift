import Foundation

/// The unit registry `seeds/units.csv` (PRODUCT §4): every village and enterprise expected to file.
///
/// A county's registry holds hundreds of thousands of units, so they are kept packed: each unit's
/// four texts in one byte array, found by an open-addressing table over the code's hash whose
/// 16-byte slots also hold the unit's type and its name's hash, so that checking a row reads a slot
/// and not the texts (PRODUCT §10 allows 32 bytes per unit). A unit is unpacked only when asked for.
///
/// Reading a million units from the CSV takes seconds, so the tables are also kept in a packed file
/// beside it (`PackedRegistryFile`), which later loads map as they are.
public struct Registry: Sendable {
    public struct Unit: Sendable, Equatable {
        public var code: String
        public var name: String
        /// 村 or 企业.
        public var type: String
        /// The 所在村代码 of an enterprise; empty for a village.
        public var villageCode: String
    }

    /// Where a registry's tables came from.
    enum Source: Sendable, Equatable {
        /// The units given to `init(units:)`.
        case units
        /// The CSV, read row by row.
        case csv
        /// The packed file beside the CSV, mapped as it is.
        case packedFile
    }

    private enum Storage: Sendable {
        case built(UnitTables)
        case mapped(PackedRegistryFile)
    }

    public static let header = ["单位代码", "单位名称", "单位类型", "所在村代码"]
    let source: Source
    private let storage: Storage

    private init(source: Source, storage: Storage) {
        self.source = source
        self.storage = storage
    }

    /// The units; a code given twice keeps its first unit.
    public init(units: [Unit]) {
        var tables = UnitTables()
        for unit in units { _ = tables.insert(unit) }
        self.init(source: .units, storage: .built(tables))
    }

    public var count: Int {
        withTables(\.count)
    }

    /// Every unit, in file order.
    public var units: [Unit] {
        withTables { tables in (0..<tables.count).compactMap(tables.unit) }
    }

    public func unit(_ code: String) -> Unit? {
        withTables { tables in tables.index(of: code.utf8).flatMap(tables.unit) }
    }

    /// How the unit with a code stands against what a row says of it.
    enum Registration: Equatable {
        case unregistered
        /// Registered as a unit of another type.
        case otherType(String)
        /// Registered as the type the row needs, at `place` (`index(of:)`), with `otherName` when
        /// the registered name is not the row's byte for byte.
        case registered(place: Int, otherName: String?)
    }

    /// The unit with `code` compared with the `type` and `name` a row gives it: what checking a row
    /// needs. The unit's slot holds its type and its name's hash, so the texts are read only where
    /// the names differ (or for a type other than 村 and 企业), and a String is made only for what
    /// differs. Two names whose 32-bit hashes are the same are taken for the same (about once in
    /// four billion different names): the cost is a `registry-mismatch` warning not given.
    func registration(of code: String, type: String, name: String?) -> Registration {
        registration(utf8: code.utf8, type: type, name: name?.utf8)
    }

    /// The same with the code and the name given as UTF-8, as a row's values hold them.
    func registration<Code: Collection<UInt8>, Name: Collection<UInt8>>(utf8 code: Code, type: String, name: Name?) -> Registration {
        withTables { tables in
            guard let slot = tables.slot(of: code) else { return .unregistered }
            if let registered = slot.type.text {
                guard registered == type else { return .otherType(registered) }
            } else {
                guard let fields = tables.fields(of: slot.index) else { return .unregistered }
                guard tables.holds(fields.type, type.utf8) else { return .otherType(tables.string(fields.type)) }
            }
            guard let name, UnitTableView.nameHash(name) != slot.nameHash else { return .registered(place: slot.index, otherName: nil) }
            guard let names = tables.codeAndName(of: slot.index) else { return .unregistered }
            return .registered(place: slot.index, otherName: tables.holds(names.name, name) ? nil : tables.string(names.name))
        }
    }

    /// Brings into the cache the slots that looking up the codes with these hashes (`codeHash(_:)`)
    /// will read first, for many codes at once (`UnitTableView.warm(hashes:)`).
    func warm(hashes: inout [UInt64]) -> UInt64 {
        withTables { $0.warm(hashes: &hashes) }
    }

    /// The hash the look-up of `code` starts from.
    static func codeHash(_ code: some Collection<UInt8>) -> UInt64 {
        UnitTableView.hash(code)
    }

    /// Where the unit with `code` stands in the registry: a number that names it in four bytes.
    func index(of code: String) -> Int? {
        withTables { $0.index(of: code.utf8) }
    }

    /// The code of the unit at `index`.
    func code(at index: Int) -> String? {
        withTables { tables in index < tables.count ? tables.fields(of: index).map { tables.string($0.code) } : nil }
    }

    func withTables<Result>(_ body: (UnitTableView) -> Result) -> Result {
        switch storage {
        case .built(let tables): tables.withView(body)
        case .mapped(let file): body(file.tables)
        }
    }

    /// Reads the registry CSV, or the packed file beside it when that was built from the CSV as it is now;
    /// when there is none, or it is stale or damaged, writes it anew if it can (never failing for it).
    /// - Throws: `SchemaError` naming the file and line when the CSV cannot be read, lacks a column,
    ///   or holds an empty code, a unit type other than 村/企业, or a code twice.
    public static func load(path: String) throws(SchemaError) -> Registry {
        let packedPath = PackedRegistryFile.path(beside: path)
        let identity = FileIdentity(path: path)
        if let identity, let file = PackedRegistryFile.load(from: packedPath, builtFrom: identity) {
            return Registry(source: .packedFile, storage: .mapped(file))
        }
        let tables = try readCSV(path: path)
        // A CSV written in the last moments could change again within the same tick of the file
        // system's clock, keeping its identity; it is packed once it has been left alone.
        if let identity, !identity.isRecent, FileIdentity(path: path) == identity {
            PackedRegistryFile.write(tables, builtFrom: identity, to: packedPath)
        }
        return Registry(source: .csv, storage: .built(tables))
    }

    private static func readCSV(path: String) throws(SchemaError) -> UnitTables {
        func fail(_ line: Int?, _ place: String, _ problem: SchemaProblem) -> SchemaError {
            SchemaError(file: path, line: line, place: place, problem: problem)
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(path: path)
        } catch {
            throw fail(nil, "", .unreadableTable(error))
        }
        var tables = UnitTables()
        // The packed texts take about the file's bytes (a length byte where the CSV has a comma or
        // a line end).
        if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int {
            tables.reserveTexts(size + size / 2)
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
                guard UnitTableView.UnitType(unit.type) != .other else {
                    throw fail(row.number, Self.header[2], .unknownValue(unit.type, allowed: ["村", "企业"]))
                }
                guard tables.insert(unit) else { throw fail(row.number, Self.header[0], .duplicate(unit.code)) }
            }
            tables.settle()
        } catch let error as SchemaError {
            throw error
        } catch let error as ReadProblem {
            throw fail(nil, "", .unreadableTable(error))
        } catch {
            throw fail(nil, "", .unreadable)
        }
        return tables
    }
}
