import DeskCore
import DeskResources
import DeskStore
import Foundation

/// `DeskBench pin`: how long a PIN takes to hash (operator init) and to check (sign-in), and the
/// peak memory, with the parameters DeskStore stores today (scrypt, N = 2^16, r = 8: 64 MiB).
/// The target is "well under a second" on these 2-core machines: slow enough that guessing
/// PINs from a stolen file is expensive, fast enough that nobody at the desk waits.
enum PINBenchmark {
    static let targetMilliseconds = 1_000.0

    static func run(signIns: Int = 5) -> [String: Any] {
        do {
            let catalogue = try KitCatalogue(json: DeskResources.kitCatalogueJSON())
            let database = try DeskDatabase.inMemory(catalogue: catalogue)
            let before = now()
            _ = try database.initialise(coordinator: "Ганна", pin: "4821", desk: "1")
            let hashMs = ms(now() - before)
            var checks: [Double] = []
            for _ in 0..<signIns {
                let start = now()
                _ = try database.signIn(name: "Ганна", pin: "4821", desk: "1")
                checks.append(ms(now() - start))
            }
            checks.sort()
            return [
                "hash_ms": hashMs, "sign_in_ms_p50": checks[checks.count / 2], "sign_in_ms_max": checks.last ?? 0,
                "peak_memory_mb": memory().peak, "target_ms": targetMilliseconds,
            ]
        } catch {
            fail("pin benchmark: \(error)")
        }
    }
}
