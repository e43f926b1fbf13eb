// Spreadsheets in and out: reads historical ledgers (CSV in UTF-8 or GB18030, or the first worksheet of an .xlsx)
// into a plain Table of cells, and writes formatted .xlsx exports. No domain knowledge: callers map columns to
// fields. Every failure is a Result with a Chinese message; input problems name the field "file".
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/error.hpp"

namespace xf::tabular {

// ---- Reading ----------------------------------------------------------------------------------------------------

struct Cell {
    enum class Kind { kEmpty, kText, kNumber, kBool };
    Kind kind = Kind::kEmpty;
    // kText: the text. kNumber: the shortest decimal rendering ("5", "12.5"). kBool: "TRUE"/"FALSE". kEmpty: "".
    std::string text;
    double number = 0;  // kNumber: the value; kBool: 1 or 0.
    // XLSX only: set for numbers whose cell style is a date format, "YYYY-MM-DD" (time of day dropped).
    std::optional<std::string> date;
};

struct Row {
    // CSV: the 1-based physical line where the record starts. XLSX: the sheet's row number.
    int line = 0;
    // Column i of the sheet is cells[i]; trailing columns may be missing (see Get).
    std::vector<Cell> cells;

    // The cell in column `col`, or an empty cell when the row is shorter.
    const Cell& Get(size_t col) const;
};

struct Table {
    // The first non-empty row, as text. Not repeated in `rows`.
    std::vector<std::string> header;
    // The rows after the header. CSV keeps blank records in the middle (so line numbers stay meaningful) and drops
    // trailing ones; XLSX drops rows whose cells are all empty.
    std::vector<Row> rows;
    std::string encoding;    // "UTF-8" or "GB18030" (XLSX is always "UTF-8").
    std::string sheet_name;  // XLSX: the worksheet read. CSV: empty.
    // XLSX: text of leading rows that hold one value merged across several columns (a 台账 title such as
    // "青山县信访事项登记台账") and so were not taken as the header; the first one. Empty if none.
    std::string title;
};

// RFC 4180 with comma separators: quoted fields, doubled quotes, CR/LF/CRLF line ends, newlines inside quotes.
// A UTF-8 BOM is stripped. Bytes that are not valid UTF-8 are decoded as GB18030, else rejected.
[[nodiscard]] Result<Table> ReadCsv(std::string_view bytes);

// The first visible worksheet in workbook order (the first worksheet if all are hidden).
[[nodiscard]] Result<Table> ReadXlsx(std::string_view bytes);

// Chooses the reader by content, not by extension: a zip ("PK\3\4") is read as XLSX, anything else as CSV.
// A legacy .xls (OLE2) is rejected with a hint to save it as .xlsx.
[[nodiscard]] Result<Table> ReadTableFile(const std::filesystem::path& path);

// ---- Writing ----------------------------------------------------------------------------------------------------

enum class ColumnType {
    kText,      // strings are always written as text, even "0101" or an 18-digit ID number.
    kInteger,   // "#,##0".
    kPercent,   // value given in percent units (12.5 means 12.5%), shown as "0.0%".
    kDecimal1,  // "0.0".
    kDate,      // "YYYY-MM-DD" text written as a real Excel date shown "yyyy-mm-dd"; other text is kept as text.
};

struct Column {
    std::string header;
    ColumnType type = ColumnType::kText;
    double width = 0;  // Excel character units; 0 = from the content, CJK characters counting 2.
};

// The value decides the cell type (string -> text, numbers -> number), the column decides the display format.
using SheetCell = std::variant<std::monostate, std::string, int64_t, double>;  // monostate = empty cell

struct Sheet {
    std::string name;   // sanitized to Excel's rules, see SanitizeSheetNames.
    std::string title;  // optional: a bold first row merged across all columns, above the header.
    std::vector<Column> columns;
    std::vector<std::vector<SheetCell>> rows;  // each row has at most columns.size() cells.
};

// The header row is bold on a light fill with borders and frozen (with the title above it, if any).
[[nodiscard]] Result<std::string> WriteXlsx(const std::vector<Sheet>& sheets);
// Writes the file next to `out` and renames it into place, so a reader never sees half a workbook.
[[nodiscard]] Status WriteXlsxFile(const std::vector<Sheet>& sheets, const std::filesystem::path& out);

// Excel's sheet-name rules: []:*?/\ become '_', no leading/trailing apostrophe, at most 31 characters, not
// "History", not empty ("Sheet1", "Sheet2", ... by position), unique ignoring ASCII case ("名称(2)", ...).
std::vector<std::string> SanitizeSheetNames(std::span<const std::string> names);

}  // namespace xf::tabular
