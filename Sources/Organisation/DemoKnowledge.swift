import SwitchboardCore

/// The demo's knowledge base and call scripts: policies, product troubleshooting and per-queue scripts for the demo center.
public enum DemoKnowledge {
    /// Articles with how many days ago each was published (0–13 counts as "new").
    static let articles: [(draft: ArticleDraft, publishedDaysAgo: Int)] = [
        // MARK: Policies (English)
        (
            draft: ArticleDraft(
                title: "Refund policy",
                category: "Policies",
                kind: .article,
                body: """
                    A refund is paid to the original payment method within 14 days after the refund is approved. \
                    Approval follows when a return has been received and checked, when a carrier confirms a parcel lost, \
                    or when Billing settles a disputed invoice in the customer's favour.

                    Shipping costs are refunded only when the whole order is returned or when the return is our fault \
                    (damaged, wrong or incomplete delivery). A product returned used or incomplete may get a partial refund \
                    after inspection; tell the customer that the warehouse decides this, not the agent.

                    Agents may approve refunds up to 500 euros themselves. Larger refunds, refunds outside the return window \
                    and goodwill refunds need a team lead's approval: note the reason on the case and transfer to Escalaties \
                    if the customer wants to hear the decision during the call.
                    """,
                steps: [],
                language: .en
            ),
            publishedDaysAgo: 210
        ),
        (
            draft: ArticleDraft(
                title: "Returns within 30 days",
                category: "Policies",
                kind: .article,
                body: """
                    Customers may return any product within 30 days after delivery without giving a reason. \
                    Premium members have 60 days. The product must be complete and in its original packaging; \
                    trying it out the way one would in a shop is allowed.

                    Create the return on the order and send the customer the free return label by e-mail. \
                    The parcel can be dropped at any PostNL or DHL service point. Bulky items such as the \
                    Washing machine WX8, the Television Vista 55 and the Bicycle E-City are collected at home: \
                    book the pickup slot while the customer is on the line.

                    Once the warehouse has received and checked the return, the shipment shows as returned and \
                    the refund follows within 14 days (see the refund policy). Hygiene-sealed items such as the \
                    ear cushions of the Headphones Silence 2 cannot be returned once the seal is broken.
                    """,
                steps: [],
                language: .en
            ),
            publishedDaysAgo: 185
        ),
        (
            draft: ArticleDraft(
                title: "Privacy and identity verification",
                category: "Policies",
                kind: .article,
                body: """
                    Never discuss an account, invoice, order or warranty before the caller has passed the identity check. \
                    Ask the caller to state their full name, postal code and the e-mail address we have on file, and \
                    compare the answers with the record. Do not read details out and ask for a yes; let the caller say them.

                    For Member Services, also ask for the member number. Never ask for a full card number, a PIN, \
                    a password or a one-time code: we never need them, and callers should be told so if they offer them.

                    A partner, relative or other third party may only be helped when the customer is on the line and \
                    gives permission, or when written authorisation is on the account. If the check fails, explain politely \
                    that you cannot discuss the account and offer to send information to the e-mail address on file instead.
                    """,
                steps: [],
                language: .en
            ),
            publishedDaysAgo: 340
        ),
        (
            draft: ArticleDraft(
                title: "Complaint handling policy",
                category: "Policies",
                kind: .article,
                body: """
                    Any expression of dissatisfaction that the customer wants us to act on is a complaint, \
                    whether or not they use the word. Listen without interrupting, acknowledge the problem, \
                    and log the complaint on the customer's record during the call with a short, factual summary.

                    Solve it on the first call where you can. If you cannot, give the customer the case reference, \
                    tell them who will contact them, and promise a written reply within 5 working days.

                    Transfer to the Escalaties queue when the customer asks for a manager, when a refund or goodwill \
                    gesture above your limit is needed, or when the same problem has been reported before. \
                    If a complaint is still unresolved after 8 weeks, the customer may take it to the independent \
                    disputes committee; give them the details in the written reply.
                    """,
                steps: [],
                language: .en
            ),
            publishedDaysAgo: 265
        ),

        // MARK: Billing (English)
        (
            draft: ArticleDraft(
                title: "Payment plans for overdue invoices",
                category: "Billing",
                kind: .article,
                body: """
                    A customer with an overdue invoice of 100 euros or more can split what is open into monthly instalments, \
                    without interest. Agents may offer up to 3 instalments; 4 to 6 instalments need approval from the Billing team lead.

                    Agree the amounts and dates on the call, register the plan on the invoice and confirm it by e-mail. \
                    The first instalment is due within 7 days. While the plan runs, reminders and collection are paused.

                    A customer can have one payment plan at a time. When an instalment is missed, the plan ends and the \
                    remaining amount becomes due at once; the customer receives a reminder before collection resumes.
                    """,
                steps: [],
                language: .en
            ),
            publishedDaysAgo: 120
        ),
        (
            draft: ArticleDraft(
                title: "Disputed invoices",
                category: "Billing",
                kind: .article,
                body: """
                    When a customer does not agree with an invoice (a wrong amount, a product that never arrived, \
                    a double charge), set the invoice's status to disputed and record the reason in the customer's own words.

                    A disputed invoice is excluded from reminders and collection until Billing has decided. \
                    Billing reviews every dispute within 10 working days and informs the customer by e-mail: \
                    the invoice is corrected, cancelled and replaced, or confirmed and set back to open with a new due date.

                    Do not promise a credit or cancellation on the call. If only part of the invoice is disputed, \
                    the customer should pay the undisputed part by the due date.
                    """,
                steps: [],
                language: .en
            ),
            publishedDaysAgo: 95
        ),
        (
            draft: ArticleDraft(
                title: "Direct debit: setting up, changing and reversing",
                category: "Billing",
                kind: .article,
                body: """
                    Customers can pay invoices by SEPA direct debit. Setting up or changing the account number is done \
                    through the customer portal; agents can send the mandate link by e-mail but do not take bank details by phone.

                    The amount is collected on the invoice's due date. A customer may reverse a collection at their bank \
                    within 8 weeks without giving a reason. A reversed or failed collection puts the invoice back to open, \
                    and we try once more after 5 working days.

                    After two failed collections in a row the mandate is suspended and the customer pays by bank transfer \
                    until they renew it. Cancelled invoices are never collected, even when a mandate is active.
                    """,
                steps: [],
                language: .en
            ),
            publishedDaysAgo: 150
        ),

        // MARK: Shipping (English)
        (
            draft: ArticleDraft(
                title: "Lost parcel procedure per carrier",
                category: "Shipping",
                kind: .article,
                body: """
                    A parcel counts as lost when the carrier says so or when its tracking has not changed for too long. \
                    Start an investigation with the carrier after: PostNL 5 working days without a scan, DHL 7 days, \
                    DPD 5 working days, UPS 5 business days. Before that, tell the customer when the waiting period ends.

                    Open the investigation in the carrier's business portal with the tracking number, never ask the \
                    customer to contact the carrier themselves. When the parcel was shown as delivered but the customer \
                    did not receive it, ask them to check with neighbours and the delivery photo first.

                    As soon as the carrier confirms the loss, or at the latest 10 working days after the investigation \
                    started, offer a free replacement or a full refund; the customer chooses.
                    """,
                steps: [],
                language: .en
            ),
            publishedDaysAgo: 75
        ),
        (
            draft: ArticleDraft(
                title: "Delayed shipments",
                category: "Shipping",
                kind: .article,
                body: """
                    A shipment is delayed when the carrier reports a delay or when it is more than 2 working days past \
                    the expected delivery date. Check the last known location and the carrier's latest event before \
                    answering, and give the customer the tracking number.

                    During the current peak period PostNL and DHL report delays of up to 3 working days in the Randstad. \
                    Explain this, apologise, and do not promise a new delivery date that the carrier has not given.

                    If the delay exceeds 5 working days, the customer may cancel the order for a full refund; \
                    the parcel is then refused or returned to us. Premium members get the shipping costs refunded for any delay.
                    """,
                steps: [],
                language: .en
            ),
            publishedDaysAgo: 3
        ),
        (
            draft: ArticleDraft(
                title: "Changing a delivery address",
                category: "Shipping",
                kind: .article,
                body: """
                    The delivery address can be changed on the order as long as the shipment is at label created. \
                    Once the carrier has picked it up, only the carrier can redirect it.

                    PostNL and DHL can redirect a parcel in transit to another address or a service point; \
                    DPD through its Predict service and UPS through UPS My Choice. Request the redirect in the carrier's \
                    portal; it usually adds one working day. When the parcel is out for delivery, no change is possible.

                    Only change an address after a successful identity check, and never to an address in another country. \
                    Note the old and new address on the order so that a later lost-parcel claim can be traced.
                    """,
                steps: [],
                language: .en
            ),
            publishedDaysAgo: 60
        ),

        // MARK: Warranty (English)
        (
            draft: ArticleDraft(
                title: "Warranty claim procedure",
                category: "Warranty",
                kind: .article,
                body: """
                    Standard warranty runs from the delivery date: 36 months for the Washing machine WX8, \
                    12 months for the Smartphone Nova 5 and the Headphones Silence 2, and 24 months for all other products. \
                    Check the customer's warranties first; an extended warranty adds to these periods.

                    Walk through the product's troubleshooting article before registering a claim; many faults are solved on the call. \
                    If not, register the claim with the product's serial number and a description of the fault.

                    Small products are sent in with a free label; the Washing machine WX8, the Television Vista 55 and the \
                    Bicycle E-City are repaired at home. Repairs take up to 15 working days. If a product cannot be repaired, \
                    it is replaced. Accidental damage, water damage and wear are not covered unless the customer has a service plan.
                    """,
                steps: [],
                language: .en
            ),
            publishedDaysAgo: 230
        ),
        (
            draft: ArticleDraft(
                title: "Extended warranty terms",
                category: "Warranty",
                kind: .article,
                body: """
                    An extended warranty can be bought with the product or within 60 days after delivery. \
                    It adds 2 or 3 years to the standard warranty and covers the same faults: manufacturing and \
                    material defects, including the battery of the Bicycle E-City and the Smartphone Nova 5.

                    It does not cover accidental damage, loss or theft. The warranty stays with the product \
                    when it is sold or given away; the new owner registers by e-mail with the original invoice number.

                    The customer may cancel within 14 days for a full refund. After that, a cancellation is refunded \
                    pro rata only when the product itself is returned under the refund policy.
                    """,
                steps: [],
                language: .en
            ),
            publishedDaysAgo: 310
        ),

        // MARK: Membership (English)
        (
            draft: ArticleDraft(
                title: "Premium membership benefits",
                category: "Membership",
                kind: .article,
                body: """
                    Premium membership costs 4.99 euros a month or 49 euros a year and can be cancelled monthly. \
                    Members get free next-day delivery on every order, a 60-day return window instead of 30, \
                    and 10 percent off extended warranties and service plans.

                    Calls from premium members are routed with priority, and their shipping costs are refunded \
                    whenever a shipment is delayed. From this month members also get one free home descaling visit \
                    a year for the Coffee machine Barista Pro.

                    Membership starts on the day of purchase. When it ends, orders already placed keep the premium benefits.
                    """,
                steps: [],
                language: .en
            ),
            publishedDaysAgo: 6
        ),
        (
            draft: ArticleDraft(
                title: "Blocking a member account after a lost card",
                category: "Membership",
                kind: .article,
                body: """
                    When a member reports a lost or stolen card, block the card and the member account straight away. \
                    Blocking is always allowed, even if the identity check is incomplete, because it only protects the member; \
                    every other change still requires the full check, including the member number.

                    Go through the transactions of the last 7 days with the member. Unrecognised transactions are registered \
                    as disputed on the account, and the member receives the dispute form by e-mail.

                    A replacement card arrives within 5 working days at the address on file. A block cannot be lifted by phone: \
                    the member activates the new card in the portal, which unblocks the account. Advise the member to report \
                    a theft to the police as well.
                    """,
                steps: [],
                language: .en
            ),
            publishedDaysAgo: 140
        ),

        // MARK: Sales (English)
        (
            draft: ArticleDraft(
                title: "Offering extended warranties, the student bundle and service plans",
                category: "Sales",
                kind: .article,
                body: """
                    Offer an additional product only after the customer's question has been fully answered, \
                    and never on a complaint call or to a customer who has just failed a payment.

                    Extended warranties suit customers whose standard warranty ends within 3 months. \
                    The student bundle (Laptop Aero 14, Headphones Silence 2 and 3 years of extended warranty at 15 percent off) \
                    requires a valid student card, checked at delivery. Service plans cover yearly maintenance and accidental damage \
                    for the Washing machine WX8, the Coffee machine Barista Pro and the Bicycle E-City.

                    Premium membership pays for itself for customers who order more than four times a year. \
                    Record every offer and its outcome on the customer's record, including a no.
                    """,
                steps: [],
                language: .en
            ),
            publishedDaysAgo: 45
        ),

        // MARK: Troubleshooting (English)
        (
            draft: ArticleDraft(
                title: "Coffee machine Barista Pro: descaling and error E4",
                category: "Products",
                kind: .troubleshooting,
                body: """
                    Error E4 means that scale is restricting the water flow: the machine has not been descaled in time. \
                    Customers should descale every 2 months, or monthly with hard water.

                    Walk the customer through a full descale cycle; it takes about 30 minutes. \
                    If E4 returns straight after descaling, the pump needs service under warranty.
                    """,
                steps: [
                    "Ask the customer to switch the machine off, unplug it and let it cool down for 10 minutes.",
                    "Have them empty the drip tray and the water tank, then fill the tank with 0.5 litres of water and one sachet of descaling agent.",
                    "Ask them to place a container of at least 1 litre under both the coffee outlet and the steam wand.",
                    "Have them plug the machine in and hold the cup and steam buttons together for 3 seconds until the descale light flashes.",
                    "Let the cycle finish, then rinse the tank and run the cycle once more with clean water only.",
                    "If E4 still shows, check the warranty and register a warranty claim for the pump.",
                ],
                language: .en
            ),
            publishedDaysAgo: 90
        ),
        (
            draft: ArticleDraft(
                title: "Laptop Aero 14 does not start",
                category: "Products",
                kind: .troubleshooting,
                body: """
                    Most Aero 14 laptops that seem dead have a fully drained battery or are stuck in a sleep state. \
                    A forced power-off usually brings them back.

                    Ask whether the laptop was dropped or got wet before you start; if so, skip to registering a repair, \
                    because that damage is not covered by the warranty.
                    """,
                steps: [
                    "Ask the customer to connect the original 65 W USB-C charger and check that the light next to the port is on.",
                    "Have them leave the laptop charging for at least 30 minutes before trying again.",
                    "Ask them to hold the power button for 15 seconds to force a full power-off, then press it once.",
                    "Have them disconnect all USB devices, docks and external displays and try again.",
                    "If the keyboard lights up but the screen stays black, ask them to connect an external display to rule out a screen fault.",
                    "If it still does not start, check the warranty and register a repair with the serial number from the bottom of the laptop.",
                ],
                language: .en
            ),
            publishedDaysAgo: 130
        ),
        (
            draft: ArticleDraft(
                title: "Washing machine WX8 does not drain",
                category: "Products",
                kind: .troubleshooting,
                body: """
                    When the WX8 stops with water in the drum or shows error F21, the pump filter is usually blocked \
                    by coins, hair clips or lint, or the drain hose is kinked.

                    Warn the customer that several litres of water will come out when the filter is opened. \
                    Cleaning the filter is the customer's own maintenance and does not affect the warranty.
                    """,
                steps: [
                    "Ask the customer to stop the programme, switch the machine off and unplug it.",
                    "Have them check that the drain hose at the back is not kinked or squeezed against the wall.",
                    "Ask them to put towels and a low tray under the filter flap at the bottom right and open the flap.",
                    "Have them drain the water through the small emergency hose, then unscrew the pump filter slowly and clean it.",
                    "Ask them to screw the filter back in firmly, close the flap and run the Drain/Spin programme.",
                    "If the machine still does not drain or shows F21 again, check the warranty and book a home repair.",
                ],
                language: .en
            ),
            publishedDaysAgo: 175
        ),
        (
            draft: ArticleDraft(
                title: "Smartphone Nova 5 will not charge",
                category: "Products",
                kind: .troubleshooting,
                body: """
                    Charging problems with the Nova 5 are mostly caused by a worn cable or lint in the USB-C port. \
                    The phone also stops at 80 percent when charging protection is switched on, which customers sometimes report as a fault.

                    Water damage is not covered by the warranty; the indicator in the SIM tray turns red when the phone has been wet.
                    """,
                steps: [
                    "Ask the customer to try a different USB-C cable, charger and wall socket.",
                    "Have them look into the USB-C port with a light and remove any lint gently with a wooden toothpick, never with metal.",
                    "Ask them to restart the phone by holding the power and volume-down buttons for 10 seconds.",
                    "If the battery was completely empty, have them leave the phone on the charger for 30 minutes before switching it on.",
                    "Ask them to check Settings, Battery, Charging protection, and explain that a limit of 80 percent is intended when it is on.",
                    "If it still does not charge, have them check the water indicator in the SIM tray and register a warranty claim if it is white.",
                ],
                language: .en
            ),
            publishedDaysAgo: 55
        ),

        // MARK: Dutch articles
        (
            draft: ArticleDraft(
                title: "Retourneren binnen 30 dagen",
                category: "Policies",
                kind: .article,
                body: """
                    Klanten mogen elk product binnen 30 dagen na levering zonder opgaaf van reden retourneren; \
                    premiumleden hebben 60 dagen. Het product moet compleet zijn en in de originele verpakking zitten.

                    Maak de retour aan op de bestelling en stuur de klant het gratis retourlabel per e-mail. \
                    Het pakket kan bij elk PostNL- of DHL-servicepunt worden afgegeven. Grote producten zoals de \
                    Washing machine WX8, de Television Vista 55 en de Bicycle E-City halen we thuis op: \
                    plan het ophaalmoment terwijl de klant aan de lijn is.

                    Na ontvangst en controle in het magazijn volgt de terugbetaling binnen 14 dagen.
                    """,
                steps: [],
                language: .nl
            ),
            publishedDaysAgo: 180
        ),
        (
            draft: ArticleDraft(
                title: "Betalingsregeling bij een achterstallige factuur",
                category: "Billing",
                kind: .article,
                body: """
                    Een klant met een vervallen factuur van 100 euro of meer kan het openstaande bedrag renteloos \
                    in maandelijkse termijnen betalen. Je mag zelf maximaal 3 termijnen aanbieden; 4 tot 6 termijnen \
                    vragen goedkeuring van de teamleider Billing.

                    Spreek bedragen en data af in het gesprek, leg de regeling vast op de factuur en bevestig haar per e-mail. \
                    De eerste termijn moet binnen 7 dagen betaald zijn. Zolang de regeling loopt, worden herinneringen en incasso stopgezet.

                    Wordt een termijn niet betaald, dan vervalt de regeling en is het restbedrag direct opeisbaar.
                    """,
                steps: [],
                language: .nl
            ),
            publishedDaysAgo: 115
        ),
        (
            draft: ArticleDraft(
                title: "Pakket kwijt: aanpak per vervoerder",
                category: "Shipping",
                kind: .article,
                body: """
                    Een pakket geldt als kwijt wanneer de vervoerder dat meldt of wanneer de track-and-trace te lang stilstaat. \
                    Start een onderzoek na: PostNL 5 werkdagen zonder scan, DHL 7 dagen, DPD 5 werkdagen, UPS 5 werkdagen.

                    Open het onderzoek zelf in het zakelijke portaal van de vervoerder; vraag de klant nooit om zelf \
                    contact op te nemen. Staat het pakket op bezorgd maar heeft de klant niets ontvangen, vraag dan eerst \
                    om bij de buren te kijken en de bezorgfoto te controleren.

                    Zodra de vervoerder het verlies bevestigt, of uiterlijk 10 werkdagen na de start van het onderzoek, \
                    bied je een gratis vervanging of volledige terugbetaling aan; de klant kiest.
                    """,
                steps: [],
                language: .nl
            ),
            publishedDaysAgo: 70
        ),
        (
            draft: ArticleDraft(
                title: "Garantieclaim indienen",
                category: "Warranty",
                kind: .article,
                body: """
                    De standaardgarantie loopt vanaf de leverdatum: 36 maanden voor de Washing machine WX8, \
                    12 maanden voor de Smartphone Nova 5 en de Headphones Silence 2, en 24 maanden voor alle andere producten. \
                    Een verlengde garantie komt daar bovenop.

                    Loop eerst het storingsartikel van het product met de klant door. Is het probleem dan niet opgelost, \
                    registreer de claim met het serienummer en een beschrijving van de storing.

                    Kleine producten worden met een gratis label opgestuurd; grote producten repareren we aan huis. \
                    Een reparatie duurt maximaal 15 werkdagen. Val-, water- en gebruiksschade vallen niet onder de garantie.
                    """,
                steps: [],
                language: .nl
            ),
            publishedDaysAgo: 240
        ),
        (
            draft: ArticleDraft(
                title: "Pas kwijt: ledenaccount blokkeren",
                category: "Membership",
                kind: .article,
                body: """
                    Meldt een lid dat de pas kwijt of gestolen is, blokkeer dan direct de pas en het ledenaccount. \
                    Blokkeren mag altijd, ook als de identiteitscontrole niet volledig is, omdat het alleen het lid beschermt. \
                    Voor elke andere wijziging is de volledige controle nodig, inclusief het lidnummer.

                    Loop samen met het lid de transacties van de afgelopen 7 dagen door. Onbekende transacties registreer je \
                    als betwist; het lid ontvangt het bezwaarformulier per e-mail.

                    Een nieuwe pas komt binnen 5 werkdagen op het bekende adres. Een blokkade kan niet telefonisch worden \
                    opgeheven: het lid activeert de nieuwe pas in het portaal. Adviseer bij diefstal ook aangifte te doen.
                    """,
                steps: [],
                language: .nl
            ),
            publishedDaysAgo: 160
        ),
        (
            draft: ArticleDraft(
                title: "Fiets E-City: accu laadt niet op",
                category: "Products",
                kind: .troubleshooting,
                body: """
                    Laadproblemen bij de Bicycle E-City komen meestal door een koude accu, vuile contactpunten \
                    of een accu die na volledige ontlading in beveiliging staat.

                    Vraag eerst of de fiets buiten staat: onder de 10 graden laadt de accu niet op. \
                    De accu valt onder de garantie; een verlengde garantie dekt hem ook.
                    """,
                steps: [
                    "Vraag de klant te controleren of de lader in een werkend stopcontact zit en het lampje op de lader brandt.",
                    "Laat de klant de accu van de fiets halen en binnen opladen, bij een temperatuur tussen 10 en 30 graden.",
                    "Vraag de klant de contactpunten van de accu en de laadplug te controleren en droog schoon te maken.",
                    "Branden er na een druk op de knop van de accu geen lampjes, laat de accu dan 2 uur aan de lader staan.",
                    "Knippert het lampje rood, laat de accu dan 24 uur binnen liggen en probeer het daarna opnieuw.",
                    "Laadt de accu nog steeds niet op, controleer dan de garantie en registreer een garantieclaim met het serienummer van de accu.",
                ],
                language: .nl
            ),
            publishedDaysAgo: 9
        ),
    ]

