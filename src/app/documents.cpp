// Official documents (告知书, 函, 意见书, 督办通知) and case attachments: docs/documents.md.
#include <algorithm>
#include <map>
#include <set>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "app/internal.hpp"
#include "app/services.hpp"
#include "base/json_writer.hpp"
#include "base/text.hpp"

namespace xf::app {
namespace {

namespace json = boost::json;
using namespace detail;

std::string ContentJson(const DocumentContent& c) {
    json::object o;
    o["title"] = c.title;
    o["doc_number"] = c.doc_number;
    o["addressee"] = c.addressee;
    json::array paras;
    for (const auto& p : c.paragraphs) paras.emplace_back(p);
    o["paragraphs"] = std::move(paras);
    o["signer"] = c.signer;
    o["date_text"] = c.date_text;
    return json::serialize(o);
}

Result<DocumentContent> ParseContent(const std::string& text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return Fail(Error::Internal("文书内容无法读取"));
    const auto& o = v.as_object();
    auto str = [&](const char* key) -> std::string {
        const auto* x = o.if_contains(key);
        return x && x->is_string() ? std::string(x->as_string()) : std::string();
    };
    DocumentContent c;
    c.title = str("title");
    c.doc_number = str("doc_number");
    c.addressee = str("addressee");
    c.signer = str("signer");
    c.date_text = str("date_text");
    if (const auto* a = o.if_contains("paragraphs"); a && a->is_array())
        for (const auto& p : a->as_array())
            if (p.is_string()) c.paragraphs.emplace_back(p.as_string());
    return c;
}

std::string FieldsJson(const FieldValues& values) {
    json::object o;
    for (const auto& [k, v] : values) o[k] = v;
    return json::serialize(o);
}

FieldValues ParseFields(const std::string& text) {
    FieldValues out;
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return out;
    for (const auto& [k, x] : v.as_object())
        if (x.is_string()) out[std::string(k)] = std::string(x.as_string());
    return out;
}

std::string DateField(std::optional<Date> d) { return d ? ChineseDateText(*d) : std::string(); }

// "450102-2026-000015_受理告知书.pdf": what a download is saved as.
std::string DownloadName(std::string_view case_number, const CaseDocument& d, std::string_view ext) {
    std::string name = fmt::format("{}_{}", case_number, DocumentKindLabel(d.kind));
    if (d.revision > 1) name += fmt::format("_第{}版", d.revision);
    return name + std::string(ext);
}

// The sample case a template preview is filled with.
FieldValues SampleFields() {
    return {{"信访人", "张某某"},
            {"信访件编号", "450102-2026-000015"},
            {"查询码", "ABCD-EFGH-JKLM"},
            {"信访日期", "2026年11月3日"},
            {"信访形式", "来信"},
            {"信访事项", "反映某小区加装电梯补贴未按时发放"},
            {"登记机关", "青山县信访局"},
            {"承办机关", "青山县住房和城乡建设局"},
            {"上级机关", "青山县人民政府"},
            {"接收机关", "青山县住房和城乡建设局"},
            {"反馈期限", "2026年12月18日"},
            {"受理日期", "2026年11月10日"},
            {"办理期限", "2027年1月9日"},
            {"延期天数", "30"},
            {"延期理由", "需要会同街道办事处现场核查"},
            {"不予受理理由", "该事项已由人民法院受理"},
            {"法定途径", "依照民事诉讼程序向人民法院提出"},
            {"处理结果", "予以支持"},
            {"事实", "经查，该小区加装电梯项目已于2026年8月竣工验收，补贴申请材料齐全，因审核流程衔接不畅未按时拨付。"},
            {"理由", "申请人符合补贴条件，主管部门应当按照规定时限拨付。"},
            {"依据", "《青山县既有住宅加装电梯补贴办法》第八条"},
            {"权利告知", "如对本处理意见不服，可以自收到本意见书之日起30日内向青山县人民政府请求复查。"},
            {"督办事由", "已超过法定办理期限仍未答复"},
            {"机关简称", "青山"},
            {"成文日期", "2026年12月2日"}};
}

// A document or attachment of a case the user may not see is answered exactly as one that does not exist (the
// same status and text), so that guessing ids tells nothing (tests/api/test_authz.py).
Status VisibleAs(const Result<CaseAccessFacts>& seen, const char* not_found) {
    if (seen) return Ok();
    if (seen.error().code == ErrorCode::kNotFound) return Fail(Error::NotFound(not_found));
    return Fail(seen.error());
}

}  // namespace

// ---------------------------------------------------------------- templates

Status Services::EnsureDocumentTemplates() {
    return store_.Write([&](Transaction& tx) -> Status {
        for (int i = 0; i < kDocumentKindCount; ++i) {
            auto t = CurrentTemplate(tx, static_cast<DocumentKind>(i));
            // Another app server stored it first: theirs is the same built-in text.
            if (!t && t.error().code != ErrorCode::kAlreadyExists) return Fail(t.error());
        }
        return Ok();
    });
}

Result<DocumentTemplate> Services::CurrentTemplate(Transaction& tx, DocumentKind kind) {
    XF_ASSIGN_OR_RETURN(auto latest, tx.documents().LatestTemplate(kind));
    if (latest) return *latest;
    DocumentTemplate t = DefaultTemplate(kind);
    t.created_at = clock_.Now();
    return tx.documents().InsertTemplate(t);
}

Result<std::vector<DocumentTemplate>> Services::ListTemplates(const Principal& who) {
    (void)who;  // every staff member may read the templates: they are the office's public forms
    std::vector<DocumentTemplate> out;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        for (int i = 0; i < kDocumentKindCount; ++i) {
            auto kind = static_cast<DocumentKind>(i);
            XF_ASSIGN_OR_RETURN(auto t, tx.documents().LatestTemplate(kind));
            out.push_back(t ? *t : DefaultTemplate(kind));  // built-in, not stored yet
        }
        return Ok();
    }));
    return out;
}

