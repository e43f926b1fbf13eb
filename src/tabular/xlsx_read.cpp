// XLSX reading: the zip is read in memory with minizip, the parts are streamed through expat. Only what an import
// needs is understood: workbook order, shared/inline strings, number formats (to recognise dates), merged cells
// (to recognise a title row above the header) and cell values; formulas contribute their cached values.
#include <expat.h>
#include <fmt/format.h>
#include <minizip/unzip.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "base/date.hpp"
#include "tabular/table.hpp"

namespace xf::tabular {
namespace {

constexpr uint64_t kMaxPartBytes = uint64_t{256} << 20;  // a zip bomb guard; real sheets stay far below
constexpr int kMaxRows = 1048576;                        // Excel's limits
constexpr int kMaxColumns = 16384;

Error FileError(std::string message) { return Error::InvalidArgument("file", std::move(message)); }
Error Corrupt(std::string_view what) { return FileError(fmt::format("xlsx 文件已损坏：{}", what)); }

// ---- The zip archive, read from memory ----------------------------------------------------------------------------

struct MemoryFile {
    std::string_view data;
    uint64_t pos = 0;
};

voidpf ZCALLBACK MemOpen(voidpf opaque, const void*, int) {
    auto* f = static_cast<MemoryFile*>(opaque);
    f->pos = 0;
    return f;
}
uLong ZCALLBACK MemRead(voidpf, voidpf stream, void* buf, uLong size) {
    auto* f = static_cast<MemoryFile*>(stream);
    uint64_t avail = f->pos < f->data.size() ? f->data.size() - f->pos : 0;
    auto n = static_cast<uLong>(std::min<uint64_t>(size, avail));
    std::memcpy(buf, f->data.data() + f->pos, n);
    f->pos += n;
    return n;
}
uLong ZCALLBACK MemWrite(voidpf, voidpf, const void*, uLong) { return 0; }
ZPOS64_T ZCALLBACK MemTell(voidpf, voidpf stream) { return static_cast<MemoryFile*>(stream)->pos; }
long ZCALLBACK MemSeek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
    auto* f = static_cast<MemoryFile*>(stream);
    uint64_t base = 0;
    switch (origin) {
        case ZLIB_FILEFUNC_SEEK_SET:
            base = 0;
            break;
        case ZLIB_FILEFUNC_SEEK_CUR:
            base = f->pos;
            break;
        case ZLIB_FILEFUNC_SEEK_END:
            base = f->data.size();
            break;
        default:
            return -1;
    }
    if (offset > f->data.size() - base) return -1;
    f->pos = base + offset;
    return 0;
}
int ZCALLBACK MemClose(voidpf, voidpf) { return 0; }
int ZCALLBACK MemError(voidpf, voidpf) { return 0; }

class Zip {
  public:
    static Result<std::unique_ptr<Zip>> Open(std::string_view bytes) {
        auto zip = std::unique_ptr<Zip>(new Zip());
        zip->file_.data = bytes;
        zlib_filefunc64_def funcs{MemOpen, MemRead, MemWrite, MemTell, MemSeek, MemClose, MemError, &zip->file_};
        zip->uf_ = unzOpen2_64("", &funcs);
        if (zip->uf_ == nullptr) return Fail(FileError("不是有效的 xlsx 文件：无法作为 zip 压缩包打开"));
        return zip;
    }
    ~Zip() {
        if (uf_ != nullptr) unzClose(uf_);
    }
    Zip(const Zip&) = delete;
    Zip& operator=(const Zip&) = delete;

