// xf_search_bench: full-text search and repeat-petition detection at scale (issue #6). Not a test.
//
//   xf_search_bench build   --db URL --cases N [--seed S]   generate N synthetic petitions (100–400 characters of
//                                                          Chinese text each) into a fresh database, indexed as
//                                                          they are inserted (Insert keeps the index current)
//   xf_search_bench reindex --db URL                       time ClearSearchIndex + ReindexSearch over every case
//   xf_search_bench query   --db URL [--reps R]            latency of count + first page for 1- to 4-character terms
//   xf_search_bench repeat  --db URL [--drafts D]          latency, precision and recall of repeat candidates
//
// URL: sqlite:PATH or postgresql://…. The text generator composes sentences from slot lists (places, people,
// companies, amounts, dates, issues, requests), so that term frequencies spread from very common (反映, 请求) to
// rare (a village name); about 6% of cases are repeats of an earlier "matter" (same county, text edited by 5–15%
// of its characters, the same 证件号 blind index for half of them). `repeat` draws drafts the same way: from a
// known matter (expected: an earlier case of that matter among the top 5) or fresh (expected: no text match).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/text.hpp"
#include "domain/repeat.hpp"
#include "domain/search.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace {

using namespace xf;
int64_t g_cap = 2000;  // as the server (app::kSearchCap)
using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

[[noreturn]] void Die(const std::string& what) {
    std::cerr << "xf_search_bench: " << what << "\n";
    std::exit(1);
}
template <class T>
T Check(Result<T> r, const char* what) {
    if (!r) Die(std::string(what) + ": " + r.error().message);
    return std::move(*r);
}
void Check(Status s, const char* what) {
    if (!s) Die(std::string(what) + ": " + s.error().message);
}

std::unique_ptr<UnitOfWork> Open(const std::string& url) {
    if (url.starts_with("postgres")) {
        storage::PostgresOptions o;
        o.url = url;
        return Check(storage::OpenPostgresStore(o), "open");
    }
    storage::SqliteOptions o;
    o.path = url.starts_with("sqlite:") ? url.substr(7) : url;
    return Check(storage::OpenSqliteStore(o), "open");
}

// ---------------------------------------------------------------------------------------------------------------
// The text generator (deterministic for a seed).

const std::vector<std::string> kSurnames{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马",
                                         "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许"};
const std::vector<std::string> kGiven{"建国", "秀英", "志强", "桂兰", "明", "丽", "军", "海燕", "德华", "玉梅", "国庆",
                                      "春花", "伟", "芳", "红梅", "小龙", "文斌", "金凤", "永福", "淑珍"};
const std::vector<std::string> kTowns{"城关街道", "红星镇", "白水乡", "双河镇", "新安镇", "柳林乡", "石桥镇", "东风乡",
                                      "青龙镇", "黄土乡", "马坪镇", "花园街道"};
const std::vector<std::string> kVillages{"李家村", "张庄村", "河口村", "新街社区", "东门社区", "杨柳村", "三合村",
                                         "五里村", "桃花村", "石板村", "大湾村", "南关社区", "北山村", "清水村"};
const std::vector<std::string> kCompanies{"建筑工程有限公司", "物业服务有限公司", "房地产开发有限公司", "劳务派遣有限公司",
                                          "化工有限公司", "运输有限公司", "食品厂", "砖瓦厂", "小额贷款公司", "养殖合作社"};
