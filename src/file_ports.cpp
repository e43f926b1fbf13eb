#include "file_ports.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

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

// Lays documents out on a few threads of its own. The PDF renderer keeps its fonts per thread (tens of MB each
// with CJK fonts), so rendering on whichever of the server's many worker threads asked would hold that once per
// worker (measured: 2.5 GB RSS with 32 workers); a few dedicated threads bound both the memory and the CPU the
// layout engine takes from request handling.
class GbRenderer final : public DocumentRenderer {
  public:
    GbRenderer(render::FontMap fonts, int threads) : fonts_(std::move(fonts)) {
        for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
    }
    ~GbRenderer() override {
        {
            std::lock_guard lock(mu_);
            stop_ = true;
        }
        cv_.notify_all();
        for (auto& t : threads_) t.join();
    }
    Result<std::string> Pdf(const DocumentContent& doc, Instant created_at) override {
        return Run([&] { return render::RenderPdf(doc, {fonts_, created_at}); });
    }
    Result<std::string> Docx(const DocumentContent& doc, Instant created_at) override {
        return render::RenderDocx(doc, {fonts_, created_at});  // no fonts loaded: on the caller's thread
    }
    // PDFs waiting for a layout thread (monitoring).
    size_t QueueDepth() {
        std::lock_guard lock(mu_);
        return queue_.size();
    }

  private:
    Result<std::string> Run(const std::function<Result<std::string>()>& job) {
        std::packaged_task<Result<std::string>()> task(job);
        auto done = task.get_future();
        {
            std::lock_guard lock(mu_);
            queue_.push_back(std::move(task));
        }
        cv_.notify_one();
        return done.get();
    }
    void Loop() {
        for (;;) {
            std::packaged_task<Result<std::string>()> task;
            {
                std::unique_lock lock(mu_);
                cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
                if (queue_.empty()) return;
                task = std::move(queue_.front());
                queue_.pop_front();
            }
            task();
        }
    }

    render::FontMap fonts_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::packaged_task<Result<std::string>()>> queue_;
    bool stop_ = false;
    std::vector<std::thread> threads_;
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
    int threads = std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 4);
    auto renderer = std::make_unique<GbRenderer>(std::move(fonts), threads);
    out.render_queue_depth = [r = renderer.get()] { return r->QueueDepth(); };
    out.renderer = std::move(renderer);
    return out;
}

}  // namespace xf
