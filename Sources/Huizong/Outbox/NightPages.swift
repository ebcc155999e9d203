import Foundation

/// `outbox/nights/`: every night that processed files keeps its dashboard page there as that night
/// wrote it (PRODUCT §14). `index.html` is written again by a run that finds nothing new and by
/// every review decision; the night's page is not, so the morning's record is never lost.
enum NightPages {
    static let folder = "nights"
    /// How many earlier nights `index.html` links; the folder keeps them all.
    static let linkedFromIndex = 60

    /// A night that processed files, as `Store.nights(upTo:)` lists it.
    typealias Night = (run: RunRecord, files: Int)

    /// An earlier night that `index.html` links.
    struct Link {
        let run: RunRecord
        let files: Int
        /// The page's file name in `nights/`.
        let page: String
    }

    /// The file name of each night's page, by run: the run's start in UTC without colons,
    /// `2026-12-06T013000Z.html`; a night that started in the same second as an earlier one also
    /// gets its run number, `2026-12-06T013000Z-8.html`.
    static func fileNames(_ nights: [Night]) -> [Int64: String] {
        var names: [Int64: String] = [:]
        var taken: Set<String> = []
        for night in nights.sorted(by: { $0.run.id < $1.run.id }) {
            let stamp = night.run.started.filter { $0 != ":" }
            let name = taken.contains(stamp) ? "\(stamp)-\(night.run.id)" : stamp
            taken.insert(name)
            names[night.run.id] = name + ".html"
        }
        return names
    }

    /// The nights before the one `index.html` shows whose pages are in the folder, newest first:
    /// the first `linkedFromIndex` of them, and how many more there are.
    static func earlier(than shown: Int64, _ nights: [Night], outbox: String) -> (links: [Link], more: Int) {
        let names = fileNames(nights)
        let kept = nights.compactMap { night -> Link? in
            guard night.run.id < shown, let page = names[night.run.id],
                  FileManager.default.fileExists(atPath: outbox + "/" + folder + "/" + page) else { return nil }
            return Link(run: night.run, files: night.files, page: page)
        }
        return (Array(kept.prefix(linkedFromIndex)), max(kept.count - linkedFromIndex, 0))
    }
}
