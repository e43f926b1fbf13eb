// XLSX writing with libxlsxwriter. It only writes to a named file, so the workbook goes to a private temporary file
// (mode 0600: exports carry personal data) that is read back and deleted. Rows are streamed (constant_memory), so
// large exports do not hold every cell in memory twice.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>

#include "base/date.hpp"
#include "base/text.hpp"
#include "tabular/table.hpp"

namespace xf::tabular {
namespace {

constexpr size_t kMaxSheetNameChars = 31;
constexpr size_t kMaxExcelRows = 1048576;
constexpr size_t kMaxExcelColumns = 16384;
constexpr size_t kMaxCellChars = 32767;
constexpr double kMinAutoWidth = 6;
constexpr double kMaxAutoWidth = 60;

// East Asian wide and fullwidth characters take two columns in Excel's default fonts.
bool IsWide(char32_t cp) {
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

// Width of the widest line of s, CJK counting 2. Assumes valid UTF-8.
double DisplayWidth(std::string_view s) {
    double widest = 0, line = 0;
    for (size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
        i += len;
        if (cp == '\n') {
            widest = std::max(widest, line);
            line = 0;
        } else {
            line += IsWide(cp) ? 2 : 1;
        }
    }
    return std::max(widest, line);
}

// How a number will look in its column, for sizing only.
double NumberWidth(double v, ColumnType type) {
    switch (type) {
        case ColumnType::kInteger: {
            std::string digits = fmt::format("{:.0f}", std::abs(v));
            return static_cast<double>(digits.size() + (digits.size() - 1) / 3 + (v < 0 ? 1 : 0));
        }
        case ColumnType::kPercent:
            return static_cast<double>(fmt::format("{:.1f}%", v).size());
        case ColumnType::kDecimal1:
            return static_cast<double>(fmt::format("{:.1f}", v).size());
        case ColumnType::kDate:
            return 10;
        case ColumnType::kText:
            break;
    }
    return static_cast<double>(fmt::format("{}", v).size());
}

double CellWidth(const SheetCell& cell, ColumnType type) {
    if (const auto* s = std::get_if<std::string>(&cell)) return DisplayWidth(*s);
    if (const auto* i = std::get_if<int64_t>(&cell)) return NumberWidth(static_cast<double>(*i), type);
    if (const auto* d = std::get_if<double>(&cell)) return NumberWidth(*d, type);
    return 0;
}

double ColumnWidth(const Sheet& sheet, size_t col) {
    const Column& column = sheet.columns[col];
    if (column.width > 0) return column.width;
    double widest = DisplayWidth(column.header);
    for (const auto& row : sheet.rows) {
        if (col < row.size()) widest = std::max(widest, CellWidth(row[col], column.type));
    }
    return std::clamp(widest + 2, kMinAutoWidth, kMaxAutoWidth);
}

struct Formats {
    lxw_format* title;
    lxw_format* header;
    lxw_format* text;
    lxw_format* general;
    lxw_format* integer;
    lxw_format* percent;
    lxw_format* decimal1;
    lxw_format* date;
};

Formats MakeFormats(lxw_workbook* wb) {
    auto data = [wb](const char* num_format) {
        lxw_format* f = workbook_add_format(wb);
        format_set_border(f, LXW_BORDER_THIN);
        if (num_format != nullptr) format_set_num_format(f, num_format);
        return f;
    };
    Formats f{};
    f.title = workbook_add_format(wb);
    format_set_bold(f.title);
    format_set_font_size(f.title, 14);
    format_set_align(f.title, LXW_ALIGN_CENTER);
    format_set_align(f.title, LXW_ALIGN_VERTICAL_CENTER);
    f.header = workbook_add_format(wb);
    format_set_bold(f.header);
    format_set_bg_color(f.header, 0xDDEBF7);
    format_set_border(f.header, LXW_BORDER_THIN);
    format_set_align(f.header, LXW_ALIGN_CENTER);
    format_set_align(f.header, LXW_ALIGN_VERTICAL_CENTER);
    f.text = data("@");
    f.general = data(nullptr);
    f.integer = data("#,##0");
    f.percent = data("0.0%");
    f.decimal1 = data("0.0");
    f.date = data("yyyy-mm-dd");
    return f;
}

lxw_format* NumberFormat(const Formats& f, ColumnType type) {
    switch (type) {
        case ColumnType::kInteger:
            return f.integer;
        case ColumnType::kPercent:
            return f.percent;
        case ColumnType::kDecimal1:
            return f.decimal1;
        case ColumnType::kDate:
            return f.date;
        case ColumnType::kText:
            break;
    }
    return f.general;
}

Status Check(lxw_error err) {
    if (err == LXW_NO_ERROR) return Ok();
    return Fail(Error::Internal(fmt::format("写入 xlsx 失败：{}", lxw_strerror(err))));
}

Status WriteCell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const SheetCell& cell, ColumnType type, const Formats& f,
                 const std::string& field) {
    if (const auto* s = std::get_if<std::string>(&cell)) {
        if (s->empty()) return Check(worksheet_write_blank(ws, r, c, f.text));
        if (!IsValidUtf8(*s)) return Fail(Error::InvalidArgument(field, "单元格文本不是有效的 UTF-8"));
        if (Utf8Length(*s) > kMaxCellChars) {
            return Fail(
                Error::InvalidArgument(field, fmt::format("单元格文本超过 Excel 上限 {} 个字符", kMaxCellChars)));
        }
        if (type == ColumnType::kDate) {
            if (auto d = ParseDate(*s, field); d && d->year() >= std::chrono::year(1900)) {
                lxw_datetime dt{static_cast<int>(d->year()),
                                static_cast<int>(static_cast<unsigned>(d->month())),
                                static_cast<int>(static_cast<unsigned>(d->day())),
                                0,
                                0,
                                0};
                return Check(worksheet_write_datetime(ws, r, c, &dt, f.date));
            }
        }
        return Check(worksheet_write_string(ws, r, c, s->c_str(), f.text));
    }
    double v = 0;
    if (const auto* i = std::get_if<int64_t>(&cell)) {
        v = static_cast<double>(*i);
    } else if (const auto* d = std::get_if<double>(&cell)) {
        v = *d;
    } else {
        return Check(worksheet_write_blank(ws, r, c, type == ColumnType::kText ? f.text : NumberFormat(f, type)));
    }
    if (type == ColumnType::kPercent) v /= 100;  // given in percent units; Excel's % format multiplies by 100
    return Check(worksheet_write_number(ws, r, c, v, NumberFormat(f, type)));
}

Status WriteSheet(lxw_workbook* wb, const Sheet& sheet, const std::string& name, size_t index, const Formats& f) {
    std::string prefix = fmt::format("sheets[{}]", index);
    const size_t ncols = sheet.columns.size();
    const size_t first_data_row = sheet.title.empty() ? 1 : 2;
    if (ncols > kMaxExcelColumns) {
        return Fail(Error::ResourceExhausted(
            fmt::format("工作表“{}”有 {} 列，超过 Excel 上限 {}", name, ncols, kMaxExcelColumns)));
    }
    if (sheet.rows.size() + first_data_row > kMaxExcelRows) {
        return Fail(Error::ResourceExhausted(fmt::format("工作表“{}”有 {} 行数据，超过 Excel 上限 {} 行", name,
                                                         sheet.rows.size(), kMaxExcelRows - first_data_row)));
    }
    for (size_t c = 0; c < ncols; ++c) {
        if (!IsValidUtf8(sheet.columns[c].header)) {
            return Fail(
                Error::InvalidArgument(fmt::format("{}.columns[{}].header", prefix, c), "列名不是有效的 UTF-8"));
        }
    }
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
        if (sheet.rows[r].size() > ncols) {
            return Fail(
                Error::InvalidArgument(fmt::format("{}.rows[{}]", prefix, r),
                                       fmt::format("这一行有 {} 个单元格，但只有 {} 列", sheet.rows[r].size(), ncols)));
        }
    }
    if (!IsValidUtf8(sheet.title)) return Fail(Error::InvalidArgument(prefix + ".title", "标题不是有效的 UTF-8"));

    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    if (ws == nullptr) return Fail(Error::Internal(fmt::format("无法创建工作表“{}”", name)));
    for (size_t c = 0; c < ncols; ++c) {
        XF_TRY(Check(worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                                          ColumnWidth(sheet, c), nullptr)));
    }
    // constant_memory: rows must be written strictly top to bottom, each row's properties before its cells.
    lxw_row_t row = 0;
    if (!sheet.title.empty()) {
        XF_TRY(Check(worksheet_set_row(ws, row, 24, nullptr)));
        if (ncols >= 2) {
            XF_TRY(Check(worksheet_merge_range(ws, row, 0, row, static_cast<lxw_col_t>(ncols - 1), sheet.title.c_str(),
                                               f.title)));
        } else {
            XF_TRY(Check(worksheet_write_string(ws, row, 0, sheet.title.c_str(), f.title)));
        }
        ++row;
    }
    for (size_t c = 0; c < ncols; ++c) {
        XF_TRY(Check(
            worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), sheet.columns[c].header.c_str(), f.header)));
    }
    ++row;
    worksheet_freeze_panes(ws, row, 0);
    static const SheetCell kBlank;
    for (size_t r = 0; r < sheet.rows.size(); ++r, ++row) {
        const auto& cells = sheet.rows[r];
        for (size_t c = 0; c < ncols; ++c) {
            const SheetCell& cell = c < cells.size() ? cells[c] : kBlank;
            XF_TRY(WriteCell(ws, row, static_cast<lxw_col_t>(c), cell, sheet.columns[c].type, f,
                             fmt::format("{}.rows[{}][{}]", prefix, r, c)));
        }
    }
    return Ok();
}

