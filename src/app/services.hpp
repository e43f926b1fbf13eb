// Use cases of xinfang. Each public method is one transaction: it loads, decides with the domain, saves, and
// writes the timeline event and the audit record together. Authorization (role + data scope + Art. 30) is
// checked here, so every entry point — HTTP, CLI, scheduler — gets the same rules.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "base/clock.hpp"
#include "crypto/crypto.hpp"
#include "crypto/field_cipher.hpp"
#include "domain/category.hpp"
#include "domain/ports.hpp"
#include "domain/repeat.hpp"
#include "domain/report.hpp"
#include "domain/search.hpp"
#include "domain/workflow.hpp"

namespace xf::tabular {
struct Table;
}

namespace xf::app {

// "ABCD-EFGH-JKLM" from 12 random characters: the 查询码 as printed for the petitioner.
std::string FormatQueryCode(const std::string& raw);

// Who is asking, and from where (for the audit trail).
struct Principal {
    User user;
    Org org;
};
struct RequestMeta {
    std::string request_id;
    std::string remote_addr;
    // A solved proof-of-work challenge sent with a public request (docs/portal.md): the token NewChallenge() gave
    // and the nonce found. Empty when none was sent.
    std::string challenge_token, challenge_nonce;
};

struct AttachmentLimits {
    int64_t max_file_bytes = 20ll << 20;   // per file
    int64_t max_case_bytes = 100ll << 20;  // all live attachments of a case
    int max_portal_files = 10;             // a petitioner's uploads per case
};

struct AppOptions {
    DeadlinePolicy policy;
    std::chrono::seconds session_ttl{8 * 3600};
    crypto::PasswordParams password_params;
    std::string portal_org_code;  // the org that receives online submissions; default: the top petition office
    std::string instance_id = "xinfang";  // this app server ("host:pid"): who holds a job claim
    bool notify_petitioners = true;  // enqueue SMS / e-mail notices (the demo's replayed history sends none)
    bool email_enabled = true;       // false with [notify] email = "none": no e-mail notices are enqueued
    bool defer_document_rendering = false;  // render a step's PDF at its first download (the demo's history)
    AttachmentLimits attachments;
    // Audit records older than this many days are removed once a day (0: kept for ever). At least 180
    // (网络安全法 第二十一条: 网络日志留存不少于六个月); config [audit] retention_days.
    int audit_retention_days = 0;
    // Deadline reminders (job deadline_reminders): a running duty clock due within this many days, today included,
    // gets one internal 到期提醒 step on its case, for the office that holds it (0: no reminders). [jobs]
    int remind_days_before = 3;
    // The rollup consistency check (job stats_sample_check) recounts whole orgs (each with its subtree) until it has
    // recounted this many cases in one run, taking the next orgs on the next run. [jobs]
    int64_t stats_sample_cases = 20000;
};

// A scheduled job as the console shows it (系统管理 → 定时任务): what the catalog says and what the jobs table
// knows of its last run (nullopt: it has never run on this database).
struct JobView {
    std::string name;
    std::string title;  // 中文
    std::chrono::seconds period{};
    bool enabled = true;
    std::optional<JobStatus> status;
};

// One run of the rollup consistency check: which orgs were recounted and what differed.
struct StatsSampleCheck {
    std::vector<std::string> org_codes;      // recounted
    std::vector<std::string> skipped_codes;  // subtree larger than options.stats_sample_cases: left to stats verify
    int64_t cases = 0, cells = 0, mismatches = 0;
    std::vector<std::string> examples;  // the first few differences
};

// `xinfang audit verify`: every chain checked record by record (domain/audit.hpp).
struct AuditCheck {
    int64_t records = 0;    // chained records checked
    int64_t unchained = 0;  // written before the chain existed: not covered
    int64_t orphaned = 0;   // in no known chain
    std::vector<AuditChainHead> heads;
    std::vector<std::string> problems;  // the first few, in Chinese
    int64_t problem_count = 0;
    bool ok() const { return problem_count == 0 && orphaned == 0; }
};

struct PetitionerInput {
    std::string name, id_number, phone, address;
    bool representative = false;
    std::string email;  // optional: notices by e-mail (portal)
};

struct IdempotencyKey {
    std::string key;          // 1–128 printable ASCII characters from the client
    std::string fingerprint;  // SHA-256 of the request body
};

struct RegisterCommand {
    std::string channel;
    std::optional<std::string> received_at;  // ISO 8601; default now
    std::optional<std::string> org_code;     // registering org; default the user's own
    std::string purpose = "complaint";
    std::string category_code;
    std::string region_code;
    std::string title;
    std::string content;
    int persons = 1;
    std::vector<PetitionerInput> petitioners;
    std::string accused_name;
    std::optional<std::string> accused_org_code;
    bool involves_litigation = false;
    bool anonymous = false;
    std::optional<std::string> repeat_of_number;
    bool skipped_level = false;
    // 领导接访日: the booking this visit was booked under (staff registration only). The booking's person is taken
    // over when `petitioners` is empty, and the booking is marked registered in the same transaction.
    std::optional<int64_t> booking_id;
    // Idempotency-Key: a retry of this registration (same key, same body) gets the first reply and registers
    // nothing; the same key with a different body is refused (kAlreadyExists, field "Idempotency-Key").
    std::optional<IdempotencyKey> idempotency;
};

struct Registered {
    int64_t id = 0;
    std::string number;
    std::string query_code;
    std::string secret;  // shown once (and again to a retry with the same Idempotency-Key)
    int64_t version = 0;
    bool replayed = false;  // the reply of an earlier request with the same Idempotency-Key
};

struct PetitionerView {
    std::string name;
    std::string id_number;  // masked unless revealed
    std::string phone;
    std::string address;
    bool representative = false;
};

struct ClockView {
    CaseClock clock;
    int remaining_days = 0;  // negative: overdue
    bool overdue = false;
    bool paused = false;
};

struct PetitionView {
    Petition petition;
    std::vector<PetitionerView> petitioners;
    std::vector<ClockView> clocks;
    std::vector<Event> events;
    std::vector<Action> actions;  // what this user may do now
    std::string registered_org_name, current_org_name, accused_org_name, category_path;
    bool revealed = false;
};

struct ListQuery {
    PetitionFilter filter;  // query filters only; scope fields are overwritten
    std::optional<int> due_within_days;
    bool overdue = false;
    bool org_subtree = false;  // filter.current_org_id also matches the orgs under it
};

struct ListItem {
    Petition petition;
    std::string current_org_name;
    std::string first_petitioner;  // name
    std::optional<Date> next_due;
    int remaining_days = 0;
};

struct ListResult {
    std::vector<ListItem> items;
    std::optional<std::pair<Instant, int64_t>> next;
};

// 信访件检索: free text + the list filters, ranked by relevance or newest first (by 登记 order), with counts.
// At most kSearchCap matches are counted, faceted and ranked (the newest ones): see SearchRequest in ports.hpp.
inline constexpr int64_t kSearchCap = 2000;  // docs/performance.md: the cost grows with it
struct SearchQuery {
    std::string text;     // free text (domain/search ParseQuery)
    ListQuery list;       // the list filters; scope fields are overwritten; limit 1..100; filter.after ignored
    bool by_relevance = true;
    std::optional<std::pair<double, int64_t>> after;  // (score, id) cursor of either order
    int64_t cap = kSearchCap;  // the CLI counts every match
};
struct SearchHit {
    ListItem item;
    double score = 0;                             // relevance order only
    std::vector<search::SnippetPart> title;       // the title, occurrences highlighted
    std::vector<search::SnippetPart> snippet;     // the content around the first occurrence
};
struct SearchFacet {
    std::string code, name;  // top-level 内容分类
    int64_t count = 0;
};
struct SearchResult {
    std::vector<SearchHit> items;
    // On the first page only (no cursor): the matches counted (at most kSearchCap; `capped` when there are more),
    // and per top-level category, biggest first.
    std::optional<int64_t> total;
    bool capped = false;
    std::vector<SearchFacet> facets;
    std::optional<std::pair<double, int64_t>> next;
};

// 疑似重复信访: an earlier case a registration may repeat (Art. 19 ¶3), and where it stands.
struct RepeatCandidateView {
    int64_t id = 0;
    std::string number;
    Date received_on{};
    State state = State::kRegistered;
    std::string current_org_name;
    repeat::Reason reason = repeat::Reason::kSimilarText;
    double similarity = 0;
    bool visible = false;  // within the user's data scope: title and link shown; otherwise where it stands only
    std::string title;     // "" when not visible
    std::string advice;    // what the petitioner should be told
};

// Figures for monitoring (/metrics, docs/operations.md), in one snapshot. Not scoped to a user: the metrics
// endpoint is operational data for the people who run the server, never a console view.
struct OperationalFigures {
    Date as_of{};                            // today (China time): overdue means a duty clock due before it
    std::vector<CountRow> overdue_by_level;  // open cases overdue, by the level (OrgLevelName) of the holding org
    OutboxCounts outbox;
    std::vector<JobView> jobs;  // the scheduled jobs and their last runs (JobTable)
};

struct WorkbenchCounts {
    int64_t overdue = 0, due_soon = 0, awaiting_routing = 0, awaiting_acceptance = 0, open_total = 0;
    // 待我审批: for approvers, cases held by their org in handling (replies to sign, extensions to approve).
    int64_t awaiting_my_approval = 0;
};

// A rate always travels with its numerator and denominator (SPEC §5).
struct Rate {
    int64_t numerator = 0;
    int64_t denominator = 0;
};

// The dashboard's figures for a period: counts in 批次/人次 by dimension, and the rates #2's data can give.
struct Summary {
    Date from{}, to{};
    int64_t batches = 0, persons = 0;
    std::vector<CountRow> by_channel, by_purpose, by_state, by_category, by_region, by_month, by_form, by_rating;
    Rate concluded;     // 办结率 (docs/statistics.md)
    Rate satisfaction;  // 满意率
    Rate rated;         // 参评率
};

// A statistics report's question: an org subtree (by org code; empty = the asker's own org), a period, and
// optional filters (which make the engine read the cases' entries instead of the rollups).
struct ReportQuery {
    std::string org_code;
    Date from{}, to{};
    int category_level = 1;
    std::optional<Channel> channel;
    std::optional<std::string> category_prefix;
    std::optional<std::string> region_prefix;
};

// `xinfang stats verify`: the stored rollups against a recount of every case (they must be equal).
struct StatsCheck {
    int64_t cases = 0;
    int64_t day_cells = 0, month_cells = 0;
    int64_t mismatches = 0;
    std::vector<std::string> examples;  // the first few differences
};

struct ReportResult {
    Org org;
    Date as_of{};  // today: what is overdue is judged on this day
    Figures current, previous;
    std::string text;  // SummaryText
    bool filtered = false;
    // Where the figures were read: "primary", or "replica" (--db-replica) with how far it lagged behind.
    std::string data_source = "primary";
    std::optional<double> replica_lag_seconds;
    std::map<std::string, std::string> category_names;  // code → name, for every code in the figures
    std::map<std::string, std::string> region_names;    // code → name (regions table, then org names)
};

// One issue-level alert: a category or region whose 批次 in the last 30 days is at least 5 and at least twice its
// average over the six 30-day windows before (docs/statistics.md).
struct TrendWindow {
    Date from{}, to{};
    int64_t batches = 0;
};
struct TrendAlert {
    std::string dimension;  // "category" | "region"
    std::string code, name;
    int64_t current = 0;
    double baseline = 0;                  // average of the six windows before
    std::optional<int64_t> change_tenths; // percent change against the baseline, nullopt when it is 0
    std::vector<TrendWindow> windows;     // oldest first; the last is the current one
};
struct TrendAlerts {
    Org org;
    Date as_of{};
    std::string rule;  // the rule in Chinese, for the dashboard
    std::vector<TrendAlert> alerts;
};

// `xinfang petition import`: historical ledgers (one row = one registration).
struct ImportOptions {
    bool skip_invalid = false;  // import the valid rows and report the rest (default: all or nothing)
    bool dry_run = false;       // check every row, write nothing
    std::string source_name;    // the file's name, for the audit record
    // Valid rows written per transaction (each with its audit record). The file is checked in full before the
    // first is written; a re-run after an interruption skips the rows already written (信访件编号 is the key).
    int batch_rows = 10000;
    // Called every 1,000 rows and at the end of each phase ("检查" every row, then "写入" the valid ones), for the
    // CLI's progress display. May be called on the database's writer thread.
    std::function<void(std::string_view phase, int64_t done, int64_t total)> progress;
};
struct ImportReject {
    int line = 0;
    std::string column;  // the header as written in the file
    std::string reason;
};
struct ImportReport {
    int64_t rows = 0, imported = 0, unchanged = 0;  // unchanged: 信访件编号 already present (re-import)
    std::vector<ImportReject> rejects;
    std::string encoding;
};

struct OrgPatch {
    std::optional<std::string> name, level, kind, region_code;
};

struct UserCommand {
    std::string login, display_name, org_code, password;
    RoleSet roles;
    DataScope scope = DataScope::kOrg;
};

struct UserPatch {
    std::optional<std::string> display_name, org_code, password;
    std::optional<RoleSet> roles;
    std::optional<DataScope> scope;
    std::optional<bool> active;
};

struct LoginResult {
    std::string token;  // the session cookie value
    std::string csrf_token;
    User user;
    Org org;
};

// The public, redacted view a petitioner gets with 查询码 + secret (Art. 21).
struct PublicStep {
    Instant at{};
    int64_t event_id = 0;  // events are numbered in commit order: the tie-break within a second
    std::string number;  // which case of the chain
    std::string action;
    std::string text;
};
// A document the petitioner may download (告知书, 意见书: never the letters between offices).
struct PublicDocument {
    int64_t id = 0;
    std::string kind_label;
    std::string doc_number;
    std::string case_number;
    Instant created_at{};
};
struct PublicAttachment {
    int64_t id = 0;
    std::string file_name;
    int64_t size = 0;
    Instant uploaded_at{};
};

struct PublicView {
    std::string number;
    std::string state;  // StateName of where the matter stands
    std::string state_label;
    std::string current_org_name;
    Instant received_at{};
    std::string title;
    std::optional<Date> reply_due;
    int remaining_days = 0;
    std::optional<Decision> decision;
    std::optional<Rating> rating;
    std::optional<Date> rating_until;
    std::optional<Date> review_until;
    std::string review_kind_label;  // 复查 / 复核 (what a review request would be)
    std::vector<PublicStep> steps;
    std::vector<PublicDocument> documents;      // the latest revision of each, over the whole chain
    std::vector<PublicAttachment> attachments;  // what the petitioner uploaded on the portal
    // Sent instead of the secret for the next 30 minutes (rate, review): the page need not keep the secret.
    std::string access_token;
    Instant access_expires_at{};
};

// ---- official documents and attachments (docs/documents.md) ----
// The outside services documents and attachments use; main wires them. Without a renderer (unit tests) or with
// AppOptions::defer_document_rendering (the demo's replayed history), a step still records its document — text,
// 文号, template version — and the PDF is rendered at the first download.
struct FilePorts {
    ContentStore* content = nullptr;
    DocumentRenderer* renderer = nullptr;
    FileInspector* inspector = nullptr;
};

struct DocumentView {
    CaseDocument doc;
    std::string org_name;
    std::string created_by_name;
    bool latest = false;  // the newest revision of its kind on the case
};

struct AttachmentView {
    Attachment attachment;
    std::string uploaded_by_name;  // "信访人（网上）" for portal uploads
    std::string deleted_by_name;
};

struct FileDownload {
    std::string bytes;
    std::string media_type;
    std::string file_name;
};

struct UploadFile {
    std::string file_name;
    std::string_view bytes;
};

struct TemplateCommand {
    std::string title, addressee, body, number_format, note;
    std::optional<int> expected_version;  // the version the editor started from (If-Match)
};

// ---- citizen portal (docs/portal.md) ----
// How a petitioner proves a case is theirs: the secret shown at submission, a one-time code sent to the
// registered phone, or the access token a look-up returned. Exactly one is used (secret, then otp, then token).
struct PortalCredential {
    std::string secret, otp, access_token;
};

struct PortalSubmission {
    RegisterCommand cmd;  // channel, org, repeat and accused fields are ignored
    bool consent = false;  // the 个人信息保护法 notice was shown and accepted
};

struct PortalReceipt {
    Registered registered;
    Instant received_at{};
    std::string org_name;
    std::optional<Date> route_due;
};

struct PortalReference {
    std::string org_name;  // where online petitions go
    std::vector<Category> categories;
    std::vector<Region> regions;
    int rating_days = 0, review_days = 30;
};

// A proof-of-work puzzle (docs/portal.md): find a nonce with SHA-256(token ":" nonce) starting with `bits` zero
// bits. Asked for after repeated failures or many submissions from one address.
struct PortalChallenge {
    std::string token;
    int bits = 0;
};

// ---- 领导接访日 / 预约接访 ----
struct ReceptionDayView {
    ReceptionDay day;
    std::string org_code, org_name;
    int booked = 0;    // bookings that hold a place (booked or registered)
    int capacity = 0;  // slots × per_slot
    std::vector<std::pair<int, int>> free_by_slot;  // (slot start minute, places left)
};

struct ReceptionDayCommand {
    std::optional<std::string> org_code;  // default the user's own org
    std::optional<std::string> date, start, end;
    std::optional<int> slot_minutes, per_slot;
    std::optional<std::string> place, leader_name, leader_title, topics;
    std::optional<bool> published, cancelled;
};

struct BookingCommand {
    int64_t day_id = 0;
    std::string slot;  // "09:30"
    std::string name, phone, id_number, region_code, summary;
    bool consent = false;
};

struct BookingView {
    ReceptionBooking booking;
    std::string phone_masked;
    std::string region_name;
    std::string petition_number;  // once registered
};

struct PublicBooking {
    std::string confirmation_code;
    BookingStatus status = BookingStatus::kBooked;
    ReceptionDayView day;
    int slot_minute = 0;
};

struct OrgRow {
    std::string code, parent_code, name, level, kind, region_code;
};

class Services {
public:
    Services(UnitOfWork& store, const Clock& clock, HolidayCalendar calendar, crypto::FieldCipher cipher,
             AppOptions options);

