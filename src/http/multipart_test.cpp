#include "http/multipart.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xf::http {
namespace {

constexpr std::string_view kChromeBoundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
const std::string kChromeType = "multipart/form-data; boundary=" + std::string(kChromeBoundary);

// Joins lines with CRLF, as every client puts them on the wire.
std::string Crlf(std::initializer_list<std::string_view> lines) {
    std::string out;
    for (std::string_view l : lines) {
        out += l;
        out += "\r\n";
    }
    return out;
}

std::vector<FormPart> ParseOk(std::string_view type, std::string_view body, const MultipartLimits& limits = {}) {
    auto r = ParseMultipart(type, body, limits);
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return r ? *r : std::vector<FormPart>{};
}

void ExpectError(const Result<std::vector<FormPart>>& r, ErrorCode code) {
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, code) << r.error().message;
    if (code == ErrorCode::kInvalidArgument) {
        EXPECT_EQ(r.error().field, "file");
    }
    EXPECT_FALSE(r.error().message.empty());
}

TEST(MultipartTest, ChromeUploadWithRawUtf8FilenameAndBinaryContent) {
    static constexpr char kRaw[] = "%PDF-1.4\r\n\0\xFF\xFE binary\r\n\r\n--not-a-boundary\r\n";
    const std::string pdf = std::string(kRaw, sizeof kRaw - 1) + "%%EOF";
    const std::string body = Crlf({
                                 "------WebKitFormBoundary7MA4YWxkTrZu0gW",
                                 "Content-Disposition: form-data; name=\"title\"",
                                 "",
                                 "关于拆迁补偿的反映",
                                 "------WebKitFormBoundary7MA4YWxkTrZu0gW",
                                 "Content-Disposition: form-data; name=\"file\"; filename=\"信访材料.pdf\"",
                                 "Content-Type: application/pdf",
                                 "",
                             }) +
                             pdf + "\r\n------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n";
    auto parts = ParseOk(kChromeType, body);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].name, "title");
    EXPECT_FALSE(parts[0].filename.has_value());
    EXPECT_EQ(parts[0].content_type, "text/plain");
    EXPECT_EQ(parts[0].body, "关于拆迁补偿的反映");
    EXPECT_EQ(parts[1].name, "file");
    ASSERT_TRUE(parts[1].filename.has_value());
    EXPECT_EQ(*parts[1].filename, "信访材料.pdf");
    EXPECT_EQ(parts[1].content_type, "application/pdf");
    EXPECT_EQ(parts[1].body, pdf);
    // Bodies are views into the request body, not copies.
    EXPECT_GE(parts[1].body.data(), body.data());
    EXPECT_LE(parts[1].body.data() + parts[1].body.size(), body.data() + body.size());
}

TEST(MultipartTest, BrowserPercentEscapesInNamesAndFilenames) {
    const std::string body = Crlf({
        "--b",
        "Content-Disposition: form-data; name=\"a%22b\"; filename=\"关于%22拆迁%22.pdf\"",
        "",
        "x",
        "--b",
        "Content-Disposition: form-data; name=\"f\"; filename=\"100%.pdf\"",
        "",
        "y",
        "--b--",
    });
    auto parts = ParseOk("multipart/form-data; boundary=b", body);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].name, "a\"b");
    EXPECT_EQ(parts[0].filename, "关于\"拆迁\".pdf");
    EXPECT_EQ(parts[1].filename, "100%.pdf");  // a lone '%' is just a character
}

TEST(MultipartTest, CurlUpload) {
    const std::string body = Crlf({
        "--------------------------d74496d66958873e",
        "Content-Disposition: form-data; name=\"file\"; filename=\"letter.txt\"",
        "Content-Type: text/plain",
        "",
        "line one",
        "line two",
        "--------------------------d74496d66958873e--",
    });
    auto parts = ParseOk("multipart/form-data; boundary=------------------------d74496d66958873e", body);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].filename, "letter.txt");
    EXPECT_EQ(parts[0].body, "line one\r\nline two");
}

