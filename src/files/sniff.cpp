#include "files/sniff.hpp"

#include <fmt/format.h>
#include <magic.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace xf::files {
namespace {

constexpr std::string_view kDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr std::string_view kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
// Macro-enabled Office files: same container, but they carry VBA, so they get their own (refused) types.
constexpr std::string_view kDocm = "application/vnd.ms-word.document.macroEnabled.12";
constexpr std::string_view kXlsm = "application/vnd.ms-excel.sheet.macroEnabled.12";

// What libmagic 5.44 reports for these formats. Notes on the less obvious ones:
//  - .doc/.xls: libmagic parses the compound file and names it by its streams (WordDocument, Workbook).
//    "application/CDFV2" (unparseable), "application/x-ole-storage" and "application/vnd.ms-office" (a compound
//    file with no Word/Excel stream) are refused: they are not recognisably a document, and .msi is one too.
//  - image/x-ms-bmp is what libmagic before 5.38 said for BMP; audio/wav is the IANA name of audio/x-wav.
//  - M4A is reported only when the file's brand is "M4A "; phone recordings branded "isom"/"mp42" come out as
//    video/mp4, which is refused (a video container).
constexpr std::array<AllowedType, 17> kAllowed{{
    {"application/pdf", ".pdf", "PDF 文档"},
    {"image/jpeg", ".jpg", "JPEG 图片"},
    {"image/png", ".png", "PNG 图片"},
    {"image/gif", ".gif", "GIF 图片"},
    {"image/tiff", ".tif", "TIFF 图片"},
    {"image/bmp", ".bmp", "BMP 图片"},
    {"image/x-ms-bmp", ".bmp", "BMP 图片"},
    {"image/webp", ".webp", "WebP 图片"},
    {"text/plain", ".txt", "文本文件"},
    {"application/msword", ".doc", "Word 文档"},
    {kDocx, ".docx", "Word 文档"},
    {"application/vnd.ms-excel", ".xls", "Excel 表格"},
    {kXlsx, ".xlsx", "Excel 表格"},
    {"audio/mpeg", ".mp3", "MP3 音频"},
    {"audio/x-wav", ".wav", "WAV 音频"},
    {"audio/wav", ".wav", "WAV 音频"},
    {"audio/x-m4a", ".m4a", "M4A 音频"},
}};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

const AllowedType* FindAllowed(std::string_view media_type) {
    for (const auto& t : kAllowed)
        if (EqualsIgnoreCase(t.media_type, media_type)) return &t;
    return nullptr;
}

// One magic handle per thread: a magic_t must not be used by two threads at once, and loading the database once
// per thread avoids serializing every upload on one mutex.
class ThreadMagic {
  public:
    ~ThreadMagic() {
        if (handle_ != nullptr) magic_close(handle_);
    }
    Result<magic_t> Get() {
        if (handle_ != nullptr) return handle_;
        magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
        if (m == nullptr) return Fail(Error::Internal("无法识别文件类型：libmagic 初始化失败"));
        if (magic_load(m, nullptr) != 0) {
            std::string why = magic_error(m) != nullptr ? magic_error(m) : "";
            magic_close(m);
            // Not cached: a later call may succeed once the database is installed.
            return Fail(Error::Internal(fmt::format("无法识别文件类型：无法加载 magic 数据库（{}）", why)));
        }
        handle_ = m;
        return handle_;
    }

  private:
    magic_t handle_ = nullptr;
};

uint32_t Le32(std::string_view s, size_t at) {
    auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(s[at + i])); };
    return b(0) | b(1) << 8 | b(2) << 16 | b(3) << 24;
}
uint16_t Le16(std::string_view s, size_t at) {
    return static_cast<uint16_t>(static_cast<unsigned char>(s[at]) | static_cast<unsigned char>(s[at + 1]) << 8);
}

