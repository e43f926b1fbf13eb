// FontMap entries: parsing and the start-up check against fontconfig. Pango would quietly substitute any font for a
// family that is not installed, so a missing 仿宋_GB2312 must be caught here, by name, before documents are issued.
#include <fmt/format.h>
#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "base/text.hpp"
#include "render/render.hpp"

namespace xf::render {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

constexpr std::array<std::pair<std::string_view, int>, 7> kWeights{{
    {"Light", 300},
    {"Regular", 400},
    {"Medium", 500},
    {"SemiBold", 600},
    {"Bold", 700},
    {"ExtraBold", 800},
    {"Black", 900},
}};

Status CheckFamily(std::string_view field, const FontSpec& spec) {
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>(spec.family.c_str()));
    FcObjectSet* objects = FcObjectSetBuild(FC_FAMILY, nullptr);
    // FcFontList matches the family exactly (ignoring case and blanks); FcFontMatch would always find a fallback.
    FcFontSet* set = FcFontList(nullptr, pattern, objects);
    const bool found = set != nullptr && set->nfont > 0;
    if (set != nullptr) FcFontSetDestroy(set);
    FcObjectSetDestroy(objects);
    FcPatternDestroy(pattern);
    if (!found)
        return Fail(
            {ErrorCode::kFailedPrecondition,
             fmt::format("{}：系统中没有字体“{}”（fontconfig 找不到该字族，请安装字体或修改配置）", field, spec.family),
             std::string(field)});
    return Ok();
}

// True if fontconfig has a face of `family` holding 中 and 信 (a Latin-only family would lay Chinese out in a
// substituted font).
bool FamilyHasCjk(const FontSpec& spec) {
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>(spec.family.c_str()));
    FcCharSet* chars = FcCharSetCreate();
    FcCharSetAddChar(chars, 0x4E2D);
    FcCharSetAddChar(chars, 0x4FE1);
    FcPatternAddCharSet(pattern, FC_CHARSET, chars);  // FcFontList keeps fonts whose charset contains this one
    FcObjectSet* objects = FcObjectSetBuild(FC_FAMILY, nullptr);
    FcFontSet* set = FcFontList(nullptr, pattern, objects);
    const bool found = set != nullptr && set->nfont > 0;
    if (set != nullptr) FcFontSetDestroy(set);
    FcObjectSetDestroy(objects);
    FcCharSetDestroy(chars);
    FcPatternDestroy(pattern);
    return found;
}

}  // namespace

Result<FontSpec> ParseFontSpec(std::string_view spec, std::string_view field) {
    FontSpec out;
    std::string_view family = Trim(spec);
    if (auto colon = family.rfind(':'); colon != std::string_view::npos) {
        std::string_view weight = Trim(family.substr(colon + 1));
        family = Trim(family.substr(0, colon));
        auto it = std::find_if(kWeights.begin(), kWeights.end(),
                               [&](const auto& w) { return EqualsIgnoreCase(w.first, weight); });
        if (it == kWeights.end())
            return Fail(Error::InvalidArgument(
                std::string(field),
                fmt::format("字重“{}”无效，可用 Light、Regular、Medium、SemiBold、Bold、ExtraBold、Black", weight)));
        out.weight = it->second;
    }
    if (family.empty()) return Fail(Error::InvalidArgument(std::string(field), "字体名称不能为空"));
    if (!IsValidUtf8(family)) return Fail(Error::InvalidArgument(std::string(field), "字体名称不是有效的 UTF-8"));
    out.family = std::string(family);
    return out;
}

Status CheckFonts(const FontMap& fonts) {
    const std::array<std::pair<std::string_view, const std::string*>, 3> roles{{
        {"fonts.title", &fonts.title},
        {"fonts.body", &fonts.body},
        {"fonts.page_number", &fonts.page_number},
    }};
    for (const auto& [field, spec] : roles) {
        XF_ASSIGN_OR_RETURN(FontSpec parsed, ParseFontSpec(*spec, field));
        XF_TRY(CheckFamily(field, parsed));
    }
    return Ok();
}

Status CheckFontsHaveCjk(const FontMap& fonts) {
    XF_TRY(CheckFonts(fonts));
    const std::array<std::pair<std::string_view, const std::string*>, 3> roles{{
        {"fonts.title", &fonts.title},
        {"fonts.body", &fonts.body},
        {"fonts.page_number", &fonts.page_number},
    }};
    for (const auto& [field, spec] : roles) {
        XF_ASSIGN_OR_RETURN(FontSpec parsed, ParseFontSpec(*spec, field));
        if (!FamilyHasCjk(parsed))
            return Fail({ErrorCode::kFailedPrecondition,
                         fmt::format("{}：字体“{}”不含汉字（公文中的中文会以其他字体代替）", field, parsed.family),
                         std::string(field)});
    }
    return Ok();
}

}  // namespace xf::render
