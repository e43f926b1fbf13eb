#include "http/api.hpp"
#include "http/multipart.hpp"

#include "app/report_format.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>
#include <tuple>
#include <fstream>

#include "base/text.hpp"
#include "crypto/crypto.hpp"
#include "http/error_mapping.hpp"

namespace xf::http {
namespace json = boost::json;
namespace {

using app::Services;

// ------------------------------------------------------------------ request parsing

// The path ("petitioners[0].name") of the first string or key in `v` that is not valid UTF-8, or "body".
std::string InvalidUtf8Field(const json::value& v, const std::string& path) {
    if (v.is_string()) return IsValidUtf8(v.get_string()) ? std::string() : path;
    if (v.is_array()) {
        size_t i = 0;
        for (const auto& e : v.get_array()) {
            auto f = InvalidUtf8Field(e, fmt::format("{}[{}]", path, i++));
            if (!f.empty()) return f;
        }
    }
    if (v.is_object()) {
        for (const auto& kv : v.get_object()) {
            if (!IsValidUtf8(kv.key())) return path.empty() ? "body" : path;
            auto f = InvalidUtf8Field(kv.value(), path.empty() ? std::string(kv.key()) : path + "." + std::string(kv.key()));
            if (!f.empty()) return f;
        }
    }
    return {};
}

Result<json::object> ParseBody(const Request& req) {
    if (req.body.empty()) return json::object{};
    if (!IsValidUtf8(req.body)) {
        // Rejected whole; the field is named when the rest of the body is JSON.
        boost::system::error_code ec;
        json::parse_options lax;
        lax.allow_invalid_utf8 = true;
        json::value v = json::parse(req.body, ec, {}, lax);
        std::string field = ec ? std::string() : InvalidUtf8Field(v, "");
        return Fail(Error::InvalidArgument(field.empty() ? "body" : field, "不是有效的 UTF-8 文本"));
    }
    boost::system::error_code ec;
    json::value v = json::parse(req.body, ec);
    if (ec) return Fail(Error::InvalidArgument("body", "请求体不是有效的 JSON：" + ec.message()));
    if (!v.is_object()) return Fail(Error::InvalidArgument("body", "请求体应为 JSON 对象"));
    return std::move(v.as_object());
}

// Control characters other than tab, line feed and carriage return (C0 and DEL) have no place in any text a person
// typed: they are refused, naming the field, rather than stored (docs/architecture.md, "Bad input").
std::optional<unsigned char> ControlChar(std::string_view s) {
    for (unsigned char c : s)
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return c;
    return std::nullopt;
}

// Typed field readers: a present field of the wrong type is an error naming the field.
Result<std::optional<std::string>> OptString(const json::object& o, std::string_view key,
                                             std::string_view prefix = "") {
    auto* v = o.if_contains(key);
    if (!v || v->is_null()) return std::optional<std::string>();
    if (!v->is_string())
        return Fail(Error::InvalidArgument(std::string(prefix) + std::string(key), "应为字符串"));
    if (auto c = ControlChar(v->get_string()))
        return Fail(Error::InvalidArgument(std::string(prefix) + std::string(key),
                                           fmt::format("含有不允许的控制字符（U+{:04X}）", *c)));
    return std::optional<std::string>(std::string(v->get_string()));
}
Result<std::string> String(const json::object& o, std::string_view key, bool required, std::string_view label,
                           std::string_view prefix = "") {
    XF_ASSIGN_OR_RETURN(auto s, OptString(o, key, prefix));
    if (required && (!s || Trim(*s).empty()))
        return Fail(Error::InvalidArgument(std::string(prefix) + std::string(key), fmt::format("缺少{}", label)));
    return s.value_or("");
}
Result<std::optional<int64_t>> OptInt(const json::object& o, std::string_view key, std::string_view prefix = "") {
    auto* v = o.if_contains(key);
    if (!v || v->is_null()) return std::optional<int64_t>();
    if (v->is_int64()) return std::optional<int64_t>(v->get_int64());
    if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX))
        return std::optional<int64_t>(static_cast<int64_t>(v->get_uint64()));
    return Fail(Error::InvalidArgument(std::string(prefix) + std::string(key), "应为整数"));
}
Result<bool> Bool(const json::object& o, std::string_view key, std::string_view prefix = "") {
    auto* v = o.if_contains(key);
    if (!v || v->is_null()) return false;
    if (!v->is_bool()) return Fail(Error::InvalidArgument(std::string(prefix) + std::string(key), "应为 true 或 false"));
    return v->get_bool();
}
Result<std::optional<Date>> OptDate(const json::object& o, std::string_view key) {
    XF_ASSIGN_OR_RETURN(auto s, OptString(o, key));
    if (!s || s->empty()) return std::optional<Date>();
    XF_ASSIGN_OR_RETURN(Date d, ParseDate(*s, key));
    return std::optional<Date>(d);
}

Result<int64_t> PathId(const Request& req, const char* name = "id") {
    const std::string& s = req.path_params.at(name);
    int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v <= 0)
        return Fail(Error::InvalidArgument(name, "编号应为正整数"));
    return v;
}

app::RequestMeta Meta(const Request& req) { return {req.request_id, req.remote_addr}; }

// A file over a size limit is 413 (Payload Too Large), not 429: retrying will not help.
Response Problem(const Error& e) {
    return Response::Problem(e, e.code == ErrorCode::kResourceExhausted && e.field == "file" ? 413 : 0);
}

Response Ok(const json::value& v, int status = 200) { return Response::Json(status, v); }

// ------------------------------------------------------------------ JSON views

json::value OptDateJson(const std::optional<Date>& d) { return d ? json::value(FormatDate(*d)) : json::value(); }
json::value OptIntJson(const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(); }

json::object OrgJson(const Org& o) {
    return {{"id", o.id},
            {"code", o.code},
            {"parent_id", OptIntJson(o.parent_id)},
            {"name", o.name},
            {"level", OrgLevelName(o.level)},
            {"level_label", OrgLevelLabel(o.level)},
            {"kind", OrgKindName(o.kind)},
            {"kind_label", OrgKindLabel(o.kind)},
            {"region_code", o.region_code}};
}

json::object UserJson(const User& u) {
    json::array roles;
    for (auto& r : RoleNames(u.roles)) roles.push_back(json::value(r));
    return {{"id", u.id},
            {"login", u.login},
            {"display_name", u.display_name},
            {"org_id", u.org_id},
            {"roles", roles},
            {"scope", DataScopeName(u.scope)},
            {"active", u.active}};
}

json::object DecisionJson(const Decision& d) {
    return {{"outcome", OutcomeName(d.outcome)}, {"outcome_label", OutcomeLabel(d.outcome)},
            {"facts", d.facts},                  {"reasons", d.reasons},
            {"legal_basis", d.legal_basis},      {"decided_on", FormatDate(d.decided_on)}};
}

json::object ClockJson(const app::ClockView& c) {
    return {{"kind", ClockKindName(c.clock.kind)},
            {"label", ClockKindLabel(c.clock.kind)},
            {"article", c.clock.rule.article},
            {"unit", c.clock.rule.unit == DayUnit::kWorkingDays ? "working_days" : "calendar_days"},
            {"days", c.clock.rule.days},
            {"started_on", FormatDate(c.clock.started_on)},
            {"due", FormatDate(c.clock.due)},
            {"extension_days", c.clock.extension_days},
            {"paused_days", c.clock.paused_days},
            {"paused", c.paused},
            {"running", c.clock.running()},
            {"stopped_on", OptDateJson(c.clock.stopped_on)},
            {"remaining_days", c.remaining_days},
            {"overdue", c.overdue},
            {"duty", IsDutyClock(c.clock.kind)}};
}

json::object EventJson(const Event& e) {
    json::object o{{"id", e.id},
                   {"at", FormatInstant(e.at)},
                   {"action", e.action},
                   {"actor_kind", e.actor_kind},
                   {"actor_user_id", e.actor_user_id},
                   {"org_id", e.org_id},
                   {"target_org_id", OptIntJson(e.target_org_id)},
                   {"public_text", e.public_text},
                   {"internal_note", e.internal_note},
                   {"is_public", e.is_public}};
    if (auto a = ParseAction(e.action)) o["action_label"] = ActionLabel(*a);
    else if (e.action == "register") o["action_label"] = "登记";
    if (!e.detail_json.empty()) {
        boost::system::error_code ec;
        auto d = json::parse(e.detail_json, ec);
        if (!ec) o["detail"] = d;
    }
    return o;
}

void PetitionCore(json::object& o, const Petition& p) {
    o["id"] = p.id;
    o["version"] = p.version;
    o["number"] = p.number;
    o["kind"] = CaseKindName(p.kind);
    o["kind_label"] = CaseKindLabel(p.kind);
    o["channel"] = ChannelName(p.channel);
    o["channel_label"] = ChannelLabel(p.channel);
    o["purpose"] = PurposeName(p.purpose);
    o["purpose_label"] = PurposeLabel(p.purpose);
    o["state"] = StateName(p.state);
    o["state_label"] = StateLabel(p.state);
    o["received_at"] = FormatInstant(p.received_at);
    o["category_code"] = p.category_code;
    o["region_code"] = p.region_code;
    o["title"] = p.title;
    o["persons"] = p.persons;
    o["collective"] = p.collective();
    o["is_repeat"] = p.is_repeat;
    o["current_org_id"] = p.current_org_id;
    o["registered_org_id"] = p.registered_org_id;
}

json::object PetitionViewJson(const app::PetitionView& v) {
    const Petition& p = v.petition;
    json::object o;
    PetitionCore(o, p);
    o["query_code"] = p.query_code;
    o["parent_case_id"] = OptIntJson(p.parent_case_id);
    o["root_case_id"] = OptIntJson(p.root_case_id);
    o["child_case_id"] = OptIntJson(p.child_case_id);
    o["content"] = p.content;
    o["category_path"] = v.category_path;
    o["registered_org_name"] = v.registered_org_name;
    o["current_org_name"] = v.current_org_name;
    o["registered_by"] = p.registered_by;
    json::array pets;
    for (const auto& x : v.petitioners)
        pets.push_back(json::object{{"name", x.name},
                                    {"id_number", x.id_number},
                                    {"phone", x.phone},
                                    {"address", x.address},
                                    {"representative", x.representative}});
    o["petitioners"] = std::move(pets);
    o["personal_data_revealed"] = v.revealed;
    o["accused_name"] = p.accused_name;
    o["accused_org_id"] = OptIntJson(p.accused_org_id);
    o["accused_org_name"] = v.accused_org_name;
    o["involves_litigation"] = p.involves_litigation;
    o["anonymous"] = p.anonymous;
    o["repeat_of"] = OptIntJson(p.repeat_of);
    o["skipped_level"] = p.skipped_level;
    o["decision"] = p.decision ? json::value(DecisionJson(*p.decision)) : json::value();
    o["rating"] = p.rating ? json::value(RatingName(*p.rating)) : json::value();
    o["rating_label"] = p.rating ? json::value(RatingLabel(*p.rating)) : json::value();
    o["rating_comment"] = p.rating_comment;
    o["route_note"] = p.route_note;
    o["accepted_on"] = OptDateJson(p.accepted_on);
    o["replied_on"] = OptDateJson(p.replied_on);
    o["closed_on"] = OptDateJson(p.closed_on);
    o["extended"] = p.extended;
    o["remind_count"] = p.remind_count;
    o["supervise_count"] = p.supervise_count;
    json::array clocks;
    for (const auto& c : v.clocks) clocks.push_back(ClockJson(c));
    o["clocks"] = std::move(clocks);
    json::array timeline;
    for (const auto& e : v.events) timeline.push_back(EventJson(e));
    o["timeline"] = std::move(timeline);
    json::array actions;
    for (Action a : v.actions) actions.push_back(json::object{{"name", ActionName(a)}, {"label", ActionLabel(a)}});
    o["actions"] = std::move(actions);
    return o;
}

