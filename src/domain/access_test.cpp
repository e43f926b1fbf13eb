// Data scopes and Art. 30 ¶3 confidentiality, as a table.
#include "domain/access.hpp"

#include <gtest/gtest.h>

namespace xf {
namespace {

const Org kCity{1, "city", std::nullopt, "市信访局", OrgLevel::kCity, OrgKind::kPetitionOffice, "991000", "/1/"};
const Org kCounty{2, "county", 1, "县信访局", OrgLevel::kCounty, OrgKind::kPetitionOffice, "991021", "/1/2/"};
const Org kDept{3, "dept", 2, "县人社局", OrgLevel::kCounty, OrgKind::kDepartment, "991021", "/1/2/3/"};
const Org kTown{4, "town", 2, "某镇政府", OrgLevel::kTownship, OrgKind::kPartyGovernment, "991021001", "/1/2/4/"};
const Org kTownOffice{5, "town_office", 4, "某镇司法所", OrgLevel::kVillage, OrgKind::kOther, "991021001", "/1/2/4/5/"};
const Org kOther{6, "other", 1, "另一县", OrgLevel::kCounty, OrgKind::kPetitionOffice, "991022", "/1/6/"};

User U(int64_t id, const Org& org, DataScope scope) {
    User u;
    u.id = id;
    u.org_id = org.id;
    u.scope = scope;
    u.roles = RoleSet{Role::kHandler};
    return u;
}

TEST(Access, DataScopes) {
    Petition p;
    p.registered_org_id = kCounty.id;
    p.current_org_id = kDept.id;
    CaseAccessFacts facts{{kCounty, kDept}, {42}, std::nullopt};
    struct Row {
        User user;
        Org org;
        bool sees;
    } rows[] = {
        {U(1, kCounty, DataScope::kOrg), kCounty, true},     // 本单位: registered here
        {U(2, kDept, DataScope::kOrg), kDept, true},         // 本单位: holds it
        {U(3, kCity, DataScope::kOrg), kCity, false},        // 本单位 of the city: not involved itself
        {U(4, kCity, DataScope::kSubtree), kCity, true},     // 本单位及下级
        {U(5, kOther, DataScope::kSubtree), kOther, false},  // another subtree
        {U(42, kTown, DataScope::kSelf), kTown, true},       // 仅本人: acted on it
        {U(43, kCounty, DataScope::kSelf), kCounty, false},  // 仅本人: did not
        {U(6, kOther, DataScope::kAll), kOther, true},       // 全部
    };
    for (const auto& r : rows) EXPECT_EQ(CanSeeCase(r.user, r.org, p, facts), r.sees) << r.user.id;
    User inactive = U(7, kCity, DataScope::kAll);
    inactive.active = false;
    EXPECT_FALSE(CanSeeCase(inactive, kCity, p, facts));
}

TEST(Access, AccusationIsHiddenFromTheAccusedUnitAndEverythingInIt) {
    Petition p;
    p.purpose = Purpose::kAccusation;
    p.accused_org_id = kTown.id;
    CaseAccessFacts facts{{kCounty, kTown}, {}, kTown};
    EXPECT_FALSE(CanSeeCase(U(1, kTown, DataScope::kAll), kTown, p, facts));
    EXPECT_FALSE(CanSeeCase(U(2, kTownOffice, DataScope::kAll), kTownOffice, p, facts));
    EXPECT_TRUE(CanSeeCase(U(3, kCounty, DataScope::kOrg), kCounty, p, facts));
    // The same case as a complaint is visible to the township that holds it.
    p.purpose = Purpose::kComplaint;
    EXPECT_TRUE(CanSeeCase(U(1, kTown, DataScope::kOrg), kTown, p, facts));
}

TEST(Access, RevealingPersonalDataNeedsTheHoldingOrgAndACaseRole) {
    Petition p;
    p.registered_org_id = kCounty.id;
    p.current_org_id = kDept.id;
    EXPECT_TRUE(MayRevealPersonalData(U(1, kDept, DataScope::kOrg), p));
    EXPECT_TRUE(MayRevealPersonalData(U(2, kCounty, DataScope::kOrg), p));
    EXPECT_FALSE(MayRevealPersonalData(U(3, kCity, DataScope::kAll), p));
    User stat = U(4, kDept, DataScope::kOrg);
    stat.roles = RoleSet{Role::kStatistician};
    EXPECT_FALSE(MayRevealPersonalData(stat, p));
}

}  // namespace
}  // namespace xf
