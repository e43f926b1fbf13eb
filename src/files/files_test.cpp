#include <gtest/gtest.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/text.hpp"
#include "crypto/crypto.hpp"
#include "files/blob_store.hpp"
#include "files/file_name.hpp"
#include "files/scanner.hpp"
#include "files/sniff.hpp"

namespace xf::files {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A fresh directory under /tmp, removed afterwards. Short, because unix socket paths are limited to 107 bytes.
class TempDir {
  public:
    TempDir() {
        std::string tmpl = "/tmp/xf-files-XXXXXX";
        if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp");
        path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

std::string ReadFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const fs::path& p, std::string_view bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

size_t CountFiles(const fs::path& dir) {
    size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
    return n;
}

// ---------------------------------------------------------------------------------------------------------------
// BlobStore

TEST(BlobStoreTest, PutThenGetRoundTripsAndUsesTheShardedLayout) {
    ::umask(022);
    TempDir dir;
    BlobStore store(dir.path() / "blobs");  // created on demand
    const std::string bytes = "信访材料：扫描件\n" + std::string(100000, 'x');
    auto ref = store.Put(bytes);
    ASSERT_TRUE(ref.has_value()) << ref.error().message;
    EXPECT_EQ(ref->sha256, crypto::Sha256Hex(bytes));
    EXPECT_EQ(ref->size, bytes.size());

    const fs::path path = dir.path() / "blobs" / ref->sha256.substr(0, 2) / ref->sha256.substr(2, 2) / ref->sha256;
    EXPECT_EQ(store.PathFor(ref->sha256), path);
    EXPECT_EQ(ReadFile(path), bytes);
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0640u);
    ASSERT_EQ(::stat(path.parent_path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0750u);
    ASSERT_EQ(::stat(path.parent_path().parent_path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0750u);
    EXPECT_EQ(CountFiles(dir.path() / "blobs" / "tmp"), 0u) << "temp file left behind";

    auto got = store.Get(ref->sha256);
    ASSERT_TRUE(got.has_value()) << got.error().message;
    EXPECT_EQ(*got, bytes);
    EXPECT_EQ(store.Exists(ref->sha256), true);
}

TEST(BlobStoreTest, EmptyBlobIsStorable) {
    TempDir dir;
    BlobStore store(dir.path());
    auto ref = store.Put("");
    ASSERT_TRUE(ref.has_value());
    EXPECT_EQ(ref->sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(ref->size, 0u);
    EXPECT_EQ(store.Get(ref->sha256), std::string());
}

TEST(BlobStoreTest, PutIsIdempotentAndDoesNotRewrite) {
    TempDir dir;
    BlobStore store(dir.path());
    auto first = store.Put("same bytes");
    ASSERT_TRUE(first.has_value());
    struct stat before {};
    ASSERT_EQ(::stat(store.PathFor(first->sha256).c_str(), &before), 0);
    auto second = store.Put("same bytes");
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->sha256, first->sha256);
    EXPECT_EQ(second->size, first->size);
    struct stat after {};
    ASSERT_EQ(::stat(store.PathFor(first->sha256).c_str(), &after), 0);
    EXPECT_EQ(after.st_ino, before.st_ino) << "an intact blob must not be replaced";
}

TEST(BlobStoreTest, CorruptionIsDetectedOnReadAndRepairedByTheNextPut) {
    TempDir dir;
    BlobStore store(dir.path());
    const std::string bytes = "原始信访件内容";
    auto ref = store.Put(bytes);
    ASSERT_TRUE(ref.has_value());
    const fs::path path = store.PathFor(ref->sha256);

    std::string damaged = bytes;
    damaged[0] ^= 0x01;  // same size, one bit flipped
    WriteFile(path, damaged);
    auto got = store.Get(ref->sha256);
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().code, ErrorCode::kInternal);
    EXPECT_EQ(got.error().message, "附件内容已损坏");

    WriteFile(path, bytes.substr(0, 3));  // truncated
    EXPECT_EQ(store.Get(ref->sha256).error().code, ErrorCode::kInternal);

    ASSERT_TRUE(store.Put(bytes).has_value());
    EXPECT_EQ(store.Get(ref->sha256), bytes);
}

TEST(BlobStoreTest, MissingBlobIsNotFoundAndRemoveIsIdempotent) {
    TempDir dir;
    BlobStore store(dir.path());
    const std::string absent = crypto::Sha256Hex("never stored");
    EXPECT_EQ(store.Get(absent).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(store.Exists(absent), false);
    EXPECT_TRUE(store.Remove(absent).has_value());

    auto ref = store.Put("to be removed");
    ASSERT_TRUE(ref.has_value());
    EXPECT_TRUE(store.Remove(ref->sha256).has_value());
    EXPECT_EQ(store.Exists(ref->sha256), false);
    EXPECT_EQ(store.Get(ref->sha256).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(store.Remove(ref->sha256).has_value());
}

TEST(BlobStoreTest, MalformedHashesAreRefusedBeforeTouchingTheFileSystem) {
    TempDir dir;
    // The root lies under a regular file: any file-system access would fail with ENOTDIR (→ kNotFound / false),
    // so kInvalidArgument proves the input was refused first.
    WriteFile(dir.path() / "plain-file", "x");
    BlobStore store(dir.path() / "plain-file" / "store");
    const std::string good = crypto::Sha256Hex("x");
    std::string upper = good;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const std::vector<std::string> bad = {
        "",
        "../x",
        "../../etc/passwd",
        good.substr(0, 63),
        good + "0",
        upper,
        good.substr(0, 62) + "/x",
        good.substr(0, 63) + "g",
        std::string(good.substr(0, 63)) + '\0',
        "ab/cd/" + good.substr(6),
    };
    for (const std::string& h : bad) {
        SCOPED_TRACE(h);
        EXPECT_FALSE(BlobStore::IsValidSha256(h));
        auto got = store.Get(h);
        ASSERT_FALSE(got.has_value());
        EXPECT_EQ(got.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(got.error().field, "sha256");
        EXPECT_EQ(store.Exists(h).error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(store.Remove(h).error().code, ErrorCode::kInvalidArgument);
    }
    EXPECT_TRUE(BlobStore::IsValidSha256(good));
    EXPECT_EQ(store.Get(good).error().code, ErrorCode::kNotFound);  // a valid hash does reach the file system
}

TEST(BlobStoreTest, ConcurrentPutsOfTheSameBlobAllSucceed) {
    TempDir dir;
    BlobStore store(dir.path());
    const std::string bytes(1 << 20, 'z');
    const std::string expected = crypto::Sha256Hex(bytes);
    constexpr int kThreads = 8;
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    std::atomic<bool> go{false};
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&] {
            while (!go.load()) std::this_thread::yield();
            for (int round = 0; round < 5; ++round) {
                auto ref = store.Put(bytes);
                if (ref && ref->sha256 == expected && ref->size == bytes.size()) ++ok;
                auto got = store.Get(expected);  // readers never see a partial file
                if (!got || *got != bytes) --ok;
            }
        });
    }
    go = true;
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), kThreads * 5);
    EXPECT_EQ(store.Get(expected), bytes);
    EXPECT_EQ(CountFiles(dir.path() / "tmp"), 0u);
}

TEST(BlobStoreTest, ConcurrentPutsFromSeveralProcessesAllSucceed) {
    TempDir dir;
    const std::string bytes(300000, 'p');
    constexpr int kChildren = 4;
    std::vector<pid_t> children;
    for (int i = 0; i < kChildren; ++i) {
        pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            BlobStore store(dir.path());
            bool good = true;
            for (int round = 0; round < 10 && good; ++round) {
                auto ref = store.Put(bytes);
                good = ref.has_value() && store.Get(ref->sha256).value_or("") == bytes;
            }
            ::_exit(good ? 0 : 1);
        }
        children.push_back(pid);
    }
    for (pid_t pid : children) {
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, 0), pid);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    BlobStore store(dir.path());
    EXPECT_EQ(store.Get(crypto::Sha256Hex(bytes)), bytes);
    EXPECT_EQ(CountFiles(dir.path() / "tmp"), 0u);
}