json::object PublicViewJson(const app::PublicView& v) {
    json::array steps;
    for (const auto& s : v.steps)
        steps.push_back(json::object{{"date", FormatDate(ChinaDate(s.at))},
                                     {"at", FormatInstant(s.at)},
                                     {"number", s.number},
                                     {"action", s.action},
                                     {"text", s.text}});
    json::array docs, files;
    for (const auto& d : v.documents)
        docs.push_back(json::object{{"id", d.id},
                                    {"kind_label", d.kind_label},
                                    {"doc_number", d.doc_number},
                                    {"number", d.case_number},
                                    {"date", FormatDate(ChinaDate(d.created_at))}});
    for (const auto& a : v.attachments)
        files.push_back(json::object{{"id", a.id},
                                     {"file_name", a.file_name},
                                     {"size", a.size},
                                     {"uploaded_at", FormatInstant(a.uploaded_at)}});
    json::object o{{"number", v.number},
                   {"state", v.state},
                   {"state_label", v.state_label},
                   {"current_org_name", v.current_org_name},
                   {"received_on", FormatDate(ChinaDate(v.received_at))},
                   {"title", v.title},
                   {"due", OptDateJson(v.reply_due)},
                   {"remaining_days", v.reply_due ? json::value(v.remaining_days) : json::value()},
                   {"decision", v.decision ? json::value(DecisionJson(*v.decision)) : json::value()},
                   {"rating", v.rating ? json::value(RatingLabel(*v.rating)) : json::value()},
                   {"rating_until", OptDateJson(v.rating_until)},
                   {"review_until", OptDateJson(v.review_until)},
                   {"review_kind", v.review_kind_label},
                   {"steps", std::move(steps)},
                   {"documents", std::move(docs)},
                   {"attachments", std::move(files)},
                   {"access_token", v.access_token},
                   {"access_expires_at", FormatInstant(v.access_expires_at)}};
    if (v.rating) o["rating_code"] = RatingName(*v.rating);
    return o;
}

std::string EncodeCursor(const std::pair<Instant, int64_t>& c) {
    return fmt::format("{}_{}", c.first.time_since_epoch().count(), c.second);
}
Result<std::pair<Instant, int64_t>> DecodeCursor(std::string_view s) {
    auto parts = Split(s, '_');
    int64_t t = 0, id = 0;
    if (parts.size() != 2 || std::from_chars(parts[0].data(), parts[0].data() + parts[0].size(), t).ec != std::errc() ||
        std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), id).ec != std::errc())
        return Fail(Error::InvalidArgument("cursor", "分页游标无效"));
    return std::make_pair(Instant(std::chrono::seconds(t)), id);
}

Result<int> QueryInt(const Request& req, std::string_view name, int lo, int hi, int dflt) {
    auto v = req.Query(name);
    if (!v || v->empty()) return dflt;
    int out = 0;
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
    if (ec != std::errc() || p != v->data() + v->size() || out < lo || out > hi)
        return Fail(Error::InvalidArgument(std::string(name), fmt::format("应为{}至{}的整数", lo, hi)));
    return out;
}

Result<app::ListQuery> ParseListQuery(const Request& req) {
    app::ListQuery q;
    auto& f = q.filter;
    if (auto v = req.Query("state"); v && !v->empty()) {
        XF_ASSIGN_OR_RETURN(f.state, ParseState(*v, "state"));
    }
    if (auto v = req.Query("channel"); v && !v->empty()) {
        XF_ASSIGN_OR_RETURN(f.channel, ParseChannel(*v, "channel"));
    }
    if (auto v = req.Query("purpose"); v && !v->empty()) {
        XF_ASSIGN_OR_RETURN(f.purpose, ParsePurpose(*v, "purpose"));
    }
    if (auto v = req.Query("category"); v && !v->empty()) f.category_prefix = std::string(*v);
    if (auto v = req.Query("region"); v && !v->empty()) f.region_prefix = std::string(*v);
    if (auto v = req.Query("number"); v && !v->empty()) f.number = std::string(*v);
    if (auto v = req.Query("from"); v && !v->empty()) {
        XF_ASSIGN_OR_RETURN(f.received_from, ParseDate(*v, "from"));
    }
    if (auto v = req.Query("to"); v && !v->empty()) {
        XF_ASSIGN_OR_RETURN(f.received_to, ParseDate(*v, "to"));
    }
    if (auto v = req.Query("open"); v && !v->empty()) f.open_only = (*v == "1" || *v == "true");
    if (auto v = req.Query("org_id"); v && !v->empty()) {
        int64_t id = 0;
        if (std::from_chars(v->data(), v->data() + v->size(), id).ec != std::errc())
            return Fail(Error::InvalidArgument("org_id", "应为整数"));
        f.current_org_id = id;
    }
    if (auto v = req.Query("subtree"); v && (*v == "1" || *v == "true")) q.org_subtree = true;
    if (auto v = req.Query("overdue"); v && (*v == "1" || *v == "true")) q.overdue = true;
    if (auto v = req.Query("due_within"); v && !v->empty()) {
        XF_ASSIGN_OR_RETURN(int days, QueryInt(req, "due_within", 0, 365, 3));
        q.due_within_days = days;
    }
    XF_ASSIGN_OR_RETURN(f.limit, QueryInt(req, "limit", 1, 200, 50));
    if (auto v = req.Query("cursor"); v && !v->empty()) {
        XF_ASSIGN_OR_RETURN(f.after, DecodeCursor(*v));
    }
    return q;
}

// GET /api/v1/reports/summary: org (code; default the user's own), from/to (default 1 January to today),
// category_level 1|2, and the optional filters channel, category (code prefix), region (code prefix).
Result<app::ReportQuery> ParseReportQuery(const Request& req, Date today) {
    app::ReportQuery q;
    q.org_code = std::string(req.Query("org").value_or(""));
    q.from = Date{today.year(), std::chrono::January, std::chrono::day(1)};
    q.to = today;
    if (auto v = req.Query("from"); v && !v->empty()) {
        XF_ASSIGN_OR_RETURN(q.from, ParseDate(*v, "from"));
    }
    if (auto v = req.Query("to"); v && !v->empty()) {
        XF_ASSIGN_OR_RETURN(q.to, ParseDate(*v, "to"));
    }
    XF_ASSIGN_OR_RETURN(q.category_level, QueryInt(req, "category_level", 1, 2, 1));
    if (auto v = req.Query("channel"); v && !v->empty()) {
        XF_ASSIGN_OR_RETURN(q.channel, ParseChannel(*v, "channel"));
    }
    if (auto v = req.Query("category"); v && !v->empty()) q.category_prefix = std::string(*v);
    if (auto v = req.Query("region"); v && !v->empty()) q.region_prefix = std::string(*v);
    return q;
}


json::object ListItemJson(const app::ListItem& it);

json::object ListJson(const app::ListResult& r) {
    json::array items;
    for (const auto& it : r.items) items.push_back(ListItemJson(it));
    return {{"items", std::move(items)}, {"next_cursor", r.next ? json::value(EncodeCursor(*r.next)) : json::value()}};
}

json::object ListItemJson(const app::ListItem& it) {
    {
        json::object o;
        PetitionCore(o, it.petition);
        o["current_org_name"] = it.current_org_name;
        o["petitioner"] = it.first_petitioner;
        o["next_due"] = OptDateJson(it.next_due);
        o["remaining_days"] = it.next_due ? json::value(it.remaining_days) : json::value();
        o["remind_count"] = it.petition.remind_count;
        o["supervise_count"] = it.petition.supervise_count;
        const CaseClock* sup = it.petition.FindRunningClock(ClockKind::kSupervision);
        o["supervision_due"] = sup ? json::value(FormatDate(sup->due)) : json::value();
        return o;
    }
}

json::array PartsJson(const std::vector<search::SnippetPart>& parts) {
    json::array a;
    for (const auto& p : parts) a.push_back(json::object{{"text", p.text}, {"hit", p.hit}});
    return a;
}

// Search cursors: "s" + score (shortest round-trip text; 0 when newest first) + "_" + id.
std::string EncodeScoreCursor(const std::pair<double, int64_t>& c) { return fmt::format("s{}_{}", c.first, c.second); }
Result<std::pair<double, int64_t>> DecodeScoreCursor(std::string_view s) {
    auto bad = [] { return Fail(Error::InvalidArgument("cursor", "分页游标无效")); };
    if (!s.starts_with('s')) return bad();
    s.remove_prefix(1);
    auto us = s.rfind('_');
    if (us == std::string_view::npos) return bad();
    double score = 0;
    int64_t id = 0;
    auto a = std::from_chars(s.data(), s.data() + us, score);
    auto b = std::from_chars(s.data() + us + 1, s.data() + s.size(), id);
    if (a.ec != std::errc() || a.ptr != s.data() + us || b.ec != std::errc() || b.ptr != s.data() + s.size()) return bad();
    return std::make_pair(score, id);
}

// GET /api/v1/search: q, order=relevance|newest, the list filters, cursor, limit (1..100, default 20).
Result<app::SearchQuery> ParseSearchQuery(const Request& req) {
    app::SearchQuery q;
    auto text = req.Query("q");
    if (!text || text->empty()) return Fail(Error::InvalidArgument("q", "请输入检索词"));
    q.text = std::string(*text);
    auto order = req.Query("order").value_or("relevance");
    if (order == "relevance") q.by_relevance = true;
    else if (order == "newest") q.by_relevance = false;
    else return Fail(Error::InvalidArgument("order", "排序应为 relevance（相关度）或 newest（最新）"));
    // The cursor's form depends on the order: parse the list filters without it, then the cursor.
    Request plain = req;
    std::erase_if(plain.query, [](const auto& kv) { return kv.first == "cursor" || kv.first == "limit"; });
    XF_ASSIGN_OR_RETURN(q.list, ParseListQuery(plain));
    XF_ASSIGN_OR_RETURN(q.list.filter.limit, QueryInt(req, "limit", 1, 100, 20));
    if (auto v = req.Query("cursor"); v && !v->empty()) {
        XF_ASSIGN_OR_RETURN(q.after, DecodeScoreCursor(*v));
    }
    return q;
}

json::object SearchJson(const app::SearchResult& r) {
    json::array items;
    for (const auto& h : r.items) {
        json::object o = ListItemJson(h.item);
        o["score"] = h.score;
        o["title_parts"] = PartsJson(h.title);
        o["snippet"] = PartsJson(h.snippet);
        items.push_back(std::move(o));
    }
    json::array facets;
    for (const auto& f : r.facets) facets.push_back(json::object{{"code", f.code}, {"name", f.name}, {"count", f.count}});
    json::value next;
    if (r.next) next = EncodeScoreCursor(*r.next);
    return {{"items", std::move(items)},
            {"total", r.total ? json::value(*r.total) : json::value()},
            {"capped", r.capped},
            {"facets", std::move(facets)},
            {"next_cursor", next}};
}

