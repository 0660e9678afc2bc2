import Hummingbird
import SwitchboardCore

/// Small helpers for server-rendered pages: escaping, the shared layout, and translation.
enum HTML {
    /// Escapes text for HTML element content and quoted attribute values.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    static func page(title: String, language: Language, signedInAs: String? = nil, body: String, status: HTTPResponse.Status = .ok, bodyClass: String? = nil) -> Response {
        let t = L10n(language)
        let header =
            signedInAs.map { name in
                """
                <nav><a href="/">Switchboard</a> <span class="who">\(escape(name))</span>
                <form method="post" action="/sign-out" class="inline"><button type="submit" id="sign-out">\(t["Sign out"])</button></form></nav>
                """
            } ?? "<nav><a href=\"/\">Switchboard</a></nav>"
        let html = """
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · Switchboard</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
            nav{background:#1d2430;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center}
            nav a{color:#fff;font-weight:600;text-decoration:none} nav .who{margin-left:auto}
            main{max-width:72rem;margin:1rem auto;padding:0 1rem} h1{font-size:1.5rem} h2{font-size:1.15rem;margin-top:2rem}
            table{border-collapse:collapse;width:100%;background:#fff} th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #dde1e6;vertical-align:top}
            th{background:#eef1f4} .inline{display:inline} .error{background:#fde8e8;border:1px solid #e0a0a0;padding:.5rem .75rem}
            .notice{background:#e8f4fd;border:1px solid #a0c4e0;padding:.5rem .75rem} .warn{color:#9a5b00}
            form.card{background:#fff;padding:1rem;border:1px solid #dde1e6;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
            label{display:flex;flex-direction:column;font-size:.85rem} button{padding:.35rem .8rem}
            fieldset{display:flex;flex-wrap:wrap;gap:.25rem .75rem;border:1px solid #dde1e6}
            fieldset label{flex-direction:row;align-items:center;gap:.25rem}
            form.card textarea{min-width:18rem;font-family:ui-monospace,monospace}
            #edit-form{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));align-items:start}
            </style></head>
            <body\(bodyClass.map { " class=\"\(escape($0))\"" } ?? "")>\(header)<main>
            \(body)
            </main></body></html>
            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    static func table(_ headers: [String], _ rows: [[String]], id: String) -> String {
        let head = headers.map { "<th>\(escape($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        return "<table id=\"\(id)\"><thead><tr>\(head)</tr></thead><tbody>\n\(body)\n</tbody></table>"
    }
}

/// Page texts in the user's language. Keys are the English texts; Dutch has a translation
/// for every key used (a test checks it), so no page shows a half-translated screen.
struct L10n {
    let language: Language

    init(_ language: Language) { self.language = language }

    subscript(_ key: String) -> String {
        language == .nl ? (Self.dutch[key] ?? key) : key
    }

    static let dutch: [String: String] = [
        "Sign in": "Inloggen", "Sign out": "Uitloggen", "Username": "Gebruikersnaam", "Password": "Wachtwoord",
        "Welcome": "Welkom", "Your roles": "Je rollen", "Administration": "Beheer", "Users": "Gebruikers", "Teams": "Teams",
        "Skills": "Vaardigheden", "Queues": "Wachtrijen", "Agents": "Agents", "Name": "Naam", "Display name": "Weergavenaam",
        "Language": "Taal", "Roles": "Rollen", "Active": "Actief", "Yes": "Ja", "No": "Nee", "Team leader": "Teamleider",
        "Team": "Team", "Extension": "Toestel", "Priority": "Prioriteit", "Service level": "Serviceniveau", "Wrap-up": "Nawerk",
        "Required skills": "Vereiste vaardigheden", "Opening hours": "Openingstijden", "Description": "Omschrijving", "Kind": "Soort",
        "Create": "Aanmaken", "Delete": "Verwijderen", "Add a user": "Gebruiker toevoegen", "Add a team": "Team toevoegen",
        "Add a skill": "Vaardigheid toevoegen", "Not-ready reasons": "Redenen voor niet beschikbaar", "Code": "Code", "Label": "Omschrijving",
        "Add a reason": "Reden toevoegen", "set by routing": "gezet door de routering", "Add a queue": "Wachtrij toevoegen", "Warnings": "Waarschuwingen",
        "Your team": "Je team", "Your skills": "Je vaardigheden", "Your team's agents": "Agents in je team",
        "Teams and their size": "Teams en hun omvang", "Open administration": "Naar beheer", "Max waiting": "Max. wachtend", "Longest wait in queue": "Langste wachttijd in de wachtrij", "choose a whole number from": "kies een geheel getal van", "up to and including": "tot en met", "entered": "ingevuld",
        "Unknown username or wrong password.": "Onbekende gebruikersnaam of verkeerd wachtwoord.",
        "You are not in a team yet.": "Je zit nog niet in een team.", "Saved.": "Opgeslagen.", "Deleted.": "Verwijderd.",
        "This page is for administrators.": "Deze pagina is voor beheerders.", "Agents per team": "Agents per team",
        "Queues and their service-level targets": "Wachtrijen en hun serviceniveaudoelen", "Profile": "Profiel",
        "always open": "altijd open", "closed": "gesloten", "Holidays": "Feestdagen", "Proficiency": "Niveau",
        "Agent": "Agent", "teamLeader": "teamleider", "agent": "agent", "supervisor": "supervisor", "qa": "kwaliteit",
        "workforce": "planning", "recruiter": "werving", "admin": "beheer", "Page not found.": "Pagina niet gevonden.",
        "Sign in to Switchboard": "Inloggen bij Switchboard", "Save": "Opslaan", "New password": "Nieuw wachtwoord",
        "Time zone": "Tijdzone", "one per line: skill level": "één per regel: vaardigheid niveau", "User": "Gebruiker",
        "Make agent": "Agent maken", "Strategy": "Strategie", "Weight": "Gewicht", "Ring timeout": "Overgaan tot",
        "Missed call: not ready": "Gemist gesprek: niet beschikbaar", "Escalation queue": "Escalatiewachtrij",
        "longestIdle": "langst vrij", "mostSkilled": "meest vaardig", "roundRobin": "om de beurt", "fewestCalls": "minste gesprekken", "Delete this record?": "Dit record verwijderen?", "Demo sign-ins use the password demo.": "Demo-accounts gebruiken het wachtwoord demo.",
        // The agent's desk.
        "Answer": "Opnemen", "Available": "Beschikbaar", "Balance": "Saldo", "Billing": "Facturen", "Call": "Gesprek", "Call ended.": "Gesprek beëindigd.", "Contact": "Contactgegevens", "Customer": "Klant", "Decline": "Weigeren", "Desk": "Werkplek", "Disposition": "Afhandelcode", "Disposition saved.": "Afhandelcode opgeslagen.", "Due": "Vervalt", "Ends": "Loopt af", "Escalate": "Escaleren", "Extended warranty": "Verlengde garantie", "Finish wrap-up": "Nawerk afronden", "Follow up by": "Opvolgen vóór", "Hang up": "Ophangen", "Hold": "In wacht", "Invoice": "Factuur", "Last calls": "Laatste gesprekken", "Last payment": "Laatste betaling", "Log the call": "Gesprek vastleggen", "Name, e-mail or number": "Naam, e-mail of nummer", "No call.": "Geen gesprek.", "No customer chosen.": "Geen klant gekozen.", "None.": "Geen.", "Not ready": "Niet beschikbaar", "Not-ready reason": "Reden niet beschikbaar", "Note": "Notitie", "On hold": "In de wacht", "Open": "Open", "Open invoices": "Openstaande facturen", "Open orders": "Lopende bestellingen", "Open your desk": "Naar je werkplek", "Order": "Bestelling", "Outcome": "Uitkomst", "Product": "Product", "Reason": "Reden", "Reason for the disposition": "Reden bij de afhandelcode", "Record referral": "Doorverwijzing vastleggen", "Referral for": "Doorverwijzing voor", "Referral product": "Product van de doorverwijzing", "Referral recorded.": "Doorverwijzing vastgelegd.", "Referrals this month": "Doorverwijzingen deze maand", "Resume": "Hervatten", "Ringing": "Gaat over", "Save disposition": "Afhandelcode opslaan", "Search": "Zoeken", "Search customers": "Klanten zoeken", "Several customers use this number: choose one.": "Meerdere klanten gebruiken dit nummer: kies er één.", "Shipment": "Zending", "Shipping": "Bestellingen", "Standing": "Status", "Status": "Status", "Talking": "In gesprek", "The desk is for agents: you have no agent record.": "De werkplek is voor agents: je hebt geen agentrecord.", "Time in state": "Tijd in status", "Transfer": "Doorverbinden", "Transfer to queue": "Doorverbinden naar wachtrij", "Unknown caller: search for the customer.": "Onbekende beller: zoek de klant.", "Warranties": "Garanties", "When": "Wanneer", "Your state": "Je status", "active": "actief", "available": "beschikbaar", "claims": "claims", "ends": "loopt af", "expired": "verlopen", "expiring": "loopt bijna af", "from": "van", "goal": "doel", "loggedOut": "afgemeld", "not saved yet: kept in this browser": "nog niet opgeslagen: bewaard in deze browser", "notReady": "niet beschikbaar", "onHold": "in de wacht", "queue": "wachtrij", "ringing": "gaat over", "saved": "opgeslagen", "saving…": "opslaan…", "talking": "in gesprek", "wrap-up ends in": "nawerk eindigt over", "wrapUp": "nawerk",
        "Set: it takes effect when the agent is free.": "Ingesteld: gaat in zodra de agent vrij is.",
        "Total": "Totaal", "No agent": "Geen agent", "No team": "Geen team",
        "Move for today from": "Vandaag verplaatsen van", "to": "naar", "Move for today to": "Vandaag verplaatsen naar", "Move for today": "Vandaag verplaatsen", "Undo today's moves": "Verplaatsingen van vandaag terugdraaien", "Moved for today.": "Verplaatst voor vandaag.", "Moves undone.": "Verplaatsingen teruggedraaid.",
        "listen": "meeluisteren", "whisper": "influisteren", "barge": "inbreken",
        "Goal": "Doel", "Now": "Nu", "Target": "Doel", "Met": "Gehaald",
        "My goals": "Mijn doelen", "No goals set.": "Geen doelen ingesteld.", "callsHandled": "afgehandelde gesprekken", "aht": "gem. afhandeltijd", "serviceLevel": "serviceniveau", "holdRate": "wachtstanden per gesprek", "referrals": "doorverwijzingen", "notReadyShare": "aandeel niet beschikbaar", "at least": "minstens", "at most": "hoogstens", "met": "gehaald", "Team goals": "Teamdoelen",
        "Reports": "Rapportages", "Download CSV": "CSV downloaden", "Print": "Afdrukken", "Period": "Periode", "Period: 2026, 2026-10, 2026-W41 or 2026-10-05": "Periode: 2026, 2026-10, 2026-W41 of 2026-10-05", "By": "Per", "Center": "Centrum", "Per": "Opgesplitst per", "Whole period": "Hele periode", "15 minutes": "15 minuten", "Day": "Dag", "Week": "Week", "Month": "Maand", "Show": "Tonen", "No calls in this period.": "Geen gesprekken in deze periode.", "Answered and abandoned calls": "Beantwoorde en opgehangen gesprekken", "Slot": "Tijdvak", "Offered": "Aangeboden", "Answered": "Beantwoord", "Abandoned (short)": "Opgehangen (kort)", "SL, abandons against": "SN, opgehangen tellen tegen", "SL, abandons for": "SN, opgehangen tellen mee", "Talk h": "Gesprek u", "Hold h": "Wacht u", "Wrap-up h": "Nawerk u", "Transfers": "Doorverbindingen", "Escalations": "Escalaties", "Occupancy": "Bezettingsgraad", "Logged in h": "Aangemeld u", "Not ready h": "Niet beschikbaar u",
        "Wallboard": "Wandbord", "The wallboard is for supervisors, team leaders and quality specialists.": "Het wandbord is voor supervisors, teamleiders en kwaliteitsmedewerkers.", "All teams": "Alle teams", "Queue": "Wachtrij", "All queues": "Alle wachtrijen", "TV mode": "Tv-weergave", "State": "Status", "Handled": "Afgehandeld", "Holds": "In de wacht gezet", "Set an agent's state": "Status van een agent instellen", "Why": "Waarom", "Why (kept in the audit log)": "Waarom (komt in het auditlog)", "Set state": "Status instellen", "waiting": "wachtend", "longest wait": "langste wachttijd", "service level": "serviceniveau", "target": "doel", "offered": "aangeboden", "answered": "beantwoord", "abandoned": "opgehangen", "short": "kort", "on hold": "in de wacht", "ASA": "Gem. wachttijd", "agents": "agents", "updated": "bijgewerkt", "State set.": "Status ingesteld.", "Take over": "Overnemen", "Taken over.": "Overgenomen.", "Give a reason.": "Geef een reden.", "No alerts.": "Geen meldingen.", "last hour": "laatste uur",
        "Transfer to": "Doorverbinden naar", "Colleagues": "Collega's", "How": "Hoe", "Blind or warm transfer": "Direct of met overleg doorverbinden", "Blind": "Direct", "Warm: talk first": "Met overleg: eerst zelf spreken", "Complete transfer": "Doorverbinden voltooien", "Back to the caller": "Terug naar de beller", "This queue needs a disposition before wrap-up ends.": "Deze wachtrij vraagt een afhandelcode voordat het nawerk eindigt.", "Follow-up task": "Opvolgtaak", "My follow-ups": "Mijn opvolgtaken", "Script": "Gespreksscript", "The script of the call's queue appears here.": "Het script van de wachtrij van het gesprek verschijnt hier.", "Knowledge base": "Kennisbank", "Search the knowledge base": "Zoeken in de kennisbank", "For example: refund, descale": "Bijvoorbeeld: terugbetaling, ontkalken", "Today": "Vandaag", "calls": "gesprekken", "AHT": "Gem. afhandeltijd", "Next step": "Volgende stap", "Not in the records": "Niet in de gegevens", "No script for this queue.": "Geen script voor deze wachtrij.", "Nothing found.": "Niets gevonden.", "new": "nieuw", "Step": "Stap", "of": "van", "Back": "Terug", "This solved it": "Dit loste het op", "Solved: note it in the call log.": "Opgelost: leg het vast bij het gesprek.", "Done": "Klaar", "overdue": "te laat", "No open follow-ups.": "Geen open opvolgtaken.", "Calling a colleague…": "Collega wordt gebeld…", "Talking with your colleague.": "In gesprek met je collega.", "Choose a disposition first.": "Kies eerst een afhandelcode.", "Referral": "Doorverwijzing", "Open customer": "Klant openen", "Offers": "Aanbiedingen", "Refer": "Doorverwijzen", "Customers": "Klanten", "You may not read customer records.": "Je mag geen klantgegevens inzien.", "No such customer.": "Deze klant bestaat niet.", "Disposition required before wrap-up ends": "Afhandelcode verplicht voordat het nawerk eindigt",
    ]
}
