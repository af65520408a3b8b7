import DeskCore
import Foundation
import GRDB

/// The schema, as named migrations. A migration that has landed is never edited:
/// a change is a new migration appended at the end.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: register, distributions, issuances, audit") { db in
            try db.execute(sql: """
                CREATE TABLE household (
                    id INTEGER PRIMARY KEY,
                    number TEXT NOT NULL UNIQUE CHECK (number <> ''),
                    settlement TEXT NOT NULL DEFAULT ''
                );
                CREATE TABLE person (
                    id INTEGER PRIMARY KEY,
                    householdId INTEGER NOT NULL REFERENCES household(id),
                    position INTEGER NOT NULL,
                    surname TEXT NOT NULL,
                    givenName TEXT NOT NULL,
                    patronymic TEXT NOT NULL DEFAULT '',
                    birthDate TEXT,
                    sex TEXT CHECK (sex IN ('F', 'M')),
                    phone TEXT,
                    idpCertificate TEXT,
                    isHead BOOLEAN NOT NULL DEFAULT 0
                );
                CREATE INDEX person_household ON person(householdId, position);

                -- The catalogue's kits, kept in the database so that every issuance names a known kit.
                CREATE TABLE kit (
                    code TEXT PRIMARY KEY,
                    position INTEGER NOT NULL,
                    nameUk TEXT NOT NULL,
                    nameEn TEXT NOT NULL,
                    perPerson BOOLEAN NOT NULL DEFAULT 0,
                    householdCap INTEGER,
                    notAgainWithinDays INTEGER
                );

                CREATE TABLE distribution (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL CHECK (name <> ''),
                    date TEXT NOT NULL,
                    place TEXT NOT NULL DEFAULT '',
                    openedAt DATETIME NOT NULL,
                    openedBy TEXT NOT NULL,
                    closedAt DATETIME,
                    closedBy TEXT
                );
                CREATE TABLE stock (
                    distributionId INTEGER NOT NULL REFERENCES distribution(id),
                    kitCode TEXT NOT NULL REFERENCES kit(code),
                    received INTEGER NOT NULL CHECK (received >= 0),
                    PRIMARY KEY (distributionId, kitCode)
                );

                CREATE TABLE checkIn (
                    id INTEGER PRIMARY KEY,
                    distributionId INTEGER NOT NULL REFERENCES distribution(id),
                    householdId INTEGER NOT NULL REFERENCES household(id),
                    checkedInAt DATETIME NOT NULL,
                    operator TEXT NOT NULL,
                    desk TEXT NOT NULL,
                    member TEXT,
                    UNIQUE (distributionId, householdId)
                );

                CREATE TABLE issuance (
                    id INTEGER PRIMARY KEY,
                    distributionId INTEGER NOT NULL REFERENCES distribution(id),
                    householdId INTEGER NOT NULL REFERENCES household(id),
                    kitCode TEXT NOT NULL REFERENCES kit(code),
                    quantity INTEGER NOT NULL CHECK (quantity > 0),
                    collectedBy TEXT NOT NULL,
                    collectedByPersonId INTEGER REFERENCES person(id),
                    operator TEXT NOT NULL,
                    desk TEXT NOT NULL,
                    issuedAt DATETIME NOT NULL,
                    voidedAt DATETIME,
                    voidedBy TEXT,
                    voidReason TEXT,
                    CHECK ((voidedAt IS NULL) = (voidReason IS NULL))
                );
                -- The last word against a double issue: one live issuance per household, kit and distribution.
                CREATE UNIQUE INDEX issuance_live_once
                    ON issuance(distributionId, householdId, kitCode) WHERE voidedAt IS NULL;
                CREATE INDEX issuance_household ON issuance(householdId, kitCode);

                -- Stock never below zero and no issuance into a closed distribution,
                -- whatever code path writes the row.
                CREATE TRIGGER issuance_needs_open_distribution BEFORE INSERT ON issuance
                WHEN (SELECT closedAt FROM distribution WHERE id = NEW.distributionId) IS NOT NULL
                BEGIN SELECT RAISE(ABORT, 'aiddesk: distribution closed'); END;

                CREATE TRIGGER issuance_needs_stock BEFORE INSERT ON issuance
                WHEN NEW.quantity > COALESCE((SELECT received FROM stock
                        WHERE distributionId = NEW.distributionId AND kitCode = NEW.kitCode), 0)
                    - (SELECT COALESCE(SUM(quantity), 0) FROM issuance
                        WHERE distributionId = NEW.distributionId AND kitCode = NEW.kitCode
                          AND voidedAt IS NULL)
                BEGIN SELECT RAISE(ABORT, 'aiddesk: out of stock'); END;

                -- Issuances are a ledger: never deleted, and the only change is a void, once.
                CREATE TRIGGER issuance_never_deleted BEFORE DELETE ON issuance
                BEGIN SELECT RAISE(ABORT, 'aiddesk: issuances are never deleted'); END;

                CREATE TRIGGER issuance_only_voided BEFORE UPDATE ON issuance
                WHEN OLD.voidedAt IS NOT NULL OR NEW.voidedAt IS NULL
                    OR NEW.id IS NOT OLD.id OR NEW.distributionId IS NOT OLD.distributionId
                    OR NEW.householdId IS NOT OLD.householdId OR NEW.kitCode IS NOT OLD.kitCode
                    OR NEW.quantity IS NOT OLD.quantity OR NEW.collectedBy IS NOT OLD.collectedBy
                    OR NEW.collectedByPersonId IS NOT OLD.collectedByPersonId
                    OR NEW.operator IS NOT OLD.operator OR NEW.desk IS NOT OLD.desk
                    OR NEW.issuedAt IS NOT OLD.issuedAt
                BEGIN SELECT RAISE(ABORT, 'aiddesk: an issuance can only be voided, once'); END;

                CREATE TRIGGER stock_covers_issued BEFORE UPDATE OF received ON stock
                WHEN NEW.received < (SELECT COALESCE(SUM(quantity), 0) FROM issuance
                        WHERE distributionId = NEW.distributionId AND kitCode = NEW.kitCode
                          AND voidedAt IS NULL)
                BEGIN SELECT RAISE(ABORT, 'aiddesk: stock below what was issued'); END;

                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY,
                    at DATETIME NOT NULL,
                    operator TEXT NOT NULL,
                    desk TEXT NOT NULL,
                    action TEXT NOT NULL,
                    householdId INTEGER REFERENCES household(id),
                    distributionId INTEGER REFERENCES distribution(id),
                    detail TEXT NOT NULL DEFAULT ''
                );
                CREATE INDEX audit_household ON audit(householdId);
                CREATE TRIGGER audit_never_updated BEFORE UPDATE ON audit
                BEGIN SELECT RAISE(ABORT, 'aiddesk: the audit log is append-only'); END;
                CREATE TRIGGER audit_never_deleted BEFORE DELETE ON audit
                BEGIN SELECT RAISE(ABORT, 'aiddesk: the audit log is append-only'); END;
                """)
        }
        migrator.registerMigration("v2: stock adjustments") { db in
            try db.execute(sql: """
                -- Every change to the quantity received after opening, with its reason: the donor
                -- audits stock, so "received" must be explainable line by line.
                CREATE TABLE stockAdjustment (
                    id INTEGER PRIMARY KEY,
                    distributionId INTEGER NOT NULL REFERENCES distribution(id),
                    kitCode TEXT NOT NULL REFERENCES kit(code),
                    delta INTEGER NOT NULL CHECK (delta <> 0),
                    reason TEXT NOT NULL CHECK (reason <> ''),
                    operator TEXT NOT NULL,
                    desk TEXT NOT NULL,
                    at DATETIME NOT NULL
                );
                CREATE TRIGGER stockAdjustment_never_changed BEFORE UPDATE ON stockAdjustment
                BEGIN SELECT RAISE(ABORT, 'aiddesk: stock adjustments are append-only'); END;
                CREATE TRIGGER stockAdjustment_never_deleted BEFORE DELETE ON stockAdjustment
                BEGIN SELECT RAISE(ABORT, 'aiddesk: stock adjustments are append-only'); END;
                """)
        }
        migrator.registerMigration("v3: close-out counts, duplicate decisions, merged households") { db in
            try db.execute(sql: """
                -- The physical count per kit when a distribution closes, against what the ledger expects.
                CREATE TABLE reconciliation (
                    id INTEGER PRIMARY KEY,
                    distributionId INTEGER NOT NULL REFERENCES distribution(id),
                    kitCode TEXT NOT NULL REFERENCES kit(code),
                    expected INTEGER NOT NULL,
                    counted INTEGER NOT NULL CHECK (counted >= 0),
                    reason TEXT NOT NULL DEFAULT '',
                    operator TEXT NOT NULL,
                    desk TEXT NOT NULL,
                    at DATETIME NOT NULL,
                    UNIQUE (distributionId, kitCode),
                    CHECK (counted = expected OR reason <> '')
                );
                CREATE TRIGGER reconciliation_never_changed BEFORE UPDATE ON reconciliation
                BEGIN SELECT RAISE(ABORT, 'aiddesk: a close-out count is final'); END;
                CREATE TRIGGER reconciliation_never_deleted BEFORE DELETE ON reconciliation
                BEGIN SELECT RAISE(ABORT, 'aiddesk: a close-out count is final'); END;

                -- A coordinator's "these two are different people": never proposed again.
                CREATE TABLE notDuplicate (
                    personA INTEGER NOT NULL REFERENCES person(id),
                    personB INTEGER NOT NULL REFERENCES person(id),
                    operator TEXT NOT NULL,
                    at DATETIME NOT NULL,
                    PRIMARY KEY (personA, personB),
                    CHECK (personA < personB)
                );

                -- A household merged into another keeps its rows and history; the rules count
                -- its issuances as the surviving household's.
                ALTER TABLE household ADD COLUMN mergedInto INTEGER REFERENCES household(id);
                """)
        }
        migrator.registerMigration("v4: look-ups for duplicate warnings and merged households") { db in
            try db.execute(sql: """
                -- The desk card's duplicate warning finds people in other families by phone, by birth
                -- date and by certificate number written any way (digits only, kept by the import);
                -- a merged family's households are found by the household they were merged into.
                ALTER TABLE person ADD COLUMN certificateDigits TEXT;
                CREATE INDEX person_phone ON person(phone);
                CREATE INDEX person_birthDate ON person(birthDate);
                CREATE INDEX person_certificateDigits ON person(certificateDigits);
                CREATE INDEX household_mergedInto ON household(mergedInto);
                """)
            db.add(function: DeskDatabase.certificateDigits)
            try db.execute(sql: """
                UPDATE person SET certificateDigits = \(DeskDatabase.certificateDigits.name)(idpCertificate)
                WHERE idpCertificate IS NOT NULL
                """)
        }
        migrator.registerMigration("v5: check-in documents and who came") { db in
            try db.execute(sql: """
                -- Who came to the door (a member, or a named proxy) and the document they showed.
                -- memberPersonId is the member who came; NULL with proxy = 1 for a proxy.
                ALTER TABLE checkIn ADD COLUMN memberPersonId INTEGER REFERENCES person(id);
                ALTER TABLE checkIn ADD COLUMN proxy BOOLEAN NOT NULL DEFAULT 0;
                ALTER TABLE checkIn ADD COLUMN documentKind TEXT
                    CHECK (documentKind IS NULL OR documentKind IN ('idp_certificate', 'passport', 'other'));
                ALTER TABLE checkIn ADD COLUMN documentNote TEXT;
                -- The waiting list is the distribution's check-ins in arrival order.
                CREATE INDEX checkIn_arrival ON checkIn(distributionId, checkedInAt, id);
                """)
        }
        migrator.registerMigration("v6: operators and roles") { db in
            try db.execute(sql: """
                -- Who may sign in at the desk, and as what. Never deleted (the audit names them):
                -- an operator who leaves is disabled. No PIN is stored: only its Argon2id hash
                -- string (libsodium's crypto_pwhash_str: algorithm, limits, salt and hash).
                CREATE TABLE operator (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL CHECK (name <> ''),
                    -- The name as sign-in compares it (lower case, Cyrillic included): unique.
                    nameKey TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL CHECK (role IN ('volunteer', 'assistant', 'coordinator')),
                    pinHash TEXT NOT NULL CHECK (pinHash LIKE '$argon2id$%'),
                    createdBy TEXT NOT NULL,
                    createdAt DATETIME NOT NULL,
                    disabled BOOLEAN NOT NULL DEFAULT 0,
                    -- Wrong PINs in a row, and the earliest time the next try is taken: every
                    -- desk and process reads them, so none can try faster than the rules allow.
                    failedAttempts INTEGER NOT NULL DEFAULT 0 CHECK (failedAttempts >= 0),
                    notBefore DATETIME,
                    -- Goes up when the PIN changes or the operator is disabled: a session signed
                    -- in before that must sign in again.
                    credentialVersion INTEGER NOT NULL DEFAULT 1
                );
                CREATE TRIGGER operator_never_deleted BEFORE DELETE ON operator
                BEGIN SELECT RAISE(ABORT, 'aiddesk: operators are disabled, never deleted'); END;
                CREATE TRIGGER operator_name_kept BEFORE UPDATE OF name, nameKey, createdBy, createdAt ON operator
                WHEN NEW.name IS NOT OLD.name OR NEW.nameKey IS NOT OLD.nameKey
                    OR NEW.createdBy IS NOT OLD.createdBy OR NEW.createdAt IS NOT OLD.createdAt
                BEGIN SELECT RAISE(ABORT, 'aiddesk: an operator keeps the name the audit knows'); END;

                -- `aiddesk audit --operator NAME` and `--since DATE`.
                CREATE INDEX audit_operator ON audit(operator, at);
                CREATE INDEX audit_at ON audit(at);
                """)
        }
        migrator.registerMigration("v7: purge of old distributions' personal data") { db in
            try db.execute(sql: """
                -- A purged distribution keeps its anonymous figures, frozen as the report was at the purge.
                ALTER TABLE distribution ADD COLUMN purgedAt DATETIME;
                CREATE TABLE purgedReport (
                    distributionId INTEGER PRIMARY KEY REFERENCES distribution(id),
                    report TEXT NOT NULL,
                    purgedAt DATETIME NOT NULL,
                    purgedBy TEXT NOT NULL
                );

                -- Issuances stay a ledger: the only changes are a void, once, and, in a purged
                -- distribution, the removal of who collected and of a void's free-text reason.
                DROP TRIGGER issuance_only_voided;
                CREATE TRIGGER issuance_only_voided BEFORE UPDATE ON issuance
                WHEN NEW.id IS NOT OLD.id OR NEW.distributionId IS NOT OLD.distributionId
                    OR NEW.householdId IS NOT OLD.householdId OR NEW.kitCode IS NOT OLD.kitCode
                    OR NEW.quantity IS NOT OLD.quantity OR NEW.operator IS NOT OLD.operator
                    OR NEW.desk IS NOT OLD.desk OR NEW.issuedAt IS NOT OLD.issuedAt
                    OR NOT (
                        (OLD.voidedAt IS NULL AND NEW.voidedAt IS NOT NULL
                            AND NEW.collectedBy IS OLD.collectedBy
                            AND NEW.collectedByPersonId IS OLD.collectedByPersonId)
                        OR ((SELECT purgedAt FROM distribution WHERE id = OLD.distributionId) IS NOT NULL
                            AND NEW.collectedBy = '' AND NEW.collectedByPersonId IS NULL
                            AND NEW.voidedAt IS OLD.voidedAt AND NEW.voidedBy IS OLD.voidedBy
                            AND (NEW.voidReason IS OLD.voidReason OR (OLD.voidReason IS NOT NULL AND NEW.voidReason = '—')))
                    )
                BEGIN SELECT RAISE(ABORT, 'aiddesk: an issuance can only be voided, once'); END;

                -- The audit log is append-only; in a purged distribution an entry may only be cut
                -- short (the names at its end removed), never rewritten.
                DROP TRIGGER audit_never_updated;
                CREATE TRIGGER audit_never_updated BEFORE UPDATE ON audit
                WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.operator IS NOT OLD.operator
                    OR NEW.desk IS NOT OLD.desk OR NEW.action IS NOT OLD.action
                    OR NEW.householdId IS NOT OLD.householdId OR NEW.distributionId IS NOT OLD.distributionId
                    OR (SELECT purgedAt FROM distribution WHERE id = OLD.distributionId) IS NULL
                    OR substr(OLD.detail, 1, length(NEW.detail)) IS NOT NEW.detail
                BEGIN SELECT RAISE(ABORT, 'aiddesk: the audit log is append-only'); END;
                """)
        }
        migrator.registerMigration("v8: disability mark from the register") { db in
            try db.execute(sql: """
                -- The register's disability column, per person: 1 yes, 0 no, NULL when the register
                -- has not said (people stored before this column, or imported from files without it).
                -- A family with a member marked 1 is a priority case on the waiting list.
                ALTER TABLE person ADD COLUMN hasDisability BOOLEAN CHECK (hasDisability IN (0, 1));
                """)
        }
        migrator.registerMigration("v9: PIN hashes by scrypt") { db in
            try db.execute(sql: """
                -- PINs are now hashed with scrypt through swift-crypto (no system library to install).
                -- Hashes the earlier build made with Argon2id stay until their operator gets a new
                -- PIN: sign-in tells such an operator what happened instead of "wrong PIN".
                -- SQLite cannot change a CHECK in place, so the table is made again, rows and all.
                CREATE TABLE operator_v9 (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL CHECK (name <> ''),
                    nameKey TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL CHECK (role IN ('volunteer', 'assistant', 'coordinator')),
                    pinHash TEXT NOT NULL CHECK (pinHash LIKE '$scrypt$%' OR pinHash LIKE '$argon2id$%'),
                    createdBy TEXT NOT NULL,
                    createdAt DATETIME NOT NULL,
                    disabled BOOLEAN NOT NULL DEFAULT 0,
                    failedAttempts INTEGER NOT NULL DEFAULT 0 CHECK (failedAttempts >= 0),
                    notBefore DATETIME,
                    credentialVersion INTEGER NOT NULL DEFAULT 1
                );
                INSERT INTO operator_v9 (id, name, nameKey, role, pinHash, createdBy, createdAt, disabled,
                                         failedAttempts, notBefore, credentialVersion)
                    SELECT id, name, nameKey, role, pinHash, createdBy, createdAt, disabled,
                           failedAttempts, notBefore, credentialVersion FROM operator;
                DROP TABLE operator;
                ALTER TABLE operator_v9 RENAME TO operator;
                CREATE TRIGGER operator_never_deleted BEFORE DELETE ON operator
                BEGIN SELECT RAISE(ABORT, 'aiddesk: operators are disabled, never deleted'); END;
                CREATE TRIGGER operator_name_kept BEFORE UPDATE OF name, nameKey, createdBy, createdAt ON operator
                WHEN NEW.name IS NOT OLD.name OR NEW.nameKey IS NOT OLD.nameKey
                    OR NEW.createdBy IS NOT OLD.createdBy OR NEW.createdAt IS NOT OLD.createdAt
                BEGIN SELECT RAISE(ABORT, 'aiddesk: an operator keeps the name the audit knows'); END;
                """)
        }
        migrator.registerMigration("v10: one number per household, one head per household") { db in
            try HouseholdIdentityMigration.migrate(db, now: Date())
        }
        migrator.registerMigration("v11: ids never reused, even after a restore") { db in
            // Without AUTOINCREMENT SQLite gives a new row the largest id + 1: after a restore of
            // an older backup, new issuances took the ids of the ones the backup did not hold, and
            // the audit named two different kits `#3`. With it, sqlite_sequence keeps the highest
            // id ever used, and a restore carries that over (see `Schema.keepIdsAbove`).
            for table in Schema.neverReusedIds { try Schema.addAutoincrement(db, table: table) }
            try db.execute(sql: """
                -- Ids a restore skipped (those of records the backup did not hold): `check` knows
                -- these gaps from ones left by a deleted row.
                CREATE TABLE idGap (
                    id INTEGER PRIMARY KEY,
                    tableName TEXT NOT NULL,
                    fromId INTEGER NOT NULL,
                    toId INTEGER NOT NULL CHECK (toId >= fromId),
                    at DATETIME NOT NULL
                );
                CREATE TRIGGER idGap_never_changed BEFORE UPDATE ON idGap
                BEGIN SELECT RAISE(ABORT, 'aiddesk: id gaps are append-only'); END;
                CREATE TRIGGER idGap_never_deleted BEFORE DELETE ON idGap
                BEGIN SELECT RAISE(ABORT, 'aiddesk: id gaps are append-only'); END;
                """)
        }
        migrator.registerMigration("v12: operator names compared as they look") { db in
            // Names are now compared as they look (OperatorName.key: Latin look-alikes, apostrophes,
            // invisible characters), so every stored key is made again. An operator whose name
            // looks like an earlier operator's was added before that was refused: it is disabled
            // (it could no longer be told apart at sign-in) and the audit says so.
            try db.execute(sql: "DROP TRIGGER operator_name_kept")
            let operators = try Row.fetchAll(db, sql: "SELECT id, name FROM operator ORDER BY id")
                .map { (id: $0["id"] as Int64, name: $0["name"] as String) }
            // Out of the way first, so that no new key meets an old one still in place.
            try db.execute(sql: "UPDATE operator SET nameKey = '#' || id")
            var taken: Set<String> = []
            for (id, name) in operators {
                var key = OperatorName.key(name)
                if !taken.insert(key).inserted {
                    key += "#\(id)"
                    try db.execute(
                        sql: "UPDATE operator SET disabled = 1, credentialVersion = credentialVersion + 1 WHERE id = ?",
                        arguments: [id])
                    try db.execute(
                        sql: """
                            INSERT INTO audit (at, operator, desk, action, detail)
                            VALUES (?, 'aiddesk', '', 'operator.lookalike', ?)
                            """, arguments: [Date(), name])
                }
                try db.execute(sql: "UPDATE operator SET nameKey = ? WHERE id = ?", arguments: [key, id])
            }
            try db.execute(sql: """
                CREATE TRIGGER operator_name_kept BEFORE UPDATE OF name, nameKey, createdBy, createdAt ON operator
                WHEN NEW.name IS NOT OLD.name OR NEW.nameKey IS NOT OLD.nameKey
                    OR NEW.createdBy IS NOT OLD.createdBy OR NEW.createdAt IS NOT OLD.createdAt
                BEGIN SELECT RAISE(ABORT, 'aiddesk: an operator keeps the name the audit knows'); END;
                """)
        }
        migrator.registerMigration("v13: entitlement plans per kit, overrides") { db in
            try db.execute(sql: """
                -- Who is entitled to a kit of a distribution, and how many each family gets. No row:
                -- every family, the catalogue's quantity. Changed in place (the audit keeps each
                -- version); the list of a 'list' plan is in planHousehold.
                CREATE TABLE kitPlan (
                    distributionId INTEGER NOT NULL REFERENCES distribution(id),
                    kitCode TEXT NOT NULL REFERENCES kit(code),
                    audience TEXT NOT NULL CHECK (audience IN ('everyone', 'list', 'criteria')),
                    criteria TEXT,
                    hubCity TEXT NOT NULL DEFAULT '',
                    quantityRule TEXT NOT NULL CHECK (quantityRule IN ('fixed', 'perPerson', 'perPeople')),
                    quantity INTEGER NOT NULL CHECK (quantity > 0),
                    cap INTEGER CHECK (cap IS NULL OR (cap > 0 AND quantityRule = 'perPerson')),
                    setBy TEXT NOT NULL,
                    setAt DATETIME NOT NULL,
                    reason TEXT NOT NULL DEFAULT '',
                    PRIMARY KEY (distributionId, kitCode),
                    CHECK ((audience = 'criteria') = (criteria IS NOT NULL AND criteria <> ''))
                );
                CREATE TABLE planHousehold (
                    distributionId INTEGER NOT NULL,
                    kitCode TEXT NOT NULL,
                    householdId INTEGER NOT NULL REFERENCES household(id),
                    PRIMARY KEY (distributionId, kitCode, householdId),
                    FOREIGN KEY (distributionId, kitCode) REFERENCES kitPlan(distributionId, kitCode)
                );
                -- A plan is the coordinator's before the day: a closed distribution's stays as it was.
                CREATE TRIGGER kitPlan_open_distribution_insert BEFORE INSERT ON kitPlan
                WHEN (SELECT closedAt FROM distribution WHERE id = NEW.distributionId) IS NOT NULL
                BEGIN SELECT RAISE(ABORT, 'aiddesk: distribution closed'); END;
                CREATE TRIGGER kitPlan_open_distribution_update BEFORE UPDATE ON kitPlan
                WHEN (SELECT closedAt FROM distribution WHERE id = OLD.distributionId) IS NOT NULL
                BEGIN SELECT RAISE(ABORT, 'aiddesk: distribution closed'); END;

                -- A kit given off the plan by a coordinator: the reason, kept with the issuance; a
                -- purge may only replace it with '—', as it does a void's reason (it may name people).
                ALTER TABLE issuance ADD COLUMN overrideReason TEXT
                    CHECK (overrideReason IS NULL OR overrideReason <> '');
                CREATE TRIGGER issuance_override_kept BEFORE UPDATE OF overrideReason ON issuance
                WHEN NEW.overrideReason IS NOT OLD.overrideReason
                    AND NOT ((SELECT purgedAt FROM distribution WHERE id = OLD.distributionId) IS NOT NULL
                             AND OLD.overrideReason IS NOT NULL AND NEW.overrideReason = '—')
                BEGIN SELECT RAISE(ABORT, 'aiddesk: an issuance can only be voided, once'); END;
                """)
        }
        migrator.registerMigration("v14: household cards and their printing") { db in
            try db.execute(sql: """
                -- Each card a household was given: version 1 the first, each replacement the next. A
                -- card's code names the household and the version (CardCode); an older version opens
                -- nothing. Never changed, never deleted.
                CREATE TABLE householdCard (
                    householdId INTEGER NOT NULL REFERENCES household(id),
                    version INTEGER NOT NULL CHECK (version BETWEEN 1 AND 99),
                    issuedAt DATETIME NOT NULL,
                    issuedBy TEXT NOT NULL,
                    reason TEXT NOT NULL DEFAULT '',
                    PRIMARY KEY (householdId, version),
                    CHECK (version = 1 OR reason <> '')
                );
                CREATE TRIGGER householdCard_never_changed BEFORE UPDATE ON householdCard
                BEGIN SELECT RAISE(ABORT, 'aiddesk: cards are replaced, never changed'); END;
                CREATE TRIGGER householdCard_never_deleted BEFORE DELETE ON householdCard
                BEGIN SELECT RAISE(ABORT, 'aiddesk: cards are replaced, never changed'); END;

                -- Who printed which card, when: `cards --not-printed` finds the families without one.
                CREATE TABLE cardPrint (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    householdId INTEGER NOT NULL,
                    version INTEGER NOT NULL,
                    printedAt DATETIME NOT NULL,
                    operator TEXT NOT NULL,
                    desk TEXT NOT NULL,
                    FOREIGN KEY (householdId, version) REFERENCES householdCard(householdId, version)
                );
                CREATE INDEX cardPrint_household ON cardPrint(householdId);
                """)
        }
        return migrator
    }

    /// The tables whose ids people see (`#17`, `--distribution 3`) or records point at.
    static let neverReusedIds = ["issuance", "checkIn", "distribution", "stockAdjustment"]

    /// Rebuilds `table` with `id INTEGER PRIMARY KEY AUTOINCREMENT`, its rows, indexes and
    /// triggers unchanged. Read from the schema as it stands, so that whatever earlier migrations
    /// made of the table is kept.
    static func addAutoincrement(_ db: Database, table: String) throws {
        guard let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                            arguments: [table]),
            !sql.uppercased().contains("AUTOINCREMENT"),
            let key = sql.range(of: "id INTEGER PRIMARY KEY"),
            let header = sql.range(of: #"^CREATE TABLE\s+"?\#(table)"?\s*\("#, options: .regularExpression)
        else { throw DatabaseError(message: "aiddesk: cannot rebuild \(table) with AUTOINCREMENT") }
        let companions = try String.fetchAll(db, sql: """
            SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL
            ORDER BY type = 'trigger', rowid
            """, arguments: [table])
        var rebuilt = sql
        rebuilt.replaceSubrange(key, with: "id INTEGER PRIMARY KEY AUTOINCREMENT")
        let newName = "\(table)_rebuilt"
        rebuilt = rebuilt.replacingCharacters(in: rebuilt.range(of: String(sql[header]))!, with: "CREATE TABLE \(newName) (")
        try db.execute(sql: rebuilt)
        try db.execute(sql: "INSERT INTO \(newName) SELECT * FROM \(table)")
        // Triggers on other tables name this one: the legacy rename leaves them as they are
        // (they name the table by the name it gets back) instead of refusing the rename.
        try db.execute(sql: "PRAGMA legacy_alter_table = ON")
        try db.execute(sql: "DROP TABLE \(table)")
        try db.execute(sql: "ALTER TABLE \(newName) RENAME TO \(table)")
        try db.execute(sql: "PRAGMA legacy_alter_table = OFF")
        for statement in companions { try db.execute(sql: statement) }
        try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name = ?", arguments: [table])
        try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) SELECT ?, COALESCE(MAX(id), 0) FROM \(table)",
                       arguments: [table])
    }

    /// The highest id each of `neverReusedIds` has ever given (sqlite_sequence, or the largest
    /// id where there is none).
    static func highestIds(_ db: Database) throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        for table in neverReusedIds {
            let used = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM \(table)") ?? 0
            let sequence = try db.tableExists("sqlite_sequence")
                ? try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [table]) ?? 0 : 0
            result[table] = max(used, sequence)
        }
        return result
    }

    /// After a restore: every table goes on numbering above `highest` (what the database had
    /// given before it), and the ids skipped are written in `idGap`.
    static func keepIdsAbove(_ highest: [String: Int64], _ db: Database, now: Date) throws {
        let restored = try highestIds(db)
        for table in neverReusedIds {
            guard let before = highest[table], let after = restored[table], before > after else { continue }
            try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name = ?", arguments: [table])
            try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", arguments: [table, before])
            var gap = IdGapRecord(tableName: table, fromId: after + 1, toId: before, at: now)
            try gap.insert(db)
        }
    }
}
