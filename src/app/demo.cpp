#include "app/demo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <random>

#include "base/text.hpp"

namespace xf::app {
namespace {

// ================================================================ the org tree (fictional: 99xxxx is no real place)

const std::vector<OrgRow>& DemoOrgRows() {
    static const std::vector<OrgRow> rows = {
        // code, parent, name, level, kind, region
        {"yl-xfj", "", "云岭省信访局", "province", "petition_office", "990000"},
        {"yl-rst", "yl-xfj", "云岭省人力资源和社会保障厅", "province", "department", "990000"},
        {"yl-zrt", "yl-xfj", "云岭省自然资源厅", "province", "department", "990000"},
        {"ap-xfj", "yl-xfj", "安平市信访局", "city", "petition_office", "991000"},
        {"ap-rsj", "ap-xfj", "安平市人力资源和社会保障局", "city", "department", "991000"},
        {"ap-zjj", "ap-xfj", "安平市住房和城乡建设局", "city", "department", "991000"},
        {"ap-zrj", "ap-xfj", "安平市自然资源局", "city", "department", "991000"},
        {"ap-gaj", "ap-xfj", "安平市公安局", "city", "political_legal", "991000"},
        {"ap-jw", "ap-xfj", "中共安平市纪律检查委员会 安平市监察委员会", "city", "discipline", "991000"},
        {"ap-zfb", "ap-xfj", "安平市人民政府办公室", "city", "party_government", "991000"},
        {"qs-xfj", "ap-xfj", "青山县信访局", "county", "petition_office", "991021"},
        {"qs-rsj", "qs-xfj", "青山县人力资源和社会保障局", "county", "department", "991021"},
        {"qs-zjj", "qs-xfj", "青山县住房和城乡建设局", "county", "department", "991021"},
        {"qs-zrj", "qs-xfj", "青山县自然资源局", "county", "department", "991021"},
        {"qs-jyj", "qs-xfj", "青山县教育局", "county", "department", "991021"},
        {"qs-wjj", "qs-xfj", "青山县卫生健康局", "county", "department", "991021"},
        {"qs-zfw", "qs-xfj", "中共青山县委政法委员会", "county", "political_legal", "991021"},
        {"qs-jw", "qs-xfj", "中共青山县纪律检查委员会 青山县监察委员会", "county", "discipline", "991021"},
        {"qs-qsz", "qs-xfj", "青山县青山镇人民政府", "township", "party_government", "991021001"},
        {"qs-bsx", "qs-xfj", "青山县白水乡人民政府", "township", "party_government", "991021002"},
        {"qs-cgjd", "qs-xfj", "青山县城关街道办事处", "township", "party_government", "991021003"},
        {"hx-xfj", "ap-xfj", "安平市河西区信访局", "county", "petition_office", "991022"},
        {"hx-rsj", "hx-xfj", "安平市河西区人力资源和社会保障局", "county", "department", "991022"},
    };
    return rows;
}

struct UserSpec {
    std::string_view login, display_name, org_code;
    RoleSet roles;
    DataScope scope;
};

const std::vector<UserSpec>& DemoUserSpecs() {
    static const std::vector<UserSpec> specs = {
        {"registrar", "演示登记员", "qs-xfj", RoleSet{Role::kRegistrar}, DataScope::kOrg},
        {"handler", "演示承办人", "qs-xfj", RoleSet{Role::kHandler, Role::kRegistrar}, DataScope::kOrg},
        {"approver", "演示审核人", "qs-xfj", RoleSet{Role::kApprover}, DataScope::kOrg},
        {"dept_handler", "演示部门承办人", "qs-rsj", RoleSet{Role::kHandler}, DataScope::kOrg},
        {"dept_approver", "演示部门审核人", "qs-rsj", RoleSet{Role::kApprover}, DataScope::kOrg},
        {"city_handler", "演示市级承办人", "ap-xfj", RoleSet{Role::kHandler, Role::kApprover}, DataScope::kOrg},
        {"province_handler", "演示省级承办人", "yl-xfj", RoleSet{Role::kHandler, Role::kApprover}, DataScope::kOrg},
        {"supervisor", "演示督办员", "ap-xfj", RoleSet{Role::kSupervisor}, DataScope::kSubtree},
        {"statistician", "演示统计员", "qs-xfj", RoleSet{Role::kStatistician}, DataScope::kSubtree},
        {"admin", "演示管理员", "yl-xfj", RoleSet{Role::kAdmin}, DataScope::kAll},
    };
    return specs;
}

std::string RolesLabel(RoleSet roles) {
    // Main role first: the order of the spec reads better than the bit order ("承办人、登记员").
    static constexpr Role kOrder[] = {Role::kHandler,    Role::kApprover,     Role::kRegistrar,
                                      Role::kSupervisor, Role::kStatistician, Role::kAdmin};
    std::string out;
    for (Role r : kOrder) {
        if (!roles.Has(r)) continue;
        if (!out.empty()) out += "、";
        out += RoleLabel(r);
    }
    return out;
}

// ================================================================ places and people

struct Township {
    std::string_view region, org_code, name;
    std::array<std::string_view, 4> villages;
};
constexpr std::array<Township, 3> kTownships{{
    {"991021001", "qs-qsz", "青山镇", {"石门村", "大坪村", "龙潭村", "新街社区"}},
    {"991021002", "qs-bsx", "白水乡", {"白水村", "岩脚村", "坪上村", "河坝村"}},
    {"991021003", "qs-cgjd", "城关街道", {"东门社区", "南街社区", "文昌社区", "西关村"}},
}};
constexpr std::string_view kCountyRegion = "991021";

constexpr std::string_view kSurnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
    "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田",
    "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢",
    "姜", "崔", "钟", "谭", "陆", "汪", "范", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟",
    "熊", "秦", "邱", "江", "尹", "薛", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "龚",
    "邵", "万", "严", "覃", "武", "戴", "莫", "孔", "向", "汤", "吴", "杨", "王"};
constexpr std::string_view kMaleGiven[] = {"伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "平",
                                           "辉", "鹏", "华", "飞", "波", "斌", "宇", "浩", "凯", "建", "国",
                                           "德", "文", "志", "海", "林", "春", "福", "成", "荣", "永", "生",
                                           "忠", "贵", "富", "祥", "兴", "发", "昌", "顺", "光", "红", "全"};
constexpr std::string_view kFemaleGiven[] = {"芳", "娜", "秀", "英", "敏", "静", "丽", "艳", "娟", "霞", "燕",
                                             "玲", "桂", "兰", "梅", "琴", "云", "莲", "珍", "凤", "萍", "红",
                                             "春", "玉", "翠", "花", "琳", "婷", "雪", "慧", "佳", "莉", "菊"};
constexpr std::string_view kRoads[] = {"幸福路", "人民路", "文化路",   "青山大道", "滨河路",
                                       "建设路", "朝阳路", "环城东路", "民主街",   "新华路"};
constexpr std::string_view kCompounds[] = {"锦绣花园", "滨河名苑", "阳光新城", "青山雅苑",
                                           "文昌小区", "金色家园", "翠湖湾",   "凤凰城"};
constexpr std::string_view kCompanyWords[] = {"宏达", "鑫源", "恒信", "永兴", "华诚", "顺发", "金鼎",
                                              "瑞丰", "博远", "盛世", "泰和", "兴隆", "创新", "富民"};
constexpr std::string_view kFactories[] = {"青山县农机修造厂", "青山县第二酒厂", "安平市纺织厂",
                                           "青山县供销社",     "青山县食品公司", "青山县水泥厂"};
constexpr std::string_view kSchools[] = {"青山县第一小学", "青山县第二中学", "城关街道中心小学",
                                         "白水乡中心学校", "青山县民族中学", "青山镇中学"};
constexpr std::string_view kHospitals[] = {"青山县人民医院", "青山县中医医院", "青山镇卫生院", "白水乡卫生院",
                                           "青山县妇幼保健院"};
constexpr std::string_view kShops[] = {"一家电动车行", "一家家电商场", "一家建材店", "一家农资店", "一家超市"};

// ================================================================ what people write about

// A petition topic: title and body templates with placeholders ({t} township, {v} village, {x} housing compound,
// {road}, {co}/{cb}/{ce}/{cp} companies, {fac} old factory, {amt}/{fee} money, {n} a count, {age}, {ym} a month,
// {m} a small count, {sch} school, {hos} hospital, {shop}, {off} the accused person).
struct Topic {
    std::string_view code;
    Purpose purpose;
    std::string_view title;
    std::string_view body;
};

constexpr Purpose C = Purpose::kComplaint;
constexpr Purpose S = Purpose::kSuggestion;
constexpr Purpose A = Purpose::kAccusation;

// clang-format off
constexpr Topic kTopics[] = {
    // 01 农村农业
    {"0101", C, "反映{v}村民小组违规调整承包地的问题",
     "{ym}，{v}村民小组在未经村民会议三分之二以上成员同意的情况下，收回我家承包的{n}亩耕地另行发包给他人，而我家持有的土地承包经营权证仍在有效期内。我多次找村组干部协商，对方只说是集体决定，家中因此失去了主要收入来源。"},
    {"0101", C, "反映土地流转租金长期未兑付的问题",
     "{ym}，{v}{n}户村民的承包地经村里统一流转给{co}种植中药材，合同约定每亩每年租金六百元，但公司已连续两年未支付租金，村里也不出面催收，村民意见很大。"},
    {"0102", C, "反映{v}村务长期不公开的问题",
     "{v}已连续两年未按规定公开村级财务收支和集体项目情况，村民对修建村道、发放各类补贴等事项存在疑问，要求查看账目时被村干部以各种理由拒绝，村民代表会议也很少召开。"},
    {"0102", A, "检举{off}在村委会换届选举中拉票贿选的问题",
     "{ym}{v}村委会换届选举期间，{off}组织人员挨家挨户发放现金和香烟，每户两百元，要求投票给指定人选，投票当天还有部分村民的选票由他人代填，选举结果公布后群众议论纷纷。"},
    {"0103", C, "反映{v}集体土地租金去向不明的问题",
     "{v}集体所有的{n}亩土地出租给{co}使用，每年租金{amt}，但近三年租金去向不明，村民没有分到任何收益，村里也从未召开村民代表会议讨论分配方案。"},
    {"0103", A, "检举{off}侵占村集体资金的问题",
     "{off}在任期间，将{v}集体林地补偿款{amt}转入其亲属控制的账户，账目中以虚假劳务费的名义列支，村民代表曾多次提出质疑，但一直没有说法。"},
    {"0104", C, "反映{v}产业帮扶资金未落实到户的问题",
     "{ym}乡里通知我家可享受产业帮扶资金用于发展养殖，但至今没有收到资金。村里答复说资金已统一入股{co}，我们对入股协议和分红情况一无所知，也从未拿到过分红。"},
    {"0104", A, "检举{off}虚报冒领乡村振兴项目资金的问题",
     "{off}在实施{v}乡村振兴示范项目过程中，虚报道路硬化和产业基地建设工程量，套取项目资金约{amt}，部分工程至今仍是半拉子工程，群众反映强烈。"},
    {"0104", S, "关于加强{t}农产品销售渠道建设的建议",
     "{t}近年来种植的精品水果和高山蔬菜产量逐年增加，但缺少冷链仓储和电商服务站点，每到丰收季节收购价格被压得很低。建议在乡镇设立农产品集散点，引导电商企业和合作社与农户对接，帮助群众稳定增收。"},
    {"0105", C, "反映耕地地力保护补贴未足额发放的问题",
     "我家承包耕地{n}亩，按照政策应享受耕地地力保护补贴，但{ym}发放的补贴明显少于应得金额。询问{t}农业服务中心，工作人员说是面积核定有误，但一直没有予以更正。"},
    {"0106", C, "反映{v}灌溉水渠年久失修影响春耕的问题",
     "{v}的主灌溉渠修建于上世纪七十年代，多处渠段垮塌渗漏，下游一百多亩稻田无法正常灌溉。村民多次向村里和{t}反映，答复说没有项目资金，眼看春耕将至，群众十分着急。"},
    // 02 自然资源
    {"0201", C, "反映{t}征地补偿标准过低的问题",
     "{ym}，因修建县城至{t}的公路，我家{n}亩承包地被征收，乡里按每亩四万元支付补偿，低于省政府公布的区片综合地价标准，而且至今没有公布征地补偿安置方案，社会保障费用也未落实。"},
    {"0201", C, "反映征地补偿款被截留的问题",
     "{ym}{v}部分土地被征收用于工业园区建设，征地补偿款{amt}已拨付到村，但村里以预留公益事业资金为由截留了一部分，至今未发到被征地农户手中。"},
    {"0202", C, "反映{v}房屋拆迁后安置不到位的问题",
     "{ym}我家位于{v}的两层砖混房屋因工业园区建设被拆除，当时承诺两年内交付安置房，现已超过期限，安置房仍未动工，过渡费也已停发{m}个月，一家五口只能租房居住。"},
    {"0203", C, "反映与邻组土地权属纠纷长期未解决的问题",
     "我组与{v}相邻村民小组对交界处约{n}亩林地的权属存在争议，双方各持不同年代的权属凭证，多次发生冲突。{t}曾组织调处但没有形成结论，请求依法确权。"},
    {"0204", C, "反映{v}有人在基本农田上违法建房的问题",
     "{ym}以来，有人在{v}公路旁的基本农田上挖土填方、修建厂房，占地约{n}亩，村民多次向{t}反映，但违法建设仍在继续，担心耕地被永久破坏。"},
    {"0204", A, "检举{off}纵容违法占地建房的问题",
     "{v}公路沿线近两年出现多处违法占用耕地建房的情况，{off}接到群众举报后只下发整改通知，从不实际查处，有群众反映其与违建业主存在利益往来。"},
    {"0205", C, "反映林权证登记面积与实际不符的问题",
     "我家在{v}承包的集体林地，林权证登记面积比实际少{n}亩，导致生态公益林补偿金少发。我向县里有关部门申请更正登记，至今没有得到答复。"},
    {"0206", C, "反映{v}附近采石场无证开采的问题",
     "{v}后山的采石场没有取得采矿许可证，每天放炮开采，震裂了附近{n}户村民的房屋墙体，运输车辆还压坏了村道，村民多次劝阻无果。"},
    // 03 城乡建设
    {"0301", C, "反映旧城改造房屋征收补偿不合理的问题",
     "我家位于县城{road}的住房被纳入旧城改造征收范围，评估机构给出的评估价格明显低于周边同类房屋的市场价格。我们对评估结果申请复核后，征收部门没有作出书面答复就要求限期签约。"},
    {"0302", C, "反映{x}开发商逾期交房的问题",
     "我于{ym}购买了{ce}开发的{x}商品房一套，合同约定去年年底交房，现已逾期一年多，项目停工，售楼部人去楼空，{n}户购房户每月仍在偿还银行按揭贷款。"},
    {"0302", C, "反映公租房分配不公开的问题",
     "我家是县城低收入住房困难家庭，{ym}申请公共租赁住房并通过审核，但轮候至今没有分配。听说部分不符合条件的人已经住进公租房，分配结果也没有公示。"},
    {"0303", C, "反映{x}旁新建楼房影响采光的问题",
     "{x}南侧新开工的住宅楼与我们的楼栋间距不足二十米，建成后冬季低层住户将完全没有日照，我们怀疑规划审批违反日照间距标准，要求公开规划许可信息。"},
    {"0303", S, "关于优化县城{road}周边停车规划的建议",
     "县城{road}一带商铺、学校集中，停车位严重不足，车辆乱停乱放，上下学高峰经常堵车。建议利用周边闲置地块建设公共停车场，合理设置临时停车泊位，并完善交通标志标线。"},
    {"0304", C, "反映{x}新房墙体开裂渗水的问题",
     "我们于{ym}入住{ce}开发的{x}，不到一年就有{n}户出现墙体开裂、卫生间渗水等问题，开发商和施工单位相互推诿，维修资金也无法动用。"},
    {"0305", C, "反映{x}物业公司服务差且乱收费的问题",
     "{x}的物业公司{cp}收取物业费后长期不履行服务义务，电梯频繁故障，垃圾清运不及时，近期又以调整标准为由每平方米上涨五角，事先没有经过业主大会讨论。"},
    {"0306", C, "反映{road}路灯长期不亮的问题",
     "县城{road}从{ym}起路灯大面积损坏，夜间一片漆黑，附近{x}的居民和学生出行很不安全，已经发生多起摔伤事故，向有关部门反映后一直无人维修。"},
    {"0306", S, "关于在{road}增设人行横道和信号灯的建议",
     "{road}与{x}出入口交叉处车流量大，附近有学校和农贸市场，行人横穿马路十分危险。建议在该路口增设人行横道和信号灯，并在上下学时段安排人员疏导交通。"},
    {"0307", C, "反映{cb}拖欠工程款的问题",
     "我承包了{cb}发包的{t}安置点道路硬化工程，工程已于{ym}竣工验收合格，但对方至今拖欠工程款{amt}，导致我无法支付材料款和工人工资，多次催讨无果。"},
    // 04 劳动和社会保障
    {"0401", C, "反映{co}未签订劳动合同并违法解除劳动关系的问题",
     "我在{co}工作了{m}年，公司一直没有与我签订书面劳动合同。{ym}公司以经营困难为由口头通知我离职，没有支付任何经济补偿，我要求公司依法支付二倍工资差额和经济补偿金。"},
    {"0402", C, "反映{cb}拖欠{n}名农民工工资的问题",
     "我们{n}名农民工在{cb}承建的{t}安置点项目工地务工，从{ym}起至今被拖欠工资共计{amt}。包工头说工程款没有到位，项目部和总包单位相互推诿，眼看临近年关，大家回家过年的路费都没有着落。"},
    {"0402", C, "反映在{x}项目务工被拖欠工资的问题",
     "我于{ym}经老乡介绍到{x}二期项目做木工，干了五个多月，班组长只发了生活费，剩余工资{fee}元一直拖着不给，找到项目部也没人管，工地上还有好几个工友和我情况相同。"},
    {"0403", C, "反映{co}克扣加班费的问题",
     "{co}长期要求职工每天加班两至三小时，周末也经常上班，但从不按规定支付加班费，工资条上的加班项目被改成了绩效奖金，{ym}起还以考核为名扣发部分工资。"},
    {"0404", C, "反映{co}未依法为职工缴纳社会保险的问题",
     "我在{co}工作期间，公司以每月多发两百元补贴为由没有给我们缴纳养老、医疗等社会保险。现在我即将到达退休年龄，养老保险缴费年限不足，无法按月领取养老金。"},
    {"0405", C, "反映城乡居民养老保险待遇未按时发放的问题",
     "我母亲今年{age}岁，按规定应当领取城乡居民基本养老保险待遇，但从{ym}起账户就没有再收到养老金。村里协办员说是信息比对有问题，让我们等通知，已经等了好几个月。"},
    {"0406", C, "反映原{fac}改制时职工经济补偿不到位的问题",
     "原{fac}于2003年改制，当时{n}名职工的身份置换经济补偿金只发放了一半，剩余部分至今没有兑现，企业改制方案也从未向职工公开。我们多数人已到退休年龄，生活困难。"},
    // 05 卫生健康
    {"0501", C, "反映在{hos}就医期间发生医疗损害的问题",
     "{ym}我父亲因胆囊结石在{hos}做手术，术后出现严重并发症，转至市医院抢救。我们认为医院存在术前检查不充分、术后观察不及时等过错，要求依法进行医疗损害鉴定并予以赔偿。"},
    {"0502", C, "反映{t}有诊所无证行医的问题",
     "{t}街上有一家诊所没有医疗机构执业许可证，坐诊人员也没有执业医师资格，长期给群众输液、开处方，{ym}曾有一名老人输液后出现严重不良反应。"},
    {"0503", C, "反映{t}卫生院预防接种门诊排队时间长的问题",
     "{t}卫生院预防接种门诊每周只开放两天，儿童接种疫苗每次都要排队三四个小时，冬天很多家长抱着孩子在走廊里等待，希望增加开放时间、改进预约方式。"},
    {"0503", S, "关于在{t}开展老年人慢性病免费筛查的建议",
     "{t}留守老人较多，高血压、糖尿病等慢性病患者不少，但很多老人不愿去医院检查。建议由卫生院组织医务人员定期进村开展免费筛查，建立健康档案，并做好用药指导和随访。"},
    {"0504", C, "反映异地就医医疗费用报销难的问题",
     "我于{ym}在省城医院住院治疗，花费医疗费用{amt}，出院后到县医保窗口办理报销，被告知未办理异地就医备案只能按较低比例报销，但住院时是急诊，根本来不及备案。"},
    {"0505", C, "反映计划生育家庭特别扶助金未发放的问题",
     "我是独生子女死亡家庭，按照政策应享受计划生育家庭特别扶助金。{ym}我提交了申请材料，至今已过去半年，{t}和县卫生健康部门相互推诿，扶助金一直没有发放。"},
    // 06 教育文体
    {"0601", C, "反映{sch}违规收取资料费的问题",
     "{sch}本学期以统一订购教辅资料为名，向每名学生收取资料费{fee}元，另外还收取校服费、补课费等，家长们没有见到收费公示，也不知道收费依据是什么。"},
    {"0602", C, "反映中考加分资格审核不公的问题",
     "今年中考，我孩子符合少数民族加分政策，申请材料齐全，但在资格审核中被取消，而同班另一名条件相同的学生却获得了加分，学校和县招生考试机构均未给出书面理由。"},
    {"0603", C, "反映随迁子女就近入学困难的问题",
     "我们夫妻在县城务工{m}年，在{x}租房居住并办理了居住证，孩子今年到了上小学的年龄，向{sch}申请入学被以学位已满为由拒绝，被安排到离家十多公里的学校。"},
    {"0604", C, "反映原民办代课教师待遇未落实的问题",
     "我于1985年至2001年在{v}小学担任民办代课教师十六年，按照国家有关政策应享受相应的生活补助，我多次向县教育部门提出申请，至今没有得到落实。"},
    {"0605", C, "反映{x}旁文化广场噪音扰民的问题",
     "{x}旁边的文化广场每天晚上七点到十点跳广场舞，音响音量很大，严重影响周边居民休息和学生学习，我们与组织者沟通多次都没有效果。"},
    {"0605", S, "关于在{t}建设农民体育健身场地的建议",
     "{t}群众健身热情很高，但缺少场地，不少人只能在公路边散步，存在安全隐患。建议利用村里闲置的晒场和学校撤并后的校舍，建设篮球场和健身步道，丰富群众的文化生活。"},
    // 07 民政与应急
    {"0701", C, "反映{v}低保评定不公的问题",
     "我家是因病致贫家庭，丈夫常年卧病在床，孩子还在读书，申请低保被村里以名额有限为由拒绝，而村里部分经济条件较好的家庭却享受了低保，评定过程也没有公示。"},
    {"0701", A, "检举{off}违规为亲属办理低保的问题",
     "{off}利用职务便利，将其兄弟、儿媳等多名不符合条件的亲属纳入低保，每月领取低保金，而真正困难的群众却评不上，村民对此意见很大。"},
    {"0702", C, "反映烈士遗属定期抚恤金未按时发放的问题",
     "我是烈士遗属，按规定每年应享受定期抚恤金，{ym}以来抚恤金没有按时发放。询问{t}民政办，答复说需要重新核对身份信息，材料交了几个月仍然没有结果。"},
    {"0703", C, "反映{t}经营性公墓收费过高的问题",
     "{t}经营性公墓的墓穴价格一年内上涨近一倍，还强制捆绑销售墓碑、收取管理费等，一个普通墓穴要价{amt}，农村群众根本负担不起。"},
    {"0704", C, "反映某协会以评比为名向企业收费的问题",
     "一家名为“乡村产业发展促进会”的社会组织以评选“诚信示范企业”为名，向{t}多家小微企业收取评审费和会费，每家{fee}元，不交费就威胁在网上发布负面信息，怀疑是非法社会组织。"},
    {"0705", C, "反映洪灾后房屋重建补助未发放的问题",
     "{ym}暴雨引发山洪，我家位于{v}的住房被冲毁，{t}当时登记了受灾情况并承诺给予重建补助，但至今补助资金没有到位，我们一家只能借住在亲戚家中。"},
    // 08 政法
    {"0801", C, "反映民事判决长期执行不到位的问题",
     "我与{co}买卖合同纠纷一案，县人民法院于{ym}作出判决，判令对方支付货款{amt}。判决生效后对方一直拒不履行，我申请强制执行已经一年多，至今没有执行到位。"},
    {"0802", C, "反映被诈骗案件立案后长期未侦破的问题",
     "{ym}我被人以投资理财为名骗走{amt}，已向公安机关报案并立案，但至今没有任何进展，办案民警说案件涉及外省，需要时间，我请求加快侦办、追回损失。"},
    {"0803", C, "反映{x}周边夜间有人聚众滋事的问题",
     "{x}附近的几家烧烤摊和歌厅每天深夜都有人酗酒闹事，经常发生打架斗殴，拨打110后民警到场劝散，但第二天照旧，周边居民晚上都不敢出门。"},
    {"0804", C, "反映派出所民警处警不规范的问题",
     "{ym}我因邻里纠纷报警，{t}派出所民警到场后不听取我方陈述，态度粗暴，还将我带回派出所留置了数小时，事后没有出具任何法律文书。"},
    {"0804", A, "检举{off}收受案件当事人财物的问题",
     "{ym}我与邻居发生纠纷后报警，{off}在处理过程中收受对方当事人送的烟酒和红包，处理结果明显偏袒对方，我有相关证人可以证明。"},
    {"0805", C, "反映户口迁移手续办理受阻的问题",
     "我已在县城购房并取得不动产权证书，申请将全家户口从{v}迁入县城，派出所以原籍村集体经济组织成员资格尚未注销为由不予办理，两个部门相互推诿。"},
    {"0806", C, "反映法律援助申请未获批准的问题",
     "我因工伤赔偿纠纷申请法律援助，已提交低保证明和相关材料，法律援助机构以案件不符合条件为由不予受理，我认为工伤赔偿属于法律援助的范围。"},
    // 09 经济管理
    {"0901", C, "反映原{fac}破产清算中职工债权未清偿的问题",
     "原{fac}进入破产程序已经三年，{n}名职工被拖欠的工资和经济补偿金共计{amt}至今没有得到清偿，破产管理人也没有向职工通报资产处置的进展情况。"},
    {"0902", C, "反映银行发放贷款时强制搭售保险的问题",
     "我于{ym}在县城某商业银行申请个人经营贷款{amt}，银行工作人员要求必须同时购买一份意外保险才能放款，保费从贷款中直接扣除，我认为这是强制搭售。"},
    {"0903", C, "反映{t}{shop}销售假冒伪劣商品的问题",
     "我于{ym}在{t}{shop}购买的电动车电池使用不到一个月就鼓包起火，经查该产品没有任何质量认证标志，商家拒绝退换，请求市场监管部门依法查处。"},
    {"0904", C, "反映{sch}食堂食品安全问题",
     "{sch}食堂近期多次出现饭菜变质、有异物的情况，{ym}有{n}名学生就餐后出现腹泻呕吐症状，家长们要求查明原因，加强对学校食堂的监管。"},
    {"0905", C, "反映{co}以高息为诱饵非法集资的问题",
     "{co}以投资养殖项目为名，承诺年化收益百分之十八，在{t}一带吸收群众资金，我和{n}名亲友共投入{amt}，{ym}起公司停止付息，负责人已经联系不上。"},
    // 10 交通运输
    {"1001", C, "反映{v}通村公路破损严重的问题",
     "{v}通往集镇的通村公路修建于2012年，近年来重载车辆频繁通行，路面多处塌陷开裂，雨天积水严重，已发生多起摩托车侧翻事故，村民出行十分不便。"},
    {"1001", S, "关于延伸县城公交线路至{t}的建议",
     "{t}距县城十余公里，目前只有少量客运班车，群众进城看病、学生上学很不方便。建议将县城公交线路延伸至{t}集镇，并在沿线主要村寨设置停靠站点。"},
    {"1002", C, "反映{t}至县城客运班车随意涨价的问题",
     "{t}至县城的客运班车近期没有经过公示就将票价从十二元涨到十八元，还经常超载，节假日甚至站立载客，存在很大的安全隐患。"},
    {"1003", C, "反映车辆被扣处罚不合理的问题",
     "我于{ym}驾驶私家车搭载乘客时，被交通执法人员以非法营运为由扣车并罚款{fee}元。我认为当时只是顺路搭载熟人，并没有收费，处罚缺乏证据。"},
    // 11 商贸旅游
    {"1101", C, "反映{t}农贸市场摊位费上涨过快的问题",
     "{t}农贸市场经营方{co}今年将摊位费每月上调三百元，并要求一次性缴纳全年费用，我们{n}户经营户认为涨幅过大，要求经营方公示收费依据。"},
    {"1102", C, "反映景区强制消费的问题",
     "{ym}我们一家到县内某景区游玩，导游带我们进入指定购物店，以不买东西不让走相要挟，景区内的观光车也没有明码标价，请求有关部门依法查处。"},
    {"1102", S, "关于完善{t}乡村旅游配套设施的建议",
     "{t}山水风光好，周末来游玩的城里人越来越多，但缺少停车场、公共厕所和游客服务点，农家乐的卫生条件也参差不齐。建议统一规划乡村旅游配套设施，加强对经营户的培训和管理。"},
    // 12 科技与信息产业
    {"1201", C, "反映{v}手机信号差宽带无法接入的问题",
     "{v}位于山区，手机信号时有时无，宽带至今没有接通，村里学生上网课、村民办理线上业务都很困难。我们多次向运营商反映，答复说暂无建设计划。"},
    {"1202", C, "反映科技项目补助资金迟迟未拨付的问题",
     "我公司于{ym}申报的县级科技成果转化项目已经通过验收，按照项目合同应拨付补助资金{amt}，至今仍未拨付，影响了企业后续的研发投入。"},
    // 13 生态环境
    {"1301", C, "反映{co}偷排污水污染河道的问题",
     "{co}每天夜间通过暗管向{v}旁边的小河排放污水，河水发黑发臭，下游稻田和鱼塘都受到污染，村民饮用的井水也有了异味。"},
    {"1301", S, "关于加强{t}农村生活垃圾收运处理的建议",
     "{t}部分村寨垃圾收集点设置不足，清运不及时，河沟边随意倾倒垃圾的现象仍然存在。建议按人口规模增设垃圾收集设施，明确保洁员职责，推行垃圾分类和定时清运。"},
    {"1302", C, "反映养殖场环评手续不全的问题",
     "{v}新建的生猪养殖场距离村民居住区不足三百米，据了解没有办理环境影响评价手续，夏天臭气熏天，粪污直接排入农田，周边村民苦不堪言。"},
    {"1303", C, "反映{v}电网电压不稳的问题",
     "{v}每到用电高峰电压就严重不足，电灯昏暗，冰箱、水泵等电器无法正常使用，还烧坏了部分家电。多次向供电所反映，答复说需要改造线路，但一直没有实施。"},
    // 14 党务政务
    {"1401", C, "反映不动产登记办理时间过长的问题",
     "我于{ym}在县政务服务中心申请办理不动产转移登记，材料齐全，窗口承诺五个工作日办结，实际拖了一个多月，每次去都被要求补充不同的材料。"},
    {"1401", S, "关于推行政务服务“一次办好”的建议",
     "群众到政务服务中心办事，经常因为不清楚所需材料来回跑。建议在政务服务网公布每个事项的材料清单和示范文本，推行帮办代办和预约服务，让群众办事最多跑一次。"},
    {"1402", C, "反映{t}工作人员办事推诿的问题",
     "我为办理宅基地审批手续多次到{t}便民服务中心，工作人员要么不在岗，要么让我去找其他部门，前后跑了五六趟都没有办成，耽误了建房。"},
    {"1402", A, "检举{off}工作作风粗暴、吃拿卡要的问题",
     "{off}在办理宅基地审批过程中，多次暗示申请人请客送礼，不送就以材料不全为由拖着不办，{v}已有{n}户群众遇到类似情况。"},
    {"1403", C, "反映政府信息公开申请未获答复的问题",
     "我于{ym}向{t}书面申请公开本村征地补偿费用的发放明细，已经超过法定答复期限，至今没有收到任何答复。"},
    // 15 组织人事
    {"1501", C, "反映事业单位招聘过程不公开的问题",
     "今年县属事业单位公开招聘工作人员，笔试成绩公布后，面试环节没有公开评分标准，面试成绩与笔试排名差距巨大，考生质疑存在暗箱操作。"},
    {"1501", A, "检举{off}在干部选拔中违规操作的问题",
     "{off}在{ym}的干部调整中，违规提拔与其有亲属关系的人员，考察程序走过场，民主推荐得票排名靠后的人员反而得到提拔，干部群众议论较多。"},
    {"1502", C, "反映退休人员养老金核定有误的问题",
     "我于{ym}从县某事业单位退休，退休金核定时没有计算我在{fac}工作的{m}年工龄，导致退休待遇偏低，请求重新核定。"},
    {"1503", C, "反映军队转业干部安置岗位不符合政策的问题",
     "我于{ym}从部队转业，按照政策应安排相应职级的工作岗位，但被安置到{t}下属单位从事临时性工作，与原职级差距很大。"},
    {"1504", C, "反映退役士兵安置待遇未落实的问题",
     "我是{ym}退役的士兵，服役期间荣立三等功，按照规定应当优先安排工作，但退役后一直没有落实安置，只发放了一次性经济补助。"},
    // 16 纪检监察
    {"1601", A, "检举{off}在工程招标中收受贿赂的问题",
     "{off}在负责{t}安置点建设项目期间，多次收受{cb}负责人送的现金和购物卡，帮助该公司中标，据知情人反映金额在{amt}以上。"},
    {"1602", A, "检举{off}违规审批宅基地的问题",
     "{off}利用职权违规为不符合条件的亲友审批宅基地{m}处，其中两处位于基本农田保护区内，群众意见很大。"},
    {"1603", A, "检举{off}对违法排污问题监管失职的问题",
     "{co}违法排污问题群众反映多年，{off}每次接到举报后只是走过场，甚至提前通风报信，导致违法行为长期得不到查处。"},
    {"1604", A, "检举{off}公车私用、违规接受宴请的问题",
     "{ym}以来，{off}多次在周末驾驶公务用车接送家人，还经常在{t}的农家乐接受企业老板宴请，饮酒至深夜，影响很坏。"},
    // 17 军队事务
    {"1701", C, "反映参战退役人员生活补助未发放的问题",
     "我是参战退役人员，按照国家政策应享受定期生活补助，{ym}提交申请后一直没有审核结果，多次询问均答复在走程序。"},
    {"1702", C, "反映原参试退役人员医疗保障待遇未落实的问题",
     "我们{n}名原参试退役人员，按照政策应享受医疗保障优待，但在县医院就医时无法享受相应的减免，希望有关部门协调落实。"},
    // 18 其他
    {"1801", C, "反映上世纪八十年代房屋被占用未归还的问题",
     "我家祖传的三间木房于1983年被原{v}大队借作村小学教室使用，学校撤并后房屋被村里转租他人，我们多次要求归还或给予补偿，村里以历史问题为由一直没有解决。"},
    {"1802", S, "对{t}驻村工作队帮扶工作表示感谢",
     "我家因病返贫后，{t}驻村工作队多次上门帮助我们申请医疗救助，联系企业安排我儿子就业，还帮助我们发展了养殖项目，日子一天天好起来，特写信表示衷心感谢。"},
    {"1803", C, "咨询城乡居民医疗保险缴费有关政策",
     "我家有老人在外地随子女生活，想了解城乡居民医疗保险能否在外地参保缴费、在哪里报销，以及断缴后重新参保有没有等待期，到村里询问没有得到明确答复。"},
};
// clang-format on

constexpr std::string_view kComplaintEndings[] = {
    "恳请有关部门依法调查处理，尽快解决我们的实际困难。", "请求上级有关部门督促落实，维护我们的合法权益。",
    "特此反映，盼早日给予答复。", "希望政府部门依法依规处理，给群众一个明确的答复。"};
constexpr std::string_view kAccusationEndings[] = {"以上情况属实，请求纪检监察机关调查核实，依纪依法严肃处理。",
                                                   "请求组织调查核实，还群众一个公道。",
                                                   "举报人愿意配合调查，恳请对举报人信息予以保密。"};
constexpr std::string_view kSuggestionEndings[] = {"以上建议供领导决策参考。", "希望有关部门研究采纳。",
                                                   "以上意见不一定成熟，仅供参考。"};
constexpr std::string_view kHistory[] = {"此前我曾多次向{t}和有关部门反映，均未得到实质性解决。",
                                         "{ym}我曾到县里反映过，当时答复会尽快处理，但至今没有下文。",
                                         "为此事我们已多次找相关负责人协商，对方一直推脱。",
                                         "事情发生后我们一直积极与相关方面沟通，希望通过协商解决，但没有结果。"};

// ================================================================ small helpers

class Rng {
  public:
    explicit Rng(uint32_t seed) : gen_(seed) {}
    int Uniform(int lo, int hi) {  // inclusive; deterministic across standard libraries
        return lo + static_cast<int>(gen_() % static_cast<uint32_t>(hi - lo + 1));
    }
    bool Chance(double p) { return static_cast<double>(gen_() % 1000000u) < p * 1000000.0; }
    template <class C>
    const auto& Pick(const C& c) {
        return c[static_cast<size_t>(Uniform(0, static_cast<int>(std::size(c)) - 1))];
    }
    // Index by weights.
    size_t Weighted(const std::vector<int>& w) {
        int total = 0;
        for (int x : w) total += x;
        int r = Uniform(0, total - 1);
        for (size_t i = 0; i < w.size(); ++i) {
            if (r < w[i]) return i;
            r -= w[i];
        }
        return w.size() - 1;
    }