    // The entry's bytes, or nullopt when the archive has no such entry (names compared ignoring case, as OPC does).
    Result<std::optional<std::string>> Read(const std::string& name) {
        if (unzLocateFile(uf_, name.c_str(), 2) != UNZ_OK) return std::optional<std::string>();
        unz_file_info64 info{};
        if (unzGetCurrentFileInfo64(uf_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK ||
            unzOpenCurrentFile(uf_) != UNZ_OK) {
            return Fail(Corrupt(fmt::format("无法读取 {}", name)));
        }
        auto too_big = [&] {
            unzCloseCurrentFile(uf_);
            return Fail(
                Error::ResourceExhausted(fmt::format("xlsx 中的 {} 解压后超过 {} MiB", name, kMaxPartBytes >> 20)));
        };
        if (info.uncompressed_size > kMaxPartBytes) return too_big();
        std::string out;
        out.reserve(static_cast<size_t>(info.uncompressed_size));
        char buf[65536];
        while (true) {
            int n = unzReadCurrentFile(uf_, buf, sizeof buf);
            if (n < 0) {
                unzCloseCurrentFile(uf_);
                return Fail(Corrupt(fmt::format("{} 解压失败", name)));
            }
            if (n == 0) break;
            out.append(buf, static_cast<size_t>(n));
            if (out.size() > kMaxPartBytes) return too_big();
        }
        if (unzCloseCurrentFile(uf_) != UNZ_OK) return Fail(Corrupt(fmt::format("{} 校验失败", name)));
        return std::optional<std::string>(std::move(out));
    }

  private:
    Zip() = default;
    MemoryFile file_;
    unzFile uf_ = nullptr;
};

// ---- XML parts ----------------------------------------------------------------------------------------------------

// Element and attribute names arrive as "namespace-uri|local"; the local part is enough here and also copes with
// files that prefix SpreadsheetML elements ("x:row").
std::string_view LocalName(const char* name) {
    std::string_view s(name);
    size_t bar = s.rfind('|');
    return bar == std::string_view::npos ? s : s.substr(bar + 1);
}

const char* Attr(const char** attrs, std::string_view local) {
    for (size_t i = 0; attrs[i] != nullptr; i += 2) {
        if (LocalName(attrs[i]) == local) return attrs[i + 1];
    }
    return nullptr;
}

std::string AttrOr(const char** attrs, std::string_view local, std::string_view fallback = {}) {
    const char* v = Attr(attrs, local);
    return std::string(v != nullptr ? std::string_view(v) : fallback);
}

struct XmlEvents {
    std::function<void(std::string_view name, const char** attrs)> start;
    std::function<void(std::string_view name)> end;
    std::function<void(std::string_view text)> text;
};

Status ParseXml(std::string_view xml, std::string_view part, XmlEvents& events) {
    XML_Parser parser = XML_ParserCreateNS(nullptr, '|');
    if (parser == nullptr) return Fail(Error::Internal("无法创建 XML 解析器"));
    XML_SetUserData(parser, &events);
    XML_SetElementHandler(
        parser,
        [](void* ud, const XML_Char* name, const XML_Char** attrs) {
            auto* ev = static_cast<XmlEvents*>(ud);
            if (ev->start) ev->start(LocalName(name), attrs);
        },
        [](void* ud, const XML_Char* name) {
            auto* ev = static_cast<XmlEvents*>(ud);
            if (ev->end) ev->end(LocalName(name));
        });
    XML_SetCharacterDataHandler(parser, [](void* ud, const XML_Char* s, int len) {
        auto* ev = static_cast<XmlEvents*>(ud);
        if (ev->text) ev->text(std::string_view(s, static_cast<size_t>(len)));
    });
    Status status = Ok();
    if (XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), XML_TRUE) != XML_STATUS_OK) {
        status = Fail(Corrupt(fmt::format("{} 不是合法的 XML（第 {} 行：{}）", part, XML_GetCurrentLineNumber(parser),
                                          XML_ErrorString(XML_GetErrorCode(parser)))));
    }
    XML_ParserFree(parser);
    return status;
}

// ---- Package structure -------------------------------------------------------------------------------------------