    // Read-only report queries go to `replica` (a hot standby) from now on; nullptr sends them to the primary.
    void UseReportStore(UnitOfWork* replica) { report_store_ = replica; }

    // ---- set-up (CLI and demo) ----
    Result<int> ImportOrgs(const std::vector<OrgRow>& rows);  // in file order; parents first
    Result<int> ImportCategories(const CategoryTable& table);
    Result<User> AddUser(const std::string& login, const std::string& display_name, const std::string& org_code,
                         RoleSet roles, DataScope scope, const std::string& password);
    Status LoadCategories();  // refresh the in-memory table from storage
    Result<int> ImportRegions(const std::vector<Region>& rows);
    // Merges the calendar days stored through the console over the shipped calendar files (call at start).
    Status LoadCalendarOverrides();

    // ---- staff sessions ----
    Result<LoginResult> Login(const std::string& login, const std::string& password, const RequestMeta& meta);
    Result<Principal> Authenticate(const std::string& token);
    Status Logout(const std::string& token);
    // True if `csrf` is the session's token; an error when the session could not be read (never a false refusal).
    Result<bool> CheckCsrf(const std::string& token, const std::string& csrf);
    // The CSRF token of a live session (a new browser tab asks for it); kUnauthenticated if none.
    Result<std::string> SessionCsrf(const std::string& token);

