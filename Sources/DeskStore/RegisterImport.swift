import DeskCore
import Foundation
import GRDB

// Bringing the register in: households and people added or updated, nobody removed, in one
// write transaction.

extension DeskDatabase {
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
}
