import DeskCore
import Foundation
import GRDB

// Rows as GRDB records. They stay inside DeskStore: the rest of the program sees DeskCore
// types and the engine's result types.

struct KitRecord: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "kit"
    var code: String
    var position: Int
    var nameUk: String
    var nameEn: String
    var perPerson: Bool
    var householdCap: Int?
    var notAgainWithinDays: Int?

    init(_ kit: KitDefinition, position: Int) {
        code = kit.code
        self.position = position
        nameUk = kit.uk
        nameEn = kit.en
        perPerson = kit.perPerson
        householdCap = kit.householdCap
        notAgainWithinDays = kit.notAgainWithinDays
    }
}

struct HouseholdRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "household"
    var id: Int64?
    var number: String
    var settlement: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct PersonRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "person"
    var id: Int64?
    var householdId: Int64
    var position: Int
    var surname: String
    var givenName: String
    var patronymic: String
    var birthDate: String?
    var sex: String?
    var phone: String?
    var idpCertificate: String?
    var isHead: Bool
    /// Migration v8: NULL when the register has not said.
    var hasDisability: Bool?

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    init(_ person: Person, householdId: Int64, position: Int) {
        self.householdId = householdId
        self.position = position
        surname = person.surname
        givenName = person.givenName
        patronymic = person.patronymic
        birthDate = person.birthDate?.iso
        sex = person.sex?.rawValue
        phone = person.phone
        idpCertificate = person.idpCertificate
        isHead = person.isHead
        hasDisability = person.hasDisability
    }

    var person: Person {
        Person(
            surname: surname, givenName: givenName, patronymic: patronymic,
            birthDate: birthDate.flatMap(CivilDate.init(parsing:)), sex: sex.flatMap(Sex.init(rawValue:)),
            phone: phone, idpCertificate: idpCertificate, isHead: isHead, hasDisability: hasDisability)
    }
}

struct DistributionRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "distribution"
    var id: Int64?
    var name: String
    var date: String
    var place: String
    var openedAt: Date
    var openedBy: String
    var closedAt: Date?
    var closedBy: String?
    /// Set when the distribution's personal data was purged (migration v7).
    var purgedAt: Date?

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct StockRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "stock"
    var distributionId: Int64
    var kitCode: String
    var received: Int
}

struct CheckInRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "checkIn"
    var id: Int64?
    var distributionId: Int64
    var householdId: Int64
    var checkedInAt: Date
    var `operator`: String
    var desk: String
    /// The member or proxy who came, by name, when it was said.
    var member: String?
    /// Migration v5: the member who came, when it was a member.
    var memberPersonId: Int64?
    var proxy: Bool
    /// `CheckInDocument.code` and its note.
    var documentKind: String?
    var documentNote: String?

    init(
        id: Int64? = nil, distributionId: Int64, householdId: Int64, checkedInAt: Date, operator: String, desk: String,
        member: String?, memberPersonId: Int64?, proxy: Bool, documentKind: String?, documentNote: String?
    ) {
        self.id = id
        self.distributionId = distributionId
        self.householdId = householdId
        self.checkedInAt = checkedInAt
        self.operator = `operator`
        self.desk = desk
        self.member = member
        self.memberPersonId = memberPersonId
        self.proxy = proxy
        self.documentKind = documentKind
        self.documentNote = documentNote
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let distributionId = Column(CodingKeys.distributionId)
        static let householdId = Column(CodingKeys.householdId)
        static let checkedInAt = Column(CodingKeys.checkedInAt)
        static let `operator` = Column(CodingKeys.operator)
        static let desk = Column(CodingKeys.desk)
        static let member = Column(CodingKeys.member)
        static let memberPersonId = Column(CodingKeys.memberPersonId)
        static let proxy = Column(CodingKeys.proxy)
        static let documentKind = Column(CodingKeys.documentKind)
        static let documentNote = Column(CodingKeys.documentNote)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The check-in as the door and the waiting list show it, under the family's number.
    func arrival(household: String) -> ArrivalLine {
        ArrivalLine(
            household: household, checkedInAt: checkedInAt, cameName: member, cameAsProxy: proxy,
            document: CheckInDocument(code: documentKind, note: documentNote), desk: desk, operatorName: `operator`)
    }
}

struct IssuanceRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "issuance"
    var id: Int64?
    var distributionId: Int64
    var householdId: Int64
    var kitCode: String
    var quantity: Int
    var collectedBy: String
    var collectedByPersonId: Int64?
    var `operator`: String
    var desk: String
    var issuedAt: Date
    var voidedAt: Date?
    var voidedBy: String?
    var voidReason: String?

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct AuditRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "audit"
    var id: Int64?
    var at: Date
    var `operator`: String
    var desk: String
    var action: String
    var householdId: Int64?
    var distributionId: Int64?
    var detail: String
}