std::string DirOf(std::string_view part) {
    size_t slash = part.rfind('/');
    return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

std::string RelsOf(std::string_view part) {
    size_t slash = part.rfind('/');
    std::string_view file = slash == std::string_view::npos ? part : part.substr(slash + 1);
    return fmt::format("{}_rels/{}.rels", DirOf(part), file);
}

// A relationship target, relative to the source part's folder unless it starts with '/', as a zip entry name.
std::string ResolveTarget(std::string_view base_dir, std::string_view target) {
    std::string joined =
        target.starts_with('/') ? std::string(target.substr(1)) : fmt::format("{}{}", base_dir, target);
    std::vector<std::string> segments;
    size_t start = 0;
    while (start <= joined.size()) {
        size_t slash = joined.find('/', start);
        if (slash == std::string::npos) slash = joined.size();
        std::string seg = joined.substr(start, slash - start);
        if (seg == "..") {
            if (!segments.empty()) segments.pop_back();
        } else if (!seg.empty() && seg != ".") {
            segments.push_back(std::move(seg));
        }
        start = slash + 1;
    }
    std::string out;
    for (const std::string& s : segments) out += (out.empty() ? "" : "/") + s;
    return out;
}

struct Relationship {
    std::string id;
    std::string type;    // the full URI; compared by its last segment ("/worksheet")
    std::string target;  // resolved zip entry name
};

Result<std::vector<Relationship>> ReadRels(Zip& zip, std::string_view source_part) {
    std::string rels_part = RelsOf(source_part);
    XF_ASSIGN_OR_RETURN(std::optional<std::string> xml, zip.Read(rels_part));
    std::vector<Relationship> rels;
    if (!xml) return rels;
    std::string base = DirOf(source_part);
    XmlEvents ev;
    ev.start = [&](std::string_view name, const char** attrs) {
        if (name != "Relationship" || AttrOr(attrs, "TargetMode") == "External") return;
        rels.push_back({AttrOr(attrs, "Id"), AttrOr(attrs, "Type"), ResolveTarget(base, AttrOr(attrs, "Target"))});
    };
    XF_TRY(ParseXml(*xml, rels_part, ev));
    return rels;
}

const Relationship* FindRelByType(const std::vector<Relationship>& rels, std::string_view type_suffix) {
    for (const Relationship& r : rels) {
        if (r.type.ends_with(type_suffix)) return &r;
    }
    return nullptr;
}

struct SheetRef {
    std::string name;
    std::string state;  // "", "visible", "hidden", "veryHidden"
    std::string rel_id;
};

struct Workbook {
    bool date1904 = false;
    std::vector<SheetRef> sheets;
};

Result<Workbook> ReadWorkbook(std::string_view xml, std::string_view part) {
    Workbook wb;
    XmlEvents ev;
    ev.start = [&](std::string_view name, const char** attrs) {
        if (name == "workbookPr") {
            std::string v = AttrOr(attrs, "date1904");
            wb.date1904 = v == "1" || v == "true";
        } else if (name == "sheet") {
            wb.sheets.push_back({AttrOr(attrs, "name"), AttrOr(attrs, "state"), AttrOr(attrs, "id")});
        }
    };
    XF_TRY(ParseXml(xml, part, ev));
    return wb;
}

// Shared strings: the text of every <t> in an <si>, rich-text runs concatenated, phonetic guides (<rPh>) skipped.
Result<std::vector<std::string>> ReadSharedStrings(std::string_view xml, std::string_view part) {
    std::vector<std::string> strings;
    std::string current;
    bool in_si = false, in_t = false;
    int rph_depth = 0;
    XmlEvents ev;
    ev.start = [&](std::string_view name, const char**) {
        if (name == "si") {
            in_si = true;
            current.clear();
        } else if (name == "rPh") {
            ++rph_depth;
        } else if (name == "t") {
            in_t = in_si && rph_depth == 0;
        }
    };
    ev.end = [&](std::string_view name) {
        if (name == "si") {
            strings.push_back(std::move(current));
            current.clear();
            in_si = false;
        } else if (name == "rPh") {
            --rph_depth;
        } else if (name == "t") {
            in_t = false;
        }
    };
    ev.text = [&](std::string_view text) {
        if (in_t) current.append(text);
    };
    XF_TRY(ParseXml(xml, part, ev));
    return strings;
}

// Locale-dependent built-ins are included too: in the Chinese (and Japanese/Korean) Excel and WPS, ids 27-36 and
// 50-58 are date formats such as "yyyy年m月d日", and ledgers from those programs use them.
bool IsBuiltinDateFormat(int id) {
    return (id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

// A custom format is a date format when y, m or d appears outside quoted text, escapes, fill/padding characters
// and [bracketed] colour or locale codes.
bool IsDateFormatCode(std::string_view code) {
    for (size_t i = 0; i < code.size(); ++i) {
        char c = code[i];
        if (c == '"') {
            size_t close = code.find('"', i + 1);
            if (close == std::string_view::npos) return false;
            i = close;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;
        } else if (c == '[') {
            size_t close = code.find(']', i + 1);
            if (close == std::string_view::npos) return false;
            i = close;
        } else if (c == 'y' || c == 'Y' || c == 'm' || c == 'M' || c == 'd' || c == 'D') {
            return true;
        }
    }
    return false;
}

// For each cell style (index = the cell's s attribute): whether it shows numbers as dates.
Result<std::vector<bool>> ReadDateStyles(std::string_view xml, std::string_view part) {
    std::map<int, std::string> custom;
    std::vector<int> xf_formats;
    bool in_cell_xfs = false;
    XmlEvents ev;
    ev.start = [&](std::string_view name, const char** attrs) {
        if (name == "numFmt") {
            custom[std::atoi(AttrOr(attrs, "numFmtId", "0").c_str())] = AttrOr(attrs, "formatCode");
        } else if (name == "cellXfs") {
            in_cell_xfs = true;
        } else if (name == "xf" && in_cell_xfs) {
            xf_formats.push_back(std::atoi(AttrOr(attrs, "numFmtId", "0").c_str()));
        }
    };
    ev.end = [&](std::string_view name) {
        if (name == "cellXfs") in_cell_xfs = false;
    };
    XF_TRY(ParseXml(xml, part, ev));
    std::vector<bool> is_date;
    is_date.reserve(xf_formats.size());
    for (int id : xf_formats) {
        auto it = custom.find(id);
        is_date.push_back(it != custom.end() ? IsDateFormatCode(it->second) : IsBuiltinDateFormat(id));
    }
    return is_date;
}

// ---- Cell values -------------------------------------------------------------------------------------------------

// What Excel shows in a General cell: 15 significant digits (hiding binary noise such as 12.300000000000001),
// then the shortest decimal form of that.
std::string NumberText(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.14e", v);
    double rounded = std::strtod(buf, nullptr);
    if (rounded == 0) rounded = 0;  // no "-0"
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, rounded);
    return ec == std::errc() ? std::string(buf, end) : std::string();
}

// Excel serial day -> "YYYY-MM-DD". The 1900 system counts the non-existent 1900-02-29 as day 60 (a Lotus 1-2-3
// bug Excel kept), so days from 61 on are one less than a plain count from 1899-12-31; day 60 and day 0 have no
// real date.
std::optional<std::string> SerialToDate(double serial, bool date1904) {
    using namespace std::chrono;
    if (!std::isfinite(serial) || serial < 0 || serial >= 2958466) return std::nullopt;  // up to 9999-12-31
    auto day = static_cast<int>(std::floor(serial));
    sys_days d;
    if (date1904) {
        d = sys_days(year(1904) / January / 1) + days(day);
    } else {
        if (day < 1 || day == 60) return std::nullopt;
        d = day < 60 ? sys_days(year(1899) / December / 31) + days(day)
                     : sys_days(year(1899) / December / 30) + days(day);
    }
    year_month_day ymd(d);
    if (ymd.year() > year(9999)) return std::nullopt;
    return FormatDate(ymd);
}

// "AB12" -> column 27 (0-based) and row 12; false when malformed or beyond Excel's grid.
bool ParseCellRef(std::string_view ref, int& col, int& row) {
    size_t i = 0;
    col = 0;
    while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
        col = col * 26 + ((ref[i] | 0x20) - 'a' + 1);
        if (col > kMaxColumns) return false;
        ++i;
    }
    if (i == 0) return false;
    --col;
    auto [p, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), row);
    return ec == std::errc() && p == ref.data() + ref.size() && row >= 1 && row <= kMaxRows;
}

