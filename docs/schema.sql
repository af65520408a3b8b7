-- AidDesk's schema after every migration (v1: register, distributions, issuances, audit … v14: household cards and their printing),
-- as SQLite reports it. Made by SchemaSnapshotTests; do not edit by hand.

-- table audit
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

-- table cardPrint
CREATE TABLE cardPrint (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    householdId INTEGER NOT NULL,
    version INTEGER NOT NULL,
    printedAt DATETIME NOT NULL,
    operator TEXT NOT NULL,
    desk TEXT NOT NULL,
    FOREIGN KEY (householdId, version) REFERENCES householdCard(householdId, version)
);

-- table checkIn
CREATE TABLE "checkIn" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    distributionId INTEGER NOT NULL REFERENCES distribution(id),
    householdId INTEGER NOT NULL REFERENCES household(id),
    checkedInAt DATETIME NOT NULL,
    operator TEXT NOT NULL,
    desk TEXT NOT NULL,
    member TEXT, memberPersonId INTEGER REFERENCES person(id), proxy BOOLEAN NOT NULL DEFAULT 0, documentKind TEXT
    CHECK (documentKind IS NULL OR documentKind IN ('idp_certificate', 'passport', 'other')), documentNote TEXT,
    UNIQUE (distributionId, householdId)
);

-- table distribution
CREATE TABLE "distribution" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL CHECK (name <> ''),
    date TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    openedAt DATETIME NOT NULL,
    openedBy TEXT NOT NULL,
    closedAt DATETIME,
    closedBy TEXT
, purgedAt DATETIME);

-- table household
CREATE TABLE household (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE CHECK (number <> ''),
    settlement TEXT NOT NULL DEFAULT ''
, mergedInto INTEGER REFERENCES household(id), numberKey TEXT
    GENERATED ALWAYS AS (CASE WHEN number <> '' AND number NOT GLOB '*[^0-9]*' THEN COALESCE(NULLIF(ltrim(number, '0'), ''), '0') ELSE number END) VIRTUAL);

-- table householdCard
CREATE TABLE householdCard (
    householdId INTEGER NOT NULL REFERENCES household(id),
    version INTEGER NOT NULL CHECK (version BETWEEN 1 AND 99),
    issuedAt DATETIME NOT NULL,
    issuedBy TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (householdId, version),
    CHECK (version = 1 OR reason <> '')
);

-- table idGap
CREATE TABLE idGap (
    id INTEGER PRIMARY KEY,
    tableName TEXT NOT NULL,
    fromId INTEGER NOT NULL,
    toId INTEGER NOT NULL CHECK (toId >= fromId),
    at DATETIME NOT NULL
);

-- table issuance
CREATE TABLE "issuance" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
    voidReason TEXT, overrideReason TEXT
    CHECK (overrideReason IS NULL OR overrideReason <> ''),
    CHECK ((voidedAt IS NULL) = (voidReason IS NULL))
);

-- table kit
CREATE TABLE kit (
    code TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    nameUk TEXT NOT NULL,
    nameEn TEXT NOT NULL,
    perPerson BOOLEAN NOT NULL DEFAULT 0,
    householdCap INTEGER,
    notAgainWithinDays INTEGER
);

-- table kitPlan
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

-- table notDuplicate
CREATE TABLE notDuplicate (
    personA INTEGER NOT NULL REFERENCES person(id),
    personB INTEGER NOT NULL REFERENCES person(id),
    operator TEXT NOT NULL,
    at DATETIME NOT NULL,
    PRIMARY KEY (personA, personB),
    CHECK (personA < personB)
);

-- table operator
CREATE TABLE "operator" (
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

-- table person
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
, certificateDigits TEXT, hasDisability BOOLEAN CHECK (hasDisability IN (0, 1)));

-- table planHousehold
CREATE TABLE planHousehold (
    distributionId INTEGER NOT NULL,
    kitCode TEXT NOT NULL,
    householdId INTEGER NOT NULL REFERENCES household(id),
    PRIMARY KEY (distributionId, kitCode, householdId),
    FOREIGN KEY (distributionId, kitCode) REFERENCES kitPlan(distributionId, kitCode)
);

