// The register import at scale: a synthetic register of N people written as Excel saves it
// (Windows-1251, semicolons), then read, parsed and imported into a fresh database file with
// the settings the hub runs with (WAL, synchronous=FULL), in one transaction.
//
// The figure that matters is `total_ms` = reading and parsing the file + the import: the
// target is 110,000 rows in at most 5 s in a release build.

import DeskCore
import DeskResources
import DeskStore
import Foundation

/// Runs the import benchmark for `people` people and returns its figures as a JSON-ready
/// dictionary (milliseconds, counts, and whether `total_ms` is within the 5 s target).
func runImportBenchmark(people: Int, seed: UInt64 = 2026) -> [String: Any] {
    ImportBenchmark.run(people: people, seed: seed)
}

enum ImportBenchmark {
    static let targetMilliseconds = 5_000.0

    static func clock() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    static func milliseconds(since start: UInt64) -> Double {
        (Double(clock() - start) / 1e3).rounded() / 1e3
    }

    /// The generator now and then makes twins with one name and one birth date, which the
    /// parser rightly refuses as one person listed twice: such a twin is born a day later here.
    static func distinctMembers(_ register: Register) -> Register {
        var register = register
        for h in register.households.indices {
            var seen = Set<String>()
            for m in register.households[h].members.indices {
                while !seen.insert(register.households[h].members[m].identityKey).inserted,
                    let birth = register.households[h].members[m].birthDate
                {
                    register.households[h].members[m].birthDate = birth.adding(days: 1)
                }
            }
        }
        return register
    }

    static func run(people: Int, seed: UInt64) -> [String: Any] {
        var result: [String: Any] = ["benchmark": "import", "people": people]
        func failed(_ step: String, _ error: Error) -> [String: Any] {
            result["error"] = "\(step): \(error)"
            return result
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-import-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let csvURL = folder.appendingPathComponent("register.csv")
        let databasePath = folder.appendingPathComponent("hub.sqlite").path

        // The register and its file: not part of the measured import.
        var start = clock()
        let register: Register
        let catalogue: KitCatalogue
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let names = try DemoNames(
                maleLines: DeskResources.nameList(DemoNames.List.male.rawValue),
                femaleLines: DeskResources.nameList(DemoNames.List.female.rawValue),
                surnameLines: DeskResources.nameList(DemoNames.List.surnames.rawValue),
                settlementLines: DeskResources.nameList(DemoNames.List.settlements.rawValue))
            catalogue = try KitCatalogue(json: DeskResources.kitCatalogueJSON())
            register = distinctMembers(DemoRegister.generate(
                people: people, names: names, seed: seed, today: CivilDate(year: 2026, month: 11, day: 25)!))
        } catch {
            return failed("generate", error)
        }
        result["generate_ms"] = milliseconds(since: start)
        result["households"] = register.households.count

        start = clock()
        guard let csv = RegisterWriter.csv(register, flavour: .excel1251, withContacts: true) else {
            result["error"] = "the register does not fit Windows-1251"
            return result
        }
        do { try csv.write(to: csvURL) } catch { return failed("write", error) }
        result["write_csv_ms"] = milliseconds(since: start)
        result["csv_bytes"] = csv.count

        // Measured: read + parse, then the import.
        start = clock()
        let parsed: ParsedRegister
        do {
            let data = try Data(contentsOf: csvURL)
            switch RegisterParser.parse(data, today: CivilDate(year: 2026, month: 11, day: 25)!) {
            case .success(let register): parsed = register
            case .failure(let failure):
                result["error"] = "parse: \(failure.problems.count) problems, first: \(failure.problems.first.map { "\($0)" } ?? "")"
                return result
            }
        } catch {
            return failed("read", error)
        }
        let parseMilliseconds = milliseconds(since: start)
        result["read_parse_ms"] = parseMilliseconds
        result["rows"] = parsed.rowCount

        let context = DeskContext(operatorName: "bench", desk: "0")
        do {
            start = clock()
            let database = try DeskDatabase.open(path: databasePath, catalogue: catalogue)
            result["open_database_ms"] = milliseconds(since: start)
            result["synchronous"] = try database.synchronousLevel()

            start = clock()
            var progressCalls = 0
            let summary = try database.importRegister(parsed.register, context: context, progress: { _, _ in progressCalls += 1 })
            let importMilliseconds = milliseconds(since: start)
            result["import_ms"] = importMilliseconds
            result["progress_calls"] = progressCalls
            result["people_added"] = summary.peopleAdded
            result["households_added"] = summary.householdsAdded
            let total = ((parseMilliseconds + importMilliseconds) * 1e3).rounded() / 1e3
            result["total_ms"] = total
            result["target_ms"] = targetMilliseconds
            result["within_target"] = total <= targetMilliseconds

            // The same file again: nothing changes, and it should not take longer.
            start = clock()
            let again = try database.importRegister(parsed.register, context: context)
            result["reimport_ms"] = milliseconds(since: start)
            result["reimport_unchanged"] = again.peopleUnchanged
            result["reimport_changed_anything"] = again.changedAnything

            // What `aiddesk import` does next: the possible duplicates.
            start = clock()
            let duplicates = try database.possibleDuplicates()
            result["duplicates_ms"] = milliseconds(since: start)
            result["duplicate_pairs"] = duplicates.matches.count
        } catch {
            return failed("import", error)
        }
        #if DEBUG
            result["build"] = "debug"
        #else
            result["build"] = "release"
        #endif
        return result
    }
}
