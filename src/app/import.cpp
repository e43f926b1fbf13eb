// Import of historical ledgers (台账): one row = one registration (one 批次), columns named in Chinese or by the
// English keys (docs/import.md). All or nothing unless skip_invalid; 信访件编号 is the key, so a re-import adds
// nothing. Imported cases keep their history: state and clocks come from their dates (domain ApplyLedgerHistory).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <future>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "app/internal.hpp"
#include "app/services.hpp"
#include "base/json_writer.hpp"
#include "base/text.hpp"
#include "domain/personal_data.hpp"
#include "tabular/table.hpp"

namespace xf::app {
namespace {

enum class Col {
    kNumber, kReceivedOn, kChannel, kPersons, kPetitionerName, kIdNumber, kPhone, kRegionCode, kCategory, kPurpose,
    kOrg, kIsRepeat, kRepeatOf, kSkippedLevel, kRoute, kHandlerOrg, kAcceptedOn, kRepliedOn, kOutcome, kResolved,
    kRating, kTitle, kContent,
};
constexpr int kColCount = 23;

struct ColName {
    Col col;
    std::string_view zh, en;
    bool required;
};
constexpr std::array<ColName, kColCount> kColumns{{
    {Col::kNumber, "信访件编号", "number", false},
    {Col::kReceivedOn, "登记日期", "received_on", true},
    {Col::kChannel, "信访形式", "channel", true},
    {Col::kPersons, "人数", "persons", false},
    {Col::kPetitionerName, "信访人", "petitioner_name", false},
    {Col::kIdNumber, "证件号码", "id_number", false},
    {Col::kPhone, "联系电话", "phone", false},
    {Col::kRegionCode, "问题属地", "region_code", false},
    {Col::kCategory, "内容分类", "category", false},
    {Col::kPurpose, "信访目的", "purpose", false},
    {Col::kOrg, "登记单位", "org", true},
    {Col::kIsRepeat, "是否重复", "is_repeat", false},
    {Col::kRepeatOf, "重复信访件编号", "repeat_of", false},
    {Col::kSkippedLevel, "是否越级", "skipped_level", false},
    {Col::kRoute, "办理方式", "route", false},
    {Col::kHandlerOrg, "责任单位", "handler_org", false},
    {Col::kAcceptedOn, "受理日期", "accepted_on", false},
    {Col::kRepliedOn, "答复日期", "replied_on", false},
    {Col::kOutcome, "办理结果", "outcome", false},
    {Col::kResolved, "是否化解", "resolved", false},
    {Col::kRating, "满意度", "rating", false},
    {Col::kTitle, "标题", "title", false},
    {Col::kContent, "内容", "content", false},
}};

// A header cell as people write it: "登记日期*", " 登记日期（必填） ", "登记日期 [received_on]".
std::string NormalizeHeader(std::string_view h) {
    std::string s(Trim(h));
    for (std::string_view suffix : {"（必填）", "(必填)", "*", "＊"})
        if (s.ends_with(suffix)) s = std::string(Trim(std::string_view(s).substr(0, s.size() - suffix.size())));
    if (auto pos = s.find('['); pos != std::string::npos && s.ends_with("]")) {
        std::string key = s.substr(pos + 1, s.size() - pos - 2);
        for (const auto& c : kColumns)
            if (key == c.en) return key;
        s = std::string(Trim(std::string_view(s).substr(0, pos)));
    }
    return s;
}

std::optional<Col> FindColumn(std::string_view header) {
    for (const auto& c : kColumns)
        if (header == c.zh || header == c.en) return c.col;
    return std::nullopt;
}

// Dates as ledgers hold them: 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, or an Excel date cell.
Result<Date> ParseLedgerDate(const tabular::Cell& cell, std::string_view field) {
    if (cell.date) return ParseDate(*cell.date, field);
    std::string s(Trim(cell.text));
    auto bad = [&] { return Fail(Error::InvalidArgument(std::string(field), fmt::format("日期格式无效：{}（应为YYYY-MM-DD）", s))); };
    std::array<int, 3> part{};
    int idx = 0;
    std::string digits;
    if (s.size() == 8 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        part = {std::stoi(s.substr(0, 4)), std::stoi(s.substr(4, 2)), std::stoi(s.substr(6, 2))};
    } else {
        for (size_t i = 0; i <= s.size(); ++i) {
            bool digit = i < s.size() && s[i] >= '0' && s[i] <= '9';
            if (digit) {
                digits += s[i];
                continue;
            }
            if (digits.empty()) {
                if (i < s.size()) return bad();
                continue;
            }
            if (idx >= 3 || digits.size() > 4) return bad();
            part[static_cast<size_t>(idx++)] = std::stoi(digits);
            digits.clear();
            if (i == s.size()) break;
            std::string_view rest = std::string_view(s).substr(i);
            size_t skip = 0;
            for (std::string_view sep : {"-", "/", ".", "年", "月", "日"})
                if (rest.starts_with(sep)) skip = sep.size();
            if (skip == 0) return bad();
            i += skip - 1;
        }
        if (idx != 3) return bad();
    }
    Date d{std::chrono::year(part[0]), std::chrono::month(static_cast<unsigned>(part[1])),
           std::chrono::day(static_cast<unsigned>(part[2]))};
    if (!d.ok() || part[0] < 1949) return bad();
    return d;
}

Result<bool> ParseYesNo(std::string_view s, std::string_view field) {
    s = Trim(s);
    for (std::string_view y : {"是", "Y", "y", "yes", "1", "true", "TRUE"})
        if (s == y) return true;
    for (std::string_view n : {"否", "N", "n", "no", "0", "false", "FALSE", ""})
        if (s == n) return false;
    return Fail(Error::InvalidArgument(std::string(field), fmt::format("应为「是」或「否」：{}", s)));
}

// A stable number for a row that has none, so that importing the same file twice adds nothing.
std::string DerivedNumber(const std::string& region, Date received, const tabular::Row& row) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a over the row's cells
    for (const auto& c : row.cells) {
        for (unsigned char ch : c.text) h = (h ^ ch) * 1099511628211ull;
        h = (h ^ 0x1f) * 1099511628211ull;
    }
    return fmt::format("{}-{}-H{:010X}", region, static_cast<int>(received.year()), h & 0xFFFFFFFFFFull);
}

struct ParsedRow {
    int line = 0;
    Petition p;
    LedgerHistory history;
    std::string repeat_of_number;
};

}  // namespace

