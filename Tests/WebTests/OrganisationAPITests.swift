import Foundation
import Hummingbird
import HummingbirdTesting
import Organisation
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@testable import Web

@Suite("Managing the organisation through the API")
struct OrganisationAPITests {
    @Test("the demo organisation: 3 teams of 13 with a leader each, every staff role, six queues", arguments: TestDatabase.available)
    func demo(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let token = try await app.signIn("supervisor")
            let teams = try #require(try Harness.json(try await app.call(.get, "/api/v1/teams", token: token)).arrayValue)
            #expect(teams.count == 3)
            for team in teams {
                #expect(team["agentCount"]?.intValue == 13)
                #expect(team["leaderId"]?.intValue != nil)
                #expect(team["warnings"] == [])
            }
            let users = try #require(try Harness.json(try await app.call(.get, "/api/v1/users", token: token)).arrayValue)
            #expect(users.count == 5 + 3 + 39)
            let usernames = Set(users.compactMap { $0["username"]?.stringValue })
            #expect(usernames.isSuperset(of: ["admin", "supervisor", "qa", "planner", "recruiter", "teamlead1", "teamlead3", "agent01", "agent39"]))
            let queues = try #require(try Harness.json(try await app.call(.get, "/api/v1/queues", token: token)).arrayValue)
            #expect(Set(queues.compactMap { $0["name"]?.stringValue }) == [
                "Klantenservice NL", "Customer Service EN", "Billing", "Technical Support", "Member Services", "Sales", "Escalaties",
            ])
            // Every queue can be served by enough agents at its minimum proficiency.
            let agents = try await app.service.agents(by: .console)
            for queue in try await app.service.queues(by: .console) {
                let able = agents.filter { agent in
                    queue.settings.requiredSkills.allSatisfy { need in agent.skills.contains { $0.skill == need.skill && $0.proficiency >= need.minimumProficiency } }
                }
                // Escalations go to the three team leaders and the supervisor; every other queue has a crowd.
                #expect(able.count >= (queue.settings.escalation ? 4 : 5), "\(queue.name) has only \(able.count) agents")
            }
        }
    }

    @Test("an administrator builds a team end to end: user, leader, skill, agent, queue — each change audited", arguments: TestDatabase.available)
    func endToEnd(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let admin = try await app.signIn("admin")
            let leader = try Harness.json(try await app.call(.post, "/api/v1/users", token: admin, json: """
                {"username":"jvdberg","displayName":"Joost van den Berg","language":"nl","roles":["teamLeader","agent"],"password":"correct horse"}
                """))
            let leaderId = try #require(leader["id"]?.intValue)
            #expect(leader["roles"] == ["agent", "teamLeader"])
            let team = try await app.call(.post, "/api/v1/teams", token: admin, json: #"{"name":"Team Rijn","leaderId":\#(leaderId)}"#)
            #expect(team.status == .created)
            let teamBody = try Harness.json(team)
            let teamId = try #require(teamBody["id"]?.intValue)
            #expect(teamBody["warnings"]?.arrayValue?.count == 1, "an empty team is below the span of control")
            let skill = try await app.call(.post, "/api/v1/skills", token: admin, json: #"{"name":"lang:fr","description":"French"}"#)
            #expect(skill.status == .created)
            #expect(try Harness.json(skill)["kind"]?.stringValue == "language")
            let agent = try await app.call(.post, "/api/v1/agents", token: admin, json: """
                {"userId":\(leaderId),"teamId":\(teamId),"skills":[{"skill":"lang:fr","proficiency":4},{"skill":"billing","proficiency":2}]}
                """)
            #expect(agent.status == .created, "\(String(buffer: agent.body))")
            let agentId = try #require(try Harness.json(agent)["id"]?.intValue)
            let queue = try await app.call(.post, "/api/v1/queues", token: admin, json: """
                {"name":"Service Client FR","extension":"806","priority":6,"serviceLevel":{"percent":85,"seconds":25},"maxWaitingCalls":20,
                 "wrapUpSeconds":40,"requiredSkills":[{"skill":"lang:fr","minimumProficiency":3}],
                 "hours":{"timeZone":"Europe/Paris","weekly":{"mon":["09:00-12:30","13:30-18:00"],"tue":["09:00-18:00"]},
                          "holidays":[{"date":"2026-07-14","name":"Fête nationale"}]}}
                """)
            #expect(queue.status == .created, "\(String(buffer: queue.body))")
            let queueBody = try Harness.json(queue)
            let queueId = try #require(queueBody["id"]?.intValue)
            #expect(queueBody["hours"]?["weekly"]?["mon"] == ["09:00-12:30", "13:30-18:00"])
            #expect(queueBody["extension"]?.stringValue == "806")

            // Changes: PATCH keeps what it does not mention.
            let patched = try Harness.json(try await app.call(.patch, "/api/v1/queues/\(queueId)", token: admin, json: #"{"serviceLevel":{"percent":90,"seconds":20}}"#))
            #expect(patched["serviceLevel"] == ["percent": 90, "seconds": 20])
            #expect(patched["priority"]?.intValue == 6)
            let moved = try Harness.json(try await app.call(.patch, "/api/v1/agents/\(agentId)", token: admin, json: #"{"teamId":null}"#))
            #expect(moved["teamId"] == .null)
            #expect(moved["skills"]?.arrayValue?.count == 2)
            let noLeader = try Harness.json(try await app.call(.patch, "/api/v1/teams/\(teamId)", token: admin, json: #"{"leaderId":null}"#))
            #expect(noLeader["leaderId"] == .null)
            #expect(noLeader["warnings"]?.arrayValue?.count == 2)

            // The audit log has who, what and before/after.
            let audit = try #require(try Harness.json(try await app.call(.get, "/api/v1/audit?entity=queue", token: admin)).arrayValue)
            #expect(audit.map { $0["action"]?.stringValue } == ["queue.update", "queue.create"])
            #expect(audit.first?["actorUsername"]?.stringValue == "admin")
            #expect(audit.first?["before"]?["serviceLevel"] == ["percent": 85, "seconds": 25])
            #expect(audit.first?["after"]?["serviceLevel"] == ["percent": 90, "seconds": 20])
            #expect(audit.last?["before"] == .null)

            // Deleting: the skill is in use until the queue and agent are gone.
            let skillId = try #require(try Harness.json(skill)["id"]?.intValue)
            #expect(try await app.call(.delete, "/api/v1/skills/\(skillId)", token: admin).status == .conflict)
            #expect(try await app.call(.delete, "/api/v1/queues/\(queueId)", token: admin).status == .noContent)
            #expect(try await app.call(.delete, "/api/v1/agents/\(agentId)", token: admin).status == .noContent)
            #expect(try await app.call(.delete, "/api/v1/skills/\(skillId)", token: admin).status == .noContent)
            #expect(try await app.call(.delete, "/api/v1/teams/\(teamId)", token: admin).status == .noContent)
            #expect(try await app.call(.delete, "/api/v1/users/\(leaderId)", token: admin).status == .noContent)
            #expect(try await app.call(.get, "/api/v1/users/\(leaderId)", token: admin).status == .notFound)
        }
    }

    @Test("a team leader leads one team; agents list by team")
    func oneTeamPerLeader() async throws {
        try await Harness.run { (app: Harness) async throws in
            let admin = try await app.signIn("admin")
            let leaderId = try await app.id(of: "teamlead1")
            let second = try await app.call(.post, "/api/v1/teams", token: admin, json: #"{"name":"Team Rijn","leaderId":\#(leaderId)}"#)
            #expect(second.status == .conflict)
            #expect(try Harness.error(second).field == "leaderId")
            let teams = try await app.service.teams(by: .console)
            let amstel = try #require(teams.first { $0.name == "Team Amstel" })
            let listed = try #require(try Harness.json(try await app.call(.get, "/api/v1/agents?teamId=\(amstel.id)", token: admin)).arrayValue)
            #expect(listed.count == 13)
            #expect(try await app.call(.get, "/api/v1/agents?teamId=abc", token: admin).status == .unprocessableContent)
        }
    }

    @Test("people with history are deactivated, not deleted; nobody deletes or deactivates themselves")
    func deletionRules() async throws {
        try await Harness.run { (app: Harness) async throws in
            let admin = try await app.signIn("admin")
            let agentId = try await app.id(of: "agent07")
            let refused = try await app.call(.delete, "/api/v1/users/\(agentId)", token: admin)
            #expect(refused.status == .conflict)
            #expect(try Harness.error(refused).message?.contains("deactivate") == true)
            let adminId = try await app.id(of: "admin")
            #expect(try await app.call(.delete, "/api/v1/users/\(adminId)", token: admin).status == .conflict)
            let selfDeactivate = try await app.call(.patch, "/api/v1/users/\(adminId)", token: admin, json: #"{"active":false}"#)
            #expect(selfDeactivate.status == .unprocessableContent)
        }
    }
}
