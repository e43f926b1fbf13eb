// Ports: what the application needs from storage, as interfaces. Implementations live in src/storage/<backend>
// and must pass the contract suite in src/storage/contract unchanged. Every method runs inside the transaction
// that UnitOfWork opened; write methods on a read transaction fail.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/date.hpp"
#include "base/error.hpp"
#include "domain/access.hpp"
#include "domain/calendar.hpp"
#include "domain/category.hpp"
#include "domain/audit.hpp"
#include "domain/document.hpp"
#include "domain/org.hpp"
#include "domain/outbox.hpp"
#include "domain/petition.hpp"
#include "domain/reception.hpp"
#include "domain/search.hpp"
#include "domain/stats.hpp"
#include "domain/user.hpp"

namespace xf {

class OrgRepository {
public:
    virtual ~OrgRepository() = default;
    // Inserts `org` (parent must exist); sets id and path.
    virtual Result<Org> Insert(Org org) = 0;
    virtual Status Update(const Org& org) = 0;  // name, kind, region, level; not parent/code
    virtual Result<std::optional<Org>> Get(int64_t id) = 0;
    virtual Result<std::optional<Org>> FindByCode(const std::string& code) = 0;
    virtual Result<std::vector<Org>> List() = 0;  // ordered by path
};

class UserRepository {
public:
    virtual ~UserRepository() = default;
    virtual Result<User> Insert(User user) = 0;  // kAlreadyExists (field "login") if taken
    virtual Status Update(const User& user) = 0;
    virtual Result<std::optional<User>> Get(int64_t id) = 0;
    virtual Result<std::optional<User>> FindByLogin(const std::string& login) = 0;
    virtual Result<std::vector<User>> List(std::optional<int64_t> org_id) = 0;

    virtual Status InsertSession(const Session& s) = 0;
    virtual Result<std::optional<Session>> FindSession(const std::string& token_hash) = 0;
    virtual Status DeleteSession(const std::string& token_hash) = 0;
    virtual Status DeleteExpiredSessions(Instant now) = 0;
};

class CategoryRepository {
public:
    virtual ~CategoryRepository() = default;
    virtual Result<std::vector<Category>> List() = 0;
    // Inserts or updates by code; returns the number of rows written.
    virtual Result<int> Upsert(const std::vector<Category>& rows) = 0;
};

// Filters for case lists. Scope fields are set by the app from the user, never from the request.
struct PetitionFilter {
    // Visibility (set by the app layer).
    std::optional<std::string> scope_org_path;     // cases involving an org under this path ("/1/4/")
    std::optional<int64_t> scope_org_id;           // cases involving exactly this org
    std::optional<int64_t> scope_user_id;          // cases this user registered or acted on
    std::optional<std::string> exclude_accused_path;  // hide accusations whose accused org contains the viewer
    // Query filters.
    std::optional<State> state;
    std::optional<bool> open_only;
    std::optional<Channel> channel;
    std::optional<Purpose> purpose;
    std::optional<std::string> category_prefix;    // "04" matches 04xx
    std::optional<std::string> region_prefix;
    std::optional<int64_t> current_org_id;
    std::optional<std::string> current_org_path;   // held by an org under this path (the org and its subordinates)
    std::optional<Date> received_from, received_to;  // inclusive, China dates
    std::optional<Date> due_before;                  // running duty clock due on or before (overdue / due soon)
    std::optional<Date> due_from;                    // … and on or after (due soon excludes the overdue)
    std::optional<std::string> number;
    std::optional<CaseKind> kind;                     // e.g. original registrations only (批次 counts)
    std::optional<search::Query> text;                // full text: every term found as a phrase (domain/search)
    // Keyset pagination, newest first: (received_at, id) strictly before the cursor.
    std::optional<std::pair<Instant, int64_t>> after;
    int limit = 50;
};

// What a grouped count groups by. Each is a fixed expression in the backend (never caller-supplied SQL).
// kCurrentOrgLevel: the level ("county", OrgLevelName) of the org holding the case.
enum class CountDimension {
    kChannel, kPurpose, kState, kCategoryTop, kRegion, kMonth, kRating, kCollective, kCurrentOrgLevel
};

// One group of a grouped count: 批次 (registrations) and 人次 (persons).
struct CountRow {
    std::string key;
    int64_t batches = 0;
    int64_t persons = 0;
};

struct PetitionPage {
    std::vector<Petition> items;
    std::optional<std::pair<Instant, int64_t>> next;  // cursor for the next page, if any
};

// 信访件检索 with bounded work: the candidates are the newest `cap` cases (highest id first) that match the text
// and every other condition of the filter; they are counted, faceted and — for relevance — ranked. With fewer
// matches than `cap` everything is exact; with more, `capped` says so and the figures and ranking cover the newest
// `cap`. Scores are the backend's (SQLite -bm25, PostgreSQL ts_rank; title > people > body), higher first, and
// are comparable within one backend only.
enum class SearchOrder { kRelevance, kNewest };
struct SearchRequest {
    PetitionFilter filter;  // text required; limit = page size (1..500); filter.after is ignored
    SearchOrder order = SearchOrder::kRelevance;
    std::optional<std::pair<double, int64_t>> after;  // (score, id) of the previous page's last item; newest: (0, id)
    int64_t cap = 2000;
    bool with_counts = false;  // total, capped and facets (for a first page)
};
struct ScoredPetition {
    Petition petition;
    double score = 0;  // 0 for kNewest
};
struct SearchPage {
    std::vector<ScoredPetition> items;
    std::optional<std::pair<double, int64_t>> next;  // cursor of the last item when more follow
    int64_t total = 0;                               // matches counted (at most cap)
    bool capped = false;                             // more than cap matched
    std::vector<CountRow> facets;                    // by top-level 内容分类 (2 digits), ordered by key

