// DeskBench: performance figures, as one JSON object on stdout.
//
//   swift run -c release DeskBench [search] [--sizes 2000,110000,1000000] [--queries 300]
//                                  [--seed 2026] [--tail 0.3] [--in-process]
//   swift build -c release && swift run -c release DeskBench store [--sizes 110000]
//   swift run -c release DeskBench import [--sizes 110000]
//   swift run -c release DeskBench pin
//
// search: the engine alone (below). store: the index built from the database and the peak
// memory of `aiddesk find` (StoreBenchmark.swift). import: the register import at scale
// (ImportBenchmark.swift).
//
// Each size runs in a child process of its own (the same binary with `--child SIZE`) so that
// its peak memory (VmHWM) is its own. Per size: the time to generate the register, to turn it
// into search records and to build the index; then, per kind of query, p50/p99/max latency in
// milliseconds of `SearchIndex.search` (and, for `typing`, of every keystroke of a name typed
// letter by letter, each search refining the previous one).

import DeskCore
import DeskResources
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

struct Options {
    enum Mode: String { case search, store, `import`, pin, plan, cardday }
    var mode = Mode.search
    var sizes = [2_000, 110_000, 1_000_000]
    var queriesPerKind = 300
    var seed: UInt64 = 2026
    /// Share of households given a surname from a long synthetic tail, so that a large
    /// register has the tens of thousands of distinct surnames a real one has.
    var tail = 0.3
    var child: Int? = nil
    var inProcess = false
    var limit = 10

    static func parse(_ arguments: [String]) -> Options {
        var o = Options()
        var k = 0
        func value() -> String {
            k += 1
            guard k < arguments.count else { fail("missing value after \(arguments[k - 1])") }
            return arguments[k]
        }
        while k < arguments.count {
            switch arguments[k] {
            case "search": o.mode = .search
            case "store":
                o.mode = .store
                o.sizes = [110_000]
            case "pin": o.mode = .pin
            case "cardday": o.mode = .cardday
            case "plan":
                o.mode = .plan
                o.sizes = [2_000, 110_000]
            case "import":
                o.mode = .import
                o.sizes = [110_000]
            case "--sizes": o.sizes = value().split(separator: ",").compactMap { Int($0.replacingOccurrences(of: "_", with: "")) }
            case "--queries": o.queriesPerKind = Int(value()) ?? o.queriesPerKind
            case "--seed": o.seed = UInt64(value()) ?? o.seed
            case "--tail": o.tail = Double(value()) ?? o.tail
            case "--limit": o.limit = Int(value()) ?? o.limit
            case "--child": o.child = Int(value())
            case "--in-process": o.inProcess = true
            case "-h", "--help":
                print("usage: DeskBench [search|store|import|pin|plan|cardday] [--sizes 2000,110000,1000000] [--queries N] [--seed S] [--tail SHARE] [--limit N] [--in-process]")
                exit(0)
            default: fail("unknown argument \(arguments[k])")
            }
            k += 1
        }
        return o
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("DeskBench: \(message)\n".utf8))
    exit(2)
}

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
func ms(_ nanoseconds: UInt64) -> Double { (Double(nanoseconds) / 1e6 * 1000).rounded() / 1000 }

/// `VmHWM` (peak resident set) and `VmRSS` from /proc/self/status, in MB.
func memory() -> (peak: Double, current: Double) {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return (Double(usage.ru_maxrss) / 1024, 0)
    }
    func field(_ name: String) -> Double {
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            let number = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return (number / 1024 * 10).rounded() / 10
        }
        return 0
    }
    return (field("VmHWM:"), field("VmRSS:"))
}

struct Rng {
    private var generator: SplitMix64
    init(state: UInt64) { generator = SplitMix64(state: state) }
    mutating func next() -> UInt64 { generator.next() }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) < p * 1_000_000 }
    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
}

// MARK: The register

