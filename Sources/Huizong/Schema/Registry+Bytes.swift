#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads of the registry by a unit's index, for outputs that list every unit (timeliness: every
/// unit times every period): a unit's texts are read as the bytes the tables hold, without
/// unpacking a `Registry.Unit` per row.
extension Registry {
    /// The units' texts by index, as bytes; valid only inside `withTexts`.
    struct Texts {
        fileprivate let tables: UnitTableView

        /// The unit's code and name as UTF-8, the first two of its texts: read alone, the rest left
        /// unread. Both are empty when its place is damaged.
        func codeAndName(at index: Int) -> (code: UnsafeRawBufferPointer, name: UnsafeRawBufferPointer) {
            guard let (code, name) = tables.codeAndName(of: index) else {
                return (.init(start: nil, count: 0), .init(start: nil, count: 0))
            }
            return (UnsafeRawBufferPointer(rebasing: tables.texts[code]), UnsafeRawBufferPointer(rebasing: tables.texts[name]))
        }
    }

    /// Runs `body` with the units' texts.
    func withTexts<Result>(_ body: (Texts) -> Result) -> Result {
        withTables { body(Texts(tables: $0)) }
    }

    /// The unit at `index`, unpacked.
    func unit(at index: Int) -> Unit? {
        withTables { tables in index >= 0 && index < tables.count ? tables.unit(at: index) : nil }
    }

    /// The name of the unit with `code`, unpacked alone.
    func name(of code: String) -> String? {
        withTables { tables in tables.index(of: code.utf8).flatMap(tables.fields).map { tables.string($0.name) } }
    }

    /// The indexes of the units of `type` (村 or 企业), in the order of their codes as `String`s sort.
    func indexesByCode(ofType type: String) -> [Int32] {
        withTables { tables in
            let wanted = Array(type.utf8)
            var indexes: [Int32] = []
            var codes: [Range<Int>] = []
            for index in 0..<tables.count {
                guard let fields = tables.fields(of: index),
                      fields.type.count == wanted.count, tables.texts[fields.type].elementsEqual(wanted) else { continue }
                indexes.append(Int32(index))
                codes.append(fields.code)
            }
            let texts = tables.texts
            // Codes of ASCII bytes sort as their bytes do; any other code sends all through `String`'s order.
            let isASCII = codes.allSatisfy { texts[$0].allSatisfy { $0 < 0x80 } }
            func precedes(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
                guard isASCII else { return tables.string(a) < tables.string(b) }
                let common = min(a.count, b.count)
                let order = common == 0 ? 0 : memcmp(texts.baseAddress! + a.lowerBound, texts.baseAddress! + b.lowerBound, common)
                return order != 0 ? order < 0 : a.count < b.count
            }
            let places = Array(codes.indices)
            let isSorted = zip(places, places.dropFirst()).allSatisfy { precedes(codes[$0], codes[$1]) }
            guard !isSorted else { return indexes }
            return places.sorted { precedes(codes[$0], codes[$1]) }.map { indexes[$0] }
        }
    }
}
