// PDF output. Pango only itemizes and shapes (font choice, fallback, glyphs and advances); line breaking and glyph
// placement are ours, because GB/T 9704 wants a character grid (28 × 22) that Pango's own layout cannot express:
// every full-width character sits in a 156/28 mm cell and justified lines spread their slack over the gaps.
// Glyphs go to Cairo with their text (cairo_show_text_glyphs), so the PDF keeps a correct ToUnicode map.
//
// Determinism: the same input gives byte-identical PDFs. Cairo 1.16 writes no /ID and no timestamps of its own when
// CreationDate/ModDate are set, names font subsets by a hash of their glyphs, and numbers objects in drawing order;
// the test renders twice (and in two threads) and compares the bytes.
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "base/date.hpp"
#include "render/linebreak.hpp"
#include "render/page_geometry.hpp"
#include "render/render.hpp"

namespace xf::render {
namespace {

namespace g = geometry;

struct GObjectUnref {
    void operator()(gpointer p) const { g_object_unref(p); }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct FontDescFree {
    void operator()(PangoFontDescription* d) const { pango_font_description_free(d); }
};
using FontDescPtr = std::unique_ptr<PangoFontDescription, FontDescFree>;

// Pango font maps and contexts are not thread-safe; each rendering thread keeps its own for its lifetime (the
// fonts it loaded stay cached for the next document).
//
// Glyphs are drawn with FreeType faces of the thread's own, not with the faces Pango hands to Cairo: Cairo keeps one
// face per font file for the whole process and holds its lock while it copies font tables, and for a CID-keyed CFF
// font such as Noto Serif CJK (a 23 MB 'CFF ' table, copied twice per font and document by Cairo 1.16's subsetter)
// threads sharing that face take turns. The own face is opened from the same file and index, so Pango's glyph ids
// and advances hold.
class ThreadPango {
  public:
    ThreadPango() : map_(pango_cairo_font_map_new()), context_(pango_font_map_create_context(map_.get())) {
        pango_cairo_context_set_resolution(context_.get(), 72);  // 1 Pango point = 1 PDF point
        cairo_font_options_t* options = cairo_font_options_create();
        // Unhinted metrics: advances must be the font's, not rounded to device pixels, or the grid drifts.
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
        pango_cairo_context_set_font_options(context_.get(), options);
        cairo_font_options_destroy(options);
        pango_context_set_round_glyph_positions(context_.get(), FALSE);
        // Simplified Chinese glyph forms (punctuation centred or at the corner) wherever a font has variants.
        pango_context_set_language(context_.get(), pango_language_from_string("zh-cn"));
    }
    ~ThreadPango() {
        for (auto& [key, font] : scaled_) cairo_scaled_font_destroy(font);
        for (auto& [key, face] : faces_) cairo_font_face_destroy(face);
    }
    ThreadPango(const ThreadPango&) = delete;
    ThreadPango& operator=(const ThreadPango&) = delete;

    PangoContext* context() const { return context_.get(); }

    // The Cairo font to draw `font`'s glyphs with (owned by this object).
    cairo_scaled_font_t* ScaledFont(PangoFont* font) {
        cairo_scaled_font_t* pango_scaled = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
        if (!PANGO_IS_FC_FONT(font) || pango_scaled == nullptr) return pango_scaled;
        FcPattern* pattern = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
        FcChar8* file = nullptr;
        int index = 0;
        FcBool embolden = FcFalse;
        if (pattern == nullptr || FcPatternGetString(pattern, FC_FILE, 0, &file) != FcResultMatch) return pango_scaled;
        FcPatternGetInteger(pattern, FC_INDEX, 0, &index);
        FcPatternGetBool(pattern, FC_EMBOLDEN, 0, &embolden);
        cairo_font_face_t* face = Face(reinterpret_cast<const char*>(file), index, embolden == FcTrue);
        if (face == nullptr) return pango_scaled;

        cairo_matrix_t matrix, ctm;
        cairo_scaled_font_get_font_matrix(pango_scaled, &matrix);
        cairo_scaled_font_get_ctm(pango_scaled, &ctm);
        const ScaledKey key{face, matrix.xx, matrix.yx, matrix.xy, matrix.yy};
        if (auto it = scaled_.find(key); it != scaled_.end()) return it->second;
        cairo_font_options_t* options = cairo_font_options_create();
        cairo_scaled_font_get_font_options(pango_scaled, options);
        cairo_scaled_font_t* own = cairo_scaled_font_create(face, &matrix, &ctm, options);
        cairo_font_options_destroy(options);
        if (cairo_scaled_font_status(own) != CAIRO_STATUS_SUCCESS) {
            cairo_scaled_font_destroy(own);
            return pango_scaled;
        }
        scaled_.emplace(key, own);
        return own;
    }

