#include "app/services.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <tuple>

#include "base/json_writer.hpp"
#include "base/text.hpp"
#include "app/internal.hpp"
#include "domain/personal_data.hpp"
#include "domain/stats.hpp"

namespace xf::app {

std::string FormatQueryCode(const std::string& raw) {
    return raw.substr(0, 4) + "-" + raw.substr(4, 4) + "-" + raw.substr(8, 4);
}

namespace detail {

Status CheckText(std::string_view value, std::string_view field, size_t max_chars, bool required,
                 std::string_view label) {
    if (!IsValidUtf8(value)) return Fail(Error::InvalidArgument(std::string(field), "不是有效的 UTF-8 文本"));
    if (required && Trim(value).empty())
        return Fail(Error::InvalidArgument(std::string(field), fmt::format("{}不能为空", label)));
    if (Utf8Length(value) > max_chars)
        return Fail(Error::InvalidArgument(std::string(field), fmt::format("{}不能超过{}字", label, max_chars)));
    return Ok();
}

std::string NormalizeQueryCode(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '-' || c == ' ') continue;
        out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    return out.size() == 12 ? FormatQueryCode(out) : out;
}

std::string SecretHash(const std::string& query_code, const std::string& secret) {
    return crypto::Sha256Hex(query_code + ":" + secret);
}

}  // namespace detail

using namespace detail;

namespace {

constexpr size_t kMaxTitle = 200;      // characters
constexpr size_t kMaxContent = 20000;  // characters
constexpr int kMaxPersons = 100000;
constexpr size_t kMaxPetitioners = 50;

bool NeedsTargetOrg(Action a) {
    return a == Action::kForward || a == Action::kAssign || a == Action::kTransferPoliticalLegal ||
           a == Action::kTransferDiscipline;
}

}  // namespace

Services::Services(UnitOfWork& store, const Clock& clock, HolidayCalendar calendar, crypto::FieldCipher cipher,
                   AppOptions options)
    : store_(store), clock_(clock), base_calendar_(calendar),
      calendar_(std::make_shared<const HolidayCalendar>(std::move(calendar))), cipher_(std::move(cipher)),
      options_(std::move(options)), categories_(std::make_shared<const CategoryTable>()) {
    dummy_hash_ = crypto::HashPassword("xinfang-dummy-password", options_.password_params).value_or("");
}

// ---------------------------------------------------------------- set-up

Result<int> Services::ImportOrgs(const std::vector<OrgRow>& rows) {
    int written = 0;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        written = 0;
        for (size_t i = 0; i < rows.size(); ++i) {
            const auto& r = rows[i];
            std::string line = fmt::format("line {}", i + 2);
            if (r.code.empty()) return Fail(Error::InvalidArgument(line, "code 不能为空"));
            if (r.name.empty()) return Fail(Error::InvalidArgument(line, "name 不能为空"));
            auto level = ParseOrgLevel(r.level, line + " level");
            if (!level) return Fail(level.error());
            auto kind = ParseOrgKind(r.kind, line + " kind");
            if (!kind) return Fail(kind.error());
            XF_TRY(ValidateRegionCode(r.region_code, line + " region_code"));
            Org o;
            o.code = r.code;
            o.name = r.name;
            o.level = *level;
            o.kind = *kind;
            o.region_code = r.region_code;
            if (!r.parent_code.empty()) {
                XF_ASSIGN_OR_RETURN(auto parent, tx.orgs().FindByCode(r.parent_code));
                if (!parent)
                    return Fail(Error::InvalidArgument(line + " parent_code", "上级单位不存在：" + r.parent_code));
                o.parent_id = parent->id;
            }
            XF_ASSIGN_OR_RETURN(auto existing, tx.orgs().FindByCode(r.code));
            if (existing) {
                o.id = existing->id;
                XF_TRY(tx.orgs().Update(o));
            } else {
                auto ins = tx.orgs().Insert(o);
                if (!ins) return Fail(ins.error());
            }
            ++written;
        }
        return Audit(tx, 0, "system", "org.import", "org", "", JsonObjectWriter().Add("rows", written).Finish(), {});
    }));
    return written;
}

Result<int> Services::ImportCategories(const CategoryTable& table) {
    int n = 0;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(n, tx.categories().Upsert(table.All()));
        XF_TRY(BumpReferenceGeneration(tx));
        return Audit(tx, 0, "system", "category.import", "category", "", JsonObjectWriter().Add("rows", n).Finish(),
                     {});
    }));
    XF_TRY(LoadCategories());
    return n;
}

Status Services::LoadCategories() {
    std::vector<Category> rows;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(rows, tx.categories().List());
        return Ok();
    }));
    auto table = std::make_shared<const CategoryTable>(std::move(rows));
    std::lock_guard lock(calendar_mu_);
    categories_ = std::move(table);
    return Ok();
}

Result<User> Services::AddUser(const std::string& login, const std::string& display_name,
                               const std::string& org_code, RoleSet roles, DataScope scope,
                               const std::string& password) {
    XF_TRY(ValidateLogin(login));
    XF_TRY(CheckPasswordPolicy(password, login));
    XF_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(password, options_.password_params));
    User created;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto org, tx.orgs().FindByCode(org_code));
        if (!org) return Fail(Error::InvalidArgument("org", "单位不存在：" + org_code));
        User u;
        u.login = login;
        u.display_name = display_name.empty() ? login : display_name;
        u.org_id = org->id;
        u.roles = roles;
        u.scope = scope;
        u.password_hash = hash;
        XF_ASSIGN_OR_RETURN(created, tx.users().Insert(u));
        return Audit(tx, 0, "system", "user.add", "user", std::to_string(created.id),
                     JsonObjectWriter().Add("login", login).Add("org", org_code).Finish(), {});
    }));
    return created;
}

// ---------------------------------------------------------------- sessions

// Guessing defence (防暴力破解): failed attempts counted per account or 查询码 and per client address in 15-minute
// windows, in the database so that every app server counts the same attempts.

Status Services::CheckAttempts(const std::vector<std::pair<std::string, int64_t>>& limits) {
    Instant now = clock_.Now();
    return store_.Read([&](Transaction& tx) -> Status {
        for (const auto& [key, limit] : limits) {
            XF_ASSIGN_OR_RETURN(int64_t n, tx.rate_limits().Count(key, now, kAttemptWindow));
            if (n >= limit) return Fail(Error::ResourceExhausted("尝试次数过多，请15分钟后再试"));
        }
        return Ok();
    });
}

Status Services::RecordFailedAttempt(Transaction& tx, const std::vector<std::pair<std::string, int64_t>>& limits) {
    for (const auto& [key, limit] : limits) XF_TRY(tx.rate_limits().Hit(key, clock_.Now(), kAttemptWindow));
    return Ok();
}

Result<LoginResult> Services::Login(const std::string& login, const std::string& password, const RequestMeta& meta) {
    const std::vector<std::pair<std::string, int64_t>> limits = {{"login:" + login, kFailuresPerAccount},
                                                                 {"ip:" + meta.remote_addr, kFailuresPerAddress}};
    if (auto blocked = CheckAttempts(limits); !blocked) {
        (void)store_.Write([&](Transaction& tx) {
            return Audit(tx, 0, "staff", "session.login_blocked", "user", login, "{}", meta);
        });
        return Fail(blocked.error());
    }
    std::optional<User> user;
    std::optional<Org> org;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(user, tx.users().FindByLogin(login));
        if (user) {
            XF_ASSIGN_OR_RETURN(org, tx.orgs().Get(user->org_id));
        }
        return Ok();
    }));
    bool ok = user ? crypto::VerifyPassword(password, user->password_hash)
                   : (crypto::VerifyPassword(password, dummy_hash_), false);
    if (!ok || !user->active || !org) {
        (void)store_.Write([&](Transaction& tx) -> Status {
            XF_TRY(RecordFailedAttempt(tx, limits));
            return Audit(tx, user ? user->id : 0, "staff", "session.login_failed", "user", login, "{}", meta);
        });
        return Fail(Error::Unauthenticated("登录名或密码错误"));
    }
    LoginResult r;
    r.token = crypto::RandomToken(32);
    r.csrf_token = crypto::RandomToken(24);
    r.user = *user;
    r.org = *org;
    Instant now = clock_.Now();
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_TRY(tx.users().DeleteExpiredSessions(now));
        XF_TRY(tx.rate_limits().Reset("login:" + login));
        XF_TRY(tx.users().InsertSession(
            Session{crypto::Sha256Hex(r.token), user->id, r.csrf_token, now, now + options_.session_ttl}));
        return Audit(tx, user->id, "staff", "session.login", "user", std::to_string(user->id), "{}", meta);
    }));
    return r;
}

Result<Principal> Services::Authenticate(const std::string& token) {
    if (token.empty()) return Fail(Error::Unauthenticated("未登录"));
    Principal p;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto s, tx.users().FindSession(crypto::Sha256Hex(token)));
        if (!s || s->expires_at <= clock_.Now()) return Fail(Error::Unauthenticated("会话已过期，请重新登录"));
        XF_ASSIGN_OR_RETURN(auto u, tx.users().Get(s->user_id));
        if (!u || !u->active) return Fail(Error::Unauthenticated("用户已停用"));
        XF_ASSIGN_OR_RETURN(auto o, tx.orgs().Get(u->org_id));
        if (!o) return Fail(Error::Unauthenticated("用户所属单位不存在"));
        p.user = *u;
        p.org = *o;
        return Ok();
    }));
    return p;
}

Result<bool> Services::CheckCsrf(const std::string& token, const std::string& csrf) {
    if (csrf.empty()) return false;
    bool ok = false;
    // A failed read is an error (503), not a wrong token: crash_pg_test saw a 403 here while PostgreSQL restarted.
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto s, tx.users().FindSession(crypto::Sha256Hex(token)));
        ok = s && crypto::ConstantTimeEquals(s->csrf_token, csrf);
        return Ok();
    }));
    return ok;
}

Result<std::string> Services::SessionCsrf(const std::string& token) {
    std::string csrf;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto s, tx.users().FindSession(crypto::Sha256Hex(token)));
        if (!s || s->expires_at <= clock_.Now()) return Fail(Error::Unauthenticated("会话已过期，请重新登录"));
        csrf = s->csrf_token;
        return Ok();
    }));
    return csrf;
}

Status Services::Logout(const std::string& token) {
    return store_.Write([&](Transaction& tx) { return tx.users().DeleteSession(crypto::Sha256Hex(token)); });
}

// ---------------------------------------------------------------- reference data

Result<std::vector<Org>> Services::ListOrgs(const Principal&) {
    std::vector<Org> out;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(out, tx.orgs().List());
        return Ok();
    }));
    return out;
}

