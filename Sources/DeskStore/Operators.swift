import _CryptoExtras
import DeskCore
import Foundation
import GRDB

// Operators, roles and PINs, enforced by the engine.
//
// The design, in short:
//
// - A database with no operator at all is in *setup mode*: every operation is allowed and
//   recorded under the name the caller gives (`DeskContext.operatorName`), as before operators
//   existed. The first `initialise(coordinator:…)` (`aiddesk operator init`) switches the
//   database to *signed-in mode* for good: operators are never deleted, only disabled.
// - In signed-in mode a `DeskDatabase` handle acts only for the operator it was signed in as.
//   `signIn(name:pin:desk:)` verifies the PIN against the stored scrypt hash and returns a
//   copy of the handle carrying an `OperatorSession`; nothing outside DeskStore can make one.
// - Every operation calls `authorize` first (writes inside their own transaction): it refuses a
//   handle with no session, re-reads the operator's row (disabled? PIN changed since?) and checks
//   that the row's role allows the action. What is recorded (issuances, check-ins, the audit)
//   carries the signed-in operator's name, whatever name the caller's context says.
// - Wrong PINs are counted in the operator's row with the earliest time of the next try
//   (`notBefore`): 1, 2, 4, 8 seconds, then a lock-out of 5 minutes doubling up to an hour.
//   A try is decided in a write transaction that first checks that wait, so a second process
//   or desk cannot try faster than the rules allow, while right PINs typed at once at several
//   desks never wait for each other.

/// The operator a handle acts for, after the PIN was verified. Made only by DeskStore.
public struct OperatorSession: Sendable, Hashable {
    public let operatorId: Int64
    public let name: String
    /// The role at sign-in; every operation reads it again from the database.
    public let role: OperatorRole
    public let signedInAt: Date
    let credentialVersion: Int
}

/// An operator as `aiddesk operator list` shows it.
public struct OperatorInfo: Sendable, Hashable {
    public var name: String
    public var role: OperatorRole
    public var createdBy: String
    public var createdAt: Date
    public var disabled: Bool
    public var failedAttempts: Int
    /// Set while wrong PINs keep the operator waiting or locked out.
    public var notBefore: Date?
    public var isLockedOut: Bool
}

/// How wrong PINs slow down, and what a PIN must be.
public enum PINRules {
    public static let minimumLength = 4
    public static let maximumLength = 64
    /// Wrong PINs in a row after which the operator is locked out for a while.
    public static let lockOutAfter = 5

    /// Seconds before the next try after `failures` wrong PINs in a row: 1, 2, 4, 8, then
    /// 300 (5 minutes), 600, 1200, 2400, 3600 at most.
    public static func delay(afterFailures failures: Int) -> TimeInterval {
        guard failures > 0 else { return 0 }
        if failures < lockOutAfter { return TimeInterval(1 << (failures - 1)) }
        return min(3600, 300 * TimeInterval(1 << min(failures - lockOutAfter, 8)))
    }

    /// Throws `AccessError.weakPIN` unless the PIN is long enough and not one character repeated.
    public static func check(_ pin: String) throws {
        guard pin.count >= minimumLength, pin.count <= maximumLength, Set(pin).count > 1,
            pin.trimmingCharacters(in: .whitespacesAndNewlines) == pin
        else { throw AccessError.weakPIN(minimumLength: minimumLength) }
    }
}

/// scrypt (RFC 7914, through swift-crypto) with a random salt per PIN, stored as one
/// self-describing string: `$scrypt$ln=16,r=8,p=1$<salt>$<hash>` (salt and hash in base64).
///
/// The parameters travel with each hash, so they can be raised later and old hashes still
/// verify (and are made again at the next sign-in). N = 2^16 and r = 8 take 128·N·r = 64 MiB,
/// the memory libsodium's Argon2id used here before; `swift run -c release DeskBench pin`
/// measures the time (about 0.2 s a PIN on the project's 2-core machines).
/// The PIN itself is never stored.
enum PINHash {
    struct Parameters: Equatable {
        /// log2 of scrypt's N (its cost in rounds and memory).
        var logRounds: Int
        var blockSize: Int
        var parallelism: Int

