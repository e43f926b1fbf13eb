#include "file_ports.hpp"

#include "files/blob_store.hpp"
#include "files/file_name.hpp"
#include "files/scanner.hpp"
#include "files/sniff.hpp"
#include "render/render.hpp"

namespace xf {
namespace {

class DiskContentStore final : public ContentStore {
  public:
    explicit DiskContentStore(std::filesystem::path root) : blobs_(std::move(root)) {}
    Result<StoredBlob> Put(std::string_view bytes) override {
        XF_ASSIGN_OR_RETURN(auto ref, blobs_.Put(bytes));
        return StoredBlob{ref.sha256, static_cast<int64_t>(ref.size)};
    }
    Result<std::string> Get(std::string_view sha256) override { return blobs_.Get(sha256); }

  private:
    files::BlobStore blobs_;
};

class LocalFileInspector final : public FileInspector {
  public:
    explicit LocalFileInspector(std::unique_ptr<files::VirusScanner> scanner) : scanner_(std::move(scanner)) {}
    Result<FileType> Sniff(std::string_view bytes) override {
        XF_ASSIGN_OR_RETURN(auto s, files::SniffContent(bytes));
        FileType t;
        t.media_type = s.media_type;
        t.extension = s.extension;
        t.label = s.label;
        t.allowed = files::IsAllowedMediaType(s.media_type);
        return t;
    }
    Result<std::string> Scan(std::string_view bytes) override {
        if (!scanner_) return std::string();
        XF_ASSIGN_OR_RETURN(auto verdict, scanner_->Scan(bytes));
        if (verdict.clean) return std::string();
        return verdict.signature.empty() ? std::string("疑似病毒") : verdict.signature;
    }
    std::string SafeName(std::string_view name, const FileType& type) override {
        return files::SanitizeFileName(name, type.extension);
    }

  private:
    std::unique_ptr<files::VirusScanner> scanner_;
};

class GbRenderer final : public DocumentRenderer {
  public:
    explicit GbRenderer(render::FontMap fonts) : fonts_(std::move(fonts)) {}
    Result<std::string> Pdf(const DocumentContent& doc, Instant created_at) override {
        return render::RenderPdf(doc, {fonts_, created_at});
    }
    Result<std::string> Docx(const DocumentContent& doc, Instant created_at) override {
        return render::RenderDocx(doc, {fonts_, created_at});
    }

  private:
    render::FontMap fonts_;
};

}  // namespace

Result<FileServices> OpenFileServices(const FilesConfig& config, const std::filesystem::path& default_dir) {
    FileServices out;
    std::filesystem::path dir = config.dir.empty() ? default_dir : config.dir;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Fail(Error::InvalidArgument("attachments.dir", "无法创建附件目录 " + dir.string() + "：" + ec.message()));
    out.content = std::make_unique<DiskContentStore>(dir);
    XF_ASSIGN_OR_RETURN(auto scanner, files::MakeScanner(config.scanner));
    out.inspector = std::make_unique<LocalFileInspector>(std::move(scanner));
    render::FontMap fonts;
    fonts.title = config.font_title;
    fonts.body = config.font_body;
    fonts.page_number = config.font_page_number;
    XF_TRY(render::CheckFonts(fonts));
    out.renderer = std::make_unique<GbRenderer>(std::move(fonts));
    return out;
}

}  // namespace xf