Result<std::vector<User>> Services::ListUsers(const Principal& who) {
    std::vector<User> out;
    if (!who.user.roles.Has(Role::kAdmin)) {
        // Staff see the active colleagues of their own org (e.g. to name the approving head of an extension).
        XF_TRY(store_.Read([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(auto colleagues, tx.users().List(who.org.id));
            for (auto& u : colleagues) {
                if (!u.active) continue;
                u.password_hash.clear();
                out.push_back(std::move(u));
            }
            return Ok();
        }));
        return out;
    }
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto all, tx.users().List(std::nullopt));
        XF_ASSIGN_OR_RETURN(auto orgs, tx.orgs().List());
        std::map<int64_t, Org> by_id;
        for (auto& o : orgs) by_id[o.id] = o;
        for (auto& u : all) {
            // An admin manages users of their own subtree (or everyone, with scope 全部).
            if (who.user.scope == DataScope::kAll || (by_id.contains(u.org_id) && who.org.Contains(by_id[u.org_id]))) {
                u.password_hash.clear();
                out.push_back(u);
            }
        }
        return Ok();
    }));
    return out;
}

// ---------------------------------------------------------------- helpers

Status Services::Audit(Transaction& tx, int64_t user_id, std::string_view actor_kind, std::string action,
                       std::string object_type, std::string object_id, std::string detail, const RequestMeta& meta) {
    AuditRecord r;
    r.at = clock_.Now();
    r.actor_user_id = user_id;
    r.actor_kind = std::string(actor_kind);
    r.action = std::move(action);
    r.object_type = std::move(object_type);
    r.object_id = std::move(object_id);
    r.detail_json = std::move(detail);
    r.request_id = meta.request_id;
    r.remote_addr = meta.remote_addr;
    return tx.audit().Append(r);
}

Result<Org> Services::RequireOrg(Transaction& tx, int64_t id) {
    XF_ASSIGN_OR_RETURN(auto o, tx.orgs().Get(id));
    if (!o) return Fail(Error::Internal(fmt::format("org {} is missing", id)));
    return *o;
}

Result<CaseAccessFacts> Services::Visible(Transaction& tx, const Principal& who, const Petition& p) {
    XF_ASSIGN_OR_RETURN(auto facts, tx.petitions().AccessFacts(p.id));
    if (!CanSeeCase(who.user, who.org, p, facts)) return Fail(Error::NotFound("信访件不存在或无权查看"));
    return facts;
}

PetitionFilter Services::ScopeFilter(const Principal& who, PetitionFilter f) const {
    f.scope_org_path.reset();
    f.scope_org_id.reset();
    f.scope_user_id.reset();
    switch (who.user.scope) {
        case DataScope::kAll: break;
        case DataScope::kOrg: f.scope_org_id = who.org.id; break;
        case DataScope::kSubtree: f.scope_org_path = who.org.path; break;
        case DataScope::kSelf: f.scope_user_id = who.user.id; break;
    }
    f.exclude_accused_path = who.org.path;  // Art. 30 ¶3, for every scope
    return f;
}

std::vector<ClockView> Services::Clocks(const Petition& p) const {
    std::vector<ClockView> out;
    Date today = Today();
    auto cal = calendar();
    for (const auto& c : p.clocks) {
        ClockView v;
        v.clock = c;
        if (c.running()) RecomputeDue(v.clock, *cal, options_.policy.roll, today);
        v.paused = c.paused_since.has_value();
        v.remaining_days = DaysRemaining(c.running() ? today : *c.stopped_on, v.clock.due);
        v.overdue = c.running() && !v.paused && IsDutyClock(c.kind) && v.remaining_days < 0;
        out.push_back(v);
    }
    return out;
}

// ---------------------------------------------------------------- registration

namespace {
// Name + phone digits, for the contact blind index (repeat detection): "张三|13812345678".
std::string ContactKey(std::string_view name, std::string_view phone) {
    std::string digits;
    for (char c : phone)
        if (c >= '0' && c <= '9') digits += c;
    std::string n = search::Fold(Trim(name));
    std::erase(n, ' ');
    if (n.empty() || digits.empty()) return {};
    return n + "|" + digits;
}
}  // namespace

Result<Petitioner> Services::SealPetitioner(const PetitionerInput& in, size_t i, bool anonymous) const {
    std::string base = fmt::format("petitioners[{}].", i);
    XF_TRY(CheckText(in.name, base + "name", 50, !anonymous, "姓名"));
    XF_TRY(CheckText(in.address, base + "address", 200, false, "地址"));
    Petitioner out;
    out.name = std::string(Trim(in.name));
    if (!in.id_number.empty()) {
        std::string id = NormalizeIdNumber(in.id_number);
        XF_TRY(ValidateIdNumber(id, base + "id_number"));
        out.id_number_sealed = cipher_.Encrypt(id);
        out.id_number_index = cipher_.BlindIndex(id);
    }
    if (!in.phone.empty()) {
        XF_TRY(ValidatePhone(in.phone, base + "phone"));
        out.phone_sealed = cipher_.Encrypt(in.phone);
        if (auto key = ContactKey(out.name, in.phone); !key.empty()) out.contact_index = cipher_.BlindIndex(key);
    }
    if (!in.address.empty()) out.address_sealed = cipher_.Encrypt(in.address);
    if (!in.email.empty()) {
        XF_TRY(ValidateEmail(in.email, base + "email"));
        out.email_sealed = cipher_.Encrypt(std::string(Trim(in.email)));
    }
    out.representative = in.representative;
    return out;
}

Result<Registered> Services::RegisterIn(Transaction& tx, const Org& org, int64_t user_id, const RegisterCommand& cmd,
                                        const RequestMeta& meta, std::string_view actor_kind) {
    if (cmd.idempotency) {
        XF_ASSIGN_OR_RETURN(auto replay, ReplayRegistration(tx, user_id, *cmd.idempotency));
        if (replay) return std::move(*replay);
    }
    Petition p;
    XF_ASSIGN_OR_RETURN(p.channel, ParseChannel(cmd.channel, "channel"));
    XF_ASSIGN_OR_RETURN(p.purpose, ParsePurpose(cmd.purpose, "purpose"));
    Instant now = clock_.Now();
    p.received_at = now;
    if (cmd.received_at) {
        XF_ASSIGN_OR_RETURN(p.received_at, ParseInstant(*cmd.received_at, "received_at"));
        if (p.received_at > now + std::chrono::minutes(5))
            return Fail(Error::InvalidArgument("received_at", "登记时间不能晚于当前时间"));
    }
    if (!Categories()->Find(cmd.category_code))
        return Fail(Error::InvalidArgument("category_code", "内容分类不存在：" + cmd.category_code));
    p.category_code = cmd.category_code;
    XF_TRY(ValidateRegionCode(cmd.region_code, "region_code"));
    p.region_code = cmd.region_code;
    XF_TRY(CheckText(cmd.title, "title", kMaxTitle, true, "标题"));
    XF_TRY(CheckText(cmd.content, "content", kMaxContent, true, "内容"));
    p.title = std::string(Trim(cmd.title));
    p.content = cmd.content;
    if (cmd.persons < 1 || cmd.persons > kMaxPersons)
        return Fail(Error::InvalidArgument("persons", "人数应为1至100000"));
    p.persons = cmd.persons;
    p.anonymous = cmd.anonymous;
    std::optional<ReceptionBooking> booking;
    if (cmd.booking_id) {
        XF_ASSIGN_OR_RETURN(booking, tx.reception().GetBooking(*cmd.booking_id));
        if (!booking) return Fail(Error::InvalidArgument("booking_id", "预约不存在"));
        XF_ASSIGN_OR_RETURN(auto day, tx.reception().GetDay(booking->day_id, false));
        if (!day) return Fail(Error::InvalidArgument("booking_id", "预约不存在"));
        XF_ASSIGN_OR_RETURN(Org day_org, RequireOrg(tx, day->org_id));
        if (!org.Contains(day_org)) return Fail(Error::PermissionDenied("只能登记本单位或下级单位接访日的预约"));
        if (booking->status != BookingStatus::kBooked)
            return Fail(Error::FailedPrecondition(booking->status == BookingStatus::kRegistered
                                                      ? "该预约已登记为信访件"
                                                      : "该预约已取消"));
        if (p.channel != Channel::kVisit) return Fail(Error::InvalidArgument("channel", "预约接访应登记为走访"));
        if (cmd.petitioners.empty() && !cmd.anonymous) {
            // The booked person, as sealed at booking; the blind indexes are made from the opened values.
            Petitioner who;
            who.name = booking->name;
            who.phone_sealed = booking->phone_sealed;
            who.id_number_sealed = booking->id_number_sealed;
            XF_ASSIGN_OR_RETURN(std::string id, cipher_.Decrypt(booking->id_number_sealed));
            XF_ASSIGN_OR_RETURN(std::string phone, cipher_.Decrypt(booking->phone_sealed));
            if (!id.empty()) who.id_number_index = cipher_.BlindIndex(id);
            if (auto key = ContactKey(who.name, phone); !key.empty()) who.contact_index = cipher_.BlindIndex(key);
            p.petitioners.push_back(std::move(who));
        }
    }
    if (!cmd.anonymous && cmd.petitioners.empty() && p.petitioners.empty())
        return Fail(Error::InvalidArgument("petitioners", "请至少填写一位信访人，或选择匿名"));
    if (cmd.petitioners.size() > kMaxPetitioners)
        return Fail(Error::InvalidArgument("petitioners", "信访人最多50位"));
    int representatives = 0;
    for (size_t i = 0; i < cmd.petitioners.size(); ++i) {
        XF_ASSIGN_OR_RETURN(Petitioner out, SealPetitioner(cmd.petitioners[i], i, cmd.anonymous));
        representatives += out.representative;
        p.petitioners.push_back(std::move(out));
    }
    if (representatives > 5)  // Art. 20: 多人采用走访形式提出同一信访事项的，应当推选代表，代表人数不超过5人
        return Fail(Error::InvalidArgument("petitioners", "集体访代表不超过5人（条例第20条）"));
    XF_TRY(CheckText(cmd.accused_name, "accused_name", 200, false, "被反映人/单位"));
    p.accused_name = cmd.accused_name;
    if (cmd.accused_org_code && !cmd.accused_org_code->empty()) {
        XF_ASSIGN_OR_RETURN(auto accused, tx.orgs().FindByCode(*cmd.accused_org_code));
        if (!accused) return Fail(Error::InvalidArgument("accused_org_code", "被反映单位不存在"));
        p.accused_org_id = accused->id;
    }
    p.involves_litigation = cmd.involves_litigation;
    p.skipped_level = cmd.skipped_level;
    if (cmd.repeat_of_number && !cmd.repeat_of_number->empty()) {
        XF_ASSIGN_OR_RETURN(auto earlier, tx.petitions().FindByNumber(*cmd.repeat_of_number));
        if (!earlier) return Fail(Error::InvalidArgument("repeat_of_number", "重复信访件编号不存在"));
        p.is_repeat = true;  // 重信重访 (Art. 19 ¶3)
        p.repeat_of = earlier->id;
    }
    p.registered_org_id = org.id;
    p.current_org_id = org.id;
    p.registered_by = user_id;
    p.created_at = p.updated_at = now;
    Date received_on = ChinaDate(p.received_at);
    StartCase(p, received_on, *calendar(), options_.policy);

    // 信访件编号 {region}-{year}-{seq}; 查询码 random; the secret is shown once and stored hashed.
    int year = static_cast<int>(received_on.year());
    XF_ASSIGN_OR_RETURN(int64_t seq, tx.petitions().NextSequence(fmt::format("number:{}:{}", org.region_code, year)));
    p.number = fmt::format("{}-{}-{:06d}", org.region_code, year, seq);
    p.query_code = FormatQueryCode(crypto::RandomCode(12));
    std::string secret = crypto::RandomCode(8);
    p.secret_hash = SecretDigest(p.query_code, secret);

    XF_ASSIGN_OR_RETURN(Petition saved, tx.petitions().Insert(p));
    Event ev;
    ev.petition_id = saved.id;
    ev.at = now;
    ev.action = "register";
    ev.actor_user_id = user_id;
    ev.actor_kind = std::string(actor_kind);
    ev.org_id = org.id;
    ev.public_text = fmt::format("{}已登记您的信访事项（{}），编号{}。", org.name, ChannelLabel(p.channel), p.number);
    XF_ASSIGN_OR_RETURN(ev, tx.petitions().AppendEvent(ev));
    XF_TRY(NotifyStep(tx, saved, ev));
    if (booking) {
        booking->status = BookingStatus::kRegistered;
        booking->petition_id = saved.id;
        XF_ASSIGN_OR_RETURN(booking, tx.reception().UpdateBooking(*booking));
    }
    XF_TRY(Audit(tx, user_id, actor_kind, "petition.register", "petition", std::to_string(saved.id),
                 JsonObjectWriter().Add("number", saved.number).Add("channel", ChannelName(p.channel)).Finish(), meta));
    Registered reg{saved.id, saved.number, saved.query_code, secret, saved.version};
    if (cmd.idempotency) {
        // The reply is kept sealed: it carries the 查询码 and the secret shown once.
        std::string reply = fmt::format("v1\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", reg.id, reg.number, reg.query_code,
                                        reg.secret, reg.version);
        XF_TRY(tx.idempotency().Insert(IdempotentRequest{IdempotencyScope(user_id), cmd.idempotency->key,
                                                         cmd.idempotency->fingerprint, saved.id,
                                                         cipher_.Encrypt(reply), now}));
    }
    return reg;
}

