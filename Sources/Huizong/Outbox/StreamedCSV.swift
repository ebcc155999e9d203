/// A CSV output written from rows made as they are read, in pieces, so that a large table
/// (timeliness: every unit times every period) is never held whole.
enum StreamedCSV {
    private static let pieceSize = 1 << 20

    static func write(header: [String], rows: some Sequence<[String]>, to path: String) throws(OutputError) {
        let writer = try AtomicFile.create(path)
        var text = CSVText(header: header)
        for row in rows {
            text.append(row)
            if text.bytes.count >= pieceSize { try writer.append(text.take()) }
        }
        try writer.append(text.take())
        try writer.commit()
    }
}
