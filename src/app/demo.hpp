// Demo data: a fictional province → city → county → township tree (云岭省 / 安平市 / 青山县, region codes 99xxxx
// that no real place uses), one staff user per role, and about two years of petitions walked through the real
// workflow by the Services API — so every event, clock and audit record is one the system itself produced.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/services.hpp"

namespace xf::app {

// The password of every demo user (print-friendly; the demo is for trying the system, never for production).
inline constexpr std::string_view kDemoPassword = "xinfang-demo-2026";
// The settings key that records that the demo was loaded (value: when, how many petitions, which seed).
inline constexpr std::string_view kDemoLoadedKey = "demo_loaded";

struct DemoUser {
    std::string login, password, roles_label, org_name;
};

// A demo case to try the citizen portal with: tag "replied" (rating and review windows open), "rating-expired" or
// "in-progress", and its 查询码 and secret.
struct DemoPortalSample {
    std::string tag, query_code, secret;
};

struct DemoSummary {
    int orgs = 0;
    int users = 0;
    int petitions = 0;     // original cases registered (by staff or through the portal)
    int review_cases = 0;  // linked 复查/复核 cases the walk opened (not counted in `petitions`)
    std::vector<DemoUser> users_created;
    std::vector<DemoPortalSample> portal_samples;
    bool already_loaded = false;  // the store was already marked; nothing was added
};

struct DemoOptions {
    int petitions = 2000;
    uint32_t seed = 20261122;
};

// The demo users with their roles and orgs (what LoadDemo creates), for printing login hints.
std::vector<DemoUser> DemoUsers();

// Loads (once — the settings key kDemoLoadedKey is checked and set through the store) the demo org tree with its
// departments, one user per role, and about `demo.petitions` petitions received over the two years before `now`,
// each walked through the workflow with a fake clock into every state, channel, purpose and category: recent
// cases are left open (some deliberately overdue), older ones replied, rated, reviewed (复查/复核 with hearing),
// concluded or made final. Imports `categories` itself. Deterministic for a given seed and `now` (apart from the
// random query codes and secrets). Meant for an empty database: an existing login of the same name is an error.
Result<DemoSummary> LoadDemo(UnitOfWork& store, const HolidayCalendar& calendar, const crypto::FieldCipher& cipher,
                             const AppOptions& options, const CategoryTable& categories, Instant now,
                             const DemoOptions& demo = {});

}  // namespace xf::app