const std::vector<std::string> kIssues{
    "长期拖欠农民工工资，多次讨要未果", "土地承包经营权调整不公，承包地被他人占用", "物业服务质量差、收费不透明",
    "征地补偿款未足额发放，补偿标准不公开", "子女入学遇到困难，无法就近入学", "医疗费用报销比例与政策规定不符",
    "道路施工噪音扰民，夜间施工影响休息", "房屋征收安置房迟迟不能交付", "低保评定中优亲厚友", "养老保险缴费年限认定有误",
    "宅基地界址纠纷，村委会调解未果", "工伤认定久拖不决，医疗费无人承担", "企业排放废水污染河道，鱼塘大面积死鱼",
    "违章建筑侵占消防通道", "拆迁过程中强拆房屋，财产损失未获赔偿", "村务财务长期不公开", "集资款无法退还",
    "商品房延期交房且面积缩水", "退役军人待遇未落实", "社保关系转移接续受阻", "残疾人补贴被截留", "危房改造资金未到位",
    "饮用水水质差，自来水浑浊发黄", "学校乱收费，收取补课费", "医院过度医疗，收费明细不清", "电信诈骗报案后无进展",
    "邻居私搭乱建影响采光通风", "耕地被非法占用建厂", "扶贫项目资金使用不透明", "公交线路调整后出行不便",
    "小区供暖温度不达标", "婚姻登记信息错误无法更正", "户口迁移手续办理受阻", "林地确权面积与实际不符",
    "养殖场臭气扰民", "劳动合同到期不续签且不支付经济补偿", "住房公积金提取被拒", "网约车平台扣款不合理",
    "集体经济收益分配不公", "教师绩效工资未按规定发放"};
const std::vector<std::string> kRequests{"请求有关部门督促解决", "请求依法处理", "恳请领导重视", "请求公开调查结果",
                                         "要求依法补偿", "请求协调解决", "希望尽快给予答复", "请求追究相关人员责任",
                                         "要求恢复原状", "请求落实相关政策"};
const std::vector<std::string> kPlaceFiller{"多次到镇政府反映", "向县有关部门反映过", "拨打过12345热线", "找过村委会",
                                            "向社区居委会反映", "在网上留言反映", "到县信访局来访过", "向法院起诉未获受理"};

struct Gen {
    std::mt19937_64 rng;
    explicit Gen(uint64_t seed) : rng(seed) {}
    size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); }
    const std::string& Of(const std::vector<std::string>& v) { return v[Pick(v.size())]; }
    int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
    double U() { return std::uniform_real_distribution<double>(0, 1)(rng); }

    std::string Name() { return Of(kSurnames) + Of(kGiven); }
    // A petition text of 100–400 characters.
    std::pair<std::string, std::string> Text(const std::string& county) {
        const std::string& issue = Of(kIssues);
        std::string place = county + Of(kTowns) + Of(kVillages);
        std::string title = "反映" + place.substr(county.size()) + issue.substr(0, issue.find("，")) + "的问题";
        std::string body = fmt::format("我是{}{}，", place, Of(kSurnames) + Of(kGiven));
        size_t target = static_cast<size_t>(Int(100, 400));
        int sentences = 0;
        while (Utf8Length(body) < target || sentences < 2) {
            switch (Pick(6)) {
                case 0: body += fmt::format("{}年{}月起，{}{}{}。", Int(2015, 2025), Int(1, 12), Of(kSurnames), "某",
                                            Of(kCompanies) + Of(kIssues)); break;
                case 1: body += fmt::format("涉及金额约{}万元，共{}户{}人。", Int(1, 500), Int(1, 80), Int(2, 300)); break;
                case 2: body += fmt::format("本人此前已{}，但问题至今没有解决。", Of(kPlaceFiller)); break;
                case 3: body += issue + "，" + Of(kRequests) + "。"; break;
                case 4: body += fmt::format("联系人{}，{}。", Name(), Of(kPlaceFiller)); break;
                default: body += fmt::format("{}{}{}。", Of(kTowns), Of(kVillages), Of(kIssues)); break;
            }
            ++sentences;
        }
        body += Of(kRequests) + "。";
        return {title, body};
    }
    // The text with 5–15% of its characters replaced, dropped or duplicated (a petitioner writing again).
    std::string Edit(const std::string& text) {
        std::u32string cs;
        for (size_t i = 0; i < text.size();) {  // decode (valid UTF-8 from the generator)
            unsigned char c = static_cast<unsigned char>(text[i]);
            int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            char32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
            for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
            cs += cp;
            i += n;
        }
        double rate = 0.05 + 0.10 * U();
        std::u32string out;
        for (char32_t c : cs) {
            double r = U();
            if (r < rate / 3) continue;                       // dropped
            if (r < 2 * rate / 3) out += U32(Of(kSurnames));  // replaced
            else out += c;
            if (r > 1 - rate / 3) out += c;                   // doubled
        }
        std::string s;
        for (char32_t c : out) {
            if (c < 0x80) s += static_cast<char>(c);
            else if (c < 0x800) { s += static_cast<char>(0xC0 | (c >> 6)); s += static_cast<char>(0x80 | (c & 0x3F)); }
            else { s += static_cast<char>(0xE0 | (c >> 12)); s += static_cast<char>(0x80 | ((c >> 6) & 0x3F)); s += static_cast<char>(0x80 | (c & 0x3F)); }
        }
        return s;
    }
    static char32_t U32(const std::string& one) {  // a 3-byte character
        return ((one[0] & 0x0F) << 12) | ((one[1] & 0x3F) << 6) | (one[2] & 0x3F);
    }
};

