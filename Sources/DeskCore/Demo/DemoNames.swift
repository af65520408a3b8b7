/// The name lists the demo register is drawn from, parsed from the lines of
/// `Resources/names/*.txt`. The caller reads the files (`DeskResources.nameList(_:)`) and
/// hands the lines in, so DeskCore stays free of I/O:
///
/// ```swift
/// let names = try DemoNames(
///     maleLines: DeskResources.nameList(DemoNames.List.male.rawValue),
///     femaleLines: DeskResources.nameList(DemoNames.List.female.rawValue),
///     surnameLines: DeskResources.nameList(DemoNames.List.surnames.rawValue),
///     settlementLines: DeskResources.nameList(DemoNames.List.settlements.rawValue))
/// ```
///
/// Lists are in rough order of frequency: the generator picks earlier entries more often.
public struct DemoNames: Sendable, Hashable {
    /// The files under `Resources/names/`, by the name `DeskResources.nameList(_:)` takes.
    public enum List: String, Sendable, CaseIterable {
        case male, female, surnames, settlements
    }

    /// When a given name was mostly given, so that a grandmother is not called Злата
    /// nor a schoolgirl Зінаїда.
    public enum Generation: String, Sendable, Hashable, CaseIterable {
        /// Fits any generation (no tag in the file).
        case any
        /// Mostly given before about 1975 (`;old`).
        case old
        /// Given from about 1975 on, rare before (`;new`).
        case new
        /// Mostly given from about 1995 (`;young`).
        case young
    }

    /// `Олександр;Олександрович;Олександрівна[;old|new|young]`.
    public struct MaleGivenName: Sendable, Hashable {
        public var given: String
        /// What this name gives a son: `Олександрович`, `Ілліч`.
        public var patronymicMale: String
        /// What this name gives a daughter: `Олександрівна`, `Іллівна`.
        public var patronymicFemale: String
        public var generation: Generation

        public init(
            given: String, patronymicMale: String, patronymicFemale: String,
            generation: Generation = .any
        ) {
            self.given = given
            self.patronymicMale = patronymicMale
            self.patronymicFemale = patronymicFemale
            self.generation = generation
        }
    }

    /// `Олена[;old|new|young]`.
    public struct FemaleGivenName: Sendable, Hashable {
        public var given: String
        public var generation: Generation

        public init(given: String, generation: Generation = .any) {
            self.given = given
            self.generation = generation
        }
    }

    /// A surname in both forms: `Ковальський`/`Ковальська`, `Коваленко`/`Коваленко`.
    public struct Surname: Sendable, Hashable {
        public var male: String
        public var female: String

        public init(male: String, female: String) {
            self.male = male
            self.female = female
        }

        /// The female form derived by `DemoNames.femaleSurname(forMale:)`.
        public init(male: String) {
            self.init(male: male, female: DemoNames.femaleSurname(forMale: male))
        }

        public func form(for sex: Sex) -> String { sex == .female ? female : male }
    }

    public var maleGiven: [MaleGivenName]
    public var femaleGiven: [FemaleGivenName]
    public var surnames: [Surname]
    /// The other settlements of the region, the hub's city not among them.
    public var settlements: [String]
    /// One positive weight per entry of `settlements` (roughly the population in thousands).
    public var settlementWeights: [Int]
    /// Where the hub is: half of the households live here.
    public var hubCity: String

    public init(
        maleGiven: [MaleGivenName], femaleGiven: [FemaleGivenName], surnames: [Surname],
        settlements: [String], settlementWeights: [Int]? = nil, hubCity: String
    ) throws(DemoNamesError) {
        guard !maleGiven.isEmpty else { throw .emptyList(.male) }
        guard !femaleGiven.isEmpty else { throw .emptyList(.female) }
        guard !surnames.isEmpty else { throw .emptyList(.surnames) }
        guard !hubCity.isEmpty else { throw .emptyList(.settlements) }
        let weights = settlementWeights ?? Array(repeating: 1, count: settlements.count)
        guard weights.count == settlements.count, weights.allSatisfy({ $0 > 0 }) else {
            throw .malformedLine(.settlements, weights.map(String.init).joined(separator: ";"))
        }
        self.maleGiven = maleGiven
        self.femaleGiven = femaleGiven
        self.surnames = surnames
        self.settlements = settlements
        self.settlementWeights = weights
        self.hubCity = hubCity
    }

