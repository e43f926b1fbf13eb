#include "http/multipart.hpp"

#include <fmt/format.h>

#include <utility>

#include "base/text.hpp"

namespace xf::http {
namespace {

constexpr size_t kMaxBoundary = 70;

Error Bad(std::string message) { return Error::InvalidArgument("file", std::move(message)); }

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
    return true;
}

std::string Lowered(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = AsciiLower(c);
    return out;
}

bool IsWs(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimWs(std::string_view s) {
    while (!s.empty() && IsWs(s.front())) s.remove_prefix(1);
    while (!s.empty() && IsWs(s.back())) s.remove_suffix(1);
    return s;
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = AsciiLower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

struct Param {
    std::string name;  // lower-cased
    std::string value;
};

// A header value "main; a=b; c=\"d\"" split into its main value and parameters. In quoted values a backslash escapes
// only '"' and '\': browsers do not escape backslashes (the HTML form encoding escapes '"' as %22 instead), and old
// ones sent Windows paths such as "C:\Users\x\信访材料.pdf", which a strict RFC 822 reading would mangle.
struct HeaderValue {
    std::string_view main;
    std::vector<Param> params;
};

Result<HeaderValue> ParseHeaderValue(std::string_view s) {
    HeaderValue out;
    size_t i = s.find(';');
    out.main = TrimWs(s.substr(0, i));
    while (i < s.size()) {
        ++i;  // past ';'
        while (i < s.size() && IsWs(s[i])) ++i;
        if (i >= s.size()) break;
        const size_t name_start = i;
        while (i < s.size() && s[i] != '=' && s[i] != ';') ++i;
        Param p{Lowered(TrimWs(s.substr(name_start, i - name_start))), {}};
        if (i < s.size() && s[i] == '=') {
            ++i;
            while (i < s.size() && IsWs(s[i])) ++i;
            if (i < s.size() && s[i] == '"') {
                ++i;
                bool closed = false;
                while (i < s.size()) {
                    const char c = s[i];
                    if (c == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) {
                        p.value.push_back(s[i + 1]);
                        i += 2;
                    } else if (c == '"') {
                        ++i;
                        closed = true;
                        break;
                    } else {
                        p.value.push_back(c);
                        ++i;
                    }
                }
                if (!closed) return Fail(Bad("表单段头格式错误（引号不配对）"));
                while (i < s.size() && IsWs(s[i])) ++i;
                if (i < s.size() && s[i] != ';') return Fail(Bad("表单段头格式错误（引号后有多余内容）"));
            } else {
                const size_t value_start = i;
                while (i < s.size() && s[i] != ';') ++i;
                p.value = std::string(TrimWs(s.substr(value_start, i - value_start)));
            }
        }
        if (!p.name.empty()) out.params.push_back(std::move(p));
    }
    return out;
}

const std::string* FindParam(const HeaderValue& h, std::string_view name) {
    for (const auto& p : h.params)
        if (p.name == name) return &p.value;
    return nullptr;
}

// The HTML standard's form encoding writes '"', CR and LF in names and filenames as %22, %0D and %0A (Chrome,
// Firefox, Safari). Only these three are decoded: any other '%' is part of the name.
std::string DecodeBrowserEscapes(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            const std::string_view code = s.substr(i + 1, 2);
            if (code == "22") {
                out.push_back('"');
                i += 2;
                continue;
            }
            if (EqualsIgnoreCase(code, "0d")) {
                out.push_back('\r');
                i += 2;
                continue;
            }
            if (EqualsIgnoreCase(code, "0a")) {
                out.push_back('\n');
                i += 2;
                continue;
            }
        }
        out.push_back(s[i]);
    }
    return out;
}

// RFC 5987 ext-value: charset'[language]'pct-encoded. nullopt when malformed or in a charset we do not decode, so
// the caller falls back to the plain filename.
std::optional<std::string> DecodeExtValue(std::string_view v) {
    const size_t q1 = v.find('\'');
    if (q1 == std::string_view::npos) return std::nullopt;
    const size_t q2 = v.find('\'', q1 + 1);
    if (q2 == std::string_view::npos) return std::nullopt;
    const std::string_view charset = v.substr(0, q1);
    const bool utf8 = EqualsIgnoreCase(charset, "utf-8");
    if (!utf8 && !EqualsIgnoreCase(charset, "iso-8859-1")) return std::nullopt;
    std::string bytes;
    const std::string_view enc = v.substr(q2 + 1);
    for (size_t i = 0; i < enc.size(); ++i) {
        if (enc[i] != '%') {
            bytes.push_back(enc[i]);
            continue;
        }
        if (i + 2 >= enc.size()) return std::nullopt;
        const int hi = HexValue(enc[i + 1]), lo = HexValue(enc[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        bytes.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    if (utf8) {
        if (!IsValidUtf8(bytes)) return std::nullopt;
        return bytes;
    }
    std::string out;  // ISO-8859-1 → UTF-8: each byte is its own code point
    for (unsigned char c : bytes) {
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

// RFC 2046 bchars: DIGIT / ALPHA / "'" / "(" / ")" / "+" / "_" / "," / "-" / "." / "/" / ":" / "=" / "?" / " ",
// not ending in a space.
bool IsValidBoundary(std::string_view b) {
    if (b.empty() || b.size() > kMaxBoundary || b.back() == ' ') return false;
    for (char c : b) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
        if (!ok) return false;
    }
    return true;
}

struct Delimiter {
    size_t next = 0;     // where the next part's headers (or the epilogue) start
    bool close = false;  // "--boundary--"
};

// Whether a delimiter line starts at `at` ("--boundary" then "--", or optional spaces and CRLF / LF). The boundary
// text elsewhere, e.g. inside a file or followed by other characters, is content.
std::optional<Delimiter> DelimiterAt(std::string_view body, size_t at, std::string_view dash_boundary) {
    if (body.substr(at, dash_boundary.size()) != dash_boundary) return std::nullopt;
    size_t i = at + dash_boundary.size();
    if (body.substr(i, 2) == "--") return Delimiter{i + 2, true};
    while (i < body.size() && IsWs(body[i])) ++i;
    if (body.substr(i, 2) == "\r\n") return Delimiter{i + 2, false};
    if (body.substr(i, 1) == "\n") return Delimiter{i + 1, false};
    return std::nullopt;
}

// The next "\r\n--boundary" delimiter at or after `from`: returns the offset of its CRLF (where the part's
// content ends) and the delimiter.
std::optional<std::pair<size_t, Delimiter>> FindDelimiter(std::string_view body, size_t from,
                                                          std::string_view crlf_dash_boundary) {
    while (true) {
        const size_t pos = body.find(crlf_dash_boundary, from);
        if (pos == std::string_view::npos) return std::nullopt;
        if (auto d = DelimiterAt(body, pos + 2, crlf_dash_boundary.substr(2))) return std::make_pair(pos, *d);
        from = pos + 1;
    }
}

struct PartHeaders {
    std::optional<std::string> disposition;
    std::optional<std::string> content_type;
};

// Reads header lines from `pos` up to and including the empty line; `pos` ends just past it.
Result<PartHeaders> ReadPartHeaders(std::string_view body, size_t& pos, const MultipartLimits& limits) {
    PartHeaders h;
    std::string* last = nullptr;
    const size_t start = pos;
    while (true) {
        // Never search further than the limit allows, so a missing blank line cannot make us scan a huge body.
        const size_t window = limits.max_header_bytes - std::min(limits.max_header_bytes, pos - start);
        const size_t nl = body.substr(0, std::min(body.size(), pos + window)).find('\n', pos);
        if (nl == std::string_view::npos) {
            if (pos + window < body.size()) return Fail(Error::ResourceExhausted("表单段头过大"));
            return Fail(Bad("multipart 请求体不完整（表单段头未结束）"));
        }
        std::string_view line = body.substr(pos, nl - pos);
        pos = nl + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) return h;
        if (IsWs(line.front())) {  // obsolete line folding: continues the previous header
            if (last == nullptr) return Fail(Bad("表单段头格式错误"));
            *last += ' ';
            *last += TrimWs(line);
            continue;
        }
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) return Fail(Bad("表单段头格式错误"));
        const std::string_view name = TrimWs(line.substr(0, colon));
        const std::string_view value = TrimWs(line.substr(colon + 1));
        last = nullptr;
        if (EqualsIgnoreCase(name, "content-disposition")) {
            if (h.disposition) return Fail(Bad("表单段头重复（Content-Disposition）"));
            last = &h.disposition.emplace(value);
        } else if (EqualsIgnoreCase(name, "content-type")) {
            if (h.content_type) return Fail(Bad("表单段头重复（Content-Type）"));
            last = &h.content_type.emplace(value);
        }
    }
}

Result<FormPart> MakePart(const PartHeaders& h) {
    if (!h.disposition) return Fail(Bad("表单段缺少 Content-Disposition"));
    XF_ASSIGN_OR_RETURN(HeaderValue disposition, ParseHeaderValue(*h.disposition));
    if (!EqualsIgnoreCase(disposition.main, "form-data"))
        return Fail(Bad("表单段的 Content-Disposition 不是 form-data"));
    const std::string* name = FindParam(disposition, "name");
    if (name == nullptr) return Fail(Bad("表单段缺少字段名（name）"));
    FormPart part;
    part.name = DecodeBrowserEscapes(*name);
    // `name` without a value, or name="": browsers never send a field without a name.
    if (part.name.empty()) return Fail(Bad("表单段缺少字段名（name）"));
    if (const std::string* ext = FindParam(disposition, "filename*")) part.filename = DecodeExtValue(*ext);
    if (!part.filename) {
        if (const std::string* plain = FindParam(disposition, "filename")) part.filename = DecodeBrowserEscapes(*plain);
    }
    part.content_type = h.content_type ? *h.content_type : "text/plain";
    return part;
}

}  // namespace

Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type_header, std::string_view body,
                                             const MultipartLimits& limits) {
    XF_ASSIGN_OR_RETURN(HeaderValue ct, ParseHeaderValue(content_type_header));
    if (!EqualsIgnoreCase(ct.main, "multipart/form-data")) return Fail(Bad("请求内容类型应为 multipart/form-data"));
    const std::string* boundary = FindParam(ct, "boundary");
    if (boundary == nullptr || !IsValidBoundary(*boundary)) return Fail(Bad("multipart 边界（boundary）缺失或无效"));
    const std::string crlf_dash_boundary = "\r\n--" + *boundary;
    const std::string_view dash_boundary = std::string_view(crlf_dash_boundary).substr(2);

    // The first delimiter opens the body or follows a preamble, which is ignored.
    std::optional<Delimiter> delim = DelimiterAt(body, 0, dash_boundary);
    if (!delim) {
        auto found = FindDelimiter(body, 0, crlf_dash_boundary);
        if (!found) return Fail(Bad("请求体中没有找到 multipart 边界"));
        delim = found->second;
    }

    std::vector<FormPart> parts;
    while (!delim->close) {
        if (parts.size() == limits.max_parts)
            return Fail(Error::ResourceExhausted(fmt::format("表单段过多（最多 {} 个）", limits.max_parts)));
        size_t pos = delim->next;
        XF_ASSIGN_OR_RETURN(PartHeaders headers, ReadPartHeaders(body, pos, limits));
        XF_ASSIGN_OR_RETURN(FormPart part, MakePart(headers));
        // A part's content ends at the CRLF before the next delimiter (that CRLF belongs to the delimiter), so
        // empty content is the delimiter's CRLF right after the blank line.
        auto found = FindDelimiter(body, pos, crlf_dash_boundary);
        if (!found) return Fail(Bad("multipart 请求体不完整（缺少结束边界）"));
        part.body = body.substr(pos, found->first - pos);
        parts.push_back(std::move(part));
        delim = found->second;
    }
    return parts;
}

}  // namespace xf::http