        /// 64 MiB and one thread: the strength of the earlier Argon2id "interactive" limits.
        static let current = Parameters(logRounds: 16, blockSize: 8, parallelism: 1)

        /// Bytes scrypt needs for these parameters.
        var memory: Int { 128 * (1 << logRounds) * blockSize * parallelism }

        /// Refuses what a tampered or corrupted row could ask for: a stored string must never
        /// make a sign-in take gigabytes or minutes.
        var isPlausible: Bool {
            (10...20).contains(logRounds) && (1...16).contains(blockSize) && (1...4).contains(parallelism)
                && memory <= 1 << 30
        }
    }

    static let prefix = "$scrypt$"
    /// What the earlier build stored (libsodium's `crypto_pwhash_str`): this build cannot verify it.
    static let earlierPrefix = "$argon2id$"
    static let saltBytes = 16
    static let hashBytes = 32

    static func hash(_ pin: String, parameters: Parameters = .current) throws -> String {
        var salt = [UInt8](repeating: 0, count: saltBytes)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = generator.next() }
        let derived = try derive(pin, salt: salt, parameters: parameters)
        return "\(prefix)ln=\(parameters.logRounds),r=\(parameters.blockSize),p=\(parameters.parallelism)$"
            + Data(salt).base64EncodedString() + "$" + Data(derived).base64EncodedString()
    }

    static func verify(_ pin: String, against stored: String) -> Bool {
        guard let parsed = parse(stored), let derived = try? derive(pin, salt: parsed.salt, parameters: parsed.parameters)
        else { return false }
        return constantTimeEqual(derived, parsed.hash)
    }

    /// True when the hash was made with other parameters than today's (then it is made again at sign-in).
    static func needsRehash(_ stored: String) -> Bool {
        parse(stored)?.parameters != .current
    }

    /// True for a hash the earlier build made (Argon2id through libsodium), which this build
    /// cannot check: the operator is told so instead of hearing "wrong PIN".
    static func isFromEarlierBuild(_ stored: String) -> Bool {
        stored.hasPrefix(earlierPrefix)
    }

    /// A hash of nothing anyone types, verified against for unknown names so that a wrong
    /// name takes as long as a wrong PIN.
    static let decoy: String = (try? hash(UUID().uuidString)) ?? ""

    private static func parse(_ stored: String) -> (parameters: Parameters, salt: [UInt8], hash: [UInt8])? {
        guard stored.hasPrefix(prefix) else { return nil }
        let fields = stored.dropFirst(prefix.count).split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 3 else { return nil }
        var values: [String: Int] = [:]
        for pair in fields[0].split(separator: ",") {
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let value = Int(parts[1]) else { return nil }
            values[String(parts[0])] = value
        }
        guard let logRounds = values["ln"], let blockSize = values["r"], let parallelism = values["p"] else { return nil }
        let parameters = Parameters(logRounds: logRounds, blockSize: blockSize, parallelism: parallelism)
        guard parameters.isPlausible, let salt = Data(base64Encoded: String(fields[1])),
            let hash = Data(base64Encoded: String(fields[2])), !salt.isEmpty, hash.count == hashBytes
        else { return nil }
        return (parameters, [UInt8](salt), [UInt8](hash))
    }

    private static func derive(_ pin: String, salt: [UInt8], parameters: Parameters) throws -> [UInt8] {
        // BoringSSL needs a password buffer it can point at, even for an empty PIN (which no
        // rule allows, but a sign-in may still send).
        let password = pin.isEmpty ? [UInt8(0)] : Array(pin.utf8)
        let key = try KDF.Scrypt.deriveKey(
            from: password, salt: salt, outputByteCount: hashBytes, rounds: 1 << parameters.logRounds,
            blockSize: parameters.blockSize, parallelism: parameters.parallelism)
        return key.withUnsafeBytes { Array($0) }
    }

    /// Compares every byte whatever the first difference, so the time says nothing about the hash.
    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