    // ---- reference data ----
    Result<std::vector<Org>> ListOrgs(const Principal& who);
    Result<std::vector<User>> ListUsers(const Principal& who);
    std::shared_ptr<const CategoryTable> Categories() const;
    Result<std::vector<Region>> ListRegions();
    // The effective calendar entries of one year (files merged with console edits).
    std::vector<CalendarEntry> CalendarYear(int year) const;

    // ---- administration (管理员) ----
    Result<Org> CreateOrg(const Principal& who, const OrgRow& row, const RequestMeta& meta);
    Result<Org> UpdateOrg(const Principal& who, int64_t id, const OrgPatch& patch, const RequestMeta& meta);
    Result<User> CreateUser(const Principal& who, const UserCommand& cmd, const RequestMeta& meta);
    Result<User> UpdateUser(const Principal& who, int64_t id, const UserPatch& patch, const RequestMeta& meta);
    Result<int> SaveCategories(const Principal& who, const std::vector<Category>& rows, const RequestMeta& meta);
    // Replaces one year's calendar with `tsv` (the cn-YYYY.tsv format) and recomputes open deadlines.
    Result<int> ImportCalendarYear(const Principal& who, int year, std::string_view tsv, const RequestMeta& meta);

    // ---- dashboard ----
    Result<Summary> Summarize(const Principal& who, Date from, Date to);

