import DeskCore
import Foundation

/// The recall test's own synthetic register and queries, written independently of the
/// engine: its own name lists with realistic frequencies (so that names collide), its own
/// transliterators, keyboard maps, Russian forms and typo maker.
struct RecallRNG {
    private var generator: SplitMix64
    init(seed: UInt64) { generator = SplitMix64(state: seed) }
    mutating func next() -> UInt64 { generator.next() }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
    mutating func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(int(10))) }) }
}

/// A list sampled with Zipf-like weights: the first entries far more often than the last.
struct RecallWeighted<T> {
    let items: [T]
    let cumulative: [Double]
    init(_ items: [T], exponent: Double = 1, offset: Double = 2) {
        self.items = items
        var sum = 0.0
        var c: [Double] = []
        for k in items.indices {
            sum += 1 / pow(Double(k) + offset, exponent)
            c.append(sum)
        }
        cumulative = c.map { $0 / sum }
    }
    func sample(_ rng: inout RecallRNG) -> T {
        let u = Double(rng.next() % 1_000_000_007) / 1_000_000_007
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] < u { lo = mid + 1 } else { hi = mid }
        }
        return items[lo]
    }
}

/// A man's name with its patronymics and Russian forms.
struct RecallMaleName {
    let given: String, patronymicMale: String, patronymicFemale: String
    let russian: String, russianPatronymicMale: String, russianPatronymicFemale: String
}

struct RecallFemaleName {
    let given: String, russian: String
}

enum RecallNames {
    static let male: [RecallMaleName] = [
        ("Олександр", "Олександрович", "Олександрівна", "Александр", "Александрович", "Александровна"),
        ("Сергій", "Сергійович", "Сергіївна", "Сергей", "Сергеевич", "Сергеевна"),
        ("Андрій", "Андрійович", "Андріївна", "Андрей", "Андреевич", "Андреевна"),
        ("Володимир", "Володимирович", "Володимирівна", "Владимир", "Владимирович", "Владимировна"),
        ("Віктор", "Вікторович", "Вікторівна", "Виктор", "Викторович", "Викторовна"),
        ("Микола", "Миколайович", "Миколаївна", "Николай", "Николаевич", "Николаевна"),
        ("Дмитро", "Дмитрович", "Дмитрівна", "Дмитрий", "Дмитриевич", "Дмитриевна"),
        ("Юрій", "Юрійович", "Юріївна", "Юрий", "Юрьевич", "Юрьевна"),
        ("Іван", "Іванович", "Іванівна", "Иван", "Иванович", "Ивановна"),
        ("Олексій", "Олексійович", "Олексіївна", "Алексей", "Алексеевич", "Алексеевна"),
        ("Василь", "Васильович", "Василівна", "Василий", "Васильевич", "Васильевна"),
        ("Михайло", "Михайлович", "Михайлівна", "Михаил", "Михайлович", "Михайловна"),
        ("Петро", "Петрович", "Петрівна", "Пётр", "Петрович", "Петровна"),
        ("Анатолій", "Анатолійович", "Анатоліївна", "Анатолий", "Анатольевич", "Анатольевна"),
        ("Ігор", "Ігорович", "Ігорівна", "Игорь", "Игоревич", "Игоревна"),
        ("Валерій", "Валерійович", "Валеріївна", "Валерий", "Валерьевич", "Валерьевна"),
        ("Євген", "Євгенович", "Євгенівна", "Евгений", "Евгеньевич", "Евгеньевна"),
        ("Олег", "Олегович", "Олегівна", "Олег", "Олегович", "Олеговна"),
        ("Григорій", "Григорович", "Григорівна", "Григорий", "Григорьевич", "Григорьевна"),
        ("Павло", "Павлович", "Павлівна", "Павел", "Павлович", "Павловна"),
        ("Віталій", "Віталійович", "Віталіївна", "Виталий", "Витальевич", "Витальевна"),
        ("Федір", "Федорович", "Федорівна", "Фёдор", "Фёдорович", "Фёдоровна"),
        ("Леонід", "Леонідович", "Леонідівна", "Леонид", "Леонидович", "Леонидовна"),
        ("Роман", "Романович", "Романівна", "Роман", "Романович", "Романовна"),
        ("Максим", "Максимович", "Максимівна", "Максим", "Максимович", "Максимовна"),
        ("Артем", "Артемович", "Артемівна", "Артём", "Артёмович", "Артёмовна"),
        ("Денис", "Денисович", "Денисівна", "Денис", "Денисович", "Денисовна"),
        ("Богдан", "Богданович", "Богданівна", "Богдан", "Богданович", "Богдановна"),
        ("Ярослав", "Ярославович", "Ярославівна", "Ярослав", "Ярославович", "Ярославовна"),
        ("Степан", "Степанович", "Степанівна", "Степан", "Степанович", "Степановна"),
        ("Геннадій", "Геннадійович", "Геннадіївна", "Геннадий", "Геннадьевич", "Геннадьевна"),
        ("Вадим", "Вадимович", "Вадимівна", "Вадим", "Вадимович", "Вадимовна"),
        ("Костянтин", "Костянтинович", "Костянтинівна", "Константин", "Константинович", "Константиновна"),
        ("Борис", "Борисович", "Борисівна", "Борис", "Борисович", "Борисовна"),
        ("Руслан", "Русланович", "Русланівна", "Руслан", "Русланович", "Руслановна"),
        ("Тарас", "Тарасович", "Тарасівна", "Тарас", "Тарасович", "Тарасовна"),
        ("Кирило", "Кирилович", "Кирилівна", "Кирилл", "Кириллович", "Кирилловна"),
        ("Данило", "Данилович", "Данилівна", "Даниил", "Даниилович", "Данииловна"),
        ("Станіслав", "Станіславович", "Станіславівна", "Станислав", "Станиславович", "Станиславовна"),
        ("Владислав", "Владиславович", "Владиславівна", "Владислав", "Владиславович", "Владиславовна"),
        ("Вʼячеслав", "Вʼячеславович", "Вʼячеславівна", "Вячеслав", "Вячеславович", "Вячеславовна"),
        ("Антон", "Антонович", "Антонівна", "Антон", "Антонович", "Антоновна"),
        ("Євгеній", "Євгенійович", "Євгеніївна", "Евгений", "Евгеньевич", "Евгеньевна"),
        ("Матвій", "Матвійович", "Матвіївна", "Матвей", "Матвеевич", "Матвеевна"),
        ("Назар", "Назарович", "Назарівна", "Назар", "Назарович", "Назаровна"),
    ].map {
        RecallMaleName(
            given: $0.0, patronymicMale: $0.1, patronymicFemale: $0.2, russian: $0.3,
            russianPatronymicMale: $0.4, russianPatronymicFemale: $0.5)
    }