  private:
    std::mt19937 gen_;
};

std::string Replace(std::string_view tmpl, const std::map<std::string, std::string>& vars) {
    std::string out;
    out.reserve(tmpl.size() + 64);
    for (size_t i = 0; i < tmpl.size();) {
        if (tmpl[i] == '{') {
            size_t end = tmpl.find('}', i);
            if (end != std::string_view::npos) {
                auto it = vars.find(std::string(tmpl.substr(i + 1, end - i - 1)));
                if (it != vars.end()) {
                    out += it->second;
                    i = end + 1;
                    continue;
                }
            }
        }
        out += tmpl[i++];
    }
    return out;
}

// GB 11643-1999: 17 digits + check character.
std::string WithCheckDigit(const std::string& first17) {
    static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (first17[static_cast<size_t>(i)] - '0') * kWeights[i];
    return first17 + "10X98765432"[sum % 11];
}

const Township* TownshipOf(std::string_view region) {
    for (const auto& t : kTownships)
        if (t.region == region) return &t;
    return nullptr;
}
// County-level cases are about the county seat, i.e. 城关街道.
const Township& PlaceOf(std::string_view region) {
    const Township* t = TownshipOf(region);
    return t ? *t : kTownships[2];
}

std::string_view FirstLevel(std::string_view code) { return code.substr(0, 2); }

std::string LegalBasis(std::string_view code) {
    static const std::map<std::string_view, std::string_view> kLaws = {
        {"01", "《中华人民共和国农村土地承包法》《中华人民共和国村民委员会组织法》"},
        {"02", "《中华人民共和国土地管理法》《中华人民共和国土地管理法实施条例》"},
        {"03", "《国有土地上房屋征收与补偿条例》《物业管理条例》"},
        {"04", "《中华人民共和国劳动合同法》《保障农民工工资支付条例》《中华人民共和国社会保险法》"},
        {"05", "《医疗纠纷预防和处理条例》《中华人民共和国基本医疗卫生与健康促进法》"},
        {"06", "《中华人民共和国义务教育法》《中华人民共和国教育法》"},
        {"07", "《社会救助暂行办法》《军人抚恤优待条例》"},
        {"08", "《中华人民共和国民事诉讼法》《中华人民共和国治安管理处罚法》"},
        {"09", "《中华人民共和国消费者权益保护法》《防范和处置非法集资条例》"},
        {"10", "《中华人民共和国公路法》《中华人民共和国道路运输条例》"},
        {"11", "《中华人民共和国消费者权益保护法》《中华人民共和国旅游法》"},
        {"12", "《中华人民共和国电信条例》"},
        {"13", "《中华人民共和国环境保护法》《中华人民共和国水污染防治法》"},
        {"14", "《中华人民共和国政府信息公开条例》《优化营商环境条例》"},
        {"15", "《事业单位人事管理条例》《退役军人安置条例》"},
        {"16", "《中华人民共和国监察法》《中国共产党纪律处分条例》"},
        {"17", "《中华人民共和国退役军人保障法》"},
    };
    auto it = kLaws.find(FirstLevel(code));
    std::string law = it != kLaws.end() ? std::string(it->second) : std::string();
    return law + (law.empty() ? "" : "，") + "《信访工作条例》第三十二条";
}

std::string LegalRoute(std::string_view code) {
    std::string_view top = FirstLevel(code);
    if (top == "04") return "向青山县劳动人事争议仲裁委员会申请劳动仲裁，对仲裁裁决不服的可依法向人民法院提起诉讼";
    if (top == "08") return "依法向人民法院提起诉讼、申请再审或者向人民检察院申请法律监督";
    if (top == "02" || top == "03") return "依法申请行政复议或者提起行政诉讼";
    if (code == "0501") return "申请医疗纠纷人民调解或者依法向人民法院提起诉讼";
    return "依法向有权处理的行政机关申请行政复议或者通过诉讼途径解决";
}

// The county department that would handle a category; empty if the county office handles it itself.
std::string ProperDept(std::string_view code, std::string_view region) {
    std::string_view top = FirstLevel(code);
    if (top == "04") return "qs-rsj";
    if (top == "02") return "qs-zrj";
    if (top == "03") return "qs-zjj";
    if (top == "05") return "qs-wjj";
    if (top == "06") return "qs-jyj";
    if (top == "01") return std::string(PlaceOf(region).org_code);
    return "";
}

// ================================================================ the plan of one case

enum class Fate {
    kFreshRegistered,         // registered in the last hours; not yet routed
    kStuckRegistered,         // registered weeks ago, never routed: overdue (and reminded)
    kReject,                  // 不予受理 with the legal route
    kRejectRepeat,            // 不再受理 (a repeat of a final case)
    kTransferPoliticalLegal,  // 转政法
    kTransferDiscipline,      // 转纪检监察
    kReplyOnSpot,             // 当场答复
    kDirect,                  // the county office accepts and handles it
    kDept,                    // forwarded/assigned to 县人社局, which accepts and handles it
    kDeptReject,              // forwarded to 县人社局, which does not accept it
    kReturned,                // forwarded to 县人社局, returned (退回), then routed again
    kStuckForwarded,          // forwarded to a department with no demo users: awaits acceptance
};
enum class Origin { kCounty, kPortal, kCity };
// How far a forced scenario must get; open goals stop there.
enum class Goal { kFull, kRouted, kAccepted, kReplied, kUnderReview, kHearing, kFinal };
enum class FollowUp { kNone, kAfterFinal, kDissatisfied, kProgress, kAfterReject };

struct Plan {
    Instant t0{};
    int seq = 0;
    bool forced = false;  // a scenario planned so that the demo shows every state and path; never replaced
    // Open-goal scenarios: every step up to the goal happens, squeezed in before `now` if need be.
    bool squeeze() const { return forced && goal != Goal::kFull; }
    bool keep = false;  // shows a channel/category no other plan may: never replaced by a follow-up
    Origin origin = Origin::kCounty;
    Fate fate = Fate::kDirect;
    Goal goal = Goal::kFull;
    Channel channel = Channel::kVisit;
    Purpose purpose = Purpose::kComplaint;
    std::string category, region;
    int persons = 1;
    bool anonymous = false;
    std::vector<PetitionerInput> petitioners;
    std::string accused_name, accused_org_code;
    bool litigation = false;
    // Follow-ups (重信重访).
    FollowUp follow = FollowUp::kNone;
    std::string repeat_of_number, earlier_title, earlier_content;
    Date earlier_date{};
};

// A case being walked.
struct Run {
    Plan* plan = nullptr;
    Instant t{};  // the time of the last step
    bool stopped = false;
    int64_t id = 0;
    Registered reg;
    std::string title, content;
    PetitionView view;  // after the last staff action
    std::optional<Rating> rating;
    bool finalized = false;
};

struct Holder {
    const Principal* handler = nullptr;
    const Principal* approver = nullptr;
};

const RequestMeta kMeta{"demo", ""};

// ================================================================ the loader

class Loader {
  public:
    Loader(Services& svc, FakeClock& clock, const HolidayCalendar& calendar, Instant now, uint32_t seed)
        : svc_(svc), clock_(clock), cal_(calendar), now_(now), rng_(seed) {}

