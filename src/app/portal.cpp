// The citizen portal (网上信访, 条例第21条: 可查询、可跟踪、可督办、可评价) and 领导接访日 (条例第18条): the public use
// cases, their guessing and flooding defences, and the notices sent to petitioners through the outbox.
// docs/portal.md is the contract; the figures behind the limits are in docs/security.md.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/internal.hpp"
#include "app/services.hpp"
#include "base/json_writer.hpp"
#include "base/text.hpp"
#include "domain/personal_data.hpp"

namespace xf::app {

using namespace detail;

namespace {

// ---- limits of the public endpoints (docs/security.md) ----
// Each: a key prefix, the count from which a solved challenge is needed, the count that blocks, the window.
constexpr int64_t kLookupChallengeAfter = 3;      // failed look-ups per 查询码 or per address before a challenge
constexpr int64_t kSubmitChallengeAfter = 3;      // portal submissions per address an hour
constexpr int64_t kSubmitHardLimit = 30;
constexpr int64_t kOtpPerCodePerHour = 3;         // SMS codes per 查询码
constexpr int64_t kOtpPerCodePerDay = 5;          // … and a day: ≤ 25 one-time-code guesses a day on one 查询码
constexpr int64_t kOtpChallengeAfter = 2;         // SMS codes asked for per address an hour
constexpr int64_t kOtpPerAddressPerHour = 20;
constexpr int64_t kBookChallengeAfter = 3;        // bookings per address an hour
constexpr int64_t kBookHardLimit = 20;
constexpr auto kHour = std::chrono::seconds(3600);
constexpr auto kDay = std::chrono::seconds(86400);
constexpr auto kAttemptWindowSecs = std::chrono::duration_cast<std::chrono::seconds>(kAttemptWindow);

constexpr int kChallengeBits = 18;                // ≈ 262,000 SHA-256 on average: about a second in a phone browser
constexpr auto kChallengeTtl = std::chrono::minutes(5);
constexpr auto kAccessTtl = std::chrono::minutes(30);
constexpr auto kOtpTtl = std::chrono::minutes(10);
constexpr int kOtpAttempts = 5;
constexpr int kPublicDaysAhead = 90;
constexpr size_t kMaxSmsChars = 180;

const Error& WrongCredential() {
    static const Error e = Error::NotFound("查询码或密码不正确");
    return e;
}

int LeadingZeroBits(const std::string& hex) {
    int bits = 0;
    for (char c : hex) {
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 16;
        if (v == 0) {
            bits += 4;
            continue;
        }
        for (int mask = 8; mask && !(v & mask); mask >>= 1) ++bits;
        break;
    }
    return bits;
}

std::vector<std::string_view> SplitDots(std::string_view s) { return Split(s, '.'); }

std::optional<int64_t> ToInt(std::string_view s) {
    if (s.empty() || s.size() > 18) return std::nullopt;
    int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

// Who hears of a case: the first petitioner who gave a phone number or an e-mail address.
const Petitioner* NoticeRecipient(const Petition& p) {
    for (const auto& x : p.petitioners)
        if (!x.phone_sealed.empty() || !x.email_sealed.empty()) return &x;
    return nullptr;
}

std::string Shorten(std::string_view text, size_t max_chars) {
    if (Utf8Length(text) <= max_chars) return std::string(text);
    return Utf8Prefix(text, max_chars - 1) + "…";
}

}  // namespace

// ---------------------------------------------------------------- throttles and challenges

PortalChallenge Services::NewChallenge() const {
    int64_t expires = (clock_.Now() + kChallengeTtl).time_since_epoch().count();
    std::string body = fmt::format("c1.{}.{}.{}", kChallengeBits, expires, crypto::RandomCode(16));
    std::string mac = cipher_.BlindIndex("portal-challenge|" + body).substr(0, 32);
    return {body + "." + mac, kChallengeBits};
}

Result<bool> Services::ChallengeSolved(Transaction& tx, const RequestMeta& meta) const {
    if (meta.challenge_token.empty() || meta.challenge_nonce.empty() || meta.challenge_nonce.size() > 24) return false;
    auto parts = SplitDots(meta.challenge_token);
    if (parts.size() != 5 || parts[0] != "c1") return false;
    std::string body = fmt::format("{}.{}.{}.{}", parts[0], parts[1], parts[2], parts[3]);
    if (!crypto::ConstantTimeEquals(parts[4], cipher_.BlindIndex("portal-challenge|" + body).substr(0, 32)))
        return false;
    auto bits = ToInt(parts[1]);
    auto expires = ToInt(parts[2]);
    if (!bits || !expires || *expires < clock_.Now().time_since_epoch().count()) return false;
    if (!ToInt(meta.challenge_nonce)) return false;
    if (LeadingZeroBits(crypto::Sha256Hex(meta.challenge_token + ":" + meta.challenge_nonce)) < *bits) return false;
    // One request per solved challenge.
    XF_ASSIGN_OR_RETURN(int64_t uses, tx.rate_limits().Hit("pow:" + std::string(parts[3]), clock_.Now(),
                                                           std::chrono::duration_cast<std::chrono::seconds>(kChallengeTtl) * 2));
    return uses == 1;
}

Status Services::CheckPublicThrottle(
    const std::vector<std::tuple<std::string, int64_t, int64_t, std::chrono::seconds>>& limits, const RequestMeta& meta) {
    Instant now = clock_.Now();
    bool need_challenge = false;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        for (const auto& [key, challenge_after, hard, window] : limits) {
            XF_ASSIGN_OR_RETURN(int64_t n, tx.rate_limits().Count(key, now, window));
            if (n >= hard)
                return Fail(Error::ResourceExhausted(window >= kDay    ? "尝试次数过多，请明天再试"
                                                     : window >= kHour ? "尝试次数过多，请1小时后再试"
                                                                       : "尝试次数过多，请15分钟后再试"));
            if (n >= challenge_after) need_challenge = true;
        }
        return Ok();
    }));
    if (!need_challenge) return Ok();
    bool solved = false;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(solved, ChallengeSolved(tx, meta));
        return Ok();
    }));
    if (!solved) return Fail(Error{ErrorCode::kResourceExhausted, "请先完成安全验证", "challenge"});
    return Ok();
}

