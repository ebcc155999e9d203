import Testing
@testable import Huizong

@Suite struct RowCellsTests {
    @Test func cellsReadBackAsTextAndAsBytes() {
        let cells = RowCells(["91330206MA2AFB2000", "", "宁波东岙机械有限公司", "a\"b,c\n"])
        #expect(cells.count == 4)
        #expect(Array(cells) == ["91330206MA2AFB2000", "", "宁波东岙机械有限公司", "a\"b,c\n"])
        #expect(cells.withUTF8(2) { Array($0) } == Array("宁波东岙机械有限公司".utf8))
        #expect(cells.withUTF8(1) { $0.count } == 0)
    }

    @Test func aColumnTheRowLacksReadsAsEmpty() {
        let cells: RowCells = ["甲", "乙"]
        #expect(cells.withUTF8(nil) { $0.count } == 0)
        #expect(cells.withUTF8(2) { $0.count } == 0)
        #expect(cells.withUTF8(7) { $0.count } == 0)
    }

    @Test func pickingPutsCellsInTheGivenOrder() {
        let cells: RowCells = ["a", "", "ccc", "丁"]
        #expect(Array(cells.picking([3, nil, 0, 9, 2])) == ["丁", "", "a", "", "ccc"])
        #expect(cells.picking([0, 1, 2, 3]) == cells)
    }

    /// A row that ends before its last columns, padded, is the row picked column by column.
    @Test func paddingAddsEmptyCellsAtTheEnd() {
        let cells: RowCells = ["a", "", "ccc", "丁"]
        #expect(Array(cells.padded(to: 6)) == ["a", "", "ccc", "丁", "", ""])
        #expect(cells.padded(to: 6) == cells.picking(Array(0..<6)))
        #expect(cells.padded(to: 4) == cells)
        #expect(cells.padded(to: 2) == cells)
        #expect(RowCells().padded(to: 2) == ["", ""])
    }

    @Test func equalCellsAreEqualHoweverTheyWereMade() {
        var appended = RowCells()
        appended.append("x")
        appended.append("")
        #expect(appended == ["x", ""])
        #expect(appended != ["", "x"])
        #expect(appended != ["x"])
    }

    @Test func cellsArePlacedByColumnAsASheetGivesThem() {
        var cells = RowCells()
        cells.place("丙", at: 2)
        #expect(Array(cells) == ["", "", "丙"])
        cells.place("甲", at: 0)
        #expect(Array(cells) == ["甲", "", "丙"])
        cells.place("丁", at: 4)
        cells.place("乙乙", at: 1)
        #expect(Array(cells) == ["甲", "乙乙", "丙", "", "丁"])
        cells.place("戊", at: 4)
        #expect(Array(cells) == ["甲", "乙乙", "丙", "", "戊"])
        #expect(cells.compacted() == cells)
        cells.removeAll()
        #expect(cells.isEmpty && cells == RowCells())
    }

    @Test(arguments: [
        ([], true), ([""], true), (["", " ", "\t\r\n"], true), (["\u{3000}", " \u{00A0}"], true),
        (["", "a"], false), (["\u{0}"], false), (["\u{7F}"], false), (["\u{3000}法"], false), ([" ", "\u{200B}"], false),
    ])
    func blankMeansEveryCellIsWhiteSpace(texts: [String], blank: Bool) {
        #expect(RowCells(texts).isBlank == blank)
        #expect(RowCells(texts).isBlank == texts.allSatisfy { $0.unicodeScalars.allSatisfy(\.isWhiteSpace) })
    }
}