    Status Setup(const CategoryTable& categories, DemoSummary& out);
    Status Walk(int petitions, DemoSummary& out);
    Status PickPortalSamples(DemoSummary& out);
    Status ReceptionDays();

  private:
    // ---- time
    Date WorkingOnOrAfter(Date d) const {
        for (int i = 0; i < 40 && !cal_.IsWorkingDay(d); ++i) d = AddDays(d, 1);
        return d;
    }
    Instant OfficeTime(Date d) {
        return ChinaMidnight(d) + std::chrono::minutes(rng_.Uniform(8 * 60 + 40, 17 * 60 + 10));
    }
    // An office-hours instant on a working day `min..max` days after `from` (and after `from`).
    Instant Later(Instant from, int min_days, int max_days) {
        Date d = WorkingOnOrAfter(AddDays(ChinaDate(from), rng_.Uniform(min_days, max_days)));
        Instant t = OfficeTime(d);
        if (t <= from) t = from + std::chrono::minutes(rng_.Uniform(10, 90));
        return t;
    }
    // Not after `due` (China date), if that is still after the last step.
    Instant NotAfter(Instant t, Date due, Instant last) {
        if (ChinaDate(t) <= due) return t;
        Instant at = ChinaMidnight(due) + std::chrono::minutes(rng_.Uniform(9 * 60, 16 * 60));
        return at > last ? at : t;
    }
    // Moves the clock to the next step; false (and the case stops) if that would pass `now`.
    bool Go(Run& r, Instant at) {
        if (r.stopped) return false;
        if (at > now_) {
            if (!r.plan->squeeze()) {
                r.stopped = true;
                return false;
            }
            at = r.t + (now_ - r.t) / 3;  // a forced scenario: squeeze the step in before now
        }
        if (at < r.t) at = r.t;
        r.t = at;
        clock_.Set(at);
        return true;
    }