std::vector<std::pair<std::string, int64_t>> Services::PortalLimits(const std::string& query_code,
                                                                     const RequestMeta& meta) const {
    return {{"code:" + NormalizeQueryCode(query_code), kFailuresPerAccount},
            {"ip:" + meta.remote_addr, kFailuresPerAddress}};
}

Status Services::CountPortalFailure(const Status& s, const std::string& query_code, const RequestMeta& meta,
                                    bool otp_used) {
    if (s || s.error().code != ErrorCode::kNotFound) return s;
    (void)store_.Write([&](Transaction& tx) -> Status {
        XF_TRY(RecordFailedAttempt(tx, PortalLimits(query_code, meta)));
        if (!otp_used) return Ok();
        // A wrong one-time code uses up one of its 5 attempts; the last one deletes it.
        std::string code = NormalizeQueryCode(query_code);
        XF_ASSIGN_OR_RETURN(auto otp, tx.portal_otps().Get(code));
        if (!otp) return Ok();
        if (--otp->attempts_left <= 0) return tx.portal_otps().Delete(code);
        return tx.portal_otps().Put(*otp);
    });
    return s;
}

// ---------------------------------------------------------------- notices (outbox)

Status Services::Enqueue(Transaction& tx, std::string key, NotifyChannel channel, const std::string& recipient_sealed,
                         std::string subject, std::string body, std::string topic) {
    if (!options_.notify_petitioners || recipient_sealed.empty()) return Ok();
    if (channel == NotifyChannel::kEmail && !options_.email_enabled) return Ok();  // [notify] email = "none"
    OutboxMessage m;
    m.key = std::move(key);
    m.channel = channel;
    m.recipient_sealed = recipient_sealed;
    m.subject = std::move(subject);
    m.body = std::move(body);
    m.topic = std::move(topic);
    m.created_at = m.next_attempt_at = clock_.Now();
    XF_ASSIGN_OR_RETURN(bool inserted, tx.outbox().Enqueue(m));
    (void)inserted;  // the same key twice is the same notice
    return Ok();
}

Status Services::NotifyStep(Transaction& tx, const Petition& p, const Event& ev) {
    if (!ev.is_public || ev.public_text.empty() || p.anonymous) return Ok();
    const Petitioner* to = NoticeRecipient(p);
    if (!to) return Ok();
    std::string key = fmt::format("step:{}", ev.id);
    if (!to->phone_sealed.empty()) {
        XF_ASSIGN_OR_RETURN(std::string phone, cipher_.Decrypt(to->phone_sealed));
        if (IsMobilePhone(phone)) {
            std::string body = fmt::format("【信访】您的信访事项（编号{}）：{}可凭查询码在网上信访查询。", p.number,
                                           Shorten(ev.public_text, kMaxSmsChars - 40));
            XF_TRY(Enqueue(tx, key + ":sms", NotifyChannel::kSms, to->phone_sealed, "", body, "petition.step"));
        }
    }
    if (!to->email_sealed.empty()) {
        std::string body = fmt::format(
            "您好：\n\n您的信访事项（编号{}）有新的进展：\n\n{}（{}）\n\n请凭查询码和查询密码在网上信访查询办理过程。"
            "本邮件由系统自动发送，请勿回复。\n",
            p.number, ev.public_text, FormatDate(ChinaDate(ev.at)));
        XF_TRY(Enqueue(tx, key + ":email", NotifyChannel::kEmail, to->email_sealed,
                       fmt::format("信访事项{}办理进展", p.number), body, "petition.step"));
    }
    return Ok();
}

// ---------------------------------------------------------------- submit

Result<std::optional<Org>> Services::PortalOrg(Transaction& tx) {
    if (!options_.portal_org_code.empty()) return tx.orgs().FindByCode(options_.portal_org_code);
    XF_ASSIGN_OR_RETURN(auto all, tx.orgs().List());
    std::optional<Org> org;
    for (const auto& o : all)  // the highest petition office receives online petitions
        if (o.kind == OrgKind::kPetitionOffice && (!org || o.path.size() < org->path.size())) org = o;
    return org;
}

Result<Registered> Services::SubmitOnline(const RegisterCommand& cmd_in, const RequestMeta& meta) {
    RegisterCommand cmd = cmd_in;
    cmd.channel = "online";
    cmd.received_at.reset();
    cmd.repeat_of_number.reset();
    cmd.accused_org_code.reset();
    cmd.booking_id.reset();
    cmd.org_code.reset();
    for (auto& p : cmd.petitioners) p.representative = false;
    Registered out;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto org, PortalOrg(tx));
        if (!org) return Fail(Error::Unavailable("尚未配置网上信访受理单位"));
        XF_ASSIGN_OR_RETURN(out, RegisterIn(tx, *org, 0, cmd, meta, "petitioner"));
        if (!meta.remote_addr.empty())
            XF_TRY(Drop(tx.rate_limits().Hit("submit:" + meta.remote_addr, clock_.Now(), kHour)));
        return Ok();
    }));
    return out;
}

Result<PortalReceipt> Services::SubmitFromPortal(const PortalSubmission& s, const RequestMeta& meta) {
    if (!s.consent)
        return Fail(Error::InvalidArgument("consent", "请阅读并同意个人信息处理规则后再提交"));
    if (s.cmd.petitioners.size() > 1)
        return Fail(Error::InvalidArgument("petitioners", "网上信访每次由一位信访人提出；多人反映同一事项请推选代表"));
    XF_TRY(CheckPublicThrottle({{"submit:" + meta.remote_addr, kSubmitChallengeAfter, kSubmitHardLimit, kHour}}, meta));
    RegisterCommand cmd = s.cmd;
    if (cmd.anonymous) cmd.petitioners.clear();
    cmd.persons = 1;
    XF_ASSIGN_OR_RETURN(Registered reg, SubmitOnline(cmd, meta));
    PortalReceipt out;
    out.registered = reg;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto p, tx.petitions().Get(reg.id));
        if (!p) return Fail(Error::Internal("registered case not found"));
        out.received_at = p->received_at;
        XF_ASSIGN_OR_RETURN(Org org, RequireOrg(tx, p->current_org_id));
        out.org_name = org.name;
        if (const auto* c = p->FindRunningClock(ClockKind::kRoute)) out.route_due = c->due;
        return Ok();
    }));
    return out;
}

