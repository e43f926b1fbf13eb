// db copy (copy.hpp): an office filled through the ports in SQLite, copied into a fresh PostgreSQL schema, read
// back through the ports; resuming after an interruption or a kill, refusing foreign targets, verification.
// Needs a PostgreSQL: XINFANG_TEST_PG_URL, or XINFANG_TEST_PG_DIR of `scripts/pg.sh start DIR` (ctest sets it).
#include "storage/postgres/test_server.hpp"
#include "storage/copy/copy.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "base/date.hpp"
#include "domain/ports.hpp"
#include "domain/repeat.hpp"
#include "domain/search.hpp"
#include "storage/codec/petition_codec.hpp"
#include "storage/postgres/pg.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/sqlite/db.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace xf::storage {
namespace {

std::string Describe(const Error& e) { return std::string(ErrorCodeName(e.code)) + ": " + e.message; }

template <class T>
::testing::AssertionResult IsOk(const Result<T>& r) {
    if (r) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << Describe(r.error());
}
#define ASSERT_OK(expr) ASSERT_TRUE(IsOk(expr))
#define EXPECT_OK(expr) EXPECT_TRUE(IsOk(expr))

std::string BaseUrl() { return pg::TestServerUrl(); }

Date D(int y, unsigned m, unsigned d) { return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}; }
Instant At(int y, unsigned m, unsigned d, int hh = 0) { return ChinaMidnight(D(y, m, d)) + std::chrono::hours(hh); }

Org MakeOrg(const std::string& code, std::optional<int64_t> parent, OrgLevel level,
            OrgKind kind = OrgKind::kPetitionOffice) {
    Org o;
    o.code = code;
    o.parent_id = parent;
    o.name = code + " 信访局";
    o.level = level;
    o.kind = kind;
    o.region_code = "520102";
    return o;
}

User MakeUser(const std::string& login, int64_t org) {
    User u;
    u.login = login;
    u.display_name = "用户 " + login;
    u.org_id = org;
    u.roles = RoleSet{Role::kRegistrar, Role::kHandler};
    u.scope = DataScope::kOrg;
    u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$" + login;
    return u;
}

Petition MakeCase(const std::string& number, Instant received, int64_t org, int64_t user) {
    Petition p;
    p.number = number;
    p.query_code = "Q" + number;
    p.secret_hash = "hash-of-secret";
    p.received_at = received;
    p.registered_org_id = org;
    p.current_org_id = org;
    p.registered_by = user;
    p.channel = Channel::kVisit;
    p.category_code = "0402";
    p.region_code = "520102";
    p.title = "标题 " + number + " 含\"引号\"、\\反斜杠、逗号,和{花括号}";
    p.content = "内容\n第二行\t制表";
    p.persons = 2;
    p.petitioners.push_back(Petitioner{"张三", "sealed-id", "index-id", "sealed-phone", "", true});
    p.created_at = received;
    p.updated_at = received;
    return p;
}

// The portal's tables (migration 0007): two reception days (one cancelled, version 2) with awkward text, two
// bookings (one cancelled; the other is registered by Seed once there are cases), outbox messages in every state
// (pending, claimed and held, sent, dead) and a one-time code.
void SeedPortal(UnitOfWork& s, int64_t org, int64_t user) {
    ASSERT_OK(s.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(ReceptionDay day, tx.reception().InsertDay(ReceptionDay{.org_id = org,
                                                                                    .date = D(2026, 3, 20),
                                                                                    .start_minute = 9 * 60,
                                                                                    .end_minute = 11 * 60 + 30,
                                                                                    .slot_minutes = 30,
                                                                                    .per_slot = 3,
                                                                                    .place = "接访室\"一\",{二}\\三",
                                                                                    .leader_name = "李局长",
                                                                                    .leader_title = "局长",
                                                                                    .topics = "NULL",
                                                                                    .published = true,
                                                                                    .created_by = user}));
        XF_ASSIGN_OR_RETURN(ReceptionDay other, tx.reception().InsertDay(ReceptionDay{.org_id = org,
                                                                                      .date = D(2026, 12, 31),
                                                                                      .place = "",
                                                                                      .leader_name = "王副局长",
                                                                                      .leader_title = "副局长",
                                                                                      .topics = "",
                                                                                      .created_by = user}));
        other.cancelled = true;
        XF_TRY(tx.reception().UpdateDay(other));
        XF_TRY(tx.reception().InsertBooking(ReceptionBooking{.day_id = day.id,
                                                             .slot_minute = 9 * 60 + 30,
                                                             .confirmation_code = "ABCD-EFGH",
                                                             .name = "赵六",
                                                             .phone_sealed = "sealed-phone-1",
                                                             .id_number_sealed = "sealed-id-1",
                                                             .region_code = "520102",
                                                             .summary = "反映\"工资\"问题\n第二行",
                                                             .created_at = At(2026, 3, 10, 8)}));
        XF_ASSIGN_OR_RETURN(ReceptionBooking cancelled,
                            tx.reception().InsertBooking(ReceptionBooking{.day_id = day.id,
                                                                          .slot_minute = 9 * 60,
                                                                          .confirmation_code = "WXYZ-2345",
                                                                          .name = "钱七",
                                                                          .phone_sealed = "sealed-phone-2",
                                                                          .id_number_sealed = "",
                                                                          .region_code = "520100",
                                                                          .summary = "",
                                                                          .created_at = At(2026, 3, 11, 9)}));
        cancelled.status = BookingStatus::kCancelled;
        XF_TRY(tx.reception().UpdateBooking(cancelled));

        auto message = [](std::string key, NotifyChannel channel, Instant at) {
            return OutboxMessage{.key = std::move(key),
                                 .channel = channel,
                                 .recipient_sealed = "sealed-recipient",
                                 .subject = channel == NotifyChannel::kEmail ? "主题 \"信访\"" : "",
                                 .body = "您的信访件有新进展，查询码 Q1。\n{回复}",
                                 .topic = "petition.step",
                                 .created_at = at,
                                 .next_attempt_at = at};
        };
        for (int i = 1; i <= 4; ++i)
            XF_TRY(tx.outbox().Enqueue(message("petition.step:" + std::to_string(i),
                                               i == 2 ? NotifyChannel::kEmail : NotifyChannel::kSms,
                                               At(2026, 3, 1, 8 + i))));
        // Claimed in order: #1 sent, #2 dead after an error, #3 still held by the claim, #4 never claimed.
        XF_ASSIGN_OR_RETURN(auto claimed, tx.outbox().ClaimDue("host-a:1", At(2026, 3, 1, 12), At(2026, 3, 1, 13), 3));
        if (claimed.size() != 3) return Fail(Error::Internal("expected 3 claimed messages"));
        XF_TRY(tx.outbox().MarkSent(claimed[0].id, "host-a:1", At(2026, 3, 1, 12)));
        XF_TRY(tx.outbox().MarkFailed(claimed[1].id, "host-a:1", "网关拒绝: \"号码无效\"", At(2026, 3, 1, 12), true));
        XF_TRY(tx.portal_otps().Put(PortalOtp{"QOTP-1", "argon2-hash-of-otp", At(2026, 3, 1, 12), 4}));
        return Ok();
    }));
}

