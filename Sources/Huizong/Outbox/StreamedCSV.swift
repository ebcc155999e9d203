import Foundation

/// A CSV output written from rows made as they are read, in pieces, so that a large table
/// (timeliness: every unit times every period) is never held whole.
struct StreamedCSV {
    private static let pieceSize = 1 << 20

    private let path: String
    private let writer: AtomicFileWriter
    /// The rows made since the last piece went out; a row is appended here, then `rowEnded` called.
    var text: CSVText

    init(header: [String], to path: String) throws(OutputError) {
        self.path = path
        writer = try AtomicFile.create(path)
        text = CSVText(header: header)
    }

    /// Writes the bytes made so far once they fill a piece.
    mutating func rowEnded() throws(OutputError) {
        guard text.bytes.count >= Self.pieceSize else { return }
        try writer.append(text.bytes)
        text.clear()
    }

    /// Writes the rest and puts the file in place.
    /// - Parameter abandoned: asked once the rows are read; true leaves the file at `path` as it was
    ///   (the rows' source failed and ended them early) and throws.
    mutating func commit(unless abandoned: () -> Bool = { false }) throws(OutputError) {
        try writer.append(text.take())
        guard !abandoned() else {
            writer.discard()
            throw OutputError(path: path, reason: "abandoned", errorNumber: ECANCELED)
        }
        try writer.commit()
    }

    /// Writes a table whose rows are given as their cells.
    static func write(header: [String], rows: some Sequence<[String]>, to path: String,
                      unless abandoned: () -> Bool = { false }) throws(OutputError) {
        var csv = try StreamedCSV(header: header, to: path)
        for row in rows {
            csv.text.append(row)
            try csv.rowEnded()
        }
        try csv.commit(unless: abandoned)
    }
}