// A private, uniquely named file that is deleted with this object.
class TempFile {
  public:
    static Result<std::unique_ptr<TempFile>> Create() {
        std::error_code ec;
        std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
        if (ec) return Fail(Error::Internal(fmt::format("找不到临时目录：{}", ec.message())));
        std::string name = (dir / "xf-export-XXXXXX.xlsx").string();
        int fd = mkstemps(name.data(), 5);
        if (fd < 0) return Fail(Error::Internal(fmt::format("无法创建临时文件：{}", std::strerror(errno))));
        ::close(fd);
        return std::unique_ptr<TempFile>(new TempFile(std::move(name)));
    }
    ~TempFile() {
        std::error_code ec;
        std::filesystem::remove(path_, ec);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }

  private:
    explicit TempFile(std::string path) : path_(std::move(path)) {}
    std::string path_;
};

Result<std::string> ReadWholeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Fail(Error::Internal(fmt::format("无法读取临时文件 {}", path)));
    std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) return Fail(Error::Internal(fmt::format("无法读取临时文件 {}", path)));
    return bytes;
}

bool IsForbiddenInSheetName(char c) {
    return c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' || c == '\\';
}

std::string AsciiLower(std::string s) {
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

}  // namespace

std::vector<std::string> SanitizeSheetNames(std::span<const std::string> names) {
    std::vector<std::string> out;
    std::set<std::string> taken;  // ASCII-lowercased, as Excel compares names ignoring case
    for (size_t i = 0; i < names.size(); ++i) {
        std::string name = names[i];
        std::replace_if(name.begin(), name.end(), IsForbiddenInSheetName, '_');
        while (!name.empty() && name.front() == '\'') name.erase(0, 1);
        name = Utf8Prefix(name, kMaxSheetNameChars);
        while (!name.empty() && name.back() == '\'') name.pop_back();
        if (name.empty()) name = fmt::format("Sheet{}", i + 1);
        if (AsciiLower(name) == "history") name += "_";  // reserved by Excel
        std::string candidate = name;
        for (int n = 2; taken.contains(AsciiLower(candidate)); ++n) {
            std::string suffix = fmt::format("({})", n);
            candidate = Utf8Prefix(name, kMaxSheetNameChars - suffix.size()) + suffix;
        }
        taken.insert(AsciiLower(candidate));
        out.push_back(std::move(candidate));
    }
    return out;
}