Result<PortalReference> Services::PortalReferenceData() {
    PortalReference out;
    out.categories = Categories()->All();
    XF_ASSIGN_OR_RETURN(out.regions, ListRegions());
    out.rating_days = options_.policy.rating_days;
    out.review_days = options_.policy.review_request_days;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto org, PortalOrg(tx));
        if (org) out.org_name = org->name;
        return Ok();
    }));
    return out;
}

// ---------------------------------------------------------------- track

std::string Services::SecretDigest(const std::string& query_code, const std::string& secret) const {
    return "k1:" + cipher_.BlindIndex("portal-secret|" + query_code + ":" + secret);
}

std::string Services::AccessToken(const std::string& query_code, Instant expires) const {
    std::string body = fmt::format("t1.{}", expires.time_since_epoch().count());
    return body + "." + cipher_.BlindIndex("portal-access|" + query_code + "|" + body).substr(0, 40);
}

Result<Petition> Services::PortalCase(Transaction& tx, const std::string& query_code, const PortalCredential& cred) {
    std::string code = NormalizeQueryCode(query_code);
    if (cred.secret.empty() && cred.otp.empty() && cred.access_token.empty())
        return Fail(Error::InvalidArgument("secret", "请输入查询密码或短信验证码"));
    XF_ASSIGN_OR_RETURN(auto p, tx.petitions().FindByQueryCode(code));
    // The same answer whatever is wrong (code, secret, one-time code, token), and the same work on the way: a
    // made-up code costs a case read and decode like a real one (the first case stands in; measured by
    // bench/portal_timing.py), and a hash is computed and compared either way.
    if (!p) XF_TRY(Drop(tx.petitions().Get(1)));
    bool ok = false;
    if (!cred.secret.empty()) {
        // Keyed ("k1:") for new cases; the plain SHA-256 of cases registered before it still opens them.
        bool legacy = p && !p->secret_hash.starts_with("k1:");
        std::string want = legacy ? SecretHash(code, cred.secret) : SecretDigest(code, cred.secret);
        ok = crypto::ConstantTimeEquals(p ? p->secret_hash : std::string(want.size(), 'x'), want) && p;
    } else if (!cred.otp.empty()) {
        std::string want = cipher_.BlindIndex("portal-otp|" + code + "|" + cred.otp);
        XF_ASSIGN_OR_RETURN(auto otp, tx.portal_otps().Get(code));
        ok = otp && crypto::ConstantTimeEquals(otp->code_hash, want) && otp->expires_at > clock_.Now() &&
             otp->attempts_left > 0 && p && !p->secret_hash.empty();
        if (ok) XF_TRY(tx.portal_otps().Delete(code));  // one time
    } else {
        auto parts = SplitDots(cred.access_token);
        int64_t expires = -1;
        if (parts.size() == 3 && parts[0] == "t1")
            if (auto e = ToInt(parts[1])) expires = *e;
        std::string want = expires >= 0 ? AccessToken(code, Instant(std::chrono::seconds(expires))) : std::string(48, 'x');
        ok = crypto::ConstantTimeEquals(cred.access_token, want) && expires > clock_.Now().time_since_epoch().count() &&
             p;
    }
    if (!ok) return Fail(WrongCredential());
    return *p;
}

Result<std::vector<Petition>> Services::CaseChain(Transaction& tx, const Petition& first) {
    std::vector<Petition> chain{first};
    while (chain.back().child_case_id) {
        XF_ASSIGN_OR_RETURN(auto child, tx.petitions().Get(*chain.back().child_case_id));
        if (!child) break;
        chain.push_back(std::move(*child));
    }
    return chain;
}

Result<PublicView> Services::BuildPublicView(Transaction& tx, const Petition& first) {
    PublicView v;
    v.number = first.number;
    v.received_at = first.received_at;
    v.title = first.title;
    Date today = Today();
    // The latest case of the chain of reviews is where the matter stands.
    XF_ASSIGN_OR_RETURN(auto chain, CaseChain(tx, first));
    const Petition& latest = chain.back();
    v.state = std::string(StateName(latest.state));
    v.state_label = std::string(StateLabel(latest.state));
    XF_ASSIGN_OR_RETURN(Org cur, RequireOrg(tx, latest.current_org_id));
    v.current_org_name = cur.name;
    for (ClockKind k : {ClockKind::kHandling, ClockKind::kAcceptance, ClockKind::kRoute})
        if (const auto* c = latest.FindRunningClock(k)) {
            v.reply_due = c->due;
            v.remaining_days = DaysRemaining(today, c->due);
            break;
        }
    v.decision = latest.decision;
    v.rating = latest.rating;
    if (const auto* w = latest.FindRunningClock(ClockKind::kRating); w && !latest.rating && today <= w->due)
        v.rating_until = w->due;
    if (latest.state == State::kReplied && latest.kind != CaseKind::kReReview) {
        if (const auto* w = latest.FindRunningClock(ClockKind::kReviewRequest); w && today <= w->due) {
            v.review_until = w->due;
            v.review_kind_label = latest.kind == CaseKind::kOriginal ? "复查" : "复核";
        }
    }
    for (const auto& c : chain) {
        XF_ASSIGN_OR_RETURN(auto events, tx.petitions().Events(c.id));
        for (const auto& e : events)
            if (e.is_public && !e.public_text.empty())
                v.steps.push_back({e.at, e.id, c.number, e.action, e.public_text});
    }
    std::sort(v.steps.begin(), v.steps.end(), [](const PublicStep& a, const PublicStep& b) {
        return std::tie(a.at, a.event_id) < std::tie(b.at, b.event_id);
    });
    // The notices and opinions of the whole chain (never the letters between offices), newest revision of each.
    for (const auto& c : chain) {
        XF_ASSIGN_OR_RETURN(auto docs, tx.documents().ListDocuments(c.id));
        std::map<std::pair<DocumentKind, std::string>, const CaseDocument*> newest;
        for (const auto& d : docs)
            if (IsPetitionerDocument(d.kind)) newest[{d.kind, d.doc_number}] = &d;
        std::vector<const CaseDocument*> shown;
        for (const auto& [key, d] : newest) shown.push_back(d);
        std::sort(shown.begin(), shown.end(), [](const auto* a, const auto* b) { return a->id < b->id; });
        for (const auto* d : shown)
            v.documents.push_back({d->id, std::string(DocumentKindLabel(d->kind)), d->doc_number, c.number,
                                   d->created_at});
    }
    XF_ASSIGN_OR_RETURN(auto files, tx.documents().ListAttachments(first.id, false));
    for (const auto& a : files)
        if (a.source == "portal") v.attachments.push_back({a.id, a.file_name, a.size, a.uploaded_at});
    v.access_expires_at = clock_.Now() + kAccessTtl;
    v.access_token = AccessToken(first.query_code, v.access_expires_at);
    return v;
}