/// The demo register's generator from the shipped name lists, with a share of households
/// moved to a long tail of synthetic surnames.
func makeRegister(people: Int, options: Options) -> Register {
    let names: DemoNames
    do {
        names = try DemoNames(
            maleLines: DeskResources.nameList(DemoNames.List.male.rawValue),
            femaleLines: DeskResources.nameList(DemoNames.List.female.rawValue),
            surnameLines: DeskResources.nameList(DemoNames.List.surnames.rawValue),
            settlementLines: DeskResources.nameList(DemoNames.List.settlements.rawValue))
    } catch {
        fail("cannot read the name lists: \(error)")
    }
    var register = DemoRegister.generate(
        people: people, names: names, seed: options.seed, today: CivilDate(year: 2026, month: 11, day: 25)!)
    guard options.tail > 0 else { return register }
    let first = ["Бала", "Вер", "Гор", "Дов", "Жур", "Зал", "Кар", "Лоз", "Мал", "Нор", "Пар", "Рож", "Сав", "Тер",
                 "Фил", "Хар", "Цим", "Чер", "Шаб", "Яр", "Біл", "Гуц", "Дем", "Їж", "Кос", "Лип", "Мих", "Ост",
                 "Руд", "Сит", "Тищ", "Уст", "Ход", "Чуй", "Шев", "Юх", "Бой", "Вов", "Гал", "Дуд"]
    let middle = ["", "ан", "ен", "ин", "ов", "ул", "ич", "ар", "ес", "оль", "ак", "ун", "ор", "ій", "ах", "ец",
                  "ин", "ян", "ош", "уш", "ик", "ег", "ав", "ир", "ум"]
    let endings = ["енко", "ук", "чук", "юк", "ко", "ак", "ець", "ський", "ишин", "ович", "ан", "ій"]
    var tail: [String] = []
    for a in first { for b in middle { for c in endings { tail.append(a + b + c) } } }
    var rng = Rng(state: options.seed ^ 0x7A11)
    for h in register.households.indices where rng.chance(options.tail) {
        let male = rng.pick(tail)
        let female = DemoNames.femaleSurname(forMale: male)
        let old = register.households[h].members.first?.surname
        for m in register.households[h].members.indices where register.households[h].members[m].surname == old || m == 0 {
            let sex = register.households[h].members[m].sex
            register.households[h].members[m].surname = sex == .female ? female : male
        }
    }
    return register
}

// MARK: Queries

enum Kind: String, CaseIterable {
    case exact, prefix, shortPrefix = "prefix-1-2-letters", twoShortPrefixes = "prefix-two-words-1-2-letters"
    case initials, transliteration = "translit-kmu2010"
    case russianLatin = "translit-russian", russianForm = "russian-form", typo1 = "typo-1", typo2 = "typo-2"
    case layout = "keyboard-layout", garbled = "one-word-unrecognisable", phone, phoneTail = "phone-last-7"
    case certificate, household
}

let kmuStart: [Character: String] = ["є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"]
let kmuInner: [Character: String] = [
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "ʼ": "", "'": "",
]
let russianLatin: [Character: String] = [
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ʼ": "", "'": "",
]

func kmu(_ text: String) -> String {
    text.split(separator: " ").map { word in
        let chars = Array(word.lowercased())
        var out = ""
        for (k, c) in chars.enumerated() {
            if c == "г", k > 0, chars[k - 1] == "з" { out += "gh" } else if k == 0, let s = kmuStart[c] { out += s } else {
                out += kmuInner[c] ?? String(c)
            }
        }
        return out.prefix(1).uppercased() + out.dropFirst()
    }.joined(separator: " ")
}

func russianStyle(_ text: String) -> String {
    text.split(separator: " ").map { word in
        let out = word.lowercased().map { russianLatin[$0] ?? String($0) }.joined()
        return out.prefix(1).uppercased() + out.dropFirst()
    }.joined(separator: " ")
}

/// Ukrainian given names and patronymics → Russian forms, from the engine's own table.
let russianOf: [String: String] = {
    var map: [String: String] = [:]
    for (russian, ukrainian, male) in RussianForms.givenNames {
        if map[ukrainian] == nil { map[ukrainian] = russian }
        if male {
            let u = RussianForms.ukrainianPatronymics(of: ukrainian), r = RussianForms.russianPatronymics(of: russian)
            if map[u.male] == nil { map[u.male] = r.male }
            if map[u.female] == nil { map[u.female] = r.female }
        }
    }
    return map
}()

let letters = Array("абвгдежзиіїйклмнопрстуфхцчшщьюяє")

func typo(_ word: String, _ count: Int, _ rng: inout Rng) -> String {
    var chars = Array(word)
    for _ in 0..<count where chars.count > 3 {
        let k = 1 + rng.int(chars.count - 1)
        switch rng.int(4) {
        case 0: chars[k] = rng.pick(letters)
        case 1: chars.remove(at: k)
        case 2: chars.insert(rng.pick(letters), at: k)
        default: if k + 1 < chars.count { chars.swapAt(k, k + 1) } else { chars.remove(at: k) }
        }
    }
    return String(chars)
}