    static let female: [RecallFemaleName] = [
        ("Олена", "Елена"), ("Наталія", "Наталья"), ("Тетяна", "Татьяна"), ("Ольга", "Ольга"),
        ("Ірина", "Ирина"), ("Світлана", "Светлана"), ("Оксана", "Оксана"), ("Юлія", "Юлия"),
        ("Марія", "Мария"), ("Анастасія", "Анастасия"), ("Людмила", "Людмила"), ("Галина", "Галина"),
        ("Валентина", "Валентина"), ("Ганна", "Анна"), ("Катерина", "Екатерина"), ("Любов", "Любовь"),
        ("Надія", "Надежда"), ("Лариса", "Лариса"), ("Віра", "Вера"), ("Ніна", "Нина"),
        ("Вікторія", "Виктория"), ("Алла", "Алла"), ("Інна", "Инна"), ("Лідія", "Лидия"),
        ("Раїса", "Раиса"), ("Зінаїда", "Зинаида"), ("Тамара", "Тамара"), ("Дарʼя", "Дарья"),
        ("Софія", "Софья"), ("Христина", "Кристина"), ("Аліна", "Алина"), ("Марина", "Марина"),
        ("Яна", "Яна"), ("Антоніна", "Антонина"), ("Євгенія", "Евгения"), ("Ксенія", "Ксения"),
        ("Поліна", "Полина"), ("Діана", "Диана"), ("Вероніка", "Вероника"), ("Олександра", "Александра"),
        ("Мар'яна", "Марьяна"), ("Уляна", "Ульяна"), ("Єлизавета", "Елизавета"), ("Злата", "Злата"),
    ].map { RecallFemaleName(given: $0.0, russian: $0.1) }

