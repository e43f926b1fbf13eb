// Official written documents (法律文书) of the workflow: 受理告知书, 不予受理告知书, 不再受理告知书, 转送/交办函,
// 延期告知书, 信访处理/复查/复核意见书 and 督办通知 (SPEC §3; Art. 22, 23, 32–36, 39). Their text comes from templates
// kept as data (versioned, edited by an administrator); a case records which template version produced each
// document. Pure: the fields are filled here; layout and PDF/DOCX output live in src/render.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/date.hpp"
#include "base/error.hpp"
#include "domain/petition.hpp"
#include "domain/workflow.hpp"

namespace xf {

enum class DocumentKind {
    kAcceptanceNotice,           // 受理告知书 (Art. 23)
    kNonAcceptanceNotice,        // 不予受理告知书 (Art. 23; Art. 19 ¶3)
    kNoFurtherAcceptanceNotice,  // 不再受理告知书 (Art. 36 ¶3)
    kForwardLetter,              // 转送函 (Art. 22)
    kAssignLetter,               // 交办函 (Art. 22)
    kExtensionNotice,            // 延期告知书 (Art. 34)
    kHandlingOpinion,            // 信访处理意见书 (Art. 32, 34)
    kReviewOpinion,              // 复查意见书 (Art. 35)
    kReReviewOpinion,            // 复核意见书 (Art. 36)
    kSupervisionNotice,          // 督办通知 (Art. 39)
};
inline constexpr int kDocumentKindCount = 10;

std::string_view DocumentKindName(DocumentKind k);   // "acceptance_notice"
std::string_view DocumentKindLabel(DocumentKind k);  // "受理告知书"
Result<DocumentKind> ParseDocumentKind(std::string_view s, std::string_view field = "kind");
// Who the document is addressed to: the petitioner (告知书, 意见书) or an org (转送/交办函, 督办通知). Letters to an
// org are never offered on the portal.
bool IsPetitionerDocument(DocumentKind k);

// The written document the law requires with `action` on a case of `kind`, if any: the step is one transaction
// with the document, and fails when the document cannot be produced.
std::optional<DocumentKind> RequiredDocument(Action action, CaseKind kind);

// A document as laid out on paper (GB/T 9704-2012 order): title, 文号, 主送 (addressee), body paragraphs,
// 发文机关署名 and 成文日期. Plain text; the renderer applies fonts, sizes, indents and line breaking.
struct DocumentContent {
    std::string title;                    // e.g. "信访事项受理告知书" (2号小标宋, centred)
    std::string doc_number;               // 文号, e.g. "青信受〔2026〕15号" (centred under the title); may be empty
    std::string addressee;                // 主送, e.g. "张三：" (flush left); may be empty
    std::vector<std::string> paragraphs;  // body, each indented two characters (3号仿宋)
    std::string signer;                   // 发文机关署名, e.g. "青山县信访局"
    std::string date_text;                // 成文日期, e.g. "2026年12月2日"
};

// A template's text: `{{字段}}` placeholders (names from DocumentFields()) in the title, the addressee line, the
// body (one paragraph per line) and the 文号 format. Versioned: saving makes a new version; documents keep the
// id and version of the one that produced them.
struct DocumentTemplate {
    int64_t id = 0;
    DocumentKind kind = DocumentKind::kAcceptanceNotice;
    int version = 0;            // 1, 2, … per kind
    std::string title;
    std::string addressee;      // e.g. "{{信访人}}：" or "{{接收机关}}："
    std::string body;           // paragraphs, one per line
    std::string number_format;  // 文号, e.g. "{{机关简称}}信受〔{{年份}}〕{{序号}}号"; "" for no 文号
    std::string note;           // what this version changed
    Instant created_at{};
    int64_t created_by = 0;     // 0: built in
};

// The placeholder names a template may use, each with what it holds (for the editor).
struct DocumentField {
    std::string_view name;
    std::string_view description;
};
const std::vector<DocumentField>& DocumentFields();

// The built-in text of each kind (version 1), written after the forms offices use.
DocumentTemplate DefaultTemplate(DocumentKind k);

// Fails naming the part ("title", "body", …) when a placeholder is unknown or unclosed, a part is too long, or a
// required part (title, body) is empty.
Status ValidateTemplate(const DocumentTemplate& t);

using FieldValues = std::map<std::string, std::string, std::less<>>;

// Replaces every placeholder with its value ("" when the case has none) and splits the body into paragraphs,
// dropping a line that became empty. `signer` and `date_text` come from the values 承办机关 and 成文日期.
Result<DocumentContent> FillTemplate(const DocumentTemplate& t, const FieldValues& values);
// The 文号 for `seq` in `year` by the template's format ("" when it has none).
Result<std::string> FormatDocNumber(const DocumentTemplate& t, const FieldValues& values, int year, int64_t seq);

// "青山县信访局" → "青山": the org's name without its level and office suffixes, as 文号 use it (机关简称).
std::string OrgShortName(std::string_view org_name);
// "2026年12月2日" (GB/T 9704-2012 §7.3.5: Arabic numerals, no leading zeros).
std::string ChineseDateText(Date d);

// A document produced for a case. Immutable once stored; regenerating makes a new revision with the same 文号.
struct CaseDocument {
    int64_t id = 0;
    int64_t petition_id = 0;
    DocumentKind kind = DocumentKind::kAcceptanceNotice;
    int revision = 1;                 // 1, 2, … per case and kind
    int64_t template_id = 0;
    int template_version = 0;
    std::string doc_number;           // 文号
    int64_t org_id = 0;               // the issuing org (发文机关)
    std::string fields_json;          // the values it was filled from (regeneration uses them again)
    std::string content_json;         // the DocumentContent (the .docx is built from it)
    std::string sha256;               // of the PDF, kept in the blob store
    int64_t size = 0;
    Instant created_at{};
    int64_t created_by = 0;           // 0: the petitioner or the system
};

// A file attached to a case: a scanned letter, a photo, a recording. The bytes live in the content store under
// their SHA-256; the row says what they are and who added them. Deleting keeps the row (and the audit event).
struct Attachment {
    int64_t id = 0;
    int64_t petition_id = 0;
    std::string sha256;
    int64_t size = 0;
    std::string media_type;  // as detected from the content, never from the name
    std::string file_name;   // sanitized display name
    std::string source;      // "staff" | "portal"
    Instant uploaded_at{};
    int64_t uploaded_by = 0;  // 0: the petitioner on the portal
    std::optional<Instant> deleted_at;
    int64_t deleted_by = 0;
    std::string delete_reason;
};

}  // namespace xf
