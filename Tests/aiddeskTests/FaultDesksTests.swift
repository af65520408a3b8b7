import DeskCore
import Foundation
import GRDB
import Testing

/// Eight desks, each a stream of real `aiddesk` processes doing what a distribution day does
/// (issue several kits, check in, void, look up status and history, search, add stock), all
/// at once on one database for a bounded time (`AIDDESK_FAULT_SECONDS`, default 12).
///
/// Afterwards: `aiddesk check` is clean, no kit went twice to a household, every issuance a
/// desk was told about is stored (and nothing it was not told about), every void and stock
/// change reported is there exactly once, and no desk ever saw a crash or SQLite's own words.
/// (`SeveralDesksTests` covers the single-kit race; this one mixes the work.)
@Suite("Fault: eight desks doing mixed work", .serialized)
struct FaultDesksTests {
    static let seconds = ProcessInfo.processInfo.environment["AIDDESK_FAULT_SECONDS"].flatMap(Double.init) ?? 12
    static let kits = ["hygiene", "bedding", "kitchen", "blanket", "lamp"]
    /// Some kits run short on purpose, so that refusals and stock added mid-day happen.
    static let received = ["hygiene": 40, "bedding": 300, "kitchen": 25, "blanket": 300, "lamp": 12]

    enum Operation: String, Sendable, CaseIterable {
        case issue, checkin, void, status, history, find, stock
    }

    struct Call: Sendable {
        var desk: Int
        var operation: Operation
        var arguments: [String]
        var outcome: DeskRun.Outcome
        var household: String?
        var issued: [Int64] = []
        var voided: Int64?
        var stock: (kit: String, delta: Int)?
        /// Something the desk saw that contradicts what it was told earlier.
        var contradiction: String?
    }

    @Test func eightDesksMixedWorkKeepEveryRecordOnce() throws {
        let hub = try FaultHub()
        defer { hub.remove() }
        let households = 60
        try hub.seed(households: households)
        let open = try hub.aiddesk(
            ["distribution", "open", "Змішаний день"] + Self.kits.flatMap { ["--kit", "\($0)=\(Self.received[$0]!)"] })
        #expect(open.status == 0, "\(open.stderr)")

        let deadline = Date().addingTimeInterval(Self.seconds)
        let calls = Tally<[Call]>([])
        let failures = Tally<[String]>([])
        let finished = DispatchGroup()
        for desk in 1...8 {
            finished.enter()
            let thread = Thread {
                defer { finished.leave() }
                do {
                    let made = try Self.work(desk: desk, hub: hub, households: households, until: deadline)
                    calls.update { $0 += made }
                } catch {
                    failures.update { $0.append("desk \(desk): \(error)") }
                }
            }
            thread.start()
        }
        finished.wait()
        #expect(failures.current.isEmpty, "\(failures.current)")
        let all = calls.current
        let byOperation = Dictionary(grouping: all, by: \.operation).mapValues(\.count)
        print("fault desks: \(all.count) runs in \(Int(Self.seconds)) s by 8 desks: "
              + Operation.allCases.map { "\($0.rawValue) \(byOperation[$0] ?? 0)" }.joined(separator: ", "))
        let retried = all.filter { $0.outcome.stderr.contains("Інший стіл зайнятий, повторюю") }.count
        print("fault desks: \(retried) runs waited past their busy timeout and retried")
        #expect(all.count >= 80, "too few runs to mean anything: \(all.count)")
        for operation in [Operation.issue, .checkin, .status, .history, .find, .stock] {
            #expect((byOperation[operation] ?? 0) > 0, "no \(operation.rawValue) ran")
        }

        // Every run ended by itself, with a status its command documents, in words.
        for call in all {
            let allowed: Set<Int32> = call.operation == .issue ? [0, 3, 4] : [0]
            #expect(!call.outcome.signalled && allowed.contains(call.outcome.status),
                    "desk \(call.desk) \(call.arguments) → \(call.outcome.status): \(call.outcome.stderr)")
            if let raw = rawFailureText(in: call.outcome.stderr) {
                Issue.record("desk \(call.desk) \(call.arguments) showed «\(raw)»: \(call.outcome.stderr)")
            }
            if let contradiction = call.contradiction { Issue.record("desk \(call.desk): \(contradiction)") }
        }

        // The engine's own check, as a coordinator runs it.
        let check = try hub.aiddesk(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

        // Every issuance a desk reported is stored, and nothing else: no process was killed,
        // so a stored issuance nobody was told about would be a failure reported as done.
        let rows = try hub.issuances()
        let reported = all.flatMap(\.issued)
        #expect(Set(reported).count == reported.count, "one record reported twice")
        #expect(Set(rows.map(\.id)) == Set(reported))
        let voids = all.compactMap(\.voided)
        #expect(Set(rows.filter(\.voided).map(\.id)) == Set(voids))
        // Zero duplicates: one live record per household and kit.
        let live = rows.filter { !$0.voided }
        let pairs = Dictionary(grouping: live) { "\($0.household) \($0.kit)" }.filter { $0.value.count > 1 }
        #expect(pairs.isEmpty, "issued twice: \(pairs.keys.sorted())")
        // Stock: received is what was opened plus every reported change; never below issued.
        let stock = try hub.inspect { db in
            try Row.fetchAll(db, sql: "SELECT kitCode, received FROM stock").map { ($0[0] as String, $0[1] as Int) }
        }
        for (kit, received) in stock {
            let added = all.compactMap(\.stock).filter { $0.kit == kit }.reduce(0) { $0 + $1.delta }
            #expect(received == Self.received[kit]! + added, "\(kit)")
            #expect(live.filter { $0.kit == kit }.reduce(0) { $0 + $1.quantity } <= received, "\(kit) over-issued")
        }
        // Every household a desk checked in, or issued to, is checked in once.
        let checkedIn = try hub.inspect { db in try String.fetchAll(db, sql: """
            SELECT h.number FROM checkIn c JOIN household h ON h.id = c.householdId
            """) }
        #expect(Set(checkedIn).count == checkedIn.count, "a household checked in twice")
        let served = Set(all.filter { $0.operation == .checkin || !$0.issued.isEmpty }.compactMap(\.household))
        #expect(served.isSubset(of: Set(checkedIn)))
    }

