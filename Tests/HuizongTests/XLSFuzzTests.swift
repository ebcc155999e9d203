/// Fuzz tests of the .xls reader (see FuzzTests.swift for the run settings): damaged workbooks
/// end in rows or a `ReadProblem`, never a crash or a hang.
///
/// A case damages one of the fixtures' files, or the Workbook stream of the fixtures or of a
/// hand-built workbook, wrapped again in a sound compound file so that the damage reaches the BIFF
/// records: random byte damage, a record header's length made to lie, a sector chain made to loop,
/// a stream's size made to lie. The default 300 cases take about 2 s in a debug build.
import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

enum XLSFuzz {
    /// The fixtures' files.
    static let files: [(name: String, bytes: [UInt8])] = XLSReaderTests.fixtures.compactMap { name in
        FileManager.default.contents(atPath: XLSReaderTests.fixture(name)).map { (name, [UInt8]($0)) }
    }

    /// The Workbook streams of the fixtures, and of a hand-built workbook with every kind of cell
    /// record, a shared string split across a CONTINUE record, and a chart inside a sheet.
    static let streams: [(name: String, bytes: [UInt8])] = {
        var streams = files.compactMap { file in
            (try? CompoundFile(bytes: file.bytes).stream("Workbook")).flatMap { $0 }.map { (file.name + " stream", $0) }
        }
        let sst = CompoundFileBuilder.littleEndian([2, 2]) + [3, 0, 0] + Array("abc".utf8) + [4, 0, 0] + Array("xy".utf8)
        let continued = [1] + CompoundFileBuilder.littleEndian16(Array("东岙".utf16))
        let globals = BIFFBuilder.record(0x00FC, sst) + BIFFBuilder.record(0x003C, continued) + BIFFBuilder.extendedFormats([0, 14])
        var records = BIFFBuilder.labelSST(0, 0, 0) + BIFFBuilder.labelSST(0, 1, 1) + BIFFBuilder.number(1, 0, xf: 1, 39_989)
        records += BIFFBuilder.cell(0x027E, 1, 1, CompoundFileBuilder.littleEndian([120 << 2 | 2]))
        records += BIFFBuilder.cell(0x0006, 2, 0, [0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0])
        records += BIFFBuilder.record(0x0207, BIFFBuilder.string("结果"))
        records += BIFFBuilder.cell(0x0205, 2, 1, [0x07, 1]) + BIFFBuilder.cell(0x0204, 3, 0, BIFFBuilder.string("标签"))
        records += BIFFBuilder.bof(0x0020) + BIFFBuilder.number(4, 0, 1) + BIFFBuilder.eof
        streams.append(("built stream", BIFFBuilder.workbook(globals: globals, sheets: [
            ("隐藏", 1, 0, BIFFBuilder.labelSST(0, 0, 0)), BIFFBuilder.worksheet("企业创建情况表", records),
        ])))
        return streams
    }()

    static let compoundTokens: [[UInt8]] = [
        [0xFE, 0xFF, 0xFF, 0xFF], [0xFF, 0xFF, 0xFF, 0xFF], [0xFD, 0xFF, 0xFF, 0xFF], [0x00, 0x00, 0x00, 0x00],
        [0x01, 0x00, 0x00, 0x00], [0x00, 0x10, 0x00, 0x00], [0xFF, 0xFF, 0xFF, 0x7F],
    ]

    static let recordTokens: [[UInt8]] = [
        BIFFBuilder.bof(0x0010), BIFFBuilder.bof(0x0020), BIFFBuilder.eof, [0x3C, 0x00, 0x01, 0x00, 0x01],
        [0xFD, 0x00, 0x0A, 0x00], [0xBD, 0x00, 0xFF, 0xFF], [0x07, 0x02, 0x03, 0x00, 0xFF, 0x7F, 0x01], [0xFF, 0xFF],
        [0x06, 0x00, 0x14, 0x00], [0x2F, 0x00, 0x00, 0x00],
    ]

    /// A damaged workbook and what was done to it.
    static func randomWorkbook(_ random: inout SplitMix64) -> (description: String, bytes: [UInt8]) {
        switch random.below(8) {
        case 0, 1:
            let file = random.pick(files)
            return ("\(file.name) mutated", FuzzSupport.mutate(file.bytes, &random, tokens: compoundTokens))
        case 2:
            let stream = random.pick(streams)
            return ("\(stream.name), a chain looping", loopingChain(stream.bytes, &random))
        case 3:
            let stream = random.pick(streams)
            return ("\(stream.name), a size lying", lyingSize(stream.bytes, &random))
        case 4, 5:
            let stream = random.pick(streams)
            return ("\(stream.name), a record's length lying", XLSReaderTests.compound(lyingRecordLength(stream.bytes, &random)))
        default:
            let stream = random.pick(streams)
            return ("\(stream.name) mutated", XLSReaderTests.compound(FuzzSupport.mutate(stream.bytes, &random, tokens: recordTokens)))
        }
    }

