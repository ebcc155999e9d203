/// The unit registry `seeds/units.csv` (PRODUCT §4): every village and enterprise expected to file.
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
    public private(set) var units: [String: Unit] = [:]
    /// Codes in file order, for reports that list units.
    public private(set) var order: [String] = []

    public init(units: [Unit]) {
        for unit in units where self.units[unit.code] == nil {
            self.units[unit.code] = unit
            order.append(unit.code)
        }
    }

    public func unit(_ code: String) -> Unit? {
        units[code]
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
        var units: [Unit] = []
        var seen: Set<String> = []
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
                guard seen.insert(unit.code).inserted else { throw fail(row.number, Self.header[0], .duplicate(unit.code)) }
                units.append(unit)
            }
        } catch let error as SchemaError {
            throw error
        } catch let error as ReadProblem {
            throw fail(nil, "", .unreadableTable(error))
        } catch {
            throw fail(nil, "", .unreadable)
        }
        return Registry(units: units)
    }
}
