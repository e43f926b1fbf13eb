// The content classification (内容分类) as data: a two-level code table in the format of config/categories.tsv.
// Offices may replace or extend it; a case stores the code it was classified under.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace xf {

struct Category {
    std::string code;    // "0402"
    std::string parent;  // "04", empty for a first-level category
    std::string name;    // "拖欠农民工工资"
};

class CategoryTable {
public:
    CategoryTable() = default;
    explicit CategoryTable(std::vector<Category> rows);

    // Parses the TSV (comments '#', header "code parent name"). Errors name "line N" of `source`.
    static Result<CategoryTable> ParseTsv(std::string_view text, std::string_view source);

    const Category* Find(std::string_view code) const;
    // By code, or else by exact name (first match; a second-level name wins over a first-level one).
    const Category* FindByCodeOrName(std::string_view code_or_name) const;
    const std::vector<Category>& All() const { return rows_; }
    // "劳动和社会保障 / 拖欠农民工工资".
    std::string Path(std::string_view code) const;

private:
    std::vector<Category> rows_;
};

}  // namespace xf