    // ---- statistics and reports (SPEC §5; app/reports.cpp) ----
    // Figures for an org subtree over [from, to] and the same period a year earlier, with the draft text.
    Result<ReportResult> Report(const Principal& who, const ReportQuery& q);
    // The same for the operator at the command line (`xinfang report summary`): no data scope applies.
    Result<ReportResult> ReportForOperator(const ReportQuery& q);
    // Issue-level trend alerts (categories and regions, never persons) for an org subtree.
    Result<TrendAlerts> Alerts(const Principal& who, const std::string& org_code);
    // Rebuilds the statistics rollups when the rules version stored differs from the code's; returns cases counted.
    Result<int64_t> RebuildStatsIfRulesChanged();
    // The same, unconditionally (`xinfang stats rebuild`: the repair after a failed consistency check).
    Result<int64_t> RebuildStats(bool even_if_unchanged);
    // Recounts every case's statistics entries and compares them with the stored rollups (one snapshot).
    Result<StatsCheck> VerifyStats();
    // Every case of the list the user sees with `query`'s filters (no paging), for the Excel export; at most `cap`.
    // Audited (petition.export) with the count, since the file leaves the system.
    Result<std::vector<ListItem>> ListAll(const Principal& who, ListQuery query, size_t cap, const RequestMeta& meta);

