import DeskCore
import Foundation
import GRDB

// The engine's operations. Each is one write transaction: the rules are checked and the
// rows written under the same lock, so what a desk decided still holds when it commits.

extension DeskDatabase {
    // MARK: Register

    /// Brings the register in: new households and people are added, changed ones updated,
    /// nobody removed (a record is never lost to a shorter spreadsheet). The same file
    /// imported twice changes nothing the second time.
    ///
    /// - Parameter dryRun: work out the summary inside the transaction, then roll it back.
    /// - Parameter progress: called now and then with the people done so far and the total,
    ///   from inside the transaction (for a progress bar; keep it quick).
    ///
    /// - Parameter columns: the register columns the file had, when it did not have them all.
    ///   What a file does not say is kept: a register exported without contacts, imported back,
    ///   must not erase the phones, certificate numbers and disability marks already stored.
    ///   A person whose `hasDisability` is nil (a register without that column) keeps the
    ///   stored mark whatever `columns` says.
    ///
    /// - Parameter headNotMarked: households (by `HouseholdNumber.key`) whose file marked no
    ///   head (`ParsedRegister.headNotMarked`): they keep the head stored; a new household's
    ///   head is its first member. Elsewhere the register's head is the head, and any other
    ///   member stored as head is no longer one: a household has exactly one head.
    ///
    /// Households are matched by `HouseholdNumber.key` (`417` updates `00417`, which keeps its
    /// spelling), people within a household by `MemberMatching` (a corrected name or birth
    /// date updates the person).
    public func importRegister(
        _ register: Register, columns: Set<RegisterColumn>? = nil, headNotMarked: Set<String> = [],
        context: DeskContext, dryRun: Bool = false,
        now: Date = Date(), progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> ImportSummary {
        var summary = ImportSummary()
        let kept = columns.map { Set(RegisterColumn.allCases).subtracting($0) } ?? []
        try writer.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                let context = try authorize(db, .importRegister, context)
                summary = try importRegister(
                    db, register, keeping: kept, headNotMarked: headNotMarked, context: context, now: now,
                    progress: progress)
                return dryRun ? .rollback : .commit
            }
        }
        return summary
    }

    /// The import as a few bulk reads and prepared statements: the households the register
    /// names are looked up in one pass, their people fetched in batches, and every row written
    /// through one statement per kind of write (110,000 people in well under the 5 s target).
    private func importRegister(
        _ db: Database, _ register: Register, keeping kept: Set<RegisterColumn>, headNotMarked: Set<String>,
        context: DeskContext, now: Date, progress: ((_ done: Int, _ total: Int) -> Void)?
    ) throws -> ImportSummary {
        // A person is recognised on the evidence the file has.
        let compared = MemberMatching.Columns(
            patronymic: !kept.contains(.patronymic), birthDate: !kept.contains(.birthDate),
            idpCertificate: !kept.contains(.idpCertificate), sex: !kept.contains(.sex))
        // The file's person, with what the file does not say taken from the stored one.
        func merged(_ new: Person, over old: Person) -> Person {
            var p = new
            if kept.contains(.patronymic) { p.patronymic = old.patronymic }
            if kept.contains(.birthDate) { p.birthDate = old.birthDate }
            if kept.contains(.sex) { p.sex = old.sex }
            if kept.contains(.phone) { p.phone = old.phone }
            if kept.contains(.idpCertificate) { p.idpCertificate = old.idpCertificate }
            if kept.contains(.disability) || new.hasDisability == nil { p.hasDisability = old.hasDisability }
            return p
        }
        var summary = ImportSummary()
        let total = register.peopleCount
        progress?(0, total)

        // The households of the register already in the database, by the number they are
        // (`HouseholdNumber.key`), and their people. A number of a household merged into another
        // still names that household's own row when the register spells it that way.
        var known: [String: (id: Int64, settlement: String)] = [:]
        var knownSpelling: [String: (id: Int64, settlement: String)] = [:]
        func stored(_ household: Household) -> (id: Int64, settlement: String)? {
            knownSpelling[household.number] ?? known[HouseholdNumber.key(household.number)]
        }
        let existingCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM household") ?? 0
        if existingCount > 0 {
            if register.households.count * 4 >= existingCount {
                // The family served under a number first, then the lowest id.
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT id, number, settlement, numberKey, mergedInto IS NOT NULL AS merged FROM household
                    ORDER BY merged, id
                    """)
                while let row = try rows.next() {
                    let entry: (id: Int64, settlement: String) = (row[0], row[2])
                    if row[4] as Bool { knownSpelling[row[1]] = entry }
                    if known[row[3]] == nil { known[row[3]] = entry }
                }
            } else {
                let findSpelling = try db.makeStatement(sql: "SELECT id, settlement FROM household WHERE number = ?")
                let find = try db.makeStatement(sql: """
                    SELECT id, settlement FROM household WHERE numberKey = ? ORDER BY mergedInto IS NOT NULL, id LIMIT 1
                    """)
                for household in register.households {
                    if let row = try Row.fetchOne(findSpelling, arguments: [household.number]) {
                        knownSpelling[household.number] = (row[0], row[1])
                    } else if let row = try Row.fetchOne(find, arguments: [HouseholdNumber.key(household.number)]) {
                        known[HouseholdNumber.key(household.number)] = (row[0], row[1])
                    }
                }
            }
        }
        var people: [Int64: [PersonRecord]] = [:]
        let wantedIds = register.households.compactMap { stored($0)?.id }
        if !wantedIds.isEmpty {
            for start in stride(from: 0, to: wantedIds.count, by: 500) {
                let batch = wantedIds[start..<min(start + 500, wantedIds.count)]
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT id, householdId, position, surname, givenName, patronymic, birthDate, sex, phone,
                           idpCertificate, isHead, hasDisability
                    FROM person WHERE householdId IN (\(databaseQuestionMarks(count: batch.count)))
                    """, arguments: StatementArguments(Array(batch)))
                while let row = try rows.next() {
                    var record = PersonRecord(
                        Person(
                            surname: row[3], givenName: row[4], patronymic: row[5],
                            birthDate: (row[6] as String?).flatMap(CivilDate.init(parsing:)),
                            sex: (row[7] as String?).flatMap(Sex.init(rawValue:)), phone: row[8],
                            idpCertificate: row[9], isHead: row[10], hasDisability: row[11]),
                        householdId: row[1], position: row[2])
                    record.id = row[0]
                    people[record.householdId, default: []].append(record)
                }
            }
        }

        let insertHousehold = try db.makeStatement(sql: "INSERT INTO household (number, settlement) VALUES (?, ?)")
        let updateHousehold = try db.makeStatement(sql: "UPDATE household SET settlement = ? WHERE id = ?")
        // `certificateDigits`: the certificate number reduced as duplicate checks compare it.
        let personColumns = """
            householdId, position, surname, givenName, patronymic, birthDate, sex, phone, idpCertificate, isHead,
            certificateDigits, hasDisability
            """
        let insertPerson = try db.makeStatement(sql: "INSERT INTO person (\(personColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        let updatePerson = try db.makeStatement(sql: """
            UPDATE person SET householdId = ?, position = ?, surname = ?, givenName = ?, patronymic = ?,
                birthDate = ?, sex = ?, phone = ?, idpCertificate = ?, isHead = ?, certificateDigits = ?,
                hasDisability = ?
            WHERE id = ?
            """)
        func values(_ p: Person, _ householdId: Int64, _ position: Int) -> [(any DatabaseValueConvertible)?] {
            [householdId, position, p.surname, p.givenName, p.patronymic, p.birthDate?.iso, p.sex?.rawValue,
             p.phone, p.idpCertificate, p.isHead, DuplicateDetector.certificateKey(p.idpCertificate), p.hasDisability]
        }

        var done = 0
        var reported = 0
        let step = max(1, total / 200)
        let clearHead = try db.makeStatement(sql: "UPDATE person SET isHead = 0 WHERE id = ?")
        for household in register.households {
            let householdId: Int64
            let numberKey = HouseholdNumber.key(household.number)
            if let existing = stored(household) {
                householdId = existing.id
                if existing.settlement != household.settlement && !kept.contains(.settlement) {
                    try updateHousehold.execute(arguments: [household.settlement, existing.id])
                    if knownSpelling[household.number] != nil {
                        knownSpelling[household.number] = (existing.id, household.settlement)
                    } else {
                        known[numberKey] = (existing.id, household.settlement)
                    }
                    summary.householdsUpdated += 1
                }
            } else {
                try insertHousehold.execute(arguments: [household.number, household.settlement])
                householdId = db.lastInsertedRowID
                known[numberKey] = (householdId, household.settlement)
                summary.householdsAdded += 1
            }
            let storedPeople = people.removeValue(forKey: householdId) ?? []
            let matches = storedPeople.isEmpty
                ? [Int?](repeating: nil, count: household.members.count)
                : MemberMatching.match(filed: household.members, stored: storedPeople.map(\.person), columns: compared)
            // Exactly one head: the one the file marks; if it marks none, the one stored (the
            // first listed, should a damaged file hold several); failing that, the file's first.
            let storedHead = storedPeople.indices.filter { storedPeople[$0].person.isHead }
                .min { storedPeople[$0].position < storedPeople[$1].position }
            var members = household.members
            if headNotMarked.contains(numberKey), let storedHead {
                for index in members.indices { members[index].isHead = matches[index] == storedHead }
            }
            // The stored head, when it stays the head without being in this file.
            let headNotInFile = members.contains(where: \.isHead) ? nil : storedHead
            // Heads that are heads no longer lose the mark before anyone gains it: the schema
            // allows one head at a time.
            for (j, old) in storedPeople.enumerated() where old.person.isHead {
                let row = matches.firstIndex(of: j)
                let staysHead = row.map { members[$0].isHead } ?? (j == headNotInFile)
                guard !staysHead else { continue }
                try clearHead.execute(arguments: [old.id])
                if row == nil { summary.peopleUpdated += 1 }
            }
            // In file order (the parser lists the marked head first), after a stored head the file leaves out.
            let first = headNotInFile == nil ? 0 : 1
            for (offset, index) in members.indices.enumerated() {
                let position = first + offset
                let filed = members[index]
                if let j = matches[index] {
                    let old = storedPeople[j]
                    let person = merged(filed, over: old.person)
                    if old.person != person || old.position != position {
                        try updatePerson.execute(
                            arguments: StatementArguments(values(person, householdId, position) + [old.id]))
                        summary.peopleUpdated += 1
                    } else {
                        summary.peopleUnchanged += 1
                    }
                } else {
                    try insertPerson.execute(arguments: StatementArguments(values(filed, householdId, position)))
                    summary.peopleAdded += 1
                }
            }
            done += household.members.count
            if let progress, done - reported >= step {
                reported = done
                progress(done, total)
            }
        }
        progress?(total, total)
        if summary.changedAnything {
            try audit(
                db, context, now: now, action: "import",
                detail: "households +\(summary.householdsAdded) ~\(summary.householdsUpdated), "
                    + "people +\(summary.peopleAdded) ~\(summary.peopleUpdated)")
        }
        return summary
    }

    /// A household with its members, head first, by the number the family knows.
    public func household(number: String) throws -> Household? {
        try writer.read { db in
            try authorize(db, .lookUp)
            guard let record = try findHousehold(db, number: number) else { return nil }
            return try loadHousehold(db, record)
        }
    }

    // MARK: Distributions

    /// Opens a distribution with the stock received per kit; returns its id.
    public func openDistribution(
        name: String, date: CivilDate, place: String, stock: [(kit: String, quantity: Int)],
        context: DeskContext, now: Date = Date()
    ) throws -> Int64 {
        let name = name.trimmingSpaces()
        guard !name.isEmpty else { throw EngineError.nameRequired }
        guard !stock.isEmpty else { throw EngineError.noKitsGiven }
        var seen = Set<String>()
        for line in stock {
            guard catalogue[line.kit] != nil else { throw IssueRefusal.unknownKit(line.kit) }
            guard line.quantity >= 0 else { throw EngineError.badQuantity(kit: line.kit, quantity: line.quantity) }
            guard line.quantity <= Limits.maxStock else { throw EngineError.quantityTooLarge(kit: line.kit, quantity: line.quantity) }
            guard seen.insert(line.kit).inserted else { throw IssueRefusal.repeatedKit(line.kit) }
        }
        return try writer.write { db in
            let context = try authorize(db, .distributions, context)
            // One distribution at a time: every desk issues against "the open one", so a second
            // would stop them all mid-day. It is refused here, where the coordinator can act.
            if let open = try DistributionRecord.filter(Column("closedAt") == nil).order(Column("id")).fetchOne(db) {
                throw EngineError.distributionStillOpen(id: open.id!, name: open.name)
            }
            var record = DistributionRecord(
                id: nil, name: name, date: date.iso, place: place.trimmingSpaces(), openedAt: now,
                openedBy: context.operatorName, closedAt: nil, closedBy: nil)
            try record.insert(db)
            let id = record.id!
            for line in stock {
                try StockRecord(distributionId: id, kitCode: line.kit, received: line.quantity).insert(db)
            }
            let lines = stock.map { "\($0.kit)=\($0.quantity)" }.joined(separator: " ")
            try audit(db, context, now: now, action: "distribution.open", distributionId: id, detail: "\(name): \(lines)")
            return id
        }
    }

    /// Closes the distribution (the one open when `id` is nil). A closed one takes no issuance.
    /// Then backs the database up; the result says where the backup went or why it could not
    /// be written (`ClosedDistribution.backup`): the close stands either way.
    @discardableResult
    public func closeDistribution(id: Int64?, context: DeskContext, now: Date = Date()) throws -> ClosedDistribution {
        let (closedId, acting) = try writer.write { db -> (Int64, DeskContext) in
            let context = try authorize(db, .distributions, context)
            var record = try resolveDistribution(db, id: id, allowClosed: true)
            guard record.closedAt == nil else { throw EngineError.distributionAlreadyClosed(name: record.name) }
            record.closedAt = now
            record.closedBy = context.operatorName
            try record.update(db)
            try audit(db, context, now: now, action: "distribution.close", distributionId: record.id, detail: record.name)
            return (record.id!, context)
        }
        let backup = backupAfterClose(distributionId: closedId, context: acting, now: now)
        return ClosedDistribution(status: try status().distributions.first { $0.id == closedId }!, backup: backup)
    }

    /// The id of the distribution a command acts on: `id` if given, else the one open distribution.
    public func resolveDistributionId(_ id: Int64?) throws -> Int64 {
        try writer.read { db in
            try authorize(db, .lookUp)
            return try resolveDistribution(db, id: id, allowClosed: true).id!
        }
    }

    // MARK: Check-in and issuing

    /// Checks the household in for the distribution. Checking in twice is harmless: the
    /// outcome then tells when and where the first check-in was, and nothing is changed.
    /// A closed distribution refuses.
    ///
    /// - Parameter member: the member who came, by name (`бондар ганна` finds `Бондар Ганна
    ///   Степанівна`); a name that is not one member's throws `ArrivalError.unknownMember`.
    /// - Parameter proxy: someone else who came for the family, by name. Neither: not recorded.
    /// - Parameter document: the document the family showed.
    @discardableResult
    public func checkIn(
        household number: String, distribution id: Int64?, member: String? = nil, proxy: String? = nil,
        document: CheckInDocument? = nil, context: DeskContext, now: Date = Date()
    ) throws -> CheckInSummary {
        let member = member.map { $0.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
        let proxy = proxy.map { $0.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
        if member != nil && proxy != nil { throw ArrivalError.memberAndProxy }
        return try writer.write { db in
            let context = try authorize(db, .checkIn, context)
            let distribution = try resolveDistribution(db, id: id, allowClosed: true)
            guard distribution.closedAt == nil else {
                throw IssueRefusal.distributionClosed(name: distribution.name)
            }
            guard let household = try findHousehold(db, number: number) else {
                throw IssueRefusal.unknownHousehold(number)
            }
            var came: (name: String?, personId: Int64?) = (proxy, nil)
            if let member {
                let members = try PersonRecord.filter(Column("householdId") == household.id!)
                    .order(Column("position")).fetchAll(db)
                let found = Self.collector(named: member, among: members)
                guard let personId = found.personId else {
                    throw ArrivalError.unknownMember(household: household.number, name: member)
                }
                came = (found.name, personId)
            }
            return try checkIn(db, distribution: distribution, household: household, member: came.name,
                               memberPersonId: came.personId, proxy: proxy != nil, document: document,
                               context: context, now: now)
        }
    }

    /// Hands out `kits` to the household: all of them or none. Rules are checked inside the
    /// write transaction; the schema's unique index and triggers back them up.
    ///
    /// - Parameter collectedBy: a member's name, or anyone else's (recorded as a proxy);
    ///   nil means the head of household.
    /// - Throws: `IssueRefusal` saying why, with nothing written.
    public func issue(
        household number: String, kits: [String], distribution id: Int64?, collectedBy: String? = nil,
        context: DeskContext, now: Date = Date()
    ) throws -> IssueSummary {
        guard !kits.isEmpty else { throw EngineError.noKitsGiven }
        do {
            return try writer.write { db in
                let context = try authorize(db, .issue, context)
                let distribution = try resolveDistribution(db, id: id, allowClosed: true)
                let distributionId = distribution.id!
                guard let householdRecord = try findHousehold(db, number: number) else {
                    throw IssueRefusal.unknownHousehold(number)
                }
                let householdId = householdRecord.id!
                let members = try PersonRecord.filter(Column("householdId") == householdId)
                    .order(Column("position")).fetchAll(db)
                var seen = Set<String>()
                var decided: [(kit: String, quantity: Int)] = []
                for code in kits {
                    guard let kit = catalogue[code] else { throw IssueRefusal.unknownKit(code) }
                    guard seen.insert(code).inserted else { throw IssueRefusal.repeatedKit(code) }
                    let facts = try issuanceFacts(
                        db, kit: kit, distribution: distribution, householdId: householdId,
                        householdSize: members.count, context: context, now: now)
                    switch IssuanceRules.decide(facts) {
                    case .success(let quantity): decided.append((code, quantity))
                    case .failure(let refusal): throw refusal
                    }
                }
                let collector = Self.collector(named: collectedBy, among: members)
                _ = try checkIn(db, distribution: distribution, household: householdRecord, member: collector.name,
                                memberPersonId: collector.personId,
                                proxy: collector.personId == nil && !collector.name.isEmpty, context: context, now: now)
                var issued: [IssuedKit] = []
                for line in decided {
                    var record = IssuanceRecord(
                        id: nil, distributionId: distributionId, householdId: householdId, kitCode: line.kit,
                        quantity: line.quantity, collectedBy: collector.name, collectedByPersonId: collector.personId,
                        operator: context.operatorName, desk: context.desk, issuedAt: now)
                    try record.insert(db)
                    issued.append(IssuedKit(id: record.id!, kit: line.kit, quantity: line.quantity))
                }
                let detail = issued.map { "#\($0.id) \($0.kit)×\($0.quantity)" }.joined(separator: ", ")
                try audit(db, context, now: now, action: "issue", householdId: householdId,
                          distributionId: distributionId, detail: detail + " → " + collector.name)
                return IssueSummary(
                    household: householdRecord.number, kits: issued, collectedBy: collector.name,
                    collectedByProxy: collector.personId == nil)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            // Only reachable if a write slipped past the checks above; the schema said no,
            // so explain it the same way the rules would have.
            throw try refusalAfterConstraint(error, household: number, kits: kits, distribution: id, context: context)
        }
    }

    /// Voids an issuance, with the reason; the row stays, marked void, and the kit returns to stock.
    public func void(issuance id: Int64, reason: String, context: DeskContext, now: Date = Date()) throws {
        let reason = reason.trimmingSpaces()
        guard !reason.isEmpty else { throw EngineError.reasonRequired }
        try writer.write { db in
            let context = try authorize(db, .void, context)
            guard var record = try IssuanceRecord.fetchOne(db, key: id) else { throw EngineError.unknownIssuance(id) }
            guard record.voidedAt == nil else { throw EngineError.alreadyVoided(id) }
            record.voidedAt = now
            record.voidedBy = context.operatorName
            record.voidReason = reason
            try record.update(db)
            try audit(db, context, now: now, action: "void", householdId: record.householdId,
                      distributionId: record.distributionId, detail: "#\(id) \(record.kitCode): \(reason)")
        }
    }

    // MARK: Reading

    /// What the household received, newest first, voids included and marked.
    public func history(household number: String, context: DeskContext) throws -> HouseholdHistory {
        try writer.read { db in
            try authorize(db, .lookUp)
            guard let record = try findHousehold(db, number: number) else {
                throw IssueRefusal.unknownHousehold(number)
            }
            let household = try loadHousehold(db, record)
            // A merged family's history is its households' histories together.
            let family = try familyIds(db, householdId: record.id!)
            let marks = databaseQuestionMarks(count: family.count)
            let rows = try Row.fetchAll(db, sql: """
                SELECT i.*, d.name AS distributionName, d.place AS place
                FROM issuance i JOIN distribution d ON d.id = i.distributionId
                WHERE i.householdId IN (\(marks)) ORDER BY i.issuedAt DESC, i.id DESC
                """, arguments: StatementArguments(family))
            let entries = rows.map { row in
                HistoryLine(
                    issuanceId: row["id"], kit: row["kitCode"], quantity: row["quantity"],
                    distributionId: row["distributionId"], distributionName: row["distributionName"],
                    place: row["place"], issuedAt: row["issuedAt"], desk: row["desk"],
                    operatorName: row["operator"], collectedBy: row["collectedBy"],
                    collectedByProxy: (row["collectedByPersonId"] as Int64?) == nil,
                    isVoided: (row["voidedAt"] as Date?) != nil, voidedAt: row["voidedAt"], voidedBy: row["voidedBy"],
                    voidReason: row["voidReason"])
            }
            return HouseholdHistory(household: household, entries: entries)
        }
    }

    /// Counts of the register and, per distribution, stock received, issued and left.
    public func status() throws -> StatusReport {
        try writer.read { db in
            try authorize(db, .lookUp)
            // A household merged into another is one family, counted once.
            let households = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM household WHERE mergedInto IS NULL") ?? 0
            let people = try PersonRecord.fetchCount(db)
            let distributions = try DistributionRecord.order(Column("id")).fetchAll(db)
            let stockRows = try Row.fetchAll(db, sql: """
                SELECT s.distributionId, s.kitCode, s.received,
                       COALESCE((SELECT SUM(quantity) FROM issuance i
                                 WHERE i.distributionId = s.distributionId AND i.kitCode = s.kitCode
                                   AND i.voidedAt IS NULL), 0) AS issued
                FROM stock s JOIN kit k ON k.code = s.kitCode
                ORDER BY s.distributionId, k.position
                """)
            var stockByDistribution: [Int64: [KitStock]] = [:]
            for row in stockRows {
                stockByDistribution[row["distributionId"], default: []].append(
                    KitStock(kit: row["kitCode"], received: row["received"], issued: row["issued"]))
            }
            let served = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: """
                SELECT distributionId, COUNT(DISTINCT householdId) AS n FROM issuance
                WHERE voidedAt IS NULL GROUP BY distributionId
                """).map { ($0["distributionId"] as Int64, $0["n"] as Int) })
            let checkedIn = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: """
                SELECT distributionId, COUNT(*) AS n FROM checkIn GROUP BY distributionId
                """).map { ($0["distributionId"] as Int64, $0["n"] as Int) })
            return StatusReport(
                households: households, people: people,
                distributions: distributions.map { d in
                    DistributionSummary(
                        id: d.id!, name: d.name, date: CivilDate(parsing: d.date)!, place: d.place,
                        isOpen: d.closedAt == nil, openedBy: d.openedBy, stock: stockByDistribution[d.id!] ?? [],
                        householdsServed: served[d.id!] ?? 0, householdsCheckedIn: checkedIn[d.id!] ?? 0)
                })
        }
    }

    // MARK: Helpers inside a transaction

    /// What the rules need to decide one kit for one household, read inside the caller's transaction.
    ///
    /// The issuances of households merged into this one count as its own.
    func issuanceFacts(
        _ db: Database, kit: KitDefinition, distribution: DistributionRecord, householdId: Int64, householdSize: Int,
        context: DeskContext, now: Date
    ) throws -> IssuanceFacts {
        let family = try familyIds(db, householdId: householdId)
        return IssuanceFacts(
            kit: kit, distributionName: distribution.name, distributionOpen: distribution.closedAt == nil,
            stockLeft: try stockLeft(db, distributionId: distribution.id!, kit: kit.code),
            householdSize: householdSize,
            issuedInThisDistribution: try priorIssuances(
                db, family: family, kit: kit.code, distributionId: distribution.id!,
                timeZone: context.timeZone
            ).first,
            lastIssuedAnywhere: try priorIssuances(
                db, family: family, kit: kit.code, distributionId: nil, timeZone: context.timeZone
            ).first,
            today: CivilDate(now, in: context.timeZone))
    }

    func resolveDistribution(_ db: Database, id: Int64?, allowClosed: Bool) throws -> DistributionRecord {
        if let id {
            guard let record = try DistributionRecord.fetchOne(db, key: id) else {
                throw IssueRefusal.unknownDistribution(id)
            }
            return record
        }
        let open = try DistributionRecord.filter(Column("closedAt") == nil).order(Column("id")).fetchAll(db)
        switch open.count {
        case 0: throw IssueRefusal.noOpenDistribution
        case 1: return open[0]
        default: throw IssueRefusal.severalOpenDistributions(open.map { $0.id! })
        }
    }

    /// The household the family is served under, by the number as written (failing that, by
    /// its value, so `417` finds `00417`): a household merged into another leads to the one
    /// it was merged into.
    func findHousehold(_ db: Database, number: String) throws -> HouseholdRecord? {
        guard var record = try findRegisteredHousehold(db, number: number) else { return nil }
        var seen: Set<Int64> = [record.id!]
        while let target = try Int64.fetchOne(db, sql: "SELECT mergedInto FROM household WHERE id = ?", arguments: [record.id]),
            seen.insert(target).inserted,
            let next = try HouseholdRecord.fetchOne(db, key: target)
        {
            record = next
        }
        return record
    }

    /// The ids of the households whose issuances count as this one's: itself and every
    /// household merged into it (a merge re-points earlier merges, so one level is all there is).
    func familyIds(_ db: Database, householdId: Int64) throws -> [Int64] {
        [householdId] + (try Int64.fetchAll(db, sql: "SELECT id FROM household WHERE mergedInto = ? ORDER BY id",
                                            arguments: [householdId]))
    }

    /// By the number as written; failing that, by the number it is (`HouseholdNumber.key`:
    /// `417` and `0417` find `00417`), the family served under it first. Merges are not followed.
    func findRegisteredHousehold(_ db: Database, number: String) throws -> HouseholdRecord? {
        let number = number.trimmingSpaces()
        if let exact = try HouseholdRecord.filter(Column("number") == number).fetchOne(db) { return exact }
        return try HouseholdRecord.fetchOne(db, sql: """
            SELECT * FROM household WHERE numberKey = ? ORDER BY mergedInto IS NOT NULL, id LIMIT 1
            """, arguments: [HouseholdNumber.key(number)])
    }

    private func loadHousehold(_ db: Database, _ record: HouseholdRecord) throws -> Household {
        let members = try PersonRecord.filter(Column("householdId") == record.id!).order(Column("position")).fetchAll(db)
        return Household(number: record.number, settlement: record.settlement, members: members.map(\.person))
    }

    private func stockLeft(_ db: Database, distributionId: Int64, kit: String) throws -> Int? {
        guard let received = try Int.fetchOne(db, sql: """
            SELECT received FROM stock WHERE distributionId = ? AND kitCode = ?
            """, arguments: [distributionId, kit])
        else { return nil }
        let issued = try Int.fetchOne(db, sql: """
            SELECT COALESCE(SUM(quantity), 0) FROM issuance
            WHERE distributionId = ? AND kitCode = ? AND voidedAt IS NULL
            """, arguments: [distributionId, kit]) ?? 0
        return received - issued
    }

    /// Live issuances of `kit` to the family (a household and those merged into it), newest
    /// first; in one distribution or in any.
    func priorIssuances(
        _ db: Database, family: [Int64], kit: String, distributionId: Int64?, timeZone: TimeZone
    ) throws -> [PriorIssuance] {
        var sql = """
            SELECT i.*, d.name AS distributionName FROM issuance i
            JOIN distribution d ON d.id = i.distributionId
            WHERE i.householdId IN (\(databaseQuestionMarks(count: family.count))) AND i.kitCode = ? AND i.voidedAt IS NULL
            """
        var arguments = StatementArguments(family) + [kit]
        if let distributionId {
            sql += " AND i.distributionId = ?"
            arguments += [distributionId]
        }
        sql += " ORDER BY i.issuedAt DESC, i.id DESC"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let issuedAt: Date = row["issuedAt"]
            return PriorIssuance(
                id: row["id"], kitCode: row["kitCode"], quantity: row["quantity"],
                distributionName: row["distributionName"], issuedAt: issuedAt,
                issuedOn: CivilDate(issuedAt, in: timeZone), desk: row["desk"], operatorName: row["operator"],
                collectedBy: row["collectedBy"])
        }
    }

    private func checkIn(
        _ db: Database, distribution: DistributionRecord, household: HouseholdRecord, member: String?,
        memberPersonId: Int64? = nil, proxy: Bool = false, document: CheckInDocument? = nil,
        context: DeskContext, now: Date
    ) throws -> CheckInSummary {
        if let earlier = try CheckInRecord
            .filter({ $0.distributionId == distribution.id! && $0.householdId == household.id! })
            .fetchOne(db)
        {
            return CheckInSummary(
                household: household.number, isNew: false, arrival: earlier.arrival(household: household.number),
                queuePosition: nil, distributionName: distribution.name)
        }
        var record = CheckInRecord(
            distributionId: distribution.id!, householdId: household.id!, checkedInAt: now,
            operator: context.operatorName, desk: context.desk, member: member, memberPersonId: memberPersonId,
            proxy: proxy, documentKind: document?.code, documentNote: document?.note)
        try record.insert(db)
        var detail = (member ?? "") + (proxy ? " (proxy)" : "")
        if let document { detail += (detail.isEmpty ? "" : "; ") + document.code + (document.note.map { ": " + $0 } ?? "") }
        try audit(db, context, now: now, action: "checkin", householdId: household.id,
                  distributionId: distribution.id, detail: detail)
        return CheckInSummary(
            household: household.number, isNew: true, arrival: record.arrival(household: household.number),
            queuePosition: nil, distributionName: distribution.name)
    }

    /// The head of household by default; a member when the name matches one; else a proxy.
    static func collector(named name: String?, among members: [PersonRecord]) -> (name: String, personId: Int64?) {
        guard let name = name?.trimmingSpaces(), !name.isEmpty else {
            let head = members.first(where: \.isHead) ?? members.first
            return (head?.person.fullName ?? "", head?.id)
        }
        let wanted = name.lowercased().split(separator: " ")
        let matches = members.filter { member in
            let words = member.person.fullName.lowercased().split(separator: " ")
            return wanted.allSatisfy { words.contains($0) }
        }
        if matches.count == 1 { return (matches[0].person.fullName, matches[0].id) }
        return (name, nil)
    }

    private func refusalAfterConstraint(
        _ error: DatabaseError, household: String, kits: [String], distribution: Int64?, context: DeskContext
    ) throws -> Error {
        let message = error.message ?? ""
        if message.contains("out of stock") {
            let status = try status()
            let id = try resolveDistributionId(distribution)
            let kit = kits.first { code in
                status.distributions.first { $0.id == id }?.stock.first { $0.kit == code }.map { $0.left <= 0 } ?? false
            } ?? kits[0]
            return IssueRefusal.outOfStock(kit: kit, left: 0, needed: 1)
        }
        if message.contains("distribution closed") {
            return IssueRefusal.distributionClosed(name: "")
        }
        if message.contains("UNIQUE") {
            // Let the rules explain it now that the other desk's issuance is committed.
            let history = try self.history(household: household, context: context)
            let id = try resolveDistributionId(distribution)
            if let entry = history.entries.first(where: { !$0.isVoided && $0.distributionId == id && kits.contains($0.kit) }) {
                return IssueRefusal.alreadyIssued(
                    PriorIssuance(
                        id: entry.issuanceId, kitCode: entry.kit, quantity: entry.quantity,
                        distributionName: entry.distributionName, issuedAt: entry.issuedAt,
                        issuedOn: CivilDate(entry.issuedAt, in: context.timeZone), desk: entry.desk,
                        operatorName: entry.operatorName, collectedBy: entry.collectedBy))
            }
        }
        return error
    }

    func audit(
        _ db: Database, _ context: DeskContext, now: Date, action: String, householdId: Int64? = nil,
        distributionId: Int64? = nil, detail: String
    ) throws {
        var entry = AuditRecord(
            id: nil, at: now, operator: context.operatorName, desk: context.desk, action: action,
            householdId: householdId, distributionId: distributionId, detail: detail)
        try entry.insert(db)
    }
}
