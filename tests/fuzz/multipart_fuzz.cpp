// The multipart/form-data parser (uploads): the first line of the input is the Content-Type header, the rest the
// body. Checked: the limits hold, every part's body lies inside the body passed in, names are non-empty.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "http/multipart.hpp"

namespace {
[[noreturn]] void Fail(const char* what) {
    fprintf(stderr, "multipart_fuzz: %s\n", what);
    __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    size_t nl = in.find('\n');
    if (nl == std::string_view::npos) return 0;
    std::string_view content_type = in.substr(0, nl);
    std::string_view body = in.substr(nl + 1);
    xf::http::MultipartLimits limits;
    limits.max_parts = 1 + size % 8;
    limits.max_header_bytes = 64 + size % 512;
    auto parts = xf::http::ParseMultipart(content_type, body, limits);
    if (!parts) return 0;
    if (parts->size() > limits.max_parts) Fail("more parts than max_parts");
    for (const auto& p : *parts) {
        if (p.name.empty()) Fail("a part without a name");
        if (!p.body.empty() && (p.body.data() < body.data() || p.body.data() + p.body.size() > body.data() + body.size()))
            Fail("a part's body outside the request body");
    }
    return 0;
}