struct Merge {
    int first_row, first_col, last_row, last_col;
};

struct SheetContext {
    const std::vector<std::string>& shared_strings;
    const std::vector<bool>& date_styles;
    bool date1904;
};

struct RawCell {
    int col = 0;
    int style = 0;
    std::string type;
    std::string value;        // <v>
    std::string inline_text;  // <is><t>
};

Result<Cell> ResolveCell(const RawCell& raw, const SheetContext& ctx) {
    Cell cell;
    auto set_text = [&](std::string text) {
        cell.kind = text.empty() ? Cell::Kind::kEmpty : Cell::Kind::kText;
        cell.text = std::move(text);
    };
    const std::string& t = raw.type;
    if (t == "s") {
        if (raw.value.empty()) return cell;  // a styled blank that still says t="s"
        size_t index = 0;
        auto [p, ec] = std::from_chars(raw.value.data(), raw.value.data() + raw.value.size(), index);
        if (ec != std::errc() || index >= ctx.shared_strings.size()) {
            return Fail(Corrupt(fmt::format("共享字符串编号“{}”不存在", raw.value)));
        }
        set_text(ctx.shared_strings[index]);
    } else if (t == "inlineStr") {
        set_text(raw.inline_text);
    } else if (t == "str" || t == "e") {  // a formula's string result, or an error value such as "#N/A"
        set_text(raw.value);
    } else if (t == "b") {
        if (!raw.value.empty()) {
            cell.kind = Cell::Kind::kBool;
            cell.number = raw.value == "1" || raw.value == "true" ? 1 : 0;
            cell.text = cell.number != 0 ? "TRUE" : "FALSE";
        }
    } else if (t == "d") {  // ISO 8601 date cell (rare, strict OOXML)
        set_text(raw.value);
        if (raw.value.size() >= 10 && ParseDate(std::string_view(raw.value).substr(0, 10))) {
            cell.date = raw.value.substr(0, 10);
        }
    } else {  // "n" or absent: a number
        std::string_view v = raw.value;
        while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
        while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
        if (v.empty()) return cell;
        double number = 0;
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), number);
        if (ec != std::errc() || p != v.data() + v.size()) {
            set_text(std::string(v));  // not a number after all; keep what is there
            return cell;
        }
        cell.kind = Cell::Kind::kNumber;
        cell.number = number;
        cell.text = NumberText(number);
        if (raw.style >= 0 && static_cast<size_t>(raw.style) < ctx.date_styles.size() && ctx.date_styles[raw.style]) {
            cell.date = SerialToDate(number, ctx.date1904);
        }
    }
    return cell;
}

