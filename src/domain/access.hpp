// Who may see a case: the user's data scope (本单位 / 本单位及下级 / 仅本人 / 全部) over the orgs that have held it,
// and Art. 30 ¶3: accusation (检举控告) material never reaches the accused unit or anyone in it.
#pragma once

#include <optional>
#include <vector>

#include "domain/org.hpp"
#include "domain/petition.hpp"
#include "domain/user.hpp"

namespace xf {

// What storage knows about who has touched a case.
struct CaseAccessFacts {
    std::vector<Org> involved_orgs;         // registering org and every org that has held the case
    std::vector<int64_t> involved_users;    // users who registered or acted on it (for 仅本人)
    std::optional<Org> accused_org;         // resolved petition.accused_org_id
};

// True if the user's org is the accused unit or inside it, for an accusation case.
bool IsAccusedParty(const Org& user_org, const Petition& p, const std::optional<Org>& accused_org);

// The data-scope rule alone.
bool ScopeCovers(const User& user, const Org& user_org, const CaseAccessFacts& facts);

// Full visibility rule for one case.
bool CanSeeCase(const User& user, const Org& user_org, const Petition& p, const CaseAccessFacts& facts);

// Whether this user may see unmasked personal data (证件号, phone, address) of a visible case: handlers,
// approvers and registrars of the org that holds or registered it. Every reveal is audited by the caller.
bool MayRevealPersonalData(const User& user, const Petition& p);

}  // namespace xf