std::string Services::IdempotencyScope(int64_t user_id) { return user_id > 0 ? fmt::format("user:{}", user_id) : "portal"; }

// A registration retried with the same Idempotency-Key: the first reply again, or a conflict when the key was used
// for a different request. nullopt when the key is new.
Result<std::optional<Registered>> Services::ReplayRegistration(Transaction& tx, int64_t user_id,
                                                               const IdempotencyKey& k) {
    XF_ASSIGN_OR_RETURN(auto prior, tx.idempotency().Get(IdempotencyScope(user_id), k.key));
    if (!prior) return std::optional<Registered>();
    if (prior->fingerprint != k.fingerprint)
        return Fail(Error::AlreadyExists("该幂等键（Idempotency-Key）已用于内容不同的另一份登记，请使用新的键",
                                         "Idempotency-Key"));
    XF_ASSIGN_OR_RETURN(std::string reply, cipher_.Decrypt(prior->reply_sealed));
    std::vector<std::string> f;
    for (size_t i = 0;;) {
        size_t j = reply.find('\x1f', i);
        f.push_back(reply.substr(i, j == std::string::npos ? std::string::npos : j - i));
        if (j == std::string::npos) break;
        i = j + 1;
    }
    if (f.size() != 6 || f[0] != "v1") return Fail(Error::Internal("stored idempotent reply is malformed"));
    Registered r{prior->petition_id, f[2], f[3], f[4], std::stoll(f[5])};
    r.replayed = true;
    return std::optional<Registered>(std::move(r));
}

Result<Registered> Services::Register(const Principal& who, const RegisterCommand& cmd, const RequestMeta& meta) {
    if (!who.user.roles.Intersects(RoleSet{Role::kRegistrar, Role::kHandler}))
        return Fail(Error::PermissionDenied("只有登记员或承办人可以登记信访事项"));
    Registered out;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        Org org = who.org;
        if (cmd.org_code && !cmd.org_code->empty() && *cmd.org_code != who.org.code) {
            XF_ASSIGN_OR_RETURN(auto o, tx.orgs().FindByCode(*cmd.org_code));
            if (!o) return Fail(Error::InvalidArgument("org_code", "登记单位不存在"));
            if (!who.org.Contains(*o)) return Fail(Error::PermissionDenied("只能为本单位或下级单位登记"));
            org = *o;
        }
        XF_ASSIGN_OR_RETURN(out, RegisterIn(tx, org, who.user.id, cmd, meta, "staff"));
        return Ok();
    }));
    return out;
}

// ---------------------------------------------------------------- case detail and actions

Result<PetitionView> Services::BuildView(Transaction& tx, const Principal& who, Petition p, bool reveal) {
    PetitionView v;
    XF_ASSIGN_OR_RETURN(v.events, tx.petitions().Events(p.id));
    XF_ASSIGN_OR_RETURN(Org reg, RequireOrg(tx, p.registered_org_id));
    XF_ASSIGN_OR_RETURN(Org cur, RequireOrg(tx, p.current_org_id));
    v.registered_org_name = reg.name;
    v.current_org_name = cur.name;
    if (p.accused_org_id) {
        XF_ASSIGN_OR_RETURN(Org acc, RequireOrg(tx, *p.accused_org_id));
        v.accused_org_name = acc.name;
    }
    v.category_path = Categories()->Path(p.category_code);
    v.revealed = reveal;
    for (const auto& x : p.petitioners) {
        PetitionerView pv;
        pv.name = x.name;
        pv.representative = x.representative;
        auto open = [&](const std::string& sealed) -> std::string {
            if (sealed.empty()) return "";
            auto plain = cipher_.Decrypt(sealed);
            return plain ? *plain : "（无法解密）";
        };
        std::string id = open(x.id_number_sealed), phone = open(x.phone_sealed), addr = open(x.address_sealed);
        pv.id_number = reveal ? id : MaskIdNumber(id);
        pv.phone = reveal ? phone : MaskPhone(phone);
        pv.address = reveal ? addr : MaskAddress(addr);
        v.petitioners.push_back(std::move(pv));
    }
    v.clocks = Clocks(p);
    Actor actor{ActorKind::kStaff, who.user.id, who.org.id, who.user.roles};
    v.actions = AvailableActions(p, actor, Today());
    v.petition = std::move(p);
    return v;
}

Result<PetitionView> Services::Get(const Principal& who, int64_t id, const RequestMeta& meta) {
    return GetView(who, id, meta, false, "");
}

Result<PetitionView> Services::Reveal(const Principal& who, int64_t id, const std::string& reason,
                                      const RequestMeta& meta) {
    XF_TRY(CheckText(reason, "reason", 200, true, "查看原因"));
    if (Utf8Length(Trim(reason)) < 2)
        return Fail(Error::InvalidArgument("reason", "请说明查看完整个人信息的原因（至少2个字）"));
    return GetView(who, id, meta, true, std::string(Trim(reason)));
}

Result<PetitionView> Services::GetView(const Principal& who, int64_t id, const RequestMeta& meta, bool reveal,
                                       const std::string& reason) {
    PetitionView view;
    auto work = [&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto p, tx.petitions().Get(id));
        if (!p) return Fail(Error::NotFound("信访件不存在或无权查看"));
        XF_TRY(Visible(tx, who, *p));
        if (reveal) {
            if (!MayRevealPersonalData(who.user, *p))
                return Fail(Error::PermissionDenied("当前角色无权查看完整个人信息"));
            // Every reveal of personal data is audited (个人信息保护法; ARCHITECTURE §4).
            XF_TRY(Audit(tx, who.user.id, "staff", "petitioner.reveal", "petition", std::to_string(id),
                         JsonObjectWriter().Add("reason", reason).Finish(), meta));
        }
        XF_ASSIGN_OR_RETURN(view, BuildView(tx, who, *p, reveal));
        return Ok();
    };
    XF_TRY(reveal ? store_.Write(work) : store_.Read(work));
    return view;
}

Result<Event> Services::ApplyAndSave(Transaction& tx, Petition& p, Action action, const ActionInput& in,
                                     const Actor& actor, const RequestMeta& meta, std::vector<int64_t>* issued) {
    WorkflowContext ctx;
    ctx.now = clock_.Now();
    ctx.today = ChinaDate(ctx.now);
    auto cal = calendar();  // held for the whole action
    ctx.calendar = cal.get();
    ctx.policy = options_.policy;
    std::optional<Org> target, accused;
    if (NeedsTargetOrg(action) && in.target_org_id) {
        XF_ASSIGN_OR_RETURN(target, tx.orgs().Get(*in.target_org_id));
        if (target) ctx.target_org = &*target;
    }
    if (p.accused_org_id) {
        XF_ASSIGN_OR_RETURN(accused, tx.orgs().Get(*p.accused_org_id));
        if (accused) ctx.accused_org = &*accused;
    }
    if (action == Action::kExtend && in.approver_id) {
        XF_ASSIGN_OR_RETURN(auto approver, tx.users().Get(in.approver_id));
        ctx.approver_valid = approver && approver->active && approver->roles.Has(Role::kApprover) &&
                             approver->org_id == p.current_org_id;
    }
    if (action == Action::kRejectRepeat && p.repeat_of) {
        XF_ASSIGN_OR_RETURN(auto earlier, tx.petitions().Get(*p.repeat_of));
        ctx.repeat_of_final = earlier && earlier->state == State::kFinal;
    }
    XF_ASSIGN_OR_RETURN(Event ev, ApplyAction(p, action, in, actor, ctx));
    // The written document the law requires with this step (Art. 22, 23, 32–36, 39), in the same transaction.
    XF_ASSIGN_OR_RETURN(std::optional<CaseDocument> doc, IssueDocument(tx, p, action, in, actor));
    if (doc && issued) issued->push_back(doc->id);
    JsonObjectWriter detail;
    detail.Add("state", StateName(p.state));
    if (in.target_org_id) detail.Add("target_org_id", *in.target_org_id);
    if (in.feedback_due) detail.Add("feedback_due", FormatDate(*in.feedback_due));
    if (!in.reason.empty()) detail.Add("reason", in.reason);
    if (!in.legal_route.empty()) detail.Add("legal_route", in.legal_route);
    if (in.extension_days) detail.Add("extension_days", in.extension_days);
    if (in.approver_id) detail.Add("approver_id", in.approver_id);
    if (in.outcome) detail.Add("outcome", OutcomeName(*in.outcome));
    if (!in.facts.empty()) detail.Add("facts", in.facts);
    if (!in.reasons.empty()) detail.Add("reasons", in.reasons);
    if (!in.legal_basis.empty()) detail.Add("legal_basis", in.legal_basis);
    if (in.rating) detail.Add("rating", RatingName(*in.rating));
    if (doc) {
        detail.Add("document_id", doc->id).Add("document_kind", DocumentKindName(doc->kind));
        detail.Add("doc_number", doc->doc_number);
        // The petitioner's timeline names the notice they are owed (SPEC §3: 受理告知书, 意见书, … each with its date).
        if (ev.is_public && IsPetitionerDocument(doc->kind) && !ev.public_text.empty())
            ev.public_text += doc->doc_number.empty()
                                  ? fmt::format("（{}）", DocumentKindLabel(doc->kind))
                                  : fmt::format("（{}，{}）", DocumentKindLabel(doc->kind), doc->doc_number);
    }
    ev.detail_json = detail.Finish();
    XF_ASSIGN_OR_RETURN(p, tx.petitions().Update(p));
    XF_ASSIGN_OR_RETURN(ev, tx.petitions().AppendEvent(ev));
    // The petitioner hears of what an office did; not of their own steps, nor of the chain's automatic ones.
    if (actor.kind == ActorKind::kStaff) XF_TRY(NotifyStep(tx, p, ev));
    XF_TRY(Audit(tx, actor.user_id, ActorKindName(actor.kind), "petition." + std::string(ActionName(action)),
                 "petition", std::to_string(p.id), ev.detail_json, meta));
    return ev;
}