// An office: an org tree, users, a session, categories, regions, calendar days, settings (awkward values on
// purpose: quotes, backslashes, commas, braces, the text "NULL", the empty string), `cases` petitions with
// events, audit records and numbers from the sequence, some updated (versions > 1), one review case.
void Seed(UnitOfWork& s, int cases) {
    Org prov, city, county, dept;
    User reg;
    ASSERT_OK(s.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(prov, tx.orgs().Insert(MakeOrg("prov", std::nullopt, OrgLevel::kProvince)));
        XF_ASSIGN_OR_RETURN(city, tx.orgs().Insert(MakeOrg("city", prov.id, OrgLevel::kCity)));
        XF_ASSIGN_OR_RETURN(county, tx.orgs().Insert(MakeOrg("county", city.id, OrgLevel::kCounty)));
        XF_ASSIGN_OR_RETURN(dept,
                            tx.orgs().Insert(MakeOrg("dept", county.id, OrgLevel::kCounty, OrgKind::kDepartment)));
        XF_ASSIGN_OR_RETURN(reg, tx.users().Insert(MakeUser("reg", county.id)));
        XF_TRY(tx.users().Insert(MakeUser("handler", dept.id)));
        XF_TRY(tx.users().InsertSession(Session{"token-hash-1", reg.id, "csrf-1", At(2026, 3, 1), At(2026, 3, 2)}));
        XF_TRY(tx.categories().Upsert({{"04", "", "劳动和社会保障"}, {"0402", "04", "拖欠农民工工资"}}));
        XF_TRY(tx.regions().Upsert(
            {{"520000", "", "贵州省"}, {"520100", "520000", "贵阳市"}, {"520102", "520100", "南明区"}}));
        XF_TRY(tx.calendar().ReplaceYear(
            2026, {CalendarDay{D(2026, 1, 1), false, "元旦"}, CalendarDay{D(2026, 2, 14), true, "春节调休"}}));
        XF_TRY(tx.settings().Set("office.name", "某县信访局"));
        XF_TRY(tx.settings().Set("odd.quotes", "a\"b\\c,d{e}f g"));
        XF_TRY(tx.settings().Set("odd.null", "NULL"));
        XF_TRY(tx.settings().Set("odd.empty", ""));
        return Ok();
    }));
    ASSERT_NO_FATAL_FAILURE(SeedPortal(s, county.id, reg.id));
    for (int done = 0; done < cases;) {
        const int n = std::min(200, cases - done);
        ASSERT_OK(s.Write([&](Transaction& tx) -> Status {
            for (int i = done; i < done + n; ++i) {
                XF_ASSIGN_OR_RETURN(int64_t seq, tx.petitions().NextSequence("number:520102:2026"));
                Petition p = MakeCase("520102-2026-" + std::to_string(seq), At(2026, 1 + i % 12, 1 + i % 28, 9),
                                      i % 3 ? county.id : dept.id, reg.id);
                XF_ASSIGN_OR_RETURN(p, tx.petitions().Insert(p));
                XF_TRY(tx.petitions().AppendEvent(Event{.petition_id = p.id,
                                                        .at = p.received_at,
                                                        .action = "register",
                                                        .actor_user_id = reg.id,
                                                        .actor_kind = "staff",
                                                        .org_id = county.id,
                                                        .public_text = "已登记",
                                                        .detail_json = "{\"n\":" + std::to_string(i) + "}"}));
                XF_TRY(tx.audit().Append(AuditRecord{.at = p.received_at,
                                                     .actor_user_id = reg.id,
                                                     .actor_kind = "staff",
                                                     .action = "petition.register",
                                                     .object_type = "petition",
                                                     .object_id = std::to_string(p.id),
                                                     .detail_json = "{}",
                                                     .request_id = "r" + std::to_string(i),
                                                     .remote_addr = "127.0.0.1"}));
                if (i % 4 == 0) {
                    p.state = State::kForwarded;
                    p.current_org_id = dept.id;
                    p.routed_from_org_id = county.id;
                    XF_ASSIGN_OR_RETURN(p, tx.petitions().Update(p));
                    XF_TRY(tx.petitions().AppendEvent(Event{.petition_id = p.id,
                                                            .at = p.received_at + std::chrono::hours(1),
                                                            .action = "forward",
                                                            .actor_user_id = reg.id,
                                                            .actor_kind = "staff",
                                                            .org_id = county.id,
                                                            .target_org_id = dept.id,
                                                            .internal_note = "内部",
                                                            .is_public = false}));
                }
            }
            return Ok();
        }));
        done += n;
    }
    if (cases > 0) {
        ASSERT_OK(s.Write([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(auto first, tx.petitions().Get(1));
            if (!first) return Fail(Error::NotFound("case 1"));
            Petition review = MakeCase("520102-2026-R1", At(2026, 12, 30, 10), city.id, reg.id);
            review.kind = CaseKind::kReview;
            review.parent_case_id = first->id;
            review.root_case_id = first->id;
            XF_TRY(tx.petitions().Insert(review));
            // The first booking led to the first case (registered from it: version 2).
            XF_ASSIGN_OR_RETURN(auto booking, tx.reception().FindBookingByCode("ABCD-EFGH"));
            if (!booking) return Fail(Error::NotFound("booking ABCD-EFGH"));
            booking->status = BookingStatus::kRegistered;
            booking->petition_id = first->id;
            XF_TRY(tx.reception().UpdateBooking(*booking));
            return Ok();
        }));
    }
}

