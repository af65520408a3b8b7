/// Russian forms of Ukrainian given names and patronymics, as a person may say them and a
/// volunteer may type them in Cyrillic: Сергей for Сергій, Александровна for Олександрівна.
///
/// Given names come from a table; patronymics are derived from it by the rules of each
/// language (Сергей → Сергеевич/Сергеевна, Сергій → Сергійович/Сергіївна), and any register
/// patronymic in -івна also answers to its Russian -овна/-евна.
public enum RussianForms {
    /// Russian given name, Ukrainian given name, and whether it is a man's name. Pairs whose
    /// folds coincide (Ольга/Ольга, Юрий/Юрій) are listed too: their patronymics still differ.
    public static let givenNames: [(russian: String, ukrainian: String, male: Bool)] = [
        ("Александр", "Олександр", true), ("Алексей", "Олексій", true),
        ("Анатолий", "Анатолій", true), ("Андрей", "Андрій", true), ("Антон", "Антон", true),
        ("Аркадий", "Аркадій", true), ("Арсений", "Арсеній", true), ("Артём", "Артем", true),
        ("Афанасий", "Опанас", true), ("Богдан", "Богдан", true), ("Борис", "Борис", true),
        ("Вадим", "Вадим", true), ("Валентин", "Валентин", true), ("Валерий", "Валерій", true),
        ("Василий", "Василь", true), ("Виктор", "Віктор", true), ("Виталий", "Віталій", true),
        ("Владимир", "Володимир", true), ("Владислав", "Владислав", true),
        ("Всеволод", "Всеволод", true), ("Вячеслав", "Вʼячеслав", true),
        ("Геннадий", "Геннадій", true), ("Георгий", "Георгій", true), ("Глеб", "Гліб", true),
        ("Григорий", "Григорій", true), ("Даниил", "Данило", true), ("Данила", "Данило", true),
        ("Денис", "Денис", true), ("Дмитрий", "Дмитро", true), ("Евгений", "Євген", true),
        ("Егор", "Єгор", true), ("Емельян", "Омелян", true), ("Ефим", "Юхим", true),
        ("Захар", "Захар", true), ("Иван", "Іван", true), ("Игнат", "Гнат", true),
        ("Игорь", "Ігор", true), ("Илья", "Ілля", true), ("Иосиф", "Йосип", true),
        ("Осип", "Йосип", true), ("Кирилл", "Кирило", true), ("Константин", "Костянтин", true),
        ("Леонид", "Леонід", true), ("Максим", "Максим", true), ("Марк", "Марко", true),
        ("Матвей", "Матвій", true), ("Михаил", "Михайло", true), ("Назар", "Назар", true),
        ("Никита", "Микита", true), ("Николай", "Микола", true), ("Олег", "Олег", true),
        ("Павел", "Павло", true), ("Пётр", "Петро", true), ("Роман", "Роман", true),
        ("Руслан", "Руслан", true), ("Семён", "Семен", true), ("Сергей", "Сергій", true),
        ("Станислав", "Станіслав", true), ("Степан", "Степан", true), ("Тарас", "Тарас", true),
        ("Тимофей", "Тимофій", true), ("Тимур", "Тимур", true), ("Фёдор", "Федір", true),
        ("Филипп", "Пилип", true), ("Фома", "Хома", true), ("Эдуард", "Едуард", true),
        ("Юрий", "Юрій", true), ("Яков", "Яків", true), ("Ярослав", "Ярослав", true),
        ("Лев", "Лев", true), ("Евгений", "Євгеній", true), ("Владлен", "Владлен", true),
        ("Зиновий", "Зіновій", true), ("Иннокентий", "Інокентій", true), ("Савва", "Сава", true),
        ("Прохор", "Прохор", true), ("Трофим", "Трохим", true), ("Кузьма", "Кузьма", true),
        ("Лука", "Лука", true), ("Остап", "Остап", true), ("Демьян", "Дем'ян", true),
        ("Давид", "Давид", true), ("Артур", "Артур", true), ("Эльдар", "Ельдар", true),
        ("Ростислав", "Ростислав", true), ("Святослав", "Святослав", true),
        ("Мирослав", "Мирослав", true), ("Виталий", "Віталій", true), ("Илларион", "Іларіон", true),
        ("Алла", "Алла", false), ("Алёна", "Альона", false), ("Алина", "Аліна", false),
        ("Александра", "Олександра", false), ("Анастасия", "Анастасія", false),
        ("Ангелина", "Ангеліна", false), ("Анна", "Ганна", false), ("Анна", "Анна", false),
        ("Антонина", "Антоніна", false), ("Валентина", "Валентина", false),
        ("Валерия", "Валерія", false), ("Вера", "Віра", false), ("Вероника", "Вероніка", false),
        ("Виктория", "Вікторія", false), ("Галина", "Галина", false), ("Дарья", "Дарія", false),
        ("Дарья", "Дарʼя", false), ("Диана", "Діана", false), ("Евгения", "Євгенія", false),
        ("Евдокия", "Явдоха", false), ("Екатерина", "Катерина", false),
        ("Елена", "Олена", false), ("Елизавета", "Єлизавета", false), ("Жанна", "Жанна", false),
        ("Зинаида", "Зінаїда", false), ("Злата", "Злата", false), ("Инна", "Інна", false),
        ("Ирина", "Ірина", false), ("Карина", "Карина", false), ("Кристина", "Христина", false),
        ("Ксения", "Ксенія", false), ("Лариса", "Лариса", false), ("Лидия", "Лідія", false),
        ("Лилия", "Лілія", false), ("Любовь", "Любов", false), ("Людмила", "Людмила", false),
        ("Маргарита", "Маргарита", false), ("Марина", "Марина", false), ("Мария", "Марія", false),
        ("Надежда", "Надія", false), ("Наталья", "Наталія", false), ("Наталия", "Наталія", false),
        ("Наталья", "Наталя", false), ("Нина", "Ніна", false), ("Оксана", "Оксана", false),
        ("Ольга", "Ольга", false), ("Полина", "Поліна", false), ("Раиса", "Раїса", false),
        ("Светлана", "Світлана", false), ("Софья", "Софія", false), ("София", "Софія", false),
        ("Снежана", "Сніжана", false), ("Таисия", "Таїсія", false), ("Тамара", "Тамара", false),
        ("Татьяна", "Тетяна", false), ("Ульяна", "Уляна", false), ("Юлия", "Юлія", false),
        ("Яна", "Яна", false), ("Прасковья", "Параска", false), ("Ефросинья", "Єфросинія", false),
        ("Василиса", "Василина", false), ("Майя", "Майя", false), ("Владислава", "Владислава", false),
        ("Милана", "Мілана", false), ("Эвелина", "Евеліна", false), ("Олеся", "Олеся", false),
    ]

