#include "domain/document.hpp"

#include <array>

#include <fmt/format.h>

#include "base/text.hpp"

namespace xf {
namespace {

struct KindInfo {
    DocumentKind kind;
    std::string_view name, label;
    bool to_petitioner;
};
constexpr std::array<KindInfo, kDocumentKindCount> kKinds{{
    {DocumentKind::kAcceptanceNotice, "acceptance_notice", "受理告知书", true},
    {DocumentKind::kNonAcceptanceNotice, "non_acceptance_notice", "不予受理告知书", true},
    {DocumentKind::kNoFurtherAcceptanceNotice, "no_further_acceptance_notice", "不再受理告知书", true},
    {DocumentKind::kForwardLetter, "forward_letter", "转送函", false},
    {DocumentKind::kAssignLetter, "assign_letter", "交办函", false},
    {DocumentKind::kExtensionNotice, "extension_notice", "延期告知书", true},
    {DocumentKind::kHandlingOpinion, "handling_opinion", "信访处理意见书", true},
    {DocumentKind::kReviewOpinion, "review_opinion", "复查意见书", true},
    {DocumentKind::kReReviewOpinion, "re_review_opinion", "复核意见书", true},
    {DocumentKind::kSupervisionNotice, "supervision_notice", "督办通知", false},
}};

const KindInfo& Info(DocumentKind k) { return kKinds[static_cast<size_t>(k)]; }

constexpr size_t kMaxTemplatePart = 20000;  // bytes; a template is a page or two of text

// The opening of every notice to a petitioner: which matter, received when, under which number.
constexpr std::string_view kMatter =
    "你（单位）于{{信访日期}}提出的“{{信访事项}}”信访事项（信访件编号：{{信访件编号}}）";

// Each placeholder in `text`, in order; fails on "{{" without "}}".
Result<std::vector<std::string_view>> Placeholders(std::string_view text, std::string_view part) {
    std::vector<std::string_view> out;
    size_t pos = 0;
    while ((pos = text.find("{{", pos)) != std::string_view::npos) {
        size_t end = text.find("}}", pos + 2);
        if (end == std::string_view::npos)
            return Fail(Error::InvalidArgument(std::string(part), "“{{”没有对应的“}}”"));
        out.push_back(Trim(text.substr(pos + 2, end - pos - 2)));
        pos = end + 2;
    }
    return out;
}

bool KnownField(std::string_view name) {
    for (const auto& f : DocumentFields())
        if (f.name == name) return true;
    return false;
}

// Replaces the placeholders of `text`; `any_empty` tells whether one of them had no value.
std::string Substitute(std::string_view text, const FieldValues& values, bool* any_empty) {
    std::string out;
    size_t pos = 0;
    while (true) {
        size_t open = text.find("{{", pos);
        size_t close = open == std::string_view::npos ? open : text.find("}}", open + 2);
        if (close == std::string_view::npos) {
            out.append(text.substr(pos));
            return out;
        }
        out.append(text.substr(pos, open - pos));
        auto it = values.find(Trim(text.substr(open + 2, close - open - 2)));
        if (it == values.end() || it->second.empty()) {
            if (any_empty) *any_empty = true;
        } else {
            out.append(it->second);
        }
        pos = close + 2;
    }
}

}  // namespace

std::string_view DocumentKindName(DocumentKind k) { return Info(k).name; }
std::string_view DocumentKindLabel(DocumentKind k) { return Info(k).label; }
bool IsPetitionerDocument(DocumentKind k) { return Info(k).to_petitioner; }

Result<DocumentKind> ParseDocumentKind(std::string_view s, std::string_view field) {
    for (const auto& k : kKinds)
        if (k.name == s || k.label == s) return k.kind;
    return Fail(Error::InvalidArgument(std::string(field), fmt::format("未知的文书种类“{}”", s)));
}

std::optional<DocumentKind> RequiredDocument(Action action, CaseKind kind) {
    switch (action) {
        case Action::kAccept:
        case Action::kAcceptDirectly: return DocumentKind::kAcceptanceNotice;            // Art. 23
        case Action::kReject: return DocumentKind::kNonAcceptanceNotice;                 // Art. 23
        case Action::kRejectRepeat: return DocumentKind::kNoFurtherAcceptanceNotice;     // Art. 36 ¶3
        case Action::kForward: return DocumentKind::kForwardLetter;                      // Art. 22
        case Action::kAssign: return DocumentKind::kAssignLetter;                        // Art. 22
        case Action::kExtend: return DocumentKind::kExtensionNotice;                     // Art. 34
        case Action::kSupervise: return DocumentKind::kSupervisionNotice;                // Art. 39
        case Action::kReply:                                                             // Art. 32, 35, 36
            switch (kind) {
                case CaseKind::kOriginal: return DocumentKind::kHandlingOpinion;
                case CaseKind::kReview: return DocumentKind::kReviewOpinion;
                case CaseKind::kReReview: return DocumentKind::kReReviewOpinion;
            }
            return DocumentKind::kHandlingOpinion;
        default: return std::nullopt;
    }
}

const std::vector<DocumentField>& DocumentFields() {
    static const std::vector<DocumentField> fields = {
        {"信访人", "信访人姓名（联名的写“某某等N人”；匿名或检举控告件的函件写“信访人”）"},
        {"信访件编号", "信访件编号"},
        {"查询码", "查询码（信访人凭此查询办理进度）"},
        {"信访日期", "收到信访事项的日期"},
        {"信访形式", "来信、来访、网上信访等"},
        {"信访事项", "信访事项标题"},
        {"登记机关", "登记该信访事项的机关"},
        {"承办机关", "出具文书的机关（发文机关署名）"},
        {"上级机关", "承办机关的上一级机关（复查、复核机关）"},
        {"接收机关", "转送、交办的接收机关；督办通知的被督办机关"},
        {"反馈期限", "交办、督办要求反馈的日期"},
        {"受理日期", "受理信访事项的日期"},
        {"办理期限", "答复期限（延期后为延长后的期限）"},
        {"延期天数", "延长的天数"},
        {"延期理由", "延期理由"},
        {"不予受理理由", "不予受理、不再受理的理由"},
        {"法定途径", "应当通过的法定途径"},
        {"处理结果", "予以支持、解释说明、不予支持"},
        {"事实", "查明的事实"},
        {"理由", "处理理由"},
        {"依据", "法律、法规、政策依据"},
        {"权利告知", "复查、复核权利及期限，或终结的告知（按文书种类自动生成）"},
        {"督办事由", "督办的事由和要求"},
        {"机关简称", "发文机关简称（用于文号）"},
        {"年份", "发文年份（用于文号）"},
        {"序号", "本机关本年度的发文序号（用于文号）"},
        {"文号", "文号"},
        {"成文日期", "成文日期"},
    };
    return fields;
}

DocumentTemplate DefaultTemplate(DocumentKind k) {
    DocumentTemplate t;
    t.kind = k;
    t.version = 1;
    t.note = "内置模板";
    t.addressee = "{{信访人}}：";
    auto opinion = [&](std::string_view title, std::string_view code, std::string_view article) {
        t.title = std::string(title);
        t.number_format = fmt::format("{{{{机关简称}}}}信{}〔{{{{年份}}}}〕{{{{序号}}}}号", code);
        t.body = fmt::format(
            "{}，本机关已于{{{{受理日期}}}}受理。根据《信访工作条例》{}的规定，经调查核实，现提出意见如下：\n"
            "一、查明的事实\n{{{{事实}}}}\n二、理由和依据\n{{{{理由}}}}\n依据：{{{{依据}}}}\n三、处理意见\n"
            "对你（单位）的信访诉求，{{{{处理结果}}}}。\n{{{{权利告知}}}}",
            kMatter, article);
    };
    switch (k) {
        case DocumentKind::kAcceptanceNotice:
            t.title = "信访事项受理告知书";
            t.number_format = "{{机关简称}}信受〔{{年份}}〕{{序号}}号";
            t.body = fmt::format(
                "{}收悉。根据《信访工作条例》第二十三条的规定，本机关决定予以受理。\n"
                "本机关将依照《信访工作条例》第三十二条的规定，自受理之日起60日内办结，并出具书面答复意见"
                "（本事项答复期限至{{{{办理期限}}}}）；情况复杂的，经本机关负责人批准，可以适当延长办理期限，"
                "延长期限不超过30日，并告知延期理由。\n"
                "你可以凭查询码{{{{查询码}}}}在网上信访平台查询办理进度。\n特此告知。",
                kMatter);
            break;
        case DocumentKind::kNonAcceptanceNotice:
            t.title = "信访事项不予受理告知书";
            t.number_format = "{{机关简称}}信不受〔{{年份}}〕{{序号}}号";
            t.body = fmt::format(
                "{}收悉。经审查，{{{{不予受理理由}}}}。根据《信访工作条例》第二十三条的规定，本机关决定不予受理。\n"
                "你可以{{{{法定途径}}}}。\n特此告知。",
                kMatter);
            break;
        case DocumentKind::kNoFurtherAcceptanceNotice:
            t.title = "信访事项不再受理告知书";
            t.number_format = "{{机关简称}}信不再〔{{年份}}〕{{序号}}号";
            t.body = fmt::format(
                "{}收悉。经审查，该信访事项已经依照《信访工作条例》规定的程序办理终结，你（单位）仍以同一事实和"
                "理由提出投诉请求。根据《信访工作条例》第三十六条第三款的规定，本机关不再受理。\n"
                "说明：{{{{不予受理理由}}}}\n特此告知。",
                kMatter);
            break;
        case DocumentKind::kForwardLetter:
            t.title = "信访事项转送函";
            t.number_format = "{{机关简称}}信转〔{{年份}}〕{{序号}}号";
            t.addressee = "{{接收机关}}：";
            t.body =
                "{{信访日期}}，本机关收到{{信访人}}通过{{信访形式}}反映的“{{信访事项}}”信访事项（信访件编号："
                "{{信访件编号}}）。根据《信访工作条例》第二十二条的规定，该事项属你单位职责范围，现转送你单位依法处理。\n"
                "请你单位自收到之日起15日内决定是否受理，并书面告知信访人；认为不属于本单位职责范围的，请于5个工作日内"
                "说明理由退回本机关。\n特此函告。";
            break;
        case DocumentKind::kAssignLetter:
            t.title = "信访事项交办函";
            t.number_format = "{{机关简称}}信交〔{{年份}}〕{{序号}}号";
            t.addressee = "{{接收机关}}：";
            t.body =
                "{{信访日期}}，本机关收到{{信访人}}通过{{信访形式}}反映的“{{信访事项}}”信访事项（信访件编号："
                "{{信访件编号}}）。根据《信访工作条例》第二十二条的规定，现交办你单位办理。\n"
                "请你单位依法依规办理，并于{{反馈期限}}前将办理结果书面反馈本机关。\n特此函告。";
            break;
        case DocumentKind::kExtensionNotice:
            t.title = "信访事项延期办理告知书";
            t.number_format = "{{机关简称}}信延〔{{年份}}〕{{序号}}号";
            t.body = fmt::format(
                "{}，本机关已于{{{{受理日期}}}}受理。因{{{{延期理由}}}}，经本机关负责人批准，根据《信访工作条例》"
                "第三十四条的规定，办理期限延长{{{{延期天数}}}}日，答复期限至{{{{办理期限}}}}。\n特此告知。",
                kMatter);
            break;
        case DocumentKind::kHandlingOpinion: opinion("信访事项处理意见书", "处", "第三十二条"); break;
        case DocumentKind::kReviewOpinion: opinion("信访事项复查意见书", "复查", "第三十五条"); break;
        case DocumentKind::kReReviewOpinion: opinion("信访事项复核意见书", "复核", "第三十六条"); break;
        case DocumentKind::kSupervisionNotice:
            t.title = "信访事项督办通知";
            t.number_format = "{{机关简称}}信督〔{{年份}}〕{{序号}}号";
            t.addressee = "{{接收机关}}：";
            t.body =
                "你单位办理的“{{信访事项}}”信访事项（信访件编号：{{信访件编号}}），{{督办事由}}。根据《信访工作条例》"
                "第三十九条的规定，现予督办。\n"
                "请你单位依法依规抓紧办理，并于{{反馈期限}}前将办理情况书面反馈本机关。\n特此通知。";
            break;
    }
    return t;
}

Status ValidateTemplate(const DocumentTemplate& t) {
    const std::array<std::pair<std::string_view, const std::string*>, 4> parts{{
        {"title", &t.title}, {"addressee", &t.addressee}, {"body", &t.body}, {"number_format", &t.number_format}}};
    for (const auto& [part, text] : parts) {
        if (!IsValidUtf8(*text)) return Fail(Error::InvalidArgument(std::string(part), "含有无效字符"));
        if (text->size() > kMaxTemplatePart)
            return Fail(Error::InvalidArgument(std::string(part), "内容过长（不超过20000字节）"));
        XF_ASSIGN_OR_RETURN(auto names, Placeholders(*text, part));
        for (auto name : names)
            if (!KnownField(name))
                return Fail(Error::InvalidArgument(std::string(part), fmt::format("未知的字段“{{{{{}}}}}”", name)));
    }
    if (Trim(t.title).empty()) return Fail(Error::InvalidArgument("title", "请填写文书标题"));
    if (Trim(t.body).empty()) return Fail(Error::InvalidArgument("body", "请填写正文"));
    if (t.title.find('\n') != std::string::npos) return Fail(Error::InvalidArgument("title", "标题不能换行"));
    if (!t.number_format.empty() && t.number_format.find("{{序号}}") == std::string::npos)
        return Fail(Error::InvalidArgument("number_format", "文号须含“{{序号}}”，否则同年文号会重复"));
    return Ok();
}

Result<DocumentContent> FillTemplate(const DocumentTemplate& t, const FieldValues& values) {
    XF_TRY(ValidateTemplate(t));
    DocumentContent c;
    c.title = Substitute(t.title, values, nullptr);
    c.addressee = Substitute(t.addressee, values, nullptr);
    // A body line whose placeholder has no value on this case (no 法定途径 named, say) is left out rather than
    // printed half-empty; a line without placeholders always stays.
    for (auto line : Split(t.body, '\n')) {
        line = Trim(line);
        if (line.empty()) continue;
        bool any_empty = false;
        std::string text = Substitute(line, values, &any_empty);
        if (any_empty) continue;
        c.paragraphs.push_back(std::move(text));
    }
    if (auto it = values.find("文号"); it != values.end()) c.doc_number = it->second;
    if (auto it = values.find("承办机关"); it != values.end()) c.signer = it->second;
    if (auto it = values.find("成文日期"); it != values.end()) c.date_text = it->second;
    return c;
}

Result<std::string> FormatDocNumber(const DocumentTemplate& t, const FieldValues& values, int year, int64_t seq) {
    if (t.number_format.empty()) return std::string();
    FieldValues v = values;
    v["年份"] = std::to_string(year);
    v["序号"] = std::to_string(seq);
    return Substitute(t.number_format, v, nullptr);
}

std::string OrgShortName(std::string_view name) {
    std::string s(Trim(name));
    auto strip = [&](std::initializer_list<std::string_view> suffixes) {
        for (auto suf : suffixes)
            if (s.size() > suf.size() + 3 && s.ends_with(suf)) {
                s.resize(s.size() - suf.size());
                return;
            }
    };
    strip({"人民政府信访局", "人民政府信访办公室", "信访局", "信访办公室", "信访办", "人民政府", "委员会", "局", "办公室"});
    strip({"自治区", "自治县", "自治州", "街道", "县", "市", "区", "省", "镇", "乡"});
    return s.empty() ? std::string(Trim(name)) : s;
}

std::string ChineseDateText(Date d) {
    return fmt::format("{}年{}月{}日", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                       static_cast<unsigned>(d.day()));
}

}  // namespace xf
