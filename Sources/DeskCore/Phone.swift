/// Ukrainian phone numbers in the shapes people write them, normalised to `+380XXXXXXXXX`.
public enum PhoneNumber {
    /// `0501234567`, `050 123 45 67`, `(050) 123-45-67`, `+380501234567`, `380501234567`,
    /// `80501234567` all give `+380501234567`. Returns nil for anything that is not
    /// a nine-digit Ukrainian subscriber number after the country code.
    public static func normalise(_ text: String) -> String? {
        let allowed: Set<Character> = [" ", "-", "(", ")", ".", "+", "\u{00A0}"]
        var digits = ""
        for ch in text {
            if let ascii = ch.asciiValue, (48...57).contains(ascii) {
                digits.append(ch)
            } else if !allowed.contains(ch) {
                return nil
            }
        }
        let national: String
        switch digits.count {
        case 12 where digits.hasPrefix("380"): national = String(digits.dropFirst(3))
        case 11 where digits.hasPrefix("80"): national = String(digits.dropFirst(2))
        case 10 where digits.hasPrefix("0"): national = String(digits.dropFirst(1))
        case 9: national = digits
        default: return nil
        }
        guard national.first != "0" else { return nil }
        return "+380" + national
    }
}
