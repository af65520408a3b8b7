import DeskCore
import Testing

@Suite("Operators' names compared as they look")
struct OperatorNameTests {
    @Test func namesThatLookTheSameAreTheSameOperator() {
        let alike: [(String, String)] = [
            ("Гaннa", "Ганна"),  // Latin a
            ("ГАННА", "ганна"),
            ("  Ганна   Коваль ", "Ганна Коваль"),
            ("Мар'яна", "Мар’яна"),
            ("Мар'яна", "Марʼяна"),
            ("Ган\u{200B}на", "Ганна"),  // a zero-width space
            ("Oлег", "Олег"),  // Latin O
            ("Ігор", "Igor".replacingOccurrences(of: "gor", with: "гор")),  // Latin I
            ("Cepгій", "Сергій"),  // Latin C, e
            ("HАТАЛКА", "Наталка"),  // Latin H, upper case
            ("Ганна\u{0301}", "Ганна\u{0301}"),
        ]
        for (a, b) in alike {
            #expect(OperatorName.same(a, b), "\(a) ~ \(b)")
        }
    }

    @Test func differentNamesStayDifferent() {
        let different: [(String, String)] = [
            ("Ганна", "Галина"), ("Олег", "Олега"), ("Ганна Коваль", "ГаннаКоваль"), ("Іван", "Їван"),
            ("Марія", "Mapia".uppercased()),  // "MAPIA": M, A, P, I, A against М, А, Р, І, Я
        ]
        for (a, b) in different {
            #expect(!OperatorName.same(a, b), "\(a) ≠ \(b)")
        }
    }

    @Test func theStoredNameIsCleanedButKeepsItsLetters() {
        #expect(OperatorName.clean("  Ганна \u{200D} Коваль ") == "Ганна Коваль")
        #expect(OperatorName.clean("Гaннa") == "Гaннa")
    }
}
