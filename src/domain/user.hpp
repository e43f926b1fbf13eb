// Staff users: roles (SPEC §1) and the data scope that limits which cases they see. Citizens are not users:
// they reach their own case through 查询码 + secret only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/error.hpp"

namespace xf {

enum class Role : uint32_t {
    kRegistrar = 1u << 0,     // 登记员
    kHandler = 1u << 1,       // 承办人
    kApprover = 1u << 2,      // 审核人/负责人: signs replies, approves extensions
    kSupervisor = 1u << 3,    // 督办员
    kStatistician = 1u << 4,  // 统计员
    kAdmin = 1u << 5,         // 管理员
};
inline constexpr Role kAllRoles[] = {Role::kRegistrar, Role::kHandler,      Role::kApprover,
                                     Role::kSupervisor, Role::kStatistician, Role::kAdmin};

// A set of roles as a bit mask.
class RoleSet {
public:
    constexpr RoleSet() = default;
    constexpr RoleSet(std::initializer_list<Role> roles) {
        for (Role r : roles) bits_ |= static_cast<uint32_t>(r);
    }
    static constexpr RoleSet FromBits(uint32_t b) {
        RoleSet s;
        s.bits_ = b;
        return s;
    }
    constexpr bool Has(Role r) const { return bits_ & static_cast<uint32_t>(r); }
    constexpr bool Intersects(RoleSet o) const { return bits_ & o.bits_; }
    constexpr bool Empty() const { return bits_ == 0; }
    constexpr uint32_t Bits() const { return bits_; }
    void Add(Role r) { bits_ |= static_cast<uint32_t>(r); }

private:
    uint32_t bits_ = 0;
};

std::string_view RoleName(Role r);   // "registrar"
std::string_view RoleLabel(Role r);  // "登记员"
Result<Role> ParseRole(std::string_view s, std::string_view field = "roles");
// "registrar,handler" or "登记员,承办人".
Result<RoleSet> ParseRoles(std::string_view csv, std::string_view field = "roles");
std::vector<std::string> RoleNames(RoleSet s);

enum class DataScope {
    kOrg,      // 本单位
    kSubtree,  // 本单位及下级
    kSelf,     // 仅本人
    kAll,      // 全部
};
std::string_view DataScopeName(DataScope s);   // "org", "subtree", "self", "all"
std::string_view DataScopeLabel(DataScope s);  // "本单位" …
Result<DataScope> ParseDataScope(std::string_view s, std::string_view field = "scope");

struct User {
    int64_t id = 0;
    std::string login;
    std::string display_name;
    int64_t org_id = 0;
    RoleSet roles;
    DataScope scope = DataScope::kOrg;
    std::string password_hash;  // argon2id encoded
    bool active = true;
};

// A logged-in staff session. The token itself is never stored: only its hash.
struct Session {
    std::string token_hash;
    int64_t user_id = 0;
    std::string csrf_token;
    Instant created_at{};
    Instant expires_at{};
};

Status ValidateLogin(std::string_view login, std::string_view field = "login");

// Password policy (等保2.0 身份鉴别: 口令具有复杂度要求; OWASP ASVS 2.1): at least 12 characters, or at least 8
// with three of lower case, upper case, digits and other characters; at most 128 characters; not containing the
// login; not one of the commonest passwords. Errors name `field`.
Status CheckPasswordPolicy(std::string_view password, std::string_view login, std::string_view field = "password");

}  // namespace xf