Result<PetitionView> Services::Act(const Principal& who, int64_t id, Action action, const ActionInput& input,
                                   std::optional<int64_t> expected_version, const RequestMeta& meta) {
    if (action == Action::kFinalize) return Fail(Error::PermissionDenied("终结由复核意见自动产生"));
    PetitionView view;
    std::vector<int64_t> issued;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto loaded, tx.petitions().Get(id));
        if (!loaded) return Fail(Error::NotFound("信访件不存在或无权查看"));
        Petition p = std::move(*loaded);
        XF_TRY(Visible(tx, who, p));
        if (expected_version && *expected_version != p.version)
            return Fail(Error::Aborted(fmt::format("信访件已被他人修改（当前版本 {}，您的版本 {}），请刷新后重试",
                                                   p.version, *expected_version)));
        Actor actor{ActorKind::kStaff, who.user.id, who.org.id, who.user.roles};
        if (action == Action::kRequestReview || action == Action::kRate) {
            // Staff record these on the petitioner's behalf (e.g. a visit or a phone call); the holding or
            // registering org does so, like any other step.
            if (!MayRevealPersonalData(who.user, p) && who.org.id != p.current_org_id)
                return Fail(Error::PermissionDenied("只有承办或登记单位可以代为登记"));
        }
        Petition before = p;
        issued.clear();  // a retried transaction starts again
        XF_ASSIGN_OR_RETURN(Event ev, ApplyAndSave(tx, p, action, input, actor, meta, &issued));
        (void)ev;
        // Linked cases: a review request opens the case at the org one level up (Art. 35, 36); a 复核 decision
        // makes the whole chain final (Art. 36 ¶3); a concluded review concludes what it reviewed.
        if (action == Action::kRequestReview) {
            XF_ASSIGN_OR_RETURN(Org replying, RequireOrg(tx, before.current_org_id));
            if (!replying.parent_id)
                return Fail(Error::FailedPrecondition("答复单位没有上一级机关，无法申请复查/复核"));
            XF_ASSIGN_OR_RETURN(Org higher, RequireOrg(tx, *replying.parent_id));
            XF_TRY(OpenReview(tx, p, higher, who.user.id, "staff"));
        }
        XF_TRY(PropagateChain(tx, p, meta));
        XF_ASSIGN_OR_RETURN(view, BuildView(tx, who, p, false));
        return Ok();
    }));
    // The step is committed with its document; the PDF follows. Should rendering fail now, it is retried at the
    // document's first download, so the step still stands.
    if (!options_.defer_document_rendering)
        for (int64_t id : issued) (void)RenderDocumentFile(id);
    return view;
}

Status Services::OpenReview(Transaction& tx, Petition& p, const Org& higher, int64_t user_id,
                            std::string_view actor_kind) {
    Date today = Today();
    Petition review = MakeReviewCase(p, higher, today, clock_.Now(), *calendar(), options_.policy);
    int year = static_cast<int>(today.year());
    XF_ASSIGN_OR_RETURN(int64_t seq, tx.petitions().NextSequence(fmt::format("number:{}:{}", higher.region_code, year)));
    review.number = fmt::format("{}-{}-{:06d}", higher.region_code, year, seq);
    review.query_code = FormatQueryCode(crypto::RandomCode(12));
    review.secret_hash = p.secret_hash;
    XF_ASSIGN_OR_RETURN(Petition saved, tx.petitions().Insert(review));
    Event ev;
    ev.petition_id = saved.id;
    ev.at = clock_.Now();
    ev.action = "register";
    ev.actor_user_id = user_id;
    ev.actor_kind = std::string(actor_kind);
    ev.org_id = higher.id;
    ev.public_text = fmt::format("{}已收到{}申请，{}编号{}，将在30日内提出意见。", higher.name,
                                 CaseKindLabel(saved.kind), CaseKindLabel(saved.kind), saved.number);
    XF_ASSIGN_OR_RETURN(ev, tx.petitions().AppendEvent(ev));
    XF_TRY(NotifyStep(tx, saved, ev));
    p.child_case_id = saved.id;
    XF_ASSIGN_OR_RETURN(p, tx.petitions().Update(p));
    return Ok();
}

Status Services::PropagateChain(Transaction& tx, const Petition& p, const RequestMeta& meta) {
    std::optional<Action> up;
    if (p.state == State::kFinal && p.kind == CaseKind::kReReview) up = Action::kFinalize;
    if (p.state == State::kConcluded && p.kind == CaseKind::kReview) up = Action::kConclude;
    if (!up) return Ok();
    std::optional<int64_t> parent_id = p.parent_case_id;
    Actor system{ActorKind::kSystem, 0, 0, {}};
    while (parent_id) {
        XF_ASSIGN_OR_RETURN(auto parent, tx.petitions().Get(*parent_id));
        if (!parent || parent->state != State::kUnderReview) break;
        Petition q = std::move(*parent);
        XF_TRY(ApplyAndSave(tx, q, *up, {}, system, meta));
        parent_id = q.parent_case_id;
    }
    return Ok();
}

// ---------------------------------------------------------------- lists and queues

namespace {
ListItem MakeListItem(Petition p, std::map<int64_t, std::string>& org_names, Date today) {
    ListItem item;
    item.current_org_name = org_names[p.current_org_id];
    item.first_petitioner = p.anonymous || p.petitioners.empty() ? "匿名" : p.petitioners.front().name;
    item.next_due = p.NextDutyDue();
    if (item.next_due) item.remaining_days = DaysRemaining(today, *item.next_due);
    item.petition = std::move(p);
    return item;
}
}  // namespace

Result<PetitionFilter> Services::ListFilter(Transaction& tx, const Principal& who, const ListQuery& q, Date today) {
    PetitionFilter f = ScopeFilter(who, q.filter);
    if (q.overdue) f.due_before = AddDays(today, -1);
    if (q.due_within_days) {
        f.due_before = AddDays(today, *q.due_within_days);
        f.due_from = today;  // due soon, not already overdue
    }
    // A queue of duties lists open cases only (a closed case is nobody's work); said explicitly, the store can walk
    // its index of open cases instead of every case with a due date (issue #10).
    if (q.overdue || q.due_within_days) f.open_only = true;
    if (q.org_subtree && f.current_org_id) {
        XF_ASSIGN_OR_RETURN(Org held_by, RequireOrg(tx, *f.current_org_id));
        f.current_org_path = held_by.path;
        f.current_org_id.reset();
    }
    // A case is always involved with the org that holds it (access.hpp: "every org that has held the case"; storage
    // contract AccessFactsReturnInvolvedOrgsUsersAndAccusedOrg). So when every case the filter can list is held
    // inside the viewer's scope, the scope's test of the involved orgs selects nothing less and is dropped: a unit's
    // queue then walks that unit's open cases only, instead of also joining every case its subtree was ever involved
    // in (PostgreSQL at 10,000,000 cases: 1,270 ms → 0.4 ms; docs/performance.md).
    if (f.current_org_id && (f.scope_org_path || f.scope_org_id)) {
        XF_ASSIGN_OR_RETURN(Org held_by, RequireOrg(tx, *f.current_org_id));
        if (f.scope_org_path && held_by.path.starts_with(*f.scope_org_path)) f.scope_org_path.reset();
        if (f.scope_org_id && *f.scope_org_id == held_by.id) f.scope_org_id.reset();
    }
    if (f.current_org_path && f.scope_org_path && f.current_org_path->starts_with(*f.scope_org_path))
        f.scope_org_path.reset();
    return f;
}

Result<std::map<int64_t, std::string>> Services::OrgNames(Transaction& tx, const std::set<int64_t>& ids) {
    std::map<int64_t, std::string> names;
    for (int64_t id : ids) {
        XF_ASSIGN_OR_RETURN(auto org, tx.orgs().Get(id));
        if (org) names.emplace(id, std::move(org->name));
    }
    return names;
}

Result<ListResult> Services::List(const Principal& who, ListQuery q) {
    Date today = Today();
    ListResult out;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(PetitionFilter f, ListFilter(tx, who, q, today));
        XF_ASSIGN_OR_RETURN(auto page, tx.petitions().List(f));
        std::set<int64_t> units;
        for (const auto& p : page.items) units.insert(p.current_org_id);
        XF_ASSIGN_OR_RETURN(auto names, OrgNames(tx, units));
        for (auto& p : page.items) out.items.push_back(MakeListItem(std::move(p), names, today));
        out.next = page.next;
        return Ok();
    }));
    return out;
}

