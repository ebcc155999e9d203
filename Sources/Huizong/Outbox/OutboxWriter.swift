import Foundation

/// Writes everything in `outbox/` for one run from the store (PRODUCT §7.3, §11): the consolidated
/// tables, the rating summary, completeness, the error reports of the run's files, timeliness,
/// review states, the run's changes and the workbook of them, `report.json`, the dashboard and the
/// page the night keeps under `nights/`.
/// Each output goes to a temporary name and is renamed into place; the versions in force are
/// streamed, so memory does not grow with the size of the tables.
/// Why the outbox could not be written: the store could not be read, or a file not written.
enum OutboxFailure: Error {
    case store(StoreError)
    case output(OutputError)
}

struct OutboxWriter {
    let workspace: Workspace
    let store: Store

    var outbox: String { workspace.root + "/outbox" }

    /// - Parameters:
    ///   - period: the completeness period asked for; else the run's, else the latest with rows.
    ///   - now: the moment timeliness is judged at: the nightly run's start, or a review command's time.
    ///   - keepsNightPage: whether `run`, if it processed files, writes its page under `outbox/nights/`:
    ///     the night does; a review decision leaves the morning's page as it was.
    /// - Returns: what `report.json` says of the run.
    func write(run: RunRecord, period: String?, now: Date, keepsNightPage: Bool) throws(OutboxFailure) -> (files: [FileRecord], issues: [IssueRecord], completeness: Completeness) {
        let schema = workspace.schema
        let registry = workspace.registry
        do throws(any Error) {
            // The consolidated tables read the versions in force through a connection of their own,
            // on a thread of their own, while this thread writes completeness and the error reports
            // and reads the cycle: on a large store each side takes many seconds, most of them on one core.
            var consolidated: Result<RatingSummary, any Error>?
            var read: Result<(Completeness, [FileRecord], [IssueRecord], ReportingCycle), any Error>?
            Parallel.alongside({
                consolidated = Result { try writeConsolidated(schema, from: try Store(readOnlyAt: outbox + "/" + Store.fileName)) }
            }, {
                read = Result {
                    let chosen = try period ?? run.period ?? store.latestPeriod()
                    let completeness = Completeness(schema: schema, registry: workspace.registry,
                                                    filed: try filedUnits(period: chosen), period: chosen)
                    try AtomicFile.write(completeness.csv, to: outbox + "/completeness.csv")
                    let files = try store.files(run: run.id).map(\.record)
                    try writeErrorReports(files)
                    return (completeness, files, try store.issues(run: run.id),
                            try ReportingCycle(store: store, schema: schema, registry: registry, run: run, now: now))
                }
            })
            let summary = try consolidated!.get()
            let (completeness, files, issues, cycle) = try read!.get()
            // The rest takes many seconds each on a large store, most of it on one core, so three
            // threads share the cores: report.json, reading the cycle's pages through readers of its
            // own; review.csv, changes.csv and cycle.xlsx; timeliness.csv, which needs nothing from
            // the store, and the dashboard.
            let reportCycle = cycle.withPagesOfItsOwn()
            var report: Result<Void, any Error>?
            var tables: Result<Void, any Error>?
            var pages: Result<Void, any Error>?
            Parallel.alongside({
                report = Result {
                    try reading(reportCycle) { () throws(OutputError) in
                        try RunReport.write(files: files, issues: issues, completeness: completeness, cycle: reportCycle,
                                            schema: schema, registry: registry, to: outbox + "/report.json")
                    }
                }
            }, {
                Parallel.alongside({
                    tables = Result { try writeCycle(cycle) }
                }, {
                    pages = Result {
                        try TimelinessTable.write(cycle.timeliness, to: outbox + "/timeliness.csv")
                        try writeDashboard(DashboardNight(run: run, files: files, issues: issues, changes: cycle.changeDigest),
                                           keepsNightPage: keepsNightPage, completeness: completeness,
                                           summary: summary.rows(schema), cycle: cycle)
                    }
                })
            })
            try tables!.get()
            try report!.get()
            try pages!.get()
            return (files, issues, completeness)
        } catch let error as OutputError {
            throw .output(error)
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .store(StoreError(path: outbox, reason: String(describing: error)))
        }
    }

    /// The error report of each of `files` that has one: a CSV with a workbook beside it, or a workbook.
    private func writeErrorReports(_ files: [FileRecord]) throws {
        let schema = workspace.schema
        for file in files {
            guard let report = file.errorReport, let type = file.returnType.flatMap(schema.returnType(named:)) else { continue }
            let rows = try store.rejectedRows(file: file.id)
            if let workbook = ErrorReport.workbookPath(besideCSV: report) {
                try AtomicFile.write(ErrorReport.csv(type, rows: rows), to: workspace.root + "/" + report)
                try WorkbookWriter.write(ErrorWorkbook.workbook(type, rows: rows), to: workspace.root + "/" + workbook)
            } else {
                try WorkbookWriter.write(ErrorWorkbook.workbook(type, rows: rows), to: workspace.root + "/" + report)
            }
        }
    }