Result<std::string> WriteXlsx(const std::vector<Sheet>& sheets) {
    if (sheets.empty()) return Fail(Error::InvalidArgument("sheets", "至少需要一个工作表"));
    std::vector<std::string> raw_names;
    for (size_t i = 0; i < sheets.size(); ++i) {
        if (!IsValidUtf8(sheets[i].name)) {
            return Fail(Error::InvalidArgument(fmt::format("sheets[{}].name", i), "工作表名称不是有效的 UTF-8"));
        }
        raw_names.push_back(sheets[i].name);
    }
    std::vector<std::string> names = SanitizeSheetNames(raw_names);

    XF_ASSIGN_OR_RETURN(std::unique_ptr<TempFile> file, TempFile::Create());
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    std::unique_ptr<lxw_workbook, decltype(&lxw_workbook_free)> wb(workbook_new_opt(file->path().c_str(), &options),
                                                                   &lxw_workbook_free);
    if (wb == nullptr) return Fail(Error::Internal("无法创建 xlsx 工作簿"));
    Formats formats = MakeFormats(wb.get());
    for (size_t i = 0; i < sheets.size(); ++i) XF_TRY(WriteSheet(wb.get(), sheets[i], names[i], i, formats));
    XF_TRY(Check(workbook_close(wb.release())));  // workbook_close frees the workbook, whatever it returns
    return ReadWholeFile(file->path());
}

Status WriteXlsxFile(const std::vector<Sheet>& sheets, const std::filesystem::path& out) {
    XF_ASSIGN_OR_RETURN(std::string bytes, WriteXlsx(sheets));
    std::filesystem::path partial = out;
    partial += ".partial";
    {
        std::ofstream f(partial, std::ios::binary | std::ios::trunc);
        f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        f.close();
        if (!f) {
            std::error_code ec;
            std::filesystem::remove(partial, ec);
            return Fail(Error::Internal(fmt::format("无法写入文件 {}", out.string())));
        }
    }
    std::error_code ec;
    std::filesystem::rename(partial, out, ec);
    if (ec) {
        std::filesystem::remove(partial, ec);
        return Fail(Error::Internal(fmt::format("无法写入文件 {}：{}", out.string(), ec.message())));
    }
    return Ok();
}

}  // namespace xf::tabular