Result<std::vector<DocumentTemplate>> Services::TemplateHistory(const Principal& who, DocumentKind kind) {
    (void)who;
    std::vector<DocumentTemplate> out;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(out, tx.documents().TemplateVersions(kind));
        return Ok();
    }));
    if (out.empty()) out.push_back(DefaultTemplate(kind));
    return out;
}

Result<DocumentTemplate> Services::SaveTemplate(const Principal& who, DocumentKind kind, const TemplateCommand& cmd,
                                                const RequestMeta& meta) {
    // The forms are the same for every office of the installation: a global administrator edits them.
    XF_TRY(RequireAdmin(who, true));
    DocumentTemplate t;
    t.kind = kind;
    t.title = std::string(Trim(cmd.title));
    t.addressee = std::string(Trim(cmd.addressee));
    t.body = cmd.body;
    t.number_format = std::string(Trim(cmd.number_format));
    t.note = std::string(Trim(cmd.note));
    t.created_by = who.user.id;
    XF_TRY(ValidateTemplate(t));
    if (Utf8Length(t.note) > 200) return Fail(Error::InvalidArgument("note", "修改说明不超过200字"));
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(DocumentTemplate current, CurrentTemplate(tx, kind));
        if (cmd.expected_version && *cmd.expected_version != current.version)
            return Fail(Error::Aborted(fmt::format("模板已被他人修改（当前第{}版，您编辑的是第{}版），请刷新后重试",
                                                   current.version, *cmd.expected_version)));
        t.version = current.version + 1;
        t.created_at = clock_.Now();
        XF_ASSIGN_OR_RETURN(t, tx.documents().InsertTemplate(t));
        JsonObjectWriter detail;
        detail.Add("kind", DocumentKindName(kind)).Add("version", t.version).Add("note", t.note);
        return Audit(tx, who.user.id, "staff", "document_template.save", "document_template",
                     std::string(DocumentKindName(kind)), detail.Finish(), meta);
    }));
    return t;
}