func makeQueries(_ register: Register, perKind: Int, seed: UInt64) -> [Kind: [String]] {
    var rng = Rng(state: seed)
    var people: [(Household, Person)] = []
    let households = register.households
    for _ in 0..<(perKind * 4) {
        let h = rng.pick(households)
        people.append((h, rng.pick(h.members)))
    }
    var queries: [Kind: [String]] = [:]
    for kind in Kind.allCases {
        var list: [String] = []
        var k = 0
        while list.count < perKind && k < people.count * 2 {
            let (h, p) = people[k % people.count]
            k += 1
            let s = p.surname, g = p.givenName, pt = p.patronymic
            let full = [s, g, pt].filter { !$0.isEmpty }.joined(separator: " ")
            let query: String?
            switch kind {
            case .exact: query = full
            case .prefix:
                query = [s, g].map { String($0.prefix(max(3, $0.count * 2 / 3))) }.joined(separator: " ")
            case .shortPrefix: query = String(s.prefix(1 + rng.int(2)))
            case .twoShortPrefixes: query = "\(s.prefix(1 + rng.int(2))) \(g.prefix(1 + rng.int(2)))"
            case .initials: query = "\(s) \(g.prefix(1)).\(pt.prefix(1))."
            case .transliteration: query = kmu(full)
            case .russianLatin: query = russianStyle([s, russianOf[g] ?? g, russianOf[pt] ?? pt].joined(separator: " "))
            case .russianForm:
                guard let rg = russianOf[g], rg != g else { query = nil; break }
                query = [s, rg, russianOf[pt] ?? pt].joined(separator: " ")
            case .typo1: query = [typo(s, 1, &rng), g, pt].joined(separator: " ")
            case .typo2: query = [typo(s, s.count >= 7 ? 2 : 1, &rng), typo(g, 1, &rng), pt].joined(separator: " ")
            case .layout: query = NameFold.ukrainianKeysToLatin(full)
            case .garbled:
                query = "\(s) " + String((0..<max(4, g.count)).map { _ in rng.pick(Array("жщшфцйґ")) })
            case .phone:
                guard let phone = p.phone else { query = nil; break }
                let d = Array(phone.dropFirst(4))
                query = "0\(String(d[0..<2])) \(String(d[2..<5]))-\(String(d[5..<7]))-\(String(d[7..<9]))"
            case .phoneTail:
                guard let phone = p.phone else { query = nil; break }
                query = String(phone.suffix(7))
            case .certificate: query = p.idpCertificate
            case .household: query = String(Int(h.number) ?? 0)
            }
            if let query { list.append(query) }
        }
        queries[kind] = list
    }
    return queries
}

// MARK: Measuring

func percentiles(_ samples: [UInt64]) -> [String: Any] {
    guard !samples.isEmpty else { return ["n": 0] }
    let sorted = samples.sorted()
    func at(_ p: Double) -> Double { ms(sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]) }
    return ["n": sorted.count, "p50_ms": at(0.5), "p99_ms": at(0.99), "max_ms": ms(sorted.last!)]
}

func runSize(_ size: Int, _ options: Options) -> [String: Any] {
    let memoryAtStart = memory()
    var t = now()
    let register = makeRegister(people: size, options: options)
    let generateTime = now() - t

    t = now()
    var records: [SearchRecord] = []
    records.reserveCapacity(register.peopleCount)
    for household in register.households {
        for (k, person) in household.members.enumerated() {
            records.append(
                SearchRecord(
                    household: household.number, member: k, surname: person.surname, givenName: person.givenName,
                    patronymic: person.patronymic, phone: person.phone, idpCertificate: person.idpCertificate))
        }
    }
    let recordsTime = now() - t
    let memoryBeforeIndex = memory()

    t = now()
    let index = SearchIndex(records: records)
    let buildTime = now() - t
    let memoryAfterIndex = memory()

    let queries = makeQueries(register, perKind: options.queriesPerKind, seed: options.seed ^ 0x5EA4C)
    // Warm up: page the index in, fill the caches.
    for kind in Kind.allCases { for q in (queries[kind] ?? []).prefix(5) { _ = index.search(q, limit: options.limit) } }

    var perKind: [String: Any] = [:]
    var all: [UInt64] = []
    var matched: [String: Int] = [:]
    for kind in Kind.allCases {
        var samples: [UInt64] = []
        var found = 0
        for q in queries[kind] ?? [] {
            let start = now()
            let results = index.search(q, limit: options.limit)
            samples.append(now() - start)
            if !(results?.results.isEmpty ?? true) { found += 1 }
        }
        all += samples
        perKind[kind.rawValue] = percentiles(samples)
        matched[kind.rawValue] = found
    }

    // Typing a full name letter by letter, each keystroke refining the previous search,
    // and the same keystrokes searched afresh for comparison.
    var typing: [UInt64] = []
    var typingFresh: [UInt64] = []
    var refinedCount = 0
    for full in (queries[.exact] ?? []).prefix(max(10, options.queriesPerKind / 10)) {
        var previous: SearchResults? = nil
        var typed = ""
        for ch in full {
            typed.append(ch)
            var start = now()
            previous = index.search(typed, limit: options.limit, refining: previous)
            typing.append(now() - start)
            if previous?.refined == true { refinedCount += 1 }
            start = now()
            _ = index.search(typed, limit: options.limit)
            typingFresh.append(now() - start)
        }
    }
    perKind["typing-keystroke"] = percentiles(typing)
    perKind["typing-keystroke-no-reuse"] = percentiles(typingFresh)
    perKind["all-kinds"] = percentiles(all)

    // Hostile text: a stored surname of 5 million letters (a database from before the import
    // refused it, or edited by hand) and queries of a megabyte. Both must cost what ordinary
    // ones do: the index reads the first 200 letters of a field, a search the first 200 of a query.
    t = now()
    let hostileIndex = SearchIndex(records: records + [
        SearchRecord(household: "99999", member: 0, surname: String(repeating: "Ф", count: 5_000_000),
                     givenName: "Олена", patronymic: "", phone: nil, idpCertificate: nil)
    ])
    let hostileBuildTime = now() - t
    var hostile: [UInt64] = []
    var longQueries: [UInt64] = []
    let longQuery = "ковал " + String(repeating: "фя", count: 500_000)
    for q in ["ффф", "ф", "фффффффф олена"] + (queries[.exact] ?? []).prefix(50) {
        let start = now()
        _ = hostileIndex.search(q, limit: options.limit)
        hostile.append(now() - start)
    }
    for _ in 0..<20 {
        let start = now()
        _ = index.search(longQuery, limit: options.limit)
        longQueries.append(now() - start)
    }
    perKind["hostile-5m-letter-surname"] = percentiles(hostile)
    perKind["hostile-1mb-query"] = percentiles(longQueries)

    let end = memory()
    return [
        "people": register.peopleCount,
        "households": register.households.count,
        "vocabulary": index.vocabularyCount,
        "index_memory_mb": (Double(index.approximateMemoryBytes) / 1_048_576 * 10).rounded() / 10,
        "generate_register_ms": ms(generateTime),
        "make_records_ms": ms(recordsTime),
        "index_build_ms": ms(buildTime),
        "index_build_with_5m_letter_surname_ms": ms(hostileBuildTime),
        "rss_before_index_mb": memoryBeforeIndex.current,
        "rss_after_index_mb": memoryAfterIndex.current,
        "rss_at_start_mb": memoryAtStart.current,
        "peak_rss_mb": end.peak,
        "queries": perKind,
        "queries_with_results": matched,
        "typing_keystrokes_refined": refinedCount,
        "limit": options.limit,
    ]
}