Status Services::RequestPortalOtp(const std::string& query_code, const RequestMeta& meta) {
    std::string code = NormalizeQueryCode(query_code);
    if (code.size() != 14) return Fail(Error::InvalidArgument("query_code", "查询码为12位字母和数字"));
    XF_TRY(CheckPublicThrottle({{"otp-ip:" + meta.remote_addr, kOtpChallengeAfter, kOtpPerAddressPerHour, kHour},
                                {"otp-code:" + code, kOtpPerCodePerHour, kOtpPerCodePerHour, kHour},
                                {"otp-day:" + code, kOtpPerCodePerDay, kOtpPerCodePerDay, kDay}},
                               meta));
    // The same work and the same answer whether or not the code exists or has a phone: the counters are hit
    // either way, in one write transaction.
    return store_.Write([&](Transaction& tx) -> Status {
        Instant now = clock_.Now();
        XF_TRY(Drop(tx.rate_limits().Hit("otp-ip:" + meta.remote_addr, now, kHour)));
        XF_TRY(Drop(tx.rate_limits().Hit("otp-code:" + code, now, kHour)));
        XF_TRY(Drop(tx.rate_limits().Hit("otp-day:" + code, now, kDay)));
        XF_ASSIGN_OR_RETURN(auto p, tx.petitions().FindByQueryCode(code));
        if (!p) {
            // As much work as for a real code with a phone (bench/portal_timing.py): a case read and decode, a
            // one-time-code row written and removed, the sealing of a message.
            XF_TRY(Drop(tx.petitions().Get(1)));
            XF_TRY(tx.portal_otps().Put({code, cipher_.BlindIndex("portal-otp|" + code), now, 0}));
            XF_TRY(tx.portal_otps().Delete(code));
            (void)cipher_.Encrypt("13800000000");
            return Ok();
        }
        if (p->secret_hash.empty() || p->anonymous) return Ok();
        const Petitioner* to = NoticeRecipient(*p);
        if (!to) return Ok();
        std::string otp = crypto::RandomDigits(6);
        XF_TRY(tx.portal_otps().Put(
            {code, cipher_.BlindIndex("portal-otp|" + code + "|" + otp), now + kOtpTtl, kOtpAttempts}));
        // The key goes to the gateway with the message: random, never the 查询码 (the code and the OTP together
        // would open the case).
        std::string key = "otp:" + crypto::RandomCode(16);
        if (!to->phone_sealed.empty()) {
            XF_ASSIGN_OR_RETURN(std::string phone, cipher_.Decrypt(to->phone_sealed));
            if (IsMobilePhone(phone))
                XF_TRY(Enqueue(tx, key + ":sms", NotifyChannel::kSms, to->phone_sealed, "",
                               fmt::format("【信访】您的查询验证码为{}，10分钟内有效。如非本人操作，请忽略本短信。", otp),
                               "portal.otp"));
        }
        if (!to->email_sealed.empty())
            XF_TRY(Enqueue(tx, key + ":email", NotifyChannel::kEmail, to->email_sealed, "网上信访查询验证码",
                           fmt::format("您好：\n\n您的网上信访查询验证码为{}，10分钟内有效。\n\n如非本人操作，请忽略本邮件。"
                                       "本邮件由系统自动发送，请勿回复。\n",
                                       otp),
                           "portal.otp"));
        return Ok();
    });
}

Result<PublicView> Services::Lookup(const std::string& query_code, const PortalCredential& cred,
                                    const RequestMeta& meta) {
    std::string code = NormalizeQueryCode(query_code);
    XF_TRY(CheckPublicThrottle({{"code:" + code, kLookupChallengeAfter, kFailuresPerAccount, kAttemptWindowSecs},
                                {"ip:" + meta.remote_addr, kLookupChallengeAfter, kFailuresPerAddress,
                                 kAttemptWindowSecs}},
                               meta));
    PublicView v;
    auto work = [&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(Petition p, PortalCase(tx, code, cred));
        XF_ASSIGN_OR_RETURN(v, BuildPublicView(tx, p));
        return Ok();
    };
    // A one-time code is spent by a successful look-up: that needs the writer.
    Status done = cred.secret.empty() && !cred.otp.empty() ? store_.Write(work) : store_.Read(work);
    XF_TRY(CountPortalFailure(done, code, meta, !cred.otp.empty()));
    return v;
}