const std::vector<std::string> kCounties{"青山县", "河西县", "东湖区", "南岭县", "北塘县", "石门县", "柳江县", "桃源县",
                                         "凤鸣县", "金沙县", "龙泉市", "松阳县", "平湖县", "清河县", "雁山县", "梅岭县"};
std::string CountyRegion(size_t i) { return fmt::format("99{:02d}{:02d}", 1 + i / 4, 1 + i % 4); }

// Matter bookkeeping for precision/recall: the case number encodes the matter ("M{matter}-{n}").
int64_t MatterOf(const std::string& number) { return std::stoll(number.substr(1, number.find('-') - 1)); }

struct Built {
    std::vector<int64_t> county_org_ids;
};

void Build(UnitOfWork& store, int64_t cases, uint64_t seed) {
    Gen g(seed);
    std::vector<Org> counties;
    Check(store.Write([&](Transaction& tx) -> Status {
        Org prov;
        prov.code = "bench-prov";
        prov.name = "云岭省信访局";
        prov.level = OrgLevel::kProvince;
        prov.kind = OrgKind::kPetitionOffice;
        prov.region_code = "990000";
        XF_ASSIGN_OR_RETURN(prov, tx.orgs().Insert(prov));
        for (size_t i = 0; i < kCounties.size(); ++i) {
            Org o;
            o.code = fmt::format("bench-county-{}", i);
            o.name = kCounties[i] + "信访局";
            o.parent_id = prov.id;
            o.level = OrgLevel::kCounty;
            o.kind = OrgKind::kPetitionOffice;
            o.region_code = CountyRegion(i);
            XF_ASSIGN_OR_RETURN(o, tx.orgs().Insert(o));
            counties.push_back(o);
        }
        return Ok();
    }), "orgs");
    struct Matter {
        size_t county;
        std::string title, content, id_index;
        int n = 0;
    };
    std::vector<Matter> matters;
    const Instant start = Instant(std::chrono::seconds(1640995200));  // 2022-01-01
    const auto t0 = Clock::now();
    int64_t done = 0;
    while (done < cases) {
        Check(store.Write([&](Transaction& tx) -> Status {
            for (int k = 0; k < 2000 && done < cases; ++k, ++done) {
                Petition p;
                size_t m;
                if (!matters.empty() && g.U() < 0.06) {  // a repeat of an earlier matter
                    m = g.Pick(matters.size());
                    Matter& mt = matters[m];
                    p.title = mt.title;
                    p.content = g.Edit(mt.content);
                    p.is_repeat = true;
                    if (g.U() < 0.5) p.petitioners.push_back(Petitioner{.name = g.Name(), .id_number_index = mt.id_index});
                } else {
                    Matter mt;
                    mt.county = g.Pick(kCounties.size());
                    std::tie(mt.title, mt.content) = g.Text(kCounties[mt.county]);
                    mt.id_index = fmt::format("{:016x}", g.rng());
                    matters.push_back(mt);
                    m = matters.size() - 1;
                    p.title = mt.title;
                    p.content = mt.content;
                    p.petitioners.push_back(Petitioner{.name = g.Name(), .id_number_index = mt.id_index});
                }
                Matter& mt = matters[m];
                const Org& org = counties[mt.county];
                p.number = fmt::format("M{}-{}", m, mt.n++);
                p.query_code = fmt::format("Q{}", done);
                p.secret_hash = "x";
                p.received_at = start + std::chrono::seconds(done * 120);
                p.registered_org_id = p.current_org_id = org.id;
                p.category_code = "0402";
                p.region_code = org.region_code + fmt::format("{:03d}", 1 + g.Pick(12));
                p.created_at = p.updated_at = p.received_at;
                auto r = tx.petitions().Insert(p);
                if (!r) return Fail(r.error());
            }
            return Ok();
        }), "insert");
        if (done % 50000 == 0 || done == cases) {
            double s = std::chrono::duration<double>(Clock::now() - t0).count();
            std::cerr << fmt::format("\rbuild: {}/{} cases, {:.0f} cases/s", done, cases, done / s) << std::flush;
        }
    }
    double s = std::chrono::duration<double>(Clock::now() - t0).count();
    std::cerr << "\n";
    fmt::print("build: {} cases in {:.1f} s ({:.0f} cases/s), {} matters\n", cases, s, cases / s, matters.size());
}

