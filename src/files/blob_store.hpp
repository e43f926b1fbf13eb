// Content-addressed attachment storage: each blob is a file named by the SHA-256 of its bytes, so equal uploads
// share one file and a blob, once written, never changes. Writes are crash-safe (temp file, fsync, rename, fsync
// of the directories); reads verify the hash, so silent disk corruption is reported instead of served.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace xf::files {

struct BlobRef {
    std::string sha256;  // 64 lower-case hex digits
    uint64_t size = 0;   // bytes
};

// Layout: root/ab/cd/<sha256> (ab, cd = the first two pairs of hex digits), temp files under root/tmp.
// Files are created 0640 and directories 0750 (further narrowed by the process umask).
//
// Thread-safe, and safe with several processes sharing `root`: there is no in-memory state; every write goes to a
// uniquely named temp file and is renamed into place atomically, so concurrent puts of the same content all
// succeed and leave one complete file. Deduplication means two attachments may share a blob: callers that delete
// must count references themselves before calling Remove.
class BlobStore {
  public:
    // `root` is created on the first Put if it does not exist.
    explicit BlobStore(std::filesystem::path root);

    // Stores `bytes` and returns its address. Idempotent: when the blob is already present and intact nothing is
    // written; a damaged copy is replaced. Returns only after the data and the directory entries are on disk.
    // kResourceExhausted when the disk or quota is full, kInternal for other I/O failures.
    [[nodiscard]] Result<BlobRef> Put(std::string_view bytes);

    // The blob's bytes, after checking them against the hash. kInvalidArgument (field "sha256") for anything but
    // 64 lower-case hex digits, kNotFound when absent, kInternal "附件内容已损坏" when the bytes do not match.
    [[nodiscard]] Result<std::string> Get(std::string_view sha256) const;

    [[nodiscard]] Result<bool> Exists(std::string_view sha256) const;

    // Deletes the blob. Removing an absent blob succeeds, so a retried cleanup is harmless.
    [[nodiscard]] Status Remove(std::string_view sha256);

    // True for exactly 64 characters of [0-9a-f]. Checked before any path is built, so no input can name a file
    // outside the store.
    static bool IsValidSha256(std::string_view sha256);

    const std::filesystem::path& root() const { return root_; }
    // Where the blob lives (or would live). Precondition: IsValidSha256(sha256).
    std::filesystem::path PathFor(std::string_view sha256) const;

  private:
    std::filesystem::path root_;
};

}  // namespace xf::files
