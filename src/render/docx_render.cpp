// .docx output: the smallest WordprocessingML package that Word, WPS and LibreOffice open with the GB/T 9704 page
// set-up (A4, margins, 28 × 22 document grid, exact 28.95 pt lines), the FontMap's families as East Asian fonts, and
// page numbers "— n —" as PAGE fields in odd/even footers. Word breaks the lines itself (its 禁则 are on for
// Chinese), so only the paragraph structure and formatting are written. Built in memory with minizip.
#include <fmt/format.h>
#include <minizip/zip.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>

#include "base/date.hpp"
#include "render/linebreak.hpp"
#include "render/page_geometry.hpp"
#include "render/render.hpp"

namespace xf::render {
namespace {

// Twips (1/20 pt), rounded as Word stores them.
int Twips(double pt) { return static_cast<int>(std::lround(pt * 20)); }

// Word's own values for the GB/T 9704 page (what 页面设置 stores for 3.7/2.8/2.6/3.5 cm).
constexpr int kPageWidthTwips = 11906;    // 210 mm
constexpr int kPageHeightTwips = 16838;   // 297 mm
constexpr int kMarginTopTwips = 2098;     // 37 mm
constexpr int kMarginLeftTwips = 1588;    // 28 mm
constexpr int kMarginRightTwips = 1474;   // 26 mm
constexpr int kMarginBottomTwips = 1984;  // 35 mm
constexpr int kLinePitchTwips = 579;      // 28.95 pt: 22 lines fit the 225 mm box (see page_geometry.hpp)
constexpr int kCharSpace = -849;          // 16 pt − 849/4096 pt = 15.79 pt: 28 characters per line
const int kCharPitchTwips = Twips(geometry::kCharPitch);

// Text for an XML element: invalid UTF-8 and characters XML 1.0 forbids (controls) are replaced first.
std::string XmlText(std::string_view s) {
    const std::string clean = EncodeUtf8(DecodeForLayout(s));
    std::string out;
    out.reserve(clean.size() + 16);
    for (char c : clean) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// Width in full-width characters (ASCII counts half), for indents measured in 字.
double Chars(std::string_view s) {
    double n = 0;
    for (char32_t cp : DecodeForLayout(s)) n += cp < 0x80 ? 0.5 : 1;
    return n;
}

constexpr std::string_view kNsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view kNsR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr std::string_view kXmlDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

std::string RunProps(const FontSpec& font, int half_points) {
    const std::string f = XmlText(font.family);
    return fmt::format(
        "<w:rPr><w:rFonts w:ascii=\"{0}\" w:eastAsia=\"{0}\" w:hAnsi=\"{0}\" w:cs=\"{0}\" w:hint=\"eastAsia\"/>{1}"
        "<w:sz w:val=\"{2}\"/><w:szCs w:val=\"{2}\"/></w:rPr>",
        f, font.weight >= 600 ? "<w:b/><w:bCs/>" : "", half_points);
}

std::string Paragraph(std::string_view ppr, const std::string& rpr, std::string_view text) {
    std::string p = "<w:p>";
    if (!ppr.empty()) p += fmt::format("<w:pPr>{}</w:pPr>", ppr);
    if (!text.empty()) p += fmt::format("<w:r>{}<w:t xml:space=\"preserve\">{}</w:t></w:r>", rpr, XmlText(text));
    return p + "</w:p>";
}

std::string DocumentXml(const DocumentContent& doc, const FontSpec& title, const FontSpec& body) {
    const std::string body_rpr = RunProps(body, 32);
    std::string x{kXmlDecl};
    x += fmt::format("<w:document xmlns:w=\"{}\" xmlns:r=\"{}\"><w:body>", kNsW, kNsR);
    x += Paragraph("<w:jc w:val=\"center\"/>", RunProps(title, 44), doc.title);
    if (!doc.doc_number.empty()) {
        x += "<w:p/>";
        x += Paragraph("<w:jc w:val=\"center\"/>", body_rpr, doc.doc_number);
    }
    x += "<w:p/>";
    if (!doc.addressee.empty()) x += Paragraph("", body_rpr, doc.addressee);
    for (const std::string& p : doc.paragraphs)
        x += Paragraph("<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:jc w:val=\"both\"/>", body_rpr, p);
    if (!doc.signer.empty() || !doc.date_text.empty()) {
        // Two blank lines for the seal; keepNext holds them, the signer and the date on one page.
        x += "<w:p><w:pPr><w:keepNext/></w:pPr></w:p><w:p><w:pPr><w:keepNext/></w:pPr></w:p>";
        // The date 右空四字; the signer centred over it: its right indent is 4 字 plus half the length difference.
        const double date_chars = Chars(doc.date_text);
        if (!doc.signer.empty()) {
            const double right =
                doc.date_text.empty() ? 4.0 : std::max(0.0, 4.0 + (date_chars - Chars(doc.signer)) / 2);
            x +=
                Paragraph(fmt::format("<w:keepNext/><w:ind w:right=\"{}\" w:rightChars=\"{}\"/><w:jc w:val=\"right\"/>",
                                      std::lround(right * kCharPitchTwips), std::lround(right * 100)),
                          body_rpr, doc.signer);
        }
        if (!doc.date_text.empty())
            x += Paragraph(
                fmt::format("<w:ind w:right=\"{}\" w:rightChars=\"400\"/><w:jc w:val=\"right\"/>", 4 * kCharPitchTwips),
                body_rpr, doc.date_text);
    }
    namespace g = geometry;
    // Footer: the top of "— n —" 7 mm below the text box, on an exact 14 pt line.
    const int footer = Twips(g::kMarginBottom - g::kPageNumberGap - g::kPageNumberSize);
    x += fmt::format(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooterOdd\"/>"
        "<w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>"
        "<w:pgSz w:w=\"{}\" w:h=\"{}\"/>"
        "<w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"851\" w:footer=\"{}\" "
        "w:gutter=\"0\"/><w:cols w:space=\"425\"/>"
        "<w:docGrid w:type=\"linesAndChars\" w:linePitch=\"{}\" w:charSpace=\"{}\"/></w:sectPr>",
        kPageWidthTwips, kPageHeightTwips, kMarginTopTwips, kMarginRightTwips, kMarginBottomTwips, kMarginLeftTwips,
        footer, kLinePitchTwips, kCharSpace);
    x += "</w:body></w:document>";
    return x;
}

std::string StylesXml(const FontSpec& body) {
    const std::string f = XmlText(body.family);
    return fmt::format(
        "{0}<w:styles xmlns:w=\"{1}\"><w:docDefaults><w:rPrDefault><w:rPr>"
        "<w:rFonts w:ascii=\"{2}\" w:eastAsia=\"{2}\" w:hAnsi=\"{2}\" w:cs=\"{2}\"/><w:kern w:val=\"2\"/>"
        "<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/>"
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line=\"{3}\" w:lineRule=\"exact\"/></w:pPr>"
        "</w:pPrDefault></w:docDefaults>"
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
        "<w:pPr><w:widowControl w:val=\"0\"/><w:jc w:val=\"both\"/></w:pPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>"
        "<w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:line=\"280\" w:lineRule=\"exact\"/></w:pPr>"
        "<w:rPr><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style></w:styles>",
        kXmlDecl, kNsW, f, kLinePitchTwips);
}

// 页码: odd pages 右空一字, even pages 左空一字 (one 4号 character = 280 twips).
std::string FooterXml(const FontSpec& font, bool odd) {
    const std::string rpr = RunProps(font, 28);
    const std::string ppr = odd ? "<w:pStyle w:val=\"Footer\"/><w:ind w:right=\"280\"/><w:jc w:val=\"right\"/>"
                                : "<w:pStyle w:val=\"Footer\"/><w:ind w:left=\"280\"/><w:jc w:val=\"left\"/>";
    return fmt::format(
        "{0}<w:ftr xmlns:w=\"{1}\" xmlns:r=\"{2}\"><w:p><w:pPr>{3}</w:pPr>"
        "<w:r>{4}<w:t xml:space=\"preserve\">— </w:t></w:r>"
        "<w:r>{4}<w:fldChar w:fldCharType=\"begin\"/></w:r>"
        "<w:r>{4}<w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
        "<w:r>{4}<w:fldChar w:fldCharType=\"separate\"/></w:r>"
        "<w:r>{4}<w:t>{5}</w:t></w:r>"
        "<w:r>{4}<w:fldChar w:fldCharType=\"end\"/></w:r>"
        "<w:r>{4}<w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>",
        kXmlDecl, kNsW, kNsR, ppr, rpr, odd ? 1 : 2);
}

std::string SettingsXml() {
    return fmt::format(
        "{}<w:settings xmlns:w=\"{}\"><w:defaultTabStop w:val=\"420\"/><w:evenAndOddHeaders/>"
        "<w:characterSpacingControl w:val=\"doNotCompress\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" "
        "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>",
        kXmlDecl, kNsW);
}

std::string CoreXml(const DocumentContent& doc, Instant created) {
    const std::string t = FormatInstant(created);
    return fmt::format(
        "{}<cp:coreProperties "
        "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        "<dc:title>{}</dc:title><dc:creator>xinfang</dc:creator>"
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{}</dcterms:created>"
        "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{}</dcterms:modified></cp:coreProperties>",
        kXmlDecl, XmlText(doc.title), t, t);
}

constexpr std::string_view kContentTypes =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "<Override PartName=\"/word/settings.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
    "<Override PartName=\"/word/footer1.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
    "<Override PartName=\"/word/footer2.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" "
    "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
    "</Types>";

constexpr std::string_view kPackageRels =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
    "Target=\"docProps/core.xml\"/>"
    "</Relationships>";

constexpr std::string_view kDocumentRels =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rIdStyles\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rIdSettings\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>"
    "<Relationship Id=\"rIdFooterOdd\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>"
    "<Relationship Id=\"rIdFooterEven\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer2.xml\"/>"
    "</Relationships>";

// minizip I/O on a std::string, so no temporary file is needed.
struct MemoryFile {
    std::string data;
    size_t pos = 0;
};

voidpf MemOpen(voidpf opaque, const void*, int) { return opaque; }
uLong MemRead(voidpf, voidpf stream, void* buf, uLong size) {
    auto* f = static_cast<MemoryFile*>(stream);
    const size_t n = f->pos >= f->data.size() ? 0 : std::min<size_t>(size, f->data.size() - f->pos);
    std::memcpy(buf, f->data.data() + f->pos, n);
    f->pos += n;
    return static_cast<uLong>(n);
}
uLong MemWrite(voidpf, voidpf stream, const void* buf, uLong size) {
    auto* f = static_cast<MemoryFile*>(stream);
    if (f->data.size() < f->pos + size) f->data.resize(f->pos + size);
    std::memcpy(f->data.data() + f->pos, buf, size);
    f->pos += size;
    return size;
}
ZPOS64_T MemTell(voidpf, voidpf stream) { return static_cast<MemoryFile*>(stream)->pos; }
long MemSeek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
    auto* f = static_cast<MemoryFile*>(stream);
    size_t base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0 : origin == ZLIB_FILEFUNC_SEEK_CUR ? f->pos : f->data.size();
    f->pos = base + offset;
    return 0;
}
int MemClose(voidpf, voidpf) { return 0; }
int MemError(voidpf, voidpf) { return 0; }

// Zip entry times: the document's creation time in China (zip stores local time without a zone).
tm_zip ZipTime(Instant t) {
    const Instant local =
        std::max(t, Instant(std::chrono::sys_days(std::chrono::year{1980} / 1 / 1))) + std::chrono::hours(8);
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss hms{local - day};
    tm_zip z{};
    z.tm_sec = static_cast<uInt>(hms.seconds().count());
    z.tm_min = static_cast<uInt>(hms.minutes().count());
    z.tm_hour = static_cast<uInt>(hms.hours().count());
    z.tm_mday = static_cast<uInt>(static_cast<unsigned>(ymd.day()));
    z.tm_mon = static_cast<uInt>(static_cast<unsigned>(ymd.month()) - 1);
    z.tm_year = static_cast<uInt>(static_cast<int>(ymd.year()));
    return z;
}

}  // namespace

Result<std::string> RenderDocx(const DocumentContent& doc, const RenderOptions& opt) {
    XF_ASSIGN_OR_RETURN(FontSpec title, ParseFontSpec(opt.fonts.title, "fonts.title"));
    XF_ASSIGN_OR_RETURN(FontSpec body, ParseFontSpec(opt.fonts.body, "fonts.body"));
    XF_ASSIGN_OR_RETURN(FontSpec number, ParseFontSpec(opt.fonts.page_number, "fonts.page_number"));

    const std::pair<const char*, std::string> parts[] = {
        {"[Content_Types].xml", std::string(kContentTypes)},
        {"_rels/.rels", std::string(kPackageRels)},
        {"docProps/core.xml", CoreXml(doc, opt.created_at)},
        {"word/document.xml", DocumentXml(doc, title, body)},
        {"word/_rels/document.xml.rels", std::string(kDocumentRels)},
        {"word/styles.xml", StylesXml(body)},
        {"word/settings.xml", SettingsXml()},
        {"word/footer1.xml", FooterXml(number, true)},
        {"word/footer2.xml", FooterXml(number, false)},
    };

    MemoryFile file;
    zlib_filefunc64_def io{MemOpen, MemRead, MemWrite, MemTell, MemSeek, MemClose, MemError, &file};
    zipFile zip = zipOpen2_64("document.docx", APPEND_STATUS_CREATE, nullptr, &io);
    if (zip == nullptr) return Fail(Error::Internal("DOCX 生成失败：无法创建 zip"));
    zip_fileinfo info{};
    info.tmz_date = ZipTime(opt.created_at);
    int rc = ZIP_OK;
    for (const auto& [name, content] : parts) {
        rc = zipOpenNewFileInZip64(zip, name, &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, Z_DEFAULT_COMPRESSION,
                                   /*zip64=*/0);
        if (rc == ZIP_OK) rc = zipWriteInFileInZip(zip, content.data(), static_cast<unsigned>(content.size()));
        if (rc == ZIP_OK) rc = zipCloseFileInZip(zip);
        if (rc != ZIP_OK) break;
    }
    const int close_rc = zipClose(zip, nullptr);
    if (rc != ZIP_OK || close_rc != ZIP_OK)
        return Fail(Error::Internal(fmt::format("DOCX 生成失败：zip 错误 {}", rc != ZIP_OK ? rc : close_rc)));
    return std::move(file.data);
}

}  // namespace xf::render
