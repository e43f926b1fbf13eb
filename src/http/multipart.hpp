// multipart/form-data request bodies (RFC 7578, framing from RFC 2046), as browsers and curl send them for file
// uploads. A pure function over the whole buffered body: no I/O, and the parts' bodies point into it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace xf::http {

struct FormPart {
    std::string name;                     // the form field name
    std::optional<std::string> filename;  // present for file inputs (may be empty: no file chosen)
    std::string content_type;             // as sent; "text/plain" when absent (RFC 7578 §4.4). Untrusted.
    std::string_view body;                // a view into the body passed to ParseMultipart
};

struct MultipartLimits {
    size_t max_parts = 20;           // more parts → kResourceExhausted
    size_t max_header_bytes = 8192;  // header block of one part, in bytes; larger → kResourceExhausted
};

// Parses `body` framed by the boundary of `content_type_header` ("multipart/form-data; boundary=…", the parameter
// name case-insensitive, the value quoted or not, 1–70 characters). Preamble and epilogue are ignored; delimiter
// lines end in CRLF (part headers may also end in bare LF). Content-Disposition must be form-data with a name;
// filename* (RFC 5987, UTF-8 or ISO-8859-1) is preferred over filename; in quoted values a backslash escapes only
// '"' and '\' (so "C:\Users\x.pdf" from old browsers survives) and browsers' %22 / %0D / %0A escapes are decoded.
// Filenames are returned raw (a path, invalid UTF-8 …): sanitize before use. Errors: kInvalidArgument (field
// "file") with a Chinese message for anything malformed, including a missing final boundary; kResourceExhausted
// for the limits. Parts' bodies are only valid while `body` is.
[[nodiscard]] Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type_header, std::string_view body,
                                                           const MultipartLimits& limits = {});

}  // namespace xf::http