// Every row a port can read, for comparing the two stores.
struct Snapshot {
    std::vector<Org> orgs;
    std::vector<User> users;
    std::map<int64_t, Petition> petitions;
    std::map<int64_t, std::vector<Event>> events;
    std::vector<AuditRecord> audit;
    std::vector<Category> categories;
    std::vector<Region> regions;
    std::vector<CalendarDay> calendar;
    std::map<std::string, std::optional<std::string>> settings;
    std::optional<Session> session;
    std::vector<ReceptionDay> days;
    std::map<int64_t, std::vector<ReceptionBooking>> bookings;  // by day
    std::vector<OutboxMessage> outbox;                          // by id
    OutboxCounts outbox_counts;
    std::optional<PortalOtp> otp;
};

Snapshot Take(UnitOfWork& s) {
    Snapshot out;
    EXPECT_OK(s.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(out.orgs, tx.orgs().List());
        XF_ASSIGN_OR_RETURN(out.users, tx.users().List(std::nullopt));
        PetitionFilter f;
        f.limit = 100000;
        XF_ASSIGN_OR_RETURN(PetitionPage page, tx.petitions().List(f));
        for (auto& p : page.items) {
            XF_ASSIGN_OR_RETURN(auto got, tx.petitions().Get(p.id));  // the full record by id
            if (got) out.petitions[p.id] = *got;
            XF_ASSIGN_OR_RETURN(out.events[p.id], tx.petitions().Events(p.id));
        }
        XF_ASSIGN_OR_RETURN(out.audit, tx.audit().List(AuditFilter{.limit = 100000}));
        XF_ASSIGN_OR_RETURN(out.categories, tx.categories().List());
        XF_ASSIGN_OR_RETURN(out.regions, tx.regions().List());
        XF_ASSIGN_OR_RETURN(out.calendar, tx.calendar().List());
        for (const char* k : {"office.name", "odd.quotes", "odd.null", "odd.empty", "missing"})
            XF_ASSIGN_OR_RETURN(out.settings[k], tx.settings().Get(k));
        XF_ASSIGN_OR_RETURN(out.session, tx.users().FindSession("token-hash-1"));
        XF_ASSIGN_OR_RETURN(out.days, tx.reception().ListDays(ReceptionDayFilter{}));
        for (const auto& d : out.days) XF_ASSIGN_OR_RETURN(out.bookings[d.id], tx.reception().ListBookings(d.id));
        for (int64_t id = 1;; ++id) {
            XF_ASSIGN_OR_RETURN(auto m, tx.outbox().Get(id));
            if (!m) break;
            out.outbox.push_back(std::move(*m));
        }
        XF_ASSIGN_OR_RETURN(out.outbox_counts, tx.outbox().Counts());
        XF_ASSIGN_OR_RETURN(out.otp, tx.portal_otps().Get("QOTP-1"));
        return Ok();
    }));
    return out;
}

