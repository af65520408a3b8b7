/// The identity of a household number, as opposed to its spelling.
///
/// Registers are kept in Excel, which drops leading zeros the moment a column is taken for
/// numbers, and volunteers type `417`, `0417` or `00417` for the same family. Counting them
/// as three families would let one family collect a kit three times, so every place a
/// household number enters (the import, every command, the desk, merges) compares numbers by
/// this key, and the schema keeps it unique (`household.numberKey`, migration v10).
///
/// The register's own spelling is what the desk shows and prints; the key is only compared.
public enum HouseholdNumber {
    /// A number of ASCII digits only, without its leading zeros (`00417` and `417` → `417`,
    /// `000` → `0`); any other number as written, spaces around it removed. Letters are not
    /// folded: `А-17` and `а-17` stay apart, since no register seen writes numbers that way and
    /// a guess that merges two families is worse than one that keeps them apart.
    ///
    /// Must equal `sqlExpression` for every stored number, which is trimmed already.
    public static func key(_ number: String) -> String {
        let trimmed = number.trimmingSpaces()
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return trimmed }
        let significant = trimmed.drop { $0 == "0" }
        return significant.isEmpty ? "0" : String(significant)
    }

    /// `key(_:)` in SQLite's SQL over a column holding the number (for the schema's generated
    /// column, so that no code path writing a household can forget the key).
    public static func sqlExpression(column: String) -> String {
        """
        CASE WHEN \(column) <> '' AND \(column) NOT GLOB '*[^0-9]*' \
        THEN COALESCE(NULLIF(ltrim(\(column), '0'), ''), '0') ELSE \(column) END
        """
    }
}
