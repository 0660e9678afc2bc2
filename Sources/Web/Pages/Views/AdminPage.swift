/// The administrator's page (`admin.mustache`): a form to add and a table of each kind of
/// record — users, teams, skills, queues, agents, not-ready reasons.
struct AdminPage: PageView {
    let page: PageFrame
    let notice: String?
    let error: String?
    let roles: [PageOption]
    let leaders: [PageOption]
    let skillNames: [PageOption]
    /// Users who may become agents and are not yet.
    let candidates: [PageOption]
    let teamChoices: [PageOption]
    let users: PageTable
    let teams: PageTable
    let skills: PageTable
    let queues: PageTable
    let agents: PageTable
    let reasons: PageTable
}