    static ThreadPango& Get() {
        thread_local ThreadPango instance;
        return instance;
    }

  private:
    // A FreeType library per face: Cairo may release a face from whichever thread drops the last reference, and a
    // face must be freed under its own library.
    struct OwnFace {
        FT_Library library = nullptr;
        FT_Face face = nullptr;
        ~OwnFace() {
            if (face != nullptr) FT_Done_Face(face);
            if (library != nullptr) FT_Done_FreeType(library);
        }
    };

    cairo_font_face_t* Face(const std::string& file, int index, bool embolden) {
        const auto key = std::make_tuple(file, index, embolden);
        if (auto it = faces_.find(key); it != faces_.end()) return it->second;
        auto own = std::make_unique<OwnFace>();
        if (FT_Init_FreeType(&own->library) != 0 || FT_New_Face(own->library, file.c_str(), index, &own->face) != 0)
            return nullptr;
        cairo_font_face_t* face = cairo_ft_font_face_create_for_ft_face(own->face, 0);
        static const cairo_user_data_key_t kOwnFaceKey{};
        if (cairo_font_face_set_user_data(face, &kOwnFaceKey, own.get(),
                                          [](void* p) { delete static_cast<OwnFace*>(p); }) != CAIRO_STATUS_SUCCESS) {
            cairo_font_face_destroy(face);
            return nullptr;
        }
        own.release();  // now Cairo's
        if (embolden) cairo_ft_font_face_set_synthesize(face, CAIRO_FT_SYNTHESIZE_BOLD);
        faces_.emplace(key, face);
        return face;
    }

    using ScaledKey = std::tuple<cairo_font_face_t*, double, double, double, double>;

    GPtr<PangoFontMap> map_;
    GPtr<PangoContext> context_;
    std::map<std::tuple<std::string, int, bool>, cairo_font_face_t*> faces_;
    std::map<ScaledKey, cairo_scaled_font_t*> scaled_;
};

struct PlacedGlyph {
    PangoGlyph index;
    double dx;  // from the cluster's origin
    double dy;
};

struct Cluster {
    size_t unit = 0;  // first code point
    size_t byte_begin = 0, byte_end = 0;
    PangoFont* font = nullptr;  // owned by the Shaped text's layout
    size_t glyph_begin = 0, glyph_end = 0;
    double advance = 0;
};

// One block of text (a paragraph, a title) shaped once: per code point an advance for the line breaker, per
// cluster the glyphs to draw.
struct Shaped {
    std::u32string text;
    std::string utf8;
    std::vector<double> advances;   // per code point; 0 for the non-first code points of a cluster
    std::vector<int> cluster_at;    // per code point: the cluster it starts, or -1
    std::vector<Cluster> clusters;  // in text order
    std::vector<PlacedGlyph> glyphs;
    GPtr<PangoLayout> layout;  // keeps the fonts alive
    double size = 0;