    // Sets facets, total and capped from the per-category counts of at most cap + 1 candidates (reading one more
    // than cap is how a backend learns that there are more).
    void SetCounts(std::vector<CountRow> rows, int64_t cap) {
        facets = std::move(rows);
        total = 0;
        for (const auto& row : facets) total += row.batches;
        capped = total > cap;
        if (capped) total = cap;
    }
};

class PetitionRepository {
public:
    virtual ~PetitionRepository() = default;
    // Inserts a new case (id set on return, version 1), records the access facts for its orgs.
    virtual Result<Petition> Insert(Petition p) = 0;
    // Bulk import (历史台账): Insert for each case in order, the result in the same order. A backend with round trips
    // overrides it to write many rows per statement.
    virtual Result<std::vector<Petition>> InsertMany(std::vector<Petition> cases) {
        std::vector<Petition> out;
        out.reserve(cases.size());
        for (auto& p : cases) {
            XF_ASSIGN_OR_RETURN(Petition saved, Insert(std::move(p)));
            out.push_back(std::move(saved));
        }
        return out;
    }
    // Which of `numbers` (信访件编号) are taken already.
    virtual Result<std::unordered_set<std::string>> ExistingNumbers(const std::vector<std::string>& numbers) {
        std::unordered_set<std::string> out;
        for (const auto& n : numbers) {
            XF_ASSIGN_OR_RETURN(auto found, FindByNumber(n));
            if (found) out.insert(n);
        }
        return out;
    }
    // Writes `p` if the stored version equals p.version; bumps the version. kAborted if stale.
    virtual Result<Petition> Update(Petition p) = 0;
    virtual Result<std::optional<Petition>> Get(int64_t id) = 0;
    virtual Result<std::optional<Petition>> FindByNumber(const std::string& number) = 0;
    virtual Result<std::optional<Petition>> FindByQueryCode(const std::string& query_code) = 0;
    virtual Result<PetitionPage> List(const PetitionFilter& f) = 0;
    virtual Result<int64_t> Count(const PetitionFilter& f) = 0;
    // Counts grouped by one dimension, ordered by key. Cases replied (replied_on set) are those with a decision.
    virtual Result<std::vector<CountRow>> CountBy(const PetitionFilter& f, CountDimension d) = 0;
    virtual Result<SearchPage> Search(const SearchRequest& r) = 0;
    // Cases that share any of `keys` (domain/repeat MatchKeys): those sharing the most keys first, then the newest;
    // at most `limit`. Each key contributes at most its kKeyFanout newest cases, so that a key shared by thousands
    // (a stock phrase's MinHash band) costs no more than a rare one.
    static constexpr int kKeyFanout = 200;
    virtual Result<std::vector<Petition>> FindByMatchKeys(const std::vector<int64_t>& keys, int limit) = 0;
    // Rebuilding the search index and repeat keys (after a tokenizer change or a copy): Clear empties both; each
    // Reindex call indexes the next `limit` cases with id > after_id and returns the last id indexed (0: none left).
    // Insert and Update keep both current on their own.
    virtual Status ClearSearchIndex() = 0;
    virtual Result<int64_t> ReindexSearch(int64_t after_id, int limit) = 0;
    // Running cases ids (for deadline recomputation after a calendar change); paged by id.
    virtual Result<std::vector<int64_t>> OpenCaseIds(int64_t after_id, int limit) = 0;
    // The cases `org_id` itself has held or acted on (the access facts of 本单位 scope), ascending, id > after_id, at
    // most `limit`: an index range, however many cases the other orgs hold (the rollup sample check, issue #10).
    virtual Result<std::vector<int64_t>> CaseIdsOfOrg(int64_t org_id, int64_t after_id, int limit) = 0;