Result<FileDownload> Services::PreviewTemplate(const Principal& who, DocumentKind kind, const TemplateCommand& cmd) {
    XF_TRY(RequireAdmin(who, true));
    if (!files_.renderer) return Fail(Error::Unavailable("文书排版服务未配置"));
    DocumentTemplate t;
    t.kind = kind;
    t.title = cmd.title;
    t.addressee = cmd.addressee;
    t.body = cmd.body;
    t.number_format = cmd.number_format;
    FieldValues values = SampleFields();
    if (!IsPetitionerDocument(kind)) values["查询码"] = "";
    XF_ASSIGN_OR_RETURN(values["文号"], FormatDocNumber(t, values, 2026, 15));
    XF_ASSIGN_OR_RETURN(DocumentContent content, FillTemplate(t, values));
    FileDownload out;
    XF_ASSIGN_OR_RETURN(out.bytes, files_.renderer->Pdf(content, clock_.Now()));
    out.media_type = "application/pdf";
    out.file_name = fmt::format("预览_{}.pdf", DocumentKindLabel(kind));
    return out;
}

// ---------------------------------------------------------------- issuing documents at workflow steps

Result<StoredBlob> Services::RenderAndStore(const DocumentContent& content, Instant at) {
    if (!files_.renderer || !files_.content) return Fail(Error::Unavailable("文书排版服务未配置"));
    XF_ASSIGN_OR_RETURN(std::string pdf, files_.renderer->Pdf(content, at));
    return files_.content->Put(pdf);
}

Result<std::optional<CaseDocument>> Services::IssueDocument(Transaction& tx, const Petition& p, Action action,
                                                            const ActionInput& in, const Actor& actor) {
    std::optional<DocumentKind> kind = RequiredDocument(action, p.kind);
    if (!kind) return std::optional<CaseDocument>();
    Instant now = clock_.Now();
    Date today = ChinaDate(now);
    XF_ASSIGN_OR_RETURN(Org issuer, RequireOrg(tx, actor.org_id ? actor.org_id : p.current_org_id));
    XF_ASSIGN_OR_RETURN(Org registered, RequireOrg(tx, p.registered_org_id));
    const bool to_org = !IsPetitionerDocument(*kind);

    FieldValues v;
    // Art. 30: a letter between offices about an accusation does not name the accuser; anonymous letters have
    // no name to give.
    std::string person = "信访人";
    if (!p.anonymous && !p.petitioners.empty() && !p.petitioners[0].name.empty() &&
        !(to_org && p.purpose == Purpose::kAccusation)) {
        person = p.petitioners[0].name;
        int n = std::max<int>(p.persons, static_cast<int>(p.petitioners.size()));
        if (n > 1) person += fmt::format("等{}人", n);
    }
    v["信访人"] = person;
    v["信访件编号"] = p.number;
    if (!to_org) v["查询码"] = p.query_code;  // the code is the petitioner's; letters to offices never carry it
    v["信访日期"] = ChineseDateText(ChinaDate(p.received_at));
    v["信访形式"] = std::string(ChannelLabel(p.channel));
    v["信访事项"] = p.title;
    v["登记机关"] = registered.name;
    v["承办机关"] = issuer.name;
    v["机关简称"] = OrgShortName(issuer.name);
    v["成文日期"] = ChineseDateText(today);
    std::optional<Org> higher;
    if (issuer.parent_id) {
        XF_ASSIGN_OR_RETURN(higher, tx.orgs().Get(*issuer.parent_id));
        if (higher) v["上级机关"] = higher->name;
    }
    if (action == Action::kForward || action == Action::kAssign) {
        if (in.target_org_id) {
            XF_ASSIGN_OR_RETURN(Org target, RequireOrg(tx, *in.target_org_id));
            v["接收机关"] = target.name;
        }
    } else if (action == Action::kSupervise) {
        XF_ASSIGN_OR_RETURN(Org holder, RequireOrg(tx, p.current_org_id));
        v["接收机关"] = holder.name;
    }
    v["反馈期限"] = DateField(in.feedback_due);
    v["受理日期"] = DateField(p.accepted_on);
    if (const auto* c = p.FindRunningClock(ClockKind::kHandling)) v["办理期限"] = ChineseDateText(c->due);
    if (in.extension_days) v["延期天数"] = std::to_string(in.extension_days);
    if (action == Action::kExtend) v["延期理由"] = in.reason;
    if (action == Action::kReject || action == Action::kRejectRepeat) {
        v["不予受理理由"] = in.reason;
        v["法定途径"] = in.legal_route;
    }
    if (action == Action::kSupervise) v["督办事由"] = in.reason;
    if (action == Action::kReply) {
        if (in.outcome) v["处理结果"] = std::string(OutcomeLabel(*in.outcome));
        v["事实"] = in.facts;
        v["理由"] = in.reasons;
        v["依据"] = in.legal_basis;
        // The review right and its deadline (Art. 35, 36), or finality (Art. 36 ¶3).
        std::string until;
        if (const auto* w = p.FindRunningClock(ClockKind::kReviewRequest))
            until = fmt::format("（按本意见书出具之日计算，至{}止）", ChineseDateText(w->due));
        std::string to = higher ? "向" + higher->name : std::string();
        switch (p.kind) {
            case CaseKind::kOriginal:
                v["权利告知"] = fmt::format("如对本处理意见不服，可以自收到本意见书之日起30日内{}请求复查{}。", to, until);
                break;
            case CaseKind::kReview:
                v["权利告知"] = fmt::format("如对本复查意见不服，可以自收到本意见书之日起30日内{}请求复核{}。", to, until);
                break;
            case CaseKind::kReReview:
                v["权利告知"] =
                    "本复核意见为终结意见。信访人对本意见不服，仍以同一事实和理由提出投诉请求的，各级信访工作机构和其他"
                    "行政机关不再受理（《信访工作条例》第三十六条第三款）。";
                break;
        }
    }

    XF_ASSIGN_OR_RETURN(DocumentTemplate t, CurrentTemplate(tx, *kind));
    // 文号: one sequence per issuing office and year, over every kind.
    int year = static_cast<int>(today.year());
    XF_ASSIGN_OR_RETURN(int64_t seq, tx.petitions().NextSequence(fmt::format("docno:{}:{}", issuer.id, year)));
    XF_ASSIGN_OR_RETURN(v["文号"], FormatDocNumber(t, v, year, seq));
    XF_ASSIGN_OR_RETURN(DocumentContent content, FillTemplate(t, v));

    CaseDocument d;
    d.petition_id = p.id;
    d.kind = *kind;
    XF_ASSIGN_OR_RETURN(auto existing, tx.documents().ListDocuments(p.id));
    d.revision = 1 + static_cast<int>(std::count_if(existing.begin(), existing.end(),
                                                    [&](const CaseDocument& x) { return x.kind == *kind; }));
    d.template_id = t.id;
    d.template_version = t.version;
    d.doc_number = v["文号"];
    d.org_id = issuer.id;
    d.fields_json = FieldsJson(v);
    d.content_json = ContentJson(content);
    d.created_at = now;
    d.created_by = actor.user_id;
    // The step and its document (number, text, template version) are one transaction; the PDF is laid out from
    // the stored text after the commit (Services::RenderDocumentFile), the same bytes whenever that happens.
    XF_ASSIGN_OR_RETURN(d, tx.documents().InsertDocument(d));
    return std::optional<CaseDocument>(std::move(d));
}