func printJSON(_ object: Any) {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
}

let options = Options.parse(Array(CommandLine.arguments.dropFirst()))

switch options.mode {
case .search: break
case .store:
    printJSON(["benchmark": "store", "sizes": Dictionary(uniqueKeysWithValues: options.sizes.map {
        (String($0), runStoreBenchmark(people: $0, options: options))
    }), "targets": ["index_from_database_ms_at_110000": 1000, "aiddesk_find_peak_memory_mb_at_110000": 150]])
    exit(0)
case .pin:
    printJSON(["benchmark": "pin", "result": PINBenchmark.run()])
    exit(0)
case .cardday:
    printJSON(["benchmark": "cardday", "result": runCardDayBenchmark()])
    exit(0)
case .plan:
    printJSON(["benchmark": "plan", "sizes": Dictionary(uniqueKeysWithValues: options.sizes.map {
        (String($0), runPlanBenchmark(people: $0, options: options))
    }), "targets": ["card_kits_ms_p99_at_110000": 20, "plan_show_ms_at_110000": 2000]])
    exit(0)
case .import:
    printJSON(["benchmark": "import", "sizes": Dictionary(uniqueKeysWithValues: options.sizes.map {
        (String($0), runImportBenchmark(people: $0, seed: options.seed))
    })])
    exit(0)
}

if let size = options.child {
    printJSON(runSize(size, options))
    exit(0)
}

var sizes: [String: Any] = [:]
for size in options.sizes {
    if options.inProcess {
        sizes[String(size)] = runSize(size, options)
        continue
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    if !FileManager.default.isExecutableFile(atPath: process.executableURL!.path) {
        process.executableURL = Bundle.main.executableURL
    }
    process.arguments = [
        "--child", String(size), "--queries", String(options.queriesPerKind), "--seed", String(options.seed),
        "--tail", String(options.tail), "--limit", String(options.limit),
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch { fail("cannot start a child for size \(size): \(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0, let object = try? JSONSerialization.jsonObject(with: data) else {
        fail("the child for size \(size) failed (status \(process.terminationStatus))")
    }
    sizes[String(size)] = object
}

var machine: [String: Any] = ["cpus": ProcessInfo.processInfo.activeProcessorCount]
#if DEBUG
    machine["build"] = "debug"
#else
    machine["build"] = "release"
#endif
printJSON([
    "benchmark": "search",
    "sizes": sizes,
    "machine": machine,
    "targets_ms_p99": ["2000": 1, "110000": 10, "1000000": 50],
])
