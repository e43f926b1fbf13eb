// The display name kept for an attachment and the header that offers it for download. The name the client sent
// is untrusted text: it may carry a path, control or bidi characters that make "exe.pdf" look like "pdf.exe",
// invalid UTF-8, or an extension that lies about the content.
#pragma once

#include <string>
#include <string_view>

namespace xf::files {

inline constexpr size_t kMaxFileNameCodePoints = 80;

// A safe display name: the last component after '/' or '\', invalid UTF-8 replaced by U+FFFD, control and format
// characters (NUL, bidi overrides U+202A–U+202E and U+2066–U+2069, zero-width characters, BOM) dropped,
// whitespace collapsed to single spaces, leading dots and spaces and trailing dots and spaces removed, at most
// kMaxFileNameCodePoints code points, "附件" when nothing is left. `extension` (".pdf", from SniffContent) is the
// truth about the content: a matching extension is kept (lower-cased; ".jpeg" stays for a JPEG), a different one
// is replaced ("letter.pdf" holding a PNG → "letter.png"), and one is appended when the name has none. An empty
// `extension` leaves the name's own suffix alone.
std::string SanitizeFileName(std::string_view name, std::string_view extension);

// `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded UTF-8>` (RFC 6266, RFC 5987).
// Browsers use filename*; the fallback replaces non-ASCII runs, quotes, backslashes and '%' with '_' (and becomes
// "attachment.<ext>" when nothing readable is left). `name` should already be sanitized; control characters and
// invalid UTF-8 are cleaned again anyway, since a header must never carry them.
std::string ContentDispositionAttachment(std::string_view name);

}  // namespace xf::files