-- table purgedReport
CREATE TABLE purgedReport (
    distributionId INTEGER PRIMARY KEY REFERENCES distribution(id),
    report TEXT NOT NULL,
    purgedAt DATETIME NOT NULL,
    purgedBy TEXT NOT NULL
);

-- table reconciliation
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

-- table stock
CREATE TABLE stock (
    distributionId INTEGER NOT NULL REFERENCES distribution(id),
    kitCode TEXT NOT NULL REFERENCES kit(code),
    received INTEGER NOT NULL CHECK (received >= 0),
    PRIMARY KEY (distributionId, kitCode)
);

-- table stockAdjustment
CREATE TABLE "stockAdjustment" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    distributionId INTEGER NOT NULL REFERENCES distribution(id),
    kitCode TEXT NOT NULL REFERENCES kit(code),
    delta INTEGER NOT NULL CHECK (delta <> 0),
    reason TEXT NOT NULL CHECK (reason <> ''),
    operator TEXT NOT NULL,
    desk TEXT NOT NULL,
    at DATETIME NOT NULL
);

-- index audit_at
CREATE INDEX audit_at ON audit(at);

-- index audit_household
CREATE INDEX audit_household ON audit(householdId);

-- index audit_operator
CREATE INDEX audit_operator ON audit(operator, at);

-- index cardPrint_household
CREATE INDEX cardPrint_household ON cardPrint(householdId);

-- index checkIn_arrival
CREATE INDEX checkIn_arrival ON checkIn(distributionId, checkedInAt, id);

-- index household_mergedInto
CREATE INDEX household_mergedInto ON household(mergedInto);

-- index household_numberKey
CREATE UNIQUE INDEX household_numberKey ON household(numberKey) WHERE mergedInto IS NULL;

-- index issuance_household
CREATE INDEX issuance_household ON issuance(householdId, kitCode);

-- index issuance_live_once
CREATE UNIQUE INDEX issuance_live_once
    ON issuance(distributionId, householdId, kitCode) WHERE voidedAt IS NULL;

-- index person_birthDate
CREATE INDEX person_birthDate ON person(birthDate);

-- index person_certificateDigits
CREATE INDEX person_certificateDigits ON person(certificateDigits);

-- index person_household
CREATE INDEX person_household ON person(householdId, position);

-- index person_one_head
CREATE UNIQUE INDEX person_one_head ON person(householdId) WHERE isHead;

-- index person_phone
CREATE INDEX person_phone ON person(phone);

-- trigger audit_never_deleted
CREATE TRIGGER audit_never_deleted BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'aiddesk: the audit log is append-only'); END;

-- trigger audit_never_updated
CREATE TRIGGER audit_never_updated BEFORE UPDATE ON audit
WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.operator IS NOT OLD.operator
    OR NEW.desk IS NOT OLD.desk OR NEW.action IS NOT OLD.action
    OR NEW.householdId IS NOT OLD.householdId OR NEW.distributionId IS NOT OLD.distributionId
    OR (SELECT purgedAt FROM distribution WHERE id = OLD.distributionId) IS NULL
    OR substr(OLD.detail, 1, length(NEW.detail)) IS NOT NEW.detail
BEGIN SELECT RAISE(ABORT, 'aiddesk: the audit log is append-only'); END;

-- trigger householdCard_never_changed
CREATE TRIGGER householdCard_never_changed BEFORE UPDATE ON householdCard
BEGIN SELECT RAISE(ABORT, 'aiddesk: cards are replaced, never changed'); END;

-- trigger householdCard_never_deleted
CREATE TRIGGER householdCard_never_deleted BEFORE DELETE ON householdCard
BEGIN SELECT RAISE(ABORT, 'aiddesk: cards are replaced, never changed'); END;

-- trigger idGap_never_changed
CREATE TRIGGER idGap_never_changed BEFORE UPDATE ON idGap
BEGIN SELECT RAISE(ABORT, 'aiddesk: id gaps are append-only'); END;

-- trigger idGap_never_deleted
CREATE TRIGGER idGap_never_deleted BEFORE DELETE ON idGap
BEGIN SELECT RAISE(ABORT, 'aiddesk: id gaps are append-only'); END;