    /// Parses the lines of the four lists (see `Resources/names/README.txt`). Blank lines and
    /// `#` comments are skipped here too, so raw file lines work as well as
    /// `DeskResources.nameList` output; straight and curly apostrophes become U+02BC.
    ///
    /// - `maleLines`: `given;male patronymic;female patronymic[;old|new|young]`
    /// - `femaleLines`: `given[;old|new|young]`
    /// - `surnameLines`: `male[;female]`, the female form derived when omitted
    /// - `settlementLines`: the hub's city first, then `name[;weight]`
    public init(
        maleLines: [String], femaleLines: [String], surnameLines: [String],
        settlementLines: [String]
    ) throws(DemoNamesError) {
        var male: [MaleGivenName] = []
        for (line, fields) in Self.entries(maleLines) {
            guard (3...4).contains(fields.count), fields[0...2].allSatisfy({ !$0.isEmpty }),
                let generation = Self.generation(fields.count == 4 ? fields[3] : "")
            else { throw .malformedLine(.male, line) }
            male.append(
                MaleGivenName(
                    given: fields[0], patronymicMale: fields[1], patronymicFemale: fields[2],
                    generation: generation))
        }
        var female: [FemaleGivenName] = []
        for (line, fields) in Self.entries(femaleLines) {
            guard (1...2).contains(fields.count), !fields[0].isEmpty,
                let generation = Self.generation(fields.count == 2 ? fields[1] : "")
            else { throw .malformedLine(.female, line) }
            female.append(FemaleGivenName(given: fields[0], generation: generation))
        }
        var surnames: [Surname] = []
        for (line, fields) in Self.entries(surnameLines) {
            guard (1...2).contains(fields.count), fields.allSatisfy({ !$0.isEmpty }) else {
                throw .malformedLine(.surnames, line)
            }
            surnames.append(
                fields.count == 2 ? Surname(male: fields[0], female: fields[1]) : Surname(male: fields[0]))
        }
        var hub: String?
        var settlements: [String] = []
        var weights: [Int] = []
        for (line, fields) in Self.entries(settlementLines) {
            guard (1...2).contains(fields.count), !fields[0].isEmpty else {
                throw .malformedLine(.settlements, line)
            }
            var weight = 1
            if fields.count == 2 {
                guard let w = Int(fields[1]), w > 0 else { throw .malformedLine(.settlements, line) }
                weight = w
            }
            if hub == nil {
                hub = fields[0]
            } else if fields[0] != hub {
                settlements.append(fields[0])
                weights.append(weight)
            }
        }
        try self.init(
            maleGiven: male, femaleGiven: female, surnames: surnames, settlements: settlements,
            settlementWeights: weights, hubCity: hub ?? "")
    }

    /// The female form of a surname where Ukrainian has one: `-ий` → `-а` (Білий → Біла,
    /// Ковальський → Ковальська), `-ов`/`-ев`/`-єв` → `-ова`/`-ева`/`-єва`, `-ін`/`-їн` →
    /// `-іна`/`-їна`. Every other surname (`-енко`, `-ук`, `-ко`, `-ич`, `-ів`, ...) is the same
    /// for women.
    public static func femaleSurname(forMale male: String) -> String {
        if male.hasSuffix("ий") { return String(male.dropLast(2)) + "а" }
        for ending in ["ов", "ев", "єв", "ін", "їн"] where male.hasSuffix(ending) {
            return male + "а"
        }
        return male
    }

    private static func entries(_ lines: [String]) -> [(line: String, fields: [String])] {
        lines.compactMap { raw in
            let line = normaliseApostrophes(raw.trimmingSpaces())
            guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: ";", omittingEmptySubsequences: false)
                .map { $0.trimmingSpaces() }
            return (line, fields)
        }
    }

    private static func generation(_ tag: String) -> Generation? {
        tag.isEmpty ? .any : Generation(rawValue: tag.lowercased())
    }

    /// `Мар'яна` and `Мар’яна` become `Марʼяна` (U+02BC), the form the lists use.
    static func normaliseApostrophes(_ text: String) -> String {
        guard text.contains(where: { $0 == "'" || $0 == "\u{2019}" }) else { return text }
        return String(text.map { $0 == "'" || $0 == "\u{2019}" ? "\u{02BC}" : $0 })
    }
}

public enum DemoNamesError: Error, Sendable, Hashable {
    /// A line of a list that does not have the list's shape.
    case malformedLine(DemoNames.List, String)
    /// A list with no entries (for settlements: no hub city).
    case emptyList(DemoNames.List)
}