    // ---- import of historical ledgers (app/import.cpp) ----
    Result<ImportReport> ImportPetitions(const tabular::Table& table, const ImportOptions& options);

    // ---- petitions ----
    Result<Registered> Register(const Principal& who, const RegisterCommand& cmd, const RequestMeta& meta);
    Result<PetitionView> Get(const Principal& who, int64_t id, const RequestMeta& meta);
    // The case with its petitioners' personal data in full: allowed to the roles MayRevealPersonalData names, and
    // audited (petitioner.reveal) with `reason` (2–200 characters: why it is needed; 个人信息保护法).
    Result<PetitionView> Reveal(const Principal& who, int64_t id, const std::string& reason, const RequestMeta& meta);
    Result<PetitionView> Act(const Principal& who, int64_t id, Action action, const ActionInput& input,
                             std::optional<int64_t> expected_version, const RequestMeta& meta);
    Result<ListResult> List(const Principal& who, ListQuery query);
    Result<WorkbenchCounts> Counts(const Principal& who);
    Result<SearchResult> Search(const Principal& who, SearchQuery query);
    // `xinfang search`: as an administrator of `org_code` (its subtree; default the whole database).
    Result<SearchResult> SearchAsAdministrator(const std::optional<std::string>& org_code, SearchQuery query);
    // Earlier cases that a registration being typed may repeat: same 证件号, same name + phone, or very similar
    // text in the same county. Nothing is written. Accusations against the user's own org never appear.
    Result<std::vector<RepeatCandidateView>> RepeatCandidates(const Principal& who, const RegisterCommand& draft);
    // Rebuilds the search index and repeat keys when it was built by another tokenizer version (settings key
    // "search.index_version") or `force`; `progress(done, total)` after each batch. Returns the cases indexed.
    // A database that holds no case yet has a current search index: records the tokenizer version, so that cases
    // written from now on (kept indexed by every insert and update, `petition import` included) are not indexed a
    // second time by the reindex that `serve` runs on a database of an older version. Run on every open.
    Status AdoptSearchIndexOfEmptyDatabase();
    Result<int64_t> ReindexSearch(bool force, const std::function<void(int64_t, int64_t)>& progress = {});
    Result<std::vector<AuditRecord>> AuditTrail(const Principal& who, int64_t petition_id);

    // ---- citizen portal (no login; src/app/portal.cpp) ----
    // Registers an online petition without the portal's checks (the demo and imports use it).
    Result<Registered> SubmitOnline(const RegisterCommand& cmd, const RequestMeta& meta);
    // 我要写信: consent required, throttled per address (a challenge after a few, a hard limit after many).
    Result<PortalReceipt> SubmitFromPortal(const PortalSubmission& s, const RequestMeta& meta);
    Result<PortalReference> PortalReferenceData();
    PortalChallenge NewChallenge() const;
    // Sends a one-time code to the case's registered phone (and e-mail) if it has one. Returns Ok() the same way
    // whether or not the 查询码 exists or has a phone; at most 3 codes per 查询码 an hour.
    Status RequestPortalOtp(const std::string& query_code, const RequestMeta& meta);
    Result<PublicView> Lookup(const std::string& query_code, const PortalCredential& cred, const RequestMeta& meta);
    Result<PublicView> Lookup(const std::string& query_code, const std::string& secret, const RequestMeta& meta) {
        return Lookup(query_code, PortalCredential{secret, {}, {}}, meta);
    }
    Result<PublicView> PortalAct(const std::string& query_code, const PortalCredential& cred, Action action,
                                 const ActionInput& input, const RequestMeta& meta);
    Result<PublicView> PortalAct(const std::string& query_code, const std::string& secret, Action action,
                                 const ActionInput& input, const RequestMeta& meta) {
        return PortalAct(query_code, PortalCredential{secret, {}, {}}, action, input, meta);
    }
    // 领导接访日 on the portal: published, not cancelled, from today on (at most 90 days ahead).
    Result<std::vector<ReceptionDayView>> PublicReceptionDays();
    Result<PublicBooking> BookReception(const BookingCommand& cmd, const RequestMeta& meta);
    // The booking with that confirmation code and phone; the same kNotFound for a wrong code or a wrong phone.
    Result<PublicBooking> FindBooking(const std::string& code, const std::string& phone, const RequestMeta& meta);
    Result<PublicBooking> CancelBooking(const std::string& code, const std::string& phone, const RequestMeta& meta);