    double Width(LineRange r) const {
        double w = 0;
        for (size_t k = r.begin; k < r.end; ++k) w += advances[k];
        return w;
    }
};

FontDescPtr MakeFontDescription(const FontSpec& spec, double size) {
    FontDescPtr d(pango_font_description_new());
    pango_font_description_set_family(d.get(), spec.family.c_str());
    pango_font_description_set_weight(d.get(), static_cast<PangoWeight>(spec.weight));
    pango_font_description_set_absolute_size(d.get(), size * PANGO_SCALE);
    return d;
}

// `letter_spacing` is added to every cluster's advance (negative for the 28-per-line grid).
std::unique_ptr<Shaped> Shape(std::string_view utf8, const PangoFontDescription* font, double size,
                              double letter_spacing) {
    auto s = std::make_unique<Shaped>();
    s->size = size;
    s->text = DecodeForLayout(utf8);
    s->utf8 = EncodeUtf8(s->text);
    const size_t n = s->text.size();
    s->advances.assign(n, 0);
    s->cluster_at.assign(n, -1);
    std::vector<int> unit_at_byte(s->utf8.size() + 1, -1);
    for (size_t k = 0, b = 0; k < n; ++k) {
        unit_at_byte[b] = static_cast<int>(k);
        const char32_t cp = s->text[k];
        b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;  // DecodeForLayout yields only valid scalars
    }
    unit_at_byte[s->utf8.size()] = static_cast<int>(n);
    if (n == 0) return s;

    s->layout.reset(pango_layout_new(ThreadPango::Get().context()));
    pango_layout_set_font_description(s->layout.get(), font);
    pango_layout_set_text(s->layout.get(), s->utf8.data(), static_cast<int>(s->utf8.size()));
    // No width: Pango lays the whole block out as one line (control characters were replaced by spaces).
    PangoLayoutLine* line = pango_layout_get_line_readonly(s->layout.get(), 0);

    struct Raw {
        size_t byte;
        PangoFont* font;
        int origin;  // pen position (Pango units) of the cluster's first glyph in visual order
        int advance;
        std::vector<PlacedGlyph> glyphs;
    };
    std::vector<Raw> raw;
    std::vector<int> raw_at_byte(s->utf8.size(), -1);
    for (GSList* l = line ? line->runs : nullptr; l != nullptr; l = l->next) {
        auto* run = static_cast<PangoGlyphItem*>(l->data);
        PangoGlyphString* gs = run->glyphs;
        int pen = 0;
        for (int i = 0; i < gs->num_glyphs; ++i) {
            const PangoGlyphInfo& gi = gs->glyphs[i];
            size_t byte = static_cast<size_t>(run->item->offset + gs->log_clusters[i]);
            if (byte >= s->utf8.size()) continue;
            int& idx = raw_at_byte[byte];
            if (idx < 0) {
                idx = static_cast<int>(raw.size());
                raw.push_back({byte, run->item->analysis.font, pen, 0, {}});
            }
            Raw& r = raw[static_cast<size_t>(idx)];
            r.glyphs.push_back({gi.glyph, static_cast<double>(pen - r.origin + gi.geometry.x_offset) / PANGO_SCALE,
                                static_cast<double>(gi.geometry.y_offset) / PANGO_SCALE});
            r.advance += gi.geometry.width;
            pen += gi.geometry.width;
        }
    }
    std::sort(raw.begin(), raw.end(), [](const Raw& a, const Raw& b) { return a.byte < b.byte; });
    for (size_t c = 0; c < raw.size(); ++c) {
        int unit = unit_at_byte[raw[c].byte];
        if (unit < 0) continue;  // Pango reported a cluster inside a code point: cannot happen with valid UTF-8
        Cluster cl;
        cl.unit = static_cast<size_t>(unit);
        cl.byte_begin = raw[c].byte;
        cl.byte_end = c + 1 < raw.size() ? raw[c + 1].byte : s->utf8.size();
        cl.font = raw[c].font;
        cl.glyph_begin = s->glyphs.size();
        s->glyphs.insert(s->glyphs.end(), raw[c].glyphs.begin(), raw[c].glyphs.end());
        cl.glyph_end = s->glyphs.size();
        cl.advance = static_cast<double>(raw[c].advance) / PANGO_SCALE;
        s->cluster_at[cl.unit] = static_cast<int>(s->clusters.size());
        s->advances[cl.unit] = cl.advance > 0 ? cl.advance + letter_spacing : 0;
        s->clusters.push_back(cl);
    }
    return s;
}

// One line of a shaped block, positioned on the page.
struct PlacedLine {
    const Shaped* shaped = nullptr;
    LineRange range;
    double x = 0;      // left edge
    double width = 0;  // justified to this width unless range.last
    int row = 0;       // grid line counted from the first page's first line
};

void DrawLine(cairo_t* cr, const PlacedLine& pl, double baseline) {
    const Shaped& s = *pl.shaped;
    const std::vector<double> xs = PlaceLine(s.text, s.advances, pl.range, pl.width);
    std::vector<cairo_glyph_t> glyphs;
    std::vector<cairo_text_cluster_t> clusters;
    PangoFont* font = nullptr;
    size_t first_byte = 0, last_byte = 0;
    auto flush = [&] {
        if (font != nullptr && !clusters.empty()) {
            cairo_set_scaled_font(cr, ThreadPango::Get().ScaledFont(font));
            cairo_show_text_glyphs(cr, s.utf8.data() + first_byte, static_cast<int>(last_byte - first_byte),
                                   glyphs.data(), static_cast<int>(glyphs.size()), clusters.data(),
                                   static_cast<int>(clusters.size()), cairo_text_cluster_flags_t{});
        }
        glyphs.clear();
        clusters.clear();
    };
    for (size_t k = pl.range.begin; k < pl.range.end; ++k) {
        const int ci = s.cluster_at[k];
        if (ci < 0) continue;
        const Cluster& c = s.clusters[static_cast<size_t>(ci)];
        if (c.font != font || clusters.empty()) {
            flush();
            font = c.font;
            first_byte = c.byte_begin;
        }
        const double x = pl.x + xs[k - pl.range.begin];
        int drawn = 0;
        for (size_t gi = c.glyph_begin; gi < c.glyph_end; ++gi) {
            const PlacedGlyph& pg = s.glyphs[gi];
            // Empty glyphs (spaces of zero width, default ignorables) and missing ones (no font has them) are
            // not drawn; the text stays in the cluster map.
            if (pg.index == PANGO_GLYPH_EMPTY || (pg.index & PANGO_GLYPH_UNKNOWN_FLAG) != 0) continue;
            glyphs.push_back({pg.index, x + pg.dx, baseline + pg.dy});
            ++drawn;
        }
        clusters.push_back({static_cast<int>(c.byte_end - c.byte_begin), drawn});
        last_byte = c.byte_end;
    }
    flush();
}

double Baseline(int row, double size) {
    const int r = row % g::kLinesPerPage;
    return g::kBoxTop + r * g::kLinePitch + (g::kLinePitch - size) / 2 + g::kEmAscent * size;
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// The layout of a whole document: shaped blocks and their lines on the grid.
class DocumentLayout {
  public:
    DocumentLayout(FontDescPtr title, FontDescPtr body) : title_(std::move(title)), body_(std::move(body)) {}

    void Build(const DocumentContent& doc) {
        AddCentred(*Keep(Shape(doc.title, title_.get(), g::kTitleSize, 0)));
        if (!doc.doc_number.empty()) {
            ++row_;
            AddCentred(*Keep(BodyText(doc.doc_number)));
        }
        ++row_;
        if (!doc.addressee.empty()) AddJustified(*Keep(BodyText(doc.addressee)), 0);
        for (const std::string& p : doc.paragraphs) AddJustified(*Keep(BodyText(p)), 2 * g::kCharPitch);
        AddSignature(doc.signer, doc.date_text);
    }

    const std::vector<PlacedLine>& lines() const { return lines_; }
    int pages() const { return row_ == 0 ? 1 : (row_ - 1) / g::kLinesPerPage + 1; }

  private:
    const Shaped* Keep(std::unique_ptr<Shaped> s) {
        blocks_.push_back(std::move(s));
        return blocks_.back().get();
    }
    std::unique_ptr<Shaped> BodyText(std::string_view text) {
        return Shape(text, body_.get(), g::kBodySize, g::kCharPitch - g::kBodySize);
    }

    void AddCentred(const Shaped& s) {
        for (LineRange r : BreakLines(s.text, s.advances, g::kBoxWidth)) {
            const double w = s.Width(r);
            r.last = true;  // centred, not justified
            lines_.push_back({&s, r, g::kBoxLeft + std::max(0.0, (g::kBoxWidth - w) / 2), w, row_++});
        }
    }

    void AddJustified(const Shaped& s, double indent) {
        bool first = true;
        for (LineRange r : BreakLines(s.text, s.advances, g::kBoxWidth, indent)) {
            const double x = g::kBoxLeft + (first ? indent : 0);
            lines_.push_back({&s, r, x, g::kBoxRight - x, row_++});
            first = false;
        }
    }

    // 发文机关署名 centred over 成文日期, the date 右空四字, after two blank lines left for the seal; both on one page.
    void AddSignature(std::string_view signer, std::string_view date) {
        const double date_right = g::kBoxRight - 4 * g::kCharPitch;
        std::vector<PlacedLine> block;
        int rows = 2;
        double centre = 0;
        if (!date.empty()) {
            const Shaped& d = *Keep(BodyText(date));
            auto ranges = BreakLines(d.text, d.advances, date_right - g::kBoxLeft);
            centre = date_right - d.Width(ranges.front()) / 2;
            for (LineRange r : ranges) {
                r.last = true;
                const double w = d.Width(r);
                block.push_back({&d, r, date_right - w, w, 0});
            }
        }
        std::vector<PlacedLine> signer_lines;
        if (!signer.empty()) {
            const Shaped& sg = *Keep(BodyText(signer));
            for (LineRange r : BreakLines(sg.text, sg.advances, g::kBoxWidth)) {
                r.last = true;
                const double w = sg.Width(r);
                const double c = date.empty() ? date_right - w / 2 : centre;
                const double x = std::clamp(c - w / 2, g::kBoxLeft, std::max(g::kBoxLeft, g::kBoxRight - w));
                signer_lines.push_back({&sg, r, x, w, 0});
            }
        }
        block.insert(block.begin(), signer_lines.begin(), signer_lines.end());
        if (block.empty()) return;
        rows += static_cast<int>(block.size());
        const int used = row_ % g::kLinesPerPage;
        if (used != 0 && used + rows > g::kLinesPerPage) row_ += g::kLinesPerPage - used;  // next page
        row_ += 2;
        for (PlacedLine& pl : block) {
            pl.row = row_++;
            lines_.push_back(pl);
        }
    }

    FontDescPtr title_, body_;
    std::vector<std::unique_ptr<Shaped>> blocks_;
    std::vector<PlacedLine> lines_;
    int row_ = 0;
};

struct SurfaceDestroy {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDestroy {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};

}  // namespace

Result<std::string> RenderPdf(const DocumentContent& doc, const RenderOptions& opt) {
    XF_TRY(CheckFonts(opt.fonts));
    XF_ASSIGN_OR_RETURN(FontSpec title_font, ParseFontSpec(opt.fonts.title, "fonts.title"));
    XF_ASSIGN_OR_RETURN(FontSpec body_font, ParseFontSpec(opt.fonts.body, "fonts.body"));
    XF_ASSIGN_OR_RETURN(FontSpec number_font, ParseFontSpec(opt.fonts.page_number, "fonts.page_number"));

    DocumentLayout layout(MakeFontDescription(title_font, g::kTitleSize), MakeFontDescription(body_font, g::kBodySize));
    layout.Build(doc);
    FontDescPtr number_desc = MakeFontDescription(number_font, g::kPageNumberSize);

    std::string out;
    std::unique_ptr<cairo_surface_t, SurfaceDestroy> surface(
        cairo_pdf_surface_create_for_stream(AppendToString, &out, g::kPageWidth, g::kPageHeight));
    const std::string title = EncodeUtf8(DecodeForLayout(doc.title));
    const std::string created = FormatInstant(opt.created_at);  // China time with +08:00
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "xinfang");
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, created.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_MOD_DATE, created.c_str());
    {
        std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
        cairo_set_source_rgb(cr.get(), 0, 0, 0);
        const auto& lines = layout.lines();
        size_t next = 0;
        for (int page = 0; page < layout.pages(); ++page) {
            for (; next < lines.size() && lines[next].row / g::kLinesPerPage == page; ++next)
                DrawLine(cr.get(), lines[next], Baseline(lines[next].row, lines[next].shaped->size));

            // 页码: "— n —" in half-width digits, 一字线 7 mm below the text box; odd pages 右空一字, even 左空一字.
            const int number = page + 1;
            auto shaped = Shape(fmt::format("— {} —", number), number_desc.get(), g::kPageNumberSize, 0);
            LineRange all{0, shaped->text.size(), true};
            const double w = shaped->Width(all);
            const double x = number % 2 == 1 ? g::kBoxRight - g::kPageNumberSize - w : g::kBoxLeft + g::kPageNumberSize;
            DrawLine(cr.get(), {shaped.get(), all, x, w, 0},
                     g::kBoxBottom + g::kPageNumberGap + g::kEmAscent * g::kPageNumberSize);
            cairo_show_page(cr.get());
        }
        if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
            return Fail(
                Error::Internal(fmt::format("PDF 生成失败：{}", cairo_status_to_string(cairo_status(cr.get())))));
    }
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        return Fail(Error::Internal(
            fmt::format("PDF 生成失败：{}", cairo_status_to_string(cairo_surface_status(surface.get())))));
    surface.reset();
    return out;
}

}  // namespace xf::render