Result<SearchResult> Services::Search(const Principal& who, SearchQuery q) {
    XF_ASSIGN_OR_RETURN(search::Query text, search::ParseQuery(q.text, "q"));
    Date today = Today();
    SearchRequest req;
    req.order = q.by_relevance ? SearchOrder::kRelevance : SearchOrder::kNewest;
    req.after = q.after;
    req.cap = q.cap;
    req.with_counts = !q.after;
    SearchResult out;
    auto categories = Categories();
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(req.filter, ListFilter(tx, who, q.list, today));
        req.filter.text = text;
        req.filter.limit = std::clamp(req.filter.limit, 1, 100);
        XF_ASSIGN_OR_RETURN(SearchPage page, tx.petitions().Search(req));
        if (req.with_counts) {
            out.total = page.total;
            out.capped = page.capped;
            for (const auto& r : page.facets) {
                const Category* c = categories->Find(r.key);
                out.facets.push_back({r.key, c ? c->name : r.key, r.batches});
            }
            std::ranges::stable_sort(out.facets, [](const SearchFacet& a, const SearchFacet& b) { return a.count > b.count; });
        }
        out.next = page.next;
        std::set<int64_t> units;
        for (const auto& x : page.items) units.insert(x.petition.current_org_id);
        XF_ASSIGN_OR_RETURN(auto names, OrgNames(tx, units));
        for (auto& x : page.items) {
            SearchHit hit;
            hit.score = x.score;
            hit.title = search::Snippet(x.petition.title, text, 200);
            hit.snippet = search::Snippet(x.petition.content, text, 80);
            hit.item = MakeListItem(std::move(x.petition), names, today);
            out.items.push_back(std::move(hit));
        }
        return Ok();
    }));
    return out;
}

Result<SearchResult> Services::SearchAsAdministrator(const std::optional<std::string>& org_code, SearchQuery q) {
    Principal who;
    who.user.scope = DataScope::kAll;
    if (org_code) {
        XF_TRY(store_.Read([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(auto org, tx.orgs().FindByCode(*org_code));
            if (!org) return Fail(Error::InvalidArgument("org", "单位不存在：" + *org_code));
            who.org = *org;
            return Ok();
        }));
        who.user.scope = DataScope::kSubtree;
        who.user.org_id = who.org.id;
    }
    return Search(who, std::move(q));
}

namespace {
// What the registrar tells the petitioner about an earlier case of the same matter (Art. 19 ¶3, 35, 36).
std::string RepeatAdvice(const Petition& p, const std::string& org_name) {
    switch (p.state) {
        case State::kRegistered:
        case State::kForwarded:
        case State::kAccepted:
        case State::kHearing:
        case State::kUnderReview:
            return fmt::format("该事项正由{}办理（{}），告知信访人办理进度，不重复受理（条例第19条第3款）", org_name,
                               StateLabel(p.state));
        case State::kReplied:
            return "该事项已答复：对答复意见不服的，告知信访人可在收到意见之日起30日内请求复查（条例第35条）";
        case State::kConcluded:
            return "该事项已办结：同一事实和理由再次提出的，告知信访人原处理结果及复查、复核途径";
        case State::kFinal:
            return "该事项已终结：同一事实和理由不再受理（条例第36条第3款）";
        case State::kNotAccepted:
            return "该事项已不予受理，告知信访人原告知书载明的途径";
        case State::kTransferred:
            return "该事项已移交相关机关，告知信访人向其了解办理情况";
    }
    return {};
}
}  // namespace

Result<std::vector<RepeatCandidateView>> Services::RepeatCandidates(const Principal& who, const RegisterCommand& cmd) {
    // The draft as it would be stored (personal data sealed the same way); fields not yet typed are simply empty.
    Petition draft;
    draft.title = std::string(Trim(cmd.title));
    draft.content = cmd.content;
    draft.region_code = cmd.region_code;
    for (size_t i = 0; i < cmd.petitioners.size() && i < kMaxPetitioners; ++i) {
        XF_ASSIGN_OR_RETURN(Petitioner sealed, SealPetitioner(cmd.petitioners[i], i, /*anonymous=*/true));
        draft.petitioners.push_back(std::move(sealed));
    }
    if (Utf8Length(draft.content) > kMaxContent) return Fail(Error::InvalidArgument("content", "内容过长"));
    std::vector<RepeatCandidateView> out;
    const auto keys = repeat::MatchKeys(draft);
    if (keys.empty()) return out;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto found, tx.petitions().FindByMatchKeys(keys, 30));
        auto ranked = repeat::RankCandidates(draft, found, 5);
        std::map<int64_t, const Petition*> by_id;
        for (const auto& p : found) by_id[p.id] = &p;
        for (const auto& c : ranked) {
            const Petition& p = *by_id.at(c.petition_id);
            XF_ASSIGN_OR_RETURN(auto facts, tx.petitions().AccessFacts(p.id));
            const bool visible = CanSeeCase(who.user, who.org, p, facts);
            if (p.purpose == Purpose::kAccusation) {
                // Art. 30 ¶3: nothing of an accusation reaches the accused unit; out of scope it is not shown at all.
                if (!visible) continue;
                if (p.accused_org_id) {
                    XF_ASSIGN_OR_RETURN(auto accused, tx.orgs().Get(*p.accused_org_id));
                    if (accused && who.org.path.starts_with(accused->path)) continue;
                }
            }
            XF_ASSIGN_OR_RETURN(Org holder, RequireOrg(tx, p.current_org_id));
            RepeatCandidateView v;
            v.id = visible ? p.id : 0;
            v.number = p.number;
            v.received_on = ChinaDate(p.received_at);
            v.state = p.state;
            v.current_org_name = holder.name;
            v.reason = c.reason;
            v.similarity = c.similarity;
            v.visible = visible;
            if (visible) v.title = p.title;
            v.advice = RepeatAdvice(p, holder.name);
            out.push_back(std::move(v));
        }
        return Ok();
    }));
    return out;
}

namespace {
constexpr std::string_view kSearchIndexVersionKey = "search.index_version";
}

Status Services::AdoptSearchIndexOfEmptyDatabase() {
    std::optional<std::string> built;
    int64_t cases = 0;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(built, tx.settings().Get(std::string(kSearchIndexVersionKey)));
        if (!built) XF_ASSIGN_OR_RETURN(cases, tx.petitions().Count({}));
        return Ok();
    }));
    if (built || cases > 0) return Ok();
    return store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto again, tx.settings().Get(std::string(kSearchIndexVersionKey)));
        if (again) return Ok();  // another server or command was first
        XF_ASSIGN_OR_RETURN(int64_t n, tx.petitions().Count({}));
        if (n > 0) return Ok();
        return tx.settings().Set(std::string(kSearchIndexVersionKey), std::string(search::kTokenizerVersion));
    });
}

Result<int64_t> Services::ReindexSearch(bool force, const std::function<void(int64_t, int64_t)>& progress) {
    static constexpr std::string_view kKey = kSearchIndexVersionKey;
    std::optional<std::string> built;
    int64_t total = 0;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(built, tx.settings().Get(std::string(kKey)));
        XF_ASSIGN_OR_RETURN(total, tx.petitions().Count({}));
        return Ok();
    }));
    if (!force && built == std::string(search::kTokenizerVersion)) return 0;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_TRY(tx.settings().Set(std::string(kKey), ""));
        return tx.petitions().ClearSearchIndex();
    }));
    int64_t after = 0, done = 0;
    while (true) {
        int64_t last = 0;
        XF_TRY(store_.Write([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(last, tx.petitions().ReindexSearch(after, 2000));
            return Ok();
        }));
        if (last == 0) break;
        done += 2000;  // a batch is full unless it is the last one
        after = last;
        if (progress) progress(std::min(done, total), total);
    }
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_TRY(tx.settings().Set(std::string(kKey), std::string(search::kTokenizerVersion)));
        return Audit(tx, 0, "system", "search.reindex", "search", std::string(search::kTokenizerVersion),
                     fmt::format("{{\"cases\":{}}}", total), {});
    }));
    return total;
}

Result<WorkbenchCounts> Services::Counts(const Principal& who) {
    WorkbenchCounts c;
    Date today = Today();
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        PetitionFilter base = ScopeFilter(who, {});
        base.open_only = true;
        XF_ASSIGN_OR_RETURN(c.open_total, tx.petitions().Count(base));
        PetitionFilter f = base;
        f.due_before = AddDays(today, -1);
        XF_ASSIGN_OR_RETURN(c.overdue, tx.petitions().Count(f));
        f.due_before = AddDays(today, 3);
        XF_ASSIGN_OR_RETURN(int64_t within3, tx.petitions().Count(f));
        c.due_soon = within3 - c.overdue;
        f = base;
        f.state = State::kRegistered;
        f.current_org_id = who.org.id;
        XF_ASSIGN_OR_RETURN(c.awaiting_routing, tx.petitions().Count(f));
        f.state = State::kForwarded;
        XF_ASSIGN_OR_RETURN(c.awaiting_acceptance, tx.petitions().Count(f));
        if (who.user.roles.Has(Role::kApprover)) {
            f.state = State::kAccepted;
            XF_ASSIGN_OR_RETURN(c.awaiting_my_approval, tx.petitions().Count(f));
        }
        return Ok();
    }));
    return c;
}

// The same rule as the workbench's overdue count (Counts): an open case whose earliest running duty clock was due
// before today; grouped by the level of the org holding it (an indexed range on next_due, then one org lookup each).
Result<OperationalFigures> Services::CollectOperationalFigures() {
    OperationalFigures out;
    out.as_of = Today();
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        PetitionFilter f;
        f.open_only = true;
        f.due_before = AddDays(out.as_of, -1);
        XF_ASSIGN_OR_RETURN(out.overdue_by_level, tx.petitions().CountBy(f, CountDimension::kCurrentOrgLevel));
        XF_ASSIGN_OR_RETURN(out.outbox, tx.outbox().Counts());
        return Ok();
    }));
    XF_ASSIGN_OR_RETURN(out.jobs, JobTable());
    return out;
}

Result<std::vector<AuditRecord>> Services::AuditTrail(const Principal& who, int64_t petition_id) {
    if (!who.user.roles.Intersects(RoleSet{Role::kAdmin, Role::kSupervisor}))
        return Fail(Error::PermissionDenied("只有管理员或督办员可以查看审计记录"));
    std::vector<AuditRecord> out;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto p, tx.petitions().Get(petition_id));
        if (!p) return Fail(Error::NotFound("信访件不存在或无权查看"));
        XF_TRY(Visible(tx, who, *p));
        XF_ASSIGN_OR_RETURN(out, tx.audit().List({"petition", std::to_string(petition_id), 200}));
        return Ok();
    }));
    return out;
}

// ---------------------------------------------------------------- scheduled jobs

Result<int> Services::ConcludeLapsed() {
    int concluded = 0;
    std::vector<int64_t> ids;
    Date today = Today();
    // Only the lapsed ones are written: at 10,000,000 cases the replied cases still inside their window number tens of
    // thousands, and a write for each of them every 10 minutes took 99 s (docs/performance.md). 已答复 is an open
    // state, so the open-case index bounds the read.
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        PetitionFilter f;
        f.state = State::kReplied;
        f.open_only = true;
        f.limit = 500;
        while (true) {
            XF_ASSIGN_OR_RETURN(auto page, tx.petitions().List(f));
            for (const auto& p : page.items)
                if (ReviewWindowLapsed(p, today)) ids.push_back(p.id);
            if (!page.next) break;
            f.after = page.next;
        }
        return Ok();
    }));
    Actor system{ActorKind::kSystem, 0, 0, {}};
    for (int64_t id : ids) {
        auto s = store_.Write([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(auto p, tx.petitions().Get(id));
            if (!p || !ReviewWindowLapsed(*p, today)) return Ok();  // changed since it was read
            Petition q = std::move(*p);
            XF_TRY(ApplyAndSave(tx, q, Action::kConclude, {}, system, {"scheduler", ""}));
            XF_TRY(PropagateChain(tx, q, {"scheduler", ""}));
            ++concluded;
            return Ok();
        });
        if (!s) return Fail(s.error());
    }
    return concluded;
}