    // ---- planning
    void PlanAll(int petitions);
    Plan RandomPlan(int index);
    Plan ForcedPlan(Goal goal, Fate fate, Origin origin, int min_days, int max_days);
    void ChooseTopic(Plan& p, std::optional<std::string> code, std::optional<Purpose> purpose);
    void FillPeople(Plan& p);
    PetitionerInput Person(std::string_view region, bool representative);
    std::string AccusedPerson(Plan& p);
    Instant RegistrationTime(Channel c, Instant base);
    Fate ChooseFate(const Plan& p);
    void Spawn(const Run& r, FollowUp kind, Instant after, int min_days, int max_days);

    // ---- text
    std::map<std::string, std::string> Vars(const Plan& p);
    void Compose(Run& r);
    std::string Money(int lo_tenth, int hi_tenth) {  // "3.6万元"
        return fmt::format("{:.1f}万元", rng_.Uniform(lo_tenth, hi_tenth) / 10.0);
    }

    // ---- walking
    Status WalkCase(Plan& p);
    Status Register(Run& r);
    Status Handle(Run& r, const Holder& h);
    Status AfterReply(Run& r, const Holder& h, bool allow_review);
    Status Review(Run& r);
    Status ReReview(Run& r, int64_t rereview_id);
    Status Rate(Run& r, double probability, bool unhappy = false);
    Status Act(Run& r, const Principal& who, Action a, const ActionInput& in, int64_t id = 0);
    Status Portal(Run& r, Action a, const ActionInput& in);
    Result<int64_t> ChildOf(int64_t id);
    Error Context(const Error& e, const Run& r, std::string_view what);
    ActionInput ReplyInput(const Run& r, Outcome outcome, std::string_view kind);
    const Org& OrgByCode(const std::string& code) const { return orgs_.at(code); }
    bool MayRouteTo(const Plan& p, const std::string& code) const;
    const Holder* HolderOf(int64_t org_id) const {
        auto it = holders_.find(org_id);
        return it == holders_.end() ? nullptr : &it->second;
    }

    Services& svc_;
    FakeClock& clock_;
    const HolidayCalendar& cal_;
    Instant now_;
    Rng rng_;

    std::map<std::string, Org> orgs_;  // by code
    std::map<int64_t, Org> orgs_by_id_;
    std::map<std::string, Principal> who_;  // by login
    std::map<int64_t, Holder> holders_;     // org id → who handles cases there
    std::vector<std::string> codes_;        // second-level categories
    std::map<std::string, std::string> category_names_;

