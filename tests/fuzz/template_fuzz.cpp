// The document template renderer: ValidateTemplate, FillTemplate, FormatDocNumber and OrgShortName, on a template
// and field values taken from the input. Input: title \x1f addressee \x1f body \x1f number_format \x1f values, the
// values one "名称=值" per line. Checked: a template that validates always fills; valid UTF-8 in gives valid UTF-8
// out; a filled document keeps no paragraph that is empty.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "base/text.hpp"
#include "domain/document.hpp"

namespace {
[[noreturn]] void Fail(const char* what) {
    fprintf(stderr, "template_fuzz: %s\n", what);
    __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> parts;  // title, addressee, body, number_format, values
    while (parts.size() < 4) {
        size_t sep = in.find('\x1f');
        parts.push_back(in.substr(0, sep));
        in = sep == std::string_view::npos ? std::string_view() : in.substr(sep + 1);
    }
    std::string_view values_text = in;

    xf::DocumentTemplate t;
    t.kind = static_cast<xf::DocumentKind>(size % xf::kDocumentKindCount);
    t.title = std::string(parts[0]);
    t.addressee = std::string(parts[1]);
    t.body = std::string(parts[2]);
    t.number_format = std::string(parts[3]);

    xf::FieldValues values;
    bool values_utf8 = true;
    for (std::string_view line : xf::Split(values_text, '\n')) {
        size_t eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        values[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
        values_utf8 = values_utf8 && xf::IsValidUtf8(line);
    }

    bool valid = static_cast<bool>(xf::ValidateTemplate(t));
    auto filled = xf::FillTemplate(t, values);
    if (valid != static_cast<bool>(filled)) Fail("ValidateTemplate and FillTemplate disagree");
    if (filled) {
        for (const auto& p : filled->paragraphs) {
            if (p.empty()) Fail("an empty paragraph");
            if (values_utf8 && !xf::IsValidUtf8(p)) Fail("paragraph is not valid UTF-8");
        }
        if (values_utf8 && (!xf::IsValidUtf8(filled->title) || !xf::IsValidUtf8(filled->addressee)))
            Fail("title or addressee is not valid UTF-8");
        int year = 2000 + static_cast<int>(size % 100);
        auto number = xf::FormatDocNumber(t, values, year, static_cast<int64_t>(size) * 7919);
        if (!number) Fail("FormatDocNumber failed on a valid template");
        if (t.number_format.empty() && !number->empty()) Fail("a 文号 without a format");
    }
    (void)xf::OrgShortName(parts[1]);
    for (const auto& [name, value] : values) (void)xf::OrgShortName(value);
    for (int k = 0; k < xf::kDocumentKindCount; ++k) {
        auto def = xf::DefaultTemplate(static_cast<xf::DocumentKind>(k));
        if (size == 0 && !xf::FillTemplate(def, values)) Fail("a built-in template does not fill");
    }
    return 0;
}