Result<PublicView> Services::PortalAct(const std::string& query_code, const PortalCredential& cred, Action action,
                                       const ActionInput& input_in, const RequestMeta& meta) {
    if (action != Action::kRate && action != Action::kRequestReview)
        return Fail(Error::InvalidArgument("action", "信访人只能评价或申请复查/复核"));
    ActionInput input;  // only the fields a petitioner may set
    input.rating = input_in.rating;
    input.comment = input_in.comment;
    input.reason = input_in.reason;
    std::string code = NormalizeQueryCode(query_code);
    XF_TRY(CheckPublicThrottle({{"code:" + code, kLookupChallengeAfter, kFailuresPerAccount, kAttemptWindowSecs},
                                {"ip:" + meta.remote_addr, kLookupChallengeAfter, kFailuresPerAddress,
                                 kAttemptWindowSecs}},
                               meta));
    PublicView v;
    auto done = store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(Petition first, PortalCase(tx, code, cred));
        XF_ASSIGN_OR_RETURN(auto chain, CaseChain(tx, first));
        // The petitioner acts on where the matter stands: the latest decision of the chain is the one rated
        // and the one a review request is aimed at.
        Petition* target = &chain.back();
        Actor petitioner{ActorKind::kPetitioner, 0, 0, {}};
        Petition p = *target;
        Petition before = p;
        XF_TRY(Drop(ApplyAndSave(tx, p, action, input, petitioner, meta)));
        if (action == Action::kRequestReview) {
            // Art. 35, 36: the review goes to the org one level above the one that replied.
            XF_ASSIGN_OR_RETURN(Org replying, RequireOrg(tx, before.current_org_id));
            if (!replying.parent_id)
                return Fail(Error::FailedPrecondition("答复单位没有上一级机关，无法申请复查/复核"));
            XF_ASSIGN_OR_RETURN(Org higher, RequireOrg(tx, *replying.parent_id));
            XF_TRY(OpenReview(tx, p, higher, 0, "petitioner"));
        }
        // The view after the step: the chain as it now stands (the rating, the new review case).
        XF_ASSIGN_OR_RETURN(auto now_first, tx.petitions().Get(first.id));
        if (!now_first) return Fail(Error::Internal("case vanished in its own transaction"));
        XF_ASSIGN_OR_RETURN(v, BuildPublicView(tx, *now_first));
        return Ok();
    });
    XF_TRY(CountPortalFailure(done, code, meta, !cred.otp.empty()));
    return v;
}

// ---------------------------------------------------------------- documents and uploads (public)

Result<FileDownload> Services::PortalDocument(const std::string& query_code, const PortalCredential& cred,
                                              int64_t document_id, const RequestMeta& meta) {
    std::string code = NormalizeQueryCode(query_code);
    XF_TRY(CheckPublicThrottle({{"code:" + code, kLookupChallengeAfter, kFailuresPerAccount, kAttemptWindowSecs},
                                {"ip:" + meta.remote_addr, kLookupChallengeAfter, kFailuresPerAddress,
                                 kAttemptWindowSecs}},
                               meta));
    FileDownload out;
    bool render = false;  // its PDF is not laid out yet: after this transaction, outside it
    // A write: a one-time code is spent.
    auto done = store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(Petition first, PortalCase(tx, code, cred));
        XF_ASSIGN_OR_RETURN(auto chain, CaseChain(tx, first));
        XF_ASSIGN_OR_RETURN(auto d, tx.documents().GetDocument(document_id));
        bool theirs = d && IsPetitionerDocument(d->kind) &&
                      std::any_of(chain.begin(), chain.end(), [&](const Petition& c) { return c.id == d->petition_id; });
        if (!theirs) return Fail(Error::NotFound("文书不存在"));
        render = d->sha256.empty();
        if (!render) XF_ASSIGN_OR_RETURN(out, DocumentFile(tx, *d, "pdf"));
        return Ok();
    });
    XF_TRY(CountPortalFailure(done, code, meta, !cred.otp.empty()));
    if (render) {
        XF_TRY(RenderDocumentFile(document_id));
        XF_TRY(store_.Read([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(auto d, tx.documents().GetDocument(document_id));
            if (!d) return Fail(Error::NotFound("文书不存在"));
            XF_ASSIGN_OR_RETURN(out, DocumentFile(tx, *d, "pdf"));
            return Ok();
        }));
    }
    return out;
}

Result<std::vector<PublicAttachment>> Services::PortalUpload(const std::string& query_code,
                                                             const PortalCredential& cred,
                                                             const std::vector<UploadFile>& files,
                                                             const RequestMeta& meta) {
    XF_TRY(CheckUploads(files));
    std::string code = NormalizeQueryCode(query_code);
    XF_TRY(CheckPublicThrottle({{"code:" + code, kLookupChallengeAfter, kFailuresPerAccount, kAttemptWindowSecs},
                                {"ip:" + meta.remote_addr, kLookupChallengeAfter, kFailuresPerAddress,
                                 kAttemptWindowSecs}},
                               meta));
    std::vector<PublicAttachment> out;
    auto done = store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(Petition first, PortalCase(tx, code, cred));
        XF_ASSIGN_OR_RETURN(auto chain, CaseChain(tx, first));
        // Material is added while the matter is open; a closed one takes a new submission.
        if (IsClosed(chain.back().state))
            return Fail(Error::FailedPrecondition("该信访事项已办结，不能再补充材料"));
        XF_ASSIGN_OR_RETURN(auto stored, StoreUploads(tx, first, files, "portal", 0, meta));
        for (const auto& a : stored) out.push_back({a.id, a.file_name, a.size, a.uploaded_at});
        return Ok();
    });
    XF_TRY(CountPortalFailure(done, code, meta, !cred.otp.empty()));
    return out;
}

// ---------------------------------------------------------------- 领导接访日 (public)

Result<ReceptionDayView> Services::DayView(Transaction& tx, const ReceptionDay& d) {
    ReceptionDayView v;
    v.day = d;
    XF_ASSIGN_OR_RETURN(Org org, RequireOrg(tx, d.org_id));
    v.org_code = org.code;
    v.org_name = org.name;
    XF_ASSIGN_OR_RETURN(auto bookings, tx.reception().ListBookings(d.id));
    std::map<int, int> taken;
    for (const auto& b : bookings)
        if (b.status != BookingStatus::kCancelled) {
            ++taken[b.slot_minute];
            ++v.booked;
        }
    for (int slot : SlotStarts(d)) {
        v.free_by_slot.emplace_back(slot, std::max(0, d.per_slot - taken[slot]));
        v.capacity += d.per_slot;
    }
    return v;
}

Result<std::vector<ReceptionDayView>> Services::PublicReceptionDays() {
    std::vector<ReceptionDayView> out;
    Date today = Today();
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        ReceptionDayFilter f;
        f.from = today;
        f.to = AddDays(today, kPublicDaysAhead);
        f.published_only = true;
        f.include_cancelled = false;
        XF_ASSIGN_OR_RETURN(auto days, tx.reception().ListDays(f));
        for (const auto& d : days) {
            XF_ASSIGN_OR_RETURN(auto v, DayView(tx, d));
            out.push_back(std::move(v));
        }
        return Ok();
    }));
    return out;
}