// ---------------------------------------------------------------- case documents (staff)

Result<DocumentView> Services::DocView(Transaction& tx, const CaseDocument& d, bool latest) {
    DocumentView v;
    v.doc = d;
    v.latest = latest;
    XF_ASSIGN_OR_RETURN(auto org, tx.orgs().Get(d.org_id));
    if (org) v.org_name = org->name;
    if (d.created_by) {
        XF_ASSIGN_OR_RETURN(auto u, tx.users().Get(d.created_by));
        if (u) v.created_by_name = u->display_name;
    }
    return v;
}

Result<std::vector<DocumentView>> Services::ListDocuments(const Principal& who, int64_t petition_id) {
    std::vector<DocumentView> out;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto p, tx.petitions().Get(petition_id));
        if (!p) return Fail(Error::NotFound("信访件不存在或无权查看"));
        XF_TRY(Visible(tx, who, *p));
        XF_ASSIGN_OR_RETURN(auto docs, tx.documents().ListDocuments(petition_id));
        // The newest revision of each document (by 文号 and kind) is the one in force.
        std::map<std::pair<DocumentKind, std::string>, int64_t> newest;
        for (const auto& d : docs) newest[{d.kind, d.doc_number}] = d.id;
        for (const auto& d : docs) {
            XF_ASSIGN_OR_RETURN(auto v, DocView(tx, d, newest[{d.kind, d.doc_number}] == d.id));
            out.push_back(std::move(v));
        }
        return Ok();
    }));
    return out;
}

