#include "domain/org.hpp"

#include <array>

namespace xf {
namespace {
struct LevelInfo {
    OrgLevel level;
    std::string_view name, label, alt1, alt2;
};
constexpr std::array<LevelInfo, 6> kLevels{{
    {OrgLevel::kNational, "national", "国家", "中央", "全国"},
    {OrgLevel::kProvince, "province", "省", "省级", "省(区、市)"},
    {OrgLevel::kCity, "city", "市", "市(州)", "地市"},
    {OrgLevel::kCounty, "county", "县", "县(区)", "区县"},
    {OrgLevel::kTownship, "township", "乡镇", "乡镇(街道)", "街道"},
    {OrgLevel::kVillage, "village", "村", "村(社区)", "社区"},
}};
struct KindInfo {
    OrgKind kind;
    std::string_view name, label;
};
constexpr std::array<KindInfo, 6> kKinds{{
    {OrgKind::kPetitionOffice, "petition_office", "信访部门"},
    {OrgKind::kDepartment, "department", "职能部门"},
    {OrgKind::kPoliticalLegal, "political_legal", "政法部门"},
    {OrgKind::kDiscipline, "discipline", "纪检监察"},
    {OrgKind::kPartyGovernment, "party_government", "党委政府"},
    {OrgKind::kOther, "other", "其他"},
}};
}  // namespace

std::string_view OrgLevelName(OrgLevel l) { return kLevels[static_cast<size_t>(l)].name; }
std::string_view OrgLevelLabel(OrgLevel l) { return kLevels[static_cast<size_t>(l)].label; }
std::string_view OrgKindName(OrgKind k) { return kKinds[static_cast<size_t>(k)].name; }
std::string_view OrgKindLabel(OrgKind k) { return kKinds[static_cast<size_t>(k)].label; }

Result<OrgLevel> ParseOrgLevel(std::string_view s, std::string_view field) {
    for (const auto& l : kLevels)
        if (s == l.name || s == l.label || s == l.alt1 || s == l.alt2) return l.level;
    return Fail(Error::InvalidArgument(std::string(field),
                                       "层级应为 national/province/city/county/township/village 或 国家/省/市/县/乡镇/村"));
}

Result<OrgKind> ParseOrgKind(std::string_view s, std::string_view field) {
    for (const auto& k : kKinds)
        if (s == k.name || s == k.label) return k.kind;
    if (s == "纪检监察机关") return OrgKind::kDiscipline;
    return Fail(Error::InvalidArgument(std::string(field),
                                       "类型应为 petition_office/department/political_legal/discipline/"
                                       "party_government/other 或 信访部门/职能部门/政法部门/纪检监察/党委政府/其他"));
}

Status ValidateRegionCode(std::string_view code, std::string_view field) {
    bool digits = !code.empty();
    for (char c : code) digits = digits && c >= '0' && c <= '9';
    if (!digits || (code.size() != 6 && code.size() != 9 && code.size() != 12))
        return Fail(Error::InvalidArgument(std::string(field), "行政区划代码应为6位、9位或12位数字"));
    return Ok();
}

}  // namespace xf