    /// Russian patronymics (male, female) of a Russian given name.
    public static func russianPatronymics(of name: String) -> (male: String, female: String) {
        let exceptions: [String: (String, String)] = [
            "Илья": ("Ильич", "Ильинична"), "Лев": ("Львович", "Львовна"),
            "Павел": ("Павлович", "Павловна"), "Пётр": ("Петрович", "Петровна"),
            "Яков": ("Яковлевич", "Яковлевна"), "Фома": ("Фомич", "Фоминична"),
            "Лука": ("Лукич", "Лукинична"), "Никита": ("Никитич", "Никитична"),
            "Савва": ("Саввич", "Саввична"), "Кузьма": ("Кузьмич", "Кузьминична"),
            "Михаил": ("Михайлович", "Михайловна"), "Дмитрий": ("Дмитриевич", "Дмитриевна"),
            "Данила": ("Данилович", "Даниловна"),
        ]
        if let pair = exceptions[name] { return pair }
        var stem = Substring(name)
        if name.hasSuffix("ий") {
            stem = stem.dropLast(2)
            return (stem + "ьевич", stem + "ьевна")
        }
        if name.hasSuffix("ей") || name.hasSuffix("ай") || name.hasSuffix("ой") {
            stem = stem.dropLast(1)
            return (stem + "евич", stem + "евна")
        }
        if name.hasSuffix("ь") {
            stem = stem.dropLast(1)
            return (stem + "евич", stem + "евна")
        }
        if name.hasSuffix("а") || name.hasSuffix("я") {
            stem = stem.dropLast(1)
        }
        return (stem + "ович", stem + "овна")
    }

