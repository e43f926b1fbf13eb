// The world the API fuzz targets run in: one real app::Services over a SQLite store in a fresh temporary directory
// (/dev/shm when it exists), loaded with a small demo (org tree, one user per role, a few dozen petitions walked
// through the workflow), the real API registered on a Router, and logged-in staff sessions. Built once per fuzzer
// process; the directory is removed at exit. State carries over from one input to the next (a registration stays
// registered), as it does in a server; a crash input is replayed against a fresh world, so most reproduce, and
// those that need the state are found again by running the corpus.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "http/router.hpp"

namespace xf::fuzz {

struct StaffSession {
    std::string login;
    std::string token;  // the xf_session cookie
    std::string csrf;   // the X-CSRF-Token header
};

class Env {
  public:
    // The one world of this process (created at the first call; aborts with a message if it cannot be built).
    static Env& Get();

    app::Services& services() { return *services_; }
    const http::Router& router() const { return *router_; }

    // Sessions of a few demo users: admin (global), registrar, handler, supervisor, dept_handler.
    size_t session_count() const { return logins_.size(); }
    // Session i (mod count), logged in again if it has expired or was revoked.
    const StaffSession& Session(size_t i);

    ~Env();

  private:
    Env();
    struct State;
    std::unique_ptr<State> state_;
    app::Services* services_ = nullptr;
    http::Router* router_ = nullptr;
    std::vector<std::string> logins_;
    std::vector<StaffSession> sessions_;
};

// Silences the application's logging (spdlog), which would otherwise print a line per request.
void QuietLogs();

}  // namespace xf::fuzz