    /// Common surnames, most frequent first.
    static let commonSurnames = [
        "Мельник", "Шевченко", "Коваленко", "Бондаренко", "Бойко", "Ткаченко", "Кравченко",
        "Ковальчук", "Коваль", "Олійник", "Шевчук", "Поліщук", "Іваненко", "Ткачук", "Савченко",
        "Бондар", "Марченко", "Руденко", "Мороз", "Лисенко", "Петренко", "Клименко", "Павленко",
        "Кравчук", "Кузьменко", "Пономаренко", "Савчук", "Василенко", "Левченко", "Харченко",
        "Сидоренко", "Карпенко", "Гаврилюк", "Швець", "Мартинюк", "Романенко", "Остапенко",
        "Мазур", "Панченко", "Приходько", "Ярошенко", "Литвиненко", "Кушнір", "Мельничук",
        "Гончаренко", "Кузьмич", "Юрченко", "Тимошенко", "Захарченко", "Дмитренко", "Степаненко",
        "Білоус", "Костенко", "Кучер", "Гордієнко", "Ковтун", "Лук'яненко", "Гуменюк", "Зінченко",
        "Нестеренко", "Ковальов", "Кириленко", "Білик", "Головко", "Семенко", "Гриценко",
        "Власенко", "Носенко", "Лещенко", "Гнатюк", "Климчук", "Тарасенко", "Фесенко", "Костюк",
        "Демченко", "Онищенко", "Мисник", "Рибак", "Головченко", "Кухаренко", "Дорошенко",
        "Сергієнко", "Андрієнко", "Антоненко", "Яковенко", "Чорновіл", "Жук", "Білецький",
        "Ковальський", "Левицький", "Вишневський", "Заїка", "Щербак", "Щербина", "Згурський",
        "Юрчишин", "Хоменко", "Хмара", "Чумак", "Гребенюк", "Єременко", "Євтушенко", "Ігнатенко",
        "Ющенко", "Яремчук", "Ільченко", "Осадчий", "Білий", "Чорний", "Сірий", "Зайченко",
        "Іванов", "Петров", "Попов", "Смирнов", "Кузнєцов", "Соколов", "Новиков", "Морозов",
        "Волков", "Лебедєв", "Козлов", "Васильєв", "Павлов", "Федоров", "Михайлов", "Алексєєв",
    ]

    /// Stems and endings for the long tail of rarer surnames.
    static let stems = [
        "Бабич", "Гуц", "Дан", "Жур", "Зуб", "Кал", "Лаз", "Мар", "Нагор", "Оліфер", "Пил",
        "Рад", "Сав", "Тур", "Устим", "Філон", "Хар", "Цап", "Чуб", "Шап", "Юр", "Яцен", "Бут",
        "Гор", "Дід", "Єрем", "Іщ", "Кост", "Лопат", "Мир", "Нед", "Оніщ", "Прок", "Рим", "Стец",
        "Трох", "Федь", "Хом", "Ціп", "Шульг", "Щук", "Гнід", "Бур", "Верб", "Глух", "Дуб",
        "Жовт", "Заруб", "Ївж", "Крав", "Лис", "Мат", "Ничип", "Ос", "Пух", "Рев", "Сем",
        "Тищ", "Уман", "Фед", "Хрущ", "Цвіл", "Чер", "Шкур", "Ющ", "Ярем", "Бал", "Вак", "Гавр",
    ]
    static let endings = ["енко", "ук", "чук", "ишин", "ко", "ак", "ець", "юк", "ський", "ич", "ан", "ій"]

    static func femaleSurname(_ male: String) -> String {
        if male.hasSuffix("ський") { return String(male.dropLast(5)) + "ська" }
        if male.hasSuffix("цький") { return String(male.dropLast(5)) + "цька" }
        if male.hasSuffix("ий") { return String(male.dropLast(2)) + "а" }
        if male.hasSuffix("ій") && !male.hasSuffix("ній") { return String(male.dropLast(2)) + "а" }
        if male.hasSuffix("ов") || male.hasSuffix("ев") || male.hasSuffix("єв") { return male + "а" }
        return male
    }
}

struct RecallPerson {
    var household: String
    var surname: String, given: String, patronymic: String
    var male: Bool
    var fatherIndex: Int?  // into RecallNames.male, for Russian patronymics
    var givenIndex: Int
    var phone: String?
    var certificate: String
}

struct RecallRegister {
    var people: [RecallPerson] = []
    var households: [Household] = []