struct SheetData {
    std::vector<Row> rows;
    std::vector<Merge> merges;
};

Result<SheetData> ReadSheetData(std::string_view xml, std::string_view part, const SheetContext& ctx) {
    SheetData data;
    std::optional<Error> error;
    Row* row = nullptr;
    int last_row = 0, next_col = 0;
    RawCell raw;
    bool in_c = false, in_v = false, in_is = false, in_t = false;
    int rph_depth = 0;
    XmlEvents ev;
    ev.start = [&](std::string_view name, const char** attrs) {
        if (error) return;
        if (name == "row") {
            int r = last_row + 1;
            if (const char* ra = Attr(attrs, "r")) {
                auto [p, ec] = std::from_chars(ra, ra + std::strlen(ra), r);
                if (ec != std::errc() || r < 1 || r > kMaxRows) {
                    error = Corrupt(fmt::format("{} 中的行号“{}”无效", part, ra));
                    return;
                }
            }
            last_row = r;
            next_col = 0;
            row = &data.rows.emplace_back(Row{r, {}});
        } else if (name == "c" && row != nullptr) {
            raw = RawCell{};
            raw.col = next_col;
            if (const char* ref = Attr(attrs, "r")) {
                int ref_row = 0;
                if (!ParseCellRef(ref, raw.col, ref_row)) {
                    error = Corrupt(fmt::format("{} 中的单元格引用“{}”无效", part, ref));
                    return;
                }
            }
            if (raw.col >= kMaxColumns) {
                error = Corrupt(fmt::format("{} 中的列超出范围", part));
                return;
            }
            raw.style = std::atoi(AttrOr(attrs, "s", "0").c_str());
            raw.type = AttrOr(attrs, "t", "n");
            in_c = true;
        } else if (in_c && name == "v") {
            in_v = true;
        } else if (in_c && name == "is") {
            in_is = true;
        } else if (in_is && name == "rPh") {
            ++rph_depth;
        } else if (in_is && name == "t") {
            in_t = rph_depth == 0;
        } else if (name == "mergeCell") {
            std::string ref = AttrOr(attrs, "ref");
            size_t colon = ref.find(':');
            Merge m{};
            if (colon != std::string::npos &&
                ParseCellRef(std::string_view(ref).substr(0, colon), m.first_col, m.first_row) &&
                ParseCellRef(std::string_view(ref).substr(colon + 1), m.last_col, m.last_row)) {
                data.merges.push_back(m);
            }
        }
    };
    ev.end = [&](std::string_view name) {
        if (error) return;
        if (name == "v") {
            in_v = false;
        } else if (name == "t") {
            in_t = false;
        } else if (name == "rPh") {
            if (rph_depth > 0) --rph_depth;
        } else if (name == "is") {
            in_is = false;
        } else if (name == "c" && in_c) {
            in_c = false;
            next_col = raw.col + 1;
            Result<Cell> cell = ResolveCell(raw, ctx);
            if (!cell) {
                error = std::move(cell).error();
                return;
            }
            if (cell->kind == Cell::Kind::kEmpty) return;
            if (row->cells.size() <= static_cast<size_t>(raw.col)) row->cells.resize(raw.col + 1);
            row->cells[raw.col] = std::move(*cell);
        } else if (name == "row") {
            row = nullptr;
        }
    };
    ev.text = [&](std::string_view text) {
        if (in_v) raw.value.append(text);
        if (in_t) raw.inline_text.append(text);
    };
    XF_TRY(ParseXml(xml, part, ev));
    if (error) return Fail(std::move(*error));
    return data;
}