Result<int> Services::RecomputeDeadlinesIfCalendarChanged() { return RecomputeDeadlines(false); }

Result<int> Services::RecomputeDeadlinesNow() { return RecomputeDeadlines(true); }

Result<int> Services::RecomputeDeadlines(bool even_if_unchanged) {
    auto cal = calendar();
    std::string fingerprint = std::to_string(cal->Fingerprint());
    std::optional<std::string> stored;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(stored, tx.settings().Get(std::string(detail::kCalendarFingerprintKey)));
        return Ok();
    }));
    if (stored == fingerprint && !even_if_unchanged) return 0;
    // One server at a time: two recomputing the same cases would trip over each other's versions. The claim is
    // released at the end (or expires after 15 minutes if this server dies).
    constexpr std::string_view kJob = "recompute_deadlines";
    Instant started = clock_.Now();
    bool claimed = false;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(claimed, tx.jobs().Claim(JobClaim{std::string(kJob), options_.instance_id, started,
                                                              started + std::chrono::minutes(15)}));
        return Ok();
    }));
    if (!claimed) return 0;
    auto release = [&](const std::string& result) {
        return store_.Write([&](Transaction& tx) -> Status {
            return tx.jobs().Finish(std::string(kJob), options_.instance_id, clock_.Now(), clock_.Now(), result);
        });
    };
    auto changed = RecomputeAllDeadlines(*cal, fingerprint);
    XF_TRY(release(changed ? fmt::format("changed {}", *changed) : "error: " + changed.error().message));
    return changed;
}

Result<int> Services::RecomputeAllDeadlines(const HolidayCalendar& calendar, const std::string& fingerprint) {
    const HolidayCalendar* cal = &calendar;
    int changed = 0;
    int64_t after = 0;
    Date today = Today();
    while (true) {
        std::vector<int64_t> ids;
        XF_TRY(store_.Read([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(ids, tx.petitions().OpenCaseIds(after, 500));
            return Ok();
        }));
        if (ids.empty()) break;
        after = ids.back();
        XF_TRY(store_.Write([&](Transaction& tx) -> Status {
            for (int64_t id : ids) {
                XF_ASSIGN_OR_RETURN(auto p, tx.petitions().Get(id));
                if (!p) continue;
                bool dirty = false;
                for (auto& c : p->clocks) {
                    if (!c.running()) continue;
                    Date old = c.due;
                    RecomputeDue(c, *cal, options_.policy.roll, today);
                    dirty |= old != c.due;
                }
                if (!dirty) continue;
                XF_TRY(tx.petitions().Update(*p));
                ++changed;
            }
            return Ok();
        }));
    }
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_TRY(tx.settings().Set(std::string(detail::kCalendarFingerprintKey), fingerprint));
        return Audit(tx, 0, "system", "calendar.recompute", "calendar", fingerprint,
                     JsonObjectWriter().Add("cases_changed", changed).Finish(), {});
    }));
    return changed;
}

Result<std::optional<std::string>> Services::RunSharedJob(const std::string& name, std::chrono::seconds period,
                                                          const std::function<Result<std::string>()>& job) {
    Instant started = clock_.Now();
    bool claimed = false;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(claimed, tx.jobs().Claim(JobClaim{name, options_.instance_id, started, started + period}));
        return Ok();
    }));
    if (!claimed) return std::optional<std::string>();
    auto r = job();
    std::string result = r ? *r : "error: " + r.error().message;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        return tx.jobs().Finish(name, options_.instance_id, clock_.Now(), started + period, result);
    }));
    if (!r) return Fail(r.error());
    return std::optional<std::string>(result);
}

std::vector<Services::JobSpec> Services::JobCatalog() const {
    using std::chrono::hours, std::chrono::minutes;
    return {
        {"conclude_lapsed", "复查期满自动办结", minutes(10), true},
        {"deadline_check", "节假日变更后重算期限", minutes(1), true},
        {"recompute_deadlines_daily", "每日重算办理期限", hours(24), true},
        {"deadline_reminders", "到期提醒", hours(1), options_.remind_days_before > 0},
        {"stats_sample_check", "统计汇总抽样核对", hours(24), options_.stats_sample_cases > 0},
        {"audit_retention", "审计日志到期清理", hours(24), options_.audit_retention_days > 0},
    };
}

Result<std::vector<std::pair<std::string, std::string>>> Services::RunDueJobs() {
    std::vector<std::pair<std::string, std::string>> ran;
    for (const JobSpec& spec : JobCatalog()) {
        if (!spec.enabled) continue;
        std::function<Result<std::string>()> job;
        if (spec.name == "conclude_lapsed") {
            job = [&]() -> Result<std::string> {
                XF_ASSIGN_OR_RETURN(int n, ConcludeLapsed());
                return fmt::format("concluded {}", n);
            };
        } else if (spec.name == "deadline_check") {
            job = [&]() -> Result<std::string> {
                XF_ASSIGN_OR_RETURN(int n, RecomputeDeadlinesIfCalendarChanged());
                return fmt::format("changed {}", n);
            };
        } else if (spec.name == "recompute_deadlines_daily") {
            job = [&]() -> Result<std::string> {
                XF_ASSIGN_OR_RETURN(int n, RecomputeDeadlinesNow());
                return fmt::format("changed {}", n);
            };
        } else if (spec.name == "deadline_reminders") {
            job = [&]() -> Result<std::string> {
                XF_ASSIGN_OR_RETURN(int n, SendDeadlineReminders());
                return fmt::format("reminded {}", n);
            };
        } else if (spec.name == "stats_sample_check") {
            job = [&]() -> Result<std::string> {
                XF_ASSIGN_OR_RETURN(auto c, CheckStatsSample());
                std::string text = fmt::format("orgs {} cases {} cells {} mismatches {}", c.org_codes.size(), c.cases,
                                               c.cells, c.mismatches);
                if (!c.skipped_codes.empty()) text += fmt::format(" skipped {}", c.skipped_codes.size());
                if (!c.examples.empty()) text += "; " + c.examples.front();
                if (c.mismatches > 0) return Fail(Error::Internal("统计汇总与逐件重算不一致: " + text));
                return text;
            };
        } else if (spec.name == "audit_retention") {
            job = [&]() -> Result<std::string> {
                XF_ASSIGN_OR_RETURN(int64_t n, PruneAudit());
                return fmt::format("removed {}", n);
            };
        } else {
            continue;
        }
        auto r = RunSharedJob(spec.name, spec.period, job);
        if (!r) {
            // Recorded in the jobs table as "error: …"; the other jobs still run.
            ran.emplace_back(spec.name, "error: " + r.error().message);
            continue;
        }
        if (*r) ran.emplace_back(spec.name, **r);
    }
    return ran;
}

Result<std::vector<JobView>> Services::ListJobs(const Principal& who) {
    XF_TRY(RequireAdmin(who, false));
    return JobTable();
}

Result<std::vector<JobView>> Services::JobTable() {
    std::vector<JobStatus> rows;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(rows, tx.jobs().List());
        return Ok();
    }));
    std::vector<JobView> out;
    for (const JobSpec& spec : JobCatalog()) {
        JobView v{spec.name, spec.title, spec.period, spec.enabled, std::nullopt};
        for (auto& r : rows)
            if (r.name == spec.name) v.status = r;
        out.push_back(std::move(v));
    }
    // recompute_deadlines is the claim both deadline jobs take while they work: shown, as it holds the real timings.
    for (auto& r : rows)
        if (r.name == "recompute_deadlines")
            out.push_back(JobView{r.name, "重算期限（执行记录）", std::chrono::seconds(0), true, r});
    return out;
}

Result<int> Services::SendDeadlineReminders() {
    const int days = options_.remind_days_before;
    if (days <= 0) return 0;
    const Date today = Today();
    const Date last = AddDays(today, days - 1);
    struct Due {
        int64_t id;
        ClockKind kind;
        Date due;
    };
    std::vector<Due> due;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        PetitionFilter f;
        f.open_only = true;
        f.due_from = today;
        f.due_before = last;
        f.limit = 500;
        while (true) {
            XF_ASSIGN_OR_RETURN(auto page, tx.petitions().List(f));
            for (const auto& p : page.items)
                for (const auto& c : p.clocks)
                    if (c.running() && IsDutyClock(c.kind) && c.due >= today && c.due <= last)
                        due.push_back({p.id, c.kind, c.due});
            if (!page.next) break;
            f.after = page.next;
        }
        return Ok();
    }));
    int added = 0;
    const Instant now = clock_.Now();
    for (size_t begin = 0; begin < due.size(); begin += 200) {
        const size_t end = std::min(due.size(), begin + 200);
        int in_batch = 0;
        XF_TRY(store_.Write([&](Transaction& tx) -> Status {
            in_batch = 0;
            for (size_t i = begin; i < end; ++i) {
                const Due& d = due[i];
                XF_ASSIGN_OR_RETURN(auto p, tx.petitions().Get(d.id));
                if (!p) continue;
                const CaseClock* c = p->FindRunningClock(d.kind);
                if (!c || c->due != d.due) continue;  // changed since it was read
                const std::string key = fmt::format("{}|{}", ClockKindName(d.kind), FormatDate(d.due));
                XF_ASSIGN_OR_RETURN(auto events, tx.petitions().Events(d.id));
                bool already = false;
                for (const auto& e : events)
                    if (e.action == "deadline_reminder" && e.detail_json.find("\"key\":\"" + key + "\"") != std::string::npos)
                        already = true;
                if (already) continue;
                const auto left = (std::chrono::sys_days(d.due) - std::chrono::sys_days(today)).count();
                Event e;
                e.petition_id = d.id;
                e.at = now;
                e.action = "deadline_reminder";
                e.actor_kind = "system";
                e.org_id = p->current_org_id;
                e.is_public = false;
                e.internal_note = left == 0 ? fmt::format("到期提醒：{}期限为今天（{}）", ClockKindLabel(d.kind),
                                                          FormatDate(d.due))
                                            : fmt::format("到期提醒：{}期限 {}，还剩 {} 天", ClockKindLabel(d.kind),
                                                          FormatDate(d.due), left);
                e.detail_json = JsonObjectWriter()
                                    .Add("key", key)
                                    .Add("clock", std::string(ClockKindName(d.kind)))
                                    .Add("due", FormatDate(d.due))
                                    .Add("days_left", static_cast<int64_t>(left))
                                    .Finish();
                XF_ASSIGN_OR_RETURN(Event appended, tx.petitions().AppendEvent(std::move(e)));
                (void)appended;
                ++in_batch;
            }
            if (in_batch == 0) return Ok();
            return Audit(tx, 0, "system", "jobs.deadline_reminders", "job", "deadline_reminders",
                         JsonObjectWriter().Add("reminded", static_cast<int64_t>(in_batch)).Finish(), {"scheduler", ""});
        }));
        added += in_batch;
    }
    return added;
}