// ---------------------------------------------------------------------------------------------------------------
// Sample files, built here so the test needs no fixtures.

std::string Bytes(std::initializer_list<int> bytes) {
    std::string out;
    for (int b : bytes) out.push_back(static_cast<char>(b));
    return out;
}

void PutLe16(std::string& s, uint16_t v) {
    s.push_back(static_cast<char>(v & 0xFF));
    s.push_back(static_cast<char>(v >> 8));
}
void PutLe32(std::string& s, uint32_t v) {
    for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

uint32_t Crc32(std::string_view data) {
    uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char c : data) {
        crc ^= c;
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

const std::string kPdf =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    "trailer<</Root 1 0 R>>\n%%EOF\n";
const std::string kPng = std::string(
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00"
    "\x00\x00\x3a\x7e\x9b\x55\x00\x00\x00\x0a\x49\x44\x41\x54\x78\x9c\x63\x60\x00\x00\x00\x02\x00\x01\x48\xaf\xa4"
    "\x71\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82",
    67);
const std::string kJpeg = Bytes({0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J',  'F',  'I',  'F',  0x00,
                                 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9});
const std::string kGif = std::string("GIF89a\x01\x00\x01\x00\x00\x00\x00;", 13);
const std::string kHtml = "<!DOCTYPE html>\n<html><head><title>x</title></head><body>hi</body></html>\n";
const std::string kShell = "#!/bin/sh\necho hi\n";
const std::string kSvg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\"><script>1</script></svg>";
const std::string kText = "信访事项说明：本人于2024年3月反映的问题至今未获答复。\n";
const std::string kTiff = std::string("II*\x00\x08\x00\x00\x00\x00\x00", 10);

std::string Elf() {
    std::string s =
        "\x7f"
        "ELF";
    s += Bytes({2, 1, 1, 0});
    s += std::string(8, '\0');
    PutLe16(s, 2);   // ET_EXEC
    PutLe16(s, 62);  // x86-64
    PutLe32(s, 1);
    s += std::string(40, '\0');
    return s;
}

std::string Wav() {
    std::string s = "RIFF";
    PutLe32(s, 36);
    s += "WAVEfmt ";
    PutLe32(s, 16);
    PutLe16(s, 1);
    PutLe16(s, 1);
    PutLe32(s, 8000);
    PutLe32(s, 8000);
    PutLe16(s, 1);
    PutLe16(s, 8);
    s += "data";
    PutLe32(s, 0);
    return s;
}

std::string Mp3() {
    return std::string("ID3\x03\x00\x00\x00\x00\x00\x00\xff\xfb\x90\x00", 14) + std::string(400, '\0');
}

// A stored (uncompressed) zip with the given entries in the given order.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& entries) {
    std::string out, central;
    for (const auto& [name, data] : entries) {
        const uint32_t offset = static_cast<uint32_t>(out.size());
        const uint32_t crc = Crc32(data);
        out += "PK\x03\x04";
        PutLe16(out, 20);
        PutLe16(out, 0);
        PutLe16(out, 0);  // stored
        PutLe32(out, 0);  // time, date
        PutLe32(out, crc);
        PutLe32(out, static_cast<uint32_t>(data.size()));
        PutLe32(out, static_cast<uint32_t>(data.size()));
        PutLe16(out, static_cast<uint16_t>(name.size()));
        PutLe16(out, 0);
        out += name;
        out += data;
        central += "PK\x01\x02";
        PutLe16(central, 20);
        PutLe16(central, 20);
        PutLe16(central, 0);
        PutLe16(central, 0);
        PutLe32(central, 0);
        PutLe32(central, crc);
        PutLe32(central, static_cast<uint32_t>(data.size()));
        PutLe32(central, static_cast<uint32_t>(data.size()));
        PutLe16(central, static_cast<uint16_t>(name.size()));
        PutLe16(central, 0);
        PutLe16(central, 0);
        PutLe16(central, 0);
        PutLe16(central, 0);
        PutLe32(central, 0);
        PutLe32(central, offset);
        central += name;
    }
    const uint32_t cd_offset = static_cast<uint32_t>(out.size());
    out += central;
    out += "PK\x05\x06";
    PutLe16(out, 0);
    PutLe16(out, 0);
    PutLe16(out, static_cast<uint16_t>(entries.size()));
    PutLe16(out, static_cast<uint16_t>(entries.size()));
    PutLe32(out, static_cast<uint32_t>(central.size()));
    PutLe32(out, cd_offset);
    PutLe16(out, 0);
    return out;
}

const std::string kContentTypes =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";

// A minimal compound file (the container of .doc/.xls): 512-byte sectors, one FAT sector, one directory sector,
// and one stream of 4096 bytes (large enough to live in regular sectors, so no mini stream is needed).
std::string CompoundFile(std::string_view stream_name) {
    constexpr uint32_t kFree = 0xFFFFFFFF, kEnd = 0xFFFFFFFE, kFatSect = 0xFFFFFFFD;
    constexpr uint32_t kDataSectors = 8;
    std::string h = Bytes({0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1});
    h += std::string(16, '\0');  // clsid
    PutLe16(h, 0x3E);
    PutLe16(h, 3);
    PutLe16(h, 0xFFFE);
    PutLe16(h, 9);  // 512-byte sectors
    PutLe16(h, 6);  // 64-byte mini sectors
    h += std::string(6, '\0');
    PutLe32(h, 0);  // directory sectors (v3: 0)
    PutLe32(h, 1);  // FAT sectors
    PutLe32(h, 1);  // first directory sector
    PutLe32(h, 0);  // transaction
    PutLe32(h, 4096);
    PutLe32(h, kEnd);  // mini FAT
    PutLe32(h, 0);
    PutLe32(h, kEnd);  // DIFAT
    PutLe32(h, 0);
    PutLe32(h, 0);  // DIFAT[0]: the FAT is sector 0
    for (int i = 1; i < 109; ++i) PutLe32(h, kFree);

    std::string fat;
    PutLe32(fat, kFatSect);
    PutLe32(fat, kEnd);  // directory
    for (uint32_t s = 2; s < 2 + kDataSectors - 1; ++s) PutLe32(fat, s + 1);
    PutLe32(fat, kEnd);
    while (fat.size() < 512) PutLe32(fat, kFree);

    auto entry = [](std::u16string_view name, uint8_t type, uint32_t child, uint32_t start, uint32_t size) {
        std::string e;
        for (char16_t c : name) PutLe16(e, c);
        PutLe16(e, 0);
        e.resize(64, '\0');
        PutLe16(e, static_cast<uint16_t>((name.size() + 1) * 2));
        e.push_back(static_cast<char>(type));
        e.push_back(1);  // black
        PutLe32(e, kFree);
        PutLe32(e, kFree);
        PutLe32(e, child);
        e.resize(0x74, '\0');
        PutLe32(e, start);
        PutLe32(e, size);
        e.resize(128, '\0');
        return e;
    };
    std::u16string name(stream_name.begin(), stream_name.end());
    std::string dir = entry(u"Root Entry", 5, 1, kEnd, 0) + entry(name, 2, kFree, 2, 4096);
    dir.resize(512, '\0');
    return h + fat + dir + std::string(kDataSectors * 512, '\0');
}

// ---------------------------------------------------------------------------------------------------------------
// Sniffing

struct SniffCase {
    std::string what;
    std::string bytes;
    std::string media_type;
    std::string extension;  // empty = refused
};

std::vector<SniffCase> SniffCases() {
    return {
        {"pdf", kPdf, "application/pdf", ".pdf"},
        {"png", kPng, "image/png", ".png"},
        {"jpeg", kJpeg, "image/jpeg", ".jpg"},
        {"gif", kGif, "image/gif", ".gif"},
        {"tiff", kTiff, "image/tiff", ".tif"},
        {"utf-8 text", kText, "text/plain", ".txt"},
        {"wav", Wav(), "audio/x-wav", ".wav"},
        {"mp3", Mp3(), "audio/mpeg", ".mp3"},
        {"doc", CompoundFile("WordDocument"), "application/msword", ".doc"},
        {"xls", CompoundFile("Workbook"), "application/vnd.ms-excel", ".xls"},
        {"docx, [Content_Types].xml first",
         Zip({{"[Content_Types].xml", kContentTypes}, {"_rels/.rels", "<r/>"}, {"word/document.xml", "<w/>"}}),
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"},
        {"docx, _rels/.rels first (libmagic: application/zip)",
         Zip({{"_rels/.rels", "<r/>"}, {"[Content_Types].xml", kContentTypes}, {"word/document.xml", "<w/>"}}),
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"},
        {"xlsx, workbook as 4th entry (libmagic: application/zip)",
         Zip({{"[Content_Types].xml", kContentTypes},
              {"_rels/.rels", "<r/>"},
              {"docProps/app.xml", "<a/>"},
              {"xl/workbook.xml", "<w/>"}}),
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"},
        // Refused.
        {"html", kHtml, "text/html", ""},
        {"shell script", kShell, "text/x-shellscript", ""},
        {"svg with script", kSvg, "image/svg+xml", ""},
        {"elf executable", Elf(), "application/x-executable", ""},
        {"plain zip", Zip({{"hello.txt", "hi"}}), "application/zip", ""},
        {"docm (macros)",
         Zip({{"[Content_Types].xml", kContentTypes}, {"word/document.xml", "<w/>"}, {"word/vbaProject.bin", "x"}}),
         "application/vnd.ms-word.document.macroEnabled.12", ""},
        {"compound file with no document stream", CompoundFile("Foo"), "application/x-ole-storage", ""},
        {"empty", "", "application/x-empty", ""},
    };
}

TEST(SniffTest, DetectsTypesFromBytes) {
    for (const SniffCase& c : SniffCases()) {
        SCOPED_TRACE(c.what);
        auto s = SniffContent(c.bytes);
        ASSERT_TRUE(s.has_value()) << s.error().message;
        EXPECT_EQ(s->media_type, c.media_type);
        EXPECT_EQ(s->extension, c.extension);
        EXPECT_EQ(IsAllowedMediaType(s->media_type), !c.extension.empty());
        EXPECT_EQ(s->label.empty(), c.extension.empty());
        EXPECT_EQ(RequireAllowed(*s).has_value(), !c.extension.empty());
    }
}

TEST(SniffTest, RefusalNamesTheDetectedType) {
    auto html = SniffContent(kHtml);
    ASSERT_TRUE(html.has_value());
    auto st = RequireAllowed(*html);
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(st.error().field, "file");
    EXPECT_NE(st.error().message.find("text/html"), std::string::npos) << st.error().message;

    auto empty = SniffContent("");
    ASSERT_TRUE(empty.has_value());
    EXPECT_EQ(RequireAllowed(*empty).error().message, "附件是空文件");
}

TEST(SniffTest, LabelsAreChinese) {
    auto pdf = SniffContent(kPdf);
    ASSERT_TRUE(pdf.has_value());
    EXPECT_EQ(pdf->label, "PDF 文档");
    auto jpeg = SniffContent(kJpeg);
    ASSERT_TRUE(jpeg.has_value());
    EXPECT_EQ(jpeg->label, "JPEG 图片");
    for (const AllowedType& t : AllowedTypes()) {
        EXPECT_TRUE(t.extension.starts_with('.')) << t.media_type;
        EXPECT_FALSE(t.label.empty()) << t.media_type;
        EXPECT_TRUE(IsAllowedMediaType(t.media_type));
    }
    EXPECT_TRUE(IsAllowedMediaType("audio/wav"));
    EXPECT_TRUE(IsAllowedMediaType("Application/PDF"));
    EXPECT_FALSE(IsAllowedMediaType("application/CDFV2"));
    EXPECT_FALSE(IsAllowedMediaType("video/mp4"));
}

TEST(SniffTest, NameAndHeaderDoNotMatterOnlyBytes) {
    // HTML behind a PDF-looking first line is what libmagic calls a PDF; the bytes decide, and the stored name's
    // extension then follows them.
    auto s = SniffContent("%PDF-junk\n<html><body>x</body></html>");
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->media_type, "application/pdf");
    // A zip whose central directory is damaged stays a refused zip rather than guessing.
    std::string broken = Zip({{"_rels/.rels", "<r/>"}, {"[Content_Types].xml", kContentTypes}, {"word/d.xml", "<w/>"}});
    broken.resize(broken.size() - 30);
    auto z = SniffContent(broken);
    ASSERT_TRUE(z.has_value());
    EXPECT_FALSE(IsAllowedMediaType(z->media_type)) << z->media_type;
}

TEST(SniffTest, IsThreadSafe) {
    const std::vector<SniffCase> cases = SniffCases();
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) {
                const SniffCase& c = cases[(t + i) % cases.size()];
                auto s = SniffContent(c.bytes);
                if (!s || s->media_type != c.media_type) ++mismatches;
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(mismatches.load(), 0);
}

// ---------------------------------------------------------------------------------------------------------------
// File names

TEST(FileNameTest, Sanitizes) {
    struct Case {
        std::string name;
        std::string extension;
        std::string want;
    };
    const std::vector<Case> cases = {
        {"信访材料.pdf", ".pdf", "信访材料.pdf"},
        {"../../etc/passwd", ".txt", "passwd.txt"},
        {"C:\\Users\\x\\信访材料.pdf", ".pdf", "信访材料.pdf"},
        {"/home/u/scan.PDF", ".pdf", "scan.pdf"},
        {"letter.pdf", ".png", "letter.png"},
        {"invoice.pdf.exe", ".pdf", "invoice.pdf.pdf"},
        {"照片.JPEG", ".jpg", "照片.jpeg"},
        {"扫描件.tiff", ".tif", "扫描件.tiff"},
        {"信访材料v1.2", ".pdf", "信访材料v1.2.pdf"},
        {"no extension", ".docx", "no extension.docx"},
        {std::string("a\0b.pdf", 7), ".pdf", "ab.pdf"},
        {"\xE2\x80\xAE"
         "fdp.exe",
         ".pdf", "fdp.pdf"},  // U+202E RIGHT-TO-LEFT OVERRIDE
        {"report\xE2\x80\xAE"
         "fdp.exe",
         ".png", "reportfdp.png"},
        {"a\xE2\x81\xA6"
         "b\xE2\x81\xA9"
         "c.pdf",
         ".pdf", "abc.pdf"},  // U+2066 / U+2069 isolates
        {"zero\xE2\x80\x8Bwidth\xEF\xBB\xBF.pdf", ".pdf", "zerowidth.pdf"},
        {"  many   \t spaces\n\r here  .pdf", ".pdf", "many spaces here.pdf"},
        {"全角\xE3\x80\x80空格.pdf", ".pdf", "全角 空格.pdf"},
        {"...", ".pdf", "附件.pdf"},
        {"", ".pdf", "附件.pdf"},
        {"", "", "附件"},
        {".bashrc", ".txt", "bashrc.txt"},
        {". . .hidden.pdf", ".pdf", "hidden.pdf"},
        {"dir/", ".pdf", "附件.pdf"},
        {"name. . .", ".pdf", "name.pdf"},
        {"bad\xFF\xFEutf8.pdf", ".pdf", "bad\xEF\xBF\xBD\xEF\xBF\xBDutf8.pdf"},
        {"\xC0\xAF"
         "overlong.pdf",
         ".pdf",
         "\xEF\xBF\xBD\xEF\xBF\xBD"
         "overlong.pdf"},
        {"truncated\xE4\xBF.pdf", ".pdf", "truncated\xEF\xBF\xBD\xEF\xBF\xBD.pdf"},
        {"keep.own.suffix", "", "keep.own.suffix"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        const std::string got = SanitizeFileName(c.name, c.extension);
        EXPECT_EQ(got, c.want);
        EXPECT_TRUE(IsValidUtf8(got));
    }
}

TEST(FileNameTest, CapsLengthInCodePointsKeepingTheExtension) {
    std::string long_name;
    for (int i = 0; i < 300; ++i) long_name += "信";
    long_name += ".pdf";
    const std::string got = SanitizeFileName(long_name, ".pdf");
    EXPECT_TRUE(IsValidUtf8(got));
    EXPECT_EQ(Utf8Length(got), kMaxFileNameCodePoints);
    EXPECT_TRUE(got.ends_with("信.pdf"));

    const std::string ascii = SanitizeFileName(std::string(300, 'a'), ".png");
    EXPECT_EQ(ascii, std::string(76, 'a') + ".png");
    // Truncation must not leave a trailing space before the extension.
    const std::string spaced = SanitizeFileName(std::string(75, 'a') + "    bbbb", ".pdf");
    EXPECT_EQ(spaced, std::string(75, 'a') + ".pdf");
}

TEST(FileNameTest, ContentDisposition) {
    EXPECT_EQ(ContentDispositionAttachment("report.pdf"),
              "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
    EXPECT_EQ(ContentDispositionAttachment("信访材料.pdf"),
              "attachment; filename=\"attachment.pdf\"; "
              "filename*=UTF-8''%E4%BF%A1%E8%AE%BF%E6%9D%90%E6%96%99.pdf");
    EXPECT_EQ(ContentDispositionAttachment("张三 letter.pdf"),
              "attachment; filename=\"_ letter.pdf\"; filename*=UTF-8''%E5%BC%A0%E4%B8%89%20letter.pdf");
    EXPECT_EQ(ContentDispositionAttachment("a\"b\\c%d;e.txt"),
              "attachment; filename=\"a_b_c_d;e.txt\"; filename*=UTF-8''a%22b%5Cc%25d%3Be.txt");
    // Header injection is impossible even for an unsanitized name.
    const std::string injected = ContentDispositionAttachment("x\r\nSet-Cookie: a=b\xFF.pdf");
    EXPECT_EQ(injected.find('\r'), std::string::npos);
    EXPECT_EQ(injected.find('\n'), std::string::npos);
    EXPECT_NE(injected.find("%EF%BF%BD"), std::string::npos);
    EXPECT_EQ(ContentDispositionAttachment(""),
              "attachment; filename=\"attachment\"; filename*=UTF-8''%E9%99%84%E4%BB%B6");
}

// ---------------------------------------------------------------------------------------------------------------
// Virus scanner

// The EICAR test string, assembled at run time so this source file is not itself flagged by scanners.
std::string Eicar() {
    return std::string("X5O!P%@AP[4\\PZX54(P^)7CC)7}$") + "EICAR-STANDARD-ANTIVIRUS" + "-TEST-FILE!$H+H*";
}

// A clamd stand-in on a unix socket: reads one INSTREAM request per connection and answers as told.
class FakeClamd {
  public:
    enum class Mode { kAnswer, kCloseEarly, kSilent, kSizeLimit };

    FakeClamd(fs::path socket_path, Mode mode, std::string clean_reply = "stream: OK")
        : path_(std::move(socket_path)), mode_(mode), reply_(std::move(clean_reply)) {
        listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path_.c_str());
        if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 8) != 0)
            throw std::runtime_error("fake clamd: bind/listen");
        thread_ = std::thread([this] { Run(); });
    }
    ~FakeClamd() {
        stop_ = true;
        thread_.join();
        ::close(listen_fd_);
    }

    std::string command() {
        std::lock_guard lock(mu_);
        return command_;
    }
    std::string payload() {
        std::lock_guard lock(mu_);
        return payload_;
    }
    size_t chunks() {
        std::lock_guard lock(mu_);
        return chunks_;
    }

  private:
    // Waits for readability, checking the stop flag every 20 ms.
    bool WaitReadable(int fd) {
        while (!stop_) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 20) > 0) return true;
        }
        return false;
    }
    bool ReadExact(int fd, size_t n, std::string& out) {
        out.clear();
        char buf[8192];
        while (out.size() < n) {
            if (!WaitReadable(fd)) return false;
            ssize_t got = ::recv(fd, buf, std::min(sizeof buf, n - out.size()), 0);
            if (got <= 0) return false;
            out.append(buf, static_cast<size_t>(got));
        }
        return true;
    }
    void Send(int fd, std::string_view s) { (void)::send(fd, s.data(), s.size(), MSG_NOSIGNAL); }

    void Serve(int fd) {
        std::string cmd;
        if (!ReadExact(fd, 10, cmd)) return;
        {
            std::lock_guard lock(mu_);
            command_ = cmd;
        }
        if (mode_ == Mode::kCloseEarly) return;
        std::string len, data, payload;
        size_t chunks = 0;
        while (true) {
            if (!ReadExact(fd, 4, len)) return;
            const uint32_t n = (static_cast<uint32_t>(static_cast<unsigned char>(len[0])) << 24) |
                               (static_cast<uint32_t>(static_cast<unsigned char>(len[1])) << 16) |
                               (static_cast<uint32_t>(static_cast<unsigned char>(len[2])) << 8) |
                               static_cast<uint32_t>(static_cast<unsigned char>(len[3]));
            if (n == 0) break;
            if (mode_ == Mode::kSizeLimit) {
                Send(fd, std::string_view("INSTREAM size limit exceeded. ERROR\0", 36));
                return;
            }
            if (!ReadExact(fd, n, data)) return;
            payload += data;
            ++chunks;
        }
        {
            std::lock_guard lock(mu_);
            payload_ = payload;
            chunks_ = chunks;
        }
        if (mode_ == Mode::kSilent) {
            while (!stop_) std::this_thread::sleep_for(10ms);
            return;
        }
        std::string reply = payload.find(Eicar()) != std::string::npos ? "stream: Eicar-Test-Signature FOUND" : reply_;
        reply.push_back('\0');
        Send(fd, reply);
    }

    void Run() {
        while (WaitReadable(listen_fd_)) {
            int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            Serve(fd);
            ::close(fd);
        }
    }

    fs::path path_;
    Mode mode_;
    std::string reply_;
    int listen_fd_ = -1;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    std::mutex mu_;
    std::string command_, payload_;
    size_t chunks_ = 0;
};

