// The audit log's integrity: verifying the hash chains and retention (domain/audit.hpp; 等保2.0 安全审计).
#include <fmt/format.h>

#include "app/services.hpp"

namespace xf::app {

namespace {
constexpr int kVerifyPage = 5000;
}  // namespace

Result<AuditCheck> Services::VerifyAudit(const std::vector<AuditAnchor>& anchors,
                                         const std::function<void(int64_t)>& progress) {
    AuditCheck check;
    AuditCounts counts;
    // The heads first: records appended while the check runs lie beyond them and are left for the next check.
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(check.heads, tx.audit().Chains());
        XF_ASSIGN_OR_RETURN(counts, tx.audit().Counts());
        return Ok();
    }));
    check.unchained = counts.unchained;
    check.orphaned = counts.orphaned;
    if (counts.orphaned > 0)
        check.problems.push_back(fmt::format("{} 条审计记录不属于任何已知的链（绕过系统写入）", counts.orphaned));
    for (const auto& a : anchors) {
        bool known = std::any_of(check.heads.begin(), check.heads.end(), [&](const auto& h) { return h.chain == a.chain; });
        if (!known) {
            ++check.problem_count;
            check.problems.push_back(fmt::format("锚点所指的链 {} 不存在（链被删除）", a.chain));
        }
    }
    for (const auto& head : check.heads) {
        AuditChainChecker checker(head, anchors, crypto::Sha256Hex);
        for (int64_t after = head.pruned_seq;;) {
            std::vector<AuditRecord> page;
            XF_TRY(store_.Read([&](Transaction& tx) -> Status {
                XF_ASSIGN_OR_RETURN(page, tx.audit().ChainRecords(head.chain, after, head.seq, kVerifyPage));
                return Ok();
            }));
            if (page.empty()) break;
            for (const auto& r : page) checker.Feed(r);
            after = page.back().seq;
            check.records += static_cast<int64_t>(page.size());
            if (progress) progress(check.records);
        }
        checker.Finish();
        check.problem_count += checker.problem_count();
        for (const auto& p : checker.problems())
            if (check.problems.size() < AuditChainChecker::kMaxProblems) check.problems.push_back(p);
    }
    return check;
}

Result<int64_t> Services::PruneAudit() {
    if (options_.audit_retention_days <= 0) return int64_t{0};
    Instant now = clock_.Now();
    Instant before = now - std::chrono::hours(24) * options_.audit_retention_days;
    int64_t removed = 0;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(removed, tx.audit().Prune(before, now));
        if (removed == 0) return Ok();
        return Audit(tx, 0, "system", "audit.prune", "audit", "",
                     fmt::format(R"({{"removed":{},"retention_days":{},"before":"{}"}})", removed,
                                 options_.audit_retention_days, FormatInstant(before)),
                     RequestMeta{});
    }));
    return removed;
}

}  // namespace xf::app