    /// `index.html`, and the page of a night that processed files under `nights/` (PRODUCT §14).
    /// A run with nothing new leaves the index showing the latest night that processed files, and
    /// says when the inbox was last looked at.
    /// - Parameter written: the run being written, with what it found and changed.
    private func writeDashboard(_ written: DashboardNight, keepsNightPage: Bool, completeness: Completeness, summary: [[String]],
                                cycle: ReportingCycle) throws {
        let run = written.run
        func page(_ night: DashboardNight, _ place: Dashboard.Place) -> [UInt8] {
            Dashboard.html(night: night, place: place, completeness: completeness, summary: summary, cycle: cycle,
                           registry: workspace.registry, schema: workspace.schema, language: run.language)
        }
        let nights = try store.nights(upTo: run.id)
        if keepsNightPage, !written.files.isEmpty, let name = NightPages.fileNames(nights)[run.id] {
            try AtomicFile.write(page(written, .nightPage), to: outbox + "/" + NightPages.folder + "/" + name)
        }
        var shown = written
        if let latest = nights.first?.run, latest.id != run.id {
            shown = DashboardNight(run: latest, files: try store.files(run: latest.id).map(\.record), issues: try store.issues(run: latest.id),
                                   changes: try ChangeDigest(store.changes(run: latest.id)))
        }
        let earlier = NightPages.earlier(than: shown.run.id, nights, outbox: outbox)
        try AtomicFile.write(page(shown, .index(lastChecked: run, earlier: earlier.links, more: earlier.more)), to: outbox + "/index.html")
    }

    /// review.csv, changes.csv and cycle.xlsx.
    private func writeCycle(_ cycle: ReportingCycle) throws {
        let schema = workspace.schema
        let registry = workspace.registry
        let unlessAbandoned = { cycle.review.failure != nil || cycle.changes.failure != nil }
        try reading(cycle) { () throws(OutputError) in
            try StreamedCSV.write(header: ReviewTable.header,
                                  rows: cycle.review.lazy.map { ReviewTable.cells($0, schema: schema, registry: registry) },
                                  to: outbox + "/review.csv", unless: unlessAbandoned)
            try StreamedCSV.write(header: ChangeTable.header,
                                  rows: cycle.changes.lazy.map { ChangeTable.cells($0, schema: schema, registry: registry) },
                                  to: outbox + "/changes.csv", unless: unlessAbandoned)
            try WorkbookWriter.write(CycleWorkbook.workbook(cycle, schema: schema, registry: registry), to: outbox + "/cycle.xlsx",
                                     unless: unlessAbandoned)
        }
    }

    /// Runs a write that reads the cycle's pages from the store: when a read failed midway, the
    /// write was abandoned and the store's failure is what is reported.
    private func reading(_ cycle: ReportingCycle, _ write: () throws(OutputError) -> Void) throws {
        do {
            try write()
        } catch {
            if let failure = cycle.review.failure ?? cycle.changes.failure { throw failure }
            throw error
        }
    }

    /// The consolidated CSVs, the summary and the workbook, from one read of the versions in force.
    /// - Parameter versions: the store to read them from.
    /// - Returns: the rating summary, which the dashboard shows too.
    private func writeConsolidated(_ schema: PlanSchema, from versions: Store) throws -> RatingSummary {
        var counts: [String: Int] = [:]
        for type in schema.returnTypes {
            counts[type.name] = try versions.currentVersionCount(returnType: type.name)
        }
        let workbook = ConsolidatedWorkbook(schema: schema, counts: counts, to: outbox + "/consolidated/consolidated.xlsx")
        do {
            var summary = RatingSummary(schema: schema)
            for type in schema.returnTypes {
                var table = try ConsolidatedTable(type, path: outbox + "/consolidated/\(type.name).csv")
                var failure: OutputError?
                try versions.forEachCurrentVersion(returnType: type.name) { version in
                    do throws(OutputError) {
                        try table.append(type, version)
                    } catch {
                        failure = error
                        return false
                    }
                    summary.count(type, values: version.values)
                    workbook.add(version)
                    return true
                }
                if let failure { throw failure }
                workbook.endType()
                try table.commit()
            }
            try AtomicFile.write(summary.csv(schema), to: outbox + "/consolidated/summary.csv")
            try workbook.finish(summary: summary.rows(schema))
            return summary
        } catch {
            workbook.abandon()
            throw error
        }
    }

    /// The units with a version in force for `period`, as `Completeness.filedKey`s.
    private func filedUnits(period: String?) throws(StoreError) -> Set<String> {
        guard let period else { return [] }
        var filed: Set<String> = []
        for (typeName, units) in try store.filedUnits(period: period) {
            guard let unitType = workspace.schema.returnType(named: typeName)?.filingUnitType else { continue }
            for unit in units { filed.insert(Completeness.filedKey(unitType: unitType, code: unit)) }
        }
        return filed
    }
}