    /// The stream in a compound file whose FAT sends a sector back to an earlier one.
    static func loopingChain(_ stream: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = XLSReaderTests.compound(stream)
        let fat = 512 + CompoundFileBuilder.uint32(bytes, 0x4C) * 512
        let entries = min(128, (bytes.count - 512) / 512)
        let sector = random.below(entries)
        CompoundFileBuilder.patch(&bytes, fat + 4 * sector, UInt32(random.below(sector + 1)))
        return bytes
    }

    /// The stream in a compound file whose directory gives a wrong size for it or for the mini stream.
    static func lyingSize(_ stream: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = XLSReaderTests.compound(stream)
        let directory = 512 + CompoundFileBuilder.uint32(bytes, 0x30) * 512
        let entry = random.below(2)
        let size = CompoundFileBuilder.uint32(bytes, directory + entry * 128 + 0x78)
        let lie = random.pick([0, 1, 4095, 4096, size - 1, size + 1, size * 2, 0x7FFF_FFFF, Int(UInt32.max)])
        CompoundFileBuilder.patch(&bytes, directory + entry * 128 + 0x78, UInt32(truncatingIfNeeded: lie))
        return bytes
    }

    /// The stream with one record's length changed.
    static func lyingRecordLength(_ stream: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var offsets: [Int] = []
        var offset = 0
        while offset + 4 <= stream.count {
            offsets.append(offset)
            offset += 4 + (Int(stream[offset + 2]) | Int(stream[offset + 3]) << 8)
        }
        guard let target = offsets.isEmpty ? nil : random.pick(offsets) else { return stream }
        var bytes = stream
        let length = random.pick([0, 1, 2, 5, 6, 7, 13, 19, 0xFFFF, random.below(0x10000)])
        bytes[target + 2] = UInt8(truncatingIfNeeded: length)
        bytes[target + 3] = UInt8(truncatingIfNeeded: length >> 8)
        return bytes
    }

    struct Outcome: Equatable, Sendable, CustomStringConvertible {
        var sheets: [String] = []
        var rows: [SourceRow] = []
        var problem: ReadProblem?
        /// Whether a call after the end gave nil again, and one after a problem threw it again.
        var staysAtEnd = true

        var description: String {
            "sheets \(sheets), \(rows.count) rows, " + (problem.map { "throws \($0)" } ?? "ends")
                + (staysAtEnd ? "" : ", but a later call does not repeat it")
        }
    }

    /// Every sheet of the workbook at `path`, read to its end or to the first problem.
    static func read(path: String) -> Outcome {
        var outcome = Outcome()
        do throws(ReadProblem) {
            let workbook = try XLSWorkbook(path: path, limits: WorkbookLimits())
            outcome.sheets = workbook.sheets.map(\.name)
            for index in workbook.sheets.indices {
                let reader = try workbook.rows(ofSheet: index)
                do throws(ReadProblem) {
                    while let row = try reader.nextRow() { outcome.rows.append(row) }
                    outcome.staysAtEnd = try reader.nextRow() == nil
                } catch {
                    do throws(ReadProblem) {
                        _ = try reader.nextRow()
                        outcome.staysAtEnd = false
                    } catch let again {
                        outcome.staysAtEnd = again == error
                    }
                    throw error
                }
            }
        } catch {
            outcome.problem = error
        }
        return outcome
    }

    /// What is wrong with how the workbook `bytes`, written to `path`, was read, or nil.
    static func violation(_ bytes: [UInt8], path: String, tally: FuzzTally? = nil) -> String? {
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        guard let outcome = FuzzSupport.withWatchdog({ read(path: path) }) else { return "no outcome within 10 s: a hang" }
        tally?.add(outcome.problem)
        if !outcome.staysAtEnd { return "\(outcome)" }
        if let row = outcome.rows.first(where: { !(1...65_536).contains($0.number) }) { return "row number \(row.number)" }
        if let row = outcome.rows.first(where: { $0.cells.count > 256 }) { return "row \(row.number) has \(row.cells.count) cells" }
        if let row = outcome.rows.first(where: { row in row.numberCells.contains { !row.cells.indices.contains($0) } }) {
            return "row \(row.number) lists number cells \(row.numberCells) of \(row.cells.count)"
        }
        return nil
    }
}

@Suite struct XLSFuzzTests {
    @Test func fuzzBasesReadCleanly() throws {
        #expect(XLSFuzz.files.count == XLSReaderTests.fixtures.count)
        #expect(XLSFuzz.streams.count == XLSReaderTests.fixtures.count + 1)
        for stream in XLSFuzz.streams {
            let outcome = XLSFuzz.read(path: try XLSReaderTests.file(stream.bytes))
            #expect(outcome.problem == nil && !outcome.rows.isEmpty, "\(stream.name): \(outcome)")
        }
    }

    @Test func fuzzDamagedWorkbooks() throws {
        try FuzzSupport.fuzzWorkbooks(reader: "XLSWorkbook", fileExtension: "xls", salt: 0x7158, base: 300) { random in
            let (description, input) = XLSFuzz.randomWorkbook(&random)
            return (description, input, { XLSFuzz.violation($0, path: $1, tally: $2) })
        }
    }
}
