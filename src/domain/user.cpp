#include "domain/user.hpp"

#include <array>

#include "base/text.hpp"

namespace xf {
namespace {
struct RoleInfo {
    Role role;
    std::string_view name, label;
};
constexpr std::array<RoleInfo, 6> kRoles{{
    {Role::kRegistrar, "registrar", "登记员"},
    {Role::kHandler, "handler", "承办人"},
    {Role::kApprover, "approver", "审核人"},
    {Role::kSupervisor, "supervisor", "督办员"},
    {Role::kStatistician, "statistician", "统计员"},
    {Role::kAdmin, "admin", "管理员"},
}};
struct ScopeInfo {
    DataScope scope;
    std::string_view name, label;
};
constexpr std::array<ScopeInfo, 4> kScopes{{
    {DataScope::kOrg, "org", "本单位"},
    {DataScope::kSubtree, "subtree", "本单位及下级"},
    {DataScope::kSelf, "self", "仅本人"},
    {DataScope::kAll, "all", "全部"},
}};
}  // namespace

std::string_view RoleName(Role r) {
    for (const auto& i : kRoles)
        if (i.role == r) return i.name;
    return "";
}
std::string_view RoleLabel(Role r) {
    for (const auto& i : kRoles)
        if (i.role == r) return i.label;
    return "";
}

Result<Role> ParseRole(std::string_view s, std::string_view field) {
    s = Trim(s);
    for (const auto& i : kRoles)
        if (s == i.name || s == i.label) return i.role;
    if (s == "负责人") return Role::kApprover;
    return Fail(Error::InvalidArgument(std::string(field),
                                       "未知角色：" + std::string(s) +
                                           "（可选 registrar/handler/approver/supervisor/statistician/admin）"));
}

Result<RoleSet> ParseRoles(std::string_view csv, std::string_view field) {
    RoleSet set;
    for (auto part : Split(csv, ',')) {
        if (Trim(part).empty()) continue;
        XF_ASSIGN_OR_RETURN(Role r, ParseRole(part, field));
        set.Add(r);
    }
    if (set.Empty()) return Fail(Error::InvalidArgument(std::string(field), "至少需要一个角色"));
    return set;
}

std::vector<std::string> RoleNames(RoleSet s) {
    std::vector<std::string> out;
    for (const auto& i : kRoles)
        if (s.Has(i.role)) out.emplace_back(i.name);
    return out;
}

std::string_view DataScopeName(DataScope s) { return kScopes[static_cast<size_t>(s)].name; }
std::string_view DataScopeLabel(DataScope s) { return kScopes[static_cast<size_t>(s)].label; }

Result<DataScope> ParseDataScope(std::string_view s, std::string_view field) {
    for (const auto& i : kScopes)
        if (s == i.name || s == i.label) return i.scope;
    return Fail(Error::InvalidArgument(std::string(field), "数据范围应为 org/subtree/self/all"));
}

Status ValidateLogin(std::string_view login, std::string_view field) {
    if (login.empty() || login.size() > 64)
        return Fail(Error::InvalidArgument(std::string(field), "登录名长度应为1-64个字符"));
    for (char c : login) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                  c == '-' || c == '.';
        if (!ok) return Fail(Error::InvalidArgument(std::string(field), "登录名只能包含字母、数字、_ - ."));
    }
    return Ok();
}

}  // namespace xf
