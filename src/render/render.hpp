// The document renderer: an xf::DocumentContent laid out after GB/T 9704-2012 (党政机关公文格式) as a PDF (Cairo +
// Pango, fonts embedded) and as a minimal .docx (WordprocessingML) an office can edit. The one place that includes
// Cairo, Pango, fontconfig and minizip's writer for documents.
#pragma once

#include <string>
#include <string_view>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "domain/document.hpp"

namespace xf::render {

// Font families, resolved by fontconfig. Each is a family name, optionally followed by ":" and a weight
// (Light, Regular, Medium, SemiBold, Bold, Black), e.g. "方正小标宋简体" or "Noto Serif CJK SC:Bold". The defaults
// are free stand-ins an office replaces with its licensed 方正小标宋 and 仿宋_GB2312 (config [documents.fonts]).
struct FontMap {
    std::string title = "Noto Serif CJK SC:Bold";   // 标题, 2号小标宋
    std::string body = "Noto Serif CJK SC";         // 正文, 文号, 主送, 署名, 日期: 3号仿宋
    std::string page_number = "Noto Serif CJK SC";  // 页码: 4号半角宋体
};

struct RenderOptions {
    FontMap fonts;
    Instant created_at{};  // the PDF's CreationDate/ModDate and the .docx parts' times: same input, same bytes
};

// A FontMap entry taken apart. weight is CSS-like: 400 regular, 700 bold.
struct FontSpec {
    std::string family;
    int weight = 400;
};
// Fails with kInvalidArgument naming `field` ("fonts.title") when the family is empty or the weight unknown.
Result<FontSpec> ParseFontSpec(std::string_view spec, std::string_view field);

// kInvalidArgument for a malformed entry, kFailedPrecondition naming the role ("fonts.body") when fontconfig knows
// no such family (rendering would silently fall back to another font). Call it at start-up.
Status CheckFonts(const FontMap& fonts);
// CheckFonts, and each family has a face with Chinese characters (中, 信); kFailedPrecondition naming the role
// otherwise. For `xinfang doctor`.
Status CheckFontsHaveCjk(const FontMap& fonts);

// PDF bytes: A4, margins 37/28/26/35 mm, 28 characters × 22 lines, page numbers "— 1 —" (odd right, even left).
// Safe to call from several threads at once (each thread keeps its own Pango font map).
Result<std::string> RenderPdf(const DocumentContent& doc, const RenderOptions& opt);

// .docx bytes: the same page set-up, fonts, sizes and exact line spacing as Word styles, so Word/WPS/LibreOffice
// reproduce the layout; page numbers as PAGE fields in alternating footers. The fonts are not checked here: the
// file is opened on the editor's machine.
Result<std::string> RenderDocx(const DocumentContent& doc, const RenderOptions& opt);

}  // namespace xf::render
