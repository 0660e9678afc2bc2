import ArgumentParser
import Foundation
import Organisation
import Storage
import SwitchboardCore

/// `switchboard import customers FILE.csv`: customers from another system.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import records from CSV files.", subcommands: [Customers.self])

    struct Customers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import customers from CSV; rows that fail a check are listed with the reason and left out, the rest stored together.",
            discussion: """
                The header names the columns: firstName, lastName, phone (several separated by ';'), email, street, postalCode,
                city, country (NL, GB, …), language (nl, en), segment, consentMarketing, consentRecording (yes/no).
                Exit status: 0 when every row was imported, 3 when some rows were refused (the others are imported), 1 on an error
                (nothing imported).
                """)

        @Argument(help: "The CSV file (UTF-8).") var file: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await Console.run {
                let text: String
                do {
                    text = try String(contentsOfFile: file, encoding: .utf8)
                } catch {
                    throw SwitchboardError.invalid("file", "Cannot read \(file) as UTF-8 text: \(error.localizedDescription)")
                }
                let logger = Console.bootstrapLogging()
                let db = try await Console.open(try database.url(), logger: logger)
                let report: CustomerImportReport
                do {
                    report = try await Organisation.Customers(OrganisationService(database: db)).importCustomers(csv: text, by: .console)
                } catch {
                    await db.close()
                    throw error
                }
                await db.close()
                print("Imported \(report.imported) customers\(report.rejected.isEmpty ? "." : "; refused \(report.rejected.count) rows:")")
                for rejection in report.rejected {
                    print("  line \(rejection.line)\(rejection.field.map { " (\($0))" } ?? ""): \(rejection.message)")
                }
                if !report.duplicates.isEmpty {
                    print("Skipped \(report.duplicates.count) rows for customers already on record:")
                    for duplicate in report.duplicates {
                        print("  line \(duplicate.line) (\(duplicate.field ?? "")): \(duplicate.message)")
                    }
                }
                if !report.rejected.isEmpty { throw ExitCode(3) }
            }
        }
    }
}
