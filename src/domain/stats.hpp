// Statistics (SPEC §5, Art. 41) as contributions: every case contributes a handful of counted entries — each a
// (dimension, key, day, org) cell with 批次 and 人次 — derived from the case alone by StatEntriesFor(). Storage keeps
// the entries of each case and rolls them up (per day and per month, for the org and each of its ancestors) in the
// same transaction as the case, by subtracting the old entries and adding the new. A report then reads a few
// hundred rolled-up cells instead of scanning cases. Pure: no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.hpp"
#include "base/error.hpp"
#include "domain/petition.hpp"

namespace xf {

// What an entry counts. The number is stored: never renumber.
enum class StatDim : int {
    // Registrations (初次办理 cases only; a 复查/复核 is not a new petition). Day = received; org = registering org.
    kIntake = 1,    // key "<channel>|<form>|<repeat>|<skipped>|<purpose>", see IntakeKey
    kCategory = 2,  // key = 内容分类 code (second level when classified so)
    kRegion = 3,    // key = 问题属地 region code
    kReview = 4,    // 复查/复核 cases received: key "review" | "re_review"; org = the reviewing org
    kRoute = 5,     // 办理方式 of the period's registrations: key = RouteName
    kStatus = 6,    // where the period's registrations stand: "done", "done_resolved", "open" (no duty clock
                    // running), "open:YYYY-MM-DD" (the earliest running duty clock's due date)
    // Obligations (all case kinds), counted where they fall due; org = the org that holds the case.
    kAcceptance = 7,  // 及时受理: "met" | "missed" (day = due of the last route/acceptance clock) | "pending" (day = due)
    kCompletion = 8,  // 按期办结: "on_time" | "late" (day = replied) | "pending" (day = handling due)
    kRating = 9,      // 参评/满意: RatingName or "pending" (day = the rating window's due date)
};

struct StatEntry {
    StatDim dim = StatDim::kIntake;
    std::string key;
    Date day{};
    int64_t org_id = 0;
    int64_t batches = 1;  // 批次 (or 件 for the obligation dimensions)
    int64_t persons = 0;  // 人次
    friend bool operator==(const StatEntry&, const StatEntry&) = default;
};

// A rolled-up sum of one dimension's entries over some days and an org subtree.
struct StatSum {
    std::string key;
    int64_t batches = 0;
    int64_t persons = 0;
};

// The parts of an intake key.
struct IntakeKey {
    Channel channel = Channel::kLetter;
    char form = '-';    // 'c' 集体访, 'i' 个访 (visits only), '-' other channels
    char repeat = 'i';  // 'i' 初信初访, 'r' 重信重访, 'l' 重信重访 linked to a registered case (not a new 件)
    bool skipped_level = false;  // 越级
    Purpose purpose = Purpose::kComplaint;
};
std::string FormatIntakeKey(const IntakeKey& k);
Result<IntakeKey> ParseIntakeKey(std::string_view key);

// 已办结 for statistics: a written reply was given (意见书 or 当场答复) or the case is closed (not accepted, transferred,
// concluded, final), or it is under review (its first decision was made).
bool IsDoneForStats(const Petition& p);
// 化解: the recorded flag (imported ledgers) when set; otherwise a done case, not under review, whose petitioner was
// satisfied or basically satisfied, or whose outcome was 予以支持 or 调解 (documented in docs/statistics.md).
bool IsResolvedForStats(const Petition& p);

// Every entry `p` contributes now. Deterministic: equal cases give equal vectors (in a fixed order).
std::vector<StatEntry> StatEntriesFor(const Petition& p);

// Compact text form kept beside each case ("dim,key,day,org,batches,persons;…").
std::string EncodeStatEntries(const std::vector<StatEntry>& entries);
Result<std::vector<StatEntry>> DecodeStatEntries(std::string_view text);

// The version of the rules above; storage rebuilds its rollups when the stored version differs.
inline constexpr int kStatRulesVersion = 1;

}  // namespace xf