    // ---- 领导接访日 in the console (src/app/portal.cpp) ----
    // Days of the user's org and the orgs under it.
    Result<std::vector<ReceptionDayView>> ListReceptionDays(const Principal& who, std::optional<Date> from,
                                                            std::optional<Date> to);
    Result<ReceptionDayView> CreateReceptionDay(const Principal& who, const ReceptionDayCommand& cmd,
                                                const RequestMeta& meta);
    // `if_match`: the version the user saw (kAborted if it changed). Cancelling tells every booked citizen.
    Result<ReceptionDayView> UpdateReceptionDay(const Principal& who, int64_t id, const ReceptionDayCommand& cmd,
                                                std::optional<int64_t> if_match, const RequestMeta& meta);
    Result<std::pair<ReceptionDayView, std::vector<BookingView>>> ReceptionBookings(const Principal& who,
                                                                                     int64_t day_id);
    Result<OutboxCounts> OutboxSummary(const Principal& who);

    // ---- operations (/readyz, /metrics) ----
    // Asks the database: reachable, and its schema the one this binary knows.
    Result<StoreHealth> CheckStore() { return store_.Health(); }
    Result<OperationalFigures> CollectOperationalFigures();

    // ---- official documents and attachments (app/documents.cpp) ----
    void UseFiles(FilePorts ports) { files_ = ports; }
    // Stores version 1 of each kind's built-in template where none exists (at start; idempotent, safe to race).
    Status EnsureDocumentTemplates();
    Result<std::vector<DocumentView>> ListDocuments(const Principal& who, int64_t petition_id);
    // A new revision of a document from the latest template version, with the same 文号, fields and date.
    Result<DocumentView> RegenerateDocument(const Principal& who, int64_t document_id, const RequestMeta& meta);
    // `format`: "pdf" or "docx".
    Result<FileDownload> DownloadDocument(const Principal& who, int64_t document_id, std::string_view format,
                                          const RequestMeta& meta);
    Result<std::vector<DocumentTemplate>> ListTemplates(const Principal& who);  // the latest of each kind
    Result<std::vector<DocumentTemplate>> TemplateHistory(const Principal& who, DocumentKind kind);
    Result<DocumentTemplate> SaveTemplate(const Principal& who, DocumentKind kind, const TemplateCommand& cmd,
                                          const RequestMeta& meta);
    // The template (saved or not) filled with a sample case, as a PDF: what the editor previews.
    Result<FileDownload> PreviewTemplate(const Principal& who, DocumentKind kind, const TemplateCommand& cmd);
    Result<std::vector<AttachmentView>> ListAttachments(const Principal& who, int64_t petition_id,
                                                        bool include_deleted);
    Result<std::vector<AttachmentView>> UploadAttachments(const Principal& who, int64_t petition_id,
                                                          const std::vector<UploadFile>& files,
                                                          const RequestMeta& meta);
    Result<FileDownload> DownloadAttachment(const Principal& who, int64_t attachment_id, const RequestMeta& meta);
    Status DeleteAttachment(const Principal& who, int64_t attachment_id, const std::string& reason,
                            const RequestMeta& meta);
    // The petitioner's side: a 告知书/意见书 of their chain, and uploads to their case (the first of the chain).
    Result<FileDownload> PortalDocument(const std::string& query_code, const PortalCredential& cred,
                                        int64_t document_id, const RequestMeta& meta);
    Result<std::vector<PublicAttachment>> PortalUpload(const std::string& query_code, const PortalCredential& cred,
                                                       const std::vector<UploadFile>& files, const RequestMeta& meta);

    // ---- the audit log's integrity (app/audit.cpp) ----
    // Checks every hash chain against its head and against `anchors` saved earlier (--anchors); `progress` is
    // called with the records checked so far.
    Result<AuditCheck> VerifyAudit(const std::vector<AuditAnchor>& anchors,
                                   const std::function<void(int64_t)>& progress = {});
    // Removes audit records older than options.audit_retention_days (none when 0); audited as audit.prune.
    Result<int64_t> PruneAudit();

