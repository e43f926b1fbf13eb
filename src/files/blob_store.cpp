#include "files/blob_store.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <utility>

#include "crypto/crypto.hpp"

namespace xf::files {
namespace {

constexpr mode_t kFileMode = 0640;
constexpr mode_t kDirMode = 0750;

std::string ErrnoText(int err) { return std::error_code(err, std::generic_category()).message(); }

// A full disk is worth telling apart: the operator must act, and retrying immediately will not help.
Error IoError(std::string_view what, const std::filesystem::path& path, int err) {
    if (err == ENOSPC || err == EDQUOT) return Error::ResourceExhausted("附件存储空间不足");
    return Error::Internal(fmt::format("附件存储失败：{} {}（{}）", what, path.string(), ErrnoText(err)));
}

Error BadHash() { return Error::InvalidArgument("sha256", "附件标识无效"); }

// Closes the descriptor on every path out of a function.
class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    // Closes now and reports the result: on some file systems (NFS) a failed write only shows up here.
    int Close() {
        int rc = ::close(fd_);
        fd_ = -1;
        return rc;
    }

  private:
    int fd_;
};

Status MakeDir(const std::filesystem::path& dir) {
    if (::mkdir(dir.c_str(), kDirMode) == 0 || errno == EEXIST) return Ok();
    return Fail(IoError("创建目录", dir, errno));
}

// Makes a rename or a new directory entry in `dir` durable.
Status SyncDir(const std::filesystem::path& dir) {
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0) return Fail(IoError("打开目录", dir, errno));
    if (::fsync(fd.get()) != 0) return Fail(IoError("同步目录", dir, errno));
    return Ok();
}

Status WriteAll(int fd, std::string_view bytes, const std::filesystem::path& path) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return Fail(IoError("写入", path, errno));
        }
        bytes.remove_prefix(static_cast<size_t>(n));
    }
    return Ok();
}

// Reads a whole file; kNotFound when it does not exist. O_NOFOLLOW: a symlink planted in the store is not followed.
Result<std::string> ReadAll(const std::filesystem::path& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (fd.get() < 0) {
        if (errno == ENOENT || errno == ENOTDIR) return Fail(Error::NotFound("附件不存在"));
        return Fail(IoError("打开", path, errno));
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return Fail(IoError("读取", path, errno));
    if (!S_ISREG(st.st_mode)) return Fail(Error::Internal("附件内容已损坏"));
    std::string out;
    out.resize(static_cast<size_t>(st.st_size));
    size_t got = 0;
    while (true) {
        if (got == out.size()) out.resize(out.size() + 4096);  // the file grew; read to the real end
        ssize_t n = ::read(fd.get(), out.data() + got, out.size() - got);
        if (n < 0) {
            if (errno == EINTR) continue;
            return Fail(IoError("读取", path, errno));
        }
        if (n == 0) break;
        got += static_cast<size_t>(n);
    }
    out.resize(got);
    return out;
}

}  // namespace

BlobStore::BlobStore(std::filesystem::path root) : root_(std::move(root)) {}

bool BlobStore::IsValidSha256(std::string_view sha256) {
    if (sha256.size() != 64) return false;
    for (char c : sha256)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::filesystem::path BlobStore::PathFor(std::string_view sha256) const {
    return root_ / std::string(sha256.substr(0, 2)) / std::string(sha256.substr(2, 2)) / std::string(sha256);
}

Result<BlobRef> BlobStore::Put(std::string_view bytes) {
    BlobRef ref{crypto::Sha256Hex(bytes), bytes.size()};
    const std::filesystem::path final_path = PathFor(ref.sha256);

    // Already stored: verify rather than trust the name, so a damaged copy gets rewritten by the next upload.
    if (auto existing = ReadAll(final_path); existing && *existing == bytes) return ref;

    const std::filesystem::path level1 = final_path.parent_path().parent_path();
    const std::filesystem::path level2 = final_path.parent_path();
    const std::filesystem::path tmp_dir = root_ / "tmp";
    std::error_code ec;
    if (!std::filesystem::exists(root_, ec)) {
        if (root_.has_parent_path()) std::filesystem::create_directories(root_.parent_path(), ec);
        XF_TRY(MakeDir(root_));
    }
    XF_TRY(MakeDir(tmp_dir));
    XF_TRY(MakeDir(level1));
    XF_TRY(MakeDir(level2));

    // A random suffix keeps temp names unique across threads and processes without any shared state.
    const std::filesystem::path tmp_path = tmp_dir / (ref.sha256 + "." + crypto::RandomToken(12) + ".tmp");
    Fd fd(::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, kFileMode));
    if (fd.get() < 0) return Fail(IoError("创建", tmp_path, errno));
    auto written = [&]() -> Status {
        XF_TRY(WriteAll(fd.get(), bytes, tmp_path));
        if (::fsync(fd.get()) != 0) return Fail(IoError("同步", tmp_path, errno));
        if (fd.Close() != 0) return Fail(IoError("关闭", tmp_path, errno));
        if (::rename(tmp_path.c_str(), final_path.c_str()) != 0) return Fail(IoError("移入", final_path, errno));
        return Ok();
    }();
    if (!written) {
        ::unlink(tmp_path.c_str());
        return Fail(std::move(written).error());
    }
    // The rename is durable once the target directory is synced; the parents are synced too because another
    // writer may have created them and crashed before syncing (syncing a clean directory costs almost nothing).
    XF_TRY(SyncDir(level2));
    XF_TRY(SyncDir(level1));
    XF_TRY(SyncDir(root_));
    return ref;
}

Result<std::string> BlobStore::Get(std::string_view sha256) const {
    if (!IsValidSha256(sha256)) return Fail(BadHash());
    XF_ASSIGN_OR_RETURN(std::string bytes, ReadAll(PathFor(sha256)));
    if (crypto::Sha256Hex(bytes) != sha256) return Fail(Error::Internal("附件内容已损坏"));
    return bytes;
}

Result<bool> BlobStore::Exists(std::string_view sha256) const {
    if (!IsValidSha256(sha256)) return Fail(BadHash());
    const std::filesystem::path path = PathFor(sha256);
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) return S_ISREG(st.st_mode);
    if (errno == ENOENT || errno == ENOTDIR) return false;
    return Fail(IoError("查询", path, errno));
}

Status BlobStore::Remove(std::string_view sha256) {
    if (!IsValidSha256(sha256)) return Fail(BadHash());
    const std::filesystem::path path = PathFor(sha256);
    if (::unlink(path.c_str()) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) return Ok();
        return Fail(IoError("删除", path, errno));
    }
    return SyncDir(path.parent_path());
}

}  // namespace xf::files