-- trigger issuance_needs_open_distribution
CREATE TRIGGER issuance_needs_open_distribution BEFORE INSERT ON issuance
WHEN (SELECT closedAt FROM distribution WHERE id = NEW.distributionId) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'aiddesk: distribution closed'); END;

-- trigger issuance_needs_stock
CREATE TRIGGER issuance_needs_stock BEFORE INSERT ON issuance
WHEN NEW.quantity > COALESCE((SELECT received FROM stock
        WHERE distributionId = NEW.distributionId AND kitCode = NEW.kitCode), 0)
    - (SELECT COALESCE(SUM(quantity), 0) FROM issuance
        WHERE distributionId = NEW.distributionId AND kitCode = NEW.kitCode
          AND voidedAt IS NULL)
BEGIN SELECT RAISE(ABORT, 'aiddesk: out of stock'); END;

-- trigger issuance_never_deleted
CREATE TRIGGER issuance_never_deleted BEFORE DELETE ON issuance
BEGIN SELECT RAISE(ABORT, 'aiddesk: issuances are never deleted'); END;

-- trigger issuance_only_voided
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

-- trigger issuance_override_kept
CREATE TRIGGER issuance_override_kept BEFORE UPDATE OF overrideReason ON issuance
WHEN NEW.overrideReason IS NOT OLD.overrideReason
    AND NOT ((SELECT purgedAt FROM distribution WHERE id = OLD.distributionId) IS NOT NULL
             AND OLD.overrideReason IS NOT NULL AND NEW.overrideReason = '—')
BEGIN SELECT RAISE(ABORT, 'aiddesk: an issuance can only be voided, once'); END;

-- trigger kitPlan_open_distribution_insert
CREATE TRIGGER kitPlan_open_distribution_insert BEFORE INSERT ON kitPlan
WHEN (SELECT closedAt FROM distribution WHERE id = NEW.distributionId) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'aiddesk: distribution closed'); END;

-- trigger kitPlan_open_distribution_update
CREATE TRIGGER kitPlan_open_distribution_update BEFORE UPDATE ON kitPlan
WHEN (SELECT closedAt FROM distribution WHERE id = OLD.distributionId) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'aiddesk: distribution closed'); END;

-- trigger operator_name_kept
CREATE TRIGGER operator_name_kept BEFORE UPDATE OF name, nameKey, createdBy, createdAt ON operator
WHEN NEW.name IS NOT OLD.name OR NEW.nameKey IS NOT OLD.nameKey
    OR NEW.createdBy IS NOT OLD.createdBy OR NEW.createdAt IS NOT OLD.createdAt
BEGIN SELECT RAISE(ABORT, 'aiddesk: an operator keeps the name the audit knows'); END;

-- trigger operator_never_deleted
CREATE TRIGGER operator_never_deleted BEFORE DELETE ON operator
BEGIN SELECT RAISE(ABORT, 'aiddesk: operators are disabled, never deleted'); END;

-- trigger reconciliation_never_changed
CREATE TRIGGER reconciliation_never_changed BEFORE UPDATE ON reconciliation
BEGIN SELECT RAISE(ABORT, 'aiddesk: a close-out count is final'); END;

-- trigger reconciliation_never_deleted
CREATE TRIGGER reconciliation_never_deleted BEFORE DELETE ON reconciliation
BEGIN SELECT RAISE(ABORT, 'aiddesk: a close-out count is final'); END;

-- trigger stockAdjustment_never_changed
CREATE TRIGGER stockAdjustment_never_changed BEFORE UPDATE ON stockAdjustment
BEGIN SELECT RAISE(ABORT, 'aiddesk: stock adjustments are append-only'); END;

-- trigger stockAdjustment_never_deleted
CREATE TRIGGER stockAdjustment_never_deleted BEFORE DELETE ON stockAdjustment
BEGIN SELECT RAISE(ABORT, 'aiddesk: stock adjustments are append-only'); END;

-- trigger stock_covers_issued
CREATE TRIGGER stock_covers_issued BEFORE UPDATE OF received ON stock
WHEN NEW.received < (SELECT COALESCE(SUM(quantity), 0) FROM issuance
        WHERE distributionId = NEW.distributionId AND kitCode = NEW.kitCode
          AND voidedAt IS NULL)
BEGIN SELECT RAISE(ABORT, 'aiddesk: stock below what was issued'); END;