extension DeskDatabase {
    // MARK: Authorisation

    /// How an operator's name is compared: as it looks (`OperatorName.key`).
    static func operatorKey(_ name: String) -> String { OperatorName.key(name) }

    static func cleanName(_ name: String) -> String { OperatorName.clean(name) }

    /// The signed-in operator's row, checked: nil in setup mode (no operators at all).
    private func actingOperator(_ db: Database) throws -> OperatorRecord? {
        guard let session else {
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM operator)") ?? false {
                throw AccessError.signInRequired
            }
            return nil
        }
        guard let row = try OperatorRecord.fetchOne(db, key: session.operatorId), row.nameKey == Self.operatorKey(session.name)
        else { throw AccessError.signInRequired }
        if row.disabled { throw AccessError.operatorDisabled(row.name) }
        if row.credentialVersion != session.credentialVersion { throw AccessError.signInAgain(row.name) }
        return row
    }

    /// Inside the operation's transaction: throws unless the acting operator may do `action`.
    /// Returns the context to record: the signed-in operator's name, the caller's desk.
    @discardableResult
    func authorize(_ db: Database, _ action: DeskAction, _ context: DeskContext) throws -> DeskContext {
        guard let row = try actingOperator(db) else { return context }
        guard row.operatorRole.allows(action) else { throw AccessError.notAllowed(role: row.operatorRole, action: action) }
        var acting = context
        acting.operatorName = row.name
        return acting
    }

    /// Inside the caller's transaction: throws unless the acting operator may do `action`.
    func authorize(_ db: Database, _ action: DeskAction) throws {
        guard let row = try actingOperator(db) else { return }
        guard row.operatorRole.allows(action) else { throw AccessError.notAllowed(role: row.operatorRole, action: action) }
    }

    /// For reads: throws unless the acting operator may do `action` (a read of its own).
    func authorize(_ action: DeskAction) throws {
        try writer.read { db in try authorize(db, action) }
    }

    /// True when the database has operators (signed-in mode); false in setup mode.
    /// Needs no sign-in: it tells the program whether to ask for one.
    public func hasOperators() throws -> Bool {
        try writer.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM operator)") ?? false }
    }

    /// The coordinators who can sign in (enabled, whatever their lock-out). Needs no sign-in: a
    /// count of coordinators tells nothing about families, and a hub with only one is warned.
    public func coordinatorsWhoCanSignIn() throws -> [String] {
        try writer.read { db in
            try String.fetchAll(
                db, sql: "SELECT name FROM operator WHERE role = 'coordinator' AND disabled = 0 ORDER BY id")
        }
    }

    /// True when the acting operator may do `action` now (always in setup mode). For screens
    /// that hide what the role cannot do; the operations check for themselves.
    public func may(_ action: DeskAction) -> Bool {
        (try? authorize(action)) != nil
    }

    /// This handle without its operator: what a locked desk holds.
    public var signedOut: DeskDatabase {
        var copy = self
        copy.session = nil
        return copy
    }

    // MARK: Signing in

    /// Verifies the PIN and returns this handle acting for the operator.
    ///
    /// A wrong PIN is counted in the database, and the next try waits (1, 2, 4, 8 s; after
    /// five in a row, a lock-out from 5 minutes doubling up to an hour), whichever process tries.
    /// - Parameter record: write a `signin` entry in the audit (the desk does; a command does not,
    ///   as everything it changes is recorded under the operator's name anyway).
    /// - Throws: `AccessError` (unknown operator, disabled, wrong PIN, too soon, locked out).
    public func signIn(name: String, pin: String, desk: String, record: Bool = false) throws -> DeskDatabase {
        try signIn(name: name, pin: pin, desk: desk, record: record, clock: Date.init)
    }

    /// Writes that the desk locked (idle, or on purpose): the log then shows when the operator
    /// stopped answering for what the desk did, until the next `signin` entry.
    public func recordDeskLocked(context: DeskContext, now: Date = Date()) throws {
        try writer.write { db in try audit(db, context, now: now, action: "desk.lock", detail: "") }
    }

    /// Signs in again as the same operator (unlocking an idle desk).
    public func reauthenticate(pin: String, desk: String) throws -> DeskDatabase {
        guard let session else { throw AccessError.signInRequired }
        return try signedOut.signIn(name: session.name, pin: pin, desk: desk, record: true)
    }

    /// `clock` is read at each step, so tests can move time on.
    func signIn(name: String, pin: String, desk: String, record: Bool, clock: () -> Date) throws -> DeskDatabase {
        let key = Self.operatorKey(name)
        guard !key.isEmpty else { throw AccessError.nameRequired }
        let start = clock()
        // 1. Look: refused while an earlier wrong PIN still makes the operator wait.
        let looked: OperatorRecord? = try writer.write { db in
            guard let row = try OperatorRecord.filter({ $0.nameKey == key }).fetchOne(db) else {
                try audit(db, DeskContext(operatorName: Self.cleanName(name), desk: desk), now: start,
                          action: "signin.unknown", detail: "")
                return nil
            }
            if row.disabled { throw AccessError.operatorDisabled(row.name) }
            if let notBefore = row.notBefore, notBefore > start { throw Self.waiting(row, until: notBefore) }
            if PINHash.isFromEarlierBuild(row.pinHash) {
                // Not a wrong PIN: nothing typed could match, so no try is counted against them.
                try audit(db, DeskContext(operatorName: row.name, desk: desk), now: start,
                          action: "signin.earlierPIN", detail: "")
            }
            return row
        }
        guard let looked else {
            _ = PINHash.verify(pin, against: PINHash.decoy)
            throw AccessError.unknownOperator(Self.cleanName(name))
        }
        if PINHash.isFromEarlierBuild(looked.pinHash) {
            throw AccessError.pinFromEarlierBuild(name: looked.name, role: looked.operatorRole)
        }
        // 2. scrypt, outside any transaction: other desks, and other sign-ins of the same
        //    operator, go on meanwhile, so a right PIN never waits for anyone else's.
        let matches = PINHash.verify(pin, against: looked.pinHash)
        let rehash = matches && PINHash.needsRehash(looked.pinHash) ? try? PINHash.hash(pin) : nil
        // 3. Decide. A try counts only if, when it is decided, no wrong PIN decided meanwhile
        //    makes the operator wait: tries made in parallel are thus decided no faster than
        //    one after another, and one refused here tells nothing of whether its PIN was right.
        let decided = clock()
        let row: OperatorRecord = try writer.write { db in
            guard var row = try OperatorRecord.fetchOne(db, key: looked.id) else { throw AccessError.signInRequired }
            if row.disabled { throw AccessError.operatorDisabled(row.name) }
            if let notBefore = row.notBefore, notBefore > decided { throw Self.waiting(row, until: notBefore) }
            // The PIN changed while this try was checked against the old one.
            guard row.pinHash == looked.pinHash else { throw AccessError.signInAgain(row.name) }
            let context = DeskContext(operatorName: row.name, desk: desk)
            if matches {
                row.failedAttempts = 0
                row.notBefore = nil
                if let rehash { row.pinHash = rehash }
                if record { try audit(db, context, now: decided, action: "signin", detail: row.operatorRole.rawValue) }
            } else {
                row.failedAttempts += 1
                row.notBefore = decided.addingTimeInterval(PINRules.delay(afterFailures: row.failedAttempts))
                let locked = row.failedAttempts >= PINRules.lockOutAfter
                try audit(db, context, now: decided, action: locked ? "signin.lockedOut" : "signin.wrongPIN",
                          detail: "\(row.failedAttempts)")
            }
            try row.update(db)
            return row
        }
        guard matches else {
            if row.failedAttempts >= PINRules.lockOutAfter {
                throw AccessError.lockedOut(name: row.name, until: row.notBefore!)
            }
            throw AccessError.wrongPIN(name: row.name, failures: row.failedAttempts, retryAfter: row.notBefore!)
        }
        if row.disabled { throw AccessError.operatorDisabled(row.name) }
        var signedIn = self
        signedIn.session = OperatorSession(
            operatorId: row.id!, name: row.name, role: row.operatorRole, signedInAt: decided,
            credentialVersion: row.credentialVersion)
        return signedIn
    }

    /// Why a try is not taken now: the wait after a wrong PIN, or the lock-out.
    private static func waiting(_ row: OperatorRecord, until: Date) -> AccessError {
        row.failedAttempts >= PINRules.lockOutAfter
            ? .lockedOut(name: row.name, until: until) : .tooSoon(name: row.name, until: until)
    }

    // MARK: Managing operators

    /// The first run: makes the first coordinator and switches the database to signed-in mode.
    /// Only on a database with no operators; returns the handle signed in as the coordinator.
    public func initialise(coordinator name: String, pin: String, desk: String, now: Date = Date()) throws -> DeskDatabase {
        let name = Self.cleanName(name)
        guard !name.isEmpty else { throw AccessError.nameRequired }
        try PINRules.check(pin)
        guard try !hasOperators() else { throw AccessError.alreadyInitialised }
        let hash = try PINHash.hash(pin)
        let row: OperatorRecord = try writer.write { db in
            guard try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM operator)") ?? false) else {
                throw AccessError.alreadyInitialised
            }
            var row = OperatorRecord(
                id: nil, name: name, nameKey: Self.operatorKey(name), role: OperatorRole.coordinator.rawValue,
                pinHash: hash, createdBy: name, createdAt: now, disabled: false, failedAttempts: 0, notBefore: nil,
                credentialVersion: 1)
            try row.insert(db)
            try audit(db, DeskContext(operatorName: name, desk: desk), now: now, action: "operator.init",
                      detail: "\(name): coordinator")
            return row
        }
        var signedIn = self
        signedIn.session = OperatorSession(
            operatorId: row.id!, name: row.name, role: .coordinator, signedInAt: now, credentialVersion: row.credentialVersion)
        return signedIn
    }

    /// A coordinator adds an operator with a role and a first PIN.
    public func addOperator(name: String, role: OperatorRole, pin: String, context: DeskContext, now: Date = Date()) throws {
        let name = Self.cleanName(name)
        guard !name.isEmpty else { throw AccessError.nameRequired }
        guard try session != nil || hasOperators() else { throw AccessError.noOperatorsYet }
        try PINRules.check(pin)
        try authorize(.manageOperators)
        let hash = try PINHash.hash(pin)
        try writer.write { db in
            let context = try authorize(db, .manageOperators, context)
            if let existing = try String.fetchOne(
                db, sql: "SELECT name FROM operator WHERE nameKey = ?", arguments: [Self.operatorKey(name)])
            {
                throw AccessError.operatorExists(existing)
            }
            var row = OperatorRecord(
                id: nil, name: name, nameKey: Self.operatorKey(name), role: role.rawValue, pinHash: hash,
                createdBy: context.operatorName, createdAt: now, disabled: false, failedAttempts: 0, notBefore: nil,
                credentialVersion: 1)
            try row.insert(db)
            try audit(db, context, now: now, action: "operator.add", detail: "\(name): \(role.rawValue)")
        }
    }

    /// A coordinator disables an operator (who can no longer sign in, and whose open sessions
    /// stop working), or enables one again: enabling also lifts a lock-out.
    public func setOperator(_ name: String, disabled: Bool, context: DeskContext, now: Date = Date()) throws {
        guard try session != nil || hasOperators() else { throw AccessError.noOperatorsYet }
        try writer.write { db in
            let context = try authorize(db, .manageOperators, context)
            guard var row = try OperatorRecord.filter({ $0.nameKey == Self.operatorKey(name) }).fetchOne(db) else {
                throw AccessError.unknownOperator(Self.cleanName(name))
            }
            if disabled && row.operatorRole == .coordinator && !row.disabled {
                let others = try OperatorRecord.filter {
                    $0.role == OperatorRole.coordinator.rawValue && $0.disabled == false && $0.id != row.id
                }.fetchCount(db)
                guard others > 0 else { throw AccessError.lastCoordinator(row.name) }
            }
            row.disabled = disabled
            row.credentialVersion += 1
            if !disabled {
                row.failedAttempts = 0
                row.notBefore = nil
            }
            try row.update(db)
            try audit(db, context, now: now, action: disabled ? "operator.disable" : "operator.enable", detail: row.name)
        }
    }

    /// Changes the signed-in operator's own PIN; returns the handle signed in with it (sessions
    /// signed in with the old PIN must sign in again).
    public func changeOwnPIN(to pin: String, context: DeskContext, now: Date = Date()) throws -> DeskDatabase {
        guard let session else { throw try hasOperators() ? AccessError.signInRequired : AccessError.noOperatorsYet }
        try PINRules.check(pin)
        let hash = try PINHash.hash(pin)
        let version: Int = try writer.write { db in
            let context = try authorize(db, .lookUp, context)
            guard var row = try OperatorRecord.fetchOne(db, key: session.operatorId) else { throw AccessError.signInRequired }
            row.pinHash = hash
            row.credentialVersion += 1
            try row.update(db)
            try audit(db, context, now: now, action: "operator.pin", detail: row.name)
            return row.credentialVersion
        }
        var signedIn = self
        signedIn.session = OperatorSession(
            operatorId: session.operatorId, name: session.name, role: session.role, signedInAt: now,
            credentialVersion: version)
        return signedIn
    }

    /// A coordinator sets another operator's PIN (a forgotten one): the lock-out is lifted and
    /// the operator's open sessions must sign in again.
    public func resetPIN(of name: String, to pin: String, context: DeskContext, now: Date = Date()) throws {
        guard try session != nil || hasOperators() else { throw AccessError.noOperatorsYet }
        try PINRules.check(pin)
        try authorize(.manageOperators)
        let hash = try PINHash.hash(pin)
        try writer.write { db in
            let context = try authorize(db, .manageOperators, context)
            guard var row = try OperatorRecord.filter({ $0.nameKey == Self.operatorKey(name) }).fetchOne(db) else {
                throw AccessError.unknownOperator(Self.cleanName(name))
            }
            row.pinHash = hash
            row.failedAttempts = 0
            row.notBefore = nil
            row.credentialVersion += 1
            try row.update(db)
            try audit(db, context, now: now, action: "operator.pin.reset", detail: row.name)
        }
    }

    /// The way back for a hub whose coordinators cannot sign in (a forgotten PIN, a lock-out,
    /// a PIN stored by an earlier build): gives coordinator `name` a new PIN, enables them and
    /// lifts any lock-out, without signing in.
    ///
    /// Only for whoever owns the database file (or root): they can already read and change
    /// every row with `sqlite3`, so the PIN was never a wall against them; the PIN protects the
    /// desk from the people at it. Written in the audit as `operator.recover`, with the
    /// system account that did it, so the next coordinator sees it happened.
    /// - Parameter fileOwner: tests pass who owns the file and who is asking.
    public func recoverCoordinator(
        _ name: String, pin: String, desk: String, systemUser: String, now: Date = Date(),
        fileOwner: (owner: UInt32, caller: UInt32)? = nil
    ) throws {
        let path = writer.path
        let ownership = fileOwner ?? Self.ownership(of: path)
        guard let ownership, ownership.caller == 0 || ownership.caller == ownership.owner else {
            throw AccessError.notFileOwner(path: path)
        }
        try PINRules.check(pin)
        let hash = try PINHash.hash(pin)
        try writer.write { db in
            guard var row = try OperatorRecord.filter({ $0.nameKey == Self.operatorKey(name) }).fetchOne(db) else {
                throw AccessError.unknownOperator(Self.cleanName(name))
            }
            guard row.operatorRole == .coordinator else { throw AccessError.recoverOnlyCoordinators(row.name) }
            row.pinHash = hash
            row.disabled = false
            row.failedAttempts = 0
            row.notBefore = nil
            row.credentialVersion += 1
            try row.update(db)
            try audit(db, DeskContext(operatorName: row.name, desk: desk), now: now, action: "operator.recover",
                      detail: "\(row.name) (\(systemUser))")
        }
    }

    /// Who owns the file at `path`, and who this process runs as; nil when the file cannot be read.
    private static func ownership(of path: String) -> (owner: UInt32, caller: UInt32)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt32(info.st_uid), UInt32(geteuid()))
    }

    /// Every operator, in the order they were added. Coordinators only.
    public func operators(now: Date = Date()) throws -> [OperatorInfo] {
        try writer.read { db in
            try authorize(db, .manageOperators)
            return try OperatorRecord.order { $0.id }.fetchAll(db).map { row in
                let waiting = row.notBefore.map { $0 > now } ?? false
                return OperatorInfo(
                    name: row.name, role: row.operatorRole, createdBy: row.createdBy, createdAt: row.createdAt,
                    disabled: row.disabled, failedAttempts: row.failedAttempts, notBefore: waiting ? row.notBefore : nil,
                    isLockedOut: waiting && row.failedAttempts >= PINRules.lockOutAfter)
            }
        }
    }

    // MARK: Restore

    /// The operators as they are now, read before a restore replaces the database's content.
    func operatorsBeforeRestore() throws -> [OperatorRecord] {
        try writer.read { db in try OperatorRecord.order { $0.id }.fetchAll(db) }
    }

    /// After a restore: who may sign in, with which role and PIN, stays as it was just before.
    /// A backup from before operators existed would otherwise open the register to anyone, and
    /// an older one bring back a disabled operator or a changed PIN. Operators only the backup
    /// knows are disabled; sessions stay valid when the backup is this hub's own.
    func keepOperators(_ current: [OperatorRecord]) throws {
        guard !current.isEmpty else { return }
        try writer.write { db in
            let keys = current.map(\.nameKey)
            try db.execute(
                sql: """
                    UPDATE operator SET disabled = 1, credentialVersion = credentialVersion + 1
                    WHERE nameKey NOT IN (\(databaseQuestionMarks(count: keys.count)))
                    """, arguments: StatementArguments(keys))
            for var wanted in current {
                if var restored = try OperatorRecord.filter({ $0.nameKey == wanted.nameKey }).fetchOne(db) {
                    restored.role = wanted.role
                    restored.pinHash = wanted.pinHash
                    restored.disabled = wanted.disabled
                    restored.failedAttempts = wanted.failedAttempts
                    restored.notBefore = wanted.notBefore
                    restored.credentialVersion = restored.id == wanted.id
                        ? wanted.credentialVersion : max(wanted.credentialVersion, restored.credentialVersion) + 1
                    try restored.update(db)
                } else {
                    if try OperatorRecord.fetchOne(db, key: wanted.id) != nil { wanted.id = nil }
                    try wanted.insert(db)
                }
            }
        }
    }

    /// True when the database was made by `aiddesk demo`. Needs no sign-in.
    public func isDemo() throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM audit WHERE action = 'demo.create')") ?? false
        }
    }
}