Result<DocumentView> Services::RegenerateDocument(const Principal& who, int64_t document_id, const RequestMeta& meta) {
    DocumentView out;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto old, tx.documents().GetDocument(document_id));
        if (!old) return Fail(Error::NotFound("文书不存在或无权查看"));
        XF_ASSIGN_OR_RETURN(auto p, tx.petitions().Get(old->petition_id));
        if (!p) return Fail(Error::NotFound("文书不存在或无权查看"));
        XF_TRY(VisibleAs(Visible(tx, who, *p), "文书不存在或无权查看"));
        // The issuing office re-issues its own documents.
        if (who.org.id != old->org_id) return Fail(Error::PermissionDenied("只有出具文书的单位可以重新生成"));
        // An official document is re-issued by the staff who handle cases, not by a statistician or supervisor.
        if (!who.user.roles.Intersects(RoleSet{Role::kRegistrar, Role::kHandler, Role::kApprover}))
            return Fail(Error::PermissionDenied("只有登记员、承办人或审核人可以重新生成文书"));
        XF_ASSIGN_OR_RETURN(DocumentTemplate t, CurrentTemplate(tx, old->kind));
        FieldValues v = ParseFields(old->fields_json);
        v["文号"] = old->doc_number;  // the same document, corrected: same 文号 and date
        XF_ASSIGN_OR_RETURN(DocumentContent content, FillTemplate(t, v));
        XF_ASSIGN_OR_RETURN(auto all, tx.documents().ListDocuments(p->id));
        CaseDocument d = *old;
        d.id = 0;
        d.revision = 1;
        for (const auto& x : all)
            if (x.kind == old->kind) d.revision = std::max(d.revision, x.revision + 1);
        d.template_id = t.id;
        d.template_version = t.version;
        d.content_json = ContentJson(content);
        d.created_at = clock_.Now();
        d.created_by = who.user.id;
        d.sha256.clear();
        d.size = 0;
        XF_ASSIGN_OR_RETURN(d, tx.documents().InsertDocument(d));
        Event ev;
        ev.petition_id = p->id;
        ev.at = d.created_at;
        ev.action = "regenerate_document";
        ev.actor_user_id = who.user.id;
        ev.actor_kind = "staff";
        ev.org_id = who.org.id;
        ev.is_public = false;
        JsonObjectWriter detail;
        detail.Add("document_id", d.id)
            .Add("replaces", old->id)
            .Add("kind", DocumentKindName(d.kind))
            .Add("doc_number", d.doc_number)
            .Add("revision", d.revision)
            .Add("template_version", d.template_version);
        ev.detail_json = detail.Finish();
        ev.internal_note = fmt::format("重新生成{}（{}，第{}版，模板第{}版）", DocumentKindLabel(d.kind), d.doc_number,
                                       d.revision, d.template_version);
        XF_TRY(Drop(tx.petitions().AppendEvent(ev)));
        XF_TRY(Audit(tx, who.user.id, "staff", "document.regenerate", "petition", std::to_string(p->id),
                     ev.detail_json, meta));
        XF_ASSIGN_OR_RETURN(out, DocView(tx, d, true));
        return Ok();
    }));
    if (RenderDocumentFile(out.doc.id)) {  // else rendered at its first download
        XF_TRY(store_.Read([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(auto d, tx.documents().GetDocument(out.doc.id));
            if (d) out.doc = *d;
            return Ok();
        }));
    }
    return out;
}

Result<FileDownload> Services::DocumentFile(Transaction& tx, const CaseDocument& d, std::string_view format) {
    XF_ASSIGN_OR_RETURN(auto p, tx.petitions().Get(d.petition_id));
    std::string number = p ? p->number : std::to_string(d.petition_id);
    FileDownload out;
    if (format == "docx") {
        if (!files_.renderer) return Fail(Error::Unavailable("文书排版服务未配置"));
        XF_ASSIGN_OR_RETURN(DocumentContent content, ParseContent(d.content_json));
        XF_ASSIGN_OR_RETURN(out.bytes, files_.renderer->Docx(content, d.created_at));
        out.media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        out.file_name = DownloadName(number, d, ".docx");
        return out;
    }
    if (format != "pdf") return Fail(Error::InvalidArgument("format", "格式只能是 pdf 或 docx"));
    out.media_type = "application/pdf";
    out.file_name = DownloadName(number, d, ".pdf");
    if (!files_.content) return Fail(Error::Unavailable("文书存储未配置"));
    if (!d.sha256.empty()) {
        XF_ASSIGN_OR_RETURN(out.bytes, files_.content->Get(d.sha256));
        return out;
    }
    // Not laid out yet: callers render it first (RenderDocumentFile), never inside their transaction.
    return Fail(Error::Unavailable("文书正在排版，请稍后重试"));
}