    std::multimap<std::pair<Instant, int>, Plan> pending_;
    int next_seq_ = 0;
    int originals_ = 0;
    std::vector<Registered> registered_;  // every original case, in registration order (portal samples)
    int reviews_ = 0;
};

Status Loader::Setup(const CategoryTable& categories, DemoSummary& out) {
    XF_TRY(svc_.ImportCategories(categories));
    for (const auto& c : categories.All()) {
        category_names_[c.code] = c.name;
        if (!c.parent.empty()) codes_.push_back(c.code);
    }
    if (codes_.empty()) return Fail(Error::FailedPrecondition("内容分类表为空，无法生成演示数据"));

    XF_ASSIGN_OR_RETURN(out.orgs, svc_.ImportOrgs(DemoOrgRows()));
    // The fictional regions behind the demo's region codes, for the 问题属地 picker.
    XF_TRY(svc_.ImportRegions({{"990000", "", "云岭省"},
                               {"991000", "990000", "安平市"},
                               {"991021", "991000", "青山县"},
                               {"991021001", "991021", "青山镇"},
                               {"991021002", "991021", "白水乡"},
                               {"991021003", "991021", "城关街道"},
                               {"991022", "991000", "河西区"}}));
    std::map<std::string, std::string> org_names;
    for (const auto& r : DemoOrgRows()) org_names[r.code] = r.name;
    std::map<std::string, User> users;
    for (const auto& spec : DemoUserSpecs()) {
        auto u = svc_.AddUser(std::string(spec.login), std::string(spec.display_name), std::string(spec.org_code),
                              spec.roles, spec.scope, std::string(kDemoPassword));
        if (!u) {
            Error e = u.error();
            if (e.code == ErrorCode::kAlreadyExists)
                e.message = fmt::format("登录名 {} 已存在：演示数据只能载入新的空白数据库", spec.login);
            return Fail(e);
        }
        users[std::string(spec.login)] = *u;
        out.users_created.push_back({std::string(spec.login), std::string(kDemoPassword), RolesLabel(spec.roles),
                                     org_names[std::string(spec.org_code)]});
    }
    out.users = static_cast<int>(users.size());

    XF_ASSIGN_OR_RETURN(auto all, svc_.ListOrgs(Principal{users.at("admin"), Org{}}));
    for (const auto& o : all) {
        orgs_[o.code] = o;
        orgs_by_id_[o.id] = o;
    }
    for (const auto& r : DemoOrgRows())
        if (!orgs_.contains(r.code)) return Fail(Error::Internal("演示单位未写入：" + r.code));
    for (const auto& spec : DemoUserSpecs()) {
        const User& u = users.at(std::string(spec.login));
        who_[std::string(spec.login)] = Principal{u, orgs_by_id_.at(u.org_id)};
    }
    holders_[OrgByCode("qs-xfj").id] = {&who_.at("handler"), &who_.at("approver")};
    holders_[OrgByCode("qs-rsj").id] = {&who_.at("dept_handler"), &who_.at("dept_approver")};
    holders_[OrgByCode("ap-xfj").id] = {&who_.at("city_handler"), &who_.at("city_handler")};
    holders_[OrgByCode("yl-xfj").id] = {&who_.at("province_handler"), &who_.at("province_handler")};
    return Ok();
}

// ---------------------------------------------------------------- planning

PetitionerInput Loader::Person(std::string_view region, bool representative) {
    PetitionerInput p;
    bool male = rng_.Chance(0.58);
    p.name = std::string(rng_.Pick(kSurnames));
    int given = rng_.Chance(0.8) ? 2 : 1;
    for (int i = 0; i < given; ++i) p.name += male ? rng_.Pick(kMaleGiven) : rng_.Pick(kFemaleGiven);
    int year = rng_.Uniform(1948, 2004), month = rng_.Uniform(1, 12), day = rng_.Uniform(1, 28);
    int order = rng_.Uniform(0, 99) * 10 + (male ? rng_.Uniform(0, 4) * 2 + 1 : rng_.Uniform(0, 4) * 2);
    std::string prefix(region.substr(0, 6));
    p.id_number = WithCheckDigit(fmt::format("{}{:04d}{:02d}{:02d}{:03d}", prefix, year, month, day, order));
    static constexpr std::string_view kMobile[] = {"13", "15", "18"};
    p.phone = fmt::format("{}{}{:04d}{:04d}", rng_.Pick(kMobile), rng_.Uniform(0, 9), rng_.Uniform(0, 9999),
                          rng_.Uniform(0, 9999));
    const Township& t = PlaceOf(region);
    std::string_view village = rng_.Pick(t.villages);
    if (village.ends_with("社区"))
        p.address = fmt::format("青山县{}{}{}号{}{}栋{}单元", t.name, rng_.Pick(kRoads), rng_.Uniform(1, 188),
                                rng_.Pick(kCompounds), rng_.Uniform(1, 12), rng_.Uniform(1, 4));
    else
        p.address = fmt::format("青山县{}{}{}组{}号", t.name, village, rng_.Uniform(1, 9), rng_.Uniform(1, 60));
    p.representative = representative;
    return p;
}

// Staff register in office hours on working days, whatever the channel (the portal is timed apart).
Instant Loader::RegistrationTime(Channel, Instant base) { return OfficeTime(WorkingOnOrAfter(ChinaDate(base))); }

std::string Loader::AccusedPerson(Plan& p) {
    std::string surname(rng_.Pick(kSurnames));
    const Township& t = PlaceOf(p.region);
    const std::string& code = p.category;
    bool named_org = rng_.Chance(0.6);
    if (code == "0102" || code == "0103" || code == "0104" || code == "0701") {
        static constexpr std::string_view kPosts[] = {"党支部书记", "村委会主任", "村委会会计", "村监委会主任"};
        if (named_org) p.accused_org_code = std::string(t.org_code);
        return fmt::format("{}{}{}{}某", t.name, rng_.Pick(t.villages), rng_.Pick(kPosts), surname);
    }
    if (code == "1402" || code == "1602" || code == "1604" || code == "1501") {
        static constexpr std::string_view kPosts[] = {"副镇长", "党委委员", "财政所所长", "便民服务中心主任",
                                                      "村镇建设服务中心主任"};
        if (named_org) p.accused_org_code = std::string(t.org_code);
        return fmt::format("{}{}{}某", t.name, rng_.Pick(kPosts), surname);
    }
    if (code == "0204" || code == "1603") {
        if (named_org) p.accused_org_code = "qs-zrj";
        return fmt::format("青山县自然资源局执法大队{}某某", surname);
    }
    if (code == "1601") {
        if (rng_.Chance(0.5)) {
            if (named_org) p.accused_org_code = "qs-zjj";
            return fmt::format("青山县住房和城乡建设局原副局长{}某", surname);
        }
        if (named_org) p.accused_org_code = "qs-jyj";
        return fmt::format("青山县教育局基建股股长{}某", surname);
    }
    if (code == "0804") {
        if (named_org) p.accused_org_code = "ap-gaj";
        return fmt::format("{}派出所民警{}某", t.name, surname);
    }
    return fmt::format("{}某某", surname);
}

void Loader::ChooseTopic(Plan& p, std::optional<std::string> code, std::optional<Purpose> purpose) {
    if (!purpose) {
        int r = rng_.Uniform(0, 99);
        purpose = r < 75 ? Purpose::kComplaint : r < 87 ? Purpose::kSuggestion : Purpose::kAccusation;
    }
    if (!code) {
        // Weighted over the codes that have a topic of this purpose (complaints: every code, known or not).
        std::vector<std::string> pool;
        std::vector<int> weights;
        for (const auto& c : codes_) {
            bool has = false, any = false;
            for (const auto& t : kTopics) {
                if (t.code != c) continue;
                any = true;
                has = has || t.purpose == *purpose;
            }
            if (!has && !(*purpose == Purpose::kComplaint && !any)) continue;
            std::string_view top = FirstLevel(c);
            int w = top == "04" ? 7 : (top == "03" || top == "02") ? 5 : top == "01" ? 2 : 1;
            if (*purpose == Purpose::kAccusation && top == "16") w = 4;
            pool.push_back(c);
            weights.push_back(w);
        }
        if (pool.empty()) {
            purpose = Purpose::kComplaint;
            pool = codes_;
            weights.assign(codes_.size(), 1);
        }
        code = pool[rng_.Weighted(weights)];
    } else {
        // A fixed code: keep the purpose if the code has such a topic, else take the code's first topic's.
        bool has = false;
        std::optional<Purpose> first;
        for (const auto& t : kTopics) {
            if (t.code != *code) continue;
            if (!first) first = t.purpose;
            has = has || t.purpose == *purpose;
        }
        if (!has) purpose = first.value_or(Purpose::kComplaint);
    }
    p.category = *code;
    p.purpose = *purpose;
}

void Loader::FillPeople(Plan& p) {
    // 问题属地: mostly a township, sometimes the county as a whole.
    p.region = rng_.Chance(0.2) ? std::string(kCountyRegion) : std::string(rng_.Pick(kTownships).region);
    if (p.purpose == Purpose::kAccusation) {
        p.accused_name = AccusedPerson(p);
        p.anonymous = p.channel != Channel::kVisit && rng_.Chance(0.45);
    } else {
        p.anonymous = (p.channel == Channel::kLetter || p.channel == Channel::kOnline) && rng_.Chance(0.03);
    }
    if (p.anonymous) return;
    if (p.channel == Channel::kVisit && p.purpose == Purpose::kComplaint && rng_.Chance(0.08)) {
        p.persons = rng_.Uniform(5, 60);  // 集体访 (Art. 20): at most 5 representatives
        int reps = std::min(p.persons, rng_.Uniform(1, 5));
        for (int i = 0; i < reps; ++i) p.petitioners.push_back(Person(p.region, true));
        return;
    }
    if (p.channel == Channel::kLetter && p.purpose == Purpose::kComplaint && rng_.Chance(0.06)) {
        p.persons = rng_.Uniform(2, 4);  // a jointly signed letter
        for (int i = 0; i < p.persons; ++i) p.petitioners.push_back(Person(p.region, false));
        return;
    }
    p.petitioners.push_back(Person(p.region, false));
}

Fate Loader::ChooseFate(const Plan& p) {
    int age_days = static_cast<int>(std::chrono::floor<std::chrono::days>(now_ - p.t0).count());
    std::string_view top = FirstLevel(p.category);
    bool on_spot_channel = p.channel == Channel::kVisit || p.channel == Channel::kPhone;
    int r = rng_.Uniform(0, 99);
    if (p.purpose == Purpose::kAccusation) {
        if (top == "16" || p.category == "1402" || p.category == "0804" || p.category == "1501")
            return r < 80 ? Fate::kTransferDiscipline : Fate::kDirect;
        if (r < 40) return Fate::kTransferDiscipline;
        return top == "04" ? Fate::kDept : Fate::kDirect;
    }
    if (p.purpose == Purpose::kSuggestion) return on_spot_channel && r < 35 ? Fate::kReplyOnSpot : Fate::kDirect;
    if (top == "08") {
        if (p.category == "0801")
            return r < 60 ? Fate::kReject : r < 85 ? Fate::kTransferPoliticalLegal : Fate::kDirect;
        return r < 50 ? Fate::kTransferPoliticalLegal : r < 65 ? Fate::kReject : Fate::kDirect;
    }
    if (on_spot_channel && r < 10) return Fate::kReplyOnSpot;
    if (r < 16) return Fate::kReject;
    if (top == "04") {
        if (r < 76) return Fate::kDept;
        if (r < 82) return Fate::kDeptReject;
        return Fate::kDirect;
    }
    if (!ProperDept(p.category, p.region).empty()) {
        if (age_days < 45 && r < 55) return Fate::kStuckForwarded;
        if (r < 26 && top != "01") return Fate::kReturned;
    }
    return Fate::kDirect;
}

Plan Loader::RandomPlan(int index) {
    Plan p;
    p.seq = next_seq_++;
    p.keep = index < std::max(8, static_cast<int>(codes_.size()));
    static const std::vector<int> kChannelWeights = {20, 35, 25, 10, 2, 3, 2, 3};  // enum order
    // The first few plans visit every channel, purpose and category so that even a small demo shows them all.
    if (index < 8)
        p.channel = static_cast<Channel>(index);
    else
        p.channel = static_cast<Channel>(rng_.Weighted(kChannelWeights));
    std::optional<std::string> code;
    std::optional<Purpose> purpose;
    if (index < static_cast<int>(codes_.size())) code = codes_[static_cast<size_t>(index)];
    if (index < 3) purpose = static_cast<Purpose>(index);
    ChooseTopic(p, code, purpose);
    // Accusations and suggestions rarely come by visit; keep visits mostly complaints.
    if (p.purpose == Purpose::kAccusation && p.channel == Channel::kVisit && index >= 8 && rng_.Chance(0.6))
        p.channel = Channel::kLetter;

    // When: uniform over the two years before now; 欠薪 peaks before the Spring Festival.
    int back = rng_.Uniform(0, 729);
    if (p.category == "0402" && rng_.Chance(0.4)) {
        int year = static_cast<int>(ChinaDate(now_).year()) - rng_.Uniform(0, 1);
        Date peak =
            AddDays(Date{std::chrono::year(year), std::chrono::January, std::chrono::day(20)}, -rng_.Uniform(0, 60));
        int days = DaysBetween(peak, ChinaDate(now_));
        if (days >= 0 && days < 730) back = days;
    }
    p.t0 = RegistrationTime(p.channel, ChinaMidnight(AddDays(ChinaDate(now_), -back)));
    if (p.t0 > now_) p.t0 = now_ - std::chrono::minutes(rng_.Uniform(5, 600));
    if (p.purpose == Purpose::kComplaint && p.category == "0801") p.litigation = true;
    FillPeople(p);
    p.fate = ChooseFate(p);
    if (p.channel == Channel::kOnline && !p.anonymous && p.purpose != Purpose::kAccusation && rng_.Chance(0.5)) {
        p.origin = Origin::kPortal;  // submitted on the portal, at any hour: lands at the province office
        Instant at = ChinaMidnight(ChinaDate(p.t0)) + std::chrono::minutes(rng_.Uniform(7 * 60, 23 * 60 + 50));
        if (at < now_) p.t0 = at;
    } else if (p.channel == Channel::kVisit && p.purpose == Purpose::kComplaint && p.fate == Fate::kDirect &&
               rng_.Chance(0.12))
        p.origin = Origin::kCity;  // 越级走访 to the city office
    return p;
}

Plan Loader::ForcedPlan(Goal goal, Fate fate, Origin origin, int min_days, int max_days) {
    Plan p;
    p.seq = next_seq_++;
    p.forced = true;
    p.goal = goal;
    p.origin = origin;
    p.channel = origin == Origin::kPortal ? Channel::kOnline : rng_.Chance(0.5) ? Channel::kVisit : Channel::kLetter;
    std::optional<std::string> code;
    std::optional<Purpose> purpose = Purpose::kComplaint;
    switch (fate) {
        case Fate::kTransferDiscipline:
            code = "1601";
            purpose = Purpose::kAccusation;
            break;
        case Fate::kTransferPoliticalLegal:
            code = rng_.Chance(0.5) ? "0802" : "0803";
            break;
        case Fate::kReject:
            code = "0801";
            break;
        case Fate::kDept:
        case Fate::kDeptReject:
        case Fate::kReturned:
            code = rng_.Chance(0.5) ? "0402" : "0401";
            break;
        case Fate::kStuckForwarded:
            code = rng_.Chance(0.5) ? "0305" : "0603";
            break;
        case Fate::kReplyOnSpot:
            p.channel = Channel::kVisit;
            code = "1803";
            break;
        default:
            break;
    }
    if (fate == Fate::kReturned) code = "0305";  // 物业 sent to 人社 by mistake
    if (code && std::find(codes_.begin(), codes_.end(), *code) == codes_.end()) code.reset();
    ChooseTopic(p, code, purpose);
    int minutes = rng_.Uniform(min_days * 24 * 60, max_days * 24 * 60);
    Instant base = now_ - std::chrono::minutes(minutes);
    p.t0 = max_days >= 2 ? RegistrationTime(p.channel, base) : base;
    if (p.t0 > now_) p.t0 = now_ - std::chrono::minutes(rng_.Uniform(5, 600));
    if (p.category == "0801") p.litigation = true;
    FillPeople(p);
    if (goal != Goal::kFull && p.anonymous) {  // reviews need a petitioner who can ask for them
        p.anonymous = false;
        p.petitioners.push_back(Person(p.region, false));
    }
    p.fate = fate;
    return p;
}

void Loader::PlanAll(int petitions) {
    // Forced scenarios first (so every state and path shows even in a small demo), then random plans.
    struct Scenario {
        Goal goal;
        Fate fate;
        Origin origin;
        int min_days, max_days;
    };
    const std::vector<Scenario> scenarios = {
        {Goal::kFull, Fate::kFreshRegistered, Origin::kCounty, 0, 1},
        {Goal::kFull, Fate::kStuckRegistered, Origin::kCounty, 18, 60},
        {Goal::kRouted, Fate::kStuckForwarded, Origin::kCounty, 3, 25},
        {Goal::kAccepted, Fate::kDept, Origin::kCounty, 10, 40},
        {Goal::kAccepted, Fate::kDirect, Origin::kCounty, 10, 40},
        {Goal::kReplied, Fate::kDept, Origin::kCounty, 12, 22},
        {Goal::kUnderReview, Fate::kDirect, Origin::kCounty, 60, 90},
        {Goal::kHearing, Fate::kDirect, Origin::kCounty, 110, 140},
        {Goal::kFinal, Fate::kDirect, Origin::kCounty, 250, 600},
        {Goal::kFinal, Fate::kDept, Origin::kCounty, 250, 600},
        {Goal::kFull, Fate::kReject, Origin::kCounty, 30, 500},
        {Goal::kFull, Fate::kTransferPoliticalLegal, Origin::kCounty, 30, 500},
        {Goal::kFull, Fate::kTransferDiscipline, Origin::kCounty, 30, 500},
        {Goal::kFull, Fate::kReplyOnSpot, Origin::kCounty, 30, 500},
        {Goal::kFull, Fate::kDeptReject, Origin::kCounty, 30, 500},
        {Goal::kFull, Fate::kReturned, Origin::kCounty, 90, 500},
        {Goal::kFull, Fate::kDirect, Origin::kPortal, 90, 500},
        {Goal::kFull, Fate::kDirect, Origin::kCity, 90, 500},
    };
    int rounds = std::max(1, petitions / 250);
    int forced = 0;
    for (int round = 0; round < rounds; ++round)
        for (const auto& s : scenarios) {
            if (forced >= petitions) break;
            Plan p = ForcedPlan(s.goal, s.fate, s.origin, s.min_days, s.max_days);
            pending_.emplace(std::make_pair(p.t0, p.seq), std::move(p));
            ++forced;
        }
    for (int i = 0; forced + i < petitions; ++i) {
        Plan p = RandomPlan(i);
        pending_.emplace(std::make_pair(p.t0, p.seq), std::move(p));
    }
}

// A repeat petition (重信重访) by the same petitioners, some days after `after`, if that is before now. It takes
// the place of a random plan still pending, so the total stays as asked.
void Loader::Spawn(const Run& r, FollowUp kind, Instant after, int min_days, int max_days) {
    const Plan& e = *r.plan;
    if (e.anonymous || e.petitioners.empty()) return;
    Instant t0 = Later(after, min_days, max_days);
    if (t0 >= now_) return;
    std::vector<std::multimap<std::pair<Instant, int>, Plan>::iterator> candidates;
    for (auto it = pending_.begin(); it != pending_.end(); ++it)
        if (!it->second.forced && !it->second.keep && it->first.first > t0) candidates.push_back(it);
    if (candidates.empty()) return;
    pending_.erase(candidates[static_cast<size_t>(rng_.Uniform(0, static_cast<int>(candidates.size()) - 1))]);

    Plan p;
    p.seq = next_seq_++;
    p.t0 = t0;
    p.follow = kind;
    p.channel = rng_.Chance(0.7) ? Channel::kVisit : Channel::kLetter;
    p.purpose = Purpose::kComplaint;
    p.category = e.category;
    p.region = e.region;
    p.persons = e.persons;
    p.petitioners = e.petitioners;
    if (p.channel != Channel::kVisit)
        for (auto& x : p.petitioners) x.representative = false;
    p.litigation = e.litigation;
    p.repeat_of_number = r.reg.number;
    p.earlier_title = r.title;
    p.earlier_content = r.content;
    p.earlier_date = ChinaDate(e.t0);
    switch (kind) {
        case FollowUp::kAfterFinal:
            p.fate = Fate::kRejectRepeat;
            break;
        case FollowUp::kAfterReject:
            p.fate = Fate::kReject;
            break;
        case FollowUp::kProgress:
            p.channel = Channel::kVisit;
            p.fate = Fate::kReplyOnSpot;
            break;
        default:
            p.fate = FirstLevel(p.category) == "04" ? Fate::kDept : Fate::kDirect;
            break;
    }
    if (p.channel == Channel::kVisit && p.persons > 1 && p.petitioners.size() <= 5)
        for (auto& x : p.petitioners) x.representative = true;
    pending_.emplace(std::make_pair(p.t0, p.seq), std::move(p));
}

// ---------------------------------------------------------------- text

std::map<std::string, std::string> Loader::Vars(const Plan& p) {
    const Township& t = PlaceOf(p.region);
    std::map<std::string, std::string> v;
    v["t"] = std::string(t.name);
    v["v"] = fmt::format("{}{}", t.name, rng_.Pick(t.villages));
    v["x"] = fmt::format("{}{}", t.name == "城关街道" ? "县城" : t.name, rng_.Pick(kCompounds)) + "小区";
    v["road"] = std::string(rng_.Pick(kRoads));
    std::string place = rng_.Chance(0.6) ? "青山县" : "安平市";
    v["co"] = fmt::format("{}{}{}", place, rng_.Pick(kCompanyWords),
                          rng_.Pick(std::array<std::string_view, 5>{"农业开发有限公司", "商贸有限公司", "食品有限公司",
                                                                    "实业有限公司", "矿业有限公司"}));
    v["cb"] = fmt::format("{}{}建筑工程有限公司", place, rng_.Pick(kCompanyWords));
    v["ce"] = fmt::format("{}{}房地产开发有限公司", place, rng_.Pick(kCompanyWords));
    v["cp"] = fmt::format("{}{}物业服务有限公司", place, rng_.Pick(kCompanyWords));
    v["fac"] = std::string(rng_.Pick(kFactories));
    v["amt"] = Money(12, 865);
    v["fee"] = std::to_string(rng_.Uniform(18, 260) * 10);
    v["n"] = std::to_string(p.persons >= 5 ? p.persons : rng_.Uniform(3, 36));
    v["m"] = std::to_string(rng_.Uniform(2, 12));
    v["age"] = std::to_string(rng_.Uniform(61, 88));
    Date ym = AddDays(ChinaDate(p.t0), -rng_.Uniform(20, 540));
    v["ym"] = fmt::format("{}年{}月", static_cast<int>(ym.year()), static_cast<unsigned>(ym.month()));
    v["sch"] = std::string(rng_.Pick(kSchools));
    v["hos"] = std::string(rng_.Pick(kHospitals));
    v["shop"] = std::string(rng_.Pick(kShops));
    v["off"] = p.accused_name.empty() ? "有关人员" : p.accused_name;
    return v;
}

void Loader::Compose(Run& r) {
    const Plan& p = *r.plan;
    auto vars = Vars(p);
    if (p.follow != FollowUp::kNone) {
        std::string_view base = r.plan->earlier_title;
        if (base.starts_with("反映")) base.remove_prefix(std::string_view("反映").size());
        r.title = fmt::format("再次反映{}", base);
        std::string why;
        switch (p.follow) {
            case FollowUp::kAfterFinal:
                why = "该事项已经复核终结，但我认为问题并未得到解决，现以同样的事实和理由再次提出，请求重新处理。";
                break;
            case FollowUp::kProgress:
                why = "该事项至今仍在办理中，现前来询问办理进度，请求尽快给予答复。";
                break;
            case FollowUp::kAfterReject:
                why = "有关部门不予受理，我对此仍有异议，请求重新研究。";
                break;
            default:
                why = "我对处理结果不满意，问题至今没有得到实际解决，再次请求依法处理。";
                break;
        }
        r.content = fmt::format("本人于{}年{}月{}日反映的“{}”问题（信访件编号{}），{}原反映内容摘要如下：{}",
                                static_cast<int>(p.earlier_date.year()), static_cast<unsigned>(p.earlier_date.month()),
                                static_cast<unsigned>(p.earlier_date.day()), p.earlier_title, p.repeat_of_number, why,
                                Utf8Prefix(p.earlier_content, 180));
        if (Utf8Length(r.content) > 400) r.content = Utf8Prefix(r.content, 399) + "…";
        return;
    }
    std::vector<const Topic*> topics;
    for (const auto& t : kTopics)
        if (t.code == p.category && t.purpose == p.purpose) topics.push_back(&t);
    std::string title, body;
    if (topics.empty()) {  // a category the demo has no words for (an office's own table)
        auto it = category_names_.find(p.category);
        std::string name = it != category_names_.end() ? it->second : p.category;
        title = fmt::format("反映{}方面的问题", name);
        body = fmt::format(
            "{}以来，本人在{}遇到{}方面的问题，多次向有关单位反映，至今没有得到解决，给生产生活造成了较大影响。",
            vars["ym"], vars["t"], name);
    } else {
        const Topic& t = *topics[static_cast<size_t>(rng_.Uniform(0, static_cast<int>(topics.size()) - 1))];
        title = Replace(t.title, vars);
        body = Replace(t.body, vars);
    }
    std::string opening;
    if (!p.anonymous && p.purpose != Purpose::kAccusation) {
        if (p.persons >= 5 && !p.petitioners.empty())
            opening = fmt::format("我们是{}的{}名群众，推选{}等{}人为代表，现反映如下：", vars["v"], p.persons,
                                  p.petitioners.front().name, p.petitioners.size());
        else if (p.petitioners.size() > 1)
            opening = fmt::format("我们{}人联名反映如下：", p.petitioners.size());
        else if (rng_.Chance(0.6))
            opening = fmt::format("本人系{}居民，现反映如下：", vars["t"]);
    } else if (p.purpose == Purpose::kAccusation) {
        opening = p.anonymous ? "本人系知情群众，现匿名举报如下：" : "本人实名举报如下：";
    }
    std::string history;
    if (p.purpose == Purpose::kComplaint && rng_.Chance(0.5)) history = Replace(rng_.Pick(kHistory), vars);
    std::string_view ending = p.category == "1802"                ? std::string_view("特此致谢！")
                              : p.purpose == Purpose::kAccusation ? rng_.Pick(kAccusationEndings)
                              : p.purpose == Purpose::kSuggestion ? rng_.Pick(kSuggestionEndings)
                                                                  : rng_.Pick(kComplaintEndings);
    std::string content = opening + body + history + std::string(ending);
    if (Utf8Length(content) < 100) {
        std::string_view filler = p.purpose == Purpose::kComplaint ? kHistory[3]
                                  : p.purpose == Purpose::kAccusation ? "上述问题在当地群众中影响较大，大家敢怒不敢言。"
                                                                      : "这也是周边不少群众的共同心声。";
        content = opening + body + Replace(filler, vars) + std::string(ending);
    }
    if (Utf8Length(content) > 400) content = Utf8Prefix(content, 399) + "…";
    r.title = title;
    r.content = content;
}

// ---------------------------------------------------------------- walking

Error Loader::Context(const Error& e, const Run& r, std::string_view what) {
    Error out = e;
    out.message = fmt::format("演示数据生成失败（{} {}，{}）：{}", r.reg.number.empty() ? "新登记" : r.reg.number, what,
                              FormatInstant(r.t), e.message);
    return out;
}

Status Loader::Act(Run& r, const Principal& who, Action a, const ActionInput& in, int64_t id) {
    auto v = svc_.Act(who, id ? id : r.id, a, in, std::nullopt, kMeta);
    if (!v) return Fail(Context(v.error(), r, fmt::format("{} by {}", ActionName(a), who.user.login)));
    r.view = std::move(*v);
    return Ok();
}

Status Loader::Portal(Run& r, Action a, const ActionInput& in) {
    auto v = svc_.PortalAct(r.reg.query_code, r.reg.secret, a, in, kMeta);
    if (!v) return Fail(Context(v.error(), r, fmt::format("portal {}", ActionName(a))));
    return Ok();
}

Result<int64_t> Loader::ChildOf(int64_t id) {
    XF_ASSIGN_OR_RETURN(PetitionView v, svc_.Get(who_.at("admin"), id, kMeta));
    if (!v.petition.child_case_id) return Fail(Error::Internal(fmt::format("case {} has no review case", id)));
    return *v.petition.child_case_id;
}

std::optional<Date> RunningDue(const PetitionView& v, ClockKind k) {
    const CaseClock* c = v.petition.FindRunningClock(k);
    if (!c) return std::nullopt;
    return c->due;
}

bool Loader::MayRouteTo(const Plan& p, const std::string& code) const {
    if (p.purpose != Purpose::kAccusation || p.accused_org_code.empty()) return true;
    // Art. 30 ¶3: never to the accused unit or anything inside it.
    return !OrgByCode(p.accused_org_code).Contains(OrgByCode(code));
}

ActionInput Loader::ReplyInput(const Run& r, Outcome outcome, std::string_view kind) {
    ActionInput in;
    in.outcome = outcome;
    in.legal_basis = LegalBasis(r.plan->category);
    std::string subject = fmt::format("信访人反映的“{}”", r.title);
    if (kind == "review") {
        in.facts = fmt::format("经复查，原办理单位对{}的调查认定事实清楚、证据充分，处理程序合法。", subject);
        in.reasons = outcome == Outcome::kSupported
                         ? "原处理意见对信访人的部分合理诉求考虑不充分，予以变更，责成原办理单位重新处理并书面答复。"
                         : "原处理意见适用依据正确、处理恰当，予以维持。";
        return in;
    }
    if (kind == "rereview") {
        in.facts = fmt::format("经复核，原处理、复查意见对{}的认定事实清楚，适用依据正确。", subject);
        in.reasons = "复查意见并无不当，予以维持。本复核意见为终结意见，信访人以同一事实和理由提出的信访事项不再受理。";
        return in;
    }
    switch (outcome) {
        case Outcome::kSupported:
            in.facts = fmt::format("经调查核实，{}问题属实。", subject);
            in.reasons = fmt::format(
                "信访人的诉求符合法律法规和政策规定，予以支持。已责成相关责任方于{}日内落实到位，"
                "并将落实情况书面告知信访人。",
                rng_.Pick(std::array<int, 4>{10, 15, 20, 30}));
            break;
        case Outcome::kExplained:
            in.facts = fmt::format("经调查核实，{}问题部分属实，相关事项此前已按政策作出处理。", subject);
            in.reasons = "已向信访人详细解释有关政策规定和处理依据，信访人的其余诉求可按告知的途径依法主张。";
            break;
        case Outcome::kNotSupported:
            in.facts = fmt::format("经调查核实，{}问题与事实不符。", subject);
            in.reasons = "信访人的诉求缺乏法律和政策依据，不予支持，已向信访人说明理由。";
            break;
        case Outcome::kMediated:
            in.facts = fmt::format(
                "经组织双方调解，就{}问题自愿达成协议：对方于{}日内分两期支付{}，信访人不再就此事提出"
                "其他诉求。",
                subject, rng_.Pick(std::array<int, 3>{15, 30, 45}), Money(5, 320));
            in.reasons = "双方在自愿、平等的基础上达成和解，协议内容不违反法律法规。";
            break;
    }
    return in;
}

// The petitioner rates the latest reply through the portal; `unhappy`: they are about to ask for a review.
Status Loader::Rate(Run& r, double probability, bool unhappy) {
    if (r.plan->anonymous || !rng_.Chance(probability)) return Ok();
    if (!Go(r, Later(r.t, 1, 18))) return Ok();
    ActionInput in;
    int x = rng_.Uniform(0, 99);
    in.rating = x < 55 ? Rating::kSatisfied : x < 84 ? Rating::kBasicallySatisfied : Rating::kDissatisfied;
    if (unhappy || (r.view.petition.decision && r.view.petition.decision->outcome == Outcome::kNotSupported && x < 40))
        in.rating = Rating::kDissatisfied;
    static constexpr std::string_view kComments[] = {"", "办理及时，工作人员态度很好。",
                                                     "问题基本得到解决，希望后续继续跟进。"};
    in.comment = *in.rating == Rating::kDissatisfied ? (rng_.Chance(0.6) ? "处理结果没有解决实际问题。" : "")
                                                     : std::string(rng_.Pick(kComments));
    XF_TRY(Portal(r, Action::kRate, in));
    r.rating = in.rating;
    return Ok();
}

Status Loader::Register(Run& r) {
    Plan& p = *r.plan;
    Compose(r);
    RegisterCommand cmd;
    cmd.channel = std::string(ChannelName(p.channel));
    cmd.purpose = std::string(PurposeName(p.purpose));
    cmd.category_code = p.category;
    cmd.region_code = p.region;
    cmd.title = r.title;
    cmd.content = r.content;
    cmd.persons = p.persons;
    cmd.petitioners = p.petitioners;
    cmd.anonymous = p.anonymous;
    cmd.accused_name = p.accused_name;
    if (!p.accused_org_code.empty()) cmd.accused_org_code = p.accused_org_code;
    cmd.involves_litigation = p.litigation;
    if (!p.repeat_of_number.empty()) cmd.repeat_of_number = p.repeat_of_number;
    if (p.channel == Channel::kLetter && rng_.Chance(0.7)) {  // letters are registered a day or two after arrival
        Date arrived = AddDays(ChinaDate(r.t), -rng_.Uniform(1, 3));
        cmd.received_at = FormatInstant(ChinaMidnight(arrived) + std::chrono::hours(10));
    }
    Result<Registered> reg = Fail(Error::Internal("unreachable"));
    switch (p.origin) {
        case Origin::kCounty:
            reg = svc_.Register(rng_.Chance(0.8) ? who_.at("registrar") : who_.at("handler"), cmd, kMeta);
            break;
        case Origin::kPortal:
            reg = svc_.SubmitOnline(cmd, kMeta);
            break;
        case Origin::kCity:
            cmd.skipped_level = true;
            reg = svc_.Register(who_.at("city_handler"), cmd, kMeta);
            break;
    }
    if (!reg) return Fail(Context(reg.error(), r, "register"));
    r.reg = *reg;
    registered_.push_back(*reg);
    r.id = reg->id;
    ++originals_;
    return Ok();
}

Status Loader::WalkCase(Plan& p) {
    Run r;
    r.plan = &p;
    r.t = p.t0;
    clock_.Set(p.t0);
    XF_TRY(Register(r));
    const Principal& registrar = who_.at("registrar");
    const Principal& handler = who_.at("handler");
    const Principal& dept_handler = who_.at("dept_handler");
    const Holder& county = holders_.at(OrgByCode("qs-xfj").id);
    const Holder& dept = holders_.at(OrgByCode("qs-rsj").id);
    const Org& county_org = OrgByCode("qs-xfj");
    const Org& dept_org = OrgByCode("qs-rsj");

    // Cases that arrive from above (portal → province, 越级 → city) are assigned down to the county office.
    if (p.origin != Origin::kCounty) {
        const Principal& upper = p.origin == Origin::kPortal ? who_.at("province_handler") : who_.at("city_handler");
        if (!Go(r, Later(r.t, 0, 2))) return Ok();
        ActionInput in;
        in.target_org_id = county_org.id;
        in.feedback_due = AddDays(ChinaDate(r.t), 30);
        in.internal_note = "按照属地管理原则交办，请依法受理并按期反馈办理结果。";
        XF_TRY(Act(r, upper, Action::kAssign, in));
        if (!Go(r, Later(r.t, 1, 4))) return Ok();
        XF_TRY(Act(r, handler, Action::kAccept, {}));
        return Handle(r, county);
    }

    auto route_time = [&] {
        bool slow = !p.forced && rng_.Chance(0.04);  // routed after the 15 days of Art. 22
        return slow ? Later(r.t, 12, 20) : Later(r.t, 0, 4);
    };
    switch (p.fate) {
        case Fate::kFreshRegistered:
            return Ok();
        case Fate::kStuckRegistered: {
            if (!Go(r, Later(r.t, 16, 24))) return Ok();
            ActionInput in;
            in.reason = "该信访事项登记后超过15日仍未分流，请立即按规定转送、交办或受理。";
            return Act(r, who_.at("supervisor"), Action::kRemind, in);
        }
        case Fate::kReject:
        case Fate::kRejectRepeat: {
            if (!Go(r, Later(r.t, 0, 5))) return Ok();
            ActionInput in;
            if (p.fate == Fate::kRejectRepeat) {
                in.internal_note = "原信访事项已复核终结，信访人未提出新的事实和理由。";
                XF_TRY(Act(r, registrar, Action::kRejectRepeat, in));
                return Ok();
            }
            in.reason = p.follow == FollowUp::kAfterReject
                            ? "该事项此前已依法告知不予受理，信访人未提出新的事实和理由"
                            : "该事项属于应当通过诉讼、仲裁、行政复议等法定途径解决的事项";
            in.legal_route = LegalRoute(p.category);
            XF_TRY(Act(r, registrar, Action::kReject, in));
            if (rng_.Chance(0.06)) Spawn(r, FollowUp::kAfterReject, r.t, 30, 120);
            return Ok();
        }
        case Fate::kTransferPoliticalLegal:
        case Fate::kTransferDiscipline: {
            if (!Go(r, route_time())) return Ok();
            ActionInput in;
            bool pl = p.fate == Fate::kTransferPoliticalLegal;
            std::string target = pl ? "qs-zfw" : "qs-jw";
            if (!MayRouteTo(p, target)) target = pl ? "ap-gaj" : "ap-jw";
            in.target_org_id = OrgByCode(target).id;
            in.internal_note = pl ? "涉法涉诉事项，按规定导入政法机关依法处理。"
                                  : "涉及公职人员违纪违法问题，按规定移交纪检监察机关。";
            return Act(r, registrar, pl ? Action::kTransferPoliticalLegal : Action::kTransferDiscipline, in);
        }
        case Fate::kReplyOnSpot: {
            if (!Go(r, r.t + std::chrono::minutes(rng_.Uniform(15, 90)))) return Ok();
            ActionInput in;
            in.outcome = Outcome::kExplained;
            if (p.follow == FollowUp::kProgress) {
                in.facts = fmt::format("信访人询问编号{}信访事项的办理进度。", p.repeat_of_number);
                in.reasons = "经查询，该事项正在承办单位办理中，尚在法定办理期限内，已告知信访人耐心等待书面答复。";
            } else {
                in.facts = fmt::format("信访人来访反映“{}”。", r.title);
                in.reasons = "已当场向信访人解释相关政策规定和办理途径，信访人表示理解。";
            }
            in.legal_basis = "《信访工作条例》第二十二条";
            XF_TRY(Act(r, registrar, Action::kReplyOnSpot, in));
            return AfterReply(r, county, false);
        }
        case Fate::kDirect: {
            if (!Go(r, route_time())) return Ok();
            XF_TRY(Act(r, handler, Action::kAcceptDirectly, {}));
            return Handle(r, county);
        }
        case Fate::kDept:
        case Fate::kDeptReject:
        case Fate::kReturned: {
            if (!MayRouteTo(p, "qs-rsj")) {  // never to the accused unit: the county office keeps it
                if (!Go(r, route_time())) return Ok();
                XF_TRY(Act(r, handler, Action::kAcceptDirectly, {}));
                return Handle(r, county);
            }
            if (!Go(r, route_time())) return Ok();
            ActionInput fwd;
            fwd.target_org_id = dept_org.id;
            bool assign = p.fate == Fate::kDept && rng_.Chance(0.25);
            if (assign) fwd.feedback_due = AddDays(ChinaDate(r.t), rng_.Uniform(20, 30));
            XF_TRY(Act(r, registrar, assign ? Action::kAssign : Action::kForward, fwd));
            if (p.fate == Fate::kReturned) {
                if (!Go(r, Later(r.t, 1, 3))) return Ok();
                std::string proper = ProperDept(p.category, p.region);
                ActionInput ret;
                ret.reason = fmt::format("该事项属于{}职责范围，不属于本单位职责，依照条例第二十三条第三款予以退回",
                                         proper.empty() ? "其他单位" : OrgByCode(proper).name);
                XF_TRY(Act(r, dept_handler, Action::kReturn, ret));
                if (!Go(r, Later(r.t, 1, 3))) return Ok();
                bool recent = now_ - r.t < std::chrono::days(45);
                if (recent && !proper.empty() && proper != "qs-rsj" && MayRouteTo(p, proper)) {
                    ActionInput again;
                    again.target_org_id = OrgByCode(proper).id;
                    again.internal_note = "原转送单位退回，重新转送有权处理的单位。";
                    return Act(r, registrar, Action::kForward, again);
                }
                XF_TRY(Act(r, handler, Action::kAcceptDirectly, {}));
                return Handle(r, county);
            }
            if (!Go(r, Later(r.t, 1, 6))) return Ok();
            if (p.fate == Fate::kDeptReject) {
                ActionInput in;
                in.reason = "该事项属于劳动争议，依法应当通过劳动仲裁途径解决";
                in.legal_route = LegalRoute("04");
                return Act(r, dept_handler, Action::kReject, in);
            }
            XF_TRY(Act(r, dept_handler, Action::kAccept, {}));
            return Handle(r, dept);
        }
        case Fate::kStuckForwarded: {
            std::string target = ProperDept(p.category, p.region);
            if (target.empty() || target == "qs-rsj" || !MayRouteTo(p, target)) target = "qs-zjj";
            if (!MayRouteTo(p, target)) return Ok();
            if (!Go(r, Later(r.t, 0, 3))) return Ok();
            ActionInput in;
            in.target_org_id = OrgByCode(target).id;
            return Act(r, registrar, Action::kForward, in);
        }
    }
    return Ok();
}

// The holding org has accepted the case (r.t is the acceptance): supervise, extend, reply.
Status Loader::Handle(Run& r, const Holder& h) {
    const Plan& p = *r.plan;
    const Instant accepted = r.t;
    if (rng_.Chance(0.05)) {
        if (!Go(r, Later(r.t, 5, 25))) return Ok();
        ActionInput in;
        in.reason = rng_.Chance(0.5) ? "请抓紧办理，按期答复信访人" : "信访人多次来电询问办理进度，请加快办理";
        XF_TRY(Act(r, who_.at("supervisor"), Action::kRemind, in));
    }
    if (rng_.Chance(p.goal == Goal::kAccepted ? 0.5 : 0.06)) {
        if (!Go(r, Later(r.t, 5, 25))) return Ok();
        ActionInput in;
        in.feedback_due = AddDays(ChinaDate(r.t), rng_.Uniform(10, 15));
        static constexpr std::string_view kReasons[] = {"该事项群众反映强烈，请加快办理进度并按期反馈",
                                                        "该事项涉及人数较多，请提级办理，确保依法及时就地解决",
                                                        "请严格按期办结，并将办理结果报送市信访局"};
        in.reason = std::string(rng_.Pick(kReasons));
        XF_TRY(Act(r, who_.at("supervisor"), Action::kSupervise, in));
    }
    if (p.goal == Goal::kAccepted) return Ok();

    std::optional<Date> due = RunningDue(r.view, ClockKind::kHandling);
    bool extended = false;
    if (due && p.goal == Goal::kFull && rng_.Chance(0.08)) {
        Instant at = NotAfter(Later(accepted, 35, 52), AddDays(*due, -2), r.t);
        if (at > r.t && ChinaDate(at) < *due) {
            if (!Go(r, at)) return Ok();
            ActionInput in;
            static constexpr std::string_view kReasons[] = {"案情复杂，需进一步调查取证",
                                                            "涉及多个部门职责，需协调会商", "需委托第三方进行鉴定评估",
                                                            "涉及人数众多，需逐一核实情况"};
            in.reason = std::string(rng_.Pick(kReasons));
            in.extension_days = rng_.Uniform(15, 30);
            in.approver_id = h.approver->user.id;
            XF_TRY(Act(r, *h.approver, Action::kExtend, in));
            extended = true;
            due = RunningDue(r.view, ClockKind::kHandling);
        }
    }
    Instant at;
    if (p.goal == Goal::kReplied)
        at = Later(accepted, 2, 6);
    else if (extended)
        at = Later(accepted, 58, 80);
    else if (rng_.Chance(0.03))
        at = Later(accepted, 61, 70);  // replied late: the handling clock shows it
    else
        at = Later(accepted, 8, 50);
    if (due && (extended || p.goal != Goal::kFull)) at = NotAfter(at, *due, r.t);
    if (at <= r.t) at = Later(r.t, 1, 4);
    if (p.goal == Goal::kFull && at - r.t > std::chrono::days(20) && rng_.Chance(0.05))
        Spawn(r, FollowUp::kProgress, r.t + (at - r.t) / 3, 0, 2);  // the petitioner comes to ask how it goes
    if (!Go(r, at)) return Ok();
    int x = rng_.Uniform(0, 99);
    bool mediate = p.purpose == Purpose::kComplaint && x < 7 &&
                   (FirstLevel(p.category) == "04" || p.category == "0501" || p.category == "0305");
    Outcome outcome = p.purpose == Purpose::kSuggestion ? (x < 50 ? Outcome::kSupported : Outcome::kExplained)
                      : x < 38                          ? Outcome::kSupported
                      : x < 78                          ? Outcome::kExplained
                                                        : Outcome::kNotSupported;
    if (p.goal == Goal::kUnderReview || p.goal == Goal::kHearing || p.goal == Goal::kFinal)
        outcome = Outcome::kNotSupported;
    const Principal& signer = rng_.Chance(0.6) ? *h.approver : *h.handler;
    if (mediate) {
        XF_TRY(Act(r, signer, Action::kMediate, ReplyInput(r, Outcome::kMediated, "original")));
    } else {
        XF_TRY(Act(r, signer, Action::kReply, ReplyInput(r, outcome, "original")));
    }
    return AfterReply(r, h, true);
}

// The case was replied (r.t): the petitioner may rate it and ask for 复查; otherwise it is concluded when the
// review window has lapsed.
Status Loader::AfterReply(Run& r, const Holder& h, bool allow_review) {
    const Plan& p = *r.plan;
    std::optional<Date> window = RunningDue(r.view, ClockKind::kReviewRequest);
    bool forced_review = p.goal == Goal::kUnderReview || p.goal == Goal::kHearing || p.goal == Goal::kFinal;
    // Most who ask for 复查 first say they are dissatisfied; a few dissatisfied ones go on to ask.
    // The "replied" scenario shows a reply awaiting the petitioner: rating and 复查 windows open, nothing used. Rated,
    // it lost the portal's "replied" sample on days when the rating fell before `now` (the browser tests need it).
    if (p.goal == Goal::kReplied) return Ok();
    bool review = forced_review || (allow_review && p.goal == Goal::kFull && !p.anonymous && rng_.Chance(0.035));
    XF_TRY(Rate(r, review ? 0.6 : 0.7, review));
    if (r.stopped) return Ok();
    if (review && window && ChinaDate(r.t) < *window) return Review(r);
    if (p.goal == Goal::kReplied || !window) return Ok();
    if (!Go(r, Later(ChinaMidnight(*window), 1, 3))) return Ok();
    XF_TRY(Act(r, *h.handler, Action::kConclude, {}));
    if (r.rating == Rating::kDissatisfied && rng_.Chance(0.25)) Spawn(r, FollowUp::kDissatisfied, r.t, 10, 90);
    return Ok();
}

// 复查 at the org above the replying one, then maybe 复核 above that.
Status Loader::Review(Run& r) {
    const Plan& p = *r.plan;
    std::optional<Date> window = RunningDue(r.view, ClockKind::kReviewRequest);
    const Org& replying = orgs_by_id_.at(r.view.petition.current_org_id);
    if (!window || !replying.parent_id) return Ok();
    Instant at = NotAfter(Later(r.t, 3, 20), *window, r.t);
    if (ChinaDate(at) > *window) return Ok();
    if (!Go(r, at)) return Ok();
    ActionInput req;
    req.reason = "对信访处理意见不服，申请复查。";
    XF_TRY(Portal(r, Action::kRequestReview, req));
    XF_ASSIGN_OR_RETURN(int64_t review_id, ChildOf(r.id));
    ++reviews_;
    const Holder* rh = HolderOf(*replying.parent_id);
    if (!rh) return Fail(Context(Error::Internal("no demo user handles reviews at the org above"), r, "review"));
    if (p.goal == Goal::kUnderReview) return Ok();

    if (!Go(r, Later(r.t, 8, 24))) return Ok();
    Outcome outcome = rng_.Chance(0.85) || p.goal != Goal::kFull ? Outcome::kExplained : Outcome::kSupported;
    XF_TRY(Act(r, *rh->approver, Action::kReply, ReplyInput(r, outcome, "review"), review_id));
    std::optional<Date> window2 = RunningDue(r.view, ClockKind::kReviewRequest);
    const Org& reviewer_org = orgs_by_id_.at(r.view.petition.current_org_id);
    bool rereview = p.goal == Goal::kHearing || p.goal == Goal::kFinal || rng_.Chance(0.25);
    XF_TRY(Rate(r, 0.4, rereview));
    if (r.stopped) return Ok();
    if (rereview && window2 && reviewer_org.parent_id && HolderOf(*reviewer_org.parent_id)) {
        Instant at2 = NotAfter(Later(r.t, 3, 20), *window2, r.t);
        if (ChinaDate(at2) <= *window2) {
            if (!Go(r, at2)) return Ok();
            ActionInput req2;
            req2.reason = "对复查意见不服，申请复核。";
            XF_TRY(Portal(r, Action::kRequestReview, req2));
            XF_ASSIGN_OR_RETURN(int64_t rereview_id, ChildOf(review_id));
            ++reviews_;
            return ReReview(r, rereview_id);
        }
    }
    if (!window2) return Ok();
    if (!Go(r, Later(ChinaMidnight(*window2), 1, 3))) return Ok();
    return Act(r, *rh->handler, Action::kConclude, {}, review_id);  // concludes the original too
}

Status Loader::ReReview(Run& r, int64_t rereview_id) {
    const Plan& p = *r.plan;
    XF_ASSIGN_OR_RETURN(PetitionView v, svc_.Get(who_.at("admin"), rereview_id, kMeta));
    const Holder* h = HolderOf(v.petition.current_org_id);
    if (!h) return Fail(Context(Error::Internal("no demo user handles 复核 at the org above"), r, "rereview"));
    r.view = v;
    if (p.goal == Goal::kHearing || rng_.Chance(0.5)) {
        if (!Go(r, Later(r.t, 3, 10))) return Ok();
        ActionInput in;
        in.internal_note = "组织信访人、原办理单位及相关专家召开听证会。";
        XF_TRY(Act(r, *h->handler, Action::kHearingStart, in, rereview_id));
        if (p.goal == Goal::kHearing) return Ok();
        if (!Go(r, Later(r.t, 1, 5))) return Ok();
        XF_TRY(Act(r, *h->handler, Action::kHearingEnd, {}, rereview_id));
    }
    std::optional<Date> due = RunningDue(r.view, ClockKind::kHandling);
    Instant at = Later(r.t, 3, 14);
    if (due) at = NotAfter(at, *due, r.t);
    if (!Go(r, at)) return Ok();
    XF_TRY(Act(r, *h->approver, Action::kReply, ReplyInput(r, Outcome::kNotSupported, "rereview"), rereview_id));
    r.finalized = true;
    XF_TRY(Rate(r, 0.4));
    if (rng_.Chance(0.5)) Spawn(r, FollowUp::kAfterFinal, r.t, 20, 150);
    return Ok();
}

Status Loader::Walk(int petitions, DemoSummary& out) {
    PlanAll(petitions);
    while (!pending_.empty()) {
        auto node = pending_.extract(pending_.begin());
        XF_TRY(WalkCase(node.mapped()));
    }
    // What the daily scheduler would have done by now.
    clock_.Set(now_);
    XF_TRY(svc_.ConcludeLapsed());
    out.petitions = originals_;
    out.review_cases = reviews_;
    XF_TRY(ReceptionDays());
    return PickPortalSamples(out);
}

// 领导接访日 of the next weeks at the county office (published, one with a booking) and one not yet published.
Status Loader::ReceptionDays() {
    const Principal& registrar = who_.at("registrar");
    Date today = ChinaDate(now_);
    struct Spec {
        int days_ahead;
        const char *start, *end, *leader, *title, *topics;
        bool published;
    };
    const Spec specs[] = {
        {3, "09:00", "12:00", "李明远", "县委副书记、县长", "征地拆迁与安置补偿、拖欠农民工工资", true},
        {10, "14:30", "17:30", "周文华", "县委常委、常务副县长", "住房保障、物业管理、城乡建设", true},
        {17, "09:00", "11:30", "陈建国", "副县长", "教育、医疗卫生、社会保障", false},
    };
    for (const auto& sp : specs) {
        ReceptionDayCommand c;
        Date d = AddDays(today, sp.days_ahead);
        while (!cal_.IsWorkingDay(d)) d = AddDays(d, 1);
        c.date = FormatDate(d);
        c.start = sp.start;
        c.end = sp.end;
        c.slot_minutes = 30;
        c.per_slot = 2;
        c.place = "青山县人民来访接待中心（县政府一楼）";
        c.leader_name = sp.leader;
        c.leader_title = sp.title;
        c.topics = sp.topics;
        c.published = sp.published;
        auto day = svc_.CreateReceptionDay(registrar, c, kMeta);
        if (!day) return Fail(Error{day.error().code, "demo reception day: " + day.error().message, day.error().field});
        if (sp.days_ahead == 3) {
            BookingCommand b;
            b.day_id = day->day.id;
            b.slot = "09:30";
            b.name = "赵秀英";
            b.phone = "13900001111";
            b.region_code = "991021";
            b.summary = "反映村里征地补偿款至今未发放到户。";
            b.consent = true;
            auto booked = svc_.BookReception(b, kMeta);
            if (!booked)
                return Fail(Error{booked.error().code, "demo booking: " + booked.error().message, booked.error().field});
        }
    }
    return Ok();
}

// One case of each kind a citizen meets on the portal, with its 查询码 and secret, so that the portal can be tried
// (and tested) at once: replied with the rating and review windows open, replied with the rating window over,
// and still being handled. Looked up through the portal itself, as of now.
Status Loader::PickPortalSamples(DemoSummary& out) {
    std::map<std::string, bool> found;
    auto take = [&](const std::string& tag, const Registered& reg) {
        if (found[tag]) return;
        found[tag] = true;
        out.portal_samples.push_back({tag, reg.query_code, reg.secret});
    };
    for (auto it = registered_.rbegin(); it != registered_.rend() && found.size() < 3; ++it) {
        auto v = svc_.Lookup(it->query_code, it->secret, kMeta);
        if (!v) continue;  // e.g. an anonymous letter: still viewable, but nothing to miss
        // "replied": a case sent on (转送/交办) and answered by the office it was sent to, with no 复查 yet (the
        // whole chain is this one case), so that what the sample shows does not depend on the day the demo is made.
        const bool one_case = std::all_of(v->steps.begin(), v->steps.end(),
                                          [&](const PublicStep& s) { return s.number == v->number; });
        const bool routed = std::any_of(v->steps.begin(), v->steps.end(), [](const PublicStep& s) {
            return s.action == "forward" || s.action == "assign";
        });
        if (v->state == "replied" && v->rating_until && v->review_until && one_case && routed)
            take("replied", *it);
        else if (v->decision && !v->rating && !v->rating_until && v->state != "final")
            take("rating-expired", *it);
        else if (!v->decision && v->reply_due && v->state != "registered")
            take("in-progress", *it);
    }
    std::sort(out.portal_samples.begin(), out.portal_samples.end(),
              [](const DemoPortalSample& a, const DemoPortalSample& b) { return a.tag > b.tag; });
    return Ok();
}

}  // namespace

