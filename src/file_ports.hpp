// The outside services of documents and attachments, as the app layer's ports (domain/ports.hpp): the content
// store on a directory (files/blob_store), the file inspector (libmagic + an optional clamd), and the GB/T 9704
// renderer (render/). Wired by main.cpp.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>

#include "config.hpp"
#include "domain/ports.hpp"

namespace xf {

struct FileServices {
    std::unique_ptr<ContentStore> content;
    std::unique_ptr<FileInspector> inspector;
    std::unique_ptr<DocumentRenderer> renderer;
    std::function<size_t()> render_queue_depth;  // PDFs waiting for the renderer's threads (valid while renderer is)
};

// Fails naming the setting: a font fontconfig cannot find, a bad scanner spec, a directory that cannot be made.
Result<FileServices> OpenFileServices(const FilesConfig& config, const std::filesystem::path& default_dir);

}  // namespace xf