// The "petitioners" array of a registration (or of a draft of one); errors name `petitioners[i].field`.
Result<std::vector<app::PetitionerInput>> ParsePetitioners(const json::object& o, bool names_required) {
    std::vector<app::PetitionerInput> out;
    auto* v = o.if_contains("petitioners");
    if (!v || v->is_null()) return out;
    if (!v->is_array()) return Fail(Error::InvalidArgument("petitioners", "应为数组"));
    size_t i = 0;
    for (const auto& e : v->get_array()) {
        std::string prefix = fmt::format("petitioners[{}].", i++);
        if (!e.is_object()) return Fail(Error::InvalidArgument(prefix.substr(0, prefix.size() - 1), "应为对象"));
        const auto& x = e.get_object();
        app::PetitionerInput pi;
        XF_ASSIGN_OR_RETURN(pi.name, String(x, "name", names_required, "姓名", prefix));
        XF_ASSIGN_OR_RETURN(pi.id_number, String(x, "id_number", false, "", prefix));
        XF_ASSIGN_OR_RETURN(pi.phone, String(x, "phone", false, "", prefix));
        XF_ASSIGN_OR_RETURN(pi.address, String(x, "address", false, "", prefix));
        XF_ASSIGN_OR_RETURN(pi.representative, Bool(x, "representative", prefix));
        XF_ASSIGN_OR_RETURN(pi.email, String(x, "email", false, "", prefix));
        out.push_back(std::move(pi));
    }
    return out;
}

// POST /api/v1/petitions/repeat-candidates: the registration form as typed so far (every field optional).
Result<app::RegisterCommand> ParseDraft(const json::object& o) {
    app::RegisterCommand c;
    XF_ASSIGN_OR_RETURN(c.region_code, String(o, "region_code", false, ""));
    XF_ASSIGN_OR_RETURN(c.title, String(o, "title", false, ""));
    XF_ASSIGN_OR_RETURN(c.content, String(o, "content", false, ""));
    XF_ASSIGN_OR_RETURN(c.petitioners, ParsePetitioners(o, /*names_required=*/false));
    return c;
}

// The Idempotency-Key header of a registration (docs/api): 1–128 printable ASCII characters; at least
// `min_length` (the portal's keys are shared by every petitioner, so they must be unguessable). The body's SHA-256
// tells a retry from a different request under the same key.
Result<std::optional<app::IdempotencyKey>> IdempotencyHeader(const Request& req, size_t min_length,
                                                             std::string_view fingerprinted) {
    auto h = req.Header("idempotency-key");
    if (!h) return std::optional<app::IdempotencyKey>();
    std::string_view key = *h;
    bool printable = std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (key.size() < min_length || key.size() > 128 || !printable)
        return Fail(Error::InvalidArgument(
            "Idempotency-Key", fmt::format("Idempotency-Key 应为 {}–128 个可见 ASCII 字符（建议用 UUID）", min_length)));
    return std::optional<app::IdempotencyKey>(app::IdempotencyKey{std::string(key), crypto::Sha256Hex(fingerprinted)});
}

// An audit record's detail (a JSON object as stored; a string if it is not one).
json::value DetailJson(const std::string& detail) {
    boost::system::error_code ec;
    json::value v = json::parse(detail, ec);
    if (ec || !v.is_object()) return json::value(detail);
    return v;
}

// A registration's reply; a replay (same Idempotency-Key) says so.
Response MarkReplay(Response r, bool replayed) {
    if (replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
}

Result<app::RegisterCommand> ParseRegister(const json::object& o) {
    app::RegisterCommand c;
    XF_ASSIGN_OR_RETURN(c.channel, String(o, "channel", true, "信访形式"));
    XF_ASSIGN_OR_RETURN(c.received_at, OptString(o, "received_at"));
    XF_ASSIGN_OR_RETURN(c.org_code, OptString(o, "org_code"));
    XF_ASSIGN_OR_RETURN(auto purpose, OptString(o, "purpose"));
    if (purpose) c.purpose = *purpose;
    XF_ASSIGN_OR_RETURN(c.category_code, String(o, "category_code", true, "内容分类"));
    XF_ASSIGN_OR_RETURN(c.region_code, String(o, "region_code", true, "问题属地"));
    XF_ASSIGN_OR_RETURN(c.title, String(o, "title", true, "标题"));
    XF_ASSIGN_OR_RETURN(c.content, String(o, "content", true, "内容"));
    XF_ASSIGN_OR_RETURN(auto persons, OptInt(o, "persons"));
    if (persons) {
        if (*persons < 1 || *persons > 100000) return Fail(Error::InvalidArgument("persons", "人数应为1至100000"));
        c.persons = static_cast<int>(*persons);
    }
    XF_ASSIGN_OR_RETURN(c.anonymous, Bool(o, "anonymous"));
    XF_ASSIGN_OR_RETURN(c.petitioners, ParsePetitioners(o, /*names_required=*/!c.anonymous));
    XF_ASSIGN_OR_RETURN(c.accused_name, String(o, "accused_name", false, ""));
    XF_ASSIGN_OR_RETURN(c.accused_org_code, OptString(o, "accused_org_code"));
    XF_ASSIGN_OR_RETURN(c.involves_litigation, Bool(o, "involves_litigation"));
    XF_ASSIGN_OR_RETURN(c.repeat_of_number, OptString(o, "repeat_of_number"));
    XF_ASSIGN_OR_RETURN(c.skipped_level, Bool(o, "skipped_level"));
    XF_ASSIGN_OR_RETURN(c.booking_id, OptInt(o, "booking_id"));
    return c;
}

Result<ActionInput> ParseActionInput(const json::object& o, Services& svc, const app::Principal& who) {
    ActionInput in;
    XF_ASSIGN_OR_RETURN(in.target_org_id, OptInt(o, "target_org_id"));
    XF_ASSIGN_OR_RETURN(auto target_code, OptString(o, "target_org_code"));
    if (!in.target_org_id && target_code) {
        XF_ASSIGN_OR_RETURN(auto orgs, svc.ListOrgs(who));
        for (const auto& org : orgs)
            if (org.code == *target_code) in.target_org_id = org.id;
        if (!in.target_org_id) return Fail(Error::InvalidArgument("target_org_code", "单位不存在：" + *target_code));
    }
    XF_ASSIGN_OR_RETURN(in.feedback_due, OptDate(o, "feedback_due"));
    XF_ASSIGN_OR_RETURN(in.reason, String(o, "reason", false, ""));
    XF_ASSIGN_OR_RETURN(in.legal_route, String(o, "legal_route", false, ""));
    XF_ASSIGN_OR_RETURN(auto ext, OptInt(o, "extension_days"));
    if (ext) {
        if (*ext < 0 || *ext > 366) return Fail(Error::InvalidArgument("extension_days", "延长天数应为1至30日"));
        in.extension_days = static_cast<int>(*ext);
    }
    XF_ASSIGN_OR_RETURN(auto approver, OptInt(o, "approver_id"));
    in.approver_id = approver.value_or(0);
    XF_ASSIGN_OR_RETURN(auto outcome, OptString(o, "outcome"));
    if (outcome && !outcome->empty()) {
        XF_ASSIGN_OR_RETURN(in.outcome, ParseOutcome(*outcome, "outcome"));
    }
    XF_ASSIGN_OR_RETURN(in.facts, String(o, "facts", false, ""));
    XF_ASSIGN_OR_RETURN(in.reasons, String(o, "reasons", false, ""));
    XF_ASSIGN_OR_RETURN(in.legal_basis, String(o, "legal_basis", false, ""));
    XF_ASSIGN_OR_RETURN(auto rating, OptString(o, "rating"));
    if (rating && !rating->empty()) {
        XF_ASSIGN_OR_RETURN(in.rating, ParseRating(*rating, "rating"));
    }
    XF_ASSIGN_OR_RETURN(in.comment, String(o, "comment", false, ""));
    XF_ASSIGN_OR_RETURN(in.internal_note, String(o, "internal_note", false, ""));
    for (const std::string* s : {&in.reason, &in.legal_route, &in.facts, &in.reasons, &in.legal_basis, &in.comment,
                                 &in.internal_note})
        if (Utf8Length(*s) > 20000) return Fail(Error::InvalidArgument("body", "文本过长"));
    return in;
}

// ------------------------------------------------------------------ authentication

class Api {
public:
    Api(Services& svc, ApiOptions opt) : svc_(svc), opt_(std::move(opt)) {}

    // Wraps a staff handler: session cookie required; CSRF header required for state-changing methods.
    Handler Staff(std::function<Response(Request&, const app::Principal&)> h) {
        return [this, h = std::move(h)](Request& req) -> Response {
            auto token = req.Cookie(kSessionCookie);
            if (!token) return Problem(Error::Unauthenticated("未登录或会话已过期"));
            auto who = svc_.Authenticate(*token);
            if (!who) return Problem(who.error());
            if (req.method != Method::kGet && req.method != Method::kHead) {
                auto csrf = req.Header("x-csrf-token");
                auto ok = csrf ? svc_.CheckCsrf(*token, std::string(*csrf)) : Result<bool>(false);
                if (!ok) return Problem(ok.error());  // the database could not be read: 503, not a refusal
                if (!*ok) return Problem(Error::PermissionDenied("缺少或错误的 CSRF 令牌（X-CSRF-Token）"));
            }
            return h(req, *who);
        };
    }

    std::string SessionCookie(const std::string& value, bool clear) const {
        return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict{}{}", kSessionCookie, value,
                           opt_.secure_cookies ? "; Secure" : "", clear ? "; Max-Age=0" : "");
    }

    Services& svc_;
    ApiOptions opt_;
};

Response WithVersion(Response r, int64_t version) {
    r.headers.emplace_back("ETag", fmt::format("\"{}\"", version));
    return r;
}


// ------------------------------------------------------------------ citizen portal (docs/portal.md)

constexpr size_t kMaxPublicBody = 64 * 1024;  // a petition of 5,000 characters fits many times over

// The body of a public request, size-checked; the solved challenge it may carry goes into `meta`.
Result<json::object> PublicBody(const Request& req, app::RequestMeta& meta) {
    if (req.body.size() > kMaxPublicBody)
        return Fail(Error{ErrorCode::kResourceExhausted, fmt::format("请求体过大（上限 {} 字节）", kMaxPublicBody), "body"});
    XF_ASSIGN_OR_RETURN(auto body, ParseBody(req));
    if (auto* c = body.if_contains("challenge"); c && c->is_object()) {
        XF_ASSIGN_OR_RETURN(meta.challenge_token, String(c->get_object(), "token", false, "", "challenge."));
        XF_ASSIGN_OR_RETURN(meta.challenge_nonce, String(c->get_object(), "nonce", false, "", "challenge."));
    }
    return body;
}

constexpr std::string_view kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// A file for download. Never rendered by the browser (attachment, nosniff, a sandbox CSP): an uploaded file is
// whatever its sender made it, and the console's origin must not run it.
Response FileResponse(app::FileDownload f) {
    Response r;
    r.status = 200;
    r.content_type = f.media_type == "text/plain" ? "text/plain; charset=utf-8" : f.media_type;
    r.body = std::move(f.bytes);
    std::string encoded, ascii;
    for (unsigned char c : f.file_name) {
        if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
            encoded += static_cast<char>(c);
            ascii += static_cast<char>(c);
        } else {
            encoded += fmt::format("%{:02X}", c);
        }
    }
    auto dot = f.file_name.rfind('.');
    std::string ext = dot == std::string::npos ? "" : f.file_name.substr(dot);
    if (ascii.size() <= ext.size() || ext.find_first_not_of(".abcdefghijklmnopqrstuvwxyz0123456789") != std::string::npos)
        ascii = "file" + (ext.size() <= 6 ? ext : std::string());
    r.headers.emplace_back("Content-Disposition",
                           fmt::format("attachment; filename=\"{}\"; filename*=UTF-8''{}", ascii, encoded));
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    r.headers.emplace_back("Content-Security-Policy", "sandbox; default-src 'none'");
    r.headers.emplace_back("Cache-Control", "private, no-store");
    return r;
}