    /// About `peopleCount` people in households of one to five, surnames with Zipf-like
    /// frequencies over common surnames plus a long tail, given names likewise.
    static func generate(peopleCount: Int, seed: UInt64) -> RecallRegister {
        var rng = RecallRNG(seed: seed)
        var tail: [String] = []
        for stem in RecallNames.stems {
            for ending in RecallNames.endings { tail.append(stem + ending) }
        }
        let common = RecallWeighted(RecallNames.commonSurnames, exponent: 1, offset: 4)
        let males = RecallWeighted(Array(RecallNames.male.indices), exponent: 1, offset: 3)
        let females = RecallWeighted(Array(RecallNames.female.indices), exponent: 1, offset: 3)
        let operators = ["50", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99", "63"]
        var register = RecallRegister()
        var number = 0
        var usedPhones = Set<String>()
        while register.people.count < peopleCount {
            number += 1
            let householdNumber = String(repeating: "0", count: max(0, 5 - String(number).count)) + String(number)
            let surnameMale = rng.chance(0.7) ? common.sample(&rng) : rng.pick(tail)
            let roll = rng.int(100)
            let size = roll < 30 ? 1 : roll < 58 ? 2 : roll < 78 ? 3 : roll < 92 ? 4 : 5
            var members: [RecallPerson] = []
            let fatherOfChildren = males.sample(&rng)
            for k in 0..<size {
                let male: Bool
                var fatherIndex = males.sample(&rng)
                switch k {
                case 0: male = rng.chance(0.4)
                case 1: male = !(members[0].male)
                default:
                    male = rng.chance(0.5)
                    fatherIndex = fatherOfChildren
                }
                let father = RecallNames.male[fatherIndex]
                let givenIndex = male ? males.sample(&rng) : females.sample(&rng)
                let given = male ? RecallNames.male[givenIndex].given : RecallNames.female[givenIndex].given
                var surname = male ? surnameMale : RecallNames.femaleSurname(surnameMale)
                if k == 1 && rng.chance(0.1) {
                    let other = common.sample(&rng)
                    surname = male ? other : RecallNames.femaleSurname(other)
                }
                var phone: String? = nil
                if k < 2 || rng.chance(0.3) {
                    while true {
                        let candidate = "+380" + rng.pick(operators) + rng.digits(7)
                        if usedPhones.insert(candidate).inserted {
                            phone = candidate
                            break
                        }
                    }
                }
                members.append(
                    RecallPerson(
                        household: householdNumber, surname: surname, given: given,
                        patronymic: male ? father.patronymicMale : father.patronymicFemale, male: male,
                        fatherIndex: fatherIndex, givenIndex: givenIndex, phone: phone,
                        certificate: rng.digits(4) + "-" + rng.digits(10)))
            }
            register.people += members
            register.households.append(
                Household(
                    number: householdNumber, settlement: "Бахмут",
                    members: members.enumerated().map { k, p in
                        Person(
                            surname: p.surname, givenName: p.given, patronymic: p.patronymic,
                            sex: p.male ? .male : .female, phone: p.phone, idpCertificate: p.certificate,
                            isHead: k == 0)
                    }))
        }
        return register
    }
}

/// Transliterations written for the test, from Cyrillic to Latin.
enum RecallLatin {
    /// The official Ukrainian system (KMU resolution 55, 2010).
    static func kmu(_ text: String) -> String {
        let start: [Character: String] = ["є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"]
        let inner: [Character: String] = [
            "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
            "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
            "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
            "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "ʼ": "", "’": "",
        ]
        return words(text) { word in
            var out = ""
            let chars = Array(word.lowercased())
            for (k, c) in chars.enumerated() {
                if c == "г" && k > 0 && chars[k - 1] == "з" {
                    out += "gh"
                } else if k == 0, let s = start[c] {
                    out += s
                } else {
                    out += inner[c] ?? String(c)
                }
            }
            return out
        }
    }

    /// Older passport spellings: g for г, ye/yi/yu/ya everywhere, y for й.
    static func passport(_ text: String) -> String {
        let table: [Character: String] = [
            "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ж": "zh",
            "з": "z", "и": "y", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n",
            "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
            "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "yu", "я": "ya", "'": "", "ʼ": "", "’": "",
        ]
        return words(text) { word in word.lowercased().map { table[$0] ?? String($0) }.joined() }
    }

    /// Russian-style: the text is first put in its Russian form by the caller.
    static func russian(_ text: String) -> String {
        let table: [Character: String] = [
            "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
            "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
            "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
            "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
            // Ukrainian letters left in a surname read the Russian way.
            "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "'": "", "ʼ": "", "’": "",
        ]
        return words(text) { word in
            var out = word.lowercased().map { table[$0] ?? String($0) }.joined()
            if out.hasPrefix("e") { out = "ye" + out.dropFirst() }
            return out
        }
    }

