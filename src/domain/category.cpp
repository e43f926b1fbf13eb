#include "domain/category.hpp"

#include <algorithm>
#include <set>

#include "base/text.hpp"

namespace xf {

CategoryTable::CategoryTable(std::vector<Category> rows) : rows_(std::move(rows)) {
    std::sort(rows_.begin(), rows_.end(), [](const Category& a, const Category& b) { return a.code < b.code; });
}

Result<CategoryTable> CategoryTable::ParseTsv(std::string_view text, std::string_view source) {
    std::vector<Category> rows;
    std::set<std::string> codes;
    int line_no = 0;
    bool header_seen = false;
    for (auto line : Split(text, '\n')) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (Trim(line).empty() || line.starts_with("#")) continue;
        auto cols = Split(line, '\t');
        auto where = [&] { return std::string(source) + " line " + std::to_string(line_no); };
        if (!header_seen && !cols.empty() && Trim(cols[0]) == "code") {
            header_seen = true;
            continue;
        }
        if (cols.size() < 3) return Fail(Error::InvalidArgument(where(), "应有3列：code, parent, name"));
        Category c{std::string(Trim(cols[0])), std::string(Trim(cols[1])), std::string(Trim(cols[2]))};
        if (c.code.empty() || c.name.empty()) return Fail(Error::InvalidArgument(where(), "code 和 name 不能为空"));
        if (!IsValidUtf8(c.name)) return Fail(Error::InvalidArgument(where(), "名称不是有效的 UTF-8"));
        if (!c.parent.empty() && !codes.contains(c.parent))
            return Fail(Error::InvalidArgument(where(), "上级分类 " + c.parent + " 未在前面定义"));
        if (!codes.insert(c.code).second) return Fail(Error::InvalidArgument(where(), "分类代码重复：" + c.code));
        rows.push_back(std::move(c));
    }
    if (rows.empty()) return Fail(Error::InvalidArgument(std::string(source), "分类表为空"));
    return CategoryTable(std::move(rows));
}

const Category* CategoryTable::Find(std::string_view code) const {
    auto it = std::lower_bound(rows_.begin(), rows_.end(), code,
                               [](const Category& c, std::string_view k) { return c.code < k; });
    return it != rows_.end() && it->code == code ? &*it : nullptr;
}

const Category* CategoryTable::FindByCodeOrName(std::string_view s) const {
    if (const auto* c = Find(s)) return c;
    const Category* first_level = nullptr;
    for (const auto& c : rows_) {
        if (c.name != s) continue;
        if (!c.parent.empty()) return &c;
        first_level = &c;
    }
    return first_level;
}

std::string CategoryTable::Path(std::string_view code) const {
    const auto* c = Find(code);
    if (!c) return std::string(code);
    if (c->parent.empty()) return c->name;
    const auto* p = Find(c->parent);
    return (p ? p->name + " / " : std::string()) + c->name;
}

}  // namespace xf