TEST(ClamdScannerTest, CleanFileStreamsEveryByteInChunks) {
    TempDir dir;
    const fs::path sock = dir.path() / "clamd.sock";
    FakeClamd clamd(sock, FakeClamd::Mode::kAnswer);
    ClamdScanner scanner(sock.string(), 2000ms);
    std::string bytes;
    for (int i = 0; i < 200000; ++i) bytes.push_back(static_cast<char>(i * 31));
    auto v = scanner.Scan(bytes);
    ASSERT_TRUE(v.has_value()) << v.error().message;
    EXPECT_TRUE(v->clean);
    EXPECT_EQ(v->signature, "");
    EXPECT_EQ(clamd.command(), std::string("zINSTREAM\0", 10));
    EXPECT_EQ(clamd.payload(), bytes);
    EXPECT_GT(clamd.chunks(), 1u);

    auto empty = scanner.Scan("");  // one zero-length chunk only
    ASSERT_TRUE(empty.has_value()) << empty.error().message;
    EXPECT_TRUE(empty->clean);
}

TEST(ClamdScannerTest, InfectedFileReportsTheSignature) {
    TempDir dir;
    const fs::path sock = dir.path() / "clamd.sock";
    FakeClamd clamd(sock, FakeClamd::Mode::kAnswer);
    ClamdScanner scanner(sock.string(), 2000ms);
    auto v = scanner.Scan(Eicar());
    ASSERT_TRUE(v.has_value()) << v.error().message;
    EXPECT_FALSE(v->clean);
    EXPECT_EQ(v->signature, "Eicar-Test-Signature");
}