void Reindex(UnitOfWork& store) {
    const auto t0 = Clock::now();
    Check(store.Write([&](Transaction& tx) -> Status { return tx.petitions().ClearSearchIndex(); }), "clear");
    double clear_s = std::chrono::duration<double>(Clock::now() - t0).count();
    int64_t after = 0, n = 0;
    const auto t1 = Clock::now();
    while (true) {
        int64_t last = 0;
        Check(store.Write([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(last, tx.petitions().ReindexSearch(after, 5000));
            return Ok();
        }), "reindex");
        if (last == 0) break;
        after = last;
        n += 5000;
        if (n % 100000 == 0) {
            double s = std::chrono::duration<double>(Clock::now() - t1).count();
            std::cerr << fmt::format("\rreindex: ~{} cases, {:.0f} cases/s", n, n / s) << std::flush;
        }
    }
    double s = std::chrono::duration<double>(Clock::now() - t1).count();
    std::cerr << "\n";
    fmt::print("reindex: clear {:.1f} s, rebuild {:.1f} s ({} cases up to id {})\n", clear_s, s, after, after);
}

struct Stats {
    std::vector<double> ms;
    void Add(double v) { ms.push_back(v); }
    double Pct(double p) {
        if (ms.empty()) return 0;
        std::sort(ms.begin(), ms.end());
        size_t i = std::min(ms.size() - 1, static_cast<size_t>(p * (ms.size() - 1) + 0.5));
        return ms[i];
    }
};

// Terms of each length drawn from the generator's vocabulary (so every one occurs), plus village/person names.
std::vector<std::string> TermsOfLength(size_t n, std::mt19937_64& rng, size_t count) {
    std::vector<std::string> pool;
    for (const auto* list : {&kIssues, &kTowns, &kVillages, &kRequests, &kCompanies, &kPlaceFiller}) {
        for (const auto& s : *list) {
            std::u32string all = search::IndexedChars(s), cs;
            for (char32_t c : all)
                if (c >= 0x4E00) cs += c;  // CJK only: the terms are Chinese
            for (size_t i = 0; i + n <= cs.size(); i += n) {
                std::string t;
                for (size_t k = i; k < i + n; ++k) {
                    char32_t c = cs[k];
                    t += static_cast<char>(0xE0 | (c >> 12));
                    t += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
                    t += static_cast<char>(0x80 | (c & 0x3F));
                }
                pool.push_back(t);
            }
        }
    }
    std::sort(pool.begin(), pool.end());
    pool.erase(std::unique(pool.begin(), pool.end()), pool.end());
    std::shuffle(pool.begin(), pool.end(), rng);
    if (pool.size() > count) pool.resize(count);
    return pool;
}