Result<StatsSampleCheck> Services::CheckStatsSample() {
    StatsSampleCheck out;
    std::optional<std::string> cursor_text;
    std::vector<Org> orgs;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(cursor_text, tx.settings().Get("stats_check.next_org"));
        XF_ASSIGN_OR_RETURN(orgs, tx.orgs().List());
        return Ok();
    }));
    if (orgs.empty()) return out;
    std::sort(orgs.begin(), orgs.end(), [](const Org& a, const Org& b) { return a.id < b.id; });
    const int64_t budget = std::max<int64_t>(options_.stats_sample_cases, 1);
    int64_t cursor = cursor_text ? std::strtoll(cursor_text->c_str(), nullptr, 10) : 0;
    size_t start = 0;
    while (start < orgs.size() && orgs[start].id < cursor) ++start;
    if (start == orgs.size()) start = 0;
    int64_t next_org = orgs[start].id;
    // An org's rollup is the sum of the entries (domain/stats.hpp) attributed to any org of its subtree: the
    // registering org for most, the handling org for some (按期办结). Every such case involves an org of the subtree,
    // so recounting the cases involving the subtree must give its cells exactly. Orgs are taken in id order from the cursor until `budget`
    // cases were recounted; an org whose subtree alone holds more (a city, the province) is skipped here and left
    // to `xinfang stats verify`, which recounts everything.
    for (size_t n = 0; n < orgs.size(); ++n) {
        const Org& org = orgs[(start + n) % orgs.size()];
        next_org = orgs[(start + n + 1) % orgs.size()].id;
        std::set<int64_t> subtree;
        for (const auto& o : orgs)
            if (o.path.starts_with(org.path)) subtree.insert(o.id);
        std::map<std::tuple<int, int32_t, std::string>, std::pair<int64_t, int64_t>> want_day, want_month;
        std::vector<StatCell> got_day, got_month;
        int64_t counted = 0;
        bool too_big = false;
        XF_TRY(store_.Read([&](Transaction& tx) -> Status {  // one snapshot: the cases and the cells together
            // The subtree's cases, org by org through the access facts: an index range each, so a township of a
            // 10,000,000-case province costs its own cases only, and an org found too big costs `budget` ids.
            std::set<int64_t> ids;
            constexpr int kIdPage = 1000;
            for (int64_t member : subtree) {
                int64_t after = 0;
                while (!too_big) {
                    XF_ASSIGN_OR_RETURN(auto page, tx.petitions().CaseIdsOfOrg(member, after, kIdPage));
                    ids.insert(page.begin(), page.end());
                    too_big = static_cast<int64_t>(ids.size()) > budget;
                    if (page.size() < static_cast<size_t>(kIdPage)) break;
                    after = page.back();
                }
                if (too_big) return Ok();
            }
            for (int64_t id : ids) {
                XF_ASSIGN_OR_RETURN(auto p, tx.petitions().Get(id));
                if (!p) continue;
                ++counted;
                for (const auto& e : StatEntriesFor(*p)) {
                    if (!subtree.contains(e.org_id)) continue;
                    auto day = static_cast<int32_t>(std::chrono::sys_days(e.day).time_since_epoch().count());
                    auto month = static_cast<int32_t>(static_cast<int>(e.day.year()) * 100 +
                                                      static_cast<int>(static_cast<unsigned>(e.day.month())));
                    auto& d = want_day[{static_cast<int>(e.dim), day, e.key}];
                    d.first += e.batches;
                    d.second += e.persons;
                    auto& m = want_month[{static_cast<int>(e.dim), month, e.key}];
                    m.first += e.batches;
                    m.second += e.persons;
                }
            }
            XF_ASSIGN_OR_RETURN(got_day, tx.stats().Cells(false, org.id));
            XF_ASSIGN_OR_RETURN(got_month, tx.stats().Cells(true, org.id));
            return Ok();
        }));
        if (too_big) {
            out.skipped_codes.push_back(org.code);
            continue;
        }
        out.cases += counted;
        auto compare = [&](const char* table, auto& want, const std::vector<StatCell>& got) {
            out.cells += static_cast<int64_t>(got.size());
            for (const auto& c : got) {
                auto it = want.find({c.dim, c.period, c.key});
                std::pair<int64_t, int64_t> expected{0, 0};
                if (it != want.end()) {
                    expected = it->second;
                    want.erase(it);
                }
                if (expected == std::pair{c.batches, c.persons}) continue;
                ++out.mismatches;
                if (out.examples.size() < 10)
                    out.examples.push_back(fmt::format("{} {} dim={} period={} key={}: 汇总 {}/{}，重算 {}/{}", table,
                                                       org.code, c.dim, c.period, c.key, c.batches, c.persons,
                                                       expected.first, expected.second));
            }
            for (const auto& [k, v] : want) {
                if (v.first == 0 && v.second == 0) continue;
                ++out.mismatches;
                if (out.examples.size() < 10)
                    out.examples.push_back(fmt::format("{} {} dim={} period={} key={}: 汇总缺失，重算 {}/{}", table,
                                                       org.code, std::get<0>(k), std::get<1>(k), std::get<2>(k),
                                                       v.first, v.second));
            }
        };
        compare("stat_day", want_day, got_day);
        compare("stat_month", want_month, got_month);
        out.org_codes.push_back(org.code);
        if (out.cases >= budget) break;
    }
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_TRY(tx.settings().Set("stats_check.next_org", std::to_string(next_org)));
        return Audit(tx, 0, "system", "jobs.stats_sample_check", "job", "stats_sample_check",
                     JsonObjectWriter()
                         .Add("orgs", static_cast<int64_t>(out.org_codes.size()))
                         .Add("cases", out.cases)
                         .Add("mismatches", out.mismatches)
                         .Finish(),
                     {"scheduler", ""});
    }));
    return out;
}

Status Services::BumpReferenceGeneration(Transaction& tx) {
    XF_ASSIGN_OR_RETURN(int64_t g, tx.petitions().NextSequence("reference.generation"));
    return tx.settings().Set("reference.generation", std::to_string(g));
}

Result<bool> Services::RefreshReferenceData() {
    std::optional<std::string> generation;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(generation, tx.settings().Get("reference.generation"));
        return Ok();
    }));
    {
        std::lock_guard lock(calendar_mu_);
        if (generation == reference_generation_) return false;
    }
    // Read before loading: a change committed meanwhile is seen by the next call.
    XF_TRY(LoadCategories());
    XF_TRY(LoadCalendarOverrides());
    std::lock_guard lock(calendar_mu_);
    reference_generation_ = generation;
    return true;
}

// ---------------------------------------------------------------- reference data kept in the database

std::shared_ptr<const HolidayCalendar> Services::calendar() const {
    std::lock_guard lock(calendar_mu_);
    return calendar_;
}

std::shared_ptr<const CategoryTable> Services::Categories() const {
    std::lock_guard lock(calendar_mu_);
    return categories_;
}

void Services::SetCalendar(HolidayCalendar cal) {
    auto next = std::make_shared<const HolidayCalendar>(std::move(cal));
    std::lock_guard lock(calendar_mu_);
    calendar_ = std::move(next);
}

Status Services::LoadCalendarOverrides() {
    std::vector<CalendarDay> days;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(days, tx.calendar().List());
        return Ok();
    }));
    HolidayCalendar merged = base_calendar_;
    // A year edited in the console replaces that year of the files entirely.
    std::set<int> years;
    for (const auto& d : days) years.insert(static_cast<int>(d.day.year()));
    HolidayCalendar kept;
    for (const auto& e : merged.Entries())
        if (!years.contains(static_cast<int>(e.day.year()))) kept.Set(e);
    for (const auto& d : days) kept.Set(d);
    SetCalendar(std::move(kept));
    return Ok();
}

std::vector<CalendarEntry> Services::CalendarYear(int year) const {
    return calendar()->Entries(std::chrono::year(year));
}

Result<int> Services::ImportRegions(const std::vector<Region>& rows) {
    for (size_t i = 0; i < rows.size(); ++i) {
        std::string line = fmt::format("line {}", i + 2);
        XF_TRY(ValidateRegionCode(rows[i].code, line + " code"));
        if (rows[i].name.empty() || !IsValidUtf8(rows[i].name))
            return Fail(Error::InvalidArgument(line + " name", "名称不能为空且须为 UTF-8"));
    }
    int n = 0;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(n, tx.regions().Upsert(rows));
        return Audit(tx, 0, "system", "region.import", "region", "", JsonObjectWriter().Add("rows", n).Finish(), {});
    }));
    return n;
}

Result<std::vector<Region>> Services::ListRegions() {
    std::vector<Region> out;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(out, tx.regions().List());
        return Ok();
    }));
    return out;
}

// ---------------------------------------------------------------- administration

Status Services::RequireAdmin(const Principal& who, bool global) const {
    if (!who.user.roles.Has(Role::kAdmin)) return Fail(Error::PermissionDenied("只有管理员可以执行此操作"));
    if (global && who.user.scope != DataScope::kAll)
        return Fail(Error::PermissionDenied("内容分类、节假日等全局数据只能由数据范围为「全部」的管理员维护"));
    return Ok();
}

Status Services::RequireAdminOver(Transaction& tx, const Principal& who, int64_t org_id) const {
    XF_TRY(RequireAdmin(who, false));
    if (who.user.scope == DataScope::kAll) return Ok();
    XF_ASSIGN_OR_RETURN(auto org, tx.orgs().Get(org_id));
    if (!org || !who.org.Contains(*org)) return Fail(Error::PermissionDenied("只能管理本单位及下级单位"));
    return Ok();
}