Result<ImportReport> Services::ImportPetitions(const tabular::Table& table, const ImportOptions& options) {
    ImportReport report;
    report.encoding = table.encoding;
    report.rows = static_cast<int64_t>(table.rows.size());

    // Columns.
    std::array<std::optional<size_t>, kColCount> where{};
    std::array<std::string, kColCount> header_of{};
    for (size_t i = 0; i < table.header.size(); ++i) {
        std::string h = NormalizeHeader(table.header[i]);
        auto col = FindColumn(h);
        if (!col) continue;  // other columns of the office's ledger are left alone
        auto k = static_cast<size_t>(*col);
        if (where[k]) {
            report.rejects.push_back({1, table.header[i], "列名重复"});
            continue;
        }
        where[k] = i;
        header_of[k] = table.header[i];
    }
    for (const auto& c : kColumns)
        if (c.required && !where[static_cast<size_t>(c.col)])
            report.rejects.push_back({1, std::string(c.zh), fmt::format("缺少必填列「{}」（或 {}）", c.zh, c.en)});
    if (!report.rejects.empty()) return report;

    std::vector<Org> orgs;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(orgs, tx.orgs().List());
        return Ok();
    }));
    std::unordered_map<std::string, const Org*> org_by_code;
    for (const auto& o : orgs) org_by_code[o.code] = &o;
    auto cats = Categories();
    auto cal = calendar();
    const Date today = Today();
    const Instant now = clock_.Now();

    std::unordered_set<std::string> numbers_in_file;
    const auto total_rows = static_cast<int64_t>(table.rows.size());
    auto report_progress = [&](std::string_view phase, int64_t done, int64_t total) {
        if (options.progress && (done % 1000 == 0 || done == total)) options.progress(phase, done, total);
    };
    // One row → its case, or its problems appended to `rejects`. The check pass keeps only which rows are valid;
    // the write pass parses them again, batch by batch, so that memory does not grow with the file.
    auto parse = [&](const tabular::Row& row, std::vector<ImportReject>& rejects,
                     std::unordered_set<std::string>* numbers) -> std::optional<ParsedRow> {
        size_t rejects_before = rejects.size();
        auto cell = [&](Col c) -> const tabular::Cell& {
            static const tabular::Cell kEmpty;
            auto k = static_cast<size_t>(c);
            return where[k] ? row.Get(*where[k]) : kEmpty;
        };
        auto text = [&](Col c) { return std::string(Trim(cell(c).text)); };
        auto reject = [&](Col c, std::string reason) {
            auto k = static_cast<size_t>(c);
            rejects.push_back({row.line, header_of[k].empty() ? std::string(kColumns[k].zh) : header_of[k],
                               std::move(reason)});
        };
        // Runs `parse` and records its error against column `c`.
        auto take = [&](Col c, auto parse) {
            auto r = parse();
            if (!r) reject(c, r.error().message);
            return r;
        };
        ParsedRow out;
        out.line = row.line;
        Petition& p = out.p;
        LedgerHistory& h = out.history;

        const Org* org = nullptr;
        if (auto code = text(Col::kOrg); code.empty()) {
            reject(Col::kOrg, "登记单位不能为空");
        } else if (auto it = org_by_code.find(code); it == org_by_code.end()) {
            reject(Col::kOrg, fmt::format("单位代码不存在：{}", code));
        } else {
            org = it->second;
        }
        std::optional<Date> received;
        if (text(Col::kReceivedOn).empty() && !cell(Col::kReceivedOn).date) {
            reject(Col::kReceivedOn, "登记日期不能为空");
        } else if (auto d = take(Col::kReceivedOn, [&] { return ParseLedgerDate(cell(Col::kReceivedOn), "received_on"); })) {
            if (*d > today) reject(Col::kReceivedOn, "登记日期晚于今天");
            else received = *d;
        }
        if (auto v = text(Col::kChannel); v.empty()) reject(Col::kChannel, "信访形式不能为空");
        else if (auto c = take(Col::kChannel, [&] { return ParseChannel(v); })) p.channel = *c;
        if (auto v = text(Col::kPersons); !v.empty()) {
            int n = 0;
            auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            if (ec != std::errc() || ptr != v.data() + v.size() || n < 1 || n > 100000)
                reject(Col::kPersons, fmt::format("人数应为1至100000的整数：{}", v));
            else p.persons = n;
        }
        if (auto v = text(Col::kPurpose); !v.empty())
            if (auto r = take(Col::kPurpose, [&] { return ParsePurpose(v); })) p.purpose = *r;
        if (auto v = text(Col::kCategory); !v.empty()) {
            const Category* c = cats->FindByCodeOrName(v);
            if (!c) reject(Col::kCategory, fmt::format("内容分类不存在：{}", v));
            else p.category_code = c->code;
        }
        if (auto v = text(Col::kRegionCode); !v.empty()) {
            if (auto s = ValidateRegionCode(v, "region_code"); !s) reject(Col::kRegionCode, s.error().message);
            else p.region_code = v;
        } else if (org) {
            p.region_code = org->region_code;
        }
        Petitioner who;
        who.name = text(Col::kPetitionerName);
        if (who.name.size() > 150) reject(Col::kPetitionerName, "姓名过长");
        if (auto v = text(Col::kIdNumber); !v.empty()) {
            std::string id = NormalizeIdNumber(v);
            if (auto s = ValidateIdNumber(id, "id_number"); !s) {
                reject(Col::kIdNumber, s.error().message);
            } else {
                who.id_number_sealed = cipher_.Encrypt(id);
                who.id_number_index = cipher_.BlindIndex(id);
            }
        }
        if (auto v = text(Col::kPhone); !v.empty()) {
            if (auto s = ValidatePhone(v, "phone"); !s) reject(Col::kPhone, s.error().message);
            else who.phone_sealed = cipher_.Encrypt(v);
        }
        if (who.name.empty() && who.id_number_sealed.empty() && who.phone_sealed.empty()) p.anonymous = true;
        else p.petitioners.push_back(std::move(who));

        if (auto v = text(Col::kIsRepeat); !v.empty())
            if (auto r = take(Col::kIsRepeat, [&] { return ParseYesNo(v, "is_repeat"); })) p.is_repeat = *r;
        out.repeat_of_number = text(Col::kRepeatOf);
        if (!out.repeat_of_number.empty()) p.is_repeat = true;
        if (auto v = text(Col::kSkippedLevel); !v.empty())
            if (auto r = take(Col::kSkippedLevel, [&] { return ParseYesNo(v, "skipped_level"); })) p.skipped_level = *r;
        if (auto v = text(Col::kRoute); !v.empty())
            if (auto r = take(Col::kRoute, [&] { return ParseRoute(v); })) h.route = *r;
        const Org* handler = org;
        if (auto v = text(Col::kHandlerOrg); !v.empty()) {
            if (auto it = org_by_code.find(v); it == org_by_code.end())
                reject(Col::kHandlerOrg, fmt::format("单位代码不存在：{}", v));
            else handler = it->second;
        }
        for (auto [col, target, name] : {std::tuple{Col::kAcceptedOn, &h.accepted_on, "accepted_on"},
                                         std::tuple{Col::kRepliedOn, &h.replied_on, "replied_on"}}) {
            if (text(col).empty() && !cell(col).date) continue;
            if (auto d = take(col, [&] { return ParseLedgerDate(cell(col), name); })) *target = *d;
        }
        if (auto v = text(Col::kOutcome); !v.empty())
            if (auto r = take(Col::kOutcome, [&] { return ParseOutcome(v); })) h.outcome = *r;
        if (auto v = text(Col::kResolved); !v.empty())
            if (auto r = take(Col::kResolved, [&] { return ParseYesNo(v, "resolved"); })) h.resolved = *r;
        if (auto v = text(Col::kRating); !v.empty() && v != "未评价")
            if (auto r = take(Col::kRating, [&] { return ParseRating(v); })) h.rating = *r;
        p.title = text(Col::kTitle);
        p.content = cell(Col::kContent).text;
        if (p.title.empty()) p.title = p.category_code.empty() ? "（历史台账导入）" : cats->Path(p.category_code);
        if (p.title.size() > 600) reject(Col::kTitle, "标题过长");

        if (rejects.size() == rejects_before && org && received) {
            p.registered_org_id = org->id;
            p.current_org_id = handler->id;
            if (handler->id != org->id) p.routed_from_org_id = org->id;
            p.received_at = ChinaMidnight(*received);
            p.created_at = p.updated_at = now;
            StartCase(p, *received, *cal, options_.policy);
            if (auto s = ApplyLedgerHistory(p, h, today, *cal, options_.policy); !s) {
                auto field = s.error().field;
                Col col = field == "accepted_on" ? Col::kAcceptedOn
                          : field == "replied_on" ? Col::kRepliedOn
                          : field == "rating"     ? Col::kRating
                          : field == "outcome"    ? Col::kOutcome
                                                  : Col::kRoute;
                reject(col, s.error().message);
            }
            p.number = text(Col::kNumber);
            if (p.number.empty()) p.number = DerivedNumber(org->region_code, *received, row);
            if (p.number.size() > 64) reject(Col::kNumber, "信访件编号过长");
            if (numbers && !numbers->insert(p.number).second)
                reject(Col::kNumber, fmt::format("文件中信访件编号重复：{}", p.number));
        }
        if (rejects.size() != rejects_before) return std::nullopt;
        return out;
    };

    // Check pass: every row, nothing written.
    std::vector<size_t> valid;  // indexes into table.rows
    valid.reserve(table.rows.size());
    int64_t seen = 0;
    for (size_t i = 0; i < table.rows.size(); ++i) {
        const auto& row = table.rows[i];
        report_progress("检查", ++seen, total_rows);
        bool blank = std::all_of(row.cells.begin(), row.cells.end(),
                                 [](const tabular::Cell& c) { return Trim(c.text).empty(); });
        if (blank) {
            --report.rows;
            continue;
        }
        if (parse(row, report.rejects, &numbers_in_file)) valid.push_back(i);
    }
    numbers_in_file = {};
    if (!report.rejects.empty() && !options.skip_invalid) return report;
    if (options.dry_run) {
        report.imported = static_cast<int64_t>(valid.size());
        return report;
    }

    // Write pass: batches of options.batch_rows valid rows, each in one transaction with its audit record. The
    // whole file was checked first, so a batch fails only for a storage reason (disk full, database gone); the
    // 信访件编号 is the key, so running the same import again writes just the rows that were not written yet.
    // While the writer thread writes one batch, this thread parses the next.
    std::unordered_map<std::string, int64_t> inserted;  // number → id, for the 重复信访件编号 of later rows
    const size_t batch_rows = std::max<size_t>(1, options.batch_rows);
    auto parse_batch = [&](size_t from) -> Result<std::vector<ParsedRow>> {
        std::vector<ParsedRow> batch;
        std::vector<ImportReject> rejects;
        for (size_t k = from; k < valid.size() && batch.size() < batch_rows; ++k) {
            const auto& row = table.rows[valid[k]];
            auto parsed = parse(row, rejects, nullptr);
            if (!parsed) return Fail(Error::Internal(fmt::format("第{}行写入时未通过检查", row.line)));
            batch.push_back(std::move(*parsed));
        }
        return batch;
    };
    auto write_batch = [&](std::vector<ParsedRow>& batch) -> Status {
        int64_t imported = 0, unchanged = 0;
        std::vector<std::pair<std::string, int64_t>> ids;
        XF_TRY(store_.Write([&](Transaction& tx) -> Status {
            imported = unchanged = 0;  // the writer may run this again after a retried transaction
            ids.clear();
            std::vector<std::string> numbers;
            numbers.reserve(batch.size());
            for (const auto& row : batch) numbers.push_back(row.p.number);
            XF_ASSIGN_OR_RETURN(auto existing, tx.petitions().ExistingNumbers(numbers));
            std::vector<const ParsedRow*> rows;
            for (const auto& row : batch) {
                if (existing.contains(row.p.number)) ++unchanged;
                else rows.push_back(&row);
            }
            // Written in runs: a row whose 重复信访件编号 names a row of its own run ends that run, since it needs
            // that case's id.
            std::unordered_map<std::string_view, int64_t> here;  // this transaction's cases
            std::vector<Event> events;
            events.reserve(rows.size());
            for (size_t k = 0; k < rows.size();) {
                std::unordered_set<std::string_view> run;
                size_t end = k;
                for (; end < rows.size(); ++end) {
                    const auto& target = rows[end]->repeat_of_number;
                    if (!target.empty() && run.contains(target)) break;
                    run.insert(rows[end]->p.number);
                }
                std::vector<Petition> fresh;
                fresh.reserve(end - k);
                for (size_t i = k; i < end; ++i) {
                    const ParsedRow& row = *rows[i];
                    Petition p = row.p;
                    if (const auto& target = row.repeat_of_number; !target.empty()) {
                        if (auto it = here.find(target); it != here.end()) {
                            p.repeat_of = it->second;
                        } else if (auto done = inserted.find(target); done != inserted.end()) {
                            p.repeat_of = done->second;
                        } else {
                            XF_ASSIGN_OR_RETURN(auto earlier, tx.petitions().FindByNumber(target));
                            if (earlier) p.repeat_of = earlier->id;
                        }
                    }
                    p.query_code = FormatQueryCode(crypto::RandomCode(12));
                    p.secret_hash.clear();  // no 查询码 secret was ever given for a ledger row: no portal access
                    fresh.push_back(std::move(p));
                }
                XF_ASSIGN_OR_RETURN(auto saved, tx.petitions().InsertMany(std::move(fresh)));
                for (size_t i = 0; i < saved.size(); ++i) {
                    const Petition& c = saved[i];
                    here.emplace(rows[k + i]->p.number, c.id);
                    ids.emplace_back(c.number, c.id);
                    Event ev;
                    ev.petition_id = c.id;
                    ev.at = now;
                    ev.action = "import";
                    ev.actor_kind = "system";
                    ev.org_id = c.registered_org_id;
                    ev.public_text = fmt::format("{}登记（历史台账导入）。", FormatDate(ChinaDate(c.received_at)));
                    ev.internal_note = fmt::format("自台账导入（{}第{}行）", options.source_name, rows[k + i]->line);
                    events.push_back(std::move(ev));
                }
                k = end;
            }
            XF_TRY(tx.petitions().AppendEvents(std::move(events)));
            imported = static_cast<int64_t>(rows.size());
            JsonObjectWriter detail;
            detail.Add("rows", report.rows)
                .Add("rejected", static_cast<int64_t>(report.rejects.size()))
                .Add("imported", imported)
                .Add("unchanged", unchanged);
            if (!batch.empty())
                detail.Add("first_line", static_cast<int64_t>(batch.front().line))
                    .Add("last_line", static_cast<int64_t>(batch.back().line));
            return Audit(tx, 0, "system", "petition.import", "file", options.source_name, detail.Finish(), {});
        }));
        for (auto& [number, id] : ids) inserted.emplace(std::move(number), id);
        report.imported += imported;
        report.unchanged += unchanged;
        return Ok();
    };

    const auto to_write = static_cast<int64_t>(valid.size());
    size_t from = 0;
    Result<std::vector<ParsedRow>> batch = parse_batch(0);
    if (!batch) return Fail(batch.error());
    if (batch->empty()) {  // nothing valid: the audit record alone
        XF_TRY(write_batch(*batch));
        return report;
    }
    if (options.progress) options.progress("写入", 0, to_write);
    while (!batch->empty()) {
        size_t after = from + batch->size();
        auto next = std::async(std::launch::async, parse_batch, after);
        Status written = write_batch(*batch);
        batch = next.get();
        XF_TRY(written);
        if (!batch) return Fail(batch.error());
        from = after;
        if (options.progress) options.progress("写入", static_cast<int64_t>(from), to_write);
    }
    if (report.imported > 0) {
        XF_TRY(store_.RefreshPlannerStatistics());
        // The imported clocks were computed with this calendar. A database that never saw a server start has no
        // calendar fingerprint yet, and the first `serve` would recompute every open case's deadlines before
        // answering (10 s of cold start at 2,000,000 imported cases, issue #10): record it. A different stored
        // fingerprint stays: then the calendar did change and the server must recompute.
        const std::string fingerprint = std::to_string(calendar()->Fingerprint());
        XF_TRY(store_.Write([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(auto stored, tx.settings().Get(std::string(detail::kCalendarFingerprintKey)));
            if (stored) return Ok();
            return tx.settings().Set(std::string(detail::kCalendarFingerprintKey), fingerprint);
        }));
    }
    return report;
}

}  // namespace xf::app