Result<PublicBooking> Services::BookReception(const BookingCommand& cmd, const RequestMeta& meta) {
    if (!cmd.consent) return Fail(Error::InvalidArgument("consent", "请阅读并同意个人信息处理规则后再预约"));
    XF_TRY(CheckText(cmd.name, "name", 50, true, "姓名"));
    XF_TRY(ValidatePhone(cmd.phone, "phone"));
    if (!IsMobilePhone(cmd.phone)) return Fail(Error::InvalidArgument("phone", "请填写手机号码，用于接收预约短信"));
    std::string id;
    if (!cmd.id_number.empty()) {
        id = NormalizeIdNumber(cmd.id_number);
        XF_TRY(ValidateIdNumber(id, "id_number"));
    }
    XF_TRY(ValidateRegionCode(cmd.region_code, "region_code"));
    XF_TRY(CheckText(cmd.summary, "summary", 500, true, "反映事项"));
    auto slot = ParseMinute(cmd.slot);
    if (!slot) return Fail(Error::InvalidArgument("slot", "时段格式应为 HH:MM"));
    XF_TRY(CheckPublicThrottle({{"book:" + meta.remote_addr, kBookChallengeAfter, kBookHardLimit, kHour}}, meta));
    PublicBooking out;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        // The day stays locked to the end of this transaction: places are counted and taken one booking at a time.
        XF_ASSIGN_OR_RETURN(auto day, tx.reception().GetDay(cmd.day_id, true));
        if (!day || !day->published) return Fail(Error::InvalidArgument("day_id", "接访日不存在"));
        if (day->cancelled) return Fail(Error::FailedPrecondition("该接访日已取消"));
        Date today = Today();
        if (day->date < today) return Fail(Error::FailedPrecondition("该接访日已过"));
        if (day->date > AddDays(today, kPublicDaysAhead)) return Fail(Error::InvalidArgument("day_id", "接访日不存在"));
        auto starts = SlotStarts(*day);
        if (std::find(starts.begin(), starts.end(), *slot) == starts.end())
            return Fail(Error::InvalidArgument("slot", "该接访日没有这个时段"));
        if (day->date == today && ChinaMidnight(today) + std::chrono::minutes(*slot) <= clock_.Now())
            return Fail(Error::InvalidArgument("slot", "该时段已过，请选择其他时段"));
        XF_ASSIGN_OR_RETURN(auto bookings, tx.reception().ListBookings(day->id));
        int taken = 0;
        for (const auto& b : bookings) taken += b.slot_minute == *slot && b.status != BookingStatus::kCancelled;
        if (taken >= day->per_slot) return Fail(Error::AlreadyExists("该时段已约满，请选择其他时段", "slot"));
        ReceptionBooking b;
        b.day_id = day->id;
        b.slot_minute = *slot;
        b.name = std::string(Trim(cmd.name));
        b.phone_sealed = cipher_.Encrypt(cmd.phone);
        b.id_number_sealed = cipher_.Encrypt(id);
        b.region_code = cmd.region_code;
        b.summary = cmd.summary;
        b.created_at = clock_.Now();
        b.confirmation_code = crypto::RandomCode(4) + "-" + crypto::RandomCode(4);
        XF_ASSIGN_OR_RETURN(b, tx.reception().InsertBooking(b));
        XF_TRY(Drop(tx.rate_limits().Hit("book:" + meta.remote_addr, clock_.Now(), kHour)));
        XF_ASSIGN_OR_RETURN(out.day, DayView(tx, *day));
        out.confirmation_code = b.confirmation_code;
        out.status = b.status;
        out.slot_minute = b.slot_minute;
        XF_TRY(Enqueue(tx, fmt::format("booking:{}:booked", b.id), NotifyChannel::kSms, b.phone_sealed, "",
                       fmt::format("【信访】您已预约{} {} {}领导接访（{}），确认码{}。请携带身份证件按时到达。",
                                   FormatDate(day->date), MinuteText(*slot), out.day.org_name, day->place,
                                   b.confirmation_code),
                       "reception.booked"));
        return Audit(tx, 0, "petitioner", "reception.book", "reception_booking", std::to_string(b.id),
                     JsonObjectWriter().Add("day_id", day->id).Add("slot", MinuteText(*slot)).Finish(), meta);
    }));
    return out;
}

Result<std::pair<ReceptionDay, ReceptionBooking>> Services::BookingFor(Transaction& tx, const std::string& code_in,
                                                                       const std::string& phone, bool for_update) {
    std::string code;
    for (char c : code_in)
        if (c != '-' && c != ' ') code += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    if (code.size() == 8) code = code.substr(0, 4) + "-" + code.substr(4);
    XF_ASSIGN_OR_RETURN(auto b, tx.reception().FindBookingByCode(code));
    bool ok = false;
    if (b) {
        XF_ASSIGN_OR_RETURN(std::string stored, cipher_.Decrypt(b->phone_sealed));
        ok = crypto::ConstantTimeEquals(stored, std::string(Trim(phone)));
    }
    if (!ok) return Fail(Error::NotFound("确认码或手机号码不正确"));
    XF_ASSIGN_OR_RETURN(auto day, tx.reception().GetDay(b->day_id, for_update));
    if (!day) return Fail(Error::NotFound("确认码或手机号码不正确"));
    return std::make_pair(*day, *b);
}

Result<PublicBooking> Services::FindBooking(const std::string& code, const std::string& phone,
                                            const RequestMeta& meta) {
    std::vector<std::pair<std::string, int64_t>> limits = {{"booking-ip:" + meta.remote_addr, kFailuresPerAddress}};
    XF_TRY(CheckPublicThrottle({{"booking-ip:" + meta.remote_addr, kLookupChallengeAfter, kFailuresPerAddress,
                                 kAttemptWindowSecs}},
                               meta));
    PublicBooking out;
    auto done = store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto db, BookingFor(tx, code, phone, false));
        XF_ASSIGN_OR_RETURN(out.day, DayView(tx, db.first));
        out.confirmation_code = db.second.confirmation_code;
        out.status = db.second.status;
        out.slot_minute = db.second.slot_minute;
        return Ok();
    });
    if (!done && done.error().code == ErrorCode::kNotFound)
        (void)store_.Write([&](Transaction& tx) { return RecordFailedAttempt(tx, limits); });
    XF_TRY(done);
    return out;
}