void ExpectSame(const Snapshot& got, const Snapshot& want) {
    ASSERT_EQ(got.orgs.size(), want.orgs.size());
    for (size_t i = 0; i < got.orgs.size(); ++i) {
        const Org &a = got.orgs[i], &b = want.orgs[i];
        EXPECT_EQ(a.id, b.id);
        EXPECT_EQ(a.code, b.code);
        EXPECT_EQ(a.parent_id, b.parent_id);
        EXPECT_EQ(a.name, b.name);
        EXPECT_EQ(a.level, b.level);
        EXPECT_EQ(a.kind, b.kind);
        EXPECT_EQ(a.path, b.path);
    }
    ASSERT_EQ(got.users.size(), want.users.size());
    for (size_t i = 0; i < got.users.size(); ++i) {
        EXPECT_EQ(got.users[i].id, want.users[i].id);
        EXPECT_EQ(got.users[i].login, want.users[i].login);
        EXPECT_EQ(got.users[i].org_id, want.users[i].org_id);
        EXPECT_EQ(got.users[i].roles.Bits(), want.users[i].roles.Bits());
        EXPECT_EQ(got.users[i].password_hash, want.users[i].password_hash);
    }
    ASSERT_EQ(got.petitions.size(), want.petitions.size());
    for (const auto& [id, w] : want.petitions) {
        auto it = got.petitions.find(id);
        ASSERT_NE(it, got.petitions.end()) << "petition " << id;
        EXPECT_EQ(it->second.id, w.id);
        EXPECT_EQ(it->second.version, w.version);
        EXPECT_EQ(it->second.number, w.number);
        EXPECT_EQ(it->second.parent_case_id, w.parent_case_id);
        EXPECT_EQ(EncodePetition(it->second), EncodePetition(w)) << "petition " << id;  // every field
    }
    ASSERT_EQ(got.events.size(), want.events.size());
    for (const auto& [id, w] : want.events) {
        const auto& g = got.events.at(id);
        ASSERT_EQ(g.size(), w.size());
        for (size_t i = 0; i < g.size(); ++i) {
            EXPECT_EQ(g[i].id, w[i].id);
            EXPECT_EQ(g[i].at, w[i].at);
            EXPECT_EQ(g[i].action, w[i].action);
            EXPECT_EQ(g[i].target_org_id, w[i].target_org_id);
            EXPECT_EQ(g[i].public_text, w[i].public_text);
            EXPECT_EQ(g[i].internal_note, w[i].internal_note);
            EXPECT_EQ(g[i].detail_json, w[i].detail_json);
            EXPECT_EQ(g[i].is_public, w[i].is_public);
        }
    }
    ASSERT_EQ(got.audit.size(), want.audit.size());
    for (size_t i = 0; i < got.audit.size(); ++i) {
        EXPECT_EQ(got.audit[i].id, want.audit[i].id);
        EXPECT_EQ(got.audit[i].object_id, want.audit[i].object_id);
        EXPECT_EQ(got.audit[i].request_id, want.audit[i].request_id);
    }
    ASSERT_EQ(got.categories.size(), want.categories.size());
    for (size_t i = 0; i < got.categories.size(); ++i) EXPECT_EQ(got.categories[i].name, want.categories[i].name);
    ASSERT_EQ(got.regions.size(), want.regions.size());
    for (size_t i = 0; i < got.regions.size(); ++i) EXPECT_EQ(got.regions[i].name, want.regions[i].name);
    ASSERT_EQ(got.calendar.size(), want.calendar.size());
    for (size_t i = 0; i < got.calendar.size(); ++i) {
        EXPECT_EQ(got.calendar[i].day, want.calendar[i].day);
        EXPECT_EQ(got.calendar[i].workday, want.calendar[i].workday);
    }
    EXPECT_EQ(got.settings, want.settings);
    ASSERT_TRUE(got.session.has_value());
    ASSERT_TRUE(want.session.has_value());
    EXPECT_EQ(got.session->user_id, want.session->user_id);
    EXPECT_EQ(got.session->expires_at, want.session->expires_at);

    ASSERT_EQ(got.days.size(), want.days.size());
    ASSERT_EQ(want.days.size(), 2u);
    for (size_t i = 0; i < got.days.size(); ++i) {
        const ReceptionDay &a = got.days[i], &b = want.days[i];
        EXPECT_EQ(a.id, b.id);
        EXPECT_EQ(a.org_id, b.org_id);
        EXPECT_EQ(a.date, b.date);
        EXPECT_EQ(a.start_minute, b.start_minute);
        EXPECT_EQ(a.end_minute, b.end_minute);
        EXPECT_EQ(a.slot_minutes, b.slot_minutes);
        EXPECT_EQ(a.per_slot, b.per_slot);
        EXPECT_EQ(a.place, b.place);
        EXPECT_EQ(a.leader_name, b.leader_name);
        EXPECT_EQ(a.leader_title, b.leader_title);
        EXPECT_EQ(a.topics, b.topics);
        EXPECT_EQ(a.published, b.published);
        EXPECT_EQ(a.cancelled, b.cancelled);
        EXPECT_EQ(a.version, b.version);
        EXPECT_EQ(a.created_by, b.created_by);
    }
    ASSERT_EQ(got.bookings.size(), want.bookings.size());
    for (const auto& [day, w] : want.bookings) {
        const auto& g = got.bookings.at(day);
        ASSERT_EQ(g.size(), w.size()) << "day " << day;
        for (size_t i = 0; i < g.size(); ++i) {
            EXPECT_EQ(g[i].id, w[i].id);
            EXPECT_EQ(g[i].day_id, w[i].day_id);
            EXPECT_EQ(g[i].slot_minute, w[i].slot_minute);
            EXPECT_EQ(g[i].confirmation_code, w[i].confirmation_code);
            EXPECT_EQ(g[i].name, w[i].name);
            EXPECT_EQ(g[i].phone_sealed, w[i].phone_sealed);
            EXPECT_EQ(g[i].id_number_sealed, w[i].id_number_sealed);
            EXPECT_EQ(g[i].region_code, w[i].region_code);
            EXPECT_EQ(g[i].summary, w[i].summary);
            EXPECT_EQ(g[i].status, w[i].status);
            EXPECT_EQ(g[i].petition_id, w[i].petition_id);
            EXPECT_EQ(g[i].created_at, w[i].created_at);
            EXPECT_EQ(g[i].version, w[i].version);
        }
    }
    ASSERT_EQ(got.outbox.size(), want.outbox.size());
    ASSERT_EQ(want.outbox.size(), 4u);
    for (size_t i = 0; i < got.outbox.size(); ++i) {
        const OutboxMessage &a = got.outbox[i], &b = want.outbox[i];
        EXPECT_EQ(a.id, b.id);
        EXPECT_EQ(a.key, b.key);
        EXPECT_EQ(a.channel, b.channel);
        EXPECT_EQ(a.recipient_sealed, b.recipient_sealed);
        EXPECT_EQ(a.subject, b.subject);
        EXPECT_EQ(a.body, b.body);
        EXPECT_EQ(a.topic, b.topic);
        EXPECT_EQ(a.created_at, b.created_at);
        EXPECT_EQ(a.status, b.status);
        EXPECT_EQ(a.attempts, b.attempts);
        EXPECT_EQ(a.next_attempt_at, b.next_attempt_at);
        EXPECT_EQ(a.last_error, b.last_error);
        EXPECT_EQ(a.sent_at, b.sent_at);
    }
    EXPECT_EQ(got.outbox_counts.pending, want.outbox_counts.pending);
    EXPECT_EQ(got.outbox_counts.sent, want.outbox_counts.sent);
    EXPECT_EQ(got.outbox_counts.dead, want.outbox_counts.dead);
    EXPECT_EQ(got.outbox_counts.oldest_pending, want.outbox_counts.oldest_pending);
    ASSERT_TRUE(got.otp.has_value());
    ASSERT_TRUE(want.otp.has_value());
    EXPECT_EQ(got.otp->code_hash, want.otp->code_hash);
    EXPECT_EQ(got.otp->expires_at, want.otp->expires_at);
    EXPECT_EQ(got.otp->attempts_left, want.otp->attempts_left);
}

std::string FileBytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const TableReport* Find(const CopyReport& r, const std::string& table) {
    for (const auto& t : r.tables)
        if (t.table == table) return &t;
    return nullptr;
}

// A temporary directory for the SQLite file and a fresh schema in the test server; both removed afterwards.
class DbCopy : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_FALSE(BaseUrl().empty()) << "no PostgreSQL: set XINFANG_TEST_PG_URL or XINFANG_TEST_PG_DIR";
        static std::atomic<int> counter{0};
        tag_ = std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
               std::to_string(std::random_device{}() % 100000);
        dir_ = std::filesystem::temp_directory_path() / ("xf_copy_test_" + tag_);
        std::filesystem::create_directories(dir_);
        db_ = dir_ / "xinfang.db";
        url_ = NewSchema("xf_copy_" + tag_);
    }
    void TearDown() override {
        if (auto admin = pg::Conn::Open(BaseUrl()))
            for (const auto& s : schemas_) (void)(*admin)->Exec("DROP SCHEMA IF EXISTS " + s + " CASCADE");
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    std::string NewSchema(const std::string& name) {
        auto admin = pg::Conn::Open(BaseUrl());
        EXPECT_OK(admin);
        if (!admin) return "";
        EXPECT_OK((*admin)->Exec("CREATE SCHEMA " + name));
        schemas_.push_back(name);
        std::string url = BaseUrl();
        return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + name;
    }

    // Fills the SQLite store, then closes it (the copy reads a file nobody writes).
    void MakeSource(int cases) {
        auto store = OpenSqliteStore(SqliteOptions{.path = db_});
        ASSERT_OK(store);
        ASSERT_NO_FATAL_FAILURE(Seed(**store, cases));
    }
    Snapshot SourceSnapshot() {
        auto store = OpenSqliteStore(SqliteOptions{.path = db_});
        EXPECT_OK(store);
        return store ? Take(**store) : Snapshot{};
    }
    std::unique_ptr<UnitOfWork> Target(const std::string& url) {
        auto store = OpenPostgresStore(PostgresOptions{.url = url, .pool_size = 2});
        EXPECT_OK(store);
        return store ? std::move(*store) : nullptr;
    }
    CopyOptions Options(int batch_rows = 2000) const {
        CopyOptions o;
        o.from_sqlite = db_;
        o.to_url = url_;
        o.batch_rows = batch_rows;
        return o;
    }
    int64_t Scalar(const std::string& url, const std::string& sql) {
        auto c = pg::Conn::Open(url);
        EXPECT_OK(c);
        if (!c) return -1;
        auto r = (*c)->QueryUncached(sql);
        EXPECT_OK(r);
        return r && r->size() > 0 ? r->Int64(0, 0) : -1;
    }

    std::string tag_;
    std::filesystem::path dir_, db_;
    std::string url_;
    std::vector<std::string> schemas_;
};

