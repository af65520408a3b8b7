// The search as the program runs it: the index built from the database, and the peak memory
// of the `aiddesk find` process answering queries on a register of that size.
//
//   swift build -c release && swift run -c release DeskBench store [--sizes 110000]

import DeskCore
import DeskResources
import DeskStore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

func runStoreBenchmark(people: Int, options: Options) -> [String: Any] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskbench-store-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("hub.sqlite").path
    let catalogue: KitCatalogue
    do { catalogue = try KitCatalogue(json: DeskResources.kitCatalogueJSON()) } catch { fail("no kit catalogue: \(error)") }

    let register = makeRegister(people: people, options: options)
    var result: [String: Any] = ["people": register.peopleCount, "households": register.households.count]
    do {
        let importStart = now()
        let database = try DeskDatabase.open(path: path, catalogue: catalogue)
        _ = try database.importRegister(register, context: DeskContext(operatorName: "bench", desk: "0"))
        result["import_ms"] = ms(now() - importStart)
    } catch {
        fail("cannot build the database: \(error)")
    }

    // What a desk or `aiddesk find` does at start: open the file, read every person, build the index.
    do {
        let start = now()
        let database = try DeskDatabase.open(path: path, catalogue: catalogue)
        let records = try database.searchRecords()
        let read = now()
        let index = SearchIndex(records: records)
        let built = now()
        result["index_from_database_ms"] = [
            "read_records": ms(read - start), "build_index": ms(built - read), "total": ms(built - start),
        ]
        result["index_memory_mb"] = (Double(index.approximateMemoryBytes) / 1_048_576 * 10).rounded() / 10
    } catch {
        fail("cannot read the database: \(error)")
    }

    // `aiddesk find` as a process, reading queries from stdin: its peak resident memory.
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("aiddesk")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        result["aiddesk_find"] = "not built: run `swift build -c release` first"
        return result
    }
    let queries = makeQueries(register, perKind: 50, seed: options.seed).values.flatMap { $0 }
    let input = Data((queries.joined(separator: "\n") + "\n").utf8)
    let process = Process()
    process.executableURL = binary
    process.arguments = ["find", "--db", path, "--limit", "10"]
    let stdin = Pipe()
    process.standardInput = stdin
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    let start = now()
    do { try process.run() } catch { fail("cannot run aiddesk: \(error)") }
    stdin.fileHandleForWriting.write(input)
    try? stdin.fileHandleForWriting.close()
    var status: Int32 = 0
    var usage = rusage()
    _ = wait4(process.processIdentifier, &status, 0, &usage)
    result["aiddesk_find"] = [
        "queries": queries.count,
        "wall_ms": ms(now() - start),
        "peak_memory_mb": (Double(usage.ru_maxrss) / 1024 * 10).rounded() / 10,
        "exit_status": Int((status >> 8) & 0xFF),
    ]
    return result
}