std::vector<DemoUser> DemoUsers() {
    std::map<std::string, std::string> org_names;
    for (const auto& r : DemoOrgRows()) org_names[r.code] = r.name;
    std::vector<DemoUser> out;
    for (const auto& s : DemoUserSpecs())
        out.push_back({std::string(s.login), std::string(kDemoPassword), RolesLabel(s.roles),
                       org_names[std::string(s.org_code)]});
    return out;
}

Result<DemoSummary> LoadDemo(UnitOfWork& store, const HolidayCalendar& calendar, const crypto::FieldCipher& cipher,
                             const AppOptions& options, const CategoryTable& categories, Instant now,
                             const DemoOptions& demo) {
    if (demo.petitions < 0) return Fail(Error::InvalidArgument("petitions", "演示信访件数量不能为负数"));
    std::optional<std::string> loaded;
    XF_TRY(store.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(loaded, tx.settings().Get(std::string(kDemoLoadedKey)));
        return Ok();
    }));
    DemoSummary out;
    if (loaded) {
        out.already_loaded = true;
        return out;
    }

    FakeClock clock(now - std::chrono::days(731));
    AppOptions opts = options;
    opts.portal_org_code = "yl-xfj";  // online submissions land at the demo province office
    opts.notify_petitioners = false;  // two years of replayed history: nobody is sent a message about it
    Services svc(store, clock, calendar, cipher, opts);
    Loader loader(svc, clock, calendar, now, demo.seed);
    XF_TRY(loader.Setup(categories, out));
    XF_TRY(loader.Walk(demo.petitions, out));

    XF_TRY(store.Write([&](Transaction& tx) -> Status {
        return tx.settings().Set(std::string(kDemoLoadedKey),
                                 fmt::format("{} petitions={} seed={}", FormatInstant(now), out.petitions, demo.seed));
    }));
    return out;
}

}  // namespace xf::app