void ExpectUnavailable(const Result<ScanVerdict>& v) {
    ASSERT_FALSE(v.has_value());
    EXPECT_EQ(v.error().code, ErrorCode::kUnavailable);
    EXPECT_TRUE(v.error().message.starts_with("病毒扫描服务不可用")) << v.error().message;
}

TEST(ClamdScannerTest, ErrorReplyIsUnavailable) {
    TempDir dir;
    const fs::path sock = dir.path() / "clamd.sock";
    FakeClamd clamd(sock, FakeClamd::Mode::kAnswer, "stream: Can't allocate memory ERROR");
    ClamdScanner scanner(sock.string(), 2000ms);
    auto v = scanner.Scan("hello");
    ExpectUnavailable(v);
    EXPECT_NE(v.error().message.find("Can't allocate memory"), std::string::npos);
}

TEST(ClamdScannerTest, GarbledReplyIsUnavailable) {
    TempDir dir;
    const fs::path sock = dir.path() / "clamd.sock";
    FakeClamd clamd(sock, FakeClamd::Mode::kAnswer, "PONG");
    ExpectUnavailable(ClamdScanner(sock.string(), 2000ms).Scan("hello"));
}

TEST(ClamdScannerTest, EarlyCloseIsUnavailable) {
    TempDir dir;
    const fs::path sock = dir.path() / "clamd.sock";
    FakeClamd clamd(sock, FakeClamd::Mode::kCloseEarly);
    ExpectUnavailable(ClamdScanner(sock.string(), 2000ms).Scan(std::string(300000, 'a')));
}