    // ---- scheduled jobs (idempotent; safe to run from any app server) ----
    // Concludes replied cases whose review window lapsed; returns how many.
    Result<int> ConcludeLapsed();
    // Recomputes running deadlines if the calendar differs from the one they were computed with. Claimed through
    // the database ("recompute_deadlines"): while another app server runs it, this returns 0 at once.
    Result<int> RecomputeDeadlinesIfCalendarChanged();

    // Recomputes every running deadline with the calendar in force, whether or not it changed (the daily job
    // recompute_deadlines_daily, under the same claim as the calendar-change path). Returns the cases changed.
    Result<int> RecomputeDeadlinesNow();
    // Adds one internal 到期提醒 step to each open case whose running duty clock is due within
    // options.remind_days_before days and has had no reminder for that due date; returns how many were added.
    Result<int> SendDeadlineReminders();
    // Recounts the statistics of the next few orgs' subtrees (up to options.stats_sample_cases cases) and compares
    // them with those orgs' stored rollups; the cursor is kept in settings ("stats_check.next_org").
    Result<StatsSampleCheck> CheckStatsSample();
    // The catalog of scheduled jobs with their last runs (administrators); JobTable for the CLI (`jobs --list`).
    Result<std::vector<JobView>> ListJobs(const Principal& who);
    Result<std::vector<JobView>> JobTable();

    // ---- several app servers on one database ----
    // Runs `job` if this server can claim `name` (JobRepository): at most once per `period` over all servers.
    // Returns the job's result text, or nullopt when another server holds the claim.
    Result<std::optional<std::string>> RunSharedJob(const std::string& name, std::chrono::seconds period,
                                                    const std::function<Result<std::string>()>& job);
    // The periodic jobs of a running server: concluding lapsed cases (every 10 minutes) and catching up on
    // deadlines after a calendar change (every minute). Called every few seconds by each server; returns the
    // (job, result) of the jobs this server ran.
    Result<std::vector<std::pair<std::string, std::string>>> RunDueJobs();
    // Reloads the category table and the calendar if another server changed them since this one loaded them
    // (settings key "reference.generation", bumped in the same transaction as the change). True if reloaded.
    Result<bool> RefreshReferenceData();

