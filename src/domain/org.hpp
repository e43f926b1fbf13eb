// Organisations form a tree by administrative level (国家 → 省 → 市 → 县 → 乡镇 → 村), each with a kind and a
// GB/T 2260 region code (SPEC §1). `path` is the materialised chain of ids ("/1/4/9/") for subtree checks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace xf {

enum class OrgLevel { kNational, kProvince, kCity, kCounty, kTownship, kVillage };
enum class OrgKind { kPetitionOffice, kDepartment, kPoliticalLegal, kDiscipline, kPartyGovernment, kOther };

std::string_view OrgLevelName(OrgLevel l);    // "county"
std::string_view OrgLevelLabel(OrgLevel l);   // "县"
std::string_view OrgKindName(OrgKind k);      // "petition_office"
std::string_view OrgKindLabel(OrgKind k);     // "信访部门"
// Accept English names or Chinese labels (市(州), 县(区), 乡镇(街道), 村(社区) and short forms).
Result<OrgLevel> ParseOrgLevel(std::string_view s, std::string_view field = "level");
Result<OrgKind> ParseOrgKind(std::string_view s, std::string_view field = "kind");

struct Org {
    int64_t id = 0;
    std::string code;  // unique, stable, used by imports and APIs
    std::optional<int64_t> parent_id;
    std::string name;
    OrgLevel level = OrgLevel::kCounty;
    OrgKind kind = OrgKind::kPetitionOffice;
    std::string region_code;  // 6 digits (9 for townships)
    std::string path;         // "/1/4/9/" — ids from the root down to this org, inclusive

    // True if `other` is this org or below it.
    bool Contains(const Org& other) const { return other.path.starts_with(path); }
};

Status ValidateRegionCode(std::string_view code, std::string_view field = "region_code");

}  // namespace xf