TEST(ClamdScannerTest, SilentServerTimesOut) {
    TempDir dir;
    const fs::path sock = dir.path() / "clamd.sock";
    FakeClamd clamd(sock, FakeClamd::Mode::kSilent);
    const auto start = std::chrono::steady_clock::now();
    auto v = ClamdScanner(sock.string(), 200ms).Scan("hello");
    const auto elapsed = std::chrono::steady_clock::now() - start;
    ExpectUnavailable(v);
    EXPECT_NE(v.error().message.find("超时"), std::string::npos) << v.error().message;
    EXPECT_GE(elapsed, 150ms);
    EXPECT_LT(elapsed, 2s);
}

TEST(ClamdScannerTest, StreamSizeLimitIsResourceExhausted) {
    TempDir dir;
    const fs::path sock = dir.path() / "clamd.sock";
    FakeClamd clamd(sock, FakeClamd::Mode::kSizeLimit);
    auto v = ClamdScanner(sock.string(), 2000ms).Scan(std::string(4 << 20, 'a'));
    ASSERT_FALSE(v.has_value());
    EXPECT_EQ(v.error().code, ErrorCode::kResourceExhausted) << v.error().message;
}

TEST(ClamdScannerTest, MissingSocketIsUnavailable) {
    TempDir dir;
    ExpectUnavailable(ClamdScanner((dir.path() / "nobody-home.sock").string(), 200ms).Scan("hello"));
}