Status Services::RenderDocumentFile(int64_t document_id) {
    std::optional<CaseDocument> d;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(d, tx.documents().GetDocument(document_id));
        return Ok();
    }));
    if (!d) return Fail(Error::NotFound("文书不存在"));
    if (!d->sha256.empty()) return Ok();
    XF_ASSIGN_OR_RETURN(DocumentContent content, ParseContent(d->content_json));
    XF_ASSIGN_OR_RETURN(StoredBlob blob, RenderAndStore(content, d->created_at));
    return store_.Write([&](Transaction& tx) -> Status {
        return Drop(tx.documents().SetDocumentFile(document_id, blob.sha256, blob.size));
    });
}

Result<FileDownload> Services::DownloadDocument(const Principal& who, int64_t document_id, std::string_view format,
                                                const RequestMeta& meta) {
    (void)meta;
    FileDownload out;
    bool needs_write = false;
    auto work = [&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto d, tx.documents().GetDocument(document_id));
        if (!d) return Fail(Error::NotFound("文书不存在或无权查看"));
        XF_ASSIGN_OR_RETURN(auto p, tx.petitions().Get(d->petition_id));
        if (!p) return Fail(Error::NotFound("文书不存在或无权查看"));
        XF_TRY(VisibleAs(Visible(tx, who, *p), "文书不存在或无权查看"));
        if (d->sha256.empty() && format == "pdf" && !needs_write) {
            needs_write = true;
            return Ok();
        }
        XF_ASSIGN_OR_RETURN(out, DocumentFile(tx, *d, format));
        return Ok();
    };
    XF_TRY(store_.Read(work));
    if (needs_write) {  // its PDF is not laid out yet: now, outside any transaction, then read as usual
        XF_TRY(RenderDocumentFile(document_id));
        XF_TRY(store_.Read(work));
    }
    return out;
}

// ---------------------------------------------------------------- attachments

Status Services::CheckUploads(const std::vector<UploadFile>& files) const {
    if (files.empty()) return Fail(Error::InvalidArgument("file", "请选择要上传的文件"));
    for (const auto& f : files) {
        if (f.bytes.empty()) return Fail(Error::InvalidArgument("file", fmt::format("文件“{}”是空的", f.file_name)));
        if (static_cast<int64_t>(f.bytes.size()) > options_.attachments.max_file_bytes)
            return Fail(Error{ErrorCode::kResourceExhausted,
                              fmt::format("文件“{}”超过{} MB的上限", f.file_name, options_.attachments.max_file_bytes >> 20),
                              "file"});
    }
    if (!files_.content || !files_.inspector) return Fail(Error::Unavailable("附件存储未配置"));
    return Ok();
}