TEST_F(DbCopy, CopiesEveryTableAndReadsBackThroughThePorts) {
    ASSERT_NO_FATAL_FAILURE(MakeSource(30));
    const std::string before = FileBytes(db_);

    std::map<std::string, int64_t> last_progress;
    CopyOptions o = Options(7);  // several batches per table
    o.progress = [&](const std::string& t, int64_t done, int64_t total) {
        EXPECT_LE(done, total) << t;
        EXPECT_GE(done, last_progress[t]) << t;
        last_progress[t] = done;
    };
    auto r = CopyDatabase(o);
    ASSERT_OK(r);
    EXPECT_TRUE(r->ok);
    EXPECT_FALSE(r->resumed);
    int64_t total = 0;
    for (const auto& t : r->tables) {
        SCOPED_TRACE(t.table);
        EXPECT_TRUE(t.ok);
        EXPECT_EQ(t.source_rows, t.target_rows);
        EXPECT_EQ(t.source_checksum, t.target_checksum);
        EXPECT_EQ(t.source_checksum.size(), 64u);
        EXPECT_EQ(last_progress[t.table], t.source_rows);
        total += t.source_rows;
    }
    EXPECT_EQ(r->rows_copied, total);
    // Every table of the schema, parents before children.
    std::vector<std::string> order;
    for (const auto& t : r->tables) order.push_back(t.table);
    for (const char* t :
         {"orgs", "users", "sessions", "categories", "petitions", "petition_orgs", "petition_users", "events", "audit",
          "sequences", "settings", "regions", "calendar_days", "stat_day", "stat_month", "reception_days",
          "reception_bookings", "outbox", "portal_otps"})
        EXPECT_NE(std::find(order.begin(), order.end(), t), order.end()) << t;
    auto pos = [&](const char* t) { return std::find(order.begin(), order.end(), t) - order.begin(); };
    EXPECT_LT(pos("orgs"), pos("users"));
    EXPECT_LT(pos("users"), pos("sessions"));
    EXPECT_LT(pos("petitions"), pos("events"));
    EXPECT_LT(pos("petitions"), pos("petition_orgs"));
    EXPECT_LT(pos("petitions"), pos("petition_users"));
    EXPECT_EQ(Find(*r, "petitions")->source_rows, 31);
    EXPECT_EQ(Find(*r, "orgs")->source_rows, 4);
    EXPECT_GT(Find(*r, "stat_day")->source_rows, 0);
    EXPECT_EQ(Find(*r, "sequences")->source_rows, 1);
    EXPECT_LT(pos("orgs"), pos("reception_days"));
    EXPECT_LT(pos("reception_days"), pos("reception_bookings"));
    EXPECT_EQ(Find(*r, "reception_days")->source_rows, 2);
    EXPECT_EQ(Find(*r, "reception_bookings")->source_rows, 2);
    EXPECT_EQ(Find(*r, "outbox")->source_rows, 4);
    EXPECT_EQ(Find(*r, "portal_otps")->source_rows, 1);

    // The source file was only read. (A read-only reader of a WAL database leaves an empty -wal and its -shm index
    // behind, as any reader does; nothing is written to them.)
    EXPECT_EQ(FileBytes(db_), before);
    for (const auto& f : std::filesystem::directory_iterator(dir_)) {
        if (f.path() == db_ || f.path().string().ends_with("-shm")) continue;
        EXPECT_EQ(f.path().string(), db_.string() + "-wal");
        EXPECT_EQ(std::filesystem::file_size(f.path()), 0u) << f.path();
    }

    Snapshot want = SourceSnapshot();
    auto pg = Target(url_);
    ASSERT_NE(pg, nullptr);
    Snapshot got = Take(*pg);
    ASSERT_NO_FATAL_FAILURE(ExpectSame(got, want));

    // The identity sequences continue after the copied ids; the 信访件编号 counter continues too.
    const int64_t max_org =
        want.orgs.empty()
            ? 0
            : std::max_element(want.orgs.begin(), want.orgs.end(), [](auto& a, auto& b) { return a.id < b.id; })->id;
    const int64_t max_case = want.petitions.rbegin()->first;
    ASSERT_OK(pg->Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(Org o, tx.orgs().Insert(MakeOrg("new-town", want.orgs[0].id, OrgLevel::kTownship)));
        EXPECT_EQ(o.id, max_org + 1);
        XF_ASSIGN_OR_RETURN(int64_t seq, tx.petitions().NextSequence("number:520102:2026"));
        EXPECT_EQ(seq, 31);
        XF_ASSIGN_OR_RETURN(Petition p,
                            tx.petitions().Insert(MakeCase("520102-2026-31", At(2026, 12, 31, 9), o.id, 1)));
        EXPECT_EQ(p.id, max_case + 1);
        XF_ASSIGN_OR_RETURN(Event e, tx.petitions().AppendEvent(Event{.petition_id = p.id,
                                                                      .at = p.received_at,
                                                                      .action = "register",
                                                                      .actor_kind = "staff",
                                                                      .org_id = o.id}));
        for (const auto& [id, events] : want.events)
            for (const auto& old : events) EXPECT_GT(e.id, old.id);
        return tx.audit().Append(AuditRecord{.at = p.received_at, .action = "x", .object_type = "petition"});
    }));
    EXPECT_EQ(Scalar(url_, "SELECT max(id) FROM audit"), static_cast<int64_t>(want.audit.size()) + 1);

    // The portal's tables: new rows get ids after the copied ones; keys and codes stay taken; the lease held in
    // SQLite (message 3 until 13:00) still holds, so only the never-claimed message is due at 12:30.
    ASSERT_OK(pg->Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(ReceptionDay d, tx.reception().InsertDay(ReceptionDay{.org_id = want.orgs[0].id,
                                                                                  .date = D(2026, 4, 1),
                                                                                  .place = "新址",
                                                                                  .created_by = 1}));
        EXPECT_EQ(d.id, 3);
        XF_ASSIGN_OR_RETURN(ReceptionBooking b,
                            tx.reception().InsertBooking(ReceptionBooking{.day_id = d.id,
                                                                          .slot_minute = 9 * 60,
                                                                          .confirmation_code = "NEWC-0001",
                                                                          .created_at = At(2026, 3, 15)}));
        EXPECT_EQ(b.id, 3);
        XF_ASSIGN_OR_RETURN(bool fresh, tx.outbox().Enqueue(OutboxMessage{.key = "petition.step:5",
                                                                          .created_at = At(2026, 3, 2),
                                                                          .next_attempt_at = At(2026, 3, 2)}));
        EXPECT_TRUE(fresh);
        // (Refused inserts below still draw an identity value: PostgreSQL ids may have gaps.)
        auto taken = tx.reception().InsertBooking(ReceptionBooking{.day_id = d.id,
                                                                   .slot_minute = 9 * 60,
                                                                   .confirmation_code = "ABCD-EFGH",
                                                                   .created_at = At(2026, 3, 15)});
        EXPECT_FALSE(taken);
        if (!taken) {
            EXPECT_EQ(taken.error().code, ErrorCode::kAlreadyExists);
        }
        XF_ASSIGN_OR_RETURN(bool again, tx.outbox().Enqueue(OutboxMessage{.key = "petition.step:1"}));
        EXPECT_FALSE(again);
        XF_ASSIGN_OR_RETURN(auto due, tx.outbox().ClaimDue("host-b:1", At(2026, 3, 1, 12) + std::chrono::minutes(30),
                                                           At(2026, 3, 1, 14), 10));
        EXPECT_EQ(due.size(), 1u);
        if (!due.empty()) {
            EXPECT_EQ(due[0].key, "petition.step:4");
        }
        return Ok();
    }));
    EXPECT_EQ(Scalar(url_, "SELECT id FROM outbox WHERE key = 'petition.step:5'"), 5);
    EXPECT_EQ(Scalar(url_, "SELECT count(*) FROM outbox WHERE lease_owner = 'host-a:1'"), 1);
}

