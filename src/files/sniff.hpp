// What an uploaded file really is, decided from its bytes (libmagic), never from its name or the client's
// Content-Type, and which of those types a 信访 office accepts as case attachments.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace xf::files {

struct Sniffed {
    std::string media_type;  // as detected, e.g. "application/pdf", "text/html", "application/x-empty"
    std::string extension;   // canonical, with the dot (".pdf"); empty when the type is not allowed
    std::string label;       // Chinese, for the UI ("PDF 文档"); empty when the type is not allowed
};

struct AllowedType {
    std::string_view media_type;
    std::string_view extension;
    std::string_view label;
};

// The accepted types. Several media types may share an extension (audio/wav and audio/x-wav).
std::span<const AllowedType> AllowedTypes();

bool IsAllowedMediaType(std::string_view media_type);

// Detects the type of `bytes`. libmagic's answer is refined for zip containers: Office Open XML documents are
// recognised by their entries even when libmagic only says "application/zip" (it looks at the first few entries
// only), and macro-enabled Word/Excel files are reported as their own (refused) types. Thread-safe: each thread
// loads its own magic database on first use. kInternal when the database cannot be loaded.
[[nodiscard]] Result<Sniffed> SniffContent(std::string_view bytes);

// Ok for an allowed type; otherwise kInvalidArgument (field "file") naming the detected type, for the caller to
// pass on as is.
[[nodiscard]] Status RequireAllowed(const Sniffed& sniffed);

}  // namespace xf::files