Result<std::vector<Attachment>> Services::StoreUploads(Transaction& tx, const Petition& p,
                                                       const std::vector<UploadFile>& files, std::string_view source,
                                                       int64_t user_id, const RequestMeta& meta) {
    XF_TRY(CheckUploads(files));
    // Every file is checked before any is stored: a refusal leaves nothing behind.
    std::vector<FileType> types;
    int64_t total = 0;
    for (const auto& f : files) {
        XF_ASSIGN_OR_RETURN(FileType type, files_.inspector->Sniff(f.bytes));
        if (!type.allowed)
            return Fail(Error::InvalidArgument(
                "file", fmt::format("文件“{}”的类型（{}）不能上传：只接受 PDF、图片、Word/Excel 文档、文本和录音",
                                    f.file_name, type.label.empty() ? type.media_type : type.label)));
        XF_ASSIGN_OR_RETURN(std::string found, files_.inspector->Scan(f.bytes));
        if (!found.empty())
            return Fail(Error::InvalidArgument(
                "file", fmt::format("文件“{}”未通过病毒扫描（{}），未保存", f.file_name, found)));
        types.push_back(std::move(type));
        total += static_cast<int64_t>(f.bytes.size());
    }
    XF_ASSIGN_OR_RETURN(int64_t held, tx.documents().AttachmentBytes(p.id));
    if (held + total > options_.attachments.max_case_bytes)
        return Fail(Error{ErrorCode::kResourceExhausted,
                          fmt::format("每件信访事项的附件合计不超过{} MB（已有{:.1f} MB）",
                                      options_.attachments.max_case_bytes >> 20, static_cast<double>(held) / (1 << 20)),
                          "file"});
    if (source == "portal") {
        XF_ASSIGN_OR_RETURN(auto mine, tx.documents().ListAttachments(p.id, false));
        auto n = std::count_if(mine.begin(), mine.end(), [](const Attachment& a) { return a.source == "portal"; });
        if (n + static_cast<int64_t>(files.size()) > options_.attachments.max_portal_files)
            return Fail(Error{ErrorCode::kResourceExhausted,
                              fmt::format("网上最多上传{}个附件，如需补充更多材料请联系承办单位",
                                          options_.attachments.max_portal_files),
                              "file"});
    }
    std::vector<Attachment> out;
    Instant now = clock_.Now();
    for (size_t i = 0; i < files.size(); ++i) {
        XF_ASSIGN_OR_RETURN(StoredBlob blob, files_.content->Put(files[i].bytes));
        Attachment a;
        a.petition_id = p.id;
        a.sha256 = blob.sha256;
        a.size = blob.size;
        a.media_type = types[i].media_type;
        a.file_name = files_.inspector->SafeName(files[i].file_name, types[i]);
        a.source = std::string(source);
        a.uploaded_at = now;
        a.uploaded_by = user_id;
        XF_ASSIGN_OR_RETURN(a, tx.documents().InsertAttachment(a));
        out.push_back(std::move(a));
    }
    Event ev;
    ev.petition_id = p.id;
    ev.at = now;
    ev.action = "attach";
    ev.actor_user_id = user_id;
    ev.actor_kind = source == "portal" ? "petitioner" : "staff";
    ev.org_id = p.current_org_id;
    ev.is_public = false;
    std::vector<std::string> names;
    for (const auto& a : out) names.push_back(a.file_name);
    ev.internal_note = fmt::format("上传附件{}个：{}", out.size(), Join(names, "、"));
    json::array ids;
    for (const auto& a : out) ids.push_back(a.id);
    ev.detail_json = json::serialize(json::object{{"attachment_ids", ids}, {"source", source}});
    XF_TRY(Drop(tx.petitions().AppendEvent(ev)));
    XF_TRY(Audit(tx, user_id, ev.actor_kind, "attachment.upload", "petition", std::to_string(p.id), ev.detail_json,
                 meta));
    return out;
}

Result<std::vector<AttachmentView>> Services::ListAttachments(const Principal& who, int64_t petition_id,
                                                              bool include_deleted) {
    std::vector<AttachmentView> out;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto p, tx.petitions().Get(petition_id));
        if (!p) return Fail(Error::NotFound("信访件不存在或无权查看"));
        XF_TRY(Visible(tx, who, *p));
        XF_ASSIGN_OR_RETURN(auto list, tx.documents().ListAttachments(petition_id, include_deleted));
        std::map<int64_t, std::string> names;
        auto name_of = [&](int64_t id) -> Result<std::string> {
            if (id == 0) return std::string();
            if (auto it = names.find(id); it != names.end()) return it->second;
            XF_ASSIGN_OR_RETURN(auto u, tx.users().Get(id));
            return names[id] = u ? u->display_name : std::string();
        };
        for (auto& a : list) {
            AttachmentView v;
            if (a.source == "portal") v.uploaded_by_name = "信访人（网上）";
            else XF_ASSIGN_OR_RETURN(v.uploaded_by_name, name_of(a.uploaded_by));
            XF_ASSIGN_OR_RETURN(v.deleted_by_name, name_of(a.deleted_by));
            v.attachment = std::move(a);
            out.push_back(std::move(v));
        }
        return Ok();
    }));
    return out;
}