json::object DocumentJson(const app::DocumentView& v) {
    const auto& d = v.doc;
    return json::object{{"id", d.id},
                        {"petition_id", d.petition_id},
                        {"kind", DocumentKindName(d.kind)},
                        {"kind_label", DocumentKindLabel(d.kind)},
                        {"to_petitioner", IsPetitionerDocument(d.kind)},
                        {"revision", d.revision},
                        {"latest", v.latest},
                        {"doc_number", d.doc_number},
                        {"template_version", d.template_version},
                        {"org_name", v.org_name},
                        {"created_at", FormatInstant(d.created_at)},
                        {"created_by_name", v.created_by_name},
                        {"sha256", d.sha256.empty() ? json::value() : json::value(d.sha256)},
                        {"size", d.size}};
}

json::object TemplateJson(const DocumentTemplate& t) {
    return json::object{{"kind", DocumentKindName(t.kind)},
                        {"kind_label", DocumentKindLabel(t.kind)},
                        {"to_petitioner", IsPetitionerDocument(t.kind)},
                        {"version", t.version},
                        {"stored", t.id != 0},
                        {"title", t.title},
                        {"addressee", t.addressee},
                        {"body", t.body},
                        {"number_format", t.number_format},
                        {"note", t.note},
                        {"created_at", t.id ? json::value(FormatInstant(t.created_at)) : json::value()},
                        {"created_by", t.created_by}};
}

json::object AttachmentJson(const app::AttachmentView& v) {
    const auto& a = v.attachment;
    return json::object{{"id", a.id},
                        {"petition_id", a.petition_id},
                        {"file_name", a.file_name},
                        {"media_type", a.media_type},
                        {"size", a.size},
                        {"sha256", a.sha256},
                        {"source", a.source},
                        {"uploaded_at", FormatInstant(a.uploaded_at)},
                        {"uploaded_by_name", v.uploaded_by_name},
                        {"deleted", a.deleted_at.has_value()},
                        {"deleted_at", a.deleted_at ? json::value(FormatInstant(*a.deleted_at)) : json::value()},
                        {"deleted_by_name", v.deleted_by_name},
                        {"delete_reason", a.delete_reason}};
}

// The files of a multipart/form-data upload (field "file", one or more) and its other fields.
struct Upload {
    std::vector<app::UploadFile> files;
    std::map<std::string, std::string> fields;
};
Result<Upload> ParseUpload(const Request& req) {
    auto ct = req.Header("content-type");
    if (!ct) return Fail(Error::InvalidArgument("file", "请以 multipart/form-data 上传文件"));
    XF_ASSIGN_OR_RETURN(auto parts, ParseMultipart(*ct, req.body));
    Upload u;
    for (const auto& p : parts) {
        if (p.filename) {
            if (p.name != "file") return Fail(Error::InvalidArgument(p.name, "文件字段名应为 file"));
            if (p.filename->empty() && p.body.empty()) continue;  // an empty file input
            u.files.push_back({*p.filename, p.body});
        } else if (p.body.size() <= 4096) {
            u.fields[p.name] = std::string(p.body);
        }
    }
    return u;
}

json::object DayJson(const app::ReceptionDayView& v, bool staff) {
    json::array slots;
    for (const auto& [minute, free] : v.free_by_slot)
        slots.push_back(json::object{{"time", MinuteText(minute)}, {"free", free}});
    json::object o{{"id", v.day.id},
                   {"org_name", v.org_name},
                   {"date", FormatDate(v.day.date)},
                   {"start", MinuteText(v.day.start_minute)},
                   {"end", MinuteText(v.day.end_minute)},
                   {"place", v.day.place},
                   {"leader_name", v.day.leader_name},
                   {"leader_title", v.day.leader_title},
                   {"topics", v.day.topics},
                   {"slots", std::move(slots)}};
    if (staff) {
        o["org_code"] = v.org_code;
        o["slot_minutes"] = v.day.slot_minutes;
        o["per_slot"] = v.day.per_slot;
        o["published"] = v.day.published;
        o["cancelled"] = v.day.cancelled;
        o["version"] = v.day.version;
        o["booked"] = v.booked;
        o["capacity"] = v.capacity;
    }
    return o;
}

json::object PublicBookingJson(const app::PublicBooking& b) {
    return {{"confirmation_code", b.confirmation_code},
            {"status", BookingStatusName(b.status)},
            {"status_label", BookingStatusLabel(b.status)},
            {"day", DayJson(b.day, false)},
            {"slot", MinuteText(b.slot_minute)}};
}

Result<app::ReceptionDayCommand> ParseDayCommand(const json::object& o) {
    app::ReceptionDayCommand c;
    XF_ASSIGN_OR_RETURN(c.org_code, OptString(o, "org_code"));
    XF_ASSIGN_OR_RETURN(c.date, OptString(o, "date"));
    XF_ASSIGN_OR_RETURN(c.start, OptString(o, "start"));
    XF_ASSIGN_OR_RETURN(c.end, OptString(o, "end"));
    for (auto [key, out] : {std::pair{"slot_minutes", &c.slot_minutes}, std::pair{"per_slot", &c.per_slot}}) {
        XF_ASSIGN_OR_RETURN(auto n, OptInt(o, key));
        if (n) {
            if (*n < 0 || *n > 1440) return Fail(Error::InvalidArgument(key, "超出范围"));
            *out = static_cast<int>(*n);
        }
    }
    XF_ASSIGN_OR_RETURN(c.place, OptString(o, "place"));
    XF_ASSIGN_OR_RETURN(c.leader_name, OptString(o, "leader_name"));
    XF_ASSIGN_OR_RETURN(c.leader_title, OptString(o, "leader_title"));
    XF_ASSIGN_OR_RETURN(c.topics, OptString(o, "topics"));
    for (auto [key, out] : {std::pair{"published", &c.published}, std::pair{"cancelled", &c.cancelled}}) {
        auto* v = o.if_contains(key);
        if (!v || v->is_null()) continue;
        if (!v->is_bool()) return Fail(Error::InvalidArgument(key, "应为 true 或 false"));
        *out = v->get_bool();
    }
    return c;
}

// Optimistic concurrency: the version the client saw, from If-Match: "N" (W/ allowed) or else {"version": N}.
Result<std::optional<int64_t>> ExpectedVersion(const Request& req, const json::object& body) {
    auto m = req.Header("if-match");
    if (!m || m->empty()) return OptInt(body, "version");
    std::string_view s = *m;
    if (s.starts_with("W/")) s.remove_prefix(2);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    int64_t n = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || p != s.data() + s.size())
        return Fail(Error::InvalidArgument("If-Match", "应为版本号，如 \"3\""));
    return std::optional<int64_t>(n);
}

Response StaticFile(const std::filesystem::path& dir, const Request& req) {
    std::error_code ec;
    if (!dir.empty() && std::filesystem::is_directory(dir, ec)) {
        std::string rel = req.path == "/" ? "index.html" : req.path.substr(1);
        // Only relative paths below `dir`: "//etc/passwd" would make `dir / rel` the absolute /etc/passwd.
        if (rel.find("..") != std::string::npos || rel.starts_with('/') || rel.find("//") != std::string::npos ||
            rel.find('\0') != std::string::npos)
            return Problem(Error::NotFound("文件不存在"));
        auto file = dir / rel;
        if (!std::filesystem::is_regular_file(file, ec)) {
            // Single-page app routes: the citizen portal (/portal/…) is its own small page; the rest is the console.
            bool portal = req.path == "/portal" || req.path.starts_with("/portal/");
            file = dir / (portal && std::filesystem::is_regular_file(dir / "portal.html", ec) ? "portal.html" : "index.html");
        }
        Response r;
        r.file_path = file.string();
        auto ext = file.extension().string();
        r.content_type = ext == ".html" ? "text/html; charset=utf-8"
                         : ext == ".js" ? "text/javascript; charset=utf-8"
                         : ext == ".css" ? "text/css; charset=utf-8"
                         : ext == ".svg" ? "image/svg+xml"
                         : ext == ".png" ? "image/png"
                         : ext == ".woff2" ? "font/woff2"
                                           : "application/octet-stream";
        r.headers.emplace_back("Cache-Control", ext == ".html" ? "no-cache" : "public, max-age=31536000, immutable");
        return r;
    }
    Response r;
    r.content_type = "text/html; charset=utf-8";
    r.body =
        "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>信访工作管理系统</title>"
        "<body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\"><h1>信访工作管理系统 xinfang</h1>"
        "<p>服务已启动。接口文档：<code>docs/api/openapi.yaml</code>；接口根路径 <code>/api/v1</code>。</p>"
        "<p>健康检查：<a href=\"/healthz\">/healthz</a></p></body></html>";
    return r;
}

}  // namespace

