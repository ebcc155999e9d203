import Foundation

/// A CSV output written from rows made as they are read, in pieces, so that a large table
/// (timeliness: every unit times every period) is never held whole.
enum StreamedCSV {
    private static let pieceSize = 1 << 20

    /// - Parameter abandoned: asked once the rows are read; true leaves the file at `path` as it was
    ///   (the rows' source failed and ended them early) and throws.
    static func write(header: [String], rows: some Sequence<[String]>, to path: String,
                      unless abandoned: () -> Bool = { false }) throws(OutputError) {
        let writer = try AtomicFile.create(path)
        var text = CSVText(header: header)
        for row in rows {
            text.append(row)
            if text.bytes.count >= pieceSize { try writer.append(text.take()) }
        }
        try writer.append(text.take())
        guard !abandoned() else {
            writer.discard()
            throw OutputError(path: path, reason: "abandoned", errorNumber: ECANCELED)
        }
        try writer.commit()
    }
}
