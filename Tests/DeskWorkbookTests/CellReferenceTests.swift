import DeskCore
import Testing

@Suite struct CellReferenceTests {
    @Test func namesColumnsAsExcelDoes() {
        #expect(CellReference.columnLetters(0) == "A")
        #expect(CellReference.columnLetters(25) == "Z")
        #expect(CellReference.columnLetters(26) == "AA")
        #expect(CellReference.columnLetters(701) == "ZZ")
        #expect(CellReference.columnLetters(702) == "AAA")
        #expect(CellReference.columnLetters(16_383) == "XFD")
    }

    @Test func readsWhatItWrites() {
        for column in [0, 1, 25, 26, 27, 700, 701, 702, 16_383] {
            for row in [0, 9, 1_048_575] {
                let reference = CellReference(column: column, row: row)
                #expect(CellReference(reference.name) == reference)
            }
        }
        #expect(CellReference("E17") == CellReference(column: 4, row: 16))
        #expect(CellReference("17") == nil)
        #expect(CellReference("E") == nil)
        #expect(CellReference("XFE1") == nil)
        #expect(CellReference("A1048577") == nil)
        #expect(CellReference("A0") == nil)
    }

    @Test func quotesSheetNamesAsExcelDoes() {
        let cell = CellReference(column: 4, row: 16)
        #expect(cell.name(inSheet: "Аркуш1") == "Аркуш1!E17")
        #expect(cell.name(inSheet: "Реєстр ВПО") == "'Реєстр ВПО'!E17")
        #expect(cell.name(inSheet: "Sam's") == "'Sam''s'!E17")
    }
}