// reception_days.day is a date on PostgreSQL and 'YYYY-MM-DD' text in SQLite. A target whose sessions print dates
// in another style (here the URL's options, as a role or database default would) changes neither the copy's
// comparison nor what the store reads back.
TEST_F(DbCopy, ANonIsoDateStyleOnTheTargetChangesNothing) {
    ASSERT_NO_FATAL_FAILURE(MakeSource(2));
    CopyOptions o = Options();
    o.to_url += "%20-cDateStyle%3DSQL%2CDMY";
    EXPECT_EQ(Scalar(o.to_url, "SELECT CASE WHEN to_char(DATE '2026-03-20', 'YYYY') = '2026' AND "
                               "DATE '2026-03-20'::text = '20/03/2026' THEN 1 ELSE 0 END"),
              1);  // the option is in effect
    auto r = CopyDatabase(o);
    ASSERT_OK(r);
    EXPECT_TRUE(r->ok);
    ASSERT_NE(Find(*r, "reception_days"), nullptr);
    EXPECT_TRUE(Find(*r, "reception_days")->ok);
    auto v = VerifyCopy(o);
    ASSERT_OK(v);
    EXPECT_TRUE(v->ok);
    auto pg = Target(o.to_url);
    ASSERT_NE(pg, nullptr);
    ASSERT_OK(pg->Read([&](Transaction& tx) -> Status {
        ReceptionDayFilter march;
        march.from = D(2026, 3, 20);
        march.to = D(2026, 3, 20);
        XF_ASSIGN_OR_RETURN(auto days, tx.reception().ListDays(march));
        EXPECT_EQ(days.size(), 1u);
        if (!days.empty()) {
            EXPECT_EQ(FormatDate(days[0].date), "2026-03-20");
        }
        return Ok();
    }));
}

TEST_F(DbCopy, RunningAgainOnlyVerifies) {
    ASSERT_NO_FATAL_FAILURE(MakeSource(5));
    auto first = CopyDatabase(Options());
    ASSERT_OK(first);
    ASSERT_TRUE(first->ok);
    auto again = CopyDatabase(Options());
    ASSERT_OK(again);
    EXPECT_TRUE(again->ok);
    EXPECT_TRUE(again->resumed);
    EXPECT_EQ(again->rows_copied, 0);
    for (size_t i = 0; i < again->tables.size(); ++i)
        EXPECT_EQ(again->tables[i].target_checksum, first->tables[i].target_checksum);
    auto v = VerifyCopy(Options());
    ASSERT_OK(v);
    EXPECT_TRUE(v->ok);
}

TEST_F(DbCopy, RefusesATargetHoldingOtherData) {
    ASSERT_NO_FATAL_FAILURE(MakeSource(3));
    {
        auto pg = Target(url_);
        ASSERT_NE(pg, nullptr);
        ASSERT_OK(pg->Write([&](Transaction& tx) -> Status { return tx.settings().Set("office.name", "别的单位"); }));
    }
    auto r = CopyDatabase(Options());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition) << r.error().message;
    EXPECT_NE(r.error().message.find("settings"), std::string::npos) << r.error().message;
    // Nothing written: no orgs, no bookkeeping table.
    EXPECT_EQ(Scalar(url_, "SELECT count(*) FROM orgs"), 0);
    EXPECT_EQ(Scalar(url_, "SELECT count(*) FROM settings"), 1);
    EXPECT_EQ(Scalar(url_,
                     "SELECT count(*) FROM pg_tables WHERE tablename = 'xf_copy_progress' AND schemaname = "
                     "current_schema()"),
              0);
}

