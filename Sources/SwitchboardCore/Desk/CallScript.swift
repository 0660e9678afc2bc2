/// A call script: the steps an agent follows on a queue's calls (greeting, identity check, the
/// customer's request, de-escalation, closing), each with prepared answers whose placeholders
/// (`{{customer.firstName}}`, `{{invoice.openAmount}}`, …) are filled from the caller's records.
public struct CallScript: Codable, Equatable, Sendable {
    public struct Step: Codable, Equatable, Sendable {
        public enum Kind: String, Codable, CaseIterable, Sendable {
            case greeting, identityCheck, request, deescalation, closing, other
        }

        public var kind: Kind
        public var title: String
        /// What the agent does in this step (plain text, may hold placeholders).
        public var guidance: String
        /// Sentences ready to say (plain text with placeholders).
        public var answers: [String]

        public init(kind: Kind, title: String, guidance: String = "", answers: [String] = []) {
            self.kind = kind
            self.title = title
            self.guidance = guidance
            self.answers = answers
        }

        enum CodingKeys: String, CodingKey { case kind, title, guidance, answers }

        /// Guidance and answers may be left out.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            kind = try container.decode(Kind.self, forKey: .kind)
            title = try container.decode(String.self, forKey: .title)
            guidance = try container.decodeIfPresent(String.self, forKey: .guidance) ?? ""
            answers = try container.decodeIfPresent([String].self, forKey: .answers) ?? []
        }
    }

    public var name: String
    public var steps: [Step]
    /// The language the script is written in: filled-in dates, amounts and states follow it.
    public var language: Language?

    public init(name: String, language: Language? = nil, steps: [Step]) {
        self.name = name
        self.steps = steps
        self.language = language
    }

    /// Trimmed and checked; an unknown placeholder is refused when the script is saved, not
    /// discovered by an agent in front of a caller.
    public func validated() throws(SwitchboardError) -> CallScript {
        var copy = self
        copy.name = try Validate.name(name, field: "name")
        copy.language = language ?? .en
        guard (1...30).contains(steps.count) else { throw .invalid("steps", "A script has 1 to 30 steps.") }
        for (index, step) in steps.enumerated() {
            let field = "steps[\(index)]"
            copy.steps[index].title = try Validate.name(step.title, field: "\(field).title")
            copy.steps[index].guidance = Validate.trim(step.guidance)
            guard step.guidance.count <= 2_000 else { throw .invalid("\(field).guidance", "Guidance is at most 2,000 characters.") }
            try ScriptTemplate.check(copy.steps[index].guidance, field: "\(field).guidance")
            guard step.answers.count <= 20 else { throw .invalid("\(field).answers", "A step has at most 20 prepared answers.") }
            copy.steps[index].answers = []
            for (answerIndex, answer) in step.answers.enumerated() {
                let text = Validate.trim(answer)
                let answerField = "\(field).answers[\(answerIndex)]"
                guard !text.isEmpty, text.count <= 1_000 else { throw .invalid(answerField, "An answer has 1 to 1,000 characters.") }
                try ScriptTemplate.check(text, field: answerField)
                copy.steps[index].answers.append(text)
            }
        }
        return copy
    }
}

/// A script as the agent sees it on a call: every placeholder filled, or shown as missing.
public struct RenderedScript: Codable, Equatable, Sendable {
    public struct Text: Codable, Equatable, Sendable {
        public var text: String
        /// Placeholders the records could not fill (no open invoice, no shipment, …).
        public var missing: [String]
    }

    public struct Step: Codable, Equatable, Sendable {
        public var kind: CallScript.Step.Kind
        public var title: String
        public var guidance: Text
        public var answers: [Text]
    }

    /// The queue whose script this is; nil for the center's default script.
    public var queueId: Int64?
    public var name: String
    public var language: Language
    public var steps: [Step]

    public init(_ script: CallScript, queueId: Int64?, values: [String: String]) {
        self.queueId = queueId
        name = script.name
        language = script.language ?? .en
        steps = script.steps.map { step in
            Step(kind: step.kind, title: step.title, guidance: ScriptTemplate.render(step.guidance, values: values),
                 answers: step.answers.map { ScriptTemplate.render($0, values: values) })
        }
    }
}

/// `{{name}}` placeholders: a fixed vocabulary, so a typo is caught when the script is saved.
public enum ScriptTemplate {
    /// Every placeholder a script may use, with what fills it.
    public static let vocabulary: [(name: String, meaning: String)] = [
        ("customer.firstName", "the customer's first name"),
        ("customer.lastName", "the customer's last name"),
        ("customer.name", "first and last name"),
        ("customer.city", "the customer's city"),
        ("customer.postalCode", "the customer's postal code"),
        ("customer.email", "the customer's e-mail address"),
        ("balance", "what the customer still has to pay over all invoices"),
        ("invoice.number", "the oldest open invoice's number"),
        ("invoice.openAmount", "what is still open on that invoice"),
        ("invoice.dueOn", "that invoice's due date"),
        ("invoice.status", "that invoice's status"),
        ("payment.lastAmount", "the last payment's amount"),
        ("payment.lastDate", "the last payment's date"),
        ("order.number", "the latest open order's number"),
        ("shipment.state", "where that order's last shipment is (in words)"),
        ("shipment.carrier", "its carrier"),
        ("shipment.trackingNumber", "its tracking number"),
        ("shipment.location", "its last known location"),
        ("warranty.product", "the product of the warranty that ends first among active ones"),
        ("warranty.endsOn", "when that warranty ends"),
        ("agent.firstName", "the agent's first name"),
        ("queue.name", "the queue the call came in on"),
    ]

    public static let names: Set<String> = Set(vocabulary.map(\.name))

    /// The placeholders in `text`, in order of appearance, as written between the braces.
    public static func placeholders(in text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{") {
            let after = rest[open.upperBound...]
            guard let close = after.firstRange(of: "}}") else { break }
            found.append(Validate.trim(String(after[..<close.lowerBound])))
            rest = after[close.upperBound...]
        }
        return found
    }

    /// Throws naming `field` when `text` uses a placeholder outside the vocabulary.
    public static func check(_ text: String, field: String) throws(SwitchboardError) {
        for name in placeholders(in: text) where !names.contains(name) {
            throw .invalid(field, "Unknown placeholder {{\(name)}}; use one of \(vocabulary.map { "{{\($0.name)}}" }.joined(separator: ", ")).")
        }
    }

    /// Fills every placeholder from `values`; one without a value becomes "…" and is listed.
    public static func render(_ text: String, values: [String: String]) -> RenderedScript.Text {
        var output = ""
        var missing: [String] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{") {
            let after = rest[open.upperBound...]
            guard let close = after.firstRange(of: "}}") else { break }
            output += rest[..<open.lowerBound]
            let name = Validate.trim(String(after[..<close.lowerBound]))
            if let value = values[name], !value.isEmpty {
                output += value
            } else {
                output += "…"
                if !missing.contains(name) { missing.append(name) }
            }
            rest = after[close.upperBound...]
        }
        return RenderedScript.Text(text: output + rest, missing: missing)
    }
}
