import ArgumentParser
import DeskCore
import DeskResources
import Foundation

// Text crosses the command line twice: arguments come in, lines go out. Both ends apply
// DeskCore's one rule (`TextInput`), here and nowhere else in the command-line program.

// MARK: Out: everything a person reads

/// Every human-readable line the commands print goes through here (this module's `print`
/// hides the standard library's): names, reasons and places come from the database, and
/// whatever is stored there (an old register, a file edited by hand) must not move the cursor,
/// clear the screen or rename the window. Control characters are shown as `\u{1B}`.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { String(describing: $0) }.joined(separator: separator)
    writeForTerminal(text + terminator, to: .standardOutput)
}

/// `text`, escaped as `print` escapes it, written to `handle` (standard error for messages
/// and questions).
func writeForTerminal(_ text: String, to handle: FileHandle) {
    handle.write(Data(TextInput.escapedForTerminal(text).utf8))
}

/// JSON for scripts, written so that it is as harmless on a terminal as the text.
func jsonForTerminal(_ data: Data) -> Data {
    let text = String(decoding: data, as: UTF8.self)
    let escaped = TextInput.escapedJSON(text)
    return escaped == text ? data : Data(escaped.utf8)
}

// MARK: In: every argument

/// The command line and the environment variables that name people and places, checked
/// before anything is parsed: no argument may hold a control character or a bidirectional
/// override, and none may be longer than its kind allows (names 200 characters, reasons 500,
/// anything else 4,096). Positional names (`distribution open NAME`, `operator add NAME`) and
/// queries are checked by their commands with `TextArgument.check`.
enum TextArguments {
    /// Options whose value is a name, a place, a desk, a document: `TextInput.Limit.name`.
    static let nameOptions: Set<String> = [
        "--operator", "--by", "--desk", "--member", "--proxy", "--collected-by", "--place", "--hub-city", "--name",
        "--document",
    ]
    /// Options whose value is a reason: `TextInput.Limit.reason` (a close-out reason is `CODE=TEXT`).
    static let reasonOptions: Set<String> = ["--reason"]
    /// Environment variables read as names.
    static let nameVariables = ["AIDDESK_OPERATOR", "AIDDESK_DESK", "AIDDESK_HUB_CITY"]

    /// The message for the first argument refused, or nil when every one may be used.
    static func refusal(_ arguments: [String], environment: [String: String], strings: Strings) -> String? {
        var previous: String?
        for argument in arguments {
            var name = previous
            var value = argument
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            let limit: Int
            switch name {
            case let option? where nameOptions.contains(option): limit = TextInput.Limit.name
            case let option? where reasonOptions.contains(option): limit = TextInput.Limit.reason
            default: limit = TextInput.Limit.argument
            }
            if let problem = TextInput.problem(in: value, limit: limit) {
                return TextArgument.message(problem, value: value, what: name ?? strings("text.what.argument"), strings: strings)
            }
            previous = argument.hasPrefix("--") && !argument.contains("=") ? argument : nil
        }
        for variable in nameVariables {
            guard let value = environment[variable] else { continue }
            if let problem = TextInput.problem(in: value, limit: TextInput.Limit.name) {
                return TextArgument.message(problem, value: value, what: "$" + variable, strings: strings)
            }
        }
        return nil
    }

    /// The interface strings for messages given before the options are parsed: `--lang` if
    /// the command line has it, else the locale's language.
    static func strings(for arguments: [String], environment: [String: String]) -> Strings? {
        var language = Language.fromLocale(environment: environment)
        for (index, argument) in arguments.enumerated() {
            if argument == "--lang", index + 1 < arguments.count, let chosen = Language(rawValue: arguments[index + 1]) {
                language = chosen
            } else if argument.hasPrefix("--lang="), let chosen = Language(rawValue: String(argument.dropFirst(7))) {
                language = chosen
            }
        }
        guard let json = try? DeskResources.stringsJSON(language: language.rawValue) else { return nil }
        return try? Strings(language: language, json: json)
    }
}

/// One text argument checked where its command knows what it is.
enum TextArgument {
    /// Refuses `value` (exit 64, a message in the user's language) when it breaks the rule;
    /// `what` is the key of its name in the strings (`text.what.query`).
    static func check(_ value: String, limit: Int, what: String, strings: Strings) throws {
        guard let problem = TextInput.problem(in: value, limit: limit) else { return }
        throw CommandFailure(message: message(problem, value: value, what: strings(what), strings: strings), status: 64)
    }

    static func message(_ problem: TextInput.Problem, value: String, what: String, strings: Strings) -> String {
        switch problem {
        case .controlCharacter(let scalar):
            return strings("text.argument.control", [
                "what": what, "character": TextInput.visible(scalar),
                "value": TextInput.escapedForTerminal(TextInput.excerpt(value, limit: 60), keepingLineFeeds: false),
            ])
        case .tooLong(let limit):
            return strings("text.argument.tooLong", [
                "what": what, "limit": "\(limit)", "value": TextInput.excerpt(value, limit: 40),
            ])
        }
    }
}
