#include "domain/access.hpp"

#include <algorithm>

namespace xf {

bool IsAccusedParty(const Org& user_org, const Petition& p, const std::optional<Org>& accused_org) {
    return p.purpose == Purpose::kAccusation && accused_org && accused_org->Contains(user_org);
}

bool ScopeCovers(const User& user, const Org& user_org, const CaseAccessFacts& facts) {
    switch (user.scope) {
        case DataScope::kAll: return true;
        case DataScope::kOrg:
            return std::any_of(facts.involved_orgs.begin(), facts.involved_orgs.end(),
                               [&](const Org& o) { return o.id == user_org.id; });
        case DataScope::kSubtree:
            return std::any_of(facts.involved_orgs.begin(), facts.involved_orgs.end(),
                               [&](const Org& o) { return user_org.Contains(o); });
        case DataScope::kSelf:
            return std::find(facts.involved_users.begin(), facts.involved_users.end(), user.id) !=
                   facts.involved_users.end();
    }
    return false;
}

bool CanSeeCase(const User& user, const Org& user_org, const Petition& p, const CaseAccessFacts& facts) {
    if (!user.active) return false;
    if (IsAccusedParty(user_org, p, facts.accused_org)) return false;  // Art. 30 ¶3, before any scope
    return ScopeCovers(user, user_org, facts);
}

bool MayRevealPersonalData(const User& user, const Petition& p) {
    bool org_match = user.org_id == p.current_org_id || user.org_id == p.registered_org_id;
    return org_match && user.roles.Intersects(RoleSet{Role::kRegistrar, Role::kHandler, Role::kApprover});
}

}  // namespace xf
