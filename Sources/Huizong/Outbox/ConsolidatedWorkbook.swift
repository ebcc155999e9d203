import Dispatch
import Foundation

/// `outbox/consolidated/consolidated.xlsx`: the consolidated tables as one workbook, a sheet per
/// return type (typed cells: numbers as numbers, dates as dates, codes as text) and the summary.
/// A type with more rows than one Excel sheet holds goes on over sheets `标题 (2)`, `标题 (3)`, ….
///
/// The workbook is written on a thread of its own while the caller reads the versions in force
/// once, for the CSV tables too, and hands each one over with `add`: turning rows into sheet XML
/// and deflating it runs beside reading the store and writing the CSVs.
final class ConsolidatedWorkbook {
    /// What the store-reading thread hands the workbook-writing thread, in order.
    enum FeedItem {
        /// Versions of the return type at this index of the schema.
        case versions(type: Int, [CurrentVersion])
        /// No more versions of the type at this index.
        case end(type: Int)
        case summary([[String]])
    }

    /// A few items wait at most, so memory stays bounded however many versions there are;
    /// cancelled when either side gives up.
    private typealias Feed = BatchQueue<FeedItem>

    private let feed = Feed(capacity: 4)
    private let done = DispatchGroup()
    private let outcome: WritingOutcome
    private var type = 0
    private var batch: [CurrentVersion] = []
    private static let batchSize = 1024
    /// The last sheet: the rating summary of summary.csv.
    static let summarySheet = "等级汇总"

    /// Starts writing the workbook to `path`.
    /// - Parameters:
    ///   - counts: the number of versions in force per return type, which sets the number of sheets.
    ///   - perSheet: the versions a sheet holds under its header: as many as Excel allows.
    init(schema: PlanSchema, counts: [String: Int], to path: String, perSheet: Int = Worksheet.maxRows - 1) {
        var sheets: [Worksheet] = []
        for (index, type) in schema.returnTypes.enumerated() {
            let layout = ReturnSheet(type: type, extraLabels: ConsolidatedTable.trailingLabels(type),
                                     fieldColumns: ConsolidatedTable.fieldColumns(type))
            let source = TypeSource(type: index, feed: feed)
            let parts = max(1, (counts[type.name, default: 0] + perSheet - 1) / perSheet)
            for part in 0..<parts {
                sheets.append(Worksheet(name: part == 0 ? type.title : "\(type.title) (\(part + 1))",
                                        columns: layout.columns,
                                        rows: VersionRows(header: layout.header, type: type, source: source, limit: perSheet),
                                        frozenRows: 1))
            }
        }
        sheets.append(Worksheet(name: Self.summarySheet, columns: [Worksheet.Column(width: 10), Worksheet.Column(width: 24),
                                                        Worksheet.Column(width: 20)],
                                rows: SummaryRows(feed: feed), frozenRows: 1))
        let outcome = WritingOutcome(workbook: Workbook(sheets: sheets))
        self.outcome = outcome
        let feed = feed
        done.enter()
        DispatchQueue.global().async { [done] in
            outcome.write(to: path, abandoned: { feed.wasCancelled })
            if outcome.failure != nil { feed.cancel() }
            done.leave()
        }
    }

    /// Hands over the next version of the current return type, in primary-key order.
    func add(_ version: CurrentVersion) {
        batch.append(version)
        if batch.count == Self.batchSize { sendBatch() }
    }

    /// Ends the current return type's versions; the next `add` gives the next type's.
    func endType() {
        sendBatch()
        _ = feed.put(.end(type: type))
        type += 1
    }

    /// Gives the summary sheet its rows and waits for the workbook to be in place.
    /// - Throws: `OutputError` when the workbook could not be written.
    func finish(summary: [[String]]) throws(OutputError) {
        _ = feed.put(.summary(summary))
        done.wait()
        if let failure = outcome.failure { throw failure }
    }

    /// Stops the writing after a failure elsewhere: the workbook is not put in place.
    func abandon() {
        feed.cancel()
        done.wait()
    }

    private func sendBatch() {
        guard !batch.isEmpty else { return }
        _ = feed.put(.versions(type: type, batch))
        batch = []
    }

    /// The workbook, handed whole to the writing thread, and what became of it, read by the caller
    /// only after waiting for that thread.
    private final class WritingOutcome: @unchecked Sendable {
        private let workbook: Workbook
        private(set) var failure: OutputError?

        init(workbook: Workbook) {
            self.workbook = workbook
        }

        func write(to path: String, abandoned: () -> Bool) {
            do throws(OutputError) {
                try WorkbookWriter.write(workbook, to: path, unless: abandoned)
            } catch {
                failure = error
            }
        }
    }

    /// The versions of one return type, taken from the feed; shared by the type's sheets.
    private final class TypeSource {
        let type: Int
        let feed: Feed
        private var batch: [CurrentVersion] = []
        private var next = 0
        private var ended = false

        init(type: Int, feed: Feed) {
            self.type = type
            self.feed = feed
        }

        func nextVersion() -> CurrentVersion? {
            while !ended, next == batch.count {
                switch feed.take() {
                case .versions(let type, let versions) where type == self.type:
                    batch = versions
                    next = 0
                case .end(let type) where type < self.type:
                    continue
                case .versions, .end, .summary, nil:
                    ended = true
                }
            }
            guard !ended || next < batch.count else { return nil }
            next += 1
            return batch[next - 1]
        }
    }

    /// The header, then up to `limit` versions of the type.
    private struct VersionRows: Sequence, IteratorProtocol {
        let header: [Worksheet.Cell]
        let type: ReturnType
        let source: TypeSource
        var limit: Int
        var headerGiven = false

        init(header: [Worksheet.Cell], type: ReturnType, source: TypeSource, limit: Int) {
            self.header = header
            self.type = type
            self.source = source
            self.limit = limit
        }

        mutating func next() -> [Worksheet.Cell]? {
            if !headerGiven {
                headerGiven = true
                return header
            }
            guard limit > 0, let version = source.nextVersion() else { return nil }
            limit -= 1
            return ConsolidatedTable.fieldColumns(type).map { Self.cell(ConsolidatedTable.value(version, at: $0), of: type.fields[$0].type) }
                + [.string(version.file), .number(Double(version.row)), .string(ConsolidatedTable.explanation(type, version)),
                   .string(version.state.label(.zh))]
        }

        /// A canonical value as the cell a spreadsheet sorts and sums correctly.
        private static func cell(_ value: String, of type: FieldType) -> Worksheet.Cell {
            switch type {
            case .integer, .number:
                return Double(value).map { .number($0) } ?? .string(value)
            case .date:
                let parts = value.split(separator: "-").compactMap { Int($0) }
                return parts.count == 3 ? .date(year: parts[0], month: parts[1], day: parts[2]) : .string(value)
            case .string, .boolean, .yearmonth:
                return .string(value)
            }
        }
    }

    /// The summary's rows, once the caller has counted them all.
    private struct SummaryRows: Sequence {
        let feed: Feed

        func makeIterator() -> IndexingIterator<[[Worksheet.Cell]]> {
            var summary: [[String]] = []
            while let item = feed.take() {
                if case .summary(let rows) = item {
                    summary = rows
                    break
                }
            }
            guard let header = summary.first else { return [].makeIterator() }
            let rows = [header.map { Worksheet.Cell.string($0, style: .bold) }] + summary.dropFirst().map { row in
                row.enumerated().map { $0.offset < 3 ? .string($0.element) : .number(Double($0.element) ?? 0) }
            }
            return rows.makeIterator()
        }
    }
}