Result<PublicBooking> Services::CancelBooking(const std::string& code, const std::string& phone,
                                              const RequestMeta& meta) {
    std::vector<std::pair<std::string, int64_t>> limits = {{"booking-ip:" + meta.remote_addr, kFailuresPerAddress}};
    XF_TRY(CheckPublicThrottle({{"booking-ip:" + meta.remote_addr, kLookupChallengeAfter, kFailuresPerAddress,
                                 kAttemptWindowSecs}},
                               meta));
    PublicBooking out;
    auto done = store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto db, BookingFor(tx, code, phone, true));
        ReceptionBooking b = db.second;
        if (b.status == BookingStatus::kRegistered)
            return Fail(Error::FailedPrecondition("该预约已登记为信访件，不能取消"));
        if (b.status == BookingStatus::kBooked) {
            b.status = BookingStatus::kCancelled;
            XF_ASSIGN_OR_RETURN(b, tx.reception().UpdateBooking(b));
            XF_TRY(Audit(tx, 0, "petitioner", "reception.cancel", "reception_booking", std::to_string(b.id), "{}",
                         meta));
        }
        XF_ASSIGN_OR_RETURN(out.day, DayView(tx, db.first));
        out.confirmation_code = b.confirmation_code;
        out.status = b.status;
        out.slot_minute = b.slot_minute;
        return Ok();
    });
    if (!done && done.error().code == ErrorCode::kNotFound)
        (void)store_.Write([&](Transaction& tx) { return RecordFailedAttempt(tx, limits); });
    XF_TRY(done);
    return out;
}

// ---------------------------------------------------------------- 领导接访日 (console)

Status Services::RequireReceptionManager(const Principal& who) const {
    if (!who.user.roles.Intersects(RoleSet{Role::kRegistrar, Role::kApprover, Role::kAdmin}))
        return Fail(Error::PermissionDenied("只有登记员、负责人或管理员可以安排领导接访日"));
    return Ok();
}

Result<std::vector<ReceptionDayView>> Services::ListReceptionDays(const Principal& who, std::optional<Date> from,
                                                                  std::optional<Date> to) {
    std::vector<ReceptionDayView> out;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        ReceptionDayFilter f;
        f.org_path = who.org.path;
        f.from = from;
        f.to = to;
        XF_ASSIGN_OR_RETURN(auto days, tx.reception().ListDays(f));
        for (const auto& d : days) {
            XF_ASSIGN_OR_RETURN(auto v, DayView(tx, d));
            out.push_back(std::move(v));
        }
        return Ok();
    }));
    return out;
}

namespace {

// Applies the fields present in `cmd` to `d`; errors name the field.
Status ApplyDayCommand(const ReceptionDayCommand& cmd, ReceptionDay& d) {
    if (cmd.date) XF_ASSIGN_OR_RETURN(d.date, ParseDate(*cmd.date, "date"));
    auto minute = [](const std::optional<std::string>& text, const char* field, int& out) -> Status {
        if (!text) return Ok();
        auto m = ParseMinute(*text);
        if (!m) return Fail(Error::InvalidArgument(field, "时间格式应为 HH:MM"));
        out = *m;
        return Ok();
    };
    XF_TRY(minute(cmd.start, "start", d.start_minute));
    XF_TRY(minute(cmd.end, "end", d.end_minute));
    if (cmd.slot_minutes) d.slot_minutes = *cmd.slot_minutes;
    if (cmd.per_slot) d.per_slot = *cmd.per_slot;
    for (auto [in, out, field] : {std::tuple{&cmd.place, &d.place, "place"},
                                  {&cmd.leader_name, &d.leader_name, "leader_name"},
                                  {&cmd.leader_title, &d.leader_title, "leader_title"},
                                  {&cmd.topics, &d.topics, "topics"}}) {
        if (!*in) continue;
        if (!IsValidUtf8(**in)) return Fail(Error::InvalidArgument(field, "不是有效的 UTF-8 文本"));
        *out = std::string(Trim(**in));
    }
    if (cmd.published) d.published = *cmd.published;
    return ValidateReceptionDay(d);
}

}  // namespace

Result<ReceptionDayView> Services::CreateReceptionDay(const Principal& who, const ReceptionDayCommand& cmd,
                                                      const RequestMeta& meta) {
    XF_TRY(RequireReceptionManager(who));
    if (!cmd.date) return Fail(Error::InvalidArgument("date", "请选择接访日期"));
    ReceptionDayView out;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        Org org = who.org;
        if (cmd.org_code && !cmd.org_code->empty() && *cmd.org_code != who.org.code) {
            XF_ASSIGN_OR_RETURN(auto o, tx.orgs().FindByCode(*cmd.org_code));
            if (!o) return Fail(Error::InvalidArgument("org_code", "单位不存在"));
            if (!who.org.Contains(*o)) return Fail(Error::PermissionDenied("只能为本单位或下级单位安排接访日"));
            org = *o;
        }
        ReceptionDay d;
        d.org_id = org.id;
        d.created_by = who.user.id;
        d.leader_name.clear();
        d.place.clear();
        XF_TRY(ApplyDayCommand(cmd, d));
        if (d.date < Today()) return Fail(Error::InvalidArgument("date", "接访日期不能早于今天"));
        if (cmd.cancelled && *cmd.cancelled) return Fail(Error::InvalidArgument("cancelled", "新建的接访日不能是已取消"));
        XF_ASSIGN_OR_RETURN(d, tx.reception().InsertDay(d));
        XF_ASSIGN_OR_RETURN(out, DayView(tx, d));
        return Audit(tx, who.user.id, "staff", "reception.day_create", "reception_day", std::to_string(d.id),
                     JsonObjectWriter().Add("org", org.code).Add("date", FormatDate(d.date)).Finish(), meta);
    }));
    return out;
}

