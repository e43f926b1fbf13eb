// Format sniffing for files of unknown origin: users rename files freely, so the bytes decide, not the extension.
#include "tabular/table.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <system_error>

namespace xf::tabular {

const Cell& Row::Get(size_t col) const {
    static const Cell kEmpty;
    return col < cells.size() ? cells[col] : kEmpty;
}

Result<Table> ReadTableFile(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return Fail(Error::NotFound(fmt::format("文件不存在：{}", path.string())));
    if (std::filesystem::is_directory(path, ec)) {
        return Fail(Error::InvalidArgument("file", fmt::format("{} 是目录，不是文件", path.string())));
    }
    std::ifstream in(path, std::ios::binary);
    std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in.good() && !in.eof()) {
        return Fail(Error::InvalidArgument("file", fmt::format("无法读取文件：{}", path.string())));
    }
    if (bytes.starts_with("PK\x03\x04") || bytes.starts_with("PK\x05\x06")) return ReadXlsx(bytes);
    if (bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
        return Fail(Error::InvalidArgument(
            "file", "不支持旧版 Excel（.xls）或加密的工作簿，请在 Excel/WPS 中另存为 .xlsx 或 CSV UTF-8 后再导入"));
    }
    return ReadCsv(bytes);
}

}  // namespace xf::tabular