TEST(MakeScannerTest, Specs) {
    auto off = MakeScanner("off");
    ASSERT_TRUE(off.has_value());
    EXPECT_EQ(*off, nullptr);
    auto empty = MakeScanner("");
    ASSERT_TRUE(empty.has_value());
    EXPECT_EQ(*empty, nullptr);

    auto clamd = MakeScanner("clamd:/run/clamav/clamd.ctl");
    ASSERT_TRUE(clamd.has_value());
    auto* scanner = dynamic_cast<ClamdScanner*>(clamd->get());
    ASSERT_NE(scanner, nullptr);
    EXPECT_EQ(scanner->socket_path(), "/run/clamav/clamd.ctl");

    for (std::string_view bad : {"on", "clamav", "clamd:", "clamd:relative.sock", "tcp:127.0.0.1:3310", "OFF "}) {
        SCOPED_TRACE(bad);
        auto r = MakeScanner(bad);
        ASSERT_FALSE(r.has_value());
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().field, "virus_scanner");
    }
    EXPECT_FALSE(MakeScanner("clamd:/" + std::string(200, 'x')).has_value());
}

TEST(MakeScannerTest, BuiltScannerWorksAgainstTheFake) {
    TempDir dir;
    const fs::path sock = dir.path() / "clamd.sock";
    FakeClamd fake(sock, FakeClamd::Mode::kAnswer);
    auto scanner = MakeScanner("clamd:" + sock.string(), 2000ms);
    ASSERT_TRUE(scanner.has_value());
    auto v = (*scanner)->Scan(kPdf);
    ASSERT_TRUE(v.has_value()) << v.error().message;
    EXPECT_TRUE(v->clean);
}

}  // namespace
}  // namespace xf::files
