#include <fmt/format.h>
#include <gtest/gtest.h>
#include <iconv.h>
#include <minizip/unzip.h>
#include <minizip/zip.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <utility>

#include "tabular/table.hpp"

namespace xf::tabular {
namespace {

using Kind = Cell::Kind;

std::filesystem::path TempPath(std::string_view suffix) {
    static std::atomic<int> counter{0};
    return std::filesystem::temp_directory_path() /
           fmt::format("xf-tabular-test-{}-{}{}", ::getpid(), counter++, suffix);
}

std::string ReadFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void WriteFile(const std::filesystem::path& p, std::string_view bytes) {
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string Utf8ToGb18030(std::string_view utf8) {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
    std::string out(utf8.size() * 2 + 8, '\0');
    char* src = const_cast<char*>(utf8.data());
    size_t src_left = utf8.size();
    char* dst = out.data();
    size_t dst_left = out.size();
    EXPECT_NE(iconv(cd, &src, &src_left, &dst, &dst_left), static_cast<size_t>(-1));
    iconv_close(cd);
    out.resize(out.size() - dst_left);
    return out;
}

// A zip (deflated, as Excel writes them) holding the given entries.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& entries) {
    auto path = TempPath(".zip");
    zipFile zf = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
    EXPECT_NE(zf, nullptr);
    for (const auto& [name, data] : entries) {
        zip_fileinfo info{};
        EXPECT_EQ(zipOpenNewFileInZip64(zf, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                                        Z_DEFAULT_COMPRESSION, 0),
                  ZIP_OK);
        EXPECT_EQ(zipWriteInFileInZip(zf, data.data(), static_cast<unsigned>(data.size())), ZIP_OK);
        EXPECT_EQ(zipCloseFileInZip(zf), ZIP_OK);
    }
    EXPECT_EQ(zipClose(zf, nullptr), ZIP_OK);
    std::string bytes = ReadFile(path);
    std::filesystem::remove(path);
    return bytes;
}

// One entry of a zip given as bytes ("" when absent).
std::string ZipEntry(std::string_view zip_bytes, const std::string& name) {
    auto path = TempPath(".zip");
    WriteFile(path, zip_bytes);
    std::string out;
    unzFile uf = unzOpen64(path.c_str());
    EXPECT_NE(uf, nullptr);
    if (uf != nullptr && unzLocateFile(uf, name.c_str(), 1) == UNZ_OK && unzOpenCurrentFile(uf) == UNZ_OK) {
        char buf[4096];
        int n = 0;
        while ((n = unzReadCurrentFile(uf, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
        unzCloseCurrentFile(uf);
    }
    if (uf != nullptr) unzClose(uf);
    std::filesystem::remove(path);
    return out;
}

std::vector<std::string> Texts(const Row& row) {
    std::vector<std::string> out;
    for (const Cell& c : row.cells) out.push_back(c.text);
    return out;
}

// ---- CSV ----------------------------------------------------------------------------------------------------------

TEST(CsvTest, QuotesEmbeddedNewlinesCrlfBomAndLineNumbers) {
    std::string csv =
        "\xEF\xBB\xBF"
        "编号,内容,备注\r\n"                     // line 1
        "0101,\"他说\"\"你好\"\"\",\r\n"         // line 2
        "0102,\"第一行\r\n第二行\",\"a,b\"\r\n"  // lines 3-4
        ",,\r\n"                                 // line 5: blank record in the middle is kept
        "0103,末行,x\r\n"                        // line 6
        "\r\n,,\r\n\r\n";                        // trailing blank records are trimmed
    auto table = ReadCsv(csv);
    ASSERT_TRUE(table) << table.error().message;
    EXPECT_EQ(table->encoding, "UTF-8");
    EXPECT_EQ(table->header, (std::vector<std::string>{"编号", "内容", "备注"}));
    ASSERT_EQ(table->rows.size(), 4u);

    const Row& r0 = table->rows[0];
    EXPECT_EQ(r0.line, 2);
    EXPECT_EQ(Texts(r0), (std::vector<std::string>{"0101", "他说\"你好\"", ""}));
    EXPECT_EQ(r0.cells[0].kind, Kind::kText);
    EXPECT_EQ(r0.cells[2].kind, Kind::kEmpty);
    EXPECT_EQ(r0.Get(7).kind, Kind::kEmpty);

    const Row& r1 = table->rows[1];
    EXPECT_EQ(r1.line, 3);
    EXPECT_EQ(Texts(r1), (std::vector<std::string>{"0102", "第一行\n第二行", "a,b"}));

    EXPECT_EQ(table->rows[2].line, 5);
    EXPECT_EQ(table->rows[2].cells.size(), 3u);
    EXPECT_EQ(table->rows[3].line, 6);
    EXPECT_EQ(table->rows[3].cells[1].text, "末行");
}

TEST(CsvTest, LoneCrAndLfLineEndsAndNoFinalNewline) {
    auto lf = ReadCsv("a,b\n1,\"x\ny\"\n2,z");
    ASSERT_TRUE(lf);
    ASSERT_EQ(lf->rows.size(), 2u);
    EXPECT_EQ(lf->rows[0].cells[1].text, "x\ny");
    EXPECT_EQ(lf->rows[1].line, 4);
    EXPECT_EQ(Texts(lf->rows[1]), (std::vector<std::string>{"2", "z"}));

    auto cr = ReadCsv("a,b\r1,\"x\ry\"\r2,z\r");
    ASSERT_TRUE(cr);
    ASSERT_EQ(cr->rows.size(), 2u);
    EXPECT_EQ(cr->rows[0].cells[1].text, "x\ny");
    EXPECT_EQ(cr->rows[1].line, 4);
}

TEST(CsvTest, Gb18030DetectedAndDecoded) {
    std::string utf8 = "信访件编号,登记日期\n青山县-1,2024-03-05\n";
    std::string gb = Utf8ToGb18030(utf8);
    ASSERT_NE(gb, utf8);
    ASSERT_EQ(gb.size(), 40u);  // 12 Chinese characters of 2 bytes each (3 in UTF-8) + 16 ASCII bytes
    auto table = ReadCsv(gb);
    ASSERT_TRUE(table) << table.error().message;
    EXPECT_EQ(table->encoding, "GB18030");
    EXPECT_EQ(table->header, (std::vector<std::string>{"信访件编号", "登记日期"}));
    ASSERT_EQ(table->rows.size(), 1u);
    EXPECT_EQ(table->rows[0].line, 2);
    EXPECT_EQ(Texts(table->rows[0]), (std::vector<std::string>{"青山县-1", "2024-03-05"}));
}

TEST(CsvTest, BytesNeitherUtf8NorGb18030AreRejectedWithOffset) {
    // "编号\n" is 7 bytes in UTF-8; 0xFF can start neither a UTF-8 nor a GB18030 sequence.
    auto table = ReadCsv("编号\n\xFF\xFE,1\n");
    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(table.error().field, "file");
    EXPECT_NE(table.error().message.find("文件编码无法识别：既不是 UTF-8 也不是 GB18030"), std::string::npos)
        << table.error().message;
    EXPECT_NE(table.error().message.find("字节偏移 7"), std::string::npos) << table.error().message;
    EXPECT_NE(table.error().message.find("第 2 行"), std::string::npos) << table.error().message;

    // With a UTF-8 BOM the file claims UTF-8, so a bad byte is reported at its place in the file.
    auto bom = ReadCsv(
        "\xEF\xBB\xBF"
        "ab\xC3(");
    ASSERT_FALSE(bom);
    EXPECT_NE(bom.error().message.find("字节偏移 5"), std::string::npos) << bom.error().message;
}

TEST(CsvTest, UnterminatedQuoteNamesTheLineWhereItOpened) {
    auto table = ReadCsv("编号,内容\n0101,好\n0102,\"没有闭合\n下一行,x\n");
    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(table.error().field, "file");
    EXPECT_NE(table.error().message.find("第 3 行的引号没有闭合"), std::string::npos) << table.error().message;
}

TEST(CsvTest, EmptyAndUtf16FilesAreRejected) {
    for (std::string_view bytes :
         {std::string_view(""), std::string_view("\xEF\xBB\xBF"), std::string_view("\r\n,,\n")}) {
        auto table = ReadCsv(bytes);
        ASSERT_FALSE(table);
        EXPECT_EQ(table.error().field, "file");
        EXPECT_NE(table.error().message.find("文件为空"), std::string::npos) << table.error().message;
    }
    auto utf16 =
        ReadCsv(std::string_view("\xFF\xFE"
                                 "a\0,\0b\0",
                                 8));
    ASSERT_FALSE(utf16);
    EXPECT_NE(utf16.error().message.find("UTF-16"), std::string::npos);
}

// ---- XLSX writing and reading back --------------------------------------------------------------------------------

std::vector<Sheet> LedgerSheets() {
    Sheet ledger;
    ledger.name = "登记/台账";
    ledger.title = "青山县信访事项登记台账";
    ledger.columns = {{"信访件编号"},
                      {"信访人"},
                      {"件数", ColumnType::kInteger},
                      {"按期办结率", ColumnType::kPercent},
                      {"登记日期", ColumnType::kDate},
                      {"满意度", ColumnType::kDecimal1, 9}};
    ledger.rows = {
        {std::string("0101"), std::string("张三"), int64_t{1234}, 87.5, std::string("2024-03-05"), 4.25},
        {std::string("520102199001011234"), std::string("李四（代理人：王五）"), int64_t{0}, 100.0,
         std::string("2024-02-29"), std::monostate{}},
        {std::string("0103"), std::string(""), int64_t{-5}, int64_t{50}, std::string("不详"), 3.0},
        {std::string("0104")},
    };
    Sheet second;
    second.name = "登记/台账";  // same name: must be made unique
    second.columns = {{"序号", ColumnType::kInteger}};
    second.rows = {{int64_t{1}}};
    return {ledger, second};
}

TEST(XlsxTest, RoundTripPreservesTextNumbersPercentsAndDates) {
    auto bytes = WriteXlsx(LedgerSheets());
    ASSERT_TRUE(bytes) << bytes.error().message;
    ASSERT_TRUE(bytes->starts_with("PK\x03\x04"));

    auto table = ReadXlsx(*bytes);
    ASSERT_TRUE(table) << table.error().message;
    EXPECT_EQ(table->sheet_name, "登记_台账");
    EXPECT_EQ(table->title, "青山县信访事项登记台账");
    EXPECT_EQ(table->encoding, "UTF-8");
    EXPECT_EQ(table->header,
              (std::vector<std::string>{"信访件编号", "信访人", "件数", "按期办结率", "登记日期", "满意度"}));
    ASSERT_EQ(table->rows.size(), 4u);

    const Row& r0 = table->rows[0];
    EXPECT_EQ(r0.line, 3);  // title on row 1, header on row 2
    EXPECT_EQ(r0.Get(0).kind, Kind::kText);
    EXPECT_EQ(r0.Get(0).text, "0101");
    EXPECT_EQ(r0.Get(1).text, "张三");
    EXPECT_EQ(r0.Get(2).kind, Kind::kNumber);
    EXPECT_EQ(r0.Get(2).number, 1234);
    EXPECT_EQ(r0.Get(2).text, "1234");
    EXPECT_FALSE(r0.Get(2).date);
    EXPECT_EQ(r0.Get(3).kind, Kind::kNumber);
    EXPECT_DOUBLE_EQ(r0.Get(3).number, 0.875);
    EXPECT_EQ(r0.Get(3).text, "0.875");
    EXPECT_EQ(r0.Get(4).kind, Kind::kNumber);
    EXPECT_EQ(r0.Get(4).number, 45356);  // Excel's serial for 2024-03-05
    EXPECT_EQ(r0.Get(4).date, "2024-03-05");
    EXPECT_EQ(r0.Get(5).text, "4.25");

    const Row& r1 = table->rows[1];
    EXPECT_EQ(r1.line, 4);
    EXPECT_EQ(r1.Get(0).kind, Kind::kText);
    EXPECT_EQ(r1.Get(0).text, "520102199001011234");
    EXPECT_EQ(r1.Get(1).text, "李四（代理人：王五）");
    EXPECT_EQ(r1.Get(2).text, "0");
    EXPECT_EQ(r1.Get(3).number, 1);
    EXPECT_EQ(r1.Get(4).date, "2024-02-29");
    EXPECT_EQ(r1.Get(5).kind, Kind::kEmpty);

    const Row& r2 = table->rows[2];
    EXPECT_EQ(r2.Get(1).kind, Kind::kEmpty);
    EXPECT_EQ(r2.Get(2).number, -5);
    EXPECT_DOUBLE_EQ(r2.Get(3).number, 0.5);
    EXPECT_EQ(r2.Get(4).kind, Kind::kText);  // not a date: kept as the text given
    EXPECT_EQ(r2.Get(4).text, "不详");
    EXPECT_FALSE(r2.Get(4).date);

    EXPECT_EQ(table->rows[3].line, 6);
    EXPECT_EQ(Texts(table->rows[3]), (std::vector<std::string>{"0104"}));
}

TEST(XlsxTest, WriterFormatsHeaderFreezesPanesAndSizesColumns) {
    auto bytes = WriteXlsx(LedgerSheets());
    ASSERT_TRUE(bytes) << bytes.error().message;
    std::string workbook = ZipEntry(*bytes, "xl/workbook.xml");
    EXPECT_NE(workbook.find("name=\"登记_台账\""), std::string::npos) << workbook;
    EXPECT_NE(workbook.find("name=\"登记_台账(2)\""), std::string::npos) << workbook;

    std::string sheet = ZipEntry(*bytes, "xl/worksheets/sheet1.xml");
    EXPECT_NE(sheet.find("<pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/>"),
              std::string::npos)
        << sheet;
    EXPECT_NE(sheet.find("<mergeCell ref=\"A1:F1\"/>"), std::string::npos);
    // Auto widths: the 18-digit ID (18) + 2, the CJK name with fullwidth brackets (10 x 2) + 2; explicit 9.
    EXPECT_NE(sheet.find("<col min=\"1\" max=\"1\" width=\"20.7109375\""), std::string::npos) << sheet;
    EXPECT_NE(sheet.find("<col min=\"2\" max=\"2\" width=\"22.7109375\""), std::string::npos) << sheet;
    EXPECT_NE(sheet.find("<col min=\"6\" max=\"6\" width=\"9.7109375\""), std::string::npos) << sheet;

    std::string second = ZipEntry(*bytes, "xl/worksheets/sheet2.xml");
    EXPECT_NE(second.find("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"),
              std::string::npos)
        << second;

    std::string styles = ZipEntry(*bytes, "xl/styles.xml");
    for (const char* code : {"formatCode=\"#,##0\"", "formatCode=\"0.0%\"", "formatCode=\"0.0\"",
                             "formatCode=\"yyyy-mm-dd\"", "rgb=\"FFDDEBF7\""}) {
        EXPECT_NE(styles.find(code), std::string::npos) << code;
    }
}

TEST(XlsxTest, WriterRejectsBadInput) {
    auto none = WriteXlsx({});
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().field, "sheets");

    Sheet wide{"表", "", {{"甲"}}, {{std::string("a"), std::string("b")}}};
    auto too_wide = WriteXlsx({wide});
    ASSERT_FALSE(too_wide);
    EXPECT_EQ(too_wide.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(too_wide.error().field, "sheets[0].rows[0]");
}

TEST(XlsxTest, SheetNamesFollowExcelRules) {
    std::string forty;
    for (int i = 0; i < 40; ++i) forty += "信";
    std::vector<std::string> names = {"2024/03:统计", "",       "[台账]", "台账", "'引号'", forty,
                                      "History",      "sheet2", "ABC",    "abc",  forty,    "a*b?c\\d"};
    std::vector<std::string> out = SanitizeSheetNames(names);
    std::string thirty_one, twenty_eight;
    for (int i = 0; i < 31; ++i) thirty_one += "信";
    for (int i = 0; i < 28; ++i) twenty_eight += "信";
    EXPECT_EQ(out, (std::vector<std::string>{"2024_03_统计", "Sheet2", "_台账_", "台账", "引号", thirty_one, "History_",
                                             "sheet2(2)", "ABC", "abc(2)", twenty_eight + "(2)", "a_b_c_d"}));
}

TEST(XlsxTest, GarbageAndNonWorkbookZipsAreRejected) {
    auto garbage = ReadXlsx("这不是一个 xlsx 文件");
    ASSERT_FALSE(garbage);
    EXPECT_EQ(garbage.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(garbage.error().field, "file");
    EXPECT_NE(garbage.error().message.find("不是有效的 xlsx 文件"), std::string::npos) << garbage.error().message;

    auto truncated = ReadXlsx(std::string_view("PK\x03\x04\x14\x00\x00\x00", 8));
    ASSERT_FALSE(truncated);
    EXPECT_NE(truncated.error().message.find("不是有效的 xlsx 文件"), std::string::npos);

    auto docx = ReadXlsx(MakeZip({{"word/document.xml", "<document/>"}}));
    ASSERT_FALSE(docx);
    EXPECT_NE(docx.error().message.find("没有 Excel 工作簿"), std::string::npos) << docx.error().message;

    auto no_sheet = ReadXlsx(MakeZip({{"xl/workbook.xml", "<workbook><sheets/></workbook>"}}));
    ASSERT_FALSE(no_sheet);
    EXPECT_EQ(no_sheet.error().field, "file");
    EXPECT_NE(no_sheet.error().message.find("没有工作表"), std::string::npos) << no_sheet.error().message;

    auto bad_xml = ReadXlsx(MakeZip({{"xl/workbook.xml", "<workbook><sheets>"}}));
    ASSERT_FALSE(bad_xml);
    EXPECT_NE(bad_xml.error().message.find("不是合法的 XML"), std::string::npos) << bad_xml.error().message;
}

// A workbook shaped like those Excel and WPS write: a hidden first sheet, prefixed element names, shared strings
// with rich text and phonetic runs, custom and locale date formats, cells without references, a merged title.
std::string ExcelStyleWorkbook() {
    const std::string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const std::string rns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    std::string root_rels =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"" +
        rns + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
    std::string workbook = "<workbook xmlns=\"" + ns + "\" xmlns:r=\"" + rns +
                           "\"><workbookPr/><sheets>"
                           "<sheet name=\"隐藏\" sheetId=\"1\" state=\"hidden\" r:id=\"rId1\"/>"
                           "<sheet name=\"图表\" sheetId=\"3\" r:id=\"rId5\"/>"
                           "<sheet name=\"台账\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";
    std::string wb_rels =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"" +
        rns +
        "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"" +
        rns +
        "/worksheet\" Target=\"./worksheets/../worksheets/sheet2.xml\"/>"
        "<Relationship Id=\"rId5\" Type=\"" +
        rns +
        "/chartsheet\" Target=\"chartsheets/sheet1.xml\"/>"
        "<Relationship Id=\"rId3\" Type=\"" +
        rns +
        "/styles\" Target=\"styles.xml\"/>"
        "<Relationship Id=\"rId4\" Type=\"" +
        rns +
        "/sharedStrings\" Target=\"/xl/sharedStrings.xml\"/>"
        "</Relationships>";
    std::string styles = "<styleSheet xmlns=\"" + ns +
                         "\"><numFmts count=\"3\">"
                         "<numFmt numFmtId=\"176\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
                         "<numFmt numFmtId=\"177\" formatCode=\"0.00_);[Red]\\(0.00\\)\"/>"
                         "<numFmt numFmtId=\"178\" formatCode=\"&quot;第m号&quot;#,##0\"/></numFmts>"
                         "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
                         "<cellXfs count=\"6\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"176\"/>"
                         "<xf numFmtId=\"177\"/><xf numFmtId=\"178\"/><xf numFmtId=\"31\"/></cellXfs></styleSheet>";
    std::string shared =
        "<sst xmlns=\"" + ns +
        "\"><si><t>青山县信访事项登记台账</t></si><si><t>编号</t></si><si><t>登记日期</t></si>"
        "<si><r><t>张</t></r><r><rPr><b/></rPr><t>三</t></r><rPh sb=\"0\" eb=\"2\"><t>zhang san</t></rPh></si>"
        "<si><t>0101</t></si></sst>";
    std::string sheet1 = "<worksheet xmlns=\"" + ns +
                         "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>"
                         "<t>隐藏表</t></is></c></row></sheetData></worksheet>";
    std::string sheet2 =
        "<x:worksheet xmlns:x=\"" + ns +
        "\"><x:sheetData>"
        "<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"B1\" s=\"0\"/></x:row>"
        "<x:row r=\"2\"><x:c r=\"A2\" t=\"s\"><x:v>1</x:v></x:c><x:c r=\"B2\" t=\"s\"><x:v>2</x:v></x:c>"
        "<x:c r=\"C2\" t=\"inlineStr\"><x:is><x:t>姓名</x:t></x:is></x:c><x:c r=\"D2\" t=\"inlineStr\"><x:is>"
        "<x:t>金额</x:t></x:is></x:c><x:c r=\"E2\" t=\"inlineStr\"><x:is><x:t>办结</x:t></x:is></x:c>"
        "<x:c r=\"F2\" t=\"inlineStr\"><x:is><x:t>备注</x:t></x:is></x:c></x:row>"
        "<x:row r=\"3\"><x:c r=\"A3\" t=\"s\"><x:v>4</x:v></x:c><x:c r=\"B3\" s=\"1\"><x:v>45356</x:v></x:c>"
        "<x:c r=\"C3\" t=\"s\"><x:v>3</x:v></x:c><x:c r=\"D3\" s=\"3\"><x:v>12.300000000000001</x:v></x:c>"
        "<x:c r=\"E3\" t=\"b\"><x:v>1</x:v></x:c><x:c r=\"F3\" t=\"inlineStr\"><x:is><x:t xml:space=\"preserve\">"
        "多行&#10;文本 </x:t></x:is></x:c></x:row>"
        "<x:row r=\"5\"><x:c s=\"2\"><x:v>61</x:v></x:c><x:c s=\"1\"><x:v>59</x:v></x:c><x:c s=\"1\"><x:v>60</x:v>"
        "</x:c><x:c s=\"4\"><x:v>7</x:v></x:c><x:c s=\"5\"><x:v>45292.75</x:v></x:c></x:row>"
        "<x:row r=\"6\"><x:c r=\"A6\" s=\"1\"/><x:c r=\"B6\" t=\"s\"/></x:row>"
        "<x:row r=\"7\"><x:c r=\"C7\" t=\"str\"><x:f>A3&amp;\"x\"</x:f><x:v>0101x</x:v></x:c></x:row>"
        "</x:sheetData><x:mergeCells count=\"1\"><x:mergeCell ref=\"A1:F1\"/></x:mergeCells></x:worksheet>";
    return MakeZip({{"[Content_Types].xml", "<Types/>"},
                    {"_rels/.rels", root_rels},
                    {"xl/workbook.xml", workbook},
                    {"xl/_rels/workbook.xml.rels", wb_rels},
                    {"xl/styles.xml", styles},
                    {"xl/sharedStrings.xml", shared},
                    {"xl/worksheets/sheet1.xml", sheet1},
                    {"xl/worksheets/sheet2.xml", sheet2}});
}

TEST(XlsxTest, ReadsWorkbooksAsExcelAndWpsWriteThem) {
    auto table = ReadXlsx(ExcelStyleWorkbook());
    ASSERT_TRUE(table) << table.error().message;
    EXPECT_EQ(table->sheet_name, "台账");  // the hidden sheet and the chartsheet are passed over
    EXPECT_EQ(table->title, "青山县信访事项登记台账");
    EXPECT_EQ(table->header, (std::vector<std::string>{"编号", "登记日期", "姓名", "金额", "办结", "备注"}));
    ASSERT_EQ(table->rows.size(), 3u);  // row 6 holds only styled blanks

    const Row& r3 = table->rows[0];
    EXPECT_EQ(r3.line, 3);
    EXPECT_EQ(r3.Get(0).kind, Kind::kText);
    EXPECT_EQ(r3.Get(0).text, "0101");
    EXPECT_EQ(r3.Get(1).date, "2024-03-05");  // built-in format 14
    EXPECT_EQ(r3.Get(2).text, "张三");        // rich-text runs joined, phonetic guide dropped
    EXPECT_EQ(r3.Get(3).kind, Kind::kNumber);
    EXPECT_EQ(r3.Get(3).text, "12.3");  // Excel's 15 significant digits
    EXPECT_FALSE(r3.Get(3).date);
    EXPECT_EQ(r3.Get(4).kind, Kind::kBool);
    EXPECT_EQ(r3.Get(4).text, "TRUE");
    EXPECT_EQ(r3.Get(5).text, "多行\n文本 ");

    const Row& r5 = table->rows[1];
    EXPECT_EQ(r5.line, 5);
    ASSERT_EQ(r5.cells.size(), 5u);
    EXPECT_EQ(r5.Get(0).date, "1900-03-01");  // custom 年月日 format; serial 61, after the phantom 1900-02-29
    EXPECT_EQ(r5.Get(1).date, "1900-02-28");  // serial 59
    EXPECT_EQ(r5.Get(2).kind, Kind::kNumber);
    EXPECT_FALSE(r5.Get(2).date);  // serial 60 is Excel's 1900-02-29, which never existed
    EXPECT_FALSE(r5.Get(3).date);  // "第m号" is quoted text, not a month
    EXPECT_EQ(r5.Get(3).text, "7");
    EXPECT_EQ(r5.Get(4).date, "2024-01-01");  // zh-CN built-in 31 (yyyy年m月d日); 18:00 dropped

    const Row& r7 = table->rows[2];
    EXPECT_EQ(r7.line, 7);
    ASSERT_EQ(r7.cells.size(), 3u);
    EXPECT_EQ(r7.Get(0).kind, Kind::kEmpty);
    EXPECT_EQ(r7.Get(2).text, "0101x");  // a formula's cached string result
}

// ---- Files ------------------------------------------------------------------------------------------------------

TEST(TableFileTest, ChoosesTheReaderByContentNotExtension) {
    auto xlsx_named_csv = TempPath(".csv");
    ASSERT_TRUE(WriteXlsxFile(LedgerSheets(), xlsx_named_csv));
    auto from_xlsx = ReadTableFile(xlsx_named_csv);
    ASSERT_TRUE(from_xlsx) << from_xlsx.error().message;
    EXPECT_EQ(from_xlsx->sheet_name, "登记_台账");
    EXPECT_EQ(from_xlsx->rows.size(), 4u);

    auto csv_named_xlsx = TempPath(".xlsx");
    WriteFile(csv_named_xlsx, Utf8ToGb18030("编号,姓名\n0101,张三\n"));
    auto from_csv = ReadTableFile(csv_named_xlsx);
    ASSERT_TRUE(from_csv) << from_csv.error().message;
    EXPECT_EQ(from_csv->encoding, "GB18030");
    EXPECT_EQ(Texts(from_csv->rows.at(0)), (std::vector<std::string>{"0101", "张三"}));

    std::filesystem::remove(xlsx_named_csv);
    std::filesystem::remove(csv_named_xlsx);
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(xlsx_named_csv) += ".partial"));

    auto missing = ReadTableFile(xlsx_named_csv);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

    auto xls = TempPath(".xls");
    WriteFile(xls, std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10));
    auto legacy = ReadTableFile(xls);
    std::filesystem::remove(xls);
    ASSERT_FALSE(legacy);
    EXPECT_NE(legacy.error().message.find(".xls"), std::string::npos);
}

}  // namespace
}  // namespace xf::tabular