    virtual Result<Event> AppendEvent(Event e) = 0;  // a staff actor becomes involved (仅本人 scope)
    // AppendEvent for each, in order (bulk import).
    virtual Status AppendEvents(std::vector<Event> events) {
        for (auto& e : events) XF_TRY(AppendEvent(std::move(e)));
        return Ok();
    }
    virtual Result<std::vector<Event>> Events(int64_t petition_id) = 0;
    virtual Result<CaseAccessFacts> AccessFacts(int64_t petition_id) = 0;

    // Next value of a named sequence (e.g. "number:520102:2026"), starting at 1; atomic in the transaction.
    virtual Result<int64_t> NextSequence(const std::string& name) = 0;
};

// 行政区划 for the 问题属地 picker (GB/T 2260 codes; 9 digits for townships).
struct Region {
    std::string code;
    std::string parent_code;
    std::string name;
};

class RegionRepository {
public:
    virtual ~RegionRepository() = default;
    virtual Result<std::vector<Region>> List() = 0;  // ordered by code
    virtual Result<int> Upsert(const std::vector<Region>& rows) = 0;
};

// Calendar days maintained in the console; merged over the calendar files shipped in config/calendar.
using CalendarDay = CalendarEntry;

class CalendarRepository {
public:
    virtual ~CalendarRepository() = default;
    virtual Result<std::vector<CalendarDay>> List() = 0;  // ordered by day
    // Replaces every stored day of `year` with `days`.
    virtual Status ReplaceYear(int year, const std::vector<CalendarDay>& days) = 0;
};

struct AuditFilter {
    std::optional<std::string> object_type, object_id;
    int limit = 100;
};

struct AuditCounts {
    int64_t total = 0;
    int64_t unchained = 0;  // written before the hash chain existed (chain NULL)
    int64_t orphaned = 0;   // in a chain that audit_chains does not know (inserted behind the log's back)
};

// The append-only audit log, linked into hash chains (domain/audit.hpp). Records are never updated; the
// database refuses UPDATE and DELETE on them except through Prune.
class AuditLog {
public:
    virtual ~AuditLog() = default;
    // Links `r` after the head of a chain (LinkAuditRecord with SHA-256) and stores it; the head moves in the
    // same transaction. On PostgreSQL the transaction holds that chain until it ends.
    virtual Status Append(const AuditRecord& r) = 0;
    virtual Result<std::vector<AuditRecord>> List(const AuditFilter& f) = 0;
    virtual Result<std::vector<AuditChainHead>> Chains() = 0;  // by chain
    // One chain's records with after_seq < seq <= up_to_seq, by seq, at most `limit`.
    virtual Result<std::vector<AuditRecord>> ChainRecords(int chain, int64_t after_seq, int64_t up_to_seq,
                                                          int limit) = 0;
    virtual Result<AuditCounts> Counts() = 0;
    // Retention: removes from each chain the records up to its last one older than `before` (a prefix of the
    // chain), and notes in its head where it was cut (pruned_seq, pruned_hash, at `now`). Returns how many.
    virtual Result<int64_t> Prune(Instant before, Instant now) = 0;
};

class SettingsRepository {
public:
    virtual ~SettingsRepository() = default;
    virtual Result<std::optional<std::string>> Get(const std::string& key) = 0;
    virtual Status Set(const std::string& key, const std::string& value) = 0;
};

struct StatCell {
    int64_t org_id = 0;
    int dim = 0;
    int32_t period = 0;
    std::string key;
    int64_t batches = 0, persons = 0;
    friend bool operator==(const StatCell&, const StatCell&) = default;
};

// Statistics rollups (domain/stats.hpp). Petition Insert/Update keep them current in the same transaction.
class StatsRepository {
public:
    virtual ~StatsRepository() = default;
    // Sums of `dim` over the days [from, to] for `org_id` and every org under it, one row per key (any order).
    virtual Result<std::vector<StatSum>> Sum(int64_t org_id, StatDim dim, Date from, Date to) = 0;
    // The entries of the cases matching `f` (ignoring its limit and cursor): for figures with filters the rollups
    // do not break down by (channel, category, region). The caller keeps entries of the org subtree it wants.
    virtual Result<std::vector<StatEntry>> EntriesOf(const PetitionFilter& f) = 0;
    // Recomputes every case's entries and all rollups; returns the number of cases.
    virtual Result<int64_t> Rebuild() = 0;
    // Every stored rollup cell, per day (`period` = days since 1970-01-01) or per month (`period` = YYYYMM), in
    // (org, dim, period, key) order: for checking the rollups against a recount (`xinfang stats verify`).
    // With `org_id`, only that org's own cells (its rollup, which includes its subordinates' cases).
    virtual Result<std::vector<StatCell>> Cells(bool months, std::optional<int64_t> org_id) = 0;
};

// Scheduled jobs shared by every app server (deadline recomputation, concluding lapsed cases, …): a job is started
// by whoever claims it, and nobody else may claim it before the time the claim holds it until.
struct JobClaim {
    std::string name;
    std::string owner;  // who claimed it ("host:pid")
    Instant now{};
    Instant hold_until{};  // no other claim succeeds before this instant
};

// What the jobs table knows of one job: shown in the console (定时任务) and by `xinfang jobs --list`.
struct JobStatus {
    std::string name;
    std::string owner;  // the server that claimed it last ("host:pid")
    Instant next_run_at{};
    std::optional<Instant> last_started_at;
    std::optional<Instant> last_finished_at;  // before last_started_at while a run is in progress (or was cut off)
    std::string last_result;                  // "error: …" when the last run failed
};

class JobRepository {
public:
    virtual ~JobRepository() = default;
    // True if the job was free (never run, or its hold expired) and is now held by c.owner until c.hold_until;
    // false if another claim holds it (or is being made at this moment). Of concurrent claims at most one succeeds.
    virtual Result<bool> Claim(const JobClaim& c) = 0;
    // Records the end of a run by `owner` and when the job may next be claimed.
    virtual Status Finish(const std::string& name, const std::string& owner, Instant now, Instant next_run_at,
                          const std::string& result) = 0;
    // Every job ever claimed, by name.
    virtual Result<std::vector<JobStatus>> List() = 0;
};

// Attempt counters in fixed windows (log-in and 查询码 look-ups against guessing), shared by every app server.
// Keys name an account, a query code or an address, never a petitioner.
class RateLimitRepository {
public:
    virtual ~RateLimitRepository() = default;
    // Counts one attempt for `key`; a window older than `window` starts again at `now`. Returns the attempts in
    // the current window, this one included.
    virtual Result<int64_t> Hit(const std::string& key, Instant now, std::chrono::seconds window) = 0;
    // The attempts for `key` in the window that is current at `now` (0 if it expired or there were none).
    virtual Result<int64_t> Count(const std::string& key, Instant now, std::chrono::seconds window) = 0;
    virtual Status Reset(const std::string& key) = 0;
};

// 领导接访日 and 预约接访 (domain/reception.hpp).
struct ReceptionDayFilter {
    std::optional<std::string> org_path;  // days of orgs under this path ("/1/4/"), the org itself included
    std::optional<Date> from, to;         // inclusive
    bool published_only = false;
    bool include_cancelled = true;
};

class ReceptionRepository {
public:
    virtual ~ReceptionRepository() = default;
    virtual Result<ReceptionDay> InsertDay(ReceptionDay d) = 0;  // sets id, version 1
    // Writes d if its version is current (kAborted otherwise) and bumps the version; returns the stored day.
    virtual Result<ReceptionDay> UpdateDay(ReceptionDay d) = 0;
    // `for_update`: the day stays locked until the transaction ends (bookings of one day are counted and inserted
    // one transaction at a time).
    virtual Result<std::optional<ReceptionDay>> GetDay(int64_t id, bool for_update) = 0;
    virtual Result<std::vector<ReceptionDay>> ListDays(const ReceptionDayFilter& f) = 0;  // by date, start, id
    virtual Result<ReceptionBooking> InsertBooking(ReceptionBooking b) = 0;  // kAlreadyExists on a taken code
    virtual Result<ReceptionBooking> UpdateBooking(ReceptionBooking b) = 0;  // version-checked like UpdateDay
    virtual Result<std::optional<ReceptionBooking>> GetBooking(int64_t id) = 0;
    virtual Result<std::optional<ReceptionBooking>> FindBookingByCode(const std::string& code) = 0;
    virtual Result<std::vector<ReceptionBooking>> ListBookings(int64_t day_id) = 0;  // by slot, id
};

// The notification outbox (domain/outbox.hpp). Messages are enqueued in the transaction of the event they
// announce; a sender claims due ones for a lease, sends them, and marks each sent or failed.
struct OutboxCounts {
    int64_t pending = 0, sent = 0, dead = 0;
    std::optional<Instant> oldest_pending;
};

class OutboxRepository {
public:
    virtual ~OutboxRepository() = default;
    // Inserts m (status pending, attempts 0); false and nothing written if a message with m.key exists.
    virtual Result<bool> Enqueue(const OutboxMessage& m) = 0;
    // Claims up to `limit` pending messages with next_attempt_at <= now whose lease is free or expired, for
    // `owner` until `lease_until`, counting one attempt each; oldest first. Concurrent claims never share a message.
    virtual Result<std::vector<OutboxMessage>> ClaimDue(const std::string& owner, Instant now, Instant lease_until,
                                                        int limit) = 0;
    // Ends the lease of `owner` on message `id`: sent, or failed (pending again at next_attempt_at, or dead).
    // False if `owner` no longer holds the lease (it expired and another sender claimed the message).
    virtual Result<bool> MarkSent(int64_t id, const std::string& owner, Instant at) = 0;
    virtual Result<bool> MarkFailed(int64_t id, const std::string& owner, const std::string& error,
                                    Instant next_attempt_at, bool dead) = 0;
    virtual Result<std::optional<OutboxMessage>> Get(int64_t id) = 0;
    virtual Result<OutboxCounts> Counts() = 0;
};

// One-time codes (短信验证码) for the citizen portal, one per 查询码 at a time, stored hashed.
struct PortalOtp {
    std::string query_code;
    std::string code_hash;
    Instant expires_at{};
    int attempts_left = 0;
};

class PortalOtpRepository {
public:
    virtual ~PortalOtpRepository() = default;
    virtual Status Put(const PortalOtp& otp) = 0;  // replaces the code of that 查询码
    virtual Result<std::optional<PortalOtp>> Get(const std::string& query_code) = 0;
    virtual Status Delete(const std::string& query_code) = 0;
};

// Official documents (domain/document.hpp): template versions, the documents of a case, attachments.
class DocumentRepository {
public:
    virtual ~DocumentRepository() = default;
    // Sets id; kAlreadyExists (field "version") when that kind already has this version.
    virtual Result<DocumentTemplate> InsertTemplate(DocumentTemplate t) = 0;
    virtual Result<std::optional<DocumentTemplate>> LatestTemplate(DocumentKind kind) = 0;
    virtual Result<std::optional<DocumentTemplate>> GetTemplate(int64_t id) = 0;
    virtual Result<std::vector<DocumentTemplate>> TemplateVersions(DocumentKind kind) = 0;  // newest first
    // Sets id; kAlreadyExists when the case already has this kind and revision. Documents are never updated.
    virtual Result<CaseDocument> InsertDocument(CaseDocument d) = 0;
    // Records the PDF of a document stored without one (rendering deferred); false when it already has one.
    virtual Result<bool> SetDocumentFile(int64_t id, const std::string& sha256, int64_t size) = 0;
    virtual Result<std::optional<CaseDocument>> GetDocument(int64_t id) = 0;
    virtual Result<std::vector<CaseDocument>> ListDocuments(int64_t petition_id) = 0;  // by id
    virtual Result<Attachment> InsertAttachment(Attachment a) = 0;  // sets id
    virtual Result<std::optional<Attachment>> GetAttachment(int64_t id) = 0;
    virtual Result<std::vector<Attachment>> ListAttachments(int64_t petition_id, bool include_deleted) = 0;  // by id
    // Marks it deleted; false when it was already deleted (or does not exist).
    virtual Result<bool> DeleteAttachment(int64_t id, int64_t by, Instant at, const std::string& reason) = 0;
    // The bytes held by the case's attachments that are not deleted (the per-case limit).
    virtual Result<int64_t> AttachmentBytes(int64_t petition_id) = 0;
};

// A registration made with an Idempotency-Key: a retry with the same key (and the same body) gets this reply.
struct IdempotentRequest {
    std::string scope;        // "user:<id>" (staff) or "portal"
    std::string key;          // the client's Idempotency-Key
    std::string fingerprint;  // SHA-256 of the request body
    int64_t petition_id = 0;
    std::string reply_sealed;  // the first reply, encrypted (FieldCipher)
    Instant created_at{};
};
class IdempotencyRepository {
public:
    virtual ~IdempotencyRepository() = default;
    virtual Result<std::optional<IdempotentRequest>> Get(const std::string& scope, const std::string& key) = 0;
    // kAlreadyExists (field "Idempotency-Key") when the scope already has that key.
    virtual Status Insert(const IdempotentRequest& r) = 0;
};

// One transaction's view of every repository.
class Transaction {
public:
    virtual ~Transaction() = default;
    virtual OrgRepository& orgs() = 0;
    virtual UserRepository& users() = 0;
    virtual CategoryRepository& categories() = 0;
    virtual PetitionRepository& petitions() = 0;
    virtual AuditLog& audit() = 0;
    virtual SettingsRepository& settings() = 0;
    virtual RegionRepository& regions() = 0;
    virtual CalendarRepository& calendar() = 0;
    virtual StatsRepository& stats() = 0;
    virtual JobRepository& jobs() = 0;
    virtual RateLimitRepository& rate_limits() = 0;
    virtual ReceptionRepository& reception() = 0;
    virtual OutboxRepository& outbox() = 0;
    virtual PortalOtpRepository& portal_otps() = 0;
    virtual DocumentRepository& documents() = 0;
    virtual IdempotencyRepository& idempotency() = 0;
};

// Bytes kept by content (attachments, rendered documents), outside the database: files/ implements it on a
// directory (shared by all app servers). Put is durable when it returns and idempotent; Get verifies the hash.
struct StoredBlob {
    std::string sha256;
    int64_t size = 0;
};
class ContentStore {
public:
    virtual ~ContentStore() = default;
    virtual Result<StoredBlob> Put(std::string_view bytes) = 0;
    virtual Result<std::string> Get(std::string_view sha256) = 0;  // kNotFound when absent
};

// Lays a document out as a printable PDF (GB/T 9704-2012) and as an editable .docx: render/ implements it.
class DocumentRenderer {
public:
    virtual ~DocumentRenderer() = default;
    virtual Result<std::string> Pdf(const DocumentContent& doc, Instant created_at) = 0;
    virtual Result<std::string> Docx(const DocumentContent& doc, Instant created_at) = 0;
};

// What an uploaded file is, by its content, and whether a virus scanner passes it: files/ implements it.
struct FileType {
    std::string media_type, extension, label;
    bool allowed = false;  // one of the types an office accepts
};
class FileInspector {
public:
    virtual ~FileInspector() = default;
    virtual Result<FileType> Sniff(std::string_view bytes) = 0;
    // The virus scanner's verdict: "" when clean (or no scanner is configured), else the signature found;
    // kUnavailable when a configured scanner cannot be asked.
    virtual Result<std::string> Scan(std::string_view bytes) = 0;
    // The name to store for a file: last path component only, no control or bidi characters, the extension of
    // its detected type.
    virtual std::string SafeName(std::string_view name, const FileType& type) = 0;
};

// Operational figures of a store, for monitoring (main.cpp exports them as metrics; nothing here knows how).
// Each backend fills what it has: SQLite the writer thread's, PostgreSQL its connection pool's.
struct StoreStats {
    struct Writer {  // SQLite: one writer thread, group commit
        int64_t queue_depth = 0;                   // write work items waiting for the writer thread
        uint64_t commits = 0, failed_commits = 0;  // group transactions
        uint64_t items = 0, failed_items = 0;      // write work items
        uint64_t checkpoints = 0, checkpoints_waited_out = 0;
        uint64_t wal_frames = 0;                   // pages in the WAL at the last checkpoint attempt
        int64_t memory_bytes = 0;                  // heap SQLite holds in this process
    };
    struct Pool {  // PostgreSQL: the connection pool
        int64_t size = 0;     // most connections it opens
        int64_t open = 0;     // connections open (idle + in use)
        int64_t in_use = 0;   // leased to a transaction now
        int64_t waiting = 0;  // callers waiting for a free connection
    };
    std::optional<Writer> writer;
    std::optional<Pool> pool;
};

// What a store tells while it works, for monitoring; the store calls it on the thread doing the work (keep it cheap).
class StoreObserver {
public:
    virtual ~StoreObserver() = default;
    // One UnitOfWork::Write as its caller waited for it (queueing, retries and the commit included).
    virtual void WriteFinished(std::chrono::nanoseconds elapsed, bool committed) = 0;
    // SQLite: one group transaction of `items` work items, BEGIN to the end of COMMIT (the fsync included).
    virtual void GroupCommitted(std::chrono::nanoseconds elapsed, size_t items) = 0;
};

// Whether the database answers and its schema is the one this binary was built for (/readyz, `xinfang doctor`).
struct StoreHealth {
    int64_t schema_version = 0;           // highest migration applied in the database
    int64_t expected_schema_version = 0;  // highest migration this binary knows
    std::optional<double> server_time;    // the database server's clock (Unix seconds) where it has its own
    bool schema_current() const { return schema_version == expected_schema_version; }
};

// Runs work in one transaction. Write() returns only after a durable commit; a failed work item rolls back
// alone. Read() sees one consistent snapshot.
class UnitOfWork {
public:
    virtual ~UnitOfWork() = default;
    virtual Status Read(const std::function<Status(Transaction&)>& work) = 0;
    virtual Status Write(const std::function<Status(Transaction&)>& work) = 0;
    virtual std::string BackendName() const = 0;
    // For a store that reads from a streaming replica: how far behind the primary it is (seconds since the last
    // replayed transaction, or 0 when nothing is waiting to be replayed); nullopt for a primary or an embedded file.
    virtual Result<std::optional<double>> ReplicaLagSeconds() { return std::optional<double>(); }
    // Asks the database (a query on a pooled/read connection): an error when it cannot be reached.
    virtual Result<StoreHealth> Health() = 0;
    virtual StoreStats Stats() const { return {}; }
    // Refreshes the query planner's statistics (SQLite ANALYZE with a sampling limit; PostgreSQL ANALYZE): after a
    // bulk import, whose tables grew many times over since the planner last looked. Without it, at 600,000 imported
    // cases the county queue took 221 ms instead of 91 and registrations ran at 59/s instead of 261 (issue #10).
    virtual Status RefreshPlannerStatistics() { return Ok(); }
};

}  // namespace xf