TEST(MultipartTest, QuotedCaseInsensitiveBoundaryParameter) {
    const std::string body = Crlf({
        "--simple boundary",
        "content-disposition: FORM-DATA; NAME=field",
        "",
        "v",
        "--simple boundary--",
    });
    auto parts = ParseOk("Multipart/Form-Data; charset=utf-8; BOUNDARY=\"simple boundary\"", body);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].name, "field");
    EXPECT_EQ(parts[0].body, "v");
}

TEST(MultipartTest, QuotedFilenameEscapesAndWindowsPaths) {
    const std::string body = Crlf({
        "--b",
        R"(Content-Disposition: form-data; name="f1"; filename="say \"hi\".txt")",
        "",
        "1",
        "--b",
        R"(Content-Disposition: form-data; name="f2"; filename="C:\Users\x\信访材料.pdf")",
        "",
        "2",
        "--b",
        R"(Content-Disposition: form-data; name="f3"; filename="a;b=c.txt")",
        "",
        "3",
        "--b--",
    });
    auto parts = ParseOk("multipart/form-data; boundary=b", body);
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(parts[0].filename, "say \"hi\".txt");
    EXPECT_EQ(parts[1].filename, R"(C:\Users\x\信访材料.pdf)");
    EXPECT_EQ(parts[2].filename, "a;b=c.txt");
}

TEST(MultipartTest, ExtendedFilenameIsPreferred) {
    const std::string body = Crlf({
        "--b",
        "Content-Disposition: form-data; name=\"f\"; filename=\"fallback.pdf\"; "
        "filename*=UTF-8''%E4%BF%A1%E8%AE%BF.pdf",
        "",
        "1",
        "--b",
        // A malformed or undecodable filename* falls back to filename.
        "Content-Disposition: form-data; name=\"g\"; filename*=UTF-8''%E4%BF; filename=\"plain.pdf\"",
        "",
        "2",
        "--b",
        "Content-Disposition: form-data; name=\"h\"; filename*=GB2312''%D0%C5; filename=\"gb.pdf\"",
        "",
        "3",
        "--b",
        "Content-Disposition: form-data; name=\"i\"; filename*=iso-8859-1'de'caf%E9.txt",
        "",
        "4",
        "--b",
        "Content-Disposition: form-data; name=\"j\"; filename*=utf-8'zh'%zz.txt; filename=\"j.txt\"",
        "",
        "5",
        "--b--",
    });
    auto parts = ParseOk("multipart/form-data; boundary=b", body);
    ASSERT_EQ(parts.size(), 5u);
    EXPECT_EQ(parts[0].filename, "信访.pdf");
    EXPECT_EQ(parts[1].filename, "plain.pdf");
    EXPECT_EQ(parts[2].filename, "gb.pdf");
    EXPECT_EQ(parts[3].filename, "café.txt");
    EXPECT_EQ(parts[4].filename, "j.txt");
}

TEST(MultipartTest, BoundaryTextInsideContentIsContent) {
    // Everything that is not CRLF + "--" + boundary + ("--" | padding CRLF) belongs to the file.
    const std::string content = std::string(kChromeBoundary) + "\r\n" +              // no leading CRLF--
                                "x--" + std::string(kChromeBoundary) + "\r\n" +      // not at line start
                                "\r\n--" + std::string(kChromeBoundary) + "X\r\n" +  // longer token
                                "\r\n-" + std::string(kChromeBoundary) + "\r\n" +    // one dash short
                                "\r\n--" + std::string(kChromeBoundary).substr(0, 20) + "\r\nend";
    const std::string body = Crlf({
                                 "------WebKitFormBoundary7MA4YWxkTrZu0gW",
                                 "Content-Disposition: form-data; name=\"file\"; filename=\"tricky.bin\"",
                                 "Content-Type: application/octet-stream",
                                 "",
                             }) +
                             content + "\r\n------WebKitFormBoundary7MA4YWxkTrZu0gW--";
    auto parts = ParseOk(kChromeType, body);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].body, content);
}