TEST_F(DbCopy, RefusesToResumeFromChangedSourceData) {
    ASSERT_NO_FATAL_FAILURE(MakeSource(5));
    CopyOptions o = Options(3);
    o.stop_after_batches = 2;
    auto partial = CopyDatabase(o);
    ASSERT_FALSE(partial);
    EXPECT_EQ(partial.error().code, ErrorCode::kAborted);
    {  // the office kept working on SQLite in between
        auto store = OpenSqliteStore(SqliteOptions{.path = db_});
        ASSERT_OK(store);
        ASSERT_OK((*store)->Write([](Transaction& tx) -> Status { return tx.settings().Set("office.name", "改了"); }));
    }
    auto r = CopyDatabase(Options());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition) << r.error().message;

    // And a completed copy is not silently mixed with another source either.
    std::string other = NewSchema("xf_copy_other_" + tag_);
    CopyOptions to_other = Options();
    to_other.to_url = other;
    ASSERT_OK(CopyDatabase(to_other));
    {
        auto store = OpenSqliteStore(SqliteOptions{.path = db_});
        ASSERT_OK(store);
        ASSERT_OK(
            (*store)->Write([](Transaction& tx) -> Status { return tx.settings().Set("office.name", "又改了"); }));
    }
    auto again = CopyDatabase(to_other);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(DbCopy, InterruptedCopyResumesToTheSameChecksums) {
    ASSERT_NO_FATAL_FAILURE(MakeSource(40));
    // A reference: the whole copy in one go into another schema.
    std::string reference = NewSchema("xf_copy_ref_" + tag_);
    CopyOptions ref = Options();
    ref.to_url = reference;
    auto want = CopyDatabase(ref);
    ASSERT_OK(want);
    ASSERT_TRUE(want->ok);

    // Stopped after every 4 committed batches of 5 rows; each run continues where the last one stopped.
    CopyOptions o = Options(5);
    o.stop_after_batches = 4;
    int runs = 0;
    Result<CopyReport> r = Fail(Error::Internal("not run"));
    while (++runs < 1000) {
        r = CopyDatabase(o);
        if (r || r.error().code != ErrorCode::kAborted) break;
        // Each committed batch carried its progress row: the copied rows are exactly those recorded.
        EXPECT_EQ(Scalar(url_, "SELECT count(*) FROM petitions"),
                  Scalar(url_, "SELECT rows_done FROM xf_copy_progress WHERE table_name = 'petitions'"));
    }
    ASSERT_OK(r);
    EXPECT_GT(runs, 5);
    EXPECT_TRUE(r->ok);
    EXPECT_TRUE(r->resumed);
    ASSERT_EQ(r->tables.size(), want->tables.size());
    for (size_t i = 0; i < r->tables.size(); ++i) {
        EXPECT_EQ(r->tables[i].table, want->tables[i].table);
        EXPECT_EQ(r->tables[i].target_rows, want->tables[i].target_rows);
        EXPECT_EQ(r->tables[i].target_checksum, want->tables[i].target_checksum) << r->tables[i].table;
    }
    // The search index was interrupted too (batches of 5 of 41 cases) and resumed to the same rows.
    EXPECT_EQ(Scalar(url_, "SELECT count(*) FROM petition_search"), 41);
    const std::string ref_schema = "xf_copy_ref_" + tag_, schema = "xf_copy_" + tag_;
    EXPECT_EQ(Scalar(url_, "SELECT count(*) FROM " + ref_schema + ".petition_search a FULL JOIN " + schema +
                               ".petition_search b USING (petition_id) WHERE a.sig IS DISTINCT FROM b.sig OR "
                               "a.search IS DISTINCT FROM b.search OR a.keys IS DISTINCT FROM b.keys"),
              0);
    EXPECT_GT(Scalar(url_, "SELECT count(*) FROM petition_search WHERE cardinality(keys) > 0"), 0);
}

// The search index is the target's own: SQLite's FTS5 tables, signatures and keys are not copied, nor the
// source's index version; the copy builds the index through the target's store and records it as complete.
TEST_F(DbCopy, TheTargetFindsCopiedCasesByTextAndKeys) {
    ASSERT_NO_FATAL_FAILURE(MakeSource(6));
    Petition wages;
    {
        auto store = OpenSqliteStore(SqliteOptions{.path = db_});
        ASSERT_OK(store);
        ASSERT_OK((*store)->Write([&](Transaction& tx) -> Status {
            Petition p = MakeCase("520102-2026-W", At(2026, 6, 1, 9), 3, 1);
            p.title = "反映拖欠农民工工资";
            p.content = "某建筑公司拖欠三十名农民工工资共计四十万元，至今未付。";
            p.petitioners[0].name = "王五";
            XF_ASSIGN_OR_RETURN(wages, tx.petitions().Insert(p));
            return tx.settings().Set("search.index_version", "an-older-tokenizer");
        }));
    }
    int64_t indexed = -1, indexed_total = -1;
    CopyOptions o = Options(3);
    o.progress = [&](const std::string& t, int64_t done, int64_t total) {
        EXPECT_LE(done, total) << t;
        if (t != "petition_search") return;
        EXPECT_GE(done, indexed);
        indexed = done;
        indexed_total = total;
    };
    auto r = CopyDatabase(o);
    ASSERT_OK(r);
    EXPECT_TRUE(r->ok);
    for (const auto& t : r->tables) {
        EXPECT_FALSE(t.table.starts_with("petition_fts")) << t.table;
        EXPECT_NE(t.table, "petition_search");
        EXPECT_NE(t.table, "petition_keys");
    }
    EXPECT_EQ(Find(*r, "settings")->source_rows, 4);  // without search.index_version
    EXPECT_EQ(indexed, 8);
    EXPECT_EQ(indexed_total, 8);

    auto pg = Target(url_);
    ASSERT_NE(pg, nullptr);
    ASSERT_OK(pg->Read([&](Transaction& tx) -> Status {
        PetitionFilter f;
        XF_ASSIGN_OR_RETURN(f.text, search::ParseQuery("工资"));
        XF_ASSIGN_OR_RETURN(PetitionPage page, tx.petitions().List(f));
        EXPECT_EQ(page.items.size(), 1u);
        if (!page.items.empty()) {
            EXPECT_EQ(page.items[0].number, "520102-2026-W");
        }
        XF_ASSIGN_OR_RETURN(SearchPage ranked, tx.petitions().Search(SearchRequest{.filter = f}));
        EXPECT_EQ(ranked.items.size(), 1u);
        if (!ranked.items.empty()) {
            EXPECT_EQ(ranked.items[0].petition.id, wages.id);
        }
        XF_ASSIGN_OR_RETURN(f.text, search::ParseQuery("王五 农民工"));
        XF_ASSIGN_OR_RETURN(int64_t n, tx.petitions().Count(f));
        EXPECT_EQ(n, 1);
        // Every case carries the same 证件号 index: the repeat keys were built for all of them.
        XF_ASSIGN_OR_RETURN(auto same, tx.petitions().FindByMatchKeys(repeat::MatchKeys(wages), 100));
        EXPECT_EQ(same.size(), 8u);
        if (!same.empty()) {
            EXPECT_EQ(same[0].id, wages.id);
        }
        XF_ASSIGN_OR_RETURN(auto version, tx.settings().Get("search.index_version"));
        EXPECT_EQ(version, std::string(search::kTokenizerVersion));
        return Ok();
    }));
    EXPECT_EQ(Scalar(url_, "SELECT count(*) FROM petition_search"), 8);
    // Running again skips the complete index; verification leaves the index and its version out.
    auto again = CopyDatabase(Options());
    ASSERT_OK(again);
    EXPECT_TRUE(again->ok);
    EXPECT_EQ(again->rows_copied, 0);
    auto v = VerifyCopy(Options());
    ASSERT_OK(v);
    EXPECT_TRUE(v->ok);
}

