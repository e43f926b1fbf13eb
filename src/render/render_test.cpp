// The renderer's output measured from outside: the PDFs are read back with poppler-utils (page size, embedded fonts,
// text, and word boxes in points from `pdftotext -bbox-layout`), the .docx with minizip's reader and expat. Page 1 of
// each sample PDF is written as PNG to XF_RENDER_OUTPUT_DIR for a person to look at.
#include "render/render.hpp"

#include <expat.h>
#include <gtest/gtest.h>
#include <minizip/unzip.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "render/linebreak.hpp"
#include "render/page_geometry.hpp"
#include "render/testing/sample_documents.hpp"

namespace xf::render {
namespace {

namespace g = geometry;
namespace fs = std::filesystem;

const fs::path kOutputDir = XF_RENDER_OUTPUT_DIR;
constexpr double kMm = g::kPtPerMm;
const Instant kCreated = Instant(std::chrono::sys_days(std::chrono::year{2026} / 12 / 2)) + std::chrono::hours(1);

RenderOptions Options() { return RenderOptions{.fonts = {}, .created_at = kCreated}; }

struct CommandResult {
    int status = -1;
    std::string output;
};

CommandResult RunCommand(const std::string& command) {
    CommandResult r;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) return r;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
    r.status = pclose(pipe);
    return r;
}

std::string Quote(const fs::path& p) { return "'" + p.string() + "'"; }

// poppler-utils are a declared dependency of the tests: missing tools fail, they do not skip.
void RequirePoppler() {
    for (const char* tool : {"pdfinfo", "pdffonts", "pdftotext", "pdftoppm"})
        ASSERT_EQ(RunCommand(std::string("command -v ") + tool).status, 0)
            << tool << " (poppler-utils) is not installed";
}

void WriteFile(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string StripSpaces(std::string_view s) {
    std::string out;
    for (char32_t c : DecodeForLayout(s))
        if (c != U' ' && c != U'\f' && c != U'\u3000') out += EncodeUtf8(std::u32string_view(&c, 1));
    return out;
}

// The value of a "Name:   value" line of pdfinfo.
std::string InfoField(const std::string& info, const std::string& name) {
    std::istringstream in(info);
    for (std::string line; std::getline(in, line);)
        if (line.starts_with(name + ":")) {
            size_t v = line.find_first_not_of(' ', name.size() + 1);
            return v == std::string::npos ? "" : line.substr(v);
        }
    return "<no " + name + ">";
}

// ---- pdftotext -bbox-layout -------------------------------------------------------------------------------------

struct BoxLine {
    double x_min = 0, y_min = 0, x_max = 0, y_max = 0;
    std::string text;  // the words joined without spaces
};
struct BoxPage {
    double width = 0, height = 0;
    std::vector<BoxLine> lines;
};

double Attr(std::string_view tag, std::string_view name) {
    const std::string key = std::string(name) + "=\"";
    auto pos = tag.find(key);
    if (pos == std::string_view::npos) return NAN;
    return std::stod(std::string(tag.substr(pos + key.size())));
}

std::string Unescape(std::string s) {
    static const std::array<std::pair<std::string_view, std::string_view>, 5> kEntities{
        {{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}}};
    for (const auto& [from, to] : kEntities)
        for (size_t p; (p = s.find(from)) != std::string::npos;) s.replace(p, from.size(), to);
    return s;
}

std::vector<BoxPage> ParseBbox(const std::string& html) {
    std::vector<BoxPage> pages;
    size_t pos = 0;
    while (true) {
        size_t open = html.find('<', pos);
        if (open == std::string::npos) break;
        size_t close = html.find('>', open);
        if (close == std::string::npos) break;
        std::string_view tag(html.data() + open, close - open + 1);
        pos = close + 1;
        if (tag.starts_with("<page ")) {
            pages.push_back({Attr(tag, "width"), Attr(tag, "height"), {}});
        } else if (tag.starts_with("<line ") && !pages.empty()) {
            pages.back().lines.push_back(
                {Attr(tag, "xMin"), Attr(tag, "yMin"), Attr(tag, "xMax"), Attr(tag, "yMax"), {}});
        } else if (tag.starts_with("<word ") && !pages.empty() && !pages.back().lines.empty()) {
            size_t end = html.find("</word>", pos);
            pages.back().lines.back().text += Unescape(html.substr(pos, end - pos));
            pos = end;
        }
    }
    return pages;
}

bool IsPageNumber(const std::string& text) { return std::regex_match(text, std::regex("—[0-9]+—")); }

size_t CodePoints(std::string_view s) { return DecodeForLayout(s).size(); }
bool AllFullWidth(std::string_view s) {
    for (char32_t c : DecodeForLayout(s))
        if (c < 0x2000) return false;
    return true;
}

// ---- the PDF checks shared by every sample -----------------------------------------------------------------------

struct PdfReport {
    std::vector<BoxPage> pages;
    std::string text;  // pdftotext, reading order
};

// Renders `doc`, writes NAME.pdf and NAME.png (page 1), and checks what holds for every document.
PdfReport RenderAndCheck(const DocumentContent& doc, const std::string& name) {
    PdfReport report;
    auto pdf = RenderPdf(doc, Options());
    EXPECT_TRUE(pdf.has_value()) << (pdf ? "" : pdf.error().message);
    if (!pdf) return report;
    EXPECT_TRUE(pdf->starts_with("%PDF-"));
    const fs::path path = kOutputDir / (name + ".pdf");
    WriteFile(path, *pdf);

    // Page size A4 on every page, metadata.
    CommandResult info = RunCommand("pdfinfo -f 1 -l 99 " + Quote(path));
    EXPECT_EQ(info.status, 0) << info.output;
    std::smatch m;
    EXPECT_TRUE(std::regex_search(info.output, m, std::regex("Pages: +([0-9]+)"))) << info.output;
    const int page_count = m.empty() ? 0 : std::stoi(m[1]);
    std::regex size_re("Page +[0-9]+ size: +595\\.276 x 841\\.89 pts \\(A4\\)");
    EXPECT_EQ(
        std::distance(std::sregex_iterator(info.output.begin(), info.output.end(), size_re), std::sregex_iterator()),
        page_count)
        << info.output;
    EXPECT_EQ(InfoField(info.output, "Title"), doc.title);
    EXPECT_EQ(InfoField(info.output, "Creator"), "xinfang");
    EXPECT_EQ(InfoField(info.output, "CreationDate"), "Wed Dec  2 01:00:00 2026 UTC");  // kCreated
    EXPECT_EQ(InfoField(info.output, "ModDate"), "Wed Dec  2 01:00:00 2026 UTC");

    // Every font embedded.
    CommandResult fonts = RunCommand("pdffonts " + Quote(path));
    EXPECT_EQ(fonts.status, 0) << fonts.output;
    std::istringstream fl(fonts.output);
    std::string header, line;
    std::getline(fl, header);
    const size_t emb = header.find("emb");
    std::getline(fl, line);  // ----
    int font_rows = 0;
    while (std::getline(fl, line)) {
        if (line.empty()) continue;
        ++font_rows;
        EXPECT_EQ(line.substr(emb, 3), "yes") << "not embedded: " << line;
    }
    EXPECT_GE(font_rows, 2) << fonts.output;  // the title's and the body's font at least

    // The text, in reading order.
    CommandResult text = RunCommand("pdftotext -enc UTF-8 " + Quote(path) + " -");
    EXPECT_EQ(text.status, 0) << text.output;
    report.text = text.output;
    // The text without page numbers (a paragraph may continue across a page break).
    std::string flat;
    {
        std::istringstream in(text.output);
        for (std::string l; std::getline(in, l);)
            if (!IsPageNumber(StripSpaces(l))) flat += StripSpaces(l);
    }
    auto expect_text = [&](const std::string& s) {
        if (!s.empty()) {
            EXPECT_NE(flat.find(StripSpaces(s)), std::string::npos) << "missing: " << s;
        }
    };
    for (const auto* s : {&doc.title, &doc.doc_number, &doc.addressee, &doc.signer, &doc.date_text}) expect_text(*s);
    for (const std::string& p : doc.paragraphs) expect_text(p);

    // 禁则 on the extracted lines.
    std::istringstream tl(text.output);
    while (std::getline(tl, line)) {
        const std::u32string l = DecodeForLayout(StripSpaces(line));
        if (l.empty() || IsPageNumber(EncodeUtf8(l))) continue;
        EXPECT_FALSE(IsForbiddenLineStart(l.front())) << "line starts with a closing mark: " << line;
        EXPECT_FALSE(IsForbiddenLineEnd(l.back())) << "line ends with an opening mark: " << line;
    }

    // The boxes.
    const fs::path html = kOutputDir / (name + ".bbox.html");
    CommandResult bbox = RunCommand("pdftotext -enc UTF-8 -bbox-layout " + Quote(path) + " " + Quote(html));
    EXPECT_EQ(bbox.status, 0) << bbox.output;
    report.pages = ParseBbox(ReadFile(html));
    EXPECT_EQ(static_cast<int>(report.pages.size()), page_count);
    for (size_t p = 0; p < report.pages.size(); ++p) {
        const BoxPage& page = report.pages[p];
        SCOPED_TRACE(::testing::Message() << name << " page " << p + 1);
        EXPECT_NEAR(page.width, 595.276, 0.01);
        EXPECT_NEAR(page.height, 841.89, 0.01);
        int numbers = 0, body_rows = 0;
        for (const BoxLine& l : page.lines) {
            const std::string t = StripSpaces(l.text);
            if (IsPageNumber(t)) {
                ++numbers;
                EXPECT_EQ(t, "—" + std::to_string(p + 1) + "—");
                EXPECT_GT(l.y_min, (297 - 35) * kMm) << "page number not below the text box";
                EXPECT_LT(l.y_max, 297 * kMm);
                // 一字线 7 mm below the box: the top of the number's line box within 7 mm ± 2 mm.
                EXPECT_NEAR(l.y_min, (297 - 35 + 7) * kMm, 2 * kMm);
                if ((p + 1) % 2 == 1) {  // odd: 右空一字
                    EXPECT_NEAR(l.x_max, g::kBoxRight - g::kPageNumberSize, 1.5) << l.text;
                } else {  // even: 左空一字
                    EXPECT_NEAR(l.x_min, g::kBoxLeft + g::kPageNumberSize, 1.5) << l.text;
                }
                continue;
            }
            ++body_rows;
            EXPECT_GE(l.x_min, (28 - 1) * kMm) << t;
            EXPECT_LE(l.x_max, (210 - 26 + 1) * kMm) << t;
            EXPECT_GE(l.y_min, (37 - 1) * kMm) << t;
            EXPECT_LE(l.y_max, (297 - 35 + 1) * kMm) << t;
            // Never more than 28 full-width characters on a line.
            if (AllFullWidth(t)) {
                EXPECT_LE(CodePoints(t), 28u) << t;
            }
        }
        EXPECT_EQ(numbers, 1) << "one page number per page";
        EXPECT_LE(body_rows, g::kLinesPerPage);
    }
    // Page 1 as PNG for a person to look at.
    CommandResult png =
        RunCommand("pdftoppm -png -r 80 -f 1 -l 1 -singlefile " + Quote(path) + " " + Quote(kOutputDir / name));
    EXPECT_EQ(png.status, 0) << png.output;
    EXPECT_TRUE(fs::exists(kOutputDir / (name + ".png")));
    return report;
}

bool IsTitleLine(const BoxLine& l, const DocumentContent& doc) {
    return StripSpaces(doc.title).find(StripSpaces(l.text)) != std::string::npos;
}

const BoxLine* FindLine(const PdfReport& r, std::string_view text, size_t* page = nullptr) {
    const std::string want = StripSpaces(text);
    for (size_t p = 0; p < r.pages.size(); ++p)
        for (const BoxLine& l : r.pages[p].lines)
            if (StripSpaces(l.text) == want) {
                if (page != nullptr) *page = p;
                return &l;
            }
    return nullptr;
}

// Title centred; 文号 centred two grid lines below it; the date 右空四字 with the signer centred over it, two blank
// lines above the signer.
void CheckHeadAndSignature(const PdfReport& r, const DocumentContent& doc) {
    const double centre = g::kBoxLeft + g::kBoxWidth / 2;
    // The title may take several lines, each centred; it starts on the first line of page 1.
    ASSERT_FALSE(r.pages.empty() || r.pages[0].lines.empty());
    const BoxLine* title = nullptr;
    for (const BoxLine& l : r.pages[0].lines) {
        if (!IsTitleLine(l, doc)) break;
        EXPECT_NEAR((l.x_min + l.x_max) / 2, centre, 2.0) << l.text;
        title = &l;
    }
    ASSERT_NE(title, nullptr) << doc.title;
    EXPECT_NEAR(r.pages[0].lines[0].y_min, g::kBoxTop, 0.5 * g::kLinePitch);
    const BoxLine* number = FindLine(r, doc.doc_number);
    ASSERT_NE(number, nullptr) << doc.doc_number;
    EXPECT_NEAR((number->x_min + number->x_max) / 2, centre, 2.0);
    EXPECT_GT(number->y_min, title->y_max + g::kLinePitch * 0.8) << "a blank line between title and 文号";

    size_t date_page = 0, signer_page = 0;
    const BoxLine* date = FindLine(r, doc.date_text, &date_page);
    const BoxLine* signer = FindLine(r, doc.signer, &signer_page);
    ASSERT_NE(date, nullptr);
    ASSERT_NE(signer, nullptr);
    EXPECT_EQ(date_page, signer_page) << "signer and date on one page";
    EXPECT_NEAR(date->x_max, g::kBoxRight - 4 * g::kCharPitch, 1.5) << "date 右空四字";
    EXPECT_NEAR((signer->x_min + signer->x_max) / 2, (date->x_min + date->x_max) / 2, 1.5) << "signer centred";
    EXPECT_NEAR(date->y_min - signer->y_min, g::kLinePitch, 0.5);
    // Line boxes scale with the font size (pdftotext uses the font's ascent and descent): 2号 vs 3号.
    EXPECT_NEAR((title->y_max - title->y_min) / (date->y_max - date->y_min), g::kTitleSize / g::kBodySize, 0.02);
    // Two blank lines above the signer: the closest text above it is three grid lines up.
    double above = 0;
    for (const BoxLine& l : r.pages[signer_page].lines)
        if (l.y_min < signer->y_min - 1) above = std::max(above, l.y_min);
    if (above > 0) {
        EXPECT_NEAR(signer->y_min - above, 3 * g::kLinePitch, 0.5);
    }
}

// Body lines sit on the 22-line grid: the distance between any two 16 pt lines is a whole number of pitches.
void CheckGrid(const PdfReport& r, const DocumentContent& doc) {
    int checked = 0;
    for (const BoxPage& page : r.pages) {
        std::vector<double> tops;
        for (const BoxLine& l : page.lines)
            if (!IsPageNumber(StripSpaces(l.text)) && !IsTitleLine(l, doc)) tops.push_back(l.y_min);
        checked += static_cast<int>(tops.size());
        for (double t : tops) {
            const double rows = (t - tops.front()) / g::kLinePitch;
            EXPECT_NEAR(rows, std::round(rows), 0.02) << "off the line grid at y=" << t;
            const double row_in_box = (t - g::kBoxTop) / g::kLinePitch;
            EXPECT_LT(row_in_box, g::kLinesPerPage);
        }
    }
    EXPECT_GT(checked, 5);
}

// ---- PDF tests ----------------------------------------------------------------------------------------------------

TEST(RenderPdf, AcceptanceNoticeOnOnePage) {
    RequirePoppler();
    const DocumentContent doc = testing::AcceptanceNotice();
    PdfReport r = RenderAndCheck(doc, "acceptance_notice");
    ASSERT_EQ(r.pages.size(), 1u);
    CheckHeadAndSignature(r, doc);
    CheckGrid(r, doc);
    // The first body line starts two characters in; the 主送 line flush left.
    const BoxLine* addressee = FindLine(r, doc.addressee);
    ASSERT_NE(addressee, nullptr);
    EXPECT_NEAR(addressee->x_min, g::kBoxLeft, 1.0);
}

// Paragraphs that put closing and opening marks, and digit runs, at the end of lines on purpose.
DocumentContent KinsokuSample() {
    DocumentContent doc = testing::HandlingOpinion();
    doc.title = "关于信访事项复查意见书排版规则的测试文书（含标点禁则、数字串与跨页署名）";
    doc.paragraphs.clear();
    const std::string han = "信访事项受理告知本机关决定予以办结书面答复情况复杂经负责人批准可以适当延长期限";
    auto prefix = [&](size_t chars) { return EncodeUtf8(DecodeForLayout(han).substr(0, chars)); };
    // Line 1 of a paragraph holds 26 characters (indent 2), the following lines 28.
    for (const char* mark : {"。", "，", "、", "；", "：", "？", "！", "）", "》", "」", "』", "】", "〕", "”", "……",
                             "——", "。」", "）。"})
        doc.paragraphs.push_back(prefix(26) + mark + "其后文字继续" + prefix(30) + mark + "完。");
    for (const char* mark : {"（", "《", "“", "〔", "【"})
        doc.paragraphs.push_back(prefix(25) + mark + "括号内容" + (std::string(mark) == "（" ? "）" : "") + "结束。");
    doc.paragraphs.push_back(prefix(22) + "信访件编号450102-2026-000015已登记。");
    doc.paragraphs.push_back(prefix(24) + "于2026年12月2日作出。");
    doc.paragraphs.push_back(
        "我们始终坚持以人民为中心的发展思想把群众合理诉求解决好把群众工作做实做细做到位切实维护群众合法权"
        "益努力把矛盾纠纷化解在基层化解在萌芽状态让人民群众感受到公平正义");
    return doc;
}

TEST(RenderPdf, HandlingOpinionSpansTwoPages) {
    RequirePoppler();
    const DocumentContent doc = testing::HandlingOpinion();
    PdfReport r = RenderAndCheck(doc, "handling_opinion");
    EXPECT_EQ(r.pages.size(), 2u);
    CheckHeadAndSignature(r, doc);
    CheckGrid(r, doc);
}

TEST(RenderPdf, KinsokuAndGridOnAManyPageDocument) {
    RequirePoppler();
    const DocumentContent doc = KinsokuSample();
    PdfReport r = RenderAndCheck(doc, "kinsoku_sample");
    ASSERT_GE(r.pages.size(), 3u);
    CheckGrid(r, doc);
    // Full body lines (the text box's width, only full-width characters): 28 characters, or 27 after 推出.
    int full = 0, exactly_28 = 0;
    for (const BoxPage& page : r.pages) {
        for (const BoxLine& l : page.lines) {
            const std::string t = StripSpaces(l.text);
            if (!AllFullWidth(t) || l.x_max - l.x_min < g::kBoxWidth - 2 || IsTitleLine(l, doc)) continue;
            ++full;
            EXPECT_GE(CodePoints(t), 26u) << t;
            EXPECT_LE(CodePoints(t), 28u) << t;
            exactly_28 += CodePoints(t) == 28;
            EXPECT_NEAR(l.x_min, g::kBoxLeft, 1.0) << t;
            EXPECT_NEAR(l.x_max, g::kBoxRight, 1.0) << t;
        }
    }
    EXPECT_GE(full, 10);
    EXPECT_GE(exactly_28, 5);
    // The last paragraph has no punctuation: its second line is exactly 28 characters.
    const std::u32string last = DecodeForLayout(doc.paragraphs.back());
    EXPECT_NE(FindLine(r, EncodeUtf8(last.substr(26, 28))), nullptr) << "line 2 of the unpunctuated paragraph";
    // The digit runs are whole on one line.
    EXPECT_NE(r.text.find("450102-2026-000015"), std::string::npos);
    EXPECT_NE(r.text.find("2026"), std::string::npos);
    CheckHeadAndSignature(r, doc);
}

TEST(RenderPdf, SignatureMovesToTheNextPageWithItsDate) {
    RequirePoppler();
    // Fill page 1 so that only one line is left: the blank lines, signer and date cannot fit.
    DocumentContent doc = testing::AcceptanceNotice();
    doc.paragraphs.clear();
    // Rows: title 1, blank, 文号, blank, 主送 = 5; 16 one-line paragraphs leave row 22 free.
    for (int i = 0; i < 16; ++i) doc.paragraphs.push_back("第" + std::to_string(i + 1) + "项：已办结。");
    PdfReport r = RenderAndCheck(doc, "signature_next_page");
    ASSERT_EQ(r.pages.size(), 2u);
    size_t date_page = 9, signer_page = 9;
    ASSERT_NE(FindLine(r, doc.date_text, &date_page), nullptr);
    ASSERT_NE(FindLine(r, doc.signer, &signer_page), nullptr);
    EXPECT_EQ(date_page, 1u);
    EXPECT_EQ(signer_page, 1u);
}

TEST(RenderPdf, SameInputGivesIdenticalBytes) {
    const DocumentContent doc = testing::HandlingOpinion();
    auto a = RenderPdf(doc, Options());
    auto b = RenderPdf(doc, Options());
    ASSERT_TRUE(a && b);
    EXPECT_EQ(*a, *b);
    RenderOptions later = Options();
    later.created_at += std::chrono::hours(24);
    auto c = RenderPdf(doc, later);
    ASSERT_TRUE(c);
    EXPECT_NE(*a, *c) << "created_at is in the metadata";
}

TEST(RenderPdf, TwoThreadsRenderAtOnce) {
    RequirePoppler();
    const DocumentContent notice = testing::AcceptanceNotice();
    const DocumentContent opinion = testing::HandlingOpinion();
    const auto expected_notice = RenderPdf(notice, Options());
    const auto expected_opinion = RenderPdf(opinion, Options());
    ASSERT_TRUE(expected_notice && expected_opinion);
    std::array<std::vector<std::string>, 2> out;
    std::array<std::thread, 2> threads;
    for (int t = 0; t < 2; ++t) {
        threads[t] = std::thread([&, t] {
            for (int i = 0; i < 5; ++i) {
                auto pdf = RenderPdf(i % 2 == t ? notice : opinion, Options());
                out[t].push_back(pdf ? *pdf : std::string());
            }
        });
    }
    for (auto& th : threads) th.join();
    for (int t = 0; t < 2; ++t) {
        for (int i = 0; i < 5; ++i) {
            const std::string& pdf = out[t][i];
            EXPECT_EQ(pdf, i % 2 == t ? *expected_notice : *expected_opinion) << "thread " << t << " #" << i;
            const fs::path path = kOutputDir / ("thread_" + std::to_string(t) + "_" + std::to_string(i) + ".pdf");
            WriteFile(path, pdf);
            CommandResult info = RunCommand("pdfinfo " + Quote(path));
            EXPECT_EQ(info.status, 0) << info.output;
            fs::remove(path);
        }
    }
}

TEST(RenderPdf, InvalidUtf8AndEmptyPartsAreSafe) {
    RequirePoppler();
    DocumentContent doc;
    doc.title = "测试\xFF\xFE标题";
    doc.paragraphs = {"", "段落\xE4\xBF中断\x01控制字符\n换行", std::string(300, 'x')};
    auto pdf = RenderPdf(doc, Options());
    ASSERT_TRUE(pdf) << pdf.error().message;
    const fs::path path = kOutputDir / "invalid_utf8.pdf";
    WriteFile(path, *pdf);
    CommandResult text = RunCommand("pdftotext -enc UTF-8 " + Quote(path) + " -");
    EXPECT_EQ(text.status, 0);
    EXPECT_NE(StripSpaces(text.output).find("段落\uFFFD中断控制字符换行"), std::string::npos) << text.output;
    EXPECT_TRUE(RenderPdf(DocumentContent{}, Options()).has_value());
}

// ---- fonts ---------------------------------------------------------------------------------------------------------

TEST(RenderFonts, DefaultsAreInstalled) { EXPECT_TRUE(CheckFonts(FontMap{}).has_value()); }

TEST(RenderFonts, MissingFamilyNamesTheRole) {
    FontMap fonts;
    fonts.body = "仿宋_GB2312_Not_Installed";
    auto s = CheckFonts(fonts);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(s.error().field, "fonts.body");
    EXPECT_NE(s.error().message.find("仿宋_GB2312_Not_Installed"), std::string::npos);
    auto pdf = RenderPdf(testing::AcceptanceNotice(), RenderOptions{.fonts = fonts, .created_at = kCreated});
    ASSERT_FALSE(pdf);
    EXPECT_EQ(pdf.error().field, "fonts.body");
}

TEST(RenderFonts, DefaultsHaveChineseCharacters) { EXPECT_TRUE(CheckFontsHaveCjk(FontMap{}).has_value()); }

TEST(RenderFonts, ALatinOnlyFamilyIsNamed) {
    FontMap fonts;
    fonts.page_number = "DejaVu Sans Mono";  // fontconfig's usual companion (fonts-dejavu-core): no Chinese
    ASSERT_TRUE(CheckFonts(fonts)) << "DejaVu Sans Mono is not installed (fonts-dejavu-core, scripts/deps.sh)";
    auto s = CheckFontsHaveCjk(fonts);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(s.error().field, "fonts.page_number");
}

TEST(RenderFonts, SpecsParse) {
    auto bold = ParseFontSpec("Noto Serif CJK SC:Bold", "fonts.title");
    ASSERT_TRUE(bold);
    EXPECT_EQ(bold->family, "Noto Serif CJK SC");
    EXPECT_EQ(bold->weight, 700);
    auto plain = ParseFontSpec(" 方正小标宋简体 ", "fonts.title");
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->family, "方正小标宋简体");
    EXPECT_EQ(plain->weight, 400);
    EXPECT_TRUE(ParseFontSpec("noto serif cjk sc:bold", "x"));
    auto bad = ParseFontSpec("Noto Serif CJK SC:Heavyish", "fonts.title");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(bad.error().field, "fonts.title");
    EXPECT_FALSE(ParseFontSpec(":Bold", "fonts.title"));
    FontMap lower;
    lower.body = "noto serif cjk sc";  // fontconfig compares families without case
    EXPECT_TRUE(CheckFonts(lower).has_value());
}

// ---- .docx ---------------------------------------------------------------------------------------------------------

struct XmlCheck {
    bool well_formed = false;
    std::string error;
    std::string text;  // character data of every w:t
};

XmlCheck ParseXml(const std::string& xml) {
    struct State {
        int in_t = 0;
        std::string text;
    } state;
    XML_Parser p = XML_ParserCreate("UTF-8");
    XML_SetUserData(p, &state);
    XML_SetElementHandler(
        p,
        [](void* ud, const XML_Char* name, const XML_Char**) {
            if (std::string_view(name) == "w:t") static_cast<State*>(ud)->in_t++;
        },
        [](void* ud, const XML_Char* name) {
            if (std::string_view(name) == "w:t") {
                auto* s = static_cast<State*>(ud);
                s->in_t--;
                s->text += '\n';
            }
        });
    XML_SetCharacterDataHandler(p, [](void* ud, const XML_Char* s, int len) {
        auto* st = static_cast<State*>(ud);
        if (st->in_t > 0) st->text.append(s, static_cast<size_t>(len));
    });
    XmlCheck r;
    r.well_formed = XML_Parse(p, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
    if (!r.well_formed) r.error = XML_ErrorString(XML_GetErrorCode(p));
    r.text = std::move(state.text);
    XML_ParserFree(p);
    return r;
}

std::map<std::string, std::string> Unzip(const fs::path& path) {
    std::map<std::string, std::string> entries;
    unzFile zf = unzOpen64(path.c_str());
    if (zf == nullptr) return entries;
    for (int rc = unzGoToFirstFile(zf); rc == UNZ_OK; rc = unzGoToNextFile(zf)) {
        std::array<char, 512> name{};
        unz_file_info64 info{};
        if (unzGetCurrentFileInfo64(zf, &info, name.data(), name.size(), nullptr, 0, nullptr, 0) != UNZ_OK) break;
        std::string data(info.uncompressed_size, '\0');
        if (unzOpenCurrentFile(zf) != UNZ_OK) break;
        int n = unzReadCurrentFile(zf, data.data(), static_cast<unsigned>(data.size()));
        // unzCloseCurrentFile checks the CRC.
        if (n != static_cast<int>(data.size()) || unzCloseCurrentFile(zf) != UNZ_OK) data = "<crc or read error>";
        entries[name.data()] = std::move(data);
    }
    unzClose(zf);
    return entries;
}

TEST(RenderDocx, PackageOpensAndHoldsTheText) {
    DocumentContent doc = testing::HandlingOpinion();
    doc.paragraphs.push_back("特殊字符 <b>&\"引号\"'单引号' 须转义。");
    auto docx = RenderDocx(doc, Options());
    ASSERT_TRUE(docx) << docx.error().message;
    const fs::path path = kOutputDir / "handling_opinion.docx";
    WriteFile(path, *docx);

    auto entries = Unzip(path);
    for (const char* part :
         {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/settings.xml",
          "word/_rels/document.xml.rels", "word/footer1.xml", "word/footer2.xml", "docProps/core.xml"}) {
        ASSERT_TRUE(entries.contains(part)) << part;
        XmlCheck x = ParseXml(entries[part]);
        EXPECT_TRUE(x.well_formed) << part << ": " << x.error;
    }
    const std::string& xml = entries["word/document.xml"];
    const XmlCheck parsed = ParseXml(xml);
    for (const std::string* s : {&doc.title, &doc.doc_number, &doc.addressee, &doc.signer, &doc.date_text})
        EXPECT_NE(parsed.text.find(*s + "\n"), std::string::npos) << *s;
    for (const std::string& p : doc.paragraphs) EXPECT_NE(parsed.text.find(p + "\n"), std::string::npos) << p;

    // Page set-up in twips, fonts, sizes in half-points, exact lines, indents.
    for (const char* want :
         {"<w:pgSz w:w=\"11906\" w:h=\"16838\"/>", "w:top=\"2098\"", "w:left=\"1588\"", "w:right=\"1474\"",
          "w:bottom=\"1984\"", "w:eastAsia=\"Noto Serif CJK SC\"", "<w:sz w:val=\"44\"/>", "<w:sz w:val=\"32\"/>",
          "w:firstLineChars=\"200\"", "w:linePitch=\"579\"", "w:rightChars=\"400\"", "<w:jc w:val=\"right\"/>",
          "<w:jc w:val=\"center\"/>", "w:type=\"even\""})
        EXPECT_NE(xml.find(want), std::string::npos) << want;
    EXPECT_NE(entries["word/styles.xml"].find("w:line=\"579\" w:lineRule=\"exact\""), std::string::npos);
    EXPECT_NE(entries["word/footer1.xml"].find(" PAGE "), std::string::npos);
    EXPECT_NE(entries["word/footer2.xml"].find("<w:jc w:val=\"left\"/>"), std::string::npos);
    EXPECT_NE(entries["word/settings.xml"].find("<w:evenAndOddHeaders/>"), std::string::npos);
    EXPECT_NE(entries["docProps/core.xml"].find("2026-12-02T09:00:00+08:00"), std::string::npos);

    // Same input, same bytes (zip entry times come from created_at).
    EXPECT_EQ(*docx, *RenderDocx(doc, Options()));
    // `unzip -t` agrees when it is installed (it is not a declared dependency).
    if (RunCommand("command -v unzip").status == 0) {
        CommandResult t = RunCommand("unzip -t " + Quote(path));
        EXPECT_EQ(t.status, 0) << t.output;
    }
}

TEST(RenderDocx, InvalidTextStaysWellFormed) {
    DocumentContent doc;
    doc.title = "坏\xFF字节\x01与控制字符";
    doc.paragraphs = {"]]> <![CDATA[ &amp; \xC0\xAF"};
    FontMap fonts;
    fonts.body = "Font \"A\" & <B>";
    auto docx = RenderDocx(doc, RenderOptions{.fonts = fonts, .created_at = kCreated});
    ASSERT_TRUE(docx);
    const fs::path path = kOutputDir / "invalid_text.docx";
    WriteFile(path, *docx);
    auto entries = Unzip(path);
    for (const auto& [name, content] : entries) EXPECT_TRUE(ParseXml(content).well_formed) << name;
    XmlCheck x = ParseXml(entries["word/document.xml"]);
    EXPECT_NE(x.text.find("坏\uFFFD字节 与控制字符"), std::string::npos) << x.text;
    EXPECT_NE(x.text.find("]]> <![CDATA[ &amp; \uFFFD\uFFFD"), std::string::npos) << x.text;
}

}  // namespace
}  // namespace xf::render