// Entry names from a zip's central directory (the authoritative list; local headers may be stale or spoofed).
// nullopt when the archive is not a plain zip we can read (zip64, truncated, bytes prepended).
std::optional<std::vector<std::string_view>> ZipEntryNames(std::string_view zip) {
    constexpr size_t kEocdSize = 22;
    constexpr size_t kMaxComment = 0xFFFF;
    constexpr size_t kMaxEntries = 100000;
    if (zip.size() < kEocdSize) return std::nullopt;
    size_t eocd = std::string_view::npos;
    const size_t lowest = zip.size() > kEocdSize + kMaxComment ? zip.size() - kEocdSize - kMaxComment : 0;
    for (size_t i = zip.size() - kEocdSize + 1; i-- > lowest;) {
        if (zip.compare(i, 4, "PK\x05\x06") == 0) {
            eocd = i;
            break;
        }
    }
    if (eocd == std::string_view::npos) return std::nullopt;
    const uint16_t entries = Le16(zip, eocd + 10);
    const uint32_t cd_size = Le32(zip, eocd + 12);
    const uint32_t cd_offset = Le32(zip, eocd + 16);
    if (entries == 0xFFFF || cd_offset == 0xFFFFFFFF || cd_size == 0xFFFFFFFF) return std::nullopt;  // zip64
    if (static_cast<uint64_t>(cd_offset) + cd_size > eocd) return std::nullopt;
    std::vector<std::string_view> names;
    size_t pos = cd_offset;
    const size_t end = static_cast<size_t>(cd_offset) + cd_size;
    for (size_t n = 0; n < entries && n < kMaxEntries; ++n) {
        constexpr size_t kHeader = 46;
        if (pos + kHeader > end || zip.compare(pos, 4, "PK\x01\x02") != 0) return std::nullopt;
        const size_t name_len = Le16(zip, pos + 28);
        const size_t extra_len = Le16(zip, pos + 30);
        const size_t comment_len = Le16(zip, pos + 32);
        if (pos + kHeader + name_len > end) return std::nullopt;
        names.push_back(zip.substr(pos + kHeader, name_len));
        pos += kHeader + name_len + extra_len + comment_len;
    }
    return names;
}

// Office Open XML is a zip with [Content_Types].xml and the main part under word/ or xl/. libmagic finds it only
// when those come among the first entries; WPS, LibreOffice and some converters order entries differently.
std::optional<std::string_view> RefineZip(std::string_view bytes) {
    auto names = ZipEntryNames(bytes);
    if (!names) return std::nullopt;
    bool content_types = false, word = false, xl = false, vba = false;
    for (std::string_view n : *names) {
        content_types |= n == "[Content_Types].xml";
        word |= n.starts_with("word/");
        xl |= n.starts_with("xl/");
        vba |= n.ends_with("vbaProject.bin");
    }
    if (!content_types) return std::nullopt;
    if (word) return vba ? kDocm : kDocx;
    if (xl) return vba ? kXlsm : kXlsx;
    return std::nullopt;
}

}  // namespace

std::span<const AllowedType> AllowedTypes() { return kAllowed; }

bool IsAllowedMediaType(std::string_view media_type) { return FindAllowed(media_type) != nullptr; }

Result<Sniffed> SniffContent(std::string_view bytes) {
    thread_local ThreadMagic magic;
    XF_ASSIGN_OR_RETURN(magic_t m, magic.Get());
    const char* detected = magic_buffer(m, bytes.data(), bytes.size());
    if (detected == nullptr) {
        const char* why = magic_error(m);
        return Fail(Error::Internal(fmt::format("无法识别文件类型（{}）", why != nullptr ? why : "libmagic")));
    }
    Sniffed out;
    out.media_type = detected;

    const bool is_zip = bytes.starts_with(std::string_view("PK\x03\x04", 4));
    if (is_zip && (out.media_type == "application/zip" || out.media_type == "application/octet-stream" ||
                   out.media_type == kDocx || out.media_type == kXlsx)) {
        if (auto refined = RefineZip(bytes)) out.media_type = *refined;
    }
    if (const AllowedType* t = FindAllowed(out.media_type)) {
        out.extension = t->extension;
        out.label = t->label;
    }
    return out;
}

Status RequireAllowed(const Sniffed& sniffed) {
    if (IsAllowedMediaType(sniffed.media_type)) return Ok();
    if (sniffed.media_type == "application/x-empty" || sniffed.media_type == "inode/x-empty")
        return Fail(Error::InvalidArgument("file", "附件是空文件"));
    return Fail(Error::InvalidArgument(
        "file", fmt::format("不支持的附件类型（检测为 {}）。可上传 PDF、图片（JPEG/PNG/GIF/TIFF/BMP/WebP）、文本、"
                            "Word、Excel 和音频（MP3/WAV/M4A）文件",
                            sniffed.media_type)));
}

}  // namespace xf::files
