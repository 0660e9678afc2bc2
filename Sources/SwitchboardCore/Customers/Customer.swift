/// A customer of the center's organisation (a credit union's member, a shop's buyer): who they
/// are and how to reach them. Money elsewhere in the records is integer minor units (cents).
public struct Customer: Codable, Equatable, Sendable {
    public var id: Int64
    public var firstName: String
    public var lastName: String
    /// E.164 numbers ("+31201234567"): a caller's number finds the customer.
    public var phones: [String]
    public var email: String?
    public var street: String?
    public var postalCode: String?
    public var city: String?
    public var country: String
    public var language: Language
    /// For example "retail", "business", "premium", "student".
    public var segment: String
    public var consentMarketing: Bool
    public var consentRecording: Bool

    public init(
        id: Int64, firstName: String, lastName: String, phones: [String], email: String?, street: String?, postalCode: String?, city: String?,
        country: String, language: Language, segment: String, consentMarketing: Bool, consentRecording: Bool
    ) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.phones = phones
        self.email = email
        self.street = street
        self.postalCode = postalCode
        self.city = city
        self.country = country
        self.language = language
        self.segment = segment
        self.consentMarketing = consentMarketing
        self.consentRecording = consentRecording
    }

    public var name: String { "\(firstName) \(lastName)" }
}

/// A new customer as given (API, CSV import, demo): checked by `validated()`.
public struct CustomerDraft: Codable, Equatable, Sendable {
    public var firstName: String
    public var lastName: String
    public var phones: [String]
    public var email: String?
    public var street: String?
    public var postalCode: String?
    public var city: String?
    public var country: String?
    public var language: Language?
    public var segment: String?
    public var consentMarketing: Bool?
    public var consentRecording: Bool?

    public init(
        firstName: String, lastName: String, phones: [String], email: String? = nil, street: String? = nil, postalCode: String? = nil,
        city: String? = nil, country: String? = nil, language: Language? = nil, segment: String? = nil, consentMarketing: Bool? = nil,
        consentRecording: Bool? = nil
    ) {
        self.firstName = firstName
        self.lastName = lastName
        self.phones = phones
        self.email = email
        self.street = street
        self.postalCode = postalCode
        self.city = city
        self.country = country
        self.language = language
        self.segment = segment
        self.consentMarketing = consentMarketing
        self.consentRecording = consentRecording
    }

    /// Trimmed, numbers normalised to E.164, every rule checked; the error names the field.
    public func validated() throws(SwitchboardError) -> CustomerDraft {
        var draft = self
        draft.firstName = Validate.trim(firstName)
        draft.lastName = Validate.trim(lastName)
        guard !draft.firstName.isEmpty, draft.firstName.count <= 100 else { throw .invalid("firstName", "A first name of 1 to 100 characters is required.") }
        guard !draft.lastName.isEmpty, draft.lastName.count <= 100 else { throw .invalid("lastName", "A last name of 1 to 100 characters is required.") }
        guard phones.count <= 10 else { throw .invalid("phones", "At most 10 phone numbers.") }
        var normalised: [String] = []
        for (index, phone) in phones.enumerated() where !Validate.trim(phone).isEmpty {
            guard let number = PhoneNumber.normalise(phone) else {
                throw .invalid("phones[\(index)]", "'\(phone)' is not a phone number; write it as +31 20 123 4567 or 020 123 4567.")
            }
            if !normalised.contains(number) { normalised.append(number) }
        }
        draft.phones = normalised
        draft.email = email.map(Validate.trim).flatMap { $0.isEmpty ? nil : $0 }
        if let email = draft.email {
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !email.contains(" "), email.count <= 254 else {
                throw .invalid("email", "'\(email)' is not an e-mail address.")
            }
        }
        for (field, value) in [("street", street), ("postalCode", postalCode), ("city", city)] {
            if let value, value.count > 200 { throw .invalid(field, "\(field) is longer than 200 characters.") }
        }
        draft.street = street.map(Validate.trim).flatMap { $0.isEmpty ? nil : $0 }
        draft.postalCode = postalCode.map(Validate.trim).flatMap { $0.isEmpty ? nil : $0 }
        draft.city = city.map(Validate.trim).flatMap { $0.isEmpty ? nil : $0 }
        let country = Validate.trim(country ?? "NL").uppercased()
        guard country.count == 2, country.allSatisfy({ $0.isLetter && $0.isASCII }) else {
            throw .invalid("country", "The country is a two-letter code such as NL or GB.")
        }
        draft.country = country
        draft.language = language ?? .nl
        let segment = Validate.trim(segment ?? "retail").lowercased()
        guard !segment.isEmpty, segment.count <= 40 else { throw .invalid("segment", "A segment of 1 to 40 characters is required.") }
        draft.segment = segment
        draft.consentMarketing = consentMarketing ?? false
        draft.consentRecording = consentRecording ?? true
        return draft
    }
}

/// Phone numbers as the records keep them: E.164, "+" and digits only.
public enum PhoneNumber {
    /// "+31 (0)20-123 45 67", "0031201234567" and "020 123 4567" (a Dutch number without
    /// country code) all become "+31201234567"; nil when it cannot be a number.
    public static func normalise(_ text: String, defaultCountryCode: String = "31") -> String? {
        var trimmed = Validate.trim(text)
        // "(0)" after a country code is the trunk prefix written out: not dialled.
        trimmed = trimmed.removingAll("(0)")
        var digits = ""
        for (index, character) in trimmed.enumerated() {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if character == "+", index == 0 {
                digits.append(character)
            } else if " -./()".contains(character) {
                continue
            } else {
                return nil
            }
        }
        if digits.hasPrefix("00") { digits = "+" + digits.dropFirst(2) }
        else if digits.hasPrefix("0") { digits = "+" + defaultCountryCode + digits.dropFirst() }
        else if !digits.hasPrefix("+") { return nil }
        let count = digits.count - 1
        guard (8...15).contains(count), digits.dropFirst().first != "0" else { return nil }
        return digits
    }
}

extension String {
    /// Without any occurrence of `target`.
    func removingAll(_ target: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