std::string HeaderText(const Cell& cell) { return cell.date ? *cell.date : cell.text; }

}  // namespace

Result<Table> ReadXlsx(std::string_view bytes) {
    if (bytes.empty()) return Fail(FileError("文件为空"));
    XF_ASSIGN_OR_RETURN(std::unique_ptr<Zip> zip, Zip::Open(bytes));

    XF_ASSIGN_OR_RETURN(std::vector<Relationship> root_rels, ReadRels(*zip, ""));
    const Relationship* office = FindRelByType(root_rels, "/officeDocument");
    std::string workbook_part = office != nullptr ? office->target : "xl/workbook.xml";
    XF_ASSIGN_OR_RETURN(std::optional<std::string> workbook_xml, zip->Read(workbook_part));
    if (!workbook_xml) return Fail(FileError("不是有效的 xlsx 文件：这是一个 zip 压缩包，但里面没有 Excel 工作簿"));
    XF_ASSIGN_OR_RETURN(Workbook workbook, ReadWorkbook(*workbook_xml, workbook_part));
    XF_ASSIGN_OR_RETURN(std::vector<Relationship> rels, ReadRels(*zip, workbook_part));

    const SheetRef* chosen = nullptr;
    const Relationship* chosen_rel = nullptr;
    for (bool visible_only : {true, false}) {
        for (const SheetRef& sheet : workbook.sheets) {
            auto rel =
                std::find_if(rels.begin(), rels.end(), [&](const Relationship& r) { return r.id == sheet.rel_id; });
            if (rel == rels.end() || !rel->type.ends_with("/worksheet")) continue;  // chartsheets, dialog sheets
            if (visible_only && !sheet.state.empty() && sheet.state != "visible") continue;
            chosen = &sheet;
            chosen_rel = &*rel;
            break;
        }
        if (chosen != nullptr) break;
    }
    if (chosen == nullptr) return Fail(FileError("xlsx 文件中没有工作表"));

    std::vector<std::string> shared_strings;
    if (const Relationship* r = FindRelByType(rels, "/sharedStrings")) {
        XF_ASSIGN_OR_RETURN(std::optional<std::string> xml, zip->Read(r->target));
        if (xml) XF_ASSIGN_OR_RETURN(shared_strings, ReadSharedStrings(*xml, r->target));
    }
    std::vector<bool> date_styles;
    if (const Relationship* r = FindRelByType(rels, "/styles")) {
        XF_ASSIGN_OR_RETURN(std::optional<std::string> xml, zip->Read(r->target));
        if (xml) XF_ASSIGN_OR_RETURN(date_styles, ReadDateStyles(*xml, r->target));
    }

    XF_ASSIGN_OR_RETURN(std::optional<std::string> sheet_xml, zip->Read(chosen_rel->target));
    if (!sheet_xml) return Fail(FileError(fmt::format("xlsx 文件中没有工作表：找不到“{}”的内容", chosen->name)));
    SheetContext ctx{shared_strings, date_styles, workbook.date1904};
    XF_ASSIGN_OR_RETURN(SheetData data, ReadSheetData(*sheet_xml, chosen_rel->target, ctx));

    std::stable_sort(data.rows.begin(), data.rows.end(), [](const Row& a, const Row& b) { return a.line < b.line; });
    std::vector<Row> rows;
    rows.reserve(data.rows.size());
    for (Row& row : data.rows) {
        while (!row.cells.empty() && row.cells.back().kind == Cell::Kind::kEmpty) row.cells.pop_back();
        if (!row.cells.empty()) rows.push_back(std::move(row));
    }

    Table table;
    table.encoding = "UTF-8";
    table.sheet_name = chosen->name;
    size_t header = 0;
    // Leading rows holding a single value merged across columns are titles, not the header.
    for (; header < rows.size(); ++header) {
        const Row& row = rows[header];
        size_t filled = 0, col = 0;
        for (size_t c = 0; c < row.cells.size(); ++c) {
            if (row.cells[c].kind != Cell::Kind::kEmpty) ++filled, col = c;
        }
        bool merged_title =
            filled == 1 && std::any_of(data.merges.begin(), data.merges.end(), [&](const Merge& m) {
                return m.first_row == row.line && m.first_col == static_cast<int>(col) && m.last_col > m.first_col;
            });
        if (!merged_title) break;
        if (table.title.empty()) table.title = HeaderText(row.cells[col]);
    }
    if (header >= rows.size()) return Fail(FileError(fmt::format("工作表“{}”为空：没有表头和数据", chosen->name)));
    for (const Cell& cell : rows[header].cells) table.header.push_back(HeaderText(cell));
    table.rows.assign(std::make_move_iterator(rows.begin() + header + 1), std::make_move_iterator(rows.end()));
    return table;
}

}  // namespace xf::tabular
