#include "files/file_name.hpp"

#include "base/text.hpp"

#include <vector>

namespace xf::files {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr std::u32string_view kDefaultStem = U"附件";

// Decodes UTF-8; every byte that does not start a well-formed sequence (overlong, surrogate, beyond U+10FFFF,
// truncated) becomes one U+FFFD.
std::u32string DecodeLenient(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = p[i];
        size_t n = 0;
        char32_t cp = 0;
        if (c < 0x80) {
            out.push_back(c);
            ++i;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            n = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            cp = c & 0x07;
        } else {
            out.push_back(kReplacement);
            ++i;
            continue;
        }
        bool ok = i + n < s.size();
        for (size_t k = 1; ok && k <= n; ++k) {
            if ((p[i + k] & 0xC0) != 0x80)
                ok = false;
            else
                cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (ok) {
            const bool overlong = (n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000);
            ok = !overlong && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
        }
        if (!ok) {
            out.push_back(kReplacement);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += n + 1;
    }
    return out;
}


std::string EncodeUtf8(std::u32string_view s) {
    std::string out;
    out.reserve(s.size() * 3);
    for (char32_t cp : s) AppendUtf8(out, cp);
    return out;
}

bool IsSpace(char32_t c) {
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Control characters and Unicode format characters (category Cf): invisible, and some of them (bidi overrides and
// isolates) reorder what the reader sees, which is how "\u202Efdp.exe" passes for "exe.pdf".
bool IsDropped(char32_t c) {
    if (IsSpace(c)) return false;
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xAD || (c >= 0x600 && c <= 0x605) || c == 0x61C ||
           c == 0x6DD || c == 0x70F || c == 0x890 || c == 0x891 || c == 0x8E2 || c == 0x180E ||
           (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) ||
           (c >= 0x2066 && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB) || c == 0xFFFE || c == 0xFFFF ||
           c == 0x110BD || c == 0x110CD || (c >= 0x13430 && c <= 0x1343F) || (c >= 0x1BCA0 && c <= 0x1BCA3) ||
           (c >= 0x1D173 && c <= 0x1D17A) || c == 0xE0001 || (c >= 0xE0020 && c <= 0xE007F);
}

// Drops invisible characters and collapses whitespace runs to one space (not trimmed).
std::u32string CleanText(std::u32string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (char32_t c : s) {
        if (IsDropped(c)) continue;
        if (IsSpace(c)) {
            if (out.empty() || out.back() != U' ') out.push_back(U' ');
            continue;
        }
        out.push_back(c);
    }
    return out;
}

void TrimTrailingDotsAndSpaces(std::u32string& s) {
    while (!s.empty() && (s.back() == U'.' || s.back() == U' ')) s.pop_back();
}

char32_t AsciiLower(char32_t c) { return (c >= U'A' && c <= U'Z') ? c - U'A' + U'a' : c; }

std::u32string AsciiToU32(std::string_view s) { return std::u32string(s.begin(), s.end()); }

// Other spellings of a canonical extension that are just as truthful and that users expect to keep.
bool IsAliasOf(std::u32string_view ext, std::u32string_view canonical) {
    if (ext == canonical) return true;
    if (canonical == U".jpg") return ext == U".jpeg" || ext == U".jpe" || ext == U".jfif";
    if (canonical == U".tif") return ext == U".tiff";
    return false;
}

// "final", "exe", "PDF" look like extensions and are replaced; "2" (as in "材料v1.2") or "信访" do not and stay.
bool LooksLikeExtension(std::u32string_view suffix) {
    if (suffix.empty() || suffix.size() > 5) return false;
    bool letter = false;
    for (char32_t c : suffix) {
        const bool alpha = (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
        if (!alpha && !(c >= U'0' && c <= U'9')) return false;
        letter |= alpha;
    }
    return letter;
}

bool IsAttrChar(unsigned char c) {
    // RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
        case '!':
        case '#':
        case '$':
        case '&':
        case '+':
        case '-':
        case '.':
        case '^':
        case '_':
        case '`':
        case '|':
        case '~':
            return true;
        default:
            return false;
    }
}

}  // namespace

std::string SanitizeFileName(std::string_view name, std::string_view extension) {
    std::u32string text = DecodeLenient(name);
    if (size_t sep = text.find_last_of(U"/\\"); sep != std::u32string::npos) text.erase(0, sep + 1);
    text = CleanText(text);
    size_t lead = 0;
    while (lead < text.size() && (text[lead] == U'.' || text[lead] == U' ')) ++lead;
    text.erase(0, lead);
    TrimTrailingDotsAndSpaces(text);

    std::u32string stem = text;
    std::u32string ext;
    if (!extension.empty()) {
        const std::u32string wanted = AsciiToU32(extension);
        ext = wanted;
        if (size_t dot = text.rfind(U'.'); dot != std::u32string::npos) {
            std::u32string suffix = text.substr(dot);
            for (char32_t& c : suffix) c = AsciiLower(c);
            if (IsAliasOf(suffix, wanted)) {
                stem = text.substr(0, dot);
                ext = suffix;
            } else if (LooksLikeExtension(std::u32string_view(text).substr(dot + 1))) {
                stem = text.substr(0, dot);
            }
        }
    }
    TrimTrailingDotsAndSpaces(stem);
    const size_t max_stem = kMaxFileNameCodePoints > ext.size() ? kMaxFileNameCodePoints - ext.size() : 1;
    if (stem.size() > max_stem) {
        stem.resize(max_stem);
        TrimTrailingDotsAndSpaces(stem);
    }
    if (stem.empty()) stem = kDefaultStem;
    return EncodeUtf8(stem + ext);
}

std::string ContentDispositionAttachment(std::string_view name) {
    std::u32string text = CleanText(DecodeLenient(name));
    while (!text.empty() && text.front() == U' ') text.erase(0, 1);
    while (!text.empty() && text.back() == U' ') text.pop_back();
    if (text.empty()) text = kDefaultStem;

    std::string fallback;
    for (char32_t c : text) {
        if (c >= 0x20 && c < 0x7F && c != U'"' && c != U'\\' && c != U'%') {
            fallback.push_back(static_cast<char>(c));
        } else if (c < 0x80 || fallback.empty() || fallback.back() != '_') {
            fallback.push_back('_');
        }
    }
    const size_t dot = fallback.rfind('.');
    const std::string_view fallback_stem = std::string_view(fallback).substr(0, dot);
    if (fallback_stem.find_first_not_of("_ .") == std::string_view::npos)
        fallback = "attachment" + (dot == std::string::npos ? std::string() : fallback.substr(dot));

    std::string encoded;
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (unsigned char c : EncodeUtf8(text)) {
        if (IsAttrChar(c)) {
            encoded.push_back(static_cast<char>(c));
        } else {
            encoded.push_back('%');
            encoded.push_back(kHex[c >> 4]);
            encoded.push_back(kHex[c & 0x0F]);
        }
    }
    return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

}  // namespace xf::files