    /// Ukrainian patronymics (male, female) of a Ukrainian given name.
    public static func ukrainianPatronymics(of name: String) -> (male: String, female: String) {
        let exceptions: [String: (String, String)] = [
            "Микола": ("Миколайович", "Миколаївна"), "Григорій": ("Григорович", "Григорівна"),
            "Ілля": ("Ілліч", "Іллівна"), "Яків": ("Якович", "Яківна"), "Лука": ("Лукич", "Луківна"),
            "Сава": ("Савич", "Савівна"), "Хома": ("Хомич", "Хомівна"), "Кузьма": ("Кузьмич", "Кузьмівна"),
            "Федір": ("Федорович", "Федорівна"), "Антін": ("Антонович", "Антонівна"),
            "Лев": ("Левович", "Левівна"),
        ]
        if let pair = exceptions[name] { return pair }
        var stem = Substring(name)
        if name.hasSuffix("ій") || name.hasSuffix("ай") || name.hasSuffix("ей") {
            stem = stem.dropLast(1)
            return (stem + "йович", stem + "ївна")
        }
        if name.hasSuffix("ь") {
            stem = stem.dropLast(1)
            return (stem + "ьович", stem + "івна")
        }
        if name.hasSuffix("о") || name.hasSuffix("а") || name.hasSuffix("я") {
            stem = stem.dropLast(1)
        }
        return (stem + "ович", stem + "івна")
    }

    /// Folded Russian form → folded Ukrainian forms, for given names and patronymics.
    /// Pairs whose folds coincide are left out: the fold already matches them.
    static let aliases: [[UInt8]: [[UInt8]]] = {
        var map: [[UInt8]: [[UInt8]]] = [:]
        func add(_ russian: String, _ ukrainian: String) {
            let r = NameFold.fold(russian), u = NameFold.fold(ukrainian)
            guard r != u, !(map[r]?.contains(u) ?? false) else { return }
            map[r, default: []].append(u)
        }
        for (russian, ukrainian, male) in givenNames {
            add(russian, ukrainian)
            guard male else { continue }
            let r = russianPatronymics(of: russian), u = ukrainianPatronymics(of: ukrainian)
            add(r.male, u.male)
            add(r.female, u.female)
        }
        return map
    }()

    /// Russian spellings of a folded register word that no table names: a Ukrainian
    /// -івна (folded -ивна) is -овна or -евна in Russian (Вікторівна → Викторовна).
    static func genericRussianForms(ofFolded token: [UInt8]) -> [[UInt8]] {
        if token.count > 5, token.suffix(4).elementsEqual(ivna) {
            let stem = Array(token.dropLast(4))
            guard stem.last != NameFold.i else { return [] }  // -іївна: the table's business
            return [stem + NameFold.fold("овна"), stem + NameFold.fold("евна")]
        }
        // A woman's surname in -ська/-цька is -ская/-цкая in Russian (the -ський of a man's
        // folds the same as the Russian -ский already).
        if token.count > 4, token.suffix(3).elementsEqual(ska) || token.suffix(3).elementsEqual(tska) {
            return [token + [ya]]
        }
        return []
    }

    private static let ivna = NameFold.fold("ивна")
    private static let ska = NameFold.fold("ска")
    private static let tska = NameFold.fold("цка")
    private static let ya = NameFold.fold("я")[0]
}