TEST(MultipartTest, EmptyFileAndNoFileChosen) {
    const std::string body = Crlf({
        "--b",
        "Content-Disposition: form-data; name=\"empty\"; filename=\"empty.txt\"",
        "Content-Type: text/plain",
        "",
        "",
        "--b",
        // What browsers send for a file input left empty.
        "Content-Disposition: form-data; name=\"none\"; filename=\"\"",
        "Content-Type: application/octet-stream",
        "",
        "",
        "--b--",
    });
    auto parts = ParseOk("multipart/form-data; boundary=b", body);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].filename, "empty.txt");
    EXPECT_EQ(parts[0].body, "");
    ASSERT_TRUE(parts[1].filename.has_value());
    EXPECT_EQ(*parts[1].filename, "");
    EXPECT_EQ(parts[1].body, "");
}

TEST(MultipartTest, TwoFilesWithPreambleEpilogueAndPadding) {
    const std::string body = "This is the preamble, ignored.\r\n" +
                             Crlf({
                                 "--b  ",  // transport padding after the boundary
                                 "Content-Disposition: form-data; name=\"files\"; filename=\"a.png\"",
                                 "Content-Type: image/png",
                                 "",
                                 "PNGDATA",
                                 "--b\t",
                                 "Content-Disposition: form-data; name=\"files\"; filename=\"b.jpg\"",
                                 "Content-Type: image/jpeg",
                                 "",
                                 "JPEGDATA",
                                 "--b--",
                             }) +
                             "epilogue, also ignored\r\n--b\r\nnot a part\r\n";
    auto parts = ParseOk("multipart/form-data; boundary=b", body);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].filename, "a.png");
    EXPECT_EQ(parts[0].body, "PNGDATA");
    EXPECT_EQ(parts[1].filename, "b.jpg");
    EXPECT_EQ(parts[1].content_type, "image/jpeg");
    EXPECT_EQ(parts[1].body, "JPEGDATA");
}

TEST(MultipartTest, BareLfInPartHeadersIsTolerated) {
    const std::string body =
        "--b\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\nContent-Type: text/plain\n\n"
        "data\r\n--b--";
    auto parts = ParseOk("multipart/form-data; boundary=b", body);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].filename, "x.txt");
    EXPECT_EQ(parts[0].body, "data");
}

TEST(MultipartTest, OnlyTheCloseDelimiterMeansNoParts) {
    auto parts = ParseOk("multipart/form-data; boundary=b", "--b--\r\n");
    EXPECT_TRUE(parts.empty());
}

TEST(MultipartTest, MissingFinalBoundaryIsAnError) {
    const std::string head = Crlf({
        "--b",
        "Content-Disposition: form-data; name=\"f\"; filename=\"x.pdf\"",
        "",
    });
    ExpectError(ParseMultipart("multipart/form-data; boundary=b", head + "truncated upload"),
                ErrorCode::kInvalidArgument);
    ExpectError(ParseMultipart("multipart/form-data; boundary=b", head + "data\r\n--b"), ErrorCode::kInvalidArgument);
    ExpectError(ParseMultipart("multipart/form-data; boundary=b", head + "data\r\n--b\r\n"),
                ErrorCode::kInvalidArgument);
    ExpectError(ParseMultipart("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; na"),
                ErrorCode::kInvalidArgument);
    ExpectError(ParseMultipart("multipart/form-data; boundary=b", "no delimiter at all"), ErrorCode::kInvalidArgument);
    ExpectError(ParseMultipart("multipart/form-data; boundary=b", ""), ErrorCode::kInvalidArgument);
}

TEST(MultipartTest, TooManyParts) {
    std::string body;
    for (int i = 0; i < 3; ++i)
        body += Crlf({
            "--b",
            "Content-Disposition: form-data; name=\"f\"",
            "",
            "v",
        });
    body += "--b--";
    // Crlf already ended each value line, which is the delimiter's CRLF.
    EXPECT_EQ(ParseOk("multipart/form-data; boundary=b", body, {.max_parts = 3}).size(), 3u);
    ExpectError(ParseMultipart("multipart/form-data; boundary=b", body, {.max_parts = 2}),
                ErrorCode::kResourceExhausted);
    EXPECT_EQ(MultipartLimits{}.max_parts, 20u);
}

