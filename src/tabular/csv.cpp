// CSV reading: encoding detection (UTF-8, else GB18030 through glibc iconv) and an RFC 4180 record parser that
// remembers the physical line each record starts on, so import errors can point at a line the user can find.
#include <errno.h>
#include <fmt/format.h>
#include <iconv.h>

#include <algorithm>
#include <string>

#include "tabular/table.hpp"

namespace xf::tabular {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

Error FileError(std::string message) { return Error::InvalidArgument("file", std::move(message)); }

// Offset of the first byte that does not start a well-formed UTF-8 sequence (overlong forms, surrogates and
// code points above U+10FFFF included), or npos when all of `s` is valid.
size_t FirstInvalidUtf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t n = 0;
        char32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            n = 1, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, cp = c & 0x07;
        } else {
            return i;
        }
        if (i + n >= s.size()) return i;
        for (size_t k = 1; k <= n; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n + 1;
    }
    return std::string_view::npos;
}

struct Gb18030Result {
    std::string utf8;
    size_t bad_offset = std::string_view::npos;  // npos: converted completely
};

Result<Gb18030Result> Gb18030ToUtf8(std::string_view in) {
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) return Fail(Error::Internal("系统不支持 GB18030 编码转换（iconv）"));
    Gb18030Result result;
    // GB18030 never grows by more than half when turned into UTF-8 (2 bytes -> at most 3, 4 bytes -> 4).
    result.utf8.resize(in.size() + in.size() / 2 + 16);
    char* src = const_cast<char*>(in.data());  // iconv's signature is not const-correct; it does not write.
    size_t src_left = in.size();
    char* dst = result.utf8.data();
    size_t dst_left = result.utf8.size();
    while (src_left > 0) {
        if (iconv(cd, &src, &src_left, &dst, &dst_left) != static_cast<size_t>(-1)) continue;
        if (errno == E2BIG) {  // not expected given the sizing above, but cheap to handle
            size_t used = result.utf8.size() - dst_left;
            result.utf8.resize(result.utf8.size() * 2);
            dst = result.utf8.data() + used;
            dst_left = result.utf8.size() - used;
            continue;
        }
        result.bad_offset = static_cast<size_t>(src - in.data());  // EILSEQ, or EINVAL: truncated at the end
        break;
    }
    iconv_close(cd);
    result.utf8.resize(result.utf8.size() - dst_left);
    return result;
}

int LineOfOffset(std::string_view bytes, size_t offset) {
    int line = 1;
    for (size_t i = 0; i < offset && i < bytes.size(); ++i) {
        if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.size() || bytes[i + 1] != '\n'))) ++line;
    }
    return line;
}

struct Decoded {
    std::string text;
    std::string encoding;
};

Result<Decoded> Decode(std::string_view bytes) {
    if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
        return Fail(
            FileError("文件是 UTF-16 编码（如 Excel 的“Unicode 文本”），请另存为“CSV UTF-8（逗号分隔）”后再导入"));
    }
    bool has_bom = bytes.starts_with(kUtf8Bom);
    std::string_view body = has_bom ? bytes.substr(kUtf8Bom.size()) : bytes;
    size_t utf8_bad = FirstInvalidUtf8(body);
    if (utf8_bad == std::string_view::npos) return Decoded{std::string(body), "UTF-8"};
    if (has_bom) utf8_bad += kUtf8Bom.size();

    size_t gb_bad = 0;
    if (!has_bom) {  // a UTF-8 BOM settles the encoding; only BOM-less bytes may be GB18030
        XF_ASSIGN_OR_RETURN(Gb18030Result gb, Gb18030ToUtf8(bytes));
        if (gb.bad_offset == std::string_view::npos) {
            if (gb.utf8.starts_with(kUtf8Bom)) gb.utf8.erase(0, kUtf8Bom.size());  // GB18030's own BOM
            return Decoded{std::move(gb.utf8), "GB18030"};
        }
        gb_bad = gb.bad_offset;
    }
    // Report the bad byte of whichever decoding got further: that is most likely the file's real encoding, and
    // its first bad byte the actual damage.
    size_t offset = std::max(utf8_bad, gb_bad);
    return Fail(FileError(
        fmt::format("文件编码无法识别：既不是 UTF-8 也不是 GB18030（第 {} 行，字节偏移 {} 处有无效字节 0x{:02X}）",
                    LineOfOffset(bytes, offset), offset, static_cast<unsigned char>(bytes[offset]))));
}

struct Record {
    int line = 0;
    std::vector<std::string> fields;

    bool Empty() const {
        return std::all_of(fields.begin(), fields.end(), [](const std::string& f) { return f.empty(); });
    }
};

// Newlines inside quoted fields become "\n" whatever the file used.
Result<std::vector<Record>> ParseRecords(std::string_view text) {
    std::vector<Record> records;
    size_t i = 0;
    const size_t n = text.size();
    int line = 1;
    // Consumes a line end at i (CR, LF or CRLF) if there is one.
    auto take_newline = [&]() {
        if (text[i] == '\r') {
            ++i;
            if (i < n && text[i] == '\n') ++i;
        } else {
            ++i;
        }
        ++line;
    };
    while (i < n) {
        Record record{line, {}};
        while (true) {
            std::string field;
            if (i < n && text[i] == '"') {
                int quote_line = line;
                ++i;
                while (true) {
                    if (i >= n) {
                        return Fail(FileError(fmt::format(
                            "第 {} 行的引号没有闭合：从这里开始的带引号字段一直到文件末尾都没有结束", quote_line)));
                    }
                    char c = text[i];
                    if (c == '"') {
                        if (i + 1 < n && text[i + 1] == '"') {
                            field += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    if (c == '\r' || c == '\n') {
                        take_newline();
                        field += '\n';
                        continue;
                    }
                    field += c;
                    ++i;
                }
            }
            // Unquoted field, or stray text after a closing quote (kept, as spreadsheet programs do).
            size_t end = i;
            while (end < n && text[end] != ',' && text[end] != '\r' && text[end] != '\n') ++end;
            field.append(text.substr(i, end - i));
            i = end;
            record.fields.push_back(std::move(field));
            if (i < n && text[i] == ',') {
                ++i;
                continue;
            }
            if (i < n) take_newline();
            break;
        }
        records.push_back(std::move(record));
    }
    return records;
}

}  // namespace

Result<Table> ReadCsv(std::string_view bytes) {
    if (bytes.empty() || bytes == kUtf8Bom) return Fail(FileError("文件为空"));
    XF_ASSIGN_OR_RETURN(Decoded decoded, Decode(bytes));
    XF_ASSIGN_OR_RETURN(std::vector<Record> records, ParseRecords(decoded.text));

    while (!records.empty() && records.back().Empty()) records.pop_back();
    auto first = std::find_if(records.begin(), records.end(), [](const Record& r) { return !r.Empty(); });
    if (first == records.end()) return Fail(FileError("文件为空：没有任何数据"));

    Table table;
    table.encoding = std::move(decoded.encoding);
    table.header = std::move(first->fields);
    for (auto it = first + 1; it != records.end(); ++it) {
        Row row{it->line, {}};
        row.cells.reserve(it->fields.size());
        for (std::string& f : it->fields) {
            Cell cell;
            if (!f.empty()) {
                cell.kind = Cell::Kind::kText;
                cell.text = std::move(f);
            }
            row.cells.push_back(std::move(cell));
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

}  // namespace xf::tabular