void Query(UnitOfWork& store, int reps) {
    fmt::print("cap {}\n", g_cap);
    std::mt19937_64 rng(42);
    std::optional<std::string> county_path;
    Check(store.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto org, tx.orgs().FindByCode("bench-county-3"));
        if (org) county_path = org->path;
        return Ok();
    }), "org");
    fmt::print("| term length | scope | terms | matches counted (median, max; capped) | count + facets + "
               "first page p50 / p99 | first page, relevance p50 / p99 | first page, newest p50 / p99 | all three p99 "
               "|\n|---|---|---|---|---|---|---|---|\n");
    // Term classes: 1–4 characters cut from the vocabulary (frequent: most are capped), then rarer real-looking
    // terms: a person's name (2–3 characters) and a village with its township (6–7 characters).
    std::vector<std::pair<std::string, std::vector<std::string>>> classes;
    for (size_t len = 1; len <= 4; ++len)
        classes.emplace_back(std::to_string(len), TermsOfLength(len, rng, static_cast<size_t>(reps)));
    {
        std::vector<std::string> names, villages;
        for (int i = 0; i < reps; ++i) {
            names.push_back(kSurnames[rng() % kSurnames.size()] + kGiven[rng() % kGiven.size()]);
            villages.push_back(kTowns[rng() % kTowns.size()] + kVillages[rng() % kVillages.size()]);
        }
        classes.emplace_back("name", names);
        classes.emplace_back("village", villages);
    }
    for (const auto& [len, terms] : classes) {
        for (int scoped = 0; scoped < 2; ++scoped) {
            Stats count_ms, rel_ms, new_ms, all_ms;
            std::vector<double> matches;
            int capped_count = 0;
            for (const auto& t : terms) {
                PetitionFilter f;
                f.text = Check(search::ParseQuery(t), "query");
                f.limit = 20;
                if (scoped && county_path) f.scope_org_path = *county_path;
                int64_t n = 0;
                auto a = Clock::now();
                // As the search page does: the first page with counts and facets (cap --cap, default 2,000), in each order.
                bool capped = false;
                Check(store.Read([&](Transaction& tx) -> Status {
                    XF_ASSIGN_OR_RETURN(auto page, tx.petitions().Search(SearchRequest{
                        .filter = f, .order = SearchOrder::kNewest, .cap = g_cap, .with_counts = true}));
                    n = page.total;
                    capped = page.capped;
                    return Ok();
                }), "count");
                auto b = Clock::now();
                Check(store.Read([&](Transaction& tx) -> Status {
                    XF_ASSIGN_OR_RETURN(auto page, tx.petitions().Search(SearchRequest{
                        .filter = f, .order = SearchOrder::kRelevance, .cap = g_cap}));
                    return Ok();
                }), "relevance");
                auto c = Clock::now();
                Check(store.Read([&](Transaction& tx) -> Status {
                    XF_ASSIGN_OR_RETURN(auto page, tx.petitions().Search(SearchRequest{
                        .filter = f, .order = SearchOrder::kNewest, .cap = g_cap}));
                    return Ok();
                }), "newest");
                capped_count += capped;
                auto d = Clock::now();
                count_ms.Add(Ms(b - a));
                rel_ms.Add(Ms(c - b));
                new_ms.Add(Ms(d - c));
                all_ms.Add(Ms(d - a));
                matches.push_back(static_cast<double>(n));
            }
            std::sort(matches.begin(), matches.end());
            fmt::print("| {} | {} | {} | {:.0f}, {:.0f} ({} capped) | {:.1f} / {:.1f} ms | {:.1f} / {:.1f} ms | {:.1f} / {:.1f} ms | {:.1f} ms |\n",
                       len, scoped ? "one county" : "province", terms.size(), matches[matches.size() / 2],
                       matches.back(), capped_count, count_ms.Pct(0.5), count_ms.Pct(0.99), rel_ms.Pct(0.5), rel_ms.Pct(0.99),
                       new_ms.Pct(0.5), new_ms.Pct(0.99), all_ms.Pct(0.99));
        }
    }
}