TEST_F(DbCopy, KilledCopyResumes) {
    ASSERT_NO_FATAL_FAILURE(MakeSource(150));
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {  // one row per transaction, killed from outside at an arbitrary moment
        auto r = CopyDatabase(Options(1));
        ::_exit(r ? 0 : 3);
    }
    {
        auto c = pg::Conn::Open(url_);
        ASSERT_OK(c);
        for (int i = 0; i < 2000; ++i) {
            auto done = (*c)->QueryUncached("SELECT coalesce(sum(rows_done), 0) FROM xf_copy_progress");
            if (done && done->Int64(0, 0) >= 200) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status)) << "the copy finished before it could be killed";

    // Whatever was committed is complete and recorded.
    auto c = pg::Conn::Open(url_);
    ASSERT_OK(c);
    auto progress = (*c)->QueryUncached("SELECT table_name, rows_done FROM xf_copy_progress");
    ASSERT_OK(progress);
    int64_t copied = 0;
    for (int i = 0; i < progress->size(); ++i) {
        const std::string table = progress->Text(i, 0);
        EXPECT_EQ(Scalar(url_, "SELECT count(*) FROM " + table), progress->Int64(i, 1)) << table;
        copied += progress->Int64(i, 1);
    }
    EXPECT_GT(copied, 0);

    // (The dead session's copy lock goes when the server notices the closed connection; the copy waits for it.)
    auto r = CopyDatabase(Options());
    ASSERT_OK(r);
    EXPECT_TRUE(r->ok);
    EXPECT_TRUE(r->resumed);
    int64_t total = 0;
    for (const auto& t : r->tables) total += t.source_rows;
    EXPECT_EQ(r->rows_copied, total - copied);
    auto pg = Target(url_);
    ASSERT_NE(pg, nullptr);
    ASSERT_NO_FATAL_FAILURE(ExpectSame(Take(*pg), SourceSnapshot()));
}

TEST_F(DbCopy, ParentsWithLargerIdsAreLinkedAfterTheTable) {
    ASSERT_NO_FATAL_FAILURE(MakeSource(6));
    {  // Data the ports never make, but an old database might hold: a parent created after its child.
        auto c = Connection::Open(db_, OpenMode::kReadWrite);
        ASSERT_OK(c);
        ASSERT_OK(
            c->Exec("PRAGMA foreign_keys = ON;"
                    "INSERT INTO orgs(id, code, parent_id, name, level, kind, region_code, path) "
                    "VALUES (900, 'late', NULL, '后建的上级', 'city', 'petition_office', '520100', '/900/');"
                    "UPDATE orgs SET parent_id = 900 WHERE code = 'county';"
                    "UPDATE petitions SET parent_case_id = (SELECT max(id) FROM petitions) WHERE id = 1;"));
    }
    auto r = CopyDatabase(Options(1));
    ASSERT_OK(r);
    EXPECT_TRUE(r->ok);
    EXPECT_EQ(Scalar(url_, "SELECT parent_id FROM orgs WHERE code = 'county'"), 900);
    EXPECT_EQ(Scalar(url_, "SELECT parent_case_id FROM petitions WHERE id = 1"), 7);
}

TEST_F(DbCopy, RefusesSourceRowsWithDanglingForeignKeys) {
    ASSERT_NO_FATAL_FAILURE(MakeSource(2));
    {
        auto c = Connection::Open(db_, OpenMode::kReadWrite);
        ASSERT_OK(c);
        ASSERT_OK(c->Exec("PRAGMA foreign_keys = OFF; UPDATE users SET org_id = 777 WHERE login = 'reg';"));
    }
    auto r = CopyDatabase(Options());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(r.error().message.find("users"), std::string::npos) << r.error().message;
    // Refused before anything was written to the target, not even the schema.
    EXPECT_EQ(Scalar(url_, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"), 0);
}

TEST_F(DbCopy, VerifyFindsAChangedRow) {
    ASSERT_NO_FATAL_FAILURE(MakeSource(5));
    ASSERT_OK(CopyDatabase(Options()));
    {
        auto c = pg::Conn::Open(url_);
        ASSERT_OK(c);
        ASSERT_OK((*c)->Exec("UPDATE petitions SET doc = doc || ' ' WHERE id = 3"));
    }
    auto v = VerifyCopy(Options());
    ASSERT_OK(v);
    EXPECT_FALSE(v->ok);
    for (const auto& t : v->tables) {
        EXPECT_EQ(t.ok, t.table != "petitions") << t.table;
        EXPECT_EQ(t.source_rows, t.target_rows) << t.table;
    }
    EXPECT_EQ(DbCopyCommand("sqlite:" + db_.string(), url_, true), 1);
}

TEST_F(DbCopy, CommandLine) {
    ASSERT_NO_FATAL_FAILURE(MakeSource(4));
    EXPECT_EQ(DbCopyCommand(db_.string(), url_, false), 2);  // not sqlite:PATH
    EXPECT_EQ(DbCopyCommand("postgresql://x@127.0.0.1/db", url_, false), 2);
    EXPECT_EQ(DbCopyCommand("sqlite:" + db_.string(), "sqlite:/tmp/x.db", false), 2);
    EXPECT_EQ(DbCopyCommand("sqlite:" + (dir_ / "missing.db").string(), url_, false), 2);
    EXPECT_EQ(DbCopyCommand("sqlite:" + db_.string(), url_, false), 0);
    EXPECT_EQ(DbCopyCommand("sqlite:" + db_.string(), url_, true), 0);
    EXPECT_EQ(DbCopyCommand("sqlite:" + db_.string(), url_, false), 0);  // again: nothing to do, verified

    std::string used = NewSchema("xf_copy_used_" + tag_);
    {
        auto pg = Target(used);
        ASSERT_NE(pg, nullptr);
        ASSERT_OK(pg->Write([](Transaction& tx) -> Status { return tx.settings().Set("k", "v"); }));
    }
    EXPECT_EQ(DbCopyCommand("sqlite:" + db_.string(), used, false), 1);
}

}  // namespace
}  // namespace xf::storage
