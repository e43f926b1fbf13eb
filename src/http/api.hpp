// The JSON API /api/v1: maps HTTP requests to app::Services use cases and results back to JSON.
// Authentication (session cookie + CSRF header) is checked here; authorization lives in app.
#pragma once

#include <filesystem>
#include <string>

#include "app/services.hpp"
#include "http/router.hpp"

namespace xf::http {

struct ApiOptions {
    bool secure_cookies = false;            // add `Secure` to the session cookie (behind TLS)
    std::filesystem::path static_dir;       // built web UI (web/dist); empty or missing: a plain landing page
    std::string backend_name = "sqlite";
};

inline constexpr std::string_view kSessionCookie = "xf_session";

void RegisterApi(Router& router, app::Services& services, ApiOptions options);

}  // namespace xf::http