    /// One desk's stream of runs until the deadline. Voids only touch the desk's own issuances,
    /// so that what each desk knows stays true while the others work.
    static func work(desk: Int, hub: FaultHub, households: Int, until deadline: Date) throws -> [Call] {
        var generator = SplitMix64(state: 0xDE5C + UInt64(desk))
        var calls: [Call] = []
        var mine: [(id: Int64, household: String, voided: Bool)] = []
        let weights: [(Operation, Int)] = [
            (.issue, 34), (.checkin, 12), (.void, 10), (.status, 10), (.history, 12), (.find, 10), (.stock, 12),
        ]
        while Date() < deadline {
            var roll = Int(generator.next() % 100)
            var operation = Operation.issue
            for (candidate, weight) in weights {
                if roll < weight {
                    operation = candidate
                    break
                }
                roll -= weight
            }
            let household = householdNumber(Int(generator.next() % UInt64(households)) + 1)
            var call: Call
            switch operation {
            case .issue:
                var kits = Self.kits.shuffled(using: &generator)
                kits = Array(kits.prefix(1 + Int(generator.next() % 3)))
                call = try run(hub, desk, operation, ["issue", household] + kits + ["--json"])
                call.household = household
                if call.outcome.status == 0 {
                    let records = issuedRecords(call.outcome.stdout)
                    call.issued = records.map(\.id)
                    if Set(records.map(\.kit)) != Set(kits) {
                        call.contradiction = "asked \(kits), told \(records.map(\.kit))"
                    }
                    mine += records.map { ($0.id, household, false) }
                }
            case .void:
                guard let k = mine.indices.filter({ !mine[$0].voided }).randomElement(using: &generator) else { continue }
                call = try run(hub, desk, operation, ["void", "\(mine[k].id)", "--reason", "помилка столу \(desk)"])
                if call.outcome.status == 0 {
                    call.voided = mine[k].id
                    mine[k].voided = true
                }
            case .checkin:
                call = try run(hub, desk, operation, ["checkin", household])
                call.household = household
            case .status:
                call = try run(hub, desk, operation, ["status", "--json"])
                let distributions = jsonObject(call.outcome.stdout)?["distributions"] as? [[String: Any]]
                for distribution in distributions ?? [] {
                    for (kit, figures) in distribution["stock"] as? [String: [String: Int]] ?? [:]
                    where (figures["left"] ?? 0) < 0 || (figures["issued"] ?? 0) > (figures["received"] ?? 0) {
                        call.contradiction = "status shows \(kit) \(figures)"
                    }
                }
                if distributions == nil { call.contradiction = "status --json unreadable: \(call.outcome.stdout)" }
            case .history:
                call = try run(hub, desk, operation, ["history", household, "--json"])
                let entries = (jsonObject(call.outcome.stdout)?["issuances"] as? [[String: Any]]) ?? []
                let shown = Dictionary(
                    entries.compactMap { e in (e["id"] as? Int).map { (Int64($0), e["voided"] as? Bool ?? false) } },
                    uniquingKeysWith: { a, _ in a })
                for record in mine where record.household == household && shown[record.id] != record.voided {
                    call.contradiction = "history of \(household) shows \(record.id) as \(String(describing: shown[record.id])), "
                        + "this desk \(record.voided ? "voided" : "issued") it"
                }
            case .find:
                let query = ["Тестенко Олена", "тестенко", "Testenko Marko", household, "Тестенко О І"].randomElement(
                    using: &generator)!
                call = try run(hub, desk, operation, ["find", query, "--json", "--limit", "5"])
                if jsonObject(call.outcome.stdout) == nil { call.contradiction = "find --json unreadable" }
            case .stock:
                let kit = ["hygiene", "kitchen", "lamp"].randomElement(using: &generator)!
                let delta = 1 + Int(generator.next() % 3)
                call = try run(hub, desk, operation, ["stock", "adjust", kit, "+\(delta)", "--reason", "довезли"])
                if call.outcome.status == 0 { call.stock = (kit, delta) }
            }
            calls.append(call)
        }
        return calls
    }

    /// Desks 5–8 wait only 25 ms before they call the database busy, so that the retry (and
    /// its message) happens under real contention: it must never issue twice nor lose a record.
    static func run(_ hub: FaultHub, _ desk: Int, _ operation: Operation, _ arguments: [String]) throws -> Call {
        let impatient = ["AIDDESK_BUSY_TIMEOUT_MS": "25", "AIDDESK_BUSY_RETRIES": "2000"]
        let outcome = try hub.aiddesk(
            arguments, desk: "\(desk)", operatorName: "Волонтер \(desk)", environment: desk > 4 ? impatient : [:])
        return Call(desk: desk, operation: operation, arguments: arguments, outcome: outcome)
    }
}