TEST(MultipartTest, OversizedPartHeaders) {
    const std::string body = Crlf({
        "--b",
        "Content-Disposition: form-data; name=\"f\"",
        "X-Padding: " + std::string(10000, 'a'),
        "",
        "v",
        "--b--",
    });
    ExpectError(ParseMultipart("multipart/form-data; boundary=b", body), ErrorCode::kResourceExhausted);
    EXPECT_EQ(ParseOk("multipart/form-data; boundary=b", body, {.max_header_bytes = 20000}).size(), 1u);
    // Without the blank line, a huge body is not scanned to its end for one.
    const std::string endless = "--b\r\nContent-Disposition: form-data; name=\"f\"" + std::string(100000, 'x');
    ExpectError(ParseMultipart("multipart/form-data; boundary=b", endless), ErrorCode::kResourceExhausted);
}

TEST(MultipartTest, BadContentTypeHeaders) {
    const std::string body = Crlf({
        "--b",
        "Content-Disposition: form-data; name=\"f\"",
        "",
        "v",
        "--b--",
    });
    for (std::string_view type : {
             "application/json",
             "multipart/mixed; boundary=b",
             "multipart/form-data",
             "multipart/form-data; boundary=",
             "multipart/form-data; boundary=\"\"",
             "multipart/form-data; boundary=\"unterminated",
             "multipart/form-data; boundary=a<b",
             "multipart/form-data; boundary=\"trailing space \"",
         }) {
        SCOPED_TRACE(type);
        ExpectError(ParseMultipart(type, body), ErrorCode::kInvalidArgument);
    }
    const std::string b70(70, 'x'), b71(71, 'x');
    EXPECT_EQ(ParseOk("multipart/form-data; boundary=" + b70, Crlf({
                                                                  "--" + b70,
                                                                  "Content-Disposition: form-data; name=\"f\"",
                                                                  "",
                                                                  "v",
                                                                  "--" + b70 + "--",
                                                              }))
                  .size(),
              1u);
    ExpectError(ParseMultipart("multipart/form-data; boundary=" + b71, Crlf({
                                                                           "--" + b71,
                                                                           "Content-Disposition: form-data; name=\"f\"",
                                                                           "",
                                                                           "v",
                                                                           "--" + b71 + "--",
                                                                       })),
                ErrorCode::kInvalidArgument);
}

TEST(MultipartTest, BadPartHeaders) {
    std::string body;  // outlives the parts, which point into it
    auto parse = [&body](std::string_view headers) {
        body = "--b\r\n" + std::string(headers) + "\r\n\r\nv\r\n--b--";
        return ParseMultipart("multipart/form-data; boundary=b", body);
    };
    ExpectError(parse("Content-Type: text/plain"), ErrorCode::kInvalidArgument);  // no disposition
    ExpectError(parse("Content-Disposition: attachment; name=\"f\""), ErrorCode::kInvalidArgument);
    ExpectError(parse("Content-Disposition: form-data; filename=\"x.pdf\""), ErrorCode::kInvalidArgument);  // no name
    ExpectError(parse("Content-Disposition: form-data; name=\"f"), ErrorCode::kInvalidArgument);  // open quote
    // Found by tests/fuzz/multipart_fuzz: a bare `name` (no value) or name="" gave a part with an empty name.
    ExpectError(parse("Content-Disposition: form-data; name"), ErrorCode::kInvalidArgument);
    ExpectError(parse("Content-Disposition: form-data; name=\"\""), ErrorCode::kInvalidArgument);
    ExpectError(parse("Content-Disposition: form-data; name=; filename=\"x.pdf\""), ErrorCode::kInvalidArgument);
    ExpectError(parse("Content-Disposition: form-data; name=\"f\"\r\nContent-Disposition: form-data; name=\"g\""),
                ErrorCode::kInvalidArgument);
    ExpectError(parse("Content-Disposition: form-data; name=\"f\"\r\nno colon here"), ErrorCode::kInvalidArgument);
    // Unknown headers are ignored.
    auto ok = parse("Content-Disposition: form-data; name=\"f\"\r\nContent-Transfer-Encoding: binary");
    ASSERT_TRUE(ok.has_value()) << ok.error().message;
    EXPECT_EQ((*ok)[0].body, "v");
}

}  // namespace
}  // namespace xf::http