Result<Org> Services::CreateOrg(const Principal& who, const OrgRow& r, const RequestMeta& meta) {
    XF_TRY(RequireAdmin(who, false));
    Org created;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        if (r.code.empty()) return Fail(Error::InvalidArgument("code", "单位代码不能为空"));
        XF_TRY(CheckText(r.name, "name", 100, true, "单位名称"));
        XF_TRY(CheckText(r.code, "code", 64, true, "单位代码"));
        Org o;
        o.code = r.code;
        o.name = r.name;
        XF_ASSIGN_OR_RETURN(o.level, ParseOrgLevel(r.level, "level"));
        XF_ASSIGN_OR_RETURN(o.kind, ParseOrgKind(r.kind, "kind"));
        XF_TRY(ValidateRegionCode(r.region_code, "region_code"));
        o.region_code = r.region_code;
        if (r.parent_code.empty()) {
            if (who.user.scope != DataScope::kAll)
                return Fail(Error::PermissionDenied("只有数据范围为「全部」的管理员可以新建顶级单位"));
        } else {
            XF_ASSIGN_OR_RETURN(auto parent, tx.orgs().FindByCode(r.parent_code));
            if (!parent) return Fail(Error::InvalidArgument("parent_code", "上级单位不存在"));
            XF_TRY(RequireAdminOver(tx, who, parent->id));
            o.parent_id = parent->id;
        }
        XF_ASSIGN_OR_RETURN(created, tx.orgs().Insert(o));
        return Audit(tx, who.user.id, "staff", "org.create", "org", std::to_string(created.id),
                     JsonObjectWriter().Add("code", created.code).Add("name", created.name).Finish(), meta);
    }));
    return created;
}

Result<Org> Services::UpdateOrg(const Principal& who, int64_t id, const OrgPatch& patch, const RequestMeta& meta) {
    Org updated;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_TRY(RequireAdminOver(tx, who, id));
        XF_ASSIGN_OR_RETURN(auto org, tx.orgs().Get(id));
        if (!org) return Fail(Error::NotFound("单位不存在"));
        updated = *org;
        if (patch.name) {
            XF_TRY(CheckText(*patch.name, "name", 100, true, "单位名称"));
            updated.name = *patch.name;
        }
        if (patch.level) {
            XF_ASSIGN_OR_RETURN(updated.level, ParseOrgLevel(*patch.level, "level"));
        }
        if (patch.kind) XF_ASSIGN_OR_RETURN(updated.kind, ParseOrgKind(*patch.kind, "kind"));
        if (patch.region_code) {
            XF_TRY(ValidateRegionCode(*patch.region_code, "region_code"));
            updated.region_code = *patch.region_code;
        }
        XF_TRY(tx.orgs().Update(updated));
        return Audit(tx, who.user.id, "staff", "org.update", "org", std::to_string(id), "{}", meta);
    }));
    return updated;
}

Result<User> Services::CreateUser(const Principal& who, const UserCommand& cmd, const RequestMeta& meta) {
    XF_TRY(RequireAdmin(who, false));
    XF_TRY(ValidateLogin(cmd.login));
    XF_TRY(CheckText(cmd.display_name, "display_name", 50, true, "姓名"));
    XF_TRY(CheckPasswordPolicy(cmd.password, cmd.login));
    if (cmd.roles.Empty()) return Fail(Error::InvalidArgument("roles", "至少需要一个角色"));
    if (cmd.scope == DataScope::kAll && who.user.scope != DataScope::kAll)
        return Fail(Error::PermissionDenied("不能授予比自己更大的数据范围"));
    XF_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(cmd.password, options_.password_params));
    User created;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto org, tx.orgs().FindByCode(cmd.org_code));
        if (!org) return Fail(Error::InvalidArgument("org_code", "单位不存在"));
        XF_TRY(RequireAdminOver(tx, who, org->id));
        User u;
        u.login = cmd.login;
        u.display_name = cmd.display_name;
        u.org_id = org->id;
        u.roles = cmd.roles;
        u.scope = cmd.scope;
        u.password_hash = hash;
        XF_ASSIGN_OR_RETURN(created, tx.users().Insert(u));
        return Audit(tx, who.user.id, "staff", "user.create", "user", std::to_string(created.id),
                     JsonObjectWriter().Add("login", created.login).Finish(), meta);
    }));
    created.password_hash.clear();
    return created;
}

Result<User> Services::UpdateUser(const Principal& who, int64_t id, const UserPatch& patch, const RequestMeta& meta) {
    std::optional<std::string> hash;
    if (patch.password) {
        XF_TRY(CheckPasswordPolicy(*patch.password, ""));
        XF_ASSIGN_OR_RETURN(hash, crypto::HashPassword(*patch.password, options_.password_params));
    }
    if (patch.scope == DataScope::kAll && who.user.scope != DataScope::kAll)
        return Fail(Error::PermissionDenied("不能授予比自己更大的数据范围"));
    User updated;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto user, tx.users().Get(id));
        if (!user) return Fail(Error::NotFound("用户不存在"));
        XF_TRY(RequireAdminOver(tx, who, user->org_id));
        updated = *user;
        if (patch.display_name) {
            XF_TRY(CheckText(*patch.display_name, "display_name", 50, true, "姓名"));
            updated.display_name = *patch.display_name;
        }
        if (patch.org_code) {
            XF_ASSIGN_OR_RETURN(auto org, tx.orgs().FindByCode(*patch.org_code));
            if (!org) return Fail(Error::InvalidArgument("org_code", "单位不存在"));
            XF_TRY(RequireAdminOver(tx, who, org->id));
            updated.org_id = org->id;
        }
        if (patch.roles) {
            if (patch.roles->Empty()) return Fail(Error::InvalidArgument("roles", "至少需要一个角色"));
            updated.roles = *patch.roles;
        }
        if (patch.scope) updated.scope = *patch.scope;
        if (patch.active) {
            if (!*patch.active && id == who.user.id) return Fail(Error::InvalidArgument("active", "不能停用自己"));
            updated.active = *patch.active;
        }
        if (hash) updated.password_hash = *hash;
        XF_TRY(tx.users().Update(updated));
        return Audit(tx, who.user.id, "staff", "user.update", "user", std::to_string(id),
                     JsonObjectWriter().Add("password_changed", hash.has_value()).Finish(), meta);
    }));
    updated.password_hash.clear();
    return updated;
}

Result<int> Services::SaveCategories(const Principal& who, const std::vector<Category>& rows, const RequestMeta& meta) {
    XF_TRY(RequireAdmin(who, true));
    // Validate against the table as it will be: every parent must exist, names non-empty.
    std::vector<Category> merged = Categories()->All();
    for (const auto& r : rows) {
        auto it = std::find_if(merged.begin(), merged.end(), [&](const Category& c) { return c.code == r.code; });
        if (it != merged.end())
            *it = r;
        else
            merged.push_back(r);
    }
    for (size_t i = 0; i < rows.size(); ++i) {
        std::string base = fmt::format("rows[{}].", i);
        const auto& r = rows[i];
        if (r.code.empty() || r.code.size() > 16) return Fail(Error::InvalidArgument(base + "code", "分类代码无效"));
        XF_TRY(CheckText(r.name, base + "name", 50, true, "分类名称"));
        if (!r.parent.empty() &&
            std::none_of(merged.begin(), merged.end(), [&](const Category& c) { return c.code == r.parent; }))
            return Fail(Error::InvalidArgument(base + "parent", "上级分类不存在：" + r.parent));
    }
    int n = 0;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(n, tx.categories().Upsert(rows));
        XF_TRY(BumpReferenceGeneration(tx));
        return Audit(tx, who.user.id, "staff", "category.save", "category", "",
                     JsonObjectWriter().Add("rows", n).Finish(), meta);
    }));
    XF_TRY(LoadCategories());
    return n;
}

Result<int> Services::ImportCalendarYear(const Principal& who, int year, std::string_view tsv,
                                         const RequestMeta& meta) {
    XF_TRY(RequireAdmin(who, true));
    if (year < 2000 || year > 2100) return Fail(Error::InvalidArgument("year", "年份应为2000至2100"));
    XF_ASSIGN_OR_RETURN(HolidayCalendar parsed, HolidayCalendar::ParseTsv(tsv, fmt::format("cn-{}.tsv", year)));
    auto entries = parsed.Entries();
    for (const auto& e : entries)
        if (static_cast<int>(e.day.year()) != year)
            return Fail(Error::InvalidArgument("body", fmt::format("{} 不属于 {} 年", FormatDate(e.day), year)));
    if (entries.empty()) return Fail(Error::InvalidArgument("body", "日历为空"));
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_TRY(tx.calendar().ReplaceYear(year, entries));
        XF_TRY(BumpReferenceGeneration(tx));
        return Audit(tx, who.user.id, "staff", "calendar.import", "calendar", std::to_string(year),
                     JsonObjectWriter().Add("days", static_cast<int64_t>(entries.size())).Finish(), meta);
    }));
    XF_TRY(LoadCalendarOverrides());
    return RecomputeDeadlinesIfCalendarChanged();
}

// ---------------------------------------------------------------- dashboard

// The dashboard's figures are the report's (the same rollups and definitions, docs/statistics.md) for the user's
// own org and everything under it; only the snapshot by state and by rating is counted over the cases in scope.
Result<Summary> Services::Summarize(const Principal& who, Date from, Date to) {
    ReportQuery q;
    q.from = from;
    q.to = to;
    XF_ASSIGN_OR_RETURN(ReportResult r, Report(who, q));
    const Figures& f = r.current;
    Summary s;
    s.from = f.from;
    s.to = f.to;
    s.batches = f.totals.batches;
    s.persons = f.totals.persons;
    auto row = [](std::string key, const Count& c) { return CountRow{std::move(key), c.batches, c.persons}; };
    for (const auto& [ch, c] : f.by_channel)
        if (c.batches > 0) s.by_channel.push_back(row(std::string(ChannelName(ch)), c));
    for (size_t i = 0; i < f.by_purpose.size(); ++i)
        if (f.by_purpose[i].batches > 0)
            s.by_purpose.push_back(row(std::string(PurposeName(static_cast<Purpose>(i))), f.by_purpose[i]));
    for (const auto& c : f.by_category) s.by_category.push_back(row(c.key, c.count));
    for (const auto& c : f.by_region) s.by_region.push_back(row(c.key, c.count));
    for (const auto& c : f.by_month)
        if (c.count.batches > 0) s.by_month.push_back(row(c.key, c.count));
    Count others{f.totals.batches - f.collective.batches, f.totals.persons - f.collective.persons};
    if (f.collective.batches > 0) s.by_form.push_back(row("collective", f.collective));
    if (others.batches > 0) s.by_form.push_back(row("individual", others));
    s.concluded = {f.completion.numerator, f.completion.denominator};
    s.satisfaction = {f.satisfaction.numerator, f.satisfaction.denominator};
    s.rated = {f.participation.numerator, f.participation.denominator};
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        PetitionFilter pf = ScopeFilter(who, {});
        pf.kind = CaseKind::kOriginal;
        pf.received_from = f.from;
        pf.received_to = f.to;
        XF_ASSIGN_OR_RETURN(s.by_state, tx.petitions().CountBy(pf, CountDimension::kState));
        XF_ASSIGN_OR_RETURN(s.by_rating, tx.petitions().CountBy(pf, CountDimension::kRating));
        return Ok();
    }));
    return s;
}

}  // namespace xf::app