Result<ReceptionDayView> Services::UpdateReceptionDay(const Principal& who, int64_t id, const ReceptionDayCommand& cmd,
                                                      std::optional<int64_t> if_match, const RequestMeta& meta) {
    XF_TRY(RequireReceptionManager(who));
    ReceptionDayView out;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto loaded, tx.reception().GetDay(id, true));
        if (!loaded) return Fail(Error::NotFound("接访日不存在"));
        XF_ASSIGN_OR_RETURN(Org org, RequireOrg(tx, loaded->org_id));
        if (!who.org.Contains(org)) return Fail(Error::NotFound("接访日不存在"));
        if (if_match && *if_match != loaded->version)
            return Fail(Error::Aborted("接访日已被他人修改，请刷新后重试"));
        ReceptionDay d = *loaded;
        if (d.cancelled) return Fail(Error::FailedPrecondition("已取消的接访日不能再修改"));
        XF_ASSIGN_OR_RETURN(auto bookings, tx.reception().ListBookings(d.id));
        bool has_bookings = std::any_of(bookings.begin(), bookings.end(),
                                        [](const ReceptionBooking& b) { return b.status == BookingStatus::kBooked; });
        ReceptionDayCommand c = cmd;
        c.org_code.reset();
        XF_TRY(ApplyDayCommand(c, d));
        if (cmd.date && d.date != loaded->date && d.date < Today())
            return Fail(Error::InvalidArgument("date", "接访日期不能早于今天"));
        std::map<int, int> booked_in_slot;
        for (const auto& b : bookings)
            if (b.status == BookingStatus::kBooked) ++booked_in_slot[b.slot_minute];
        for (const auto& [slot, n] : booked_in_slot)
            if (n > d.per_slot)
                return Fail(Error::InvalidArgument(
                    "per_slot", fmt::format("{}时段已有{}人预约，每时段名额不能少于此数", MinuteText(slot), n)));
        if (has_bookings) {
            // Booked citizens were told a date and a time: those stay; cancel the day to move it.
            auto starts = SlotStarts(d);
            for (const auto& b : bookings)
                if (b.status == BookingStatus::kBooked &&
                    std::find(starts.begin(), starts.end(), b.slot_minute) == starts.end())
                    return Fail(Error::InvalidArgument("start", "已有群众预约的时段不能取消；如需改期请取消本接访日"));
            if (d.date != loaded->date) return Fail(Error::InvalidArgument("date", "已有群众预约，不能改日期；如需改期请取消本接访日"));
        }
        // `cancelled: false` on a day that is not cancelled changes nothing (a form may send every field).
        bool cancelling = cmd.cancelled && *cmd.cancelled;
        if (cancelling) d.cancelled = true;
        XF_ASSIGN_OR_RETURN(d, tx.reception().UpdateDay(d));
        if (cancelling)
            for (auto b : bookings) {
                if (b.status != BookingStatus::kBooked) continue;
                b.status = BookingStatus::kCancelled;
                XF_ASSIGN_OR_RETURN(b, tx.reception().UpdateBooking(b));
                XF_TRY(Enqueue(tx, fmt::format("booking:{}:day-cancelled", b.id), NotifyChannel::kSms, b.phone_sealed,
                               "",
                               fmt::format("【信访】很抱歉，您预约的{} {} {}领导接访已取消（确认码{}）。"
                                           "您可以另行预约，或到信访接待场所反映。",
                                           FormatDate(d.date), MinuteText(b.slot_minute), org.name,
                                           b.confirmation_code),
                               "reception.cancelled"));
            }
        XF_ASSIGN_OR_RETURN(out, DayView(tx, d));
        return Audit(tx, who.user.id, "staff", cancelling ? "reception.day_cancel" : "reception.day_update",
                     "reception_day", std::to_string(d.id), JsonObjectWriter().Add("version", d.version).Finish(),
                     meta);
    }));
    return out;
}

Result<std::pair<ReceptionDayView, std::vector<BookingView>>> Services::ReceptionBookings(const Principal& who,
                                                                                           int64_t day_id) {
    if (!who.user.roles.Intersects(RoleSet{Role::kRegistrar, Role::kHandler, Role::kApprover, Role::kAdmin}))
        return Fail(Error::PermissionDenied("只有登记员、承办人、负责人或管理员可以查看预约名单"));
    std::pair<ReceptionDayView, std::vector<BookingView>> out;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto day, tx.reception().GetDay(day_id, false));
        if (!day) return Fail(Error::NotFound("接访日不存在"));
        XF_ASSIGN_OR_RETURN(Org org, RequireOrg(tx, day->org_id));
        if (!who.org.Contains(org)) return Fail(Error::NotFound("接访日不存在"));
        XF_ASSIGN_OR_RETURN(out.first, DayView(tx, *day));
        XF_ASSIGN_OR_RETURN(auto regions, tx.regions().List());
        std::map<std::string, std::string> region_names;
        for (const auto& r : regions) region_names[r.code] = r.name;
        XF_ASSIGN_OR_RETURN(auto bookings, tx.reception().ListBookings(day->id));
        for (auto& b : bookings) {
            BookingView v;
            XF_ASSIGN_OR_RETURN(std::string phone, cipher_.Decrypt(b.phone_sealed));
            v.phone_masked = MaskPhone(phone);
            v.region_name = region_names.count(b.region_code) ? region_names[b.region_code] : "";
            if (b.petition_id) {
                XF_ASSIGN_OR_RETURN(auto p, tx.petitions().Get(*b.petition_id));
                if (p) v.petition_number = p->number;
            }
            v.booking = std::move(b);
            out.second.push_back(std::move(v));
        }
        return Ok();
    }));
    return out;
}

Result<OutboxCounts> Services::OutboxSummary(const Principal& who) {
    XF_TRY(RequireAdmin(who, true));  // the outbox is the whole system's
    OutboxCounts out;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(out, tx.outbox().Counts());
        return Ok();
    }));
    return out;
}

}  // namespace xf::app