    /// The center's default script (queue nil) and scripts for some demo queues, by queue name.
    static let scripts: [(queue: String?, script: CallScript)] = [
        // MARK: Default (English)
        (
            queue: nil,
            script: CallScript(
                name: "General call script",
                steps: [
                    CallScript.Step(
                        kind: .greeting,
                        title: "Greeting",
                        guidance: "Greet the caller with your first name and check that you are speaking with the customer shown. "
                            + "If not, ask for their name and look them up.",
                        answers: [
                            "Good morning, you are speaking with {{agent.firstName}}. Am I speaking with {{customer.firstName}} {{customer.lastName}}?",
                            "Good afternoon, thank you for calling {{queue.name}}, you are speaking with {{agent.firstName}}. How can I help you?",
                            "Thank you for waiting. May I ask who I am speaking with?",
                        ]
                    ),
                    CallScript.Step(
                        kind: .identityCheck,
                        title: "Identity check",
                        guidance: "Before discussing the account, ask the caller to confirm their postal code and e-mail address. "
                            + "Let the caller say them and compare with {{customer.postalCode}} and {{customer.email}}; never read them out.",
                        answers: [
                            "Before we continue, could you please confirm your postal code and the e-mail address we have on file?",
                            "Thank you, {{customer.firstName}}, that matches our records.",
                            "I'm sorry, those details don't match our records, so I can't discuss the account. "
                                + "I can send information to the e-mail address on file instead.",
                        ]
                    ),
                    CallScript.Step(
                        kind: .request,
                        title: "The customer's request",
                        guidance: "Let the customer explain, then answer from their records. "
                            + "Search the knowledge base for policies and troubleshooting.",
                        answers: [
                            "Your invoice {{invoice.number}} has {{invoice.openAmount}} open, due on {{invoice.dueOn}}.",
                            "Your order {{order.number}} is with {{shipment.carrier}}: {{shipment.state}}, "
                                + "tracking number {{shipment.trackingNumber}}.",
                            "Your {{warranty.product}} is under warranty until {{warranty.endsOn}}.",
                            "In total you still have {{balance}} open with us.",
                        ]
                    ),
                    CallScript.Step(
                        kind: .deescalation,
                        title: "De-escalation",
                        guidance: "If the caller is upset, stay calm, acknowledge the feeling and the problem, and say what you will do next. "
                            + "Transfer to Escalaties when the customer asks for a manager.",
                        answers: [
                            "I understand this is frustrating, {{customer.firstName}}, and I'm sorry it happened.",
                            "Let me make sure I have this right, and then I'll tell you exactly what I can do.",
                            "I'll log this as a complaint so it is followed up; you will get a written reply within 5 working days.",
                        ]
                    ),
                    CallScript.Step(
                        kind: .closing,
                        title: "Closing",
                        guidance: "Summarise what was agreed, check whether there is anything else, and thank the customer.",
                        answers: [
                            "To summarise: I've arranged this for you and you'll receive a confirmation at {{customer.email}}.",
                            "Is there anything else I can help you with today?",
                            "Thank you for calling, {{customer.firstName}}. Have a nice day!",
                        ]
                    ),
                ]
            )
        ),

        // MARK: Klantenservice NL (Dutch)
        (
            queue: "Klantenservice NL",
            script: CallScript(
                name: "Gespreksscript Klantenservice", language: .nl,
                steps: [
                    CallScript.Step(
                        kind: .greeting,
                        title: "Begroeting",
                        guidance: "Begroet de beller met je voornaam en controleer of je de getoonde klant spreekt. "
                            + "Zo niet, vraag naar de naam en zoek de klant op.",
                        answers: [
                            "Goedemorgen, u spreekt met {{agent.firstName}}. Spreek ik met {{customer.firstName}} {{customer.lastName}}?",
                            "Goedemiddag, welkom bij {{queue.name}}, u spreekt met {{agent.firstName}}. Waarmee kan ik u helpen?",
                            "Dank u wel voor het wachten. Mag ik vragen met wie ik spreek?",
                        ]
                    ),
                    CallScript.Step(
                        kind: .identityCheck,
                        title: "Identiteitscontrole",
                        guidance: "Vraag de beller om postcode en e-mailadres te bevestigen voordat je iets over het account zegt. "
                            + "Laat de beller ze noemen en vergelijk met {{customer.postalCode}} en {{customer.email}}; lees ze nooit voor.",
                        answers: [
                            "Voordat we verdergaan: wilt u uw postcode en het e-mailadres dat bij ons bekend is bevestigen?",
                            "Dank u wel, {{customer.firstName}}, dat klopt met onze gegevens.",
                            "Het spijt me, deze gegevens komen niet overeen, dus ik kan het account niet met u bespreken. "
                                + "Ik kan wel informatie sturen naar het bekende e-mailadres.",
                        ]
                    ),
                    CallScript.Step(
                        kind: .request,
                        title: "De vraag van de klant",
                        guidance: "Laat de klant uitpraten en beantwoord de vraag vanuit de gegevens. "
                            + "Zoek in de kennisbank naar beleid en storingsartikelen.",
                        answers: [
                            "Op uw factuur {{invoice.number}} staat nog {{invoice.openAmount}} open, te betalen voor {{invoice.dueOn}}.",
                            "Uw bestelling {{order.number}} is bij {{shipment.carrier}}: {{shipment.state}}, "
                                + "met trackingnummer {{shipment.trackingNumber}}.",
                            "Op uw {{warranty.product}} zit garantie tot {{warranty.endsOn}}.",
                            "In totaal staat er nog {{balance}} open.",
                        ]
                    ),
                    CallScript.Step(
                        kind: .deescalation,
                        title: "De-escalatie",
                        guidance: "Is de beller boos, blijf dan rustig, erken het gevoel en het probleem en zeg wat je gaat doen. "
                            + "Verbind door naar Escalaties als de klant om een leidinggevende vraagt.",
                        answers: [
                            "Ik begrijp dat dit vervelend is, {{customer.firstName}}, en het spijt me dat het zo gelopen is.",
                            "Ik wil zeker weten dat ik het goed begrijp; daarna vertel ik u precies wat ik kan doen.",
                            "Ik leg dit vast als klacht, zodat het wordt opgevolgd; u krijgt binnen 5 werkdagen een schriftelijke reactie.",
                        ]
                    ),
                    CallScript.Step(
                        kind: .closing,
                        title: "Afsluiting",
                        guidance: "Vat samen wat is afgesproken, vraag of er nog iets is en bedank de klant.",
                        answers: [
                            "Samengevat: ik heb dit voor u geregeld en u ontvangt een bevestiging op {{customer.email}}.",
                            "Kan ik u verder nog ergens mee helpen?",
                            "Bedankt voor uw telefoontje, {{customer.firstName}}. Nog een fijne dag!",
                        ]
                    ),
                ]
            )
        ),

        // MARK: Billing (English)
        (
            queue: "Billing",
            script: CallScript(
                name: "Billing call script",
                steps: [
                    CallScript.Step(
                        kind: .greeting,
                        title: "Greeting",
                        guidance: "Greet the caller and check that you are speaking with the customer shown.",
                        answers: [
                            "Good morning, you are speaking with {{agent.firstName}} from Billing. Am I speaking with {{customer.name}}?",
                            "Thank you for calling Billing, this is {{agent.firstName}}. How can I help you?",
                        ]
                    ),
                    CallScript.Step(
                        kind: .identityCheck,
                        title: "Identity check",
                        guidance: "Ask the caller to confirm their postal code and e-mail address before discussing any amount. "
                            + "Compare with {{customer.postalCode}} and {{customer.email}}. Never take bank details by phone.",
                        answers: [
                            "Before I look at your invoices, could you confirm your postal code and the e-mail address we have on file?",
                            "Thank you, that matches our records.",
                            "I'm sorry, I can't discuss the account without a successful check. I can e-mail your invoices to the address on file.",
                        ]
                    ),
                    CallScript.Step(
                        kind: .request,
                        title: "Balance, payments and payment plan",
                        guidance: "Explain the balance and the oldest open invoice, check the last payment, and offer a payment plan "
                            + "(up to 3 instalments yourself) when an invoice of 100 euros or more is overdue. "
                            + "Set the invoice to disputed when the customer disagrees with it.",
                        answers: [
                            "In total you have {{balance}} open. The oldest invoice is {{invoice.number}}, "
                                + "with {{invoice.openAmount}} open, due on {{invoice.dueOn}}; its status is {{invoice.status}}.",
                            "We last received {{payment.lastAmount}} from you on {{payment.lastDate}}.",
                            "I can split the open amount into up to 3 monthly instalments without interest; "
                                + "the first is due within 7 days and reminders stop while the plan runs.",
                            "I've marked invoice {{invoice.number}} as disputed. No reminders will be sent, "
                                + "and Billing will reply by e-mail within 10 working days.",
                        ]
                    ),
                    CallScript.Step(
                        kind: .deescalation,
                        title: "De-escalation",
                        guidance: "Money worries are stressful. Stay factual and kind, never threaten with collection, and focus on what is possible.",
                        answers: [
                            "I understand this is a worry, and we'll find an arrangement that works for you.",
                            "Let's look at what you can manage each month, and I'll see what I can offer.",
                        ]
                    ),
                    CallScript.Step(
                        kind: .closing,
                        title: "Closing",
                        guidance: "Confirm the agreed amounts and dates and tell the customer what they will receive by e-mail.",
                        answers: [
                            "You'll receive the confirmation of what we agreed at {{customer.email}} within the hour.",
                            "Is there anything else about your invoices I can help with?",
                            "Thank you for calling, {{customer.firstName}}. Have a good day.",
                        ]
                    ),
                ]
            )
        ),

        // MARK: Technical Support (English)
        (
            queue: "Technical Support",
            script: CallScript(
                name: "Technical Support call script",
                steps: [
                    CallScript.Step(
                        kind: .greeting,
                        title: "Greeting",
                        guidance: "Greet the caller and check that you are speaking with the customer shown.",
                        answers: [
                            "Good morning, you are speaking with {{agent.firstName}} from Technical Support. "
                                + "Am I speaking with {{customer.firstName}} {{customer.lastName}}?",
                            "Thank you for calling Technical Support, this is {{agent.firstName}}. Which product are you calling about?",
                        ]
                    ),
                    CallScript.Step(
                        kind: .identityCheck,
                        title: "Identity check",
                        guidance: "Ask the caller to confirm their postal code and e-mail address before registering a repair or claim. "
                            + "Compare with {{customer.postalCode}} and {{customer.email}}.",
                        answers: [
                            "Could you confirm your postal code and the e-mail address we have on file?",
                            "Thank you, that matches our records.",
                        ]
                    ),
                    CallScript.Step(
                        kind: .request,
                        title: "The problem and the warranty",
                        guidance: "Ask which product it is, what happens and since when, and whether it was dropped or got wet. "
                            + "Check the warranty before promising a free repair.",
                        answers: [
                            "Could you tell me what happens exactly, and since when?",
                            "Your {{warranty.product}} is under warranty until {{warranty.endsOn}}, so a repair is free of charge.",
                            "Has the product been dropped or been in contact with water? I need to ask, because that affects the warranty.",
                        ]
                    ),
                    CallScript.Step(
                        kind: .other,
                        title: "Troubleshooting",
                        guidance: "Search the knowledge base for the product's troubleshooting article and walk through its steps one at a time. "
                            + "If the steps do not solve it, register a warranty claim or a repair with the serial number.",
                        answers: [
                            "Let's try a few steps together; it usually takes about ten minutes. Do you have the product with you?",
                            "That didn't solve it, so I'll register a repair. Could you read me the serial number on the product?",
                            "You'll receive a free shipping label at {{customer.email}}; repairs take up to 15 working days.",
                        ]
                    ),
                    CallScript.Step(
                        kind: .deescalation,
                        title: "De-escalation",
                        guidance: "A broken product is annoying, especially a repeat fault. Acknowledge it and be clear about the next step and timing.",
                        answers: [
                            "I understand it's annoying to be without your {{warranty.product}}, and I'll make sure this is handled quickly.",
                            "Since this fault has come back, I'll note that a replacement should be considered instead of another repair.",
                        ]
                    ),
                    CallScript.Step(
                        kind: .closing,
                        title: "Closing",
                        guidance: "Summarise what was tried and what happens next.",
                        answers: [
                            "To summarise: we tried the troubleshooting steps, and I've registered the repair; the details are on their way to {{customer.email}}.",
                            "Is there anything else I can help you with?",
                            "Thank you for calling, {{customer.firstName}}. Goodbye.",
                        ]
                    ),
                ]
            )
        ),

        // MARK: Escalaties (Dutch)
        (
            queue: "Escalaties",
            script: CallScript(
                name: "Gespreksscript Escalaties", language: .nl,
                steps: [
                    CallScript.Step(
                        kind: .greeting,
                        title: "Begroeting",
                        guidance: "De beller is doorverbonden en vaak al gefrustreerd. Stel je voor met naam en functie "
                            + "en laat merken dat je de voorgeschiedenis kent.",
                        answers: [
                            "Goedemiddag, u spreekt met {{agent.firstName}}, teamleider. Spreek ik met {{customer.firstName}} {{customer.lastName}}?",
                            "Mijn collega heeft me kort uitgelegd waar het om gaat. Ik neem het vanaf hier van u over.",
                        ]
                    ),
                    CallScript.Step(
                        kind: .identityCheck,
                        title: "Identiteitscontrole",
                        guidance: "Ook na doorverbinden is de controle verplicht, tenzij je collega die in dit gesprek al heeft gedaan. "
                            + "Vergelijk met {{customer.postalCode}} en {{customer.email}}.",
                        answers: [
                            "Excuses dat ik het opnieuw vraag: wilt u uw postcode en e-mailadres nog even bevestigen?",
                            "Dank u wel, dat klopt.",
                        ]
                    ),
                    CallScript.Step(
                        kind: .deescalation,
                        title: "Luisteren en erkennen",
                        guidance: "Laat de klant het hele verhaal vertellen zonder te onderbreken. Erken het gevoel, bied excuses aan "
                            + "waar wij iets fout hebben gedaan en vat samen voordat je een oplossing noemt. Verdedig het bedrijf niet.",
                        answers: [
                            "Ik hoor hoe vervelend dit voor u is, en ik begrijp dat u het gevoel heeft dat niemand naar u luistert.",
                            "Het spijt me oprecht; dit had niet zo mogen gaan.",
                            "Mag ik samenvatten wat ik gehoord heb, zodat ik zeker weet dat ik niets mis?",
                        ]
                    ),
                    CallScript.Step(
                        kind: .request,
                        title: "Oplossing aanbieden",
                        guidance: "Bied een concrete oplossing aan binnen het beleid; als teamleider mag je terugbetalingen boven 500 euro "
                            + "en een tegemoetkoming goedkeuren. Beloof niets wat je niet zelf kunt waarmaken.",
                        answers: [
                            "Uw bestelling {{order.number}} is bij {{shipment.carrier}}: {{shipment.state}}. "
                                + "Ik start vandaag nog een onderzoek en bel u uiterlijk vrijdag terug.",
                            "Ik zet factuur {{invoice.number}} op betwist; u krijgt geen herinneringen zolang wij dit uitzoeken.",
                            "Als tegemoetkoming bied ik u een volledige terugbetaling aan, of een vervangend product; u mag kiezen.",
                        ]
                    ),
                    CallScript.Step(
                        kind: .closing,
                        title: "Afsluiting",
                        guidance: "Bevestig de afspraak, noem een vaste terugbeldatum en leg de klacht en de uitkomst vast op de klantkaart.",
                        answers: [
                            "Ik bevestig deze afspraak per e-mail op {{customer.email}} en ik blijf zelf uw aanspreekpunt.",
                            "Is er verder nog iets wat ik voor u kan doen?",
                            "Dank u wel voor uw geduld, {{customer.firstName}}. Nog een fijne dag.",
                        ]
                    ),
                ]
            )
        ),
    ]
}