Result<std::vector<AttachmentView>> Services::UploadAttachments(const Principal& who, int64_t petition_id,
                                                                const std::vector<UploadFile>& files,
                                                                const RequestMeta& meta) {
    XF_TRY(CheckUploads(files));
    std::vector<Attachment> stored;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto p, tx.petitions().Get(petition_id));
        if (!p) return Fail(Error::NotFound("信访件不存在或无权查看"));
        XF_TRY(Visible(tx, who, *p));
        // The registering and the holding office keep the case file: their registrars, handlers and approvers.
        if (!MayRevealPersonalData(who.user, *p))
            return Fail(Error::PermissionDenied("只有登记或承办单位的登记员、承办人、审核人可以上传附件"));
        XF_ASSIGN_OR_RETURN(stored, StoreUploads(tx, *p, files, "staff", who.user.id, meta));
        return Ok();
    }));
    std::vector<AttachmentView> out;
    for (auto& a : stored) out.push_back({std::move(a), who.user.display_name, ""});
    return out;
}

Result<FileDownload> Services::DownloadAttachment(const Principal& who, int64_t attachment_id, const RequestMeta& meta) {
    if (!files_.content) return Fail(Error::Unavailable("附件存储未配置"));
    FileDownload out;
    // A write: every download of a case file is in the audit trail (they hold personal data: ID cards, letters).
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto a, tx.documents().GetAttachment(attachment_id));
        if (!a || a->deleted_at) return Fail(Error::NotFound("附件不存在或已删除"));
        XF_ASSIGN_OR_RETURN(auto p, tx.petitions().Get(a->petition_id));
        if (!p) return Fail(Error::NotFound("附件不存在或已删除"));
        XF_TRY(VisibleAs(Visible(tx, who, *p), "附件不存在或已删除"));
        XF_ASSIGN_OR_RETURN(out.bytes, files_.content->Get(a->sha256));
        out.media_type = a->media_type;
        out.file_name = a->file_name;
        return Audit(tx, who.user.id, "staff", "attachment.download", "petition", std::to_string(a->petition_id),
                     fmt::format(R"({{"attachment_id":{}}})", a->id), meta);
    }));
    return out;
}

Status Services::DeleteAttachment(const Principal& who, int64_t attachment_id, const std::string& reason,
                                  const RequestMeta& meta) {
    std::string why(Trim(reason));
    if (why.empty()) return Fail(Error::InvalidArgument("reason", "请填写删除原因"));
    if (Utf8Length(why) > 200) return Fail(Error::InvalidArgument("reason", "删除原因不超过200字"));
    return store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto a, tx.documents().GetAttachment(attachment_id));
        if (!a || a->deleted_at) return Fail(Error::NotFound("附件不存在或已删除"));
        XF_ASSIGN_OR_RETURN(auto p, tx.petitions().Get(a->petition_id));
        if (!p) return Fail(Error::NotFound("附件不存在或已删除"));
        XF_TRY(VisibleAs(Visible(tx, who, *p), "附件不存在或已删除"));
        if (!MayRevealPersonalData(who.user, *p))
            return Fail(Error::PermissionDenied("只有登记或承办单位的登记员、承办人、审核人可以删除附件"));
        Instant now = clock_.Now();
        XF_ASSIGN_OR_RETURN(bool deleted, tx.documents().DeleteAttachment(a->id, who.user.id, now, why));
        if (!deleted) return Fail(Error::NotFound("附件不存在或已删除"));
        Event ev;
        ev.petition_id = p->id;
        ev.at = now;
        ev.action = "delete_attachment";
        ev.actor_user_id = who.user.id;
        ev.actor_kind = "staff";
        ev.org_id = who.org.id;
        ev.is_public = false;
        ev.internal_note = fmt::format("删除附件“{}”：{}", a->file_name, why);
        ev.detail_json = json::serialize(json::object{
            {"attachment_id", a->id}, {"file_name", a->file_name}, {"sha256", a->sha256}, {"reason", why}});
        XF_TRY(Drop(tx.petitions().AppendEvent(ev)));
        return Audit(tx, who.user.id, "staff", "attachment.delete", "petition", std::to_string(p->id),
                     ev.detail_json, meta);
    });
}

}  // namespace xf::app