    /// The scholarly system: č š ž, ï/ji, je, ju, ja, ch for х.
    static func scholarly(_ text: String) -> String {
        let table: [Character: String] = [
            "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "je", "ж": "ž",
            "з": "z", "и": "y", "і": "i", "ї": "ï", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n",
            "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "c",
            "ч": "č", "ш": "š", "щ": "šč", "ь": "ʹ", "ю": "ju", "я": "ja", "'": "\"", "ʼ": "\"", "’": "\"",
        ]
        return words(text) { word in word.lowercased().map { table[$0] ?? String($0) }.joined() }
    }

    /// A Ukrainian surname spelt the Russian way before transliteration (і → и…).
    static func russianSurname(_ surname: String) -> String {
        var s = surname
        for (u, r) in [("ій", "ий"), ("і", "и"), ("ї", "йи"), ("є", "е"), ("ʼ", ""), ("'", "")] {
            s = s.replacingOccurrences(of: u, with: r)
        }
        if s.hasSuffix("ська") { s = String(s.dropLast()) + "ая" }
        return s
    }

    /// Applies `f` to each word, keeping the case of the first letter.
    static func words(_ text: String, _ f: (String) -> String) -> String {
        text.split(separator: " ").map { word -> String in
            let latin = f(String(word))
            guard word.first?.isUppercase == true, let first = latin.first else { return latin }
            return first.uppercased() + latin.dropFirst()
        }.joined(separator: " ")
    }
}

/// The Ukrainian ЙЦУКЕН layout as the test knows it.
enum RecallKeyboard {
    static let rows = ["йцукенгшщзхї", "фівапролджє", "ячсмитьбю"]
    static let latinRows = ["qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,."]

    static let toLatin: [Character: Character] = {
        var map: [Character: Character] = ["'": "`", "ʼ": "`", "’": "`"]
        for (u, l) in zip(rows, latinRows) {
            for (a, b) in zip(u, l) {
                map[a] = b
                map[Character(a.uppercased())] = Character(b.uppercased())
            }
        }
        map["Х"] = "{"; map["Ї"] = "}"; map["Ж"] = ":"; map["Є"] = "\""; map["Б"] = "<"; map["Ю"] = ">"
        return map
    }()

    static let toUkrainian: [Character: Character] = {
        var map: [Character: Character] = [:]
        for (u, l) in zip(rows, latinRows) {
            for (a, b) in zip(u, l) {
                map[b] = a
                map[Character(b.uppercased())] = Character(a.uppercased())
            }
        }
        return map
    }()

    /// Letters whose keys touch.
    static func neighbours(of c: Character) -> [Character] {
        let grid = rows.map { Array($0) }
        for (r, row) in grid.enumerated() {
            guard let k = row.firstIndex(of: c) else { continue }
            var out: [Character] = []
            if k > 0 { out.append(row[k - 1]) }
            if k + 1 < row.count { out.append(row[k + 1]) }
            if r > 0 {
                for j in [k, k + 1] where j < grid[r - 1].count { out.append(grid[r - 1][j]) }
            }
            if r + 1 < grid.count {
                for j in [k - 1, k] where j >= 0 && j < grid[r + 1].count { out.append(grid[r + 1][j]) }
            }
            return out
        }
        return []
    }
}

enum RecallTypos {
    static let letters = Array("абвгдеєжзиіїйклмнопрстуфхцчшщьюя")

    /// `count` random edits to the word: substitution (half of them to a neighbouring key),
    /// deletion, insertion, or a swap of neighbours, never touching the first letter.
    static func apply(_ word: String, count: Int, _ rng: inout RecallRNG) -> String {
        var chars = Array(word.lowercased())
        let capital = word.first?.isUppercase == true
        for _ in 0..<count {
            guard chars.count >= 3 else { break }
            let k = 1 + rng.int(chars.count - 1)
            switch rng.int(4) {
            case 0:
                let near = RecallKeyboard.neighbours(of: chars[k])
                var replacement = rng.chance(0.5) && !near.isEmpty ? rng.pick(near) : rng.pick(letters)
                while replacement == chars[k] { replacement = rng.pick(letters) }
                chars[k] = replacement
            case 1:
                chars.remove(at: k)
            case 2:
                chars.insert(rng.pick(letters), at: k)
            default:
                if k + 1 < chars.count && chars[k] != chars[k + 1] {
                    chars.swapAt(k, k + 1)
                } else {
                    chars.remove(at: k)
                }
            }
        }
        var out = String(chars)
        if capital, let first = out.first { out = first.uppercased() + out.dropFirst() }
        return out
    }
}
