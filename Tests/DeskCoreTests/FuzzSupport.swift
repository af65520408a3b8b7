import DeskCore
import Dispatch
import Foundation
import Testing

/// Property-based fuzzing with a seeded generator: each input is made from its own number, so
/// a failure names the input and `FUZZ_SEED`/`FUZZ_ONLY` replay exactly that one.
///
/// - `FUZZ_ITERATIONS=N` runs N inputs per target (the default is a smaller count that keeps
///   `swift test` short; `.ci/fuzz` runs the full million);
/// - `FUZZ_SEED=S` changes the seed (default fixed, so every run sees the same inputs);
/// - `FUZZ_ONLY=I` runs only input number I (to replay one that failed).
enum Fuzz {
    static let environment = ProcessInfo.processInfo.environment

    static func iterations(default count: Int) -> Int {
        if environment["FUZZ_ONLY"] != nil { return 1 }
        return environment["FUZZ_ITERATIONS"].flatMap { Int($0) }.map { max(1, $0) } ?? count
    }

    static var seed: UInt64 { environment["FUZZ_SEED"].flatMap { UInt64($0) } ?? 0xA1D_DE5C }

    static var firstInput: Int { environment["FUZZ_ONLY"].flatMap { Int($0) } ?? 0 }

    /// The generator for input `number`: independent of every other input's.
    static func generator(for number: Int, target: UInt64) -> SplitMix64 {
        var mixer = SplitMix64(state: seed ^ (target &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(number) &* 0xD1B5_4A32_D192_ED03)
        return SplitMix64(state: mixer.next())
    }

    /// One input taking longer than this is a failure (debug build, small inputs: they take microseconds).
    static let slowInput: Duration = .seconds(1)

    /// Runs `body` on inputs `0..<count` (or the one `FUZZ_ONLY` names), each with its own
    /// generator, under a watchdog: an input still running after `hangLimit` is a hang, and the
    /// process stops with the input's number rather than hold CI until its own time runs out.
    /// Returns the inputs per second.
    @discardableResult
    static func run(
        _ name: String, target: UInt64, count: Int, hangLimit: TimeInterval = 20,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: (inout SplitMix64, Int) throws -> Void
    ) rethrows -> Double {
        let watchdog = Watchdog(name: name, limit: hangLimit)
        watchdog.start()
        defer { watchdog.stop() }
        let clock = ContinuousClock()
        let started = clock.now
        var slowest: (Duration, Int) = (.zero, -1)
        let first = firstInput
        for number in first..<(first + count) {
            var generator = generator(for: number, target: target)
            watchdog.begin(number)
            let inputStart = clock.now
            try body(&generator, number)
            let took = clock.now - inputStart
            if took > slowest.0 { slowest = (took, number) }
            if took > slowInput {
                Issue.record(
                    "\(name): input \(number) took \(took) (replay: FUZZ_SEED=\(seed) FUZZ_ONLY=\(number))",
                    sourceLocation: sourceLocation)
            }
        }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = Double(count) / max(seconds, 1e-9)
        print("fuzz \(name): \(count) inputs in \(String(format: "%.1f", seconds)) s "
              + "(\(Int(rate))/s), slowest \(slowest.0) (input \(slowest.1)), seed \(seed)")
        return rate
    }

    /// Replay instructions for a failed property.
    static func replay(_ number: Int) -> String { "replay: FUZZ_SEED=\(seed) FUZZ_ONLY=\(number)" }
}

/// Watches a fuzz loop from another thread; if one input runs past the limit, prints which
/// and exits the test process (a hang cannot be interrupted from inside).
final class Watchdog: @unchecked Sendable {
    private let name: String
    private let limit: TimeInterval
    private let lock = NSLock()
    private var current = -1
    private var since = DispatchTime.now()
    private var stopped = false

    init(name: String, limit: TimeInterval) {
        self.name = name
        self.limit = limit
    }

    func begin(_ number: Int) {
        lock.lock()
        current = number
        since = .now()
        lock.unlock()
    }

    func start() {
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.5)
                lock.lock()
                let (done, number, started) = (stopped, current, since)
                lock.unlock()
                if done { return }
                let running = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
                if number >= 0, running > limit {
                    let message = "fuzz \(name): input \(number) still running after \(Int(running)) s: a hang. "
                        + "\(Fuzz.replay(number))\n"
                    FileHandle.standardError.write(Data(message.utf8))
                    exit(70)
                }
            }
        }
        thread.start()
    }

    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }
}

extension SplitMix64 {
    mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }
}
