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

Status CheckPasswordPolicy(std::string_view password, std::string_view login, std::string_view field) {
    auto bad = [&](std::string message) { return Fail(Error::InvalidArgument(std::string(field), std::move(message))); };
    size_t chars = Utf8Length(password);
    if (chars > 128) return bad("密码不超过128个字符");
    int lower = 0, upper = 0, digit = 0, other = 0;
    for (unsigned char c : password) {
        if (c >= 'a' && c <= 'z') lower = 1;
        else if (c >= 'A' && c <= 'Z') upper = 1;
        else if (c >= '0' && c <= '9') digit = 1;
        else other = 1;
    }
    if (chars < 8 || (chars < 12 && lower + upper + digit + other < 3))
        return bad("密码至少12位，或至少8位且含大写字母、小写字母、数字、符号中的三类");
    std::string folded;
    for (unsigned char c : password) folded += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    std::string login_folded;
    for (unsigned char c : login) login_folded += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (login_folded.size() >= 3 && folded.find(login_folded) != std::string::npos) return bad("密码不能包含登录名");
    // The commonest passwords that pass the length rules (weak-password lists, e.g. 弱口令 checks in 等保 tests).
    static constexpr std::string_view kCommon[] = {
        "1234567890ab", "123456789012", "password1234", "qwertyuiop12", "1qaz2wsx3edc", "1q2w3e4r5t6y",
        "admin@123456", "Admin@123",     "P@ssw0rd",     "Passw0rd!",    "Aa123456",     "Abc@1234",
        "abc123456789", "woaini1314520", "iloveyou1234", "a123456789",   "Qwer@1234",    "Admin123!"};
    for (std::string_view c : kCommon) {
        std::string common;
        for (unsigned char ch : c) common += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
        if (folded == common) return bad("密码过于常见，请换一个");
    }
    return Ok();
}

}  // namespace xf
