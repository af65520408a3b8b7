import Testing

@testable import DeskCore

@Suite("Search: normalisation")
struct SearchNormalisationTests {
    @Test("the fold merges е/є/ё/э, и/і/ї/й/ы, г/ґ and drops signs and apostrophes")
    func fold() {
        #expect(NameFold.folded("Згурський") == "згурскии")
        #expect(NameFold.folded("Євген") == NameFold.folded("Евген"))
        #expect(NameFold.folded("Фёдор") == NameFold.folded("Федор"))
        #expect(NameFold.folded("Эдуард") == NameFold.folded("Едуард"))
        #expect(NameFold.folded("Ґалаґан") == NameFold.folded("Галаган"))
        #expect(NameFold.folded("Їжак") == NameFold.folded("Ижак"))
        #expect(NameFold.folded("Ірина") == NameFold.folded("Ирина"))
        #expect(NameFold.folded("Сергій") == NameFold.folded("Сергии"))
        for spelling in ["Мар'яна", "Мар’яна", "Марʼяна", "Марьяна", "Маряна", "МАР'ЯНА"] {
            #expect(NameFold.folded(spelling) == "маряна", "\(spelling)")
        }
        // A Latin i typed inside a Cyrillic word counts as і.
        #expect(NameFold.folded("Олiйник") == NameFold.folded("Олійник"))
    }

    @Test("light keys tell letter confusions from exact spellings")
    func lightKey() {
        #expect(NameFold.lightKey("Мар’яна") == NameFold.lightKey("мар'яна"))
        #expect(NameFold.lightKey("Олена") != NameFold.lightKey("Олєна"))
    }

    @Test("Latin keys pressed for Ukrainian letters, punctuation keys included")
    func latinLayout() {
        #expect(NameFold.latinKeysToUkrainian("rjdfkmxer") == "ковальчук")
        #expect(NameFold.latinKeysToUkrainian("Rjdfktyrj") == "Коваленко")
        #expect(NameFold.latinKeysToUkrainian("[") == "х")
        #expect(NameFold.latinKeysToUkrainian("]") == "ї")
        #expect(NameFold.latinKeysToUkrainian(";") == "ж")
        #expect(NameFold.latinKeysToUkrainian("'") == "є")
        #expect(NameFold.latinKeysToUkrainian(",") == "б")
        #expect(NameFold.latinKeysToUkrainian(".") == "ю")
        #expect(NameFold.latinKeysToUkrainian("`") == "'")
        #expect(NameFold.latinKeysToUkrainian("{}:\"<>") == "ХЇЖЄБЮ")
        #expect(NameFold.latinKeysToUkrainian(",f,'rj") == "бабєко")
        #expect(NameFold.latinKeysToUkrainian("vfh`zyf") == "мар'яна")
        #expect(NameFold.latinKeysToUkrainian("Ljhjityrj") == "Дорошенко")
    }

    @Test("Ukrainian letters typed for Latin text")
    func ukrainianLayout() {
        #expect(NameFold.ukrainianKeysToLatin("Щдрф") == "Olha")
        #expect(NameFold.ukrainianKeysToLatin("ыукршш") == "serhii")
        #expect(NameFold.ukrainianKeysToLatin("Ыукршш") == "Serhii")
    }

    @Test(
        "Latin spellings read back as folded Cyrillic",
        arguments: [
            ("Zghurskyi", "Згурський"), ("Olha", "Ольга"), ("Serhii", "Сергій"), ("Yevhen", "Євген"),
            ("Yurii", "Юрій"), ("Khrystyna", "Христина"), ("Shcherbak", "Щербак"), ("Zhytomyr", "Житомир"),
            ("Oleksandr", "Олександр"), ("Mykhailo", "Михайло"), ("Tkachenko", "Ткаченко"),
            ("Ševčenko", "Шевченко"), ("Kovalčuk", "Ковальчук"), ("Ïžak", "Їжак"),
        ])
    func primaryReading(latin: String, cyrillic: String) {
        #expect(LatinSpelling.primaryReading(latin) == NameFold.folded(cyrillic))
    }

    @Test("Russian forms map to Ukrainian ones, patronymics by rule")
    func russianForms() {
        let aliases = RussianForms.aliases
        func maps(_ russian: String, _ ukrainian: String) -> Bool {
            aliases[NameFold.fold(russian)]?.contains(NameFold.fold(ukrainian)) ?? false
        }
        #expect(maps("Сергей", "Сергій"))
        #expect(maps("Александр", "Олександр"))
        #expect(maps("Елена", "Олена"))
        #expect(maps("Наталья", "Наталія"))
        #expect(maps("Андрей", "Андрій"))
        #expect(maps("Дмитрий", "Дмитро"))
        #expect(maps("Николай", "Микола"))
        #expect(maps("Татьяна", "Тетяна"))
        #expect(maps("Светлана", "Світлана"))
        #expect(maps("Сергеевич", "Сергійович"))
        #expect(maps("Сергеевна", "Сергіївна"))
        #expect(maps("Александровна", "Олександрівна"))
        #expect(maps("Николаевич", "Миколайович"))
        #expect(maps("Николаевна", "Миколаївна"))
        #expect(maps("Васильевич", "Васильович"))
        #expect(maps("Юрьевна", "Юріївна"))
        #expect(maps("Петровна", "Петрівна"))
        #expect(maps("Фёдоровна", "Федорівна"))
        #expect(RussianForms.givenNames.count >= 50)
        #expect(RussianForms.ukrainianPatronymics(of: "Сергій") == ("Сергійович", "Сергіївна"))
        #expect(RussianForms.ukrainianPatronymics(of: "Василь") == ("Васильович", "Василівна"))
        #expect(RussianForms.russianPatronymics(of: "Юрий") == ("Юрьевич", "Юрьевна"))
        let generic = RussianForms.genericRussianForms(ofFolded: NameFold.fold("Вікторівна"))
        #expect(generic.contains(NameFold.fold("Викторовна")))
        #expect(
            RussianForms.genericRussianForms(ofFolded: NameFold.fold("Згурська")) == [NameFold.fold("Згурская")])
    }

    @Test("queries split into words, initials and numbers")
    func parse() {
        let words = QueryWord.parse("Коваленко О.П.")
        #expect(words.map(\.form) == [.name, .initial, .initial])
        #expect(QueryWord.parse("Коваленко О. П.").map(\.form) == [.name, .initial, .initial])
        #expect(QueryWord.parse(",f,'rt").map(\.form) == [.name])
        #expect(QueryWord.parse("O.P. Kovalenko").map(\.form) == [.initial, .initial, .name])
        let phone = QueryWord.parse("050 123 45 67")
        #expect(phone.count == 1 && phone[0].form == .number && phone[0].parts.count == 4)
        #expect(QueryWord.parse("ков ол").last?.isLast == true)
        #expect(QueryWord.parse("ков ол ").last?.isLast == false)
    }

    @Test("certificate and phone keys ignore punctuation, keep leading zeros")
    func keys() {
        #expect(SearchIndex.certificateKey("0312-5001234567") == SearchIndex.certificateKey("03125001234567"))
        #expect(SearchIndex.certificateKey("0312-5001234567") != SearchIndex.certificateKey("3125001234567"))
        #expect(SearchIndex.certificateKey("АБ 123456") == SearchIndex.certificateKey("аб-123456"))
        #expect(SearchIndex.nationalNumber("+380501234567") == 501_234_567)
        #expect(SearchIndex.nationalNumber("(050) 123-45-67") == 501_234_567)
        #expect(SearchIndex.numericKey("00417") == 417)
    }
}