    std::shared_ptr<const HolidayCalendar> calendar() const;
    // The jobs RunDueJobs runs, in order.
    struct JobSpec {
        std::string name, title;
        std::chrono::seconds period;
        bool enabled;
    };
    std::vector<JobSpec> JobCatalog() const;
    Date Today() const { return ChinaDate(clock_.Now()); }

private:
    Result<ReportResult> BuildReport(const Org& org, const ReportQuery& q);
    Result<Registered> RegisterIn(Transaction& tx, const Org& org, int64_t user_id, const RegisterCommand& cmd,
                                  const RequestMeta& meta, std::string_view actor_kind);
    Result<Org> RequireOrg(Transaction& tx, int64_t id);
    Status RequireAdmin(const Principal& who, bool global) const;
    Status RequireAdminOver(Transaction& tx, const Principal& who, int64_t org_id) const;
    void SetCalendar(HolidayCalendar cal);
    Result<CaseAccessFacts> Visible(Transaction& tx, const Principal& who, const Petition& p);
    // `issued` (optional) receives the id of the document the step issued, for RenderDocumentFile after commit.
    Result<Event> ApplyAndSave(Transaction& tx, Petition& p, Action action, const ActionInput& in, const Actor& actor,
                               const RequestMeta& meta, std::vector<int64_t>* issued = nullptr);
    Result<PetitionView> BuildView(Transaction& tx, const Principal& who, Petition p, bool reveal);
    Result<PetitionView> GetView(const Principal& who, int64_t id, const RequestMeta& meta, bool reveal,
                                 const std::string& reason);
    // Opens the linked 复查/复核 case at `higher` for `p` (Art. 35, 36) and links it.
    Status OpenReview(Transaction& tx, Petition& p, const Org& higher, int64_t user_id, std::string_view actor_kind);
    // Carries a 复核 decision (终结) or a concluded review up the chain of cases it reviewed.
    Status PropagateChain(Transaction& tx, const Petition& p, const RequestMeta& meta);
    Result<PublicView> BuildPublicView(Transaction& tx, const Petition& p);
    // `first` and the 复查/复核 cases opened from it, in order: the last is where the matter stands.
    Result<std::vector<Petition>> CaseChain(Transaction& tx, const Petition& first);
    // The org that receives online petitions: [portal] org, or the highest petition office.
    Result<std::optional<Org>> PortalOrg(Transaction& tx);
    FilePorts files_;
    // The case a portal credential opens (kNotFound alike for every wrong credential). An OTP is spent (or its
    // attempts counted), so `tx` must be a write transaction when cred.otp is set.
    Result<Petition> PortalCase(Transaction& tx, const std::string& query_code, const PortalCredential& cred);
    std::string AccessToken(const std::string& query_code, Instant expires) const;
    // The stored form of a 查询码's secret: "k1:" + a keyed hash under the server key, so that a copy of the
    // database alone does not allow guessing the 40-bit secrets offline.
    std::string SecretDigest(const std::string& query_code, const std::string& secret) const;
    // Throttles a public request: kResourceExhausted (field "challenge") when a solved challenge is needed and
    // none valid came with `meta`; kResourceExhausted when a hard limit is reached.
    Status CheckPublicThrottle(const std::vector<std::tuple<std::string, int64_t, int64_t, std::chrono::seconds>>& limits,
                               const RequestMeta& meta);
    Result<bool> ChallengeSolved(Transaction& tx, const RequestMeta& meta) const;
    // Messages to the petitioner about a public step of their case (SMS to the first phone, e-mail if given).
    Status NotifyStep(Transaction& tx, const Petition& p, const Event& ev);
    // The document `action` requires (RequiredDocument), numbered and filled in `tx`; its PDF is rendered after
    // the commit (RenderDocumentFile), so that no transaction waits for the layout engine.
    Result<std::optional<CaseDocument>> IssueDocument(Transaction& tx, const Petition& p, Action action,
                                                      const ActionInput& in, const Actor& actor);
    Result<DocumentTemplate> CurrentTemplate(Transaction& tx, DocumentKind kind);
    // Renders `content` and keeps the PDF in the content store: the sha256 and size for the document row.
    Result<StoredBlob> RenderAndStore(const DocumentContent& content, Instant at);
    // Renders a document stored without its PDF, outside any transaction, and records the file (a no-op when it
    // has one; renders are deterministic, so two servers doing it at once store the same bytes).
    Status RenderDocumentFile(int64_t document_id);
    Result<DocumentView> DocView(Transaction& tx, const CaseDocument& d, bool latest);
    Result<FileDownload> DocumentFile(Transaction& tx, const CaseDocument& d, std::string_view format);
    Result<std::vector<Attachment>> StoreUploads(Transaction& tx, const Petition& p, const std::vector<UploadFile>& files,
                                                 std::string_view source, int64_t user_id, const RequestMeta& meta);
    Status CheckUploads(const std::vector<UploadFile>& files) const;
    Status Enqueue(Transaction& tx, std::string key, NotifyChannel channel, const std::string& recipient_sealed,
                   std::string subject, std::string body, std::string topic);
    Result<ReceptionDayView> DayView(Transaction& tx, const ReceptionDay& d);
    // The booking with that code and phone, and its day (locked when `for_update`: write transactions only).
    Result<std::pair<ReceptionDay, ReceptionBooking>> BookingFor(Transaction& tx, const std::string& code,
                                                                 const std::string& phone, bool for_update);
    Status RequireReceptionManager(const Principal& who) const;
    static std::string IdempotencyScope(int64_t user_id);
    Result<std::optional<Registered>> ReplayRegistration(Transaction& tx, int64_t user_id, const IdempotencyKey& k);
    Status Audit(Transaction& tx, int64_t user_id, std::string_view actor_kind, std::string action,
                 std::string object_type, std::string object_id, std::string detail, const RequestMeta& meta);
    PetitionFilter ScopeFilter(const Principal& who, PetitionFilter f) const;
    // The store filter of a case list or search: the user's scope, the queue conditions, an org subtree.
    Result<PetitionFilter> ListFilter(Transaction& tx, const Principal& who, const ListQuery& q, Date today);
    // The names of the units in `ids`, each read once: a page of cases names a handful of units, and reading the
    // whole org tree (≈ 2,800 units in a province) was most of a queue page's server time (issue #10).
    Result<std::map<int64_t, std::string>> OrgNames(Transaction& tx, const std::set<int64_t>& ids);
    // The personal-data fields of a registration as stored (sealed, with blind indexes); validation errors name
    // `petitioners[i].…`.
    Result<Petitioner> SealPetitioner(const PetitionerInput& in, size_t i, bool anonymous) const;
    std::vector<ClockView> Clocks(const Petition& p) const;

    UnitOfWork& store_;
    UnitOfWork* report_store_ = nullptr;  // a streaming replica for read-only reports, if configured
    const Clock& clock_;
    HolidayCalendar base_calendar_;  // the shipped files
    Status BumpReferenceGeneration(Transaction& tx);
    Status CheckAttempts(const std::vector<std::pair<std::string, int64_t>>& limits);
    Status RecordFailedAttempt(Transaction& tx, const std::vector<std::pair<std::string, int64_t>>& limits);
    std::vector<std::pair<std::string, int64_t>> PortalLimits(const std::string& query_code,
                                                              const RequestMeta& meta) const;
    // Counts a wrong portal credential (kNotFound) against the 查询码 and the address; `otp_used`: also one of the
    // one-time code's attempts.
    Status CountPortalFailure(const Status& s, const std::string& query_code, const RequestMeta& meta,
                              bool otp_used = false);
    Result<int> RecomputeAllDeadlines(const HolidayCalendar& calendar, const std::string& fingerprint);
    Result<int> RecomputeDeadlines(bool even_if_unchanged);

    mutable std::mutex calendar_mu_;
    std::optional<std::string> reference_generation_;  // as of the last load (under calendar_mu_)
    std::shared_ptr<const HolidayCalendar> calendar_;  // files + console edits; swapped whole under the mutex
    crypto::FieldCipher cipher_;
    AppOptions options_;
    std::shared_ptr<const CategoryTable> categories_;  // swapped whole under calendar_mu_
    std::string dummy_hash_;  // verified against when a login does not exist, so timing reveals nothing
};

}  // namespace xf::app
