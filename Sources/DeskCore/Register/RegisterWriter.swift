import Foundation

/// Writes a register as CSV that `RegisterParser` (and Excel) read back unchanged.
public enum RegisterWriter {
    /// How the file is laid out for whoever opens it.
    public enum Flavour: Sendable {
        /// UTF-8 with a BOM and commas: current Excel opens it correctly, any tool reads it.
        case utf8
        /// Windows-1251 with semicolons and CRLF, as Excel saves CSV in a Ukrainian locale.
        case excel1251
    }

    /// The register, one row per person, head of household first, Ukrainian headers.
    ///
    /// - Parameter withContacts: phones, certificate numbers and disability marks are written
    ///   only when asked (data minimisation: most uses of an export do not need them, and a
    ///   disability is health data). The disability column comes last, `так` or empty.
    /// - Returns: nil when `.excel1251` is asked for and a name has a letter Windows-1251 lacks.
    public static func csv(_ register: Register, flavour: Flavour, withContacts: Bool) -> Data? {
        var columns: [RegisterColumn] = [.household, .surname, .givenName, .patronymic, .birthDate, .sex]
        if withContacts { columns += [.phone, .idpCertificate] }
        columns += [.settlement, .head]
        if withContacts { columns.append(.disability) }
        let delimiter: Character = flavour == .excel1251 ? ";" : ","
        var text = columns.map { quote($0.ukrainianHeader, delimiter) }.joined(separator: String(delimiter)) + "\r\n"
        for household in register.households {
            for person in household.members {
                let cells: [String] = columns.map { column in
                    switch column {
                    case .household: return household.number
                    case .surname: return person.surname
                    case .givenName: return person.givenName
                    case .patronymic: return person.patronymic
                    case .birthDate: return person.birthDate?.dotted ?? ""
                    case .sex: return person.sex.map { $0 == .female ? "ж" : "ч" } ?? ""
                    case .phone: return person.phone ?? ""
                    case .idpCertificate: return person.idpCertificate ?? ""
                    case .settlement: return household.settlement
                    case .head: return person.isHead ? "так" : ""
                    case .disability: return person.hasDisability == true ? "так" : ""
                    }
                }
                text += cells.map { CSVTable.cell($0, delimiter) }.joined(separator: String(delimiter)) + "\r\n"
            }
        }
        switch flavour {
        case .utf8: return Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
        case .excel1251: return Windows1251.encode(text)
        }
    }

    /// Quotes a cell when it holds the delimiter, a quote or a line break (RFC 4180).
    static func quote(_ cell: String, _ delimiter: Character) -> String {
        let needsQuotes = cell.contains(delimiter) || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")
        guard needsQuotes else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