void Repeat(UnitOfWork& store, int drafts) {
    // Sample existing cases: a draft made from one (edited, half with its 证件号) must find its matter; a fresh
    // text must find nothing by text.
    int64_t max_id = 0;
    Check(store.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(max_id, tx.petitions().Count({}));
        return Ok();
    }), "count");
    Gen g(7);
    Stats lookup_ms;
    int from_matter = 0, found_matter = 0, returned = 0, returned_right = 0, fresh = 0, fresh_flagged = 0;
    for (int i = 0; i < drafts; ++i) {
        Petition draft;
        int64_t matter = -1;
        if (i % 2 == 0) {
            int64_t id = 1 + static_cast<int64_t>(g.Pick(static_cast<size_t>(max_id)));
            std::optional<Petition> src;
            Check(store.Read([&](Transaction& tx) -> Status {
                XF_ASSIGN_OR_RETURN(src, tx.petitions().Get(id));
                return Ok();
            }), "get");
            if (!src) continue;
            matter = MatterOf(src->number);
            draft.title = src->title;
            draft.content = g.Edit(src->content);
            draft.region_code = src->region_code;
            if (g.U() < 0.5 && !src->petitioners.empty())
                draft.petitioners.push_back(Petitioner{.name = "x", .id_number_index = src->petitioners[0].id_number_index});
            ++from_matter;
        } else {
            size_t c = g.Pick(kCounties.size());
            std::tie(draft.title, draft.content) = g.Text(kCounties[c]);
            draft.region_code = CountyRegion(c) + "001";
            ++fresh;
        }
        std::vector<repeat::Candidate> ranked;
        std::vector<Petition> found;
        auto a = Clock::now();
        Check(store.Read([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(found, tx.petitions().FindByMatchKeys(repeat::MatchKeys(draft), 30));
            return Ok();
        }), "lookup");
        ranked = repeat::RankCandidates(draft, found, 5);
        lookup_ms.Add(Ms(Clock::now() - a));
        std::map<int64_t, const Petition*> by_id;
        for (const auto& p : found) by_id[p.id] = &p;
        bool hit = false;
        for (const auto& c : ranked) {
            ++returned;
            bool right = matter >= 0 && MatterOf(by_id[c.petition_id]->number) == matter;
            returned_right += right;
            hit |= right;
        }
        if (matter >= 0) found_matter += hit;
        else fresh_flagged += !ranked.empty();
    }
    fmt::print("repeat: {} drafts ({} from a known matter, {} fresh); lookup + ranking p50 {:.2f} ms, p99 {:.2f} ms, "
               "max {:.2f} ms\n",
               from_matter + fresh, from_matter, fresh, lookup_ms.Pct(0.5), lookup_ms.Pct(0.99), lookup_ms.Pct(1.0));
    fmt::print("repeat: recall {:.3f} ({} of {} drafts from a matter found an earlier case of it in the top 5); "
               "precision {:.3f} ({} of {} candidates shown belong to the draft's matter); fresh drafts with any "
               "candidate: {} of {}\n",
               from_matter ? double(found_matter) / from_matter : 0.0, found_matter, from_matter,
               returned ? double(returned_right) / returned : 0.0, returned_right, returned, fresh_flagged, fresh);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) Die("usage: xf_search_bench build|reindex|query|repeat --db URL [--cases N] [--reps R] [--drafts D]");
    std::string mode = argv[1], url;
    int64_t cases = 100000;
    int reps = 100, drafts = 2000;
    int64_t cap = 2000;
    uint64_t seed = 1;
    for (int i = 2; i + 1 < argc; i += 2) {
        std::string k = argv[i], v = argv[i + 1];
        if (k == "--db") url = v;
        else if (k == "--cases") cases = std::stoll(v);
        else if (k == "--reps") reps = std::stoi(v);
        else if (k == "--drafts") drafts = std::stoi(v);
        else if (k == "--seed") seed = std::stoull(v);
        else if (k == "--cap") cap = std::stoll(v);
        else Die("unknown option " + k);
    }
    if (url.empty()) Die("--db URL is required");
    g_cap = cap;
    auto store = Open(url);
    if (mode == "build") Build(*store, cases, seed);
    else if (mode == "reindex") Reindex(*store);
    else if (mode == "query") Query(*store, reps);
    else if (mode == "repeat") Repeat(*store, drafts);
    else Die("unknown mode " + mode);
    return 0;
}