void RegisterApi(Router& router, Services& svc, ApiOptions options) {
    auto api = std::make_shared<Api>(svc, std::move(options));

    router.Add(Method::kGet, "/healthz", [api](Request&) {
        return Ok(json::object{{"status", "ok"}, {"db", api->opt_.backend_name}});
    });

    // ---- session
    router.Add(Method::kPost, "/api/v1/session", [api](Request& req) -> Response {
        auto body = ParseBody(req);
        if (!body) return Problem(body.error());
        auto login = String(*body, "login", true, "登录名");
        if (!login) return Problem(login.error());
        auto password = String(*body, "password", true, "密码");
        if (!password) return Problem(password.error());
        auto r = api->svc_.Login(*login, *password, Meta(req));
        if (!r) return Problem(r.error());
        Response resp = Ok(json::object{{"csrf_token", r->csrf_token}, {"user", UserJson(r->user)},
                                        {"org", OrgJson(r->org)}});
        resp.headers.emplace_back("Set-Cookie", api->SessionCookie(r->token, false));
        return resp;
    });
    router.Add(Method::kGet, "/api/v1/session", [api](Request& req) -> Response {
        auto token = req.Cookie(kSessionCookie);
        if (!token) return Problem(Error::Unauthenticated("未登录"));
        auto who = api->svc_.Authenticate(*token);
        if (!who) return Problem(who.error());
        auto csrf = api->svc_.SessionCsrf(*token);
        if (!csrf) return Problem(csrf.error());
        // Readable only by same-origin scripts (no CORS), so a new tab can act without logging in again.
        return Ok(json::object{{"user", UserJson(who->user)}, {"org", OrgJson(who->org)}, {"csrf_token", *csrf}});
    });
    router.Add(Method::kDelete, "/api/v1/session", api->Staff([api](Request& req, const app::Principal&) {
        (void)api->svc_.Logout(*req.Cookie(kSessionCookie));
        Response r;
        r.status = 204;
        r.headers.emplace_back("Set-Cookie", api->SessionCookie("", true));
        return r;
    }));

    // ---- reference data
    router.Add(Method::kGet, "/api/v1/orgs", api->Staff([api](Request&, const app::Principal& who) -> Response {
        auto orgs = api->svc_.ListOrgs(who);
        if (!orgs) return Problem(orgs.error());
        json::array a;
        for (const auto& o : *orgs) a.push_back(OrgJson(o));
        return Ok(json::object{{"items", a}});
    }));
    router.Add(Method::kGet, "/api/v1/users", api->Staff([api](Request&, const app::Principal& who) -> Response {
        auto users = api->svc_.ListUsers(who);
        if (!users) return Problem(users.error());
        json::array a;
        for (const auto& u : *users) a.push_back(UserJson(u));
        return Ok(json::object{{"items", a}});
    }));
    router.Add(Method::kGet, "/api/v1/categories", api->Staff([api](Request&, const app::Principal&) -> Response {
        json::array a;
        for (const auto& c : api->svc_.Categories()->All())
            a.push_back(json::object{{"code", c.code}, {"parent", c.parent}, {"name", c.name}});
        return Ok(json::object{{"items", a}});
    }));
    router.Add(Method::kGet, "/api/v1/workflow", api->Staff([](Request&, const app::Principal&) -> Response {
        json::array rows;
        for (const auto& t : TransitionTable()) {
            json::array from;
            for (int s = 0; s < 10; ++s)
                if (t.from_states & (1u << s)) from.push_back(json::value(StateName(static_cast<State>(s))));
            json::array kinds;
            for (int k = 0; k < 3; ++k)
                if (t.case_kinds & (1u << k)) kinds.push_back(json::value(CaseKindName(static_cast<CaseKind>(k))));
            json::array roles;
            for (auto& r : RoleNames(t.staff_roles)) roles.push_back(json::value(r));
            rows.push_back(json::object{{"action", ActionName(t.action)},
                                        {"label", ActionLabel(t.action)},
                                        {"from", from},
                                        {"kinds", kinds},
                                        {"to", t.to ? json::value(StateName(*t.to)) : json::value()},
                                        {"roles", roles},
                                        {"petitioner", t.petitioner},
                                        {"system", t.system},
                                        {"article", t.article}});
        }
        return Ok(json::object{{"transitions", rows}});
    }));

    // ---- petitions
    router.Add(Method::kPost, "/api/v1/petitions", api->Staff([api](Request& req, const app::Principal& who) {
        auto body = ParseBody(req);
        if (!body) return Problem(body.error());
        auto cmd = ParseRegister(*body);
        if (!cmd) return Problem(cmd.error());
        auto key = IdempotencyHeader(req, 1, req.body);
        if (!key) return Problem(key.error());
        cmd->idempotency = *key;
        auto r = api->svc_.Register(who, *cmd, Meta(req));
        if (!r) return Problem(r.error());
        Response resp = Ok(json::object{{"id", r->id},
                                        {"number", r->number},
                                        {"query_code", r->query_code},
                                        {"secret", r->secret},
                                        {"version", r->version}},
                           201);
        resp.headers.emplace_back("Location", fmt::format("/api/v1/petitions/{}", r->id));
        return MarkReplay(WithVersion(std::move(resp), r->version), r->replayed);
    }));
    router.Add(Method::kGet, "/api/v1/petitions", api->Staff([api](Request& req, const app::Principal& who) {
        auto q = ParseListQuery(req);
        if (!q) return Problem(q.error());
        auto r = api->svc_.List(who, *q);
        if (!r) return Problem(r.error());
        return Ok(ListJson(*r));
    }));
    router.Add(Method::kPost, "/api/v1/petitions/repeat-candidates",
               api->Staff([api](Request& req, const app::Principal& who) {
                   auto body = ParseBody(req);
                   if (!body) return Problem(body.error());
                   auto draft = ParseDraft(*body);
                   if (!draft) return Problem(draft.error());
                   auto r = api->svc_.RepeatCandidates(who, *draft);
                   if (!r) return Problem(r.error());
                   json::array items;
                   for (const auto& c : *r)
                       items.push_back(json::object{
                           {"id", c.visible ? json::value(c.id) : json::value()},
                           {"number", c.number},
                           {"received_on", FormatDate(c.received_on)},
                           {"state", StateName(c.state)},
                           {"state_label", StateLabel(c.state)},
                           {"current_org_name", c.current_org_name},
                           {"reason", repeat::ReasonName(c.reason)},
                           {"reason_label", repeat::ReasonLabel(c.reason)},
                           {"similarity", std::round(c.similarity * 100) / 100},
                           {"visible", c.visible},
                           {"title", c.visible ? json::value(c.title) : json::value()},
                           {"advice", c.advice}});
                   return Ok(json::object{{"items", std::move(items)}});
               }));
    router.Add(Method::kGet, "/api/v1/search", api->Staff([api](Request& req, const app::Principal& who) {
        auto q = ParseSearchQuery(req);
        if (!q) return Problem(q.error());
        auto r = api->svc_.Search(who, std::move(*q));
        if (!r) return Problem(r.error());
        return Ok(SearchJson(*r));
    }));
    router.Add(Method::kGet, "/api/v1/petitions/{id}", api->Staff([api](Request& req, const app::Principal& who) {
        auto id = PathId(req);
        if (!id) return Problem(id.error());
        auto v = api->svc_.Get(who, *id, Meta(req));
        if (!v) return Problem(v.error());
        return WithVersion(Ok(PetitionViewJson(*v)), v->petition.version);
    }));
    router.Add(Method::kPost, "/api/v1/petitions/{id}/reveal",
               api->Staff([api](Request& req, const app::Principal& who) {
                   auto id = PathId(req);
                   if (!id) return Problem(id.error());
                   auto body = ParseBody(req);
                   if (!body) return Problem(body.error());
                   auto reason = String(*body, "reason", true, "查看原因");
                   if (!reason) return Problem(reason.error());
                   auto v = api->svc_.Reveal(who, *id, *reason, Meta(req));
                   if (!v) return Problem(v.error());
                   return WithVersion(Ok(PetitionViewJson(*v)), v->petition.version);
               }));
    router.Add(Method::kGet, "/api/v1/petitions/{id}/audit",
               api->Staff([api](Request& req, const app::Principal& who) {
                   auto id = PathId(req);
                   if (!id) return Problem(id.error());
                   auto r = api->svc_.AuditTrail(who, *id);
                   if (!r) return Problem(r.error());
                   json::array a;
                   for (const auto& x : *r)
                       a.push_back(json::object{{"id", x.id},
                                                {"at", FormatInstant(x.at)},
                                                {"actor_user_id", x.actor_user_id},
                                                {"actor_kind", x.actor_kind},
                                                {"action", x.action},
                                                {"detail", DetailJson(x.detail_json)},
                                                {"request_id", x.request_id}});
                   return Ok(json::object{{"items", a}});
               }));
    router.Add(Method::kPost, "/api/v1/petitions/{id}/actions/{action}",
               api->Staff([api](Request& req, const app::Principal& who) {
                   auto id = PathId(req);
                   if (!id) return Problem(id.error());
                   auto action = ParseAction(req.path_params.at("action"), "action");
                   if (!action) return Problem(Error::NotFound("未知的办理操作：" + req.path_params.at("action")));
                   auto body = ParseBody(req);
                   if (!body) return Problem(body.error());
                   auto in = ParseActionInput(*body, api->svc_, who);
                   if (!in) return Problem(in.error());
                   auto version = ExpectedVersion(req, *body);
                   if (!version) return Problem(version.error());
                   auto r = api->svc_.Act(who, *id, *action, *in, *version, Meta(req));
                   if (!r) return Problem(r.error());
                   return WithVersion(Ok(PetitionViewJson(*r)), r->petition.version);
               }));

    // ---- workbench and supervision queues
    router.Add(Method::kGet, "/api/v1/workbench", api->Staff([api](Request&, const app::Principal& who) {
        auto c = api->svc_.Counts(who);
        if (!c) return Problem(c.error());
        return Ok(json::object{{"overdue", c->overdue},
                               {"due_soon", c->due_soon},
                               {"awaiting_routing", c->awaiting_routing},
                               {"awaiting_acceptance", c->awaiting_acceptance},
                               {"open_total", c->open_total},
                               {"awaiting_my_approval", c->awaiting_my_approval}});
    }));
    router.Add(Method::kGet, "/api/v1/queues/overdue", api->Staff([api](Request& req, const app::Principal& who) {
        auto q = ParseListQuery(req);
        if (!q) return Problem(q.error());
        q->overdue = true;
        q->due_within_days.reset();
        auto r = api->svc_.List(who, *q);
        if (!r) return Problem(r.error());
        return Ok(ListJson(*r));
    }));
    router.Add(Method::kGet, "/api/v1/queues/due-soon", api->Staff([api](Request& req, const app::Principal& who) {
        auto q = ParseListQuery(req);
        if (!q) return Problem(q.error());
        auto days = QueryInt(req, "days", 0, 365, 3);
        if (!days) return Problem(days.error());
        q->due_within_days = *days;
        q->overdue = false;
        auto r = api->svc_.List(who, *q);
        if (!r) return Problem(r.error());
        return Ok(ListJson(*r));
    }));

    // ---- regions, administration, calendar
    router.Add(Method::kGet, "/api/v1/regions", api->Staff([api](Request&, const app::Principal&) -> Response {
        auto regions = api->svc_.ListRegions();
        if (!regions) return Problem(regions.error());
        json::array a;
        for (const auto& r : *regions)
            a.push_back(json::object{{"code", r.code}, {"parent_code", r.parent_code}, {"name", r.name}});
        return Ok(json::object{{"items", a}});
    }));
    router.Add(Method::kPost, "/api/v1/orgs", api->Staff([api](Request& req, const app::Principal& who) -> Response {
        auto body = ParseBody(req);
        if (!body) return Problem(body.error());
        app::OrgRow row;
        for (auto [key, out, label] : {std::tuple{"code", &row.code, "单位代码"}, {"name", &row.name, "单位名称"},
                                       {"level", &row.level, "层级"}, {"kind", &row.kind, "类型"},
                                       {"region_code", &row.region_code, "行政区划代码"}}) {
            auto v = String(*body, key, true, label);
            if (!v) return Problem(v.error());
            *out = *v;
        }
        auto parent = String(*body, "parent_code", false, "");
        if (!parent) return Problem(parent.error());
        row.parent_code = *parent;
        auto org = api->svc_.CreateOrg(who, row, Meta(req));
        if (!org) return Problem(org.error());
        return Ok(OrgJson(*org), 201);
    }));
    router.Add(Method::kPatch, "/api/v1/orgs/{id}", api->Staff([api](Request& req, const app::Principal& who) {
        auto id = PathId(req);
        if (!id) return Problem(id.error());
        auto body = ParseBody(req);
        if (!body) return Problem(body.error());
        app::OrgPatch patch;
        for (auto [key, out] : {std::pair{"name", &patch.name}, {"level", &patch.level}, {"kind", &patch.kind},
                                {"region_code", &patch.region_code}}) {
            auto v = OptString(*body, key);
            if (!v) return Problem(v.error());
            *out = *v;
        }
        auto org = api->svc_.UpdateOrg(who, *id, patch, Meta(req));
        if (!org) return Problem(org.error());
        return Ok(OrgJson(*org));
    }));
    auto parse_roles = [](const json::object& o) -> Result<std::optional<RoleSet>> {
        auto* v = o.if_contains("roles");
        if (!v || v->is_null()) return std::optional<RoleSet>();
        if (!v->is_array()) return Fail(Error::InvalidArgument("roles", "应为字符串数组"));
        RoleSet roles;
        for (const auto& r : v->get_array()) {
            if (!r.is_string()) return Fail(Error::InvalidArgument("roles", "应为字符串数组"));
            XF_ASSIGN_OR_RETURN(Role role, ParseRole(r.get_string(), "roles"));
            roles.Add(role);
        }
        return std::optional<RoleSet>(roles);
    };
    router.Add(Method::kPost, "/api/v1/users",
               api->Staff([api, parse_roles](Request& req, const app::Principal& who) -> Response {
                   auto body = ParseBody(req);
                   if (!body) return Problem(body.error());
                   app::UserCommand cmd;
                   for (auto [key, out, label] :
                        {std::tuple{"login", &cmd.login, "登录名"}, {"display_name", &cmd.display_name, "姓名"},
                         {"org_code", &cmd.org_code, "所属单位"}, {"password", &cmd.password, "初始密码"}}) {
                       auto v = String(*body, key, true, label);
                       if (!v) return Problem(v.error());
                       *out = *v;
                   }
                   auto roles = parse_roles(*body);
                   if (!roles) return Problem(roles.error());
                   if (!*roles) return Problem(Error::InvalidArgument("roles", "至少需要一个角色"));
                   cmd.roles = **roles;
                   auto scope = OptString(*body, "scope");
                   if (!scope) return Problem(scope.error());
                   if (*scope) {
                       auto sc = ParseDataScope(**scope, "scope");
                       if (!sc) return Problem(sc.error());
                       cmd.scope = *sc;
                   }
                   auto user = api->svc_.CreateUser(who, cmd, Meta(req));
                   if (!user) return Problem(user.error());
                   return Ok(UserJson(*user), 201);
               }));
    router.Add(Method::kPatch, "/api/v1/users/{id}",
               api->Staff([api, parse_roles](Request& req, const app::Principal& who) -> Response {
                   auto id = PathId(req);
                   if (!id) return Problem(id.error());
                   auto body = ParseBody(req);
                   if (!body) return Problem(body.error());
                   app::UserPatch patch;
                   for (auto [key, out] : {std::pair{"display_name", &patch.display_name},
                                           {"org_code", &patch.org_code},
                                           {"password", &patch.password}}) {
                       auto v = OptString(*body, key);
                       if (!v) return Problem(v.error());
                       *out = *v;
                   }
                   auto roles = parse_roles(*body);
                   if (!roles) return Problem(roles.error());
                   patch.roles = *roles;
                   auto scope = OptString(*body, "scope");
                   if (!scope) return Problem(scope.error());
                   if (*scope) {
                       auto sc = ParseDataScope(**scope, "scope");
                       if (!sc) return Problem(sc.error());
                       patch.scope = *sc;
                   }
                   if (auto* a = body->if_contains("active"); a && !a->is_null()) {
                       if (!a->is_bool()) return Problem(Error::InvalidArgument("active", "应为 true 或 false"));
                       patch.active = a->get_bool();
                   }
                   auto user = api->svc_.UpdateUser(who, *id, patch, Meta(req));
                   if (!user) return Problem(user.error());
                   return Ok(UserJson(*user));
               }));
    router.Add(Method::kPut, "/api/v1/categories", api->Staff([api](Request& req, const app::Principal& who) {
        auto body = ParseBody(req);
        if (!body) return Problem(body.error());
        auto* rows = body->if_contains("rows");
        if (!rows || !rows->is_array()) return Problem(Error::InvalidArgument("rows", "应为分类数组"));
        std::vector<Category> cats;
        size_t i = 0;
        for (const auto& r : rows->get_array()) {
            std::string prefix = fmt::format("rows[{}].", i++);
            if (!r.is_object()) return Problem(Error::InvalidArgument(prefix + "code", "应为对象"));
            Category c;
            for (auto [key, out, req_] : {std::tuple{"code", &c.code, true}, {"parent", &c.parent, false},
                                          {"name", &c.name, true}}) {
                auto v = String(r.get_object(), key, req_, key, prefix);
                if (!v) return Problem(v.error());
                *out = *v;
            }
            cats.push_back(std::move(c));
        }
        auto n = api->svc_.SaveCategories(who, cats, Meta(req));
        if (!n) return Problem(n.error());
        return Ok(json::object{{"saved", *n}});
    }));
    router.Add(Method::kPost, "/api/v1/categories/import", api->Staff([api](Request& req, const app::Principal& who) {
        if (!IsValidUtf8(req.body)) return Problem(Error::InvalidArgument("body", "文件不是 UTF-8 编码"));
        std::string text = req.body.starts_with("\xEF\xBB\xBF") ? req.body.substr(3) : req.body;
        auto table = CategoryTable::ParseTsv(text, "categories.tsv");
        if (!table) return Problem(table.error());
        auto n = api->svc_.SaveCategories(who, table->All(), Meta(req));
        if (!n) return Problem(n.error());
        return Ok(json::object{{"saved", *n}});
    }));
    router.Add(Method::kGet, "/api/v1/calendar", api->Staff([api](Request& req, const app::Principal&) {
        auto year = QueryInt(req, "year", 2000, 2100, static_cast<int>(api->svc_.Today().year()));
        if (!year) return Problem(year.error());
        json::array days;
        for (const auto& e : api->svc_.CalendarYear(*year))
            days.push_back(json::object{
                {"date", FormatDate(e.day)}, {"kind", e.workday ? "workday" : "holiday"}, {"name", e.name}});
        return Ok(json::object{{"year", *year}, {"days", days}});
    }));
    router.Add(Method::kPut, "/api/v1/calendar/{year}", api->Staff([api](Request& req, const app::Principal& who) {
        auto year = PathId(req, "year");
        if (!year) return Problem(year.error());
        if (!IsValidUtf8(req.body)) return Problem(Error::InvalidArgument("body", "文件不是 UTF-8 编码"));
        std::string text = req.body.starts_with("\xEF\xBB\xBF") ? req.body.substr(3) : req.body;
        auto n = api->svc_.ImportCalendarYear(who, static_cast<int>(*year), text, Meta(req));
        if (!n) return Problem(n.error());
        return Ok(json::object{{"year", *year}, {"recomputed_cases", *n}});
    }));

    // ---- statistics and reports (SPEC §5)
    router.Add(Method::kGet, "/api/v1/reports/summary", api->Staff([api](Request& req, const app::Principal& who) {
        auto q = ParseReportQuery(req, api->svc_.Today());
        if (!q) return Problem(q.error());
        auto format = req.Query("format").value_or("json");
        if (format != "json" && format != "xlsx")
            return Problem(Error::InvalidArgument("format", "应为 json 或 xlsx"));
        auto r = api->svc_.Report(who, *q);
        if (!r) return Problem(r.error());
        if (format == "xlsx") {
            auto bytes = app::ReportXlsx(*r);
            if (!bytes) return Problem(bytes.error());
            return FileResponse({std::move(*bytes), std::string(kXlsxType), app::ReportFileName(*r)});
        }
        return Ok(app::ReportJson(*r));
    }));
    router.Add(Method::kGet, "/api/v1/stats/alerts", api->Staff([api](Request& req, const app::Principal& who) {
        auto r = api->svc_.Alerts(who, std::string(req.Query("org").value_or("")));
        if (!r) return Problem(r.error());
        return Ok(app::TrendAlertsJson(*r));
    }));
    router.Add(Method::kGet, "/api/v1/exports/petitions", api->Staff([api](Request& req, const app::Principal& who) {
        auto q = ParseListQuery(req);
        if (!q) return Problem(q.error());
        constexpr size_t kCap = 100000;
        auto items = api->svc_.ListAll(who, *q, kCap, Meta(req));
        if (!items) return Problem(items.error());
        auto bytes = app::CaseListXlsx(*items, *api->svc_.Categories(), "信访事项清单");
        if (!bytes) return Problem(bytes.error());
        return FileResponse({std::move(*bytes), std::string(kXlsxType),
                             fmt::format("信访事项清单_{}.xlsx", FormatDate(api->svc_.Today()))});
    }));

    // ---- dashboard
    router.Add(Method::kGet, "/api/v1/stats/summary", api->Staff([api](Request& req, const app::Principal& who) {
        auto q = ParseReportQuery(req, api->svc_.Today());  // the same period parameters as the reports
        if (!q) return Problem(q.error());
        auto s = api->svc_.Summarize(who, q->from, q->to);
        if (!s) return Problem(s.error());
        auto cats = api->svc_.Categories();
        auto rows = [](const std::vector<CountRow>& v, auto label) {
            json::array a;
            for (const auto& r : v)
                a.push_back(json::object{
                    {"key", r.key}, {"label", label(r.key)}, {"batches", r.batches}, {"persons", r.persons}});
            return a;
        };
        auto rate = [](const app::Rate& r) {
            return json::object{{"numerator", r.numerator},
                                {"denominator", r.denominator},
                                {"value", r.denominator ? json::value(static_cast<double>(r.numerator) / r.denominator)
                                                        : json::value()}};
        };
        auto enum_label = [](auto parse, auto label_of) {
            return [=](const std::string& k) -> std::string {
                auto v = parse(k, "");
                return v ? std::string(label_of(*v)) : k;
            };
        };
        auto regions = api->svc_.ListRegions();
        std::map<std::string, std::string> region_names;
        if (regions)
            for (const auto& r : *regions) region_names[r.code] = r.name;
        return Ok(json::object{
            {"from", FormatDate(s->from)},
            {"to", FormatDate(s->to)},
            {"batches", s->batches},
            {"persons", s->persons},
            {"by_channel", rows(s->by_channel, enum_label(ParseChannel, ChannelLabel))},
            {"by_purpose", rows(s->by_purpose, enum_label(ParsePurpose, PurposeLabel))},
            {"by_state", rows(s->by_state, enum_label(ParseState, StateLabel))},
            {"by_category", rows(s->by_category, [&](const std::string& k) { return cats->Path(k); })},
            {"by_region",
             rows(s->by_region,
                  [&](const std::string& k) { return region_names.contains(k) ? region_names[k] : k; })},
            {"by_month", rows(s->by_month, [](const std::string& k) { return k; })},
            {"by_form", rows(s->by_form,
                             [](const std::string& k) { return std::string(k == "collective" ? "集体访" : "个访/其他"); })},
            {"by_rating", rows(s->by_rating,
                               [](const std::string& k) {
                                   if (k.empty()) return std::string("未答复");
                                   if (k == "unrated") return std::string("未评价");
                                   auto r = ParseRating(k, "");
                                   return r ? std::string(RatingLabel(*r)) : k;
                               })},
            {"rates", json::object{{"concluded", rate(s->concluded)},
                                   {"satisfaction", rate(s->satisfaction)},
                                   {"rated", rate(s->rated)}}}});
    }));

    // ---- citizen portal (no login; the 查询码 + secret, a one-time SMS code or an access token is the credential)
    // A portal error: 428 with a fresh challenge when one must be solved first, 429 with Retry-After when blocked.
    auto portal_problem = [api](const Error& e) -> Response {
        if (e.code == ErrorCode::kResourceExhausted && e.field == "challenge") {
            Response r = Response::Problem(e, 428);
            auto o = json::parse(r.body).as_object();
            auto c = api->svc_.NewChallenge();
            o["type"] = "https://xinfang.example/problems/challenge-required";
            o["title"] = "需要安全验证";
            o["challenge"] = json::object{{"token", c.token}, {"bits", c.bits}};
            r.body = json::serialize(o);
            return r;
        }
        if (e.code == ErrorCode::kResourceExhausted && (e.field == "body" || e.field == "file"))
            return Response::Problem(e, 413);
        Response r = Response::Problem(e);
        if (e.code == ErrorCode::kResourceExhausted)
            r.headers.emplace_back("Retry-After", e.message.find("明天") != std::string::npos    ? "86400"
                                                  : e.message.find("1小时") != std::string::npos ? "3600"
                                                                                                 : "900");
        return r;
    };
    router.Add(Method::kGet, "/api/v1/portal/reference", [api, portal_problem](Request&) -> Response {
        auto r = api->svc_.PortalReferenceData();
        if (!r) return portal_problem(r.error());
        json::array cats, regions;
        for (const auto& c : r->categories)
            cats.push_back(json::object{{"code", c.code}, {"parent_code", c.parent}, {"name", c.name}});
        for (const auto& g : r->regions)
            regions.push_back(json::object{{"code", g.code}, {"parent_code", g.parent_code}, {"name", g.name}});
        Response resp = Ok(json::object{{"org_name", r->org_name},
                                        {"categories", std::move(cats)},
                                        {"regions", std::move(regions)},
                                        {"rating_days", r->rating_days},
                                        {"review_days", r->review_days},
                                        {"privacy_notice_version", "2026-12"}});
        resp.headers.emplace_back("Cache-Control", "public, max-age=300");
        return resp;
    });
    router.Add(Method::kGet, "/api/v1/portal/challenge", [api](Request&) -> Response {
        auto c = api->svc_.NewChallenge();
        return Ok(json::object{{"token", c.token}, {"bits", c.bits}});
    });
    router.Add(Method::kPost, "/api/v1/portal/petitions", [api, portal_problem](Request& req) -> Response {
        app::RequestMeta meta = Meta(req);
        auto body = PublicBody(req, meta);
        if (!body) return portal_problem(body.error());
        (*body)["channel"] = "online";
        auto cmd = ParseRegister(*body);
        if (!cmd) return portal_problem(cmd.error());
        auto email = String(*body, "email", false, "");
        if (!email) return portal_problem(email.error());
        if (!email->empty() && !cmd->petitioners.empty()) cmd->petitioners[0].email = *email;
        auto consent = Bool(*body, "consent");
        if (!consent) return portal_problem(consent.error());
        json::object unsolved = *body;  // a retry may carry a newly solved challenge: the same request still
        unsolved.erase("challenge");
        auto key = IdempotencyHeader(req, 16, json::serialize(unsolved));
        if (!key) return portal_problem(key.error());
        cmd->idempotency = *key;
        auto r = api->svc_.SubmitFromPortal({*cmd, *consent}, meta);
        if (!r) return portal_problem(r.error());
        return MarkReplay(Ok(json::object{{"number", r->registered.number},
                               {"query_code", r->registered.query_code},
                               {"secret", r->registered.secret},
                               {"received_at", FormatInstant(r->received_at)},
                               {"org_name", r->org_name},
                               {"route_due", OptDateJson(r->route_due)}},
                  201), r->registered.replayed);
    });
    // The credential of a portal request: query_code plus one of secret / otp / access_token.
    auto portal_creds = [](const json::object& o) -> Result<std::pair<std::string, app::PortalCredential>> {
        XF_ASSIGN_OR_RETURN(auto code, String(o, "query_code", true, "查询码"));
        app::PortalCredential c;
        XF_ASSIGN_OR_RETURN(c.secret, String(o, "secret", false, ""));
        XF_ASSIGN_OR_RETURN(c.otp, String(o, "otp", false, ""));
        XF_ASSIGN_OR_RETURN(c.access_token, String(o, "access_token", false, ""));
        if (c.secret.empty() && c.otp.empty() && c.access_token.empty())
            return Fail(Error::InvalidArgument("secret", "缺少查询密码或短信验证码"));
        return std::make_pair(code, c);
    };
    router.Add(Method::kPost, "/api/v1/portal/otp", [api, portal_problem](Request& req) -> Response {
        app::RequestMeta meta = Meta(req);
        auto body = PublicBody(req, meta);
        if (!body) return portal_problem(body.error());
        auto code = String(*body, "query_code", true, "查询码");
        if (!code) return portal_problem(code.error());
        auto r = api->svc_.RequestPortalOtp(*code, meta);
        if (!r) return portal_problem(r.error());
        return Ok(json::object{{"message", "如该查询码登记了手机号码或电子邮箱，验证码已发送，10分钟内有效。"}}, 202);
    });
    router.Add(Method::kPost, "/api/v1/portal/lookup", [api, portal_creds, portal_problem](Request& req) -> Response {
        app::RequestMeta meta = Meta(req);
        auto body = PublicBody(req, meta);
        if (!body) return portal_problem(body.error());
        auto creds = portal_creds(*body);
        if (!creds) return portal_problem(creds.error());
        auto v = api->svc_.Lookup(creds->first, creds->second, meta);
        if (!v) return portal_problem(v.error());
        Response r = Ok(PublicViewJson(*v));
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
    });
    for (auto [path, action] : {std::pair{"/api/v1/portal/rate", Action::kRate},
                                std::pair{"/api/v1/portal/review", Action::kRequestReview}}) {
        router.Add(Method::kPost, path, [api, portal_creds, portal_problem, action](Request& req) -> Response {
            app::RequestMeta meta = Meta(req);
            auto body = PublicBody(req, meta);
            if (!body) return portal_problem(body.error());
            auto creds = portal_creds(*body);
            if (!creds) return portal_problem(creds.error());
            ActionInput in;
            auto rating = OptString(*body, "rating");
            if (!rating) return portal_problem(rating.error());
            if (*rating && !(*rating)->empty()) {
                auto r = ParseRating(**rating, "rating");
                if (!r) return portal_problem(r.error());
                in.rating = *r;
            }
            auto comment = String(*body, "comment", false, "");
            if (!comment) return portal_problem(comment.error());
            in.comment = *comment;
            auto reason = String(*body, "reason", false, "");
            if (!reason) return portal_problem(reason.error());
            in.reason = *reason;
            auto v = api->svc_.PortalAct(creds->first, creds->second, action, in, meta);
            if (!v) return portal_problem(v.error());
            Response r = Ok(PublicViewJson(*v));
            r.headers.emplace_back("Cache-Control", "no-store");
            return r;
        });
    }
    router.Add(Method::kGet, "/api/v1/portal/reception-days", [api, portal_problem](Request&) -> Response {
        auto days = api->svc_.PublicReceptionDays();
        if (!days) return portal_problem(days.error());
        json::array items;
        for (const auto& d : *days) items.push_back(DayJson(d, false));
        return Ok(json::object{{"items", std::move(items)}});
    });
    router.Add(Method::kPost, "/api/v1/portal/reception-bookings", [api, portal_problem](Request& req) -> Response {
        app::RequestMeta meta = Meta(req);
        auto body = PublicBody(req, meta);
        if (!body) return portal_problem(body.error());
        auto parse = [&]() -> Result<app::BookingCommand> {
            app::BookingCommand c;
            XF_ASSIGN_OR_RETURN(auto day, OptInt(*body, "day_id"));
            if (!day) return Fail(Error::InvalidArgument("day_id", "请选择接访日"));
            c.day_id = *day;
            XF_ASSIGN_OR_RETURN(c.slot, String(*body, "slot", true, "时段"));
            XF_ASSIGN_OR_RETURN(c.name, String(*body, "name", true, "姓名"));
            XF_ASSIGN_OR_RETURN(c.phone, String(*body, "phone", true, "手机号码"));
            XF_ASSIGN_OR_RETURN(c.id_number, String(*body, "id_number", false, ""));
            XF_ASSIGN_OR_RETURN(c.region_code, String(*body, "region_code", true, "问题发生地"));
            XF_ASSIGN_OR_RETURN(c.summary, String(*body, "summary", true, "反映事项"));
            XF_ASSIGN_OR_RETURN(c.consent, Bool(*body, "consent"));
            return c;
        };
        auto cmd = parse();
        if (!cmd) return portal_problem(cmd.error());
        auto r = api->svc_.BookReception(*cmd, meta);
        if (!r) return portal_problem(r.error());
        return Ok(PublicBookingJson(*r), 201);
    });
    for (bool cancel : {false, true}) {
        router.Add(Method::kPost, cancel ? "/api/v1/portal/reception-bookings/cancel" : "/api/v1/portal/reception-bookings/lookup",
                   [api, portal_problem, cancel](Request& req) -> Response {
                       app::RequestMeta meta = Meta(req);
                       auto body = PublicBody(req, meta);
                       if (!body) return portal_problem(body.error());
                       auto code = String(*body, "confirmation_code", true, "确认码");
                       if (!code) return portal_problem(code.error());
                       auto phone = String(*body, "phone", true, "手机号码");
                       if (!phone) return portal_problem(phone.error());
                       auto r = cancel ? api->svc_.CancelBooking(*code, *phone, meta)
                                       : api->svc_.FindBooking(*code, *phone, meta);
                       if (!r) return portal_problem(r.error());
                       return Ok(PublicBookingJson(*r));
                   });
    }

    // ---- 领导接访日 in the console
    router.Add(Method::kGet, "/api/v1/reception-days", api->Staff([api](Request& req, const app::Principal& who) -> Response {
        auto date = [&](const char* name) -> Result<std::optional<Date>> {
            auto q = req.Query(name);
            if (!q || q->empty()) return std::optional<Date>();
            XF_ASSIGN_OR_RETURN(Date d, ParseDate(*q, name));
            return std::optional<Date>(d);
        };
        auto from = date("from");
        if (!from) return Problem(from.error());
        auto to = date("to");
        if (!to) return Problem(to.error());
        auto days = api->svc_.ListReceptionDays(who, *from, *to);
        if (!days) return Problem(days.error());
        json::array items;
        for (const auto& d : *days) items.push_back(DayJson(d, true));
        return Ok(json::object{{"items", std::move(items)}});
    }));
    router.Add(Method::kPost, "/api/v1/reception-days", api->Staff([api](Request& req, const app::Principal& who) -> Response {
        auto body = ParseBody(req);
        if (!body) return Problem(body.error());
        auto cmd = ParseDayCommand(*body);
        if (!cmd) return Problem(cmd.error());
        auto r = api->svc_.CreateReceptionDay(who, *cmd, Meta(req));
        if (!r) return Problem(r.error());
        return WithVersion(Ok(DayJson(*r, true), 201), r->day.version);
    }));
    router.Add(Method::kPatch, "/api/v1/reception-days/{id}",
               api->Staff([api](Request& req, const app::Principal& who) -> Response {
                   auto id = PathId(req);
                   if (!id) return Problem(id.error());
                   auto body = ParseBody(req);
                   if (!body) return Problem(body.error());
                   auto cmd = ParseDayCommand(*body);
                   if (!cmd) return Problem(cmd.error());
                   auto version = ExpectedVersion(req, *body);
                   if (!version) return Problem(version.error());
                   auto r = api->svc_.UpdateReceptionDay(who, *id, *cmd, *version, Meta(req));
                   if (!r) return Problem(r.error());
                   return WithVersion(Ok(DayJson(*r, true)), r->day.version);
               }));
    router.Add(Method::kGet, "/api/v1/reception-days/{id}/bookings",
               api->Staff([api](Request& req, const app::Principal& who) -> Response {
                   auto id = PathId(req);
                   if (!id) return Problem(id.error());
                   auto r = api->svc_.ReceptionBookings(who, *id);
                   if (!r) return Problem(r.error());
                   json::array items;
                   for (const auto& b : r->second)
                       items.push_back(json::object{{"id", b.booking.id},
                                                    {"slot", MinuteText(b.booking.slot_minute)},
                                                    {"confirmation_code", b.booking.confirmation_code},
                                                    {"name", b.booking.name},
                                                    {"phone", b.phone_masked},
                                                    {"region_code", b.booking.region_code},
                                                    {"region_name", b.region_name},
                                                    {"summary", b.booking.summary},
                                                    {"status", BookingStatusName(b.booking.status)},
                                                    {"status_label", BookingStatusLabel(b.booking.status)},
                                                    {"petition_id", OptIntJson(b.booking.petition_id)},
                                                    {"petition_number", b.petition_number.empty()
                                                                            ? json::value()
                                                                            : json::value(b.petition_number)},
                                                    {"booked_at", FormatInstant(b.booking.created_at)}});
                   return Ok(json::object{{"day", DayJson(r->first, true)}, {"items", std::move(items)}});
               }));
    router.Add(Method::kGet, "/api/v1/outbox", api->Staff([api](Request&, const app::Principal& who) -> Response {
        auto c = api->svc_.OutboxSummary(who);
        if (!c) return Problem(c.error());
        return Ok(json::object{{"pending", c->pending},
                               {"sent", c->sent},
                               {"dead", c->dead},
                               {"oldest_pending", c->oldest_pending ? json::value(FormatInstant(*c->oldest_pending))
                                                                    : json::value()}});
    }));

    // ---- scheduled jobs (定时任务; docs/jobs.md): the catalog and each job's last run
    router.Add(Method::kGet, "/api/v1/jobs", api->Staff([api](Request&, const app::Principal& who) -> Response {
        auto r = api->svc_.ListJobs(who);
        if (!r) return Problem(r.error());
        json::array items;
        for (const auto& j : *r) {
            json::object o{{"name", j.name},
                           {"title", j.title},
                           {"period_seconds", static_cast<int64_t>(j.period.count())},
                           {"enabled", j.enabled}};
            json::value started, finished, next, duration, result, ok, owner;
            if (j.status) {
                const JobStatus& st = *j.status;
                next = FormatInstant(st.next_run_at);
                owner = st.owner;
                if (st.last_started_at) started = FormatInstant(*st.last_started_at);
                if (st.last_finished_at) finished = FormatInstant(*st.last_finished_at);
                const bool done = st.last_started_at && st.last_finished_at && *st.last_finished_at >= *st.last_started_at;
                if (done) {
                    duration = static_cast<int64_t>((*st.last_finished_at - *st.last_started_at).count());
                    result = st.last_result;
                    ok = !st.last_result.starts_with("error:");
                }
            }
            o["last_started_at"] = started;
            o["last_finished_at"] = finished;
            o["running"] = j.status && j.status->last_started_at &&
                           (!j.status->last_finished_at || *j.status->last_finished_at < *j.status->last_started_at);
            o["duration_seconds"] = duration;
            o["last_result"] = result;
            o["ok"] = ok;
            o["next_run_at"] = next;
            o["owner"] = owner;
            items.push_back(std::move(o));
        }
        return Ok(json::object{{"items", std::move(items)}});
    }));

    // ---- official documents (docs/documents.md)
    router.Add(Method::kGet, "/api/v1/petitions/{id}/documents",
               api->Staff([api](Request& req, const app::Principal& who) -> Response {
                   auto id = PathId(req);
                   if (!id) return Problem(id.error());
                   auto r = api->svc_.ListDocuments(who, *id);
                   if (!r) return Problem(r.error());
                   json::array items;
                   for (const auto& d : *r) items.push_back(DocumentJson(d));
                   return Ok(json::object{{"items", std::move(items)}});
               }));
    for (const char* format : {"pdf", "docx"}) {
        router.Add(Method::kGet, fmt::format("/api/v1/documents/{{id}}/{}", format),
                   api->Staff([api, format](Request& req, const app::Principal& who) -> Response {
                       auto id = PathId(req);
                       if (!id) return Problem(id.error());
                       auto r = api->svc_.DownloadDocument(who, *id, format, Meta(req));
                       if (!r) return Problem(r.error());
                       return FileResponse(std::move(*r));
                   }));
    }
    router.Add(Method::kPost, "/api/v1/documents/{id}/regenerate",
               api->Staff([api](Request& req, const app::Principal& who) -> Response {
                   auto id = PathId(req);
                   if (!id) return Problem(id.error());
                   auto r = api->svc_.RegenerateDocument(who, *id, Meta(req));
                   if (!r) return Problem(r.error());
                   return Ok(DocumentJson(*r), 201);
               }));
    router.Add(Method::kGet, "/api/v1/document-templates",
               api->Staff([api](Request&, const app::Principal& who) -> Response {
                   auto r = api->svc_.ListTemplates(who);
                   if (!r) return Problem(r.error());
                   json::array items, fields;
                   for (const auto& t : *r) items.push_back(TemplateJson(t));
                   for (const auto& f : DocumentFields())
                       fields.push_back(json::object{{"name", f.name}, {"description", f.description}});
                   return Ok(json::object{{"items", std::move(items)}, {"fields", std::move(fields)}});
               }));
    auto template_kind = [](const Request& req) { return ParseDocumentKind(req.path_params.at("kind"), "kind"); };
    auto template_command = [](const json::object& body) -> Result<app::TemplateCommand> {
        app::TemplateCommand c;
        XF_ASSIGN_OR_RETURN(c.title, String(body, "title", true, "文书标题"));
        XF_ASSIGN_OR_RETURN(c.addressee, String(body, "addressee", false, ""));
        XF_ASSIGN_OR_RETURN(c.body, String(body, "body", true, "正文"));
        XF_ASSIGN_OR_RETURN(c.number_format, String(body, "number_format", false, ""));
        XF_ASSIGN_OR_RETURN(c.note, String(body, "note", false, ""));
        return c;
    };
    router.Add(Method::kGet, "/api/v1/document-templates/{kind}/versions",
               api->Staff([api, template_kind](Request& req, const app::Principal& who) -> Response {
                   auto kind = template_kind(req);
                   if (!kind) return Problem(kind.error());
                   auto r = api->svc_.TemplateHistory(who, *kind);
                   if (!r) return Problem(r.error());
                   json::array items;
                   for (const auto& t : *r) items.push_back(TemplateJson(t));
                   return Ok(json::object{{"items", std::move(items)}});
               }));
    router.Add(Method::kPut, "/api/v1/document-templates/{kind}",
               api->Staff([api, template_kind, template_command](Request& req, const app::Principal& who) -> Response {
                   auto kind = template_kind(req);
                   if (!kind) return Problem(kind.error());
                   auto body = ParseBody(req);
                   if (!body) return Problem(body.error());
                   auto cmd = template_command(*body);
                   if (!cmd) return Problem(cmd.error());
                   auto version = ExpectedVersion(req, *body);
                   if (!version) return Problem(version.error());
                   if (*version) cmd->expected_version = static_cast<int>(**version);
                   auto r = api->svc_.SaveTemplate(who, *kind, *cmd, Meta(req));
                   if (!r) return Problem(r.error());
                   return WithVersion(Ok(TemplateJson(*r)), r->version);
               }));
    router.Add(Method::kPost, "/api/v1/document-templates/{kind}/preview",
               api->Staff([api, template_kind, template_command](Request& req, const app::Principal& who) -> Response {
                   auto kind = template_kind(req);
                   if (!kind) return Problem(kind.error());
                   auto body = ParseBody(req);
                   if (!body) return Problem(body.error());
                   auto cmd = template_command(*body);
                   if (!cmd) return Problem(cmd.error());
                   auto r = api->svc_.PreviewTemplate(who, *kind, *cmd);
                   if (!r) return Problem(r.error());
                   return FileResponse(std::move(*r));
               }));

    // ---- attachments
    router.Add(Method::kGet, "/api/v1/petitions/{id}/attachments",
               api->Staff([api](Request& req, const app::Principal& who) -> Response {
                   auto id = PathId(req);
                   if (!id) return Problem(id.error());
                   auto deleted = req.Query("include_deleted");
                   auto r = api->svc_.ListAttachments(who, *id, deleted && (*deleted == "1" || *deleted == "true"));
                   if (!r) return Problem(r.error());
                   json::array items;
                   for (const auto& a : *r) items.push_back(AttachmentJson(a));
                   return Ok(json::object{{"items", std::move(items)}});
               }));
    router.Add(Method::kPost, "/api/v1/petitions/{id}/attachments",
               api->Staff([api](Request& req, const app::Principal& who) -> Response {
                   auto id = PathId(req);
                   if (!id) return Problem(id.error());
                   auto upload = ParseUpload(req);
                   if (!upload) return Problem(upload.error());
                   auto r = api->svc_.UploadAttachments(who, *id, upload->files, Meta(req));
                   if (!r) return Problem(r.error());
                   json::array items;
                   for (const auto& a : *r) items.push_back(AttachmentJson(a));
                   return Ok(json::object{{"items", std::move(items)}}, 201);
               }));
    router.Add(Method::kGet, "/api/v1/attachments/{id}",
               api->Staff([api](Request& req, const app::Principal& who) -> Response {
                   auto id = PathId(req);
                   if (!id) return Problem(id.error());
                   auto r = api->svc_.DownloadAttachment(who, *id, Meta(req));
                   if (!r) return Problem(r.error());
                   return FileResponse(std::move(*r));
               }));
    router.Add(Method::kDelete, "/api/v1/attachments/{id}",
               api->Staff([api](Request& req, const app::Principal& who) -> Response {
                   auto id = PathId(req);
                   if (!id) return Problem(id.error());
                   std::string reason;
                   if (auto q = req.Query("reason")) reason = std::string(*q);
                   if (!req.body.empty()) {
                       auto body = ParseBody(req);
                       if (!body) return Problem(body.error());
                       auto r = String(*body, "reason", false, "");
                       if (!r) return Problem(r.error());
                       if (!r->empty()) reason = *r;
                   }
                   auto r = api->svc_.DeleteAttachment(who, *id, reason, Meta(req));
                   if (!r) return Problem(r.error());
                   Response resp;
                   resp.status = 204;
                   resp.content_type.clear();
                   return resp;
               }));

    // ---- the petitioner's documents and uploads (portal)
    router.Add(Method::kPost, "/api/v1/portal/documents/{id}", [api, portal_creds, portal_problem](Request& req) -> Response {
        app::RequestMeta meta = Meta(req);
        auto id = PathId(req);
        if (!id) return portal_problem(id.error());
        auto body = PublicBody(req, meta);
        if (!body) return portal_problem(body.error());
        auto creds = portal_creds(*body);
        if (!creds) return portal_problem(creds.error());
        auto r = api->svc_.PortalDocument(creds->first, creds->second, *id, meta);
        if (!r) return portal_problem(r.error());
        return FileResponse(std::move(*r));
    });
    router.Add(Method::kPost, "/api/v1/portal/attachments", [api, portal_problem](Request& req) -> Response {
        app::RequestMeta meta = Meta(req);
        auto upload = ParseUpload(req);
        if (!upload) return portal_problem(upload.error());
        app::PortalCredential cred;
        cred.secret = upload->fields["secret"];
        cred.otp = upload->fields["otp"];
        cred.access_token = upload->fields["access_token"];
        meta.challenge_token = upload->fields["challenge_token"];
        meta.challenge_nonce = upload->fields["challenge_nonce"];
        const std::string& code = upload->fields["query_code"];
        if (code.empty()) return portal_problem(Error::InvalidArgument("query_code", "请输入查询码"));
        if (cred.secret.empty() && cred.otp.empty() && cred.access_token.empty())
            return portal_problem(Error::InvalidArgument("secret", "缺少查询密码或短信验证码"));
        auto r = api->svc_.PortalUpload(code, cred, upload->files, meta);
        if (!r) return portal_problem(r.error());
        json::array items;
        for (const auto& a : *r)
            items.push_back(json::object{{"id", a.id},
                                         {"file_name", a.file_name},
                                         {"size", a.size},
                                         {"uploaded_at", FormatInstant(a.uploaded_at)}});
        return Ok(json::object{{"items", std::move(items)}}, 201);
    });

    router.SetFallback([api](Request& req) { return StaticFile(api->opt_.static_dir, req); });
}

}  // namespace xf::http
