-- xinfang upgrade fixture: schema version 8, made by tests/upgrade/make_fixture.py with the binary of commit 8ee0301 (SQLite). Do not edit by hand.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_migrations(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
INSERT INTO schema_migrations VALUES(1,'0001_init','2026-12-03T08:31:44.731Z');
INSERT INTO schema_migrations VALUES(2,'0002_regions_calendar_stats','2026-12-03T08:31:44.734Z');
INSERT INTO schema_migrations VALUES(3,'0003_stat_rollups','2026-12-03T08:31:44.738Z');
INSERT INTO schema_migrations VALUES(4,'0004_jobs','2026-12-03T08:31:44.742Z');
INSERT INTO schema_migrations VALUES(5,'0005_rate_limits','2026-12-03T08:31:44.746Z');
INSERT INTO schema_migrations VALUES(6,'0006_search','2026-12-03T08:31:44.750Z');
INSERT INTO schema_migrations VALUES(7,'0007_portal','2026-12-03T08:31:44.752Z');
INSERT INTO schema_migrations VALUES(8,'0008_documents','2026-12-03T08:31:44.762Z');
CREATE TABLE orgs (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    parent_id   INTEGER REFERENCES orgs(id),
    name        TEXT NOT NULL,
    level       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    region_code TEXT NOT NULL,
    path        TEXT NOT NULL
);
INSERT INTO orgs VALUES(1,'prov',NULL,'测试省信访局','province','petition_office','990000','/1/');
INSERT INTO orgs VALUES(2,'city',1,'测试市信访局','city','petition_office','991000','/1/2/');
INSERT INTO orgs VALUES(3,'city_hr',2,'测试市人社局','city','department','991000','/1/2/3/');
INSERT INTO orgs VALUES(4,'county',2,'测试县信访局','county','petition_office','991021','/1/2/4/');
INSERT INTO orgs VALUES(5,'county_hr',3,'测试县人社局','county','department','991021','/1/2/3/5/');
INSERT INTO orgs VALUES(6,'county_court',4,'测试县政法委','county','political_legal','991021','/1/2/4/6/');
INSERT INTO orgs VALUES(7,'town',4,'测试镇人民政府','township','party_government','991021001','/1/2/4/7/');
INSERT INTO orgs VALUES(8,'other_county',2,'另一县信访局','county','petition_office','991022','/1/2/8/');
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    roles         INTEGER NOT NULL,
    scope         TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1
);
INSERT INTO users VALUES(1,'reg','reg',4,3,'org','$argon2id$v=19$m=19456,t=2,p=1$AGCx6qV1MdePpt6i1Ywf8w$ONMzLQqXp2opU8EvM8F/Hl+PEUG2D3XIs3RjTVkyRv4',1);
INSERT INTO users VALUES(2,'appr','appr',4,4,'org','$argon2id$v=19$m=19456,t=2,p=1$kuruHBbTlEET8OPaZzJ05A$gF75hZpI0uvabntsJUrHKPKKUSK/5SrjHROHCrlpen8',1);
INSERT INTO users VALUES(3,'hr','hr',5,6,'org','$argon2id$v=19$m=19456,t=2,p=1$whIwPGjw9kLxHbJr3zTUFg$Z0hdrg34TZZy58NlxsRjkuzYVyhByr6K0ItQrqL0Mww',1);
INSERT INTO users VALUES(4,'city','city',3,6,'org','$argon2id$v=19$m=19456,t=2,p=1$K71+va0+IsZWHfYgdiVGJw$7bk1QOTTI9wkN1s6xpkfIjU/yc98hAIh5pwS27R6d34',1);
INSERT INTO users VALUES(5,'cityxf','cityxf',2,14,'subtree','$argon2id$v=19$m=19456,t=2,p=1$I22gWtQn4gpr16o1AUM+4g$vLVmK7gBWj1C6qHO7CWFIoWLfoi/v/IuZwj92+ZRL3g',1);
INSERT INTO users VALUES(6,'prov','prov',1,38,'all','$argon2id$v=19$m=19456,t=2,p=1$RJ829r1LDrul/xE6re44mA$Fq1Id4ZI3kmPI6F3AAt0kf+O6BcH2Y3UD44miwNl+us',1);
INSERT INTO users VALUES(7,'other','other',8,7,'subtree','$argon2id$v=19$m=19456,t=2,p=1$izEX+1IJ3ZHtJlHA/gBgww$YBiPF4QkciK+ZsHv8HY2YlQnJgsx2o9wyS+P3ArDRJA',1);
INSERT INTO users VALUES(8,'townie','townie',7,2,'all','$argon2id$v=19$m=19456,t=2,p=1$rFhz7lmtg3ZmKd0djf9Dgw$VsvyXyHgqxOh7c0PimFBgdCQi6CLqsgHTc2DVQG9aAM',1);
INSERT INTO users VALUES(9,'stat','stat',4,16,'self','$argon2id$v=19$m=19456,t=2,p=1$7yEyeNkBNqNNmtYMqaVBfQ$AWonwZHoZBpA/+KzutwUTa0F2RLO03DPCvL39T7nevI',1);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
INSERT INTO sessions VALUES('6380dc5b10cf5e750fba62507bc24c52090a42a84929ee1d3dcbe11236e36962',1,'SScEPebANKk-SPWW3Q7qrs2efWzuC5sv',1796286707,1796315507);
INSERT INTO sessions VALUES('67786b74fbec7c55a30919032341dc792537691254bd7acfe7a6edcfae3c5be0',3,'q-pIc8FI9bzw8OGhI9CgtpUlLC7yJUPS',1796286707,1796315507);
CREATE TABLE categories (
    code   TEXT PRIMARY KEY,
    parent TEXT NOT NULL DEFAULT '',
    name   TEXT NOT NULL
);
INSERT INTO categories VALUES('01','','农村农业');
INSERT INTO categories VALUES('0101','01','土地承包经营');
INSERT INTO categories VALUES('0102','01','村务管理');
INSERT INTO categories VALUES('0103','01','农村集体资产与财务');
INSERT INTO categories VALUES('0104','01','扶贫开发与乡村振兴');
INSERT INTO categories VALUES('0105','01','农业生产与补贴');
INSERT INTO categories VALUES('0106','01','水利与农田水利设施');
INSERT INTO categories VALUES('02','','自然资源');
INSERT INTO categories VALUES('0201','02','土地征收');
INSERT INTO categories VALUES('0202','02','集体土地上房屋拆迁与补偿');
INSERT INTO categories VALUES('0203','02','土地权属纠纷');
INSERT INTO categories VALUES('0204','02','违法用地');
INSERT INTO categories VALUES('0205','02','林业与林权');
INSERT INTO categories VALUES('0206','02','矿产资源');
INSERT INTO categories VALUES('03','','城乡建设');
INSERT INTO categories VALUES('0301','03','国有土地上房屋征收与补偿');
INSERT INTO categories VALUES('0302','03','住房保障与房地产');
INSERT INTO categories VALUES('0303','03','城乡规划');
INSERT INTO categories VALUES('0304','03','建设管理与工程质量');
INSERT INTO categories VALUES('0305','03','物业管理');
INSERT INTO categories VALUES('0306','03','市政公用设施');
INSERT INTO categories VALUES('0307','03','拖欠工程款');
INSERT INTO categories VALUES('04','','劳动和社会保障');
INSERT INTO categories VALUES('0401','04','劳动关系');
INSERT INTO categories VALUES('0402','04','拖欠农民工工资');
INSERT INTO categories VALUES('0403','04','工资福利');
INSERT INTO categories VALUES('0404','04','城镇职工社会保险');
INSERT INTO categories VALUES('0405','04','城乡居民社会保险');
INSERT INTO categories VALUES('0406','04','企业改制与下岗职工');
INSERT INTO categories VALUES('05','','卫生健康');
INSERT INTO categories VALUES('0501','05','医患纠纷');
INSERT INTO categories VALUES('0502','05','医政监管');
INSERT INTO categories VALUES('0503','05','公共卫生');
INSERT INTO categories VALUES('0504','05','医疗保障');
INSERT INTO categories VALUES('0505','05','计划生育');
INSERT INTO categories VALUES('06','','教育文体');
INSERT INTO categories VALUES('0601','06','教育收费');
INSERT INTO categories VALUES('0602','06','考试招生');
INSERT INTO categories VALUES('0603','06','子女入学');
INSERT INTO categories VALUES('0604','06','教师待遇与民办代课教师');
INSERT INTO categories VALUES('0605','06','文化体育旅游');
INSERT INTO categories VALUES('07','','民政与应急');
INSERT INTO categories VALUES('0701','07','社会救助与低保');
INSERT INTO categories VALUES('0702','07','优抚');
INSERT INTO categories VALUES('0703','07','殡葬与婚姻登记');
INSERT INTO categories VALUES('0704','07','社会组织');
INSERT INTO categories VALUES('0705','07','自然灾害与应急管理');
INSERT INTO categories VALUES('08','','政法');
INSERT INTO categories VALUES('0801','08','诉讼');
INSERT INTO categories VALUES('0802','08','刑案侦破');
INSERT INTO categories VALUES('0803','08','社会治安');
INSERT INTO categories VALUES('0804','08','警务督察');
INSERT INTO categories VALUES('0805','08','户籍证件');
INSERT INTO categories VALUES('0806','08','司法行政');
INSERT INTO categories VALUES('09','','经济管理');
INSERT INTO categories VALUES('0901','09','企业破产');
INSERT INTO categories VALUES('0902','09','金融财税');
INSERT INTO categories VALUES('0903','09','市场监管');
INSERT INTO categories VALUES('0904','09','食品药品监管');
INSERT INTO categories VALUES('0905','09','非法集资');
INSERT INTO categories VALUES('10','','交通运输');
INSERT INTO categories VALUES('1001','10','道路与交通建设');
INSERT INTO categories VALUES('1002','10','客运营运秩序');
INSERT INTO categories VALUES('1003','10','交通运输管理');
INSERT INTO categories VALUES('11','','商贸旅游');
INSERT INTO categories VALUES('1101','11','商贸流通');
INSERT INTO categories VALUES('1102','11','旅游服务');
INSERT INTO categories VALUES('12','','科技与信息产业');
INSERT INTO categories VALUES('1201','12','通信与网络服务');
INSERT INTO categories VALUES('1202','12','科技管理');
INSERT INTO categories VALUES('13','','生态环境');
INSERT INTO categories VALUES('1301','13','环境污染');
INSERT INTO categories VALUES('1302','13','环保管理');
INSERT INTO categories VALUES('1303','13','能源与节能');
INSERT INTO categories VALUES('14','','党务政务');
INSERT INTO categories VALUES('1401','14','政务服务');
INSERT INTO categories VALUES('1402','14','干部作风');
INSERT INTO categories VALUES('1403','14','政府信息公开');
INSERT INTO categories VALUES('15','','组织人事');
INSERT INTO categories VALUES('1501','15','选拔任用');
INSERT INTO categories VALUES('1502','15','工资待遇与退休');
INSERT INTO categories VALUES('1503','15','军转安置');
INSERT INTO categories VALUES('1504','15','复退安置');
INSERT INTO categories VALUES('16','','纪检监察');
INSERT INTO categories VALUES('1601','16','贪污贿赂');
INSERT INTO categories VALUES('1602','16','滥用职权');
INSERT INTO categories VALUES('1603','16','失职渎职');
INSERT INTO categories VALUES('1604','16','违反中央八项规定精神');
INSERT INTO categories VALUES('17','','军队事务');
INSERT INTO categories VALUES('1701','17','退役军人待遇');
INSERT INTO categories VALUES('1702','17','涉军群体诉求');
INSERT INTO categories VALUES('18','','其他');
INSERT INTO categories VALUES('1801','18','历史遗留问题');
INSERT INTO categories VALUES('1802','18','表达情感');
INSERT INTO categories VALUES('1803','18','其他');
CREATE TABLE petitions (
    id                INTEGER PRIMARY KEY,
    version           INTEGER NOT NULL,
    number            TEXT NOT NULL UNIQUE,
    query_code        TEXT NOT NULL UNIQUE,
    kind              TEXT NOT NULL,
    parent_case_id    INTEGER REFERENCES petitions(id),
    channel           TEXT NOT NULL,
    purpose           TEXT NOT NULL,
    state             TEXT NOT NULL,
    is_open           INTEGER NOT NULL,
    received_at       INTEGER NOT NULL,
    received_on       TEXT NOT NULL,
    registered_org_id INTEGER NOT NULL REFERENCES orgs(id),
    current_org_id    INTEGER NOT NULL REFERENCES orgs(id),
    accused_org_id    INTEGER REFERENCES orgs(id),
    category_code     TEXT NOT NULL,
    region_code       TEXT NOT NULL,
    persons           INTEGER NOT NULL,
    next_due          TEXT,
    doc               TEXT NOT NULL
, rating TEXT, replied_on TEXT, stats TEXT NOT NULL DEFAULT '');
INSERT INTO petitions VALUES(1,5,'991021-2026-000001','U594-JN2A-UXPZ','original',NULL,'visit','complaint','replied',1,1796286707,'2026-12-03',4,5,NULL,'0402','991021',1,NULL,'{"number":"991021-2026-000001","query_code":"U594-JN2A-UXPZ","secret_hash":"k1:30c9026e3d5b0c91af4d39aadc03243bd93624d71b12be206137894a94d7af7f","kind":"original","parent_case_id":null,"root_case_id":null,"child_case_id":null,"channel":"visit","purpose":"complaint","received_at":1796286707,"registered_org_id":4,"registered_by":1,"current_org_id":5,"routed_from_org_id":4,"category_code":"0402","region_code":"991021","title":"升级测试 0","content":"第0件：某工地拖欠工资，请求协调解决。","persons":1,"petitioners":[{"name":"王小明","id_number":"v1:iKzyNvpsCugoaRqTpi1gsGNokm6hv/Mhgafgm1UKmJdui15jLeMXSWZ1gGSScCpxg4WZWAii/G6wbA==","id_index":"0ca7c7a488805523b1b8e50bfec50e9db836e36efd3fb6f7741f2a9b7b32354d","phone":"v1:woCWzvBocpXhxcyz1ZhpJQDcJ5IrHA1fxrcEkT4Ek9PaxiylICRmJayvnA487ovLsKeK","address":"v1:SjVIRg25b7BwErZ9vXKR2nlHFTbcz9tNo7JnGMqtVy8v+GtsMHiWEyZtNycNRBhtsw87tMO7YB4lnAFSX7uU","representative":false,"contact_index":"c16a371339154e5bbecdecf6e1b1778869b5ce4e469b1120f32870e0e92462f0"}],"accused_name":"","accused_org_id":null,"involves_litigation":false,"anonymous":false,"is_repeat":false,"repeat_of":null,"skipped_level":false,"state":"replied","clocks":[{"kind":"route","started_on":"2026-12-03","unit":"calendar","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-18","stopped_on":"2026-12-03"},{"kind":"objection","started_on":"2026-12-03","unit":"working","days":5,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-10","stopped_on":"2026-12-03"},{"kind":"acceptance","started_on":"2026-12-03","unit":"calendar","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-18","stopped_on":"2026-12-03"},{"kind":"handling","started_on":"2026-12-03","unit":"calendar","days":60,"fixed_due":null,"extension_days":30,"paused_days":0,"paused_since":null,"due":"2027-03-03","stopped_on":"2026-12-03"},{"kind":"review_request","started_on":"2026-12-03","unit":"calendar","days":30,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2027-01-04","stopped_on":null},{"kind":"rating","started_on":"2026-12-03","unit":"calendar","days":30,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2027-01-04","stopped_on":null}],"decision":{"outcome":"supported","facts":"经查属实。","reasons":"依法应予支付。","legal_basis":"《保障农民工工资支付条例》第三条","decided_on":"2026-12-03","decided_by":3},"rating":null,"rating_comment":"","route_note":"","route":"forward","routed_on":"2026-12-03","resolved":null,"imported":false,"accepted_on":"2026-12-03","replied_on":"2026-12-03","closed_on":null,"extended":true,"remind_count":0,"supervise_count":0,"created_at":1796286707,"updated_at":1796286707}',NULL,'2026-12-03','1,visit|i|i|-|complaint,2026-12-03,4,1,1;2,0402,2026-12-03,4,1,1;3,991021,2026-12-03,4,1,1;5,forward,2026-12-03,4,1,1;6,done_resolved,2026-12-03,4,1,1;7,met,2026-12-18,5,1,1;8,on_time,2026-12-03,5,1,1;9,pending,2027-01-04,5,1,1');
INSERT INTO petitions VALUES(2,2,'991021-2026-000002','MA9A-7FU7-XNUW','original',NULL,'visit','complaint','not_accepted',0,1796286707,'2026-12-03',4,4,NULL,'0402','991021',1,NULL,'{"number":"991021-2026-000002","query_code":"MA9A-7FU7-XNUW","secret_hash":"k1:75c913ff1415d02a1bf9fc7ebd56644abc60c5738fabc34d6cd0233ee4d25ddd","kind":"original","parent_case_id":null,"root_case_id":null,"child_case_id":null,"channel":"visit","purpose":"complaint","received_at":1796286707,"registered_org_id":4,"registered_by":1,"current_org_id":4,"routed_from_org_id":null,"category_code":"0402","region_code":"991021","title":"升级测试 1","content":"第1件：某工地拖欠工资，请求协调解决。","persons":1,"petitioners":[{"name":"王小明","id_number":"v1:9B4/2OZXXVMjFeDrEPywJ5PUGqdk6PtoXXXfgatnMN5O1Cdnp/vYeqgWutlpDbeZjZgeKKY6x5AIjg==","id_index":"0ca7c7a488805523b1b8e50bfec50e9db836e36efd3fb6f7741f2a9b7b32354d","phone":"v1:ucSJSc6b0AHacpkM4ygq62cqJBK7qeKrenV84y3AiZJoaArlkTwbvK4W49YUXXFk/092","address":"v1:CUK4YkPqbR9qhaSMUihgSr8YoZ/mhyik8A9ttr4hf9UC8SGfqXbEqjdO4nYntQZoJEeoY2byQnet1m8C3Nw7","representative":false,"contact_index":"c16a371339154e5bbecdecf6e1b1778869b5ce4e469b1120f32870e0e92462f0"}],"accused_name":"","accused_org_id":null,"involves_litigation":false,"anonymous":false,"is_repeat":false,"repeat_of":null,"skipped_level":false,"state":"not_accepted","clocks":[{"kind":"route","started_on":"2026-12-03","unit":"calendar","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-18","stopped_on":"2026-12-03"}],"rating":null,"rating_comment":"","route_note":"向劳动人事争议仲裁委员会申请仲裁","route":"reject","routed_on":"2026-12-03","resolved":null,"imported":false,"accepted_on":null,"replied_on":null,"closed_on":"2026-12-03","extended":false,"remind_count":0,"supervise_count":0,"created_at":1796286707,"updated_at":1796286707}',NULL,NULL,'1,visit|i|i|-|complaint,2026-12-03,4,1,1;2,0402,2026-12-03,4,1,1;3,991021,2026-12-03,4,1,1;5,reject,2026-12-03,4,1,1;6,done,2026-12-03,4,1,1;7,met,2026-12-18,4,1,1');
INSERT INTO petitions VALUES(3,2,'991021-2026-000003','6WUS-KTZ5-SE7M','original',NULL,'visit','complaint','forwarded',1,1796286707,'2026-12-03',4,7,NULL,'0402','991021',1,'2026-12-18','{"number":"991021-2026-000003","query_code":"6WUS-KTZ5-SE7M","secret_hash":"k1:126775fc08e204cf0527f55f8cd9ccfb815863f1d7d2c932b62da9c8b96f5813","kind":"original","parent_case_id":null,"root_case_id":null,"child_case_id":null,"channel":"visit","purpose":"complaint","received_at":1796286707,"registered_org_id":4,"registered_by":1,"current_org_id":7,"routed_from_org_id":4,"category_code":"0402","region_code":"991021","title":"升级测试 2","content":"第2件：某工地拖欠工资，请求协调解决。","persons":1,"petitioners":[{"name":"王小明","id_number":"v1:YsKQz6rxf51VN4ui7mSW0rt+uToCwISM/pn3MI1JLH52mWsjZATw0mKdb9Rtb5F0TQxka9jrk1KjPg==","id_index":"0ca7c7a488805523b1b8e50bfec50e9db836e36efd3fb6f7741f2a9b7b32354d","phone":"v1:NiZiXdt7E9AHtVG6PNYgDUGJDhU1wsJFPO1hrpwHcfqNTbuz5mCSaAC7xSbl3RJfu4DV","address":"v1:GHo2knO3X2scs/tcB8Za9CEkZySUmIT9gE7iZ/aV8gwTYg2aiXMebqWRKwhDkTB3VyujPTRgqKFuTxicZztv","representative":false,"contact_index":"c16a371339154e5bbecdecf6e1b1778869b5ce4e469b1120f32870e0e92462f0"}],"accused_name":"","accused_org_id":null,"involves_litigation":false,"anonymous":false,"is_repeat":false,"repeat_of":null,"skipped_level":false,"state":"forwarded","clocks":[{"kind":"route","started_on":"2026-12-03","unit":"calendar","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-18","stopped_on":"2026-12-03"},{"kind":"objection","started_on":"2026-12-03","unit":"working","days":5,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-10","stopped_on":null},{"kind":"acceptance","started_on":"2026-12-03","unit":"calendar","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-18","stopped_on":null}],"rating":null,"rating_comment":"","route_note":"","route":"forward","routed_on":"2026-12-03","resolved":null,"imported":false,"accepted_on":null,"replied_on":null,"closed_on":null,"extended":false,"remind_count":0,"supervise_count":0,"created_at":1796286707,"updated_at":1796286707}',NULL,NULL,'1,visit|i|i|-|complaint,2026-12-03,4,1,1;2,0402,2026-12-03,4,1,1;3,991021,2026-12-03,4,1,1;5,forward,2026-12-03,4,1,1;6,open:2026-12-18,2026-12-03,4,1,1;7,pending,2026-12-18,7,1,1');
INSERT INTO petitions VALUES(4,1,'991021-2026-000004','8A2U-QEQY-SQRY','original',NULL,'visit','complaint','registered',1,1796286707,'2026-12-03',4,4,NULL,'0402','991021',1,'2026-12-18','{"number":"991021-2026-000004","query_code":"8A2U-QEQY-SQRY","secret_hash":"k1:f5c0ddb75cc3722215ba3467380a764f6ac66301bb885edd77793853361a7846","kind":"original","parent_case_id":null,"root_case_id":null,"child_case_id":null,"channel":"visit","purpose":"complaint","received_at":1796286707,"registered_org_id":4,"registered_by":1,"current_org_id":4,"routed_from_org_id":null,"category_code":"0402","region_code":"991021","title":"升级测试 3","content":"第3件：某工地拖欠工资，请求协调解决。","persons":1,"petitioners":[{"name":"王小明","id_number":"v1:2BeILSfdm/XDc+s/GS12ZGIPglZr1AohX07Ymm+MUBG60VBp9Ekdki9795/9Ltb2yrD8+Asu/PjVyg==","id_index":"0ca7c7a488805523b1b8e50bfec50e9db836e36efd3fb6f7741f2a9b7b32354d","phone":"v1:wG86TL2AfIUOSzagriytOLN8QIorGFAij+008uKi73eNe1tKdfdAbaJVRuTwZgOWmRCQ","address":"v1:XatqJh+h9vC8T3RyoSoKm9PB/iQ9e0x8a1f2rqc3iUiLXBdOwKVIthTr93ZHPi9PHnMMyK/DQMNYa6+oFXj8","representative":false,"contact_index":"c16a371339154e5bbecdecf6e1b1778869b5ce4e469b1120f32870e0e92462f0"}],"accused_name":"","accused_org_id":null,"involves_litigation":false,"anonymous":false,"is_repeat":false,"repeat_of":null,"skipped_level":false,"state":"registered","clocks":[{"kind":"route","started_on":"2026-12-03","unit":"calendar","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-18","stopped_on":null}],"rating":null,"rating_comment":"","route_note":"","route":null,"routed_on":null,"resolved":null,"imported":false,"accepted_on":null,"replied_on":null,"closed_on":null,"extended":false,"remind_count":0,"supervise_count":0,"created_at":1796286707,"updated_at":1796286707}',NULL,NULL,'1,visit|i|i|-|complaint,2026-12-03,4,1,1;2,0402,2026-12-03,4,1,1;3,991021,2026-12-03,4,1,1;6,open:2026-12-18,2026-12-03,4,1,1;7,pending,2026-12-18,4,1,1');
INSERT INTO petitions VALUES(5,3,'991021-2026-000005','ZZV4-2KET-ZKUG','original',NULL,'visit','complaint','accepted',1,1796286707,'2026-12-03',4,5,NULL,'0402','991021',1,'2027-02-01','{"number":"991021-2026-000005","query_code":"ZZV4-2KET-ZKUG","secret_hash":"k1:599eefcbaeeb18ab72b2e7db6e04ccd8ebde992fe82251b94b90aa2796804c4f","kind":"original","parent_case_id":null,"root_case_id":null,"child_case_id":null,"channel":"visit","purpose":"complaint","received_at":1796286707,"registered_org_id":4,"registered_by":1,"current_org_id":5,"routed_from_org_id":4,"category_code":"0402","region_code":"991021","title":"升级测试 4","content":"第4件：某工地拖欠工资，请求协调解决。","persons":1,"petitioners":[{"name":"王小明","id_number":"v1:pDKAYNoTuaaKdzvogt6hW57FME/J6e0bEClM1iwNycHQufb3xAGomQRbYvKuqC8vA/bHJzZnpg9VSA==","id_index":"0ca7c7a488805523b1b8e50bfec50e9db836e36efd3fb6f7741f2a9b7b32354d","phone":"v1:Loexrw9KC8/kMzwmkSTV6FZuvey1F7RE7QoGrNAy8DIx2wfecEn4zYFntDmfh9t+bpga","address":"v1:VLIL9gBLvTqSqq72KjWaQ33O4uVzc+yHlWhdRGU0CuSRmqftp9Qlovpuo92TyrobJSCg3FxFCzMquvnuSmIP","representative":false,"contact_index":"c16a371339154e5bbecdecf6e1b1778869b5ce4e469b1120f32870e0e92462f0"}],"accused_name":"","accused_org_id":null,"involves_litigation":false,"anonymous":false,"is_repeat":false,"repeat_of":null,"skipped_level":false,"state":"accepted","clocks":[{"kind":"route","started_on":"2026-12-03","unit":"calendar","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-18","stopped_on":"2026-12-03"},{"kind":"objection","started_on":"2026-12-03","unit":"working","days":5,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-10","stopped_on":"2026-12-03"},{"kind":"acceptance","started_on":"2026-12-03","unit":"calendar","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-18","stopped_on":"2026-12-03"},{"kind":"handling","started_on":"2026-12-03","unit":"calendar","days":60,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2027-02-01","stopped_on":null}],"rating":null,"rating_comment":"","route_note":"","route":"forward","routed_on":"2026-12-03","resolved":null,"imported":false,"accepted_on":"2026-12-03","replied_on":null,"closed_on":null,"extended":false,"remind_count":0,"supervise_count":0,"created_at":1796286707,"updated_at":1796286707}',NULL,NULL,'1,visit|i|i|-|complaint,2026-12-03,4,1,1;2,0402,2026-12-03,4,1,1;3,991021,2026-12-03,4,1,1;5,forward,2026-12-03,4,1,1;6,open:2027-02-01,2026-12-03,4,1,1;7,met,2026-12-18,5,1,1;8,pending,2027-02-01,5,1,1');
INSERT INTO petitions VALUES(6,2,'991021-2026-000006','ZZUX-V9DG-K6KM','original',NULL,'visit','complaint','not_accepted',0,1796286708,'2026-12-03',4,4,NULL,'0402','991021',1,NULL,'{"number":"991021-2026-000006","query_code":"ZZUX-V9DG-K6KM","secret_hash":"k1:f932393ed4cba44fb942410607c8809116a6526afa3b0fcbadca08dbd48658a6","kind":"original","parent_case_id":null,"root_case_id":null,"child_case_id":null,"channel":"visit","purpose":"complaint","received_at":1796286708,"registered_org_id":4,"registered_by":1,"current_org_id":4,"routed_from_org_id":null,"category_code":"0402","region_code":"991021","title":"升级测试 5","content":"第5件：某工地拖欠工资，请求协调解决。","persons":1,"petitioners":[{"name":"王小明","id_number":"v1:jx/RgJbnyJdM1+qNFOBD0V0VqAVJsk19D60XFztlByvPHgZL3RP1bJ+twe1jWSfImKeIKKyqAuFB4A==","id_index":"0ca7c7a488805523b1b8e50bfec50e9db836e36efd3fb6f7741f2a9b7b32354d","phone":"v1:Zi+rsEkAasBJhVPreYx00W1F+OdY50d99hP/VyLhfheYg9/VUEoz+e6q/rBxrqWz2nPs","address":"v1:itIcDSEuEMzqiT1qQrLW+Mv/kDiDOHEC44ZohALfEfS1wg1OtBDcl8Y/jzG8wIc3LZSd9ZSkSSre1KNFgabk","representative":false,"contact_index":"c16a371339154e5bbecdecf6e1b1778869b5ce4e469b1120f32870e0e92462f0"}],"accused_name":"","accused_org_id":null,"involves_litigation":false,"anonymous":false,"is_repeat":false,"repeat_of":null,"skipped_level":false,"state":"not_accepted","clocks":[{"kind":"route","started_on":"2026-12-03","unit":"calendar","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-18","stopped_on":"2026-12-03"}],"rating":null,"rating_comment":"","route_note":"向劳动人事争议仲裁委员会申请仲裁","route":"reject","routed_on":"2026-12-03","resolved":null,"imported":false,"accepted_on":null,"replied_on":null,"closed_on":"2026-12-03","extended":false,"remind_count":0,"supervise_count":0,"created_at":1796286708,"updated_at":1796286708}',NULL,NULL,'1,visit|i|i|-|complaint,2026-12-03,4,1,1;2,0402,2026-12-03,4,1,1;3,991021,2026-12-03,4,1,1;5,reject,2026-12-03,4,1,1;6,done,2026-12-03,4,1,1;7,met,2026-12-18,4,1,1');
INSERT INTO petitions VALUES(7,2,'991021-2026-000007','WG4U-TTS3-TNHS','original',NULL,'visit','complaint','forwarded',1,1796286708,'2026-12-03',4,7,NULL,'0402','991021',1,'2026-12-18','{"number":"991021-2026-000007","query_code":"WG4U-TTS3-TNHS","secret_hash":"k1:3ebaa7db76994923d574a9e574f25b3edf871632132474ef3ef83cda47b263dd","kind":"original","parent_case_id":null,"root_case_id":null,"child_case_id":null,"channel":"visit","purpose":"complaint","received_at":1796286708,"registered_org_id":4,"registered_by":1,"current_org_id":7,"routed_from_org_id":4,"category_code":"0402","region_code":"991021","title":"升级测试 6","content":"第6件：某工地拖欠工资，请求协调解决。","persons":1,"petitioners":[{"name":"王小明","id_number":"v1:ly0qmCzYYmlIv47Y56ubuDvyjHY6xXqFi3Vve7bRpSyFcd7rGm48+kaJGaE/JDBJz7NTz6A+NbZrtQ==","id_index":"0ca7c7a488805523b1b8e50bfec50e9db836e36efd3fb6f7741f2a9b7b32354d","phone":"v1:tZEmUYUARwxA5tdemop+iWRjE/ZL5EDRJcE4OqvcEC1gSmqbLJbcc3UKOrgYSbj24GKp","address":"v1:P2ZSUmiJm8OzCc0eAyvYOR450ZPOM/YYNkGVd6dqJEn9mDY+B/oJh/r+oyKO1tRKpJ2axqDW4Zq4FXSbYjv5","representative":false,"contact_index":"c16a371339154e5bbecdecf6e1b1778869b5ce4e469b1120f32870e0e92462f0"}],"accused_name":"","accused_org_id":null,"involves_litigation":false,"anonymous":false,"is_repeat":false,"repeat_of":null,"skipped_level":false,"state":"forwarded","clocks":[{"kind":"route","started_on":"2026-12-03","unit":"calendar","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-18","stopped_on":"2026-12-03"},{"kind":"objection","started_on":"2026-12-03","unit":"working","days":5,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-10","stopped_on":null},{"kind":"acceptance","started_on":"2026-12-03","unit":"calendar","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-18","stopped_on":null}],"rating":null,"rating_comment":"","route_note":"","route":"forward","routed_on":"2026-12-03","resolved":null,"imported":false,"accepted_on":null,"replied_on":null,"closed_on":null,"extended":false,"remind_count":0,"supervise_count":0,"created_at":1796286708,"updated_at":1796286708}',NULL,NULL,'1,visit|i|i|-|complaint,2026-12-03,4,1,1;2,0402,2026-12-03,4,1,1;3,991021,2026-12-03,4,1,1;5,forward,2026-12-03,4,1,1;6,open:2026-12-18,2026-12-03,4,1,1;7,pending,2026-12-18,7,1,1');
INSERT INTO petitions VALUES(8,1,'991021-2026-000008','5NPM-NJ2A-X8X8','original',NULL,'visit','complaint','registered',1,1796286708,'2026-12-03',4,4,NULL,'0402','991021',1,'2026-12-18','{"number":"991021-2026-000008","query_code":"5NPM-NJ2A-X8X8","secret_hash":"k1:842291ed52c44bd6affb7da277a84893ec6229c5b9769c854ef60e26603f3a5b","kind":"original","parent_case_id":null,"root_case_id":null,"child_case_id":null,"channel":"visit","purpose":"complaint","received_at":1796286708,"registered_org_id":4,"registered_by":1,"current_org_id":4,"routed_from_org_id":null,"category_code":"0402","region_code":"991021","title":"升级测试 7","content":"第7件：某工地拖欠工资，请求协调解决。","persons":1,"petitioners":[{"name":"王小明","id_number":"v1:b80o/uLZKDs/lE6s3EeUY5b5x7qp+QMGAKDzis/FJSEZHGjCnafGdUBpdRMKq5DejjbnpxeC+m4LRQ==","id_index":"0ca7c7a488805523b1b8e50bfec50e9db836e36efd3fb6f7741f2a9b7b32354d","phone":"v1:e4/FzAz9TMENJKT+okjS6YG8/wzqGyr/RmPq5i65CiqOaAgbVd5cJVP3eV6z6m23cWtD","address":"v1:htiMBD//6J/9Hf4sLBkIXw50Qh/9/5SG73+WjkC7RrSY7SVT5LpVnQqFg5ZzZPaScHHIz0PRB10essg7n4TB","representative":false,"contact_index":"c16a371339154e5bbecdecf6e1b1778869b5ce4e469b1120f32870e0e92462f0"}],"accused_name":"","accused_org_id":null,"involves_litigation":false,"anonymous":false,"is_repeat":false,"repeat_of":null,"skipped_level":false,"state":"registered","clocks":[{"kind":"route","started_on":"2026-12-03","unit":"calendar","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-18","stopped_on":null}],"rating":null,"rating_comment":"","route_note":"","route":null,"routed_on":null,"resolved":null,"imported":false,"accepted_on":null,"replied_on":null,"closed_on":null,"extended":false,"remind_count":0,"supervise_count":0,"created_at":1796286708,"updated_at":1796286708}',NULL,NULL,'1,visit|i|i|-|complaint,2026-12-03,4,1,1;2,0402,2026-12-03,4,1,1;3,991021,2026-12-03,4,1,1;6,open:2026-12-18,2026-12-03,4,1,1;7,pending,2026-12-18,4,1,1');
INSERT INTO petitions VALUES(9,5,'991021-2026-000009','JC9S-T2GU-F572','original',NULL,'visit','complaint','replied',1,1796286708,'2026-12-03',4,5,NULL,'0402','991021',1,NULL,'{"number":"991021-2026-000009","query_code":"JC9S-T2GU-F572","secret_hash":"k1:412ab945766978caad708204c44ab0b4fd74e1ca96124e5a0960f76102212827","kind":"original","parent_case_id":null,"root_case_id":null,"child_case_id":null,"channel":"visit","purpose":"complaint","received_at":1796286708,"registered_org_id":4,"registered_by":1,"current_org_id":5,"routed_from_org_id":4,"category_code":"0402","region_code":"991021","title":"升级测试 8","content":"第8件：某工地拖欠工资，请求协调解决。","persons":1,"petitioners":[{"name":"王小明","id_number":"v1:RSQPDzoiFgzGScjv3XCiUZmHEo5C28vK0eOevFfpgNOIyCOZKZXS6Y1KQ77g2YWdqA+EU68WZ/nvgg==","id_index":"0ca7c7a488805523b1b8e50bfec50e9db836e36efd3fb6f7741f2a9b7b32354d","phone":"v1:SKYHvtH5mARyCgnFhmUhKyAIedlQytCYDk3apmbSQsP66ZPLkVxC3WLxu7uWVxHIrZ56","address":"v1:Pnk6EDdgYvalHLu4nAusGEXXxfMA4STB7B6vPLxRXS2LYg/r38oH3tUt/f0SF7B1J9zc4gD9Q5uSVjC5Dz9Y","representative":false,"contact_index":"c16a371339154e5bbecdecf6e1b1778869b5ce4e469b1120f32870e0e92462f0"}],"accused_name":"","accused_org_id":null,"involves_litigation":false,"anonymous":false,"is_repeat":false,"repeat_of":null,"skipped_level":false,"state":"replied","clocks":[{"kind":"route","started_on":"2026-12-03","unit":"calendar","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-18","stopped_on":"2026-12-03"},{"kind":"objection","started_on":"2026-12-03","unit":"working","days":5,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-10","stopped_on":"2026-12-03"},{"kind":"acceptance","started_on":"2026-12-03","unit":"calendar","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-18","stopped_on":"2026-12-03"},{"kind":"handling","started_on":"2026-12-03","unit":"calendar","days":60,"fixed_due":null,"extension_days":30,"paused_days":0,"paused_since":null,"due":"2027-03-03","stopped_on":"2026-12-03"},{"kind":"review_request","started_on":"2026-12-03","unit":"calendar","days":30,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2027-01-04","stopped_on":null},{"kind":"rating","started_on":"2026-12-03","unit":"calendar","days":30,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2027-01-04","stopped_on":null}],"decision":{"outcome":"supported","facts":"经查属实。","reasons":"依法应予支付。","legal_basis":"《保障农民工工资支付条例》第三条","decided_on":"2026-12-03","decided_by":3},"rating":null,"rating_comment":"","route_note":"","route":"forward","routed_on":"2026-12-03","resolved":null,"imported":false,"accepted_on":"2026-12-03","replied_on":"2026-12-03","closed_on":null,"extended":true,"remind_count":0,"supervise_count":0,"created_at":1796286708,"updated_at":1796286708}',NULL,'2026-12-03','1,visit|i|i|-|complaint,2026-12-03,4,1,1;2,0402,2026-12-03,4,1,1;3,991021,2026-12-03,4,1,1;5,forward,2026-12-03,4,1,1;6,done_resolved,2026-12-03,4,1,1;7,met,2026-12-18,5,1,1;8,on_time,2026-12-03,5,1,1;9,pending,2027-01-04,5,1,1');
INSERT INTO petitions VALUES(10,2,'991021-2026-000010','3DQ7-5YEK-T3G4','original',NULL,'visit','complaint','not_accepted',0,1796286708,'2026-12-03',4,4,NULL,'0402','991021',1,NULL,'{"number":"991021-2026-000010","query_code":"3DQ7-5YEK-T3G4","secret_hash":"k1:eb3b86bd4847d28c1afa7862bb51a20f505a5661f4004df7a2573eb453bceef2","kind":"original","parent_case_id":null,"root_case_id":null,"child_case_id":null,"channel":"visit","purpose":"complaint","received_at":1796286708,"registered_org_id":4,"registered_by":1,"current_org_id":4,"routed_from_org_id":null,"category_code":"0402","region_code":"991021","title":"升级测试 9","content":"第9件：某工地拖欠工资，请求协调解决。","persons":1,"petitioners":[{"name":"王小明","id_number":"v1:Se8UQQyCZ6hFPxj9IzLmxgQcqPe3P9IoDzdbOl+v6YT9gWQzRdr3h/qD/V7f3dNRIdzuGvaG78ZmrA==","id_index":"0ca7c7a488805523b1b8e50bfec50e9db836e36efd3fb6f7741f2a9b7b32354d","phone":"v1:mlsdoy9ImE5ARdAB1z8rixOnWRxnY4NaTIqBmK4mxdaOPAfB2nF8Jf4AdWqNydkMxPZx","address":"v1:u/MJOd9x+le4UNJPSbtBU9vHbrKyTc9qcIndljWDFMAcsDHWfH1PmekJjDVRDEx18DtXEe9135aqD5/f8Jwu","representative":false,"contact_index":"c16a371339154e5bbecdecf6e1b1778869b5ce4e469b1120f32870e0e92462f0"}],"accused_name":"","accused_org_id":null,"involves_litigation":false,"anonymous":false,"is_repeat":false,"repeat_of":null,"skipped_level":false,"state":"not_accepted","clocks":[{"kind":"route","started_on":"2026-12-03","unit":"calendar","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-18","stopped_on":"2026-12-03"}],"rating":null,"rating_comment":"","route_note":"向劳动人事争议仲裁委员会申请仲裁","route":"reject","routed_on":"2026-12-03","resolved":null,"imported":false,"accepted_on":null,"replied_on":null,"closed_on":"2026-12-03","extended":false,"remind_count":0,"supervise_count":0,"created_at":1796286708,"updated_at":1796286708}',NULL,NULL,'1,visit|i|i|-|complaint,2026-12-03,4,1,1;2,0402,2026-12-03,4,1,1;3,991021,2026-12-03,4,1,1;5,reject,2026-12-03,4,1,1;6,done,2026-12-03,4,1,1;7,met,2026-12-18,4,1,1');
INSERT INTO petitions VALUES(11,2,'991021-2026-000011','46XX-G2HY-F4US','original',NULL,'visit','complaint','forwarded',1,1796286708,'2026-12-03',4,7,NULL,'0402','991021',1,'2026-12-18','{"number":"991021-2026-000011","query_code":"46XX-G2HY-F4US","secret_hash":"k1:d61242fcf8d4f8ba71ad238b34ca7199552d9d803bd4cf8e70349233c7eb4f19","kind":"original","parent_case_id":null,"root_case_id":null,"child_case_id":null,"channel":"visit","purpose":"complaint","received_at":1796286708,"registered_org_id":4,"registered_by":1,"current_org_id":7,"routed_from_org_id":4,"category_code":"0402","region_code":"991021","title":"升级测试 10","content":"第10件：某工地拖欠工资，请求协调解决。","persons":1,"petitioners":[{"name":"王小明","id_number":"v1:6haSOrHPr8rqezNhTT6lltYpPkwG/fAYUQ87Mn5eDAxJsZBkx+tXuw0RA1P3zc+SLENsiyo2MUXvJQ==","id_index":"0ca7c7a488805523b1b8e50bfec50e9db836e36efd3fb6f7741f2a9b7b32354d","phone":"v1:JH5wGW4zomq0Tn82fLfj2e6+sKxfQjnhPc6DRrbJnd+PS/ZcP9HAU2sTyy+Z6hHrNLiD","address":"v1:AowccVeZjxeWhXtWnYRFYGvCNx0wy6D99txQz095ZUfI9+kDh1Lh3wSESh5t7zL0wrxuBV8VVZe2MPopT1xr","representative":false,"contact_index":"c16a371339154e5bbecdecf6e1b1778869b5ce4e469b1120f32870e0e92462f0"}],"accused_name":"","accused_org_id":null,"involves_litigation":false,"anonymous":false,"is_repeat":false,"repeat_of":null,"skipped_level":false,"state":"forwarded","clocks":[{"kind":"route","started_on":"2026-12-03","unit":"calendar","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-18","stopped_on":"2026-12-03"},{"kind":"objection","started_on":"2026-12-03","unit":"working","days":5,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-10","stopped_on":null},{"kind":"acceptance","started_on":"2026-12-03","unit":"calendar","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-18","stopped_on":null}],"rating":null,"rating_comment":"","route_note":"","route":"forward","routed_on":"2026-12-03","resolved":null,"imported":false,"accepted_on":null,"replied_on":null,"closed_on":null,"extended":false,"remind_count":0,"supervise_count":0,"created_at":1796286708,"updated_at":1796286708}',NULL,NULL,'1,visit|i|i|-|complaint,2026-12-03,4,1,1;2,0402,2026-12-03,4,1,1;3,991021,2026-12-03,4,1,1;5,forward,2026-12-03,4,1,1;6,open:2026-12-18,2026-12-03,4,1,1;7,pending,2026-12-18,7,1,1');
INSERT INTO petitions VALUES(12,1,'991021-2026-000012','XGCT-A7BZ-ZNMB','original',NULL,'visit','complaint','registered',1,1796286708,'2026-12-03',4,4,NULL,'0402','991021',1,'2026-12-18','{"number":"991021-2026-000012","query_code":"XGCT-A7BZ-ZNMB","secret_hash":"k1:efe8c4a746c1bb233b94c3089fbcb2f87e8dd2326c73d7376f5527f1e630581a","kind":"original","parent_case_id":null,"root_case_id":null,"child_case_id":null,"channel":"visit","purpose":"complaint","received_at":1796286708,"registered_org_id":4,"registered_by":1,"current_org_id":4,"routed_from_org_id":null,"category_code":"0402","region_code":"991021","title":"升级测试 11","content":"第11件：某工地拖欠工资，请求协调解决。","persons":1,"petitioners":[{"name":"王小明","id_number":"v1:CFqa2CLWw043Gd675R+h/cnX5V24REJ0QkDtaIcbUtP36DL10YyueYL5/eqIexm1XZTyzjfFOnbY9Q==","id_index":"0ca7c7a488805523b1b8e50bfec50e9db836e36efd3fb6f7741f2a9b7b32354d","phone":"v1:VXxDlv1iLlg1BRp5dWNgw5jXgTDaQMnwqKNZHebJ6/r3bSl6h736IBK5vMnz4Mi+Yfkd","address":"v1:htKziKHDMQtpheeFOwHQboIPUIWc/0+92WUUYMzxBPiL9r4+bEBWrUHVYY0EF6iGzufUx+Q1uDAwk0hdlROu","representative":false,"contact_index":"c16a371339154e5bbecdecf6e1b1778869b5ce4e469b1120f32870e0e92462f0"}],"accused_name":"","accused_org_id":null,"involves_litigation":false,"anonymous":false,"is_repeat":false,"repeat_of":null,"skipped_level":false,"state":"registered","clocks":[{"kind":"route","started_on":"2026-12-03","unit":"calendar","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-12-18","stopped_on":null}],"rating":null,"rating_comment":"","route_note":"","route":null,"routed_on":null,"resolved":null,"imported":false,"accepted_on":null,"replied_on":null,"closed_on":null,"extended":false,"remind_count":0,"supervise_count":0,"created_at":1796286708,"updated_at":1796286708}',NULL,NULL,'1,visit|i|i|-|complaint,2026-12-03,4,1,1;2,0402,2026-12-03,4,1,1;3,991021,2026-12-03,4,1,1;6,open:2026-12-18,2026-12-03,4,1,1;7,pending,2026-12-18,4,1,1');
CREATE TABLE petition_orgs (
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    PRIMARY KEY (petition_id, org_id)
) WITHOUT ROWID;
INSERT INTO petition_orgs VALUES(1,4);
INSERT INTO petition_orgs VALUES(2,4);
INSERT INTO petition_orgs VALUES(3,4);
INSERT INTO petition_orgs VALUES(4,4);
INSERT INTO petition_orgs VALUES(5,4);
INSERT INTO petition_orgs VALUES(6,4);
INSERT INTO petition_orgs VALUES(7,4);
INSERT INTO petition_orgs VALUES(8,4);
INSERT INTO petition_orgs VALUES(9,4);
INSERT INTO petition_orgs VALUES(10,4);
INSERT INTO petition_orgs VALUES(11,4);
INSERT INTO petition_orgs VALUES(12,4);
INSERT INTO petition_orgs VALUES(1,5);
INSERT INTO petition_orgs VALUES(5,5);
INSERT INTO petition_orgs VALUES(9,5);
INSERT INTO petition_orgs VALUES(3,7);
INSERT INTO petition_orgs VALUES(7,7);
INSERT INTO petition_orgs VALUES(11,7);
CREATE TABLE petition_users (
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    user_id     INTEGER NOT NULL,
    PRIMARY KEY (petition_id, user_id)
) WITHOUT ROWID;
INSERT INTO petition_users VALUES(1,1);
INSERT INTO petition_users VALUES(2,1);
INSERT INTO petition_users VALUES(3,1);
INSERT INTO petition_users VALUES(4,1);
INSERT INTO petition_users VALUES(5,1);
INSERT INTO petition_users VALUES(6,1);
INSERT INTO petition_users VALUES(7,1);
INSERT INTO petition_users VALUES(8,1);
INSERT INTO petition_users VALUES(9,1);
INSERT INTO petition_users VALUES(10,1);
INSERT INTO petition_users VALUES(11,1);
INSERT INTO petition_users VALUES(12,1);
INSERT INTO petition_users VALUES(1,3);
INSERT INTO petition_users VALUES(5,3);
INSERT INTO petition_users VALUES(9,3);
CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    petition_id   INTEGER NOT NULL REFERENCES petitions(id),
    at            INTEGER NOT NULL,
    action        TEXT NOT NULL,
    actor_user_id INTEGER NOT NULL,
    actor_kind    TEXT NOT NULL,
    org_id        INTEGER NOT NULL,
    target_org_id INTEGER,
    public_text   TEXT NOT NULL,
    internal_note TEXT NOT NULL,
    detail        TEXT NOT NULL,
    is_public     INTEGER NOT NULL
);
INSERT INTO events VALUES(1,1,1796286707,'register',1,'staff',4,NULL,'测试县信访局已登记您的信访事项（来访），编号991021-2026-000001。','','',1);
INSERT INTO events VALUES(2,1,1796286707,'forward',1,'staff',4,5,'您的信访事项已转送至测试县人社局办理。请依法处理。','','{"state":"forwarded","target_org_id":5,"document_id":1,"document_kind":"forward_letter","doc_number":"测试信转〔2026〕1号"}',1);
INSERT INTO events VALUES(3,1,1796286707,'accept',3,'staff',5,NULL,'受理告知书：您的信访事项已受理，将在60日内办结并书面答复。（受理告知书，测试县人社信受〔2026〕1号）','','{"state":"accepted","document_id":2,"document_kind":"acceptance_notice","doc_number":"测试县人社信受〔2026〕1号"}',1);
INSERT INTO events VALUES(4,1,1796286707,'extend',3,'staff',5,NULL,'延期告知书：因需调取资料，办理期限延长30日，至2027-03-03。（延期告知书，测试县人社信延〔2026〕2号）','','{"state":"accepted","reason":"需调取资料","extension_days":30,"approver_id":3,"document_id":3,"document_kind":"extension_notice","doc_number":"测试县人社信延〔2026〕2号"}',1);
INSERT INTO events VALUES(5,1,1796286707,'reply',3,'staff',5,NULL,'信访处理意见书：处理结果：予以支持。（信访处理意见书，测试县人社信处〔2026〕3号）','','{"state":"replied","outcome":"supported","facts":"经查属实。","reasons":"依法应予支付。","legal_basis":"《保障农民工工资支付条例》第三条","document_id":4,"document_kind":"handling_opinion","doc_number":"测试县人社信处〔2026〕3号"}',1);
INSERT INTO events VALUES(6,2,1796286707,'register',1,'staff',4,NULL,'测试县信访局已登记您的信访事项（来访），编号991021-2026-000002。','','',1);
INSERT INTO events VALUES(7,2,1796286707,'reject',1,'staff',4,NULL,'不予受理告知书：属于劳动争议。请通过以下途径解决：向劳动人事争议仲裁委员会申请仲裁。（不予受理告知书，测试信不受〔2026〕2号）','','{"state":"not_accepted","reason":"属于劳动争议","legal_route":"向劳动人事争议仲裁委员会申请仲裁","document_id":5,"document_kind":"non_acceptance_notice","doc_number":"测试信不受〔2026〕2号"}',1);
INSERT INTO events VALUES(8,3,1796286707,'register',1,'staff',4,NULL,'测试县信访局已登记您的信访事项（来访），编号991021-2026-000003。','','',1);
INSERT INTO events VALUES(9,3,1796286707,'forward',1,'staff',4,7,'您的信访事项已转送至测试镇人民政府办理。','','{"state":"forwarded","target_org_id":7,"document_id":6,"document_kind":"forward_letter","doc_number":"测试信转〔2026〕3号"}',1);
INSERT INTO events VALUES(10,4,1796286707,'register',1,'staff',4,NULL,'测试县信访局已登记您的信访事项（来访），编号991021-2026-000004。','','',1);
INSERT INTO events VALUES(11,5,1796286707,'register',1,'staff',4,NULL,'测试县信访局已登记您的信访事项（来访），编号991021-2026-000005。','','',1);
INSERT INTO events VALUES(12,5,1796286707,'forward',1,'staff',4,5,'您的信访事项已转送至测试县人社局办理。请依法处理。','','{"state":"forwarded","target_org_id":5,"document_id":7,"document_kind":"forward_letter","doc_number":"测试信转〔2026〕4号"}',1);
INSERT INTO events VALUES(13,5,1796286707,'accept',3,'staff',5,NULL,'受理告知书：您的信访事项已受理，将在60日内办结并书面答复。（受理告知书，测试县人社信受〔2026〕4号）','','{"state":"accepted","document_id":8,"document_kind":"acceptance_notice","doc_number":"测试县人社信受〔2026〕4号"}',1);
INSERT INTO events VALUES(14,6,1796286708,'register',1,'staff',4,NULL,'测试县信访局已登记您的信访事项（来访），编号991021-2026-000006。','','',1);
INSERT INTO events VALUES(15,6,1796286708,'reject',1,'staff',4,NULL,'不予受理告知书：属于劳动争议。请通过以下途径解决：向劳动人事争议仲裁委员会申请仲裁。（不予受理告知书，测试信不受〔2026〕5号）','','{"state":"not_accepted","reason":"属于劳动争议","legal_route":"向劳动人事争议仲裁委员会申请仲裁","document_id":9,"document_kind":"non_acceptance_notice","doc_number":"测试信不受〔2026〕5号"}',1);
INSERT INTO events VALUES(16,7,1796286708,'register',1,'staff',4,NULL,'测试县信访局已登记您的信访事项（来访），编号991021-2026-000007。','','',1);
INSERT INTO events VALUES(17,7,1796286708,'forward',1,'staff',4,7,'您的信访事项已转送至测试镇人民政府办理。','','{"state":"forwarded","target_org_id":7,"document_id":10,"document_kind":"forward_letter","doc_number":"测试信转〔2026〕6号"}',1);
INSERT INTO events VALUES(18,8,1796286708,'register',1,'staff',4,NULL,'测试县信访局已登记您的信访事项（来访），编号991021-2026-000008。','','',1);
INSERT INTO events VALUES(19,9,1796286708,'register',1,'staff',4,NULL,'测试县信访局已登记您的信访事项（来访），编号991021-2026-000009。','','',1);
INSERT INTO events VALUES(20,9,1796286708,'forward',1,'staff',4,5,'您的信访事项已转送至测试县人社局办理。请依法处理。','','{"state":"forwarded","target_org_id":5,"document_id":11,"document_kind":"forward_letter","doc_number":"测试信转〔2026〕7号"}',1);
INSERT INTO events VALUES(21,9,1796286708,'accept',3,'staff',5,NULL,'受理告知书：您的信访事项已受理，将在60日内办结并书面答复。（受理告知书，测试县人社信受〔2026〕5号）','','{"state":"accepted","document_id":12,"document_kind":"acceptance_notice","doc_number":"测试县人社信受〔2026〕5号"}',1);
INSERT INTO events VALUES(22,9,1796286708,'extend',3,'staff',5,NULL,'延期告知书：因需调取资料，办理期限延长30日，至2027-03-03。（延期告知书，测试县人社信延〔2026〕6号）','','{"state":"accepted","reason":"需调取资料","extension_days":30,"approver_id":3,"document_id":13,"document_kind":"extension_notice","doc_number":"测试县人社信延〔2026〕6号"}',1);
INSERT INTO events VALUES(23,9,1796286708,'reply',3,'staff',5,NULL,'信访处理意见书：处理结果：予以支持。（信访处理意见书，测试县人社信处〔2026〕7号）','','{"state":"replied","outcome":"supported","facts":"经查属实。","reasons":"依法应予支付。","legal_basis":"《保障农民工工资支付条例》第三条","document_id":14,"document_kind":"handling_opinion","doc_number":"测试县人社信处〔2026〕7号"}',1);
INSERT INTO events VALUES(24,10,1796286708,'register',1,'staff',4,NULL,'测试县信访局已登记您的信访事项（来访），编号991021-2026-000010。','','',1);
INSERT INTO events VALUES(25,10,1796286708,'reject',1,'staff',4,NULL,'不予受理告知书：属于劳动争议。请通过以下途径解决：向劳动人事争议仲裁委员会申请仲裁。（不予受理告知书，测试信不受〔2026〕8号）','','{"state":"not_accepted","reason":"属于劳动争议","legal_route":"向劳动人事争议仲裁委员会申请仲裁","document_id":15,"document_kind":"non_acceptance_notice","doc_number":"测试信不受〔2026〕8号"}',1);
INSERT INTO events VALUES(26,11,1796286708,'register',1,'staff',4,NULL,'测试县信访局已登记您的信访事项（来访），编号991021-2026-000011。','','',1);
INSERT INTO events VALUES(27,11,1796286708,'forward',1,'staff',4,7,'您的信访事项已转送至测试镇人民政府办理。','','{"state":"forwarded","target_org_id":7,"document_id":16,"document_kind":"forward_letter","doc_number":"测试信转〔2026〕9号"}',1);
INSERT INTO events VALUES(28,12,1796286708,'register',1,'staff',4,NULL,'测试县信访局已登记您的信访事项（来访），编号991021-2026-000012。','','',1);
CREATE TABLE audit (
    id            INTEGER PRIMARY KEY,
    at            INTEGER NOT NULL,
    actor_user_id INTEGER NOT NULL,
    actor_kind    TEXT NOT NULL,
    action        TEXT NOT NULL,
    object_type   TEXT NOT NULL,
    object_id     TEXT NOT NULL,
    detail        TEXT NOT NULL,
    request_id    TEXT NOT NULL,
    remote_addr   TEXT NOT NULL
);
INSERT INTO audit VALUES(1,1796286704,0,'system','category.import','category','','{"rows":95}','','');
INSERT INTO audit VALUES(2,1796286704,0,'system','stats.rebuild','stats','1','{"cases":0}','','');
INSERT INTO audit VALUES(3,1796286704,0,'system','org.import','org','','{"rows":8}','','');
INSERT INTO audit VALUES(4,1796286705,0,'system','user.add','user','1','{"login":"reg","org":"county"}','','');
INSERT INTO audit VALUES(5,1796286705,0,'system','user.add','user','2','{"login":"appr","org":"county"}','','');
INSERT INTO audit VALUES(6,1796286705,0,'system','user.add','user','3','{"login":"hr","org":"county_hr"}','','');
INSERT INTO audit VALUES(7,1796286705,0,'system','user.add','user','4','{"login":"city","org":"city_hr"}','','');
INSERT INTO audit VALUES(8,1796286705,0,'system','user.add','user','5','{"login":"cityxf","org":"city"}','','');
INSERT INTO audit VALUES(9,1796286706,0,'system','user.add','user','6','{"login":"prov","org":"prov"}','','');
INSERT INTO audit VALUES(10,1796286706,0,'system','user.add','user','7','{"login":"other","org":"other_county"}','','');
INSERT INTO audit VALUES(11,1796286706,0,'system','user.add','user','8','{"login":"townie","org":"town"}','','');
INSERT INTO audit VALUES(12,1796286706,0,'system','user.add','user','9','{"login":"stat","org":"county"}','','');
INSERT INTO audit VALUES(13,1796286707,0,'system','search.reindex','search','cjk-bigram-1','{"cases":0}','','');
INSERT INTO audit VALUES(14,1796286707,0,'system','calendar.recompute','calendar','17876472003401583417','{"cases_changed":0}','','');
INSERT INTO audit VALUES(15,1796286707,1,'staff','session.login','user','1','{}','29c0664e765eb1fa','127.0.0.1');
INSERT INTO audit VALUES(16,1796286707,3,'staff','session.login','user','3','{}','9a40965d652a2989','127.0.0.1');
INSERT INTO audit VALUES(17,1796286707,1,'staff','petition.register','petition','1','{"number":"991021-2026-000001","channel":"visit"}','d704080b8b8eb8cb','127.0.0.1');
INSERT INTO audit VALUES(18,1796286707,1,'staff','petition.forward','petition','1','{"state":"forwarded","target_org_id":5,"document_id":1,"document_kind":"forward_letter","doc_number":"测试信转〔2026〕1号"}','3ce1db20cd6db18b','127.0.0.1');
INSERT INTO audit VALUES(19,1796286707,3,'staff','petition.accept','petition','1','{"state":"accepted","document_id":2,"document_kind":"acceptance_notice","doc_number":"测试县人社信受〔2026〕1号"}','27b367bcb47ea598','127.0.0.1');
INSERT INTO audit VALUES(20,1796286707,3,'staff','petition.extend','petition','1','{"state":"accepted","reason":"需调取资料","extension_days":30,"approver_id":3,"document_id":3,"document_kind":"extension_notice","doc_number":"测试县人社信延〔2026〕2号"}','99d4f088d7323c4d','127.0.0.1');
INSERT INTO audit VALUES(21,1796286707,3,'staff','petition.reply','petition','1','{"state":"replied","outcome":"supported","facts":"经查属实。","reasons":"依法应予支付。","legal_basis":"《保障农民工工资支付条例》第三条","document_id":4,"document_kind":"handling_opinion","doc_number":"测试县人社信处〔2026〕3号"}','c684fea7ef416958','127.0.0.1');
INSERT INTO audit VALUES(22,1796286707,1,'staff','petition.register','petition','2','{"number":"991021-2026-000002","channel":"visit"}','04cf5118494eaecb','127.0.0.1');
INSERT INTO audit VALUES(23,1796286707,1,'staff','petition.reject','petition','2','{"state":"not_accepted","reason":"属于劳动争议","legal_route":"向劳动人事争议仲裁委员会申请仲裁","document_id":5,"document_kind":"non_acceptance_notice","doc_number":"测试信不受〔2026〕2号"}','34894cf39b8e5cec','127.0.0.1');
INSERT INTO audit VALUES(24,1796286707,1,'staff','petition.register','petition','3','{"number":"991021-2026-000003","channel":"visit"}','e77a250e9429d941','127.0.0.1');
INSERT INTO audit VALUES(25,1796286707,1,'staff','petition.forward','petition','3','{"state":"forwarded","target_org_id":7,"document_id":6,"document_kind":"forward_letter","doc_number":"测试信转〔2026〕3号"}','7836cda56120eec0','127.0.0.1');
INSERT INTO audit VALUES(26,1796286707,1,'staff','petition.register','petition','4','{"number":"991021-2026-000004","channel":"visit"}','af712e90cc473c49','127.0.0.1');
INSERT INTO audit VALUES(27,1796286707,1,'staff','petition.register','petition','5','{"number":"991021-2026-000005","channel":"visit"}','b5f775dc42c812a9','127.0.0.1');
INSERT INTO audit VALUES(28,1796286707,1,'staff','petition.forward','petition','5','{"state":"forwarded","target_org_id":5,"document_id":7,"document_kind":"forward_letter","doc_number":"测试信转〔2026〕4号"}','82537fbd1bbe40d5','127.0.0.1');
INSERT INTO audit VALUES(29,1796286708,3,'staff','petition.accept','petition','5','{"state":"accepted","document_id":8,"document_kind":"acceptance_notice","doc_number":"测试县人社信受〔2026〕4号"}','2d8cfbc0f23983e8','127.0.0.1');
INSERT INTO audit VALUES(30,1796286708,1,'staff','petition.register','petition','6','{"number":"991021-2026-000006","channel":"visit"}','9a71e7fbdb4ad749','127.0.0.1');
INSERT INTO audit VALUES(31,1796286708,1,'staff','petition.reject','petition','6','{"state":"not_accepted","reason":"属于劳动争议","legal_route":"向劳动人事争议仲裁委员会申请仲裁","document_id":9,"document_kind":"non_acceptance_notice","doc_number":"测试信不受〔2026〕5号"}','4d1a48c1b4364984','127.0.0.1');
INSERT INTO audit VALUES(32,1796286708,1,'staff','petition.register','petition','7','{"number":"991021-2026-000007","channel":"visit"}','25d52ff364398a70','127.0.0.1');
INSERT INTO audit VALUES(33,1796286708,1,'staff','petition.forward','petition','7','{"state":"forwarded","target_org_id":7,"document_id":10,"document_kind":"forward_letter","doc_number":"测试信转〔2026〕6号"}','2d9e2cffb709217e','127.0.0.1');
INSERT INTO audit VALUES(34,1796286708,1,'staff','petition.register','petition','8','{"number":"991021-2026-000008","channel":"visit"}','65aaab530822ef20','127.0.0.1');
INSERT INTO audit VALUES(35,1796286708,1,'staff','petition.register','petition','9','{"number":"991021-2026-000009","channel":"visit"}','fa8eb02bff5beddb','127.0.0.1');
INSERT INTO audit VALUES(36,1796286708,1,'staff','petition.forward','petition','9','{"state":"forwarded","target_org_id":5,"document_id":11,"document_kind":"forward_letter","doc_number":"测试信转〔2026〕7号"}','673dc9cc7fa5589c','127.0.0.1');
INSERT INTO audit VALUES(37,1796286708,3,'staff','petition.accept','petition','9','{"state":"accepted","document_id":12,"document_kind":"acceptance_notice","doc_number":"测试县人社信受〔2026〕5号"}','17b363b184eb3c1b','127.0.0.1');
INSERT INTO audit VALUES(38,1796286708,3,'staff','petition.extend','petition','9','{"state":"accepted","reason":"需调取资料","extension_days":30,"approver_id":3,"document_id":13,"document_kind":"extension_notice","doc_number":"测试县人社信延〔2026〕6号"}','e2fd1a0a52872d46','127.0.0.1');
INSERT INTO audit VALUES(39,1796286708,3,'staff','petition.reply','petition','9','{"state":"replied","outcome":"supported","facts":"经查属实。","reasons":"依法应予支付。","legal_basis":"《保障农民工工资支付条例》第三条","document_id":14,"document_kind":"handling_opinion","doc_number":"测试县人社信处〔2026〕7号"}','93ce3642ea292f62','127.0.0.1');
INSERT INTO audit VALUES(40,1796286708,1,'staff','petition.register','petition','10','{"number":"991021-2026-000010","channel":"visit"}','854e653222819f82','127.0.0.1');
INSERT INTO audit VALUES(41,1796286708,1,'staff','petition.reject','petition','10','{"state":"not_accepted","reason":"属于劳动争议","legal_route":"向劳动人事争议仲裁委员会申请仲裁","document_id":15,"document_kind":"non_acceptance_notice","doc_number":"测试信不受〔2026〕8号"}','75d9e1abe13b26fc','127.0.0.1');
INSERT INTO audit VALUES(42,1796286708,1,'staff','petition.register','petition','11','{"number":"991021-2026-000011","channel":"visit"}','6a721b244184eef5','127.0.0.1');
INSERT INTO audit VALUES(43,1796286708,1,'staff','petition.forward','petition','11','{"state":"forwarded","target_org_id":7,"document_id":16,"document_kind":"forward_letter","doc_number":"测试信转〔2026〕9号"}','207c2279abfdcaa6','127.0.0.1');
INSERT INTO audit VALUES(44,1796286708,1,'staff','petition.register','petition','12','{"number":"991021-2026-000012","channel":"visit"}','7b86c48bfe2d6a9d','127.0.0.1');
CREATE TABLE sequences (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO sequences VALUES('reference.generation',1);
INSERT INTO sequences VALUES('number:991021:2026',12);
INSERT INTO sequences VALUES('docno:4:2026',9);
INSERT INTO sequences VALUES('docno:5:2026',7);
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO settings VALUES('reference.generation','1');
INSERT INTO settings VALUES('stats.rules_version','1');
INSERT INTO settings VALUES('search.index_version','cjk-bigram-1');
INSERT INTO settings VALUES('calendar_fingerprint','17876472003401583417');
CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    parent_code TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL
);
CREATE TABLE calendar_days (
    day  TEXT PRIMARY KEY,   -- YYYY-MM-DD
    kind TEXT NOT NULL,      -- holiday | workday
    name TEXT NOT NULL
);
CREATE TABLE stat_day (
    org_id  INTEGER NOT NULL,
    dim     INTEGER NOT NULL,
    day     INTEGER NOT NULL,
    key     TEXT NOT NULL,
    batches INTEGER NOT NULL,
    persons INTEGER NOT NULL,
    PRIMARY KEY (org_id, dim, day, key)
) WITHOUT ROWID;
INSERT INTO stat_day VALUES(1,1,20790,'visit|i|i|-|complaint',12,12);
INSERT INTO stat_day VALUES(1,2,20790,'0402',12,12);
INSERT INTO stat_day VALUES(1,3,20790,'991021',12,12);
INSERT INTO stat_day VALUES(1,5,20790,'forward',6,6);
INSERT INTO stat_day VALUES(1,5,20790,'reject',3,3);
INSERT INTO stat_day VALUES(1,6,20790,'done',3,3);
INSERT INTO stat_day VALUES(1,6,20790,'done_resolved',2,2);
INSERT INTO stat_day VALUES(1,6,20790,'open:2026-12-18',6,6);
INSERT INTO stat_day VALUES(1,6,20790,'open:2027-02-01',1,1);
INSERT INTO stat_day VALUES(1,7,20805,'met',6,6);
INSERT INTO stat_day VALUES(1,7,20805,'pending',6,6);
INSERT INTO stat_day VALUES(1,8,20790,'on_time',2,2);
INSERT INTO stat_day VALUES(1,8,20850,'pending',1,1);
INSERT INTO stat_day VALUES(1,9,20822,'pending',2,2);
INSERT INTO stat_day VALUES(2,1,20790,'visit|i|i|-|complaint',12,12);
INSERT INTO stat_day VALUES(2,2,20790,'0402',12,12);
INSERT INTO stat_day VALUES(2,3,20790,'991021',12,12);
INSERT INTO stat_day VALUES(2,5,20790,'forward',6,6);
INSERT INTO stat_day VALUES(2,5,20790,'reject',3,3);
INSERT INTO stat_day VALUES(2,6,20790,'done',3,3);
INSERT INTO stat_day VALUES(2,6,20790,'done_resolved',2,2);
INSERT INTO stat_day VALUES(2,6,20790,'open:2026-12-18',6,6);
INSERT INTO stat_day VALUES(2,6,20790,'open:2027-02-01',1,1);
INSERT INTO stat_day VALUES(2,7,20805,'met',6,6);
INSERT INTO stat_day VALUES(2,7,20805,'pending',6,6);
INSERT INTO stat_day VALUES(2,8,20790,'on_time',2,2);
INSERT INTO stat_day VALUES(2,8,20850,'pending',1,1);
INSERT INTO stat_day VALUES(2,9,20822,'pending',2,2);
INSERT INTO stat_day VALUES(3,7,20805,'met',3,3);
INSERT INTO stat_day VALUES(3,8,20790,'on_time',2,2);
INSERT INTO stat_day VALUES(3,8,20850,'pending',1,1);
INSERT INTO stat_day VALUES(3,9,20822,'pending',2,2);
INSERT INTO stat_day VALUES(4,1,20790,'visit|i|i|-|complaint',12,12);
INSERT INTO stat_day VALUES(4,2,20790,'0402',12,12);
INSERT INTO stat_day VALUES(4,3,20790,'991021',12,12);
INSERT INTO stat_day VALUES(4,5,20790,'forward',6,6);
INSERT INTO stat_day VALUES(4,5,20790,'reject',3,3);
INSERT INTO stat_day VALUES(4,6,20790,'done',3,3);
INSERT INTO stat_day VALUES(4,6,20790,'done_resolved',2,2);
INSERT INTO stat_day VALUES(4,6,20790,'open:2026-12-18',6,6);
INSERT INTO stat_day VALUES(4,6,20790,'open:2027-02-01',1,1);
INSERT INTO stat_day VALUES(4,7,20805,'met',3,3);
INSERT INTO stat_day VALUES(4,7,20805,'pending',6,6);
INSERT INTO stat_day VALUES(5,7,20805,'met',3,3);
INSERT INTO stat_day VALUES(5,8,20790,'on_time',2,2);
INSERT INTO stat_day VALUES(5,8,20850,'pending',1,1);
INSERT INTO stat_day VALUES(5,9,20822,'pending',2,2);
INSERT INTO stat_day VALUES(7,7,20805,'pending',3,3);
CREATE TABLE stat_month (
    org_id  INTEGER NOT NULL,
    dim     INTEGER NOT NULL,
    month   INTEGER NOT NULL,
    key     TEXT NOT NULL,
    batches INTEGER NOT NULL,
    persons INTEGER NOT NULL,
    PRIMARY KEY (org_id, dim, month, key)
) WITHOUT ROWID;
INSERT INTO stat_month VALUES(1,1,202612,'visit|i|i|-|complaint',12,12);
INSERT INTO stat_month VALUES(1,2,202612,'0402',12,12);
INSERT INTO stat_month VALUES(1,3,202612,'991021',12,12);
INSERT INTO stat_month VALUES(1,5,202612,'forward',6,6);
INSERT INTO stat_month VALUES(1,5,202612,'reject',3,3);
INSERT INTO stat_month VALUES(1,6,202612,'done',3,3);
INSERT INTO stat_month VALUES(1,6,202612,'done_resolved',2,2);
INSERT INTO stat_month VALUES(1,6,202612,'open:2026-12-18',6,6);
INSERT INTO stat_month VALUES(1,6,202612,'open:2027-02-01',1,1);
INSERT INTO stat_month VALUES(1,7,202612,'met',6,6);
INSERT INTO stat_month VALUES(1,7,202612,'pending',6,6);
INSERT INTO stat_month VALUES(1,8,202612,'on_time',2,2);
INSERT INTO stat_month VALUES(1,8,202702,'pending',1,1);
INSERT INTO stat_month VALUES(1,9,202701,'pending',2,2);
INSERT INTO stat_month VALUES(2,1,202612,'visit|i|i|-|complaint',12,12);
INSERT INTO stat_month VALUES(2,2,202612,'0402',12,12);
INSERT INTO stat_month VALUES(2,3,202612,'991021',12,12);
INSERT INTO stat_month VALUES(2,5,202612,'forward',6,6);
INSERT INTO stat_month VALUES(2,5,202612,'reject',3,3);
INSERT INTO stat_month VALUES(2,6,202612,'done',3,3);
INSERT INTO stat_month VALUES(2,6,202612,'done_resolved',2,2);
INSERT INTO stat_month VALUES(2,6,202612,'open:2026-12-18',6,6);
INSERT INTO stat_month VALUES(2,6,202612,'open:2027-02-01',1,1);
INSERT INTO stat_month VALUES(2,7,202612,'met',6,6);
INSERT INTO stat_month VALUES(2,7,202612,'pending',6,6);
INSERT INTO stat_month VALUES(2,8,202612,'on_time',2,2);
INSERT INTO stat_month VALUES(2,8,202702,'pending',1,1);
INSERT INTO stat_month VALUES(2,9,202701,'pending',2,2);
INSERT INTO stat_month VALUES(3,7,202612,'met',3,3);
INSERT INTO stat_month VALUES(3,8,202612,'on_time',2,2);
INSERT INTO stat_month VALUES(3,8,202702,'pending',1,1);
INSERT INTO stat_month VALUES(3,9,202701,'pending',2,2);
INSERT INTO stat_month VALUES(4,1,202612,'visit|i|i|-|complaint',12,12);
INSERT INTO stat_month VALUES(4,2,202612,'0402',12,12);
INSERT INTO stat_month VALUES(4,3,202612,'991021',12,12);
INSERT INTO stat_month VALUES(4,5,202612,'forward',6,6);
INSERT INTO stat_month VALUES(4,5,202612,'reject',3,3);
INSERT INTO stat_month VALUES(4,6,202612,'done',3,3);
INSERT INTO stat_month VALUES(4,6,202612,'done_resolved',2,2);
INSERT INTO stat_month VALUES(4,6,202612,'open:2026-12-18',6,6);
INSERT INTO stat_month VALUES(4,6,202612,'open:2027-02-01',1,1);
INSERT INTO stat_month VALUES(4,7,202612,'met',3,3);
INSERT INTO stat_month VALUES(4,7,202612,'pending',6,6);
INSERT INTO stat_month VALUES(5,7,202612,'met',3,3);
INSERT INTO stat_month VALUES(5,8,202612,'on_time',2,2);
INSERT INTO stat_month VALUES(5,8,202702,'pending',1,1);
INSERT INTO stat_month VALUES(5,9,202701,'pending',2,2);
INSERT INTO stat_month VALUES(7,7,202612,'pending',3,3);
CREATE TABLE jobs (
    name             TEXT PRIMARY KEY,
    next_run_at      INTEGER NOT NULL,
    owner            TEXT NOT NULL DEFAULT '',
    last_started_at  INTEGER,
    last_finished_at INTEGER,
    last_result      TEXT NOT NULL DEFAULT ''
);
INSERT INTO jobs VALUES('search_reindex',1796290307,'vm:15162',1796286707,1796286707,'indexed 0');
INSERT INTO jobs VALUES('recompute_deadlines',1796286707,'vm:15162',1796286707,1796286707,'changed 0');
INSERT INTO jobs VALUES('conclude_lapsed',1796287307,'vm:15162',1796286707,1796286707,'concluded 0');
INSERT INTO jobs VALUES('deadline_check',1796286767,'vm:15162',1796286707,1796286707,'changed 0');
CREATE TABLE rate_limits (
    key          TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL
);
PRAGMA writable_schema=ON;
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','petition_fts','petition_fts',0,'CREATE VIRTUAL TABLE petition_fts USING fts5(title, body, people, content='''', tokenize=''xf_cjk'')');
CREATE TABLE IF NOT EXISTS 'petition_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO petition_fts_data VALUES(1,X'0c3c814024');
INSERT INTO petition_fts_data VALUES(10,X'00000000010c0c000c0101010201010301010401010501010601010701010801010901010a01010b01010c0101');
INSERT INTO petition_fts_data VALUES(137438953473,X'000001600230300108060101030103e4bbb601060101040103e586b3010601011102028d870102020403e7baa701020203018f010601010e0403e8b083010601010e02029cb001060101070403e68b9601060101070202b08f01060102030403e6988e01060102030202b7a50108010106060403e59cb001060101060403e8b584010601010a0103e68b9601060101080403e6aca001060101080202988e010601020402029f9001060101050403e5b7a501060101050202aca001060101090403e5b7a501060101090202b182010601010d0403e58d8f010601010d0202b58b0102040403e8af950102040103e78e8b01060102020403e5b08f01060102020202acac01060101020202baa70102030403e6b58b0102030103e8a7a301060101100403e586b301060101100202af950102050301b7010601010c0403e6b182010601010c0202b083010601010f0403e8a7a3010601010f0202b584010601010b04090a0a0708080a090a090a0a0a0a0a0a09090a090a090a07080a0a0907080a0a07080a090a');
INSERT INTO petition_fts_data VALUES(274877906945,X'000001600230310208060101030103e4bbb602060101040103e586b3020601011102028d870202020403e7baa702020203018f020601010e0403e8b083020601010e02029cb002060101070403e68b9602060101070202b08f02060102030403e6988e02060102030202b7a50208010106060403e59cb002060101060403e8b584020601010a0103e68b9602060101080403e6aca002060101080202988e020601020402029f9002060101050403e5b7a502060101050202aca002060101090403e5b7a502060101090202b182020601010d0403e58d8f020601010d0202b58b0202040403e8af950202040103e78e8b02060102020403e5b08f02060102020202acac02060101020202baa70202030403e6b58b0202030103e8a7a302060101100403e586b302060101100202af950202050301b7020601010c0403e6b182020601010c0202b083020601010f0403e8a7a3020601010f0202b584020601010b04090a0a0708080a090a090a0a0a0a0a0a09090a090a090a07080a0a0907080a0a07080a090a');
INSERT INTO petition_fts_data VALUES(412316860417,X'000001600230320308060101030103e4bbb603060101040103e586b3030601011102028d870302020403e7baa703020203018f030601010e0403e8b083030601010e02029cb003060101070403e68b9603060101070202b08f03060102030403e6988e03060102030202b7a50308010106060403e59cb003060101060403e8b584030601010a0103e68b9603060101080403e6aca003060101080202988e030601020402029f9003060101050403e5b7a503060101050202aca003060101090403e5b7a503060101090202b182030601010d0403e58d8f030601010d0202b58b0302040403e8af950302040103e78e8b03060102020403e5b08f03060102020202acac03060101020202baa70302030403e6b58b0302030103e8a7a303060101100403e586b303060101100202af950302050301b7030601010c0403e6b182030601010c0202b083030601010f0403e8a7a3030601010f0202b584030601010b04090a0a0708080a090a090a0a0a0a0a0a09090a090a090a07080a0a0907080a0a07080a090a');
INSERT INTO petition_fts_data VALUES(549755813889,X'000001600230330408060101030103e4bbb604060101040103e586b3040601011102028d870402020403e7baa704020203018f040601010e0403e8b083040601010e02029cb004060101070403e68b9604060101070202b08f04060102030403e6988e04060102030202b7a50408010106060403e59cb004060101060403e8b584040601010a0103e68b9604060101080403e6aca004060101080202988e040601020402029f9004060101050403e5b7a504060101050202aca004060101090403e5b7a504060101090202b182040601010d0403e58d8f040601010d0202b58b0402040403e8af950402040103e78e8b04060102020403e5b08f04060102020202acac04060101020202baa70402030403e6b58b0402030103e8a7a304060101100403e586b304060101100202af950402050301b7040601010c0403e6b182040601010c0202b083040601010f0403e8a7a3040601010f0202b584040601010b04090a0a0708080a090a090a0a0a0a0a0a09090a090a090a07080a0a0907080a0a07080a090a');
INSERT INTO petition_fts_data VALUES(687194767361,X'000001600230340508060101030103e4bbb605060101040103e586b3050601011102028d870502020403e7baa705020203018f050601010e0403e8b083050601010e02029cb005060101070403e68b9605060101070202b08f05060102030403e6988e05060102030202b7a50508010106060403e59cb005060101060403e8b584050601010a0103e68b9605060101080403e6aca005060101080202988e050601020402029f9005060101050403e5b7a505060101050202aca005060101090403e5b7a505060101090202b182050601010d0403e58d8f050601010d0202b58b0502040403e8af950502040103e78e8b05060102020403e5b08f05060102020202acac05060101020202baa70502030403e6b58b0502030103e8a7a305060101100403e586b305060101100202af950502050301b7050601010c0403e6b182050601010c0202b083050601010f0403e8a7a3050601010f0202b584050601010b04090a0a0708080a090a090a0a0a0a0a0a09090a090a090a07080a0a0907080a0a07080a090a');
INSERT INTO petition_fts_data VALUES(824633720833,X'000001600230350608060101030103e4bbb606060101040103e586b3060601011102028d870602020403e7baa706020203018f060601010e0403e8b083060601010e02029cb006060101070403e68b9606060101070202b08f06060102030403e6988e06060102030202b7a50608010106060403e59cb006060101060403e8b584060601010a0103e68b9606060101080403e6aca006060101080202988e060601020402029f9006060101050403e5b7a506060101050202aca006060101090403e5b7a506060101090202b182060601010d0403e58d8f060601010d0202b58b0602040403e8af950602040103e78e8b06060102020403e5b08f06060102020202acac06060101020202baa70602030403e6b58b0602030103e8a7a306060101100403e586b306060101100202af950602050301b7060601010c0403e6b182060601010c0202b083060601010f0403e8a7a3060601010f0202b584060601010b04090a0a0708080a090a090a0a0a0a0a0a09090a090a090a07080a0a0907080a0a07080a090a');
INSERT INTO petition_fts_data VALUES(962072674305,X'000001600230360708060101030103e4bbb607060101040103e586b3070601011102028d870702020403e7baa707020203018f070601010e0403e8b083070601010e02029cb007060101070403e68b9607060101070202b08f07060102030403e6988e07060102030202b7a50708010106060403e59cb007060101060403e8b584070601010a0103e68b9607060101080403e6aca007060101080202988e070601020402029f9007060101050403e5b7a507060101050202aca007060101090403e5b7a507060101090202b182070601010d0403e58d8f070601010d0202b58b0702040403e8af950702040103e78e8b07060102020403e5b08f07060102020202acac07060101020202baa70702030403e6b58b0702030103e8a7a307060101100403e586b307060101100202af950702050301b7070601010c0403e6b182070601010c0202b083070601010f0403e8a7a3070601010f0202b584070601010b04090a0a0708080a090a090a0a0a0a0a0a09090a090a090a07080a0a0907080a0a07080a090a');
INSERT INTO petition_fts_data VALUES(1099511627777,X'000001600230370808060101030103e4bbb608060101040103e586b3080601011102028d870802020403e7baa708020203018f080601010e0403e8b083080601010e02029cb008060101070403e68b9608060101070202b08f08060102030403e6988e08060102030202b7a50808010106060403e59cb008060101060403e8b584080601010a0103e68b9608060101080403e6aca008060101080202988e080601020402029f9008060101050403e5b7a508060101050202aca008060101090403e5b7a508060101090202b182080601010d0403e58d8f080601010d0202b58b0802040403e8af950802040103e78e8b08060102020403e5b08f08060102020202acac08060101020202baa70802030403e6b58b0802030103e8a7a308060101100403e586b308060101100202af950802050301b7080601010c0403e6b182080601010c0202b083080601010f0403e8a7a3080601010f0202b584080601010b04090a0a0708080a090a090a0a0a0a0a0a09090a090a090a07080a0a0907080a0a07080a090a');
INSERT INTO petition_fts_data VALUES(1236950581249,X'000001600230380908060101030103e4bbb609060101040103e586b3090601011102028d870902020403e7baa709020203018f090601010e0403e8b083090601010e02029cb009060101070403e68b9609060101070202b08f09060102030403e6988e09060102030202b7a50908010106060403e59cb009060101060403e8b584090601010a0103e68b9609060101080403e6aca009060101080202988e090601020402029f9009060101050403e5b7a509060101050202aca009060101090403e5b7a509060101090202b182090601010d0403e58d8f090601010d0202b58b0902040403e8af950902040103e78e8b09060102020403e5b08f09060102020202acac09060101020202baa70902030403e6b58b0902030103e8a7a309060101100403e586b309060101100202af950902050301b7090601010c0403e6b182090601010c0202b083090601010f0403e8a7a3090601010f0202b584090601010b04090a0a0708080a090a090a0a0a0a0a0a09090a090a090a07080a0a0907080a0a07080a090a');
INSERT INTO petition_fts_data VALUES(1374389534721,X'000001600230390a08060101030103e4bbb60a060101040103e586b30a0601011102028d870a02020403e7baa70a020203018f0a0601010e0403e8b0830a0601010e02029cb00a060101070403e68b960a060101070202b08f0a060102030403e6988e0a060102030202b7a50a08010106060403e59cb00a060101060403e8b5840a0601010a0103e68b960a060101080403e6aca00a060101080202988e0a0601020402029f900a060101050403e5b7a50a060101050202aca00a060101090403e5b7a50a060101090202b1820a0601010d0403e58d8f0a0601010d0202b58b0a02040403e8af950a02040103e78e8b0a060102020403e5b08f0a060102020202acac0a060101020202baa70a02030403e6b58b0a02030103e8a7a30a060101100403e586b30a060101100202af950a02050301b70a0601010c0403e6b1820a0601010c0202b0830a0601010f0403e8a7a30a0601010f0202b5840a0601010b04090a0a0708080a090a090a0a0a0a0a0a09090a090a090a07080a0a0907080a0a07080a090a');
INSERT INTO petition_fts_data VALUES(1511828488193,X'00000161033031300b08060101030103e4bbb60b060101040103e586b30b0601011102028d870b02020403e7baa70b020203018f0b0601010e0403e8b0830b0601010e02029cb00b060101070403e68b960b060101070202b08f0b060102030403e6988e0b060102030202b7a50b08010106060403e59cb00b060101060403e8b5840b0601010a0103e68b960b060101080403e6aca00b060101080202988e0b0601020402029f900b060101050403e5b7a50b060101050202aca00b060101090403e5b7a50b060101090202b1820b0601010d0403e58d8f0b0601010d0202b58b0b02040403e8af950b02040103e78e8b0b060102020403e5b08f0b060102020202acac0b060101020202baa70b02030403e6b58b0b02030103e8a7a30b060101100403e586b30b060101100202af950b02050301b70b0601010c0403e6b1820b0601010c0202b0830b0601010f0403e8a7a30b0601010f0202b5840b0601010b040a0a0a0708080a090a090a0a0a0a0a0a09090a090a090a07080a0a0907080a0a07080a090a');
INSERT INTO petition_fts_data VALUES(1649267441665,X'00000161033031310c08060101030103e4bbb60c060101040103e586b30c0601011102028d870c02020403e7baa70c020203018f0c0601010e0403e8b0830c0601010e02029cb00c060101070403e68b960c060101070202b08f0c060102030403e6988e0c060102030202b7a50c08010106060403e59cb00c060101060403e8b5840c0601010a0103e68b960c060101080403e6aca00c060101080202988e0c0601020402029f900c060101050403e5b7a50c060101050202aca00c060101090403e5b7a50c060101090202b1820c0601010d0403e58d8f0c0601010d0202b58b0c02040403e8af950c02040103e78e8b0c060102020403e5b08f0c060102020202acac0c060101020202baa70c02030403e6b58b0c02030103e8a7a30c060101100403e586b30c060101100202af950c02050301b70c0601010c0403e6b1820c0601010c0202b0830c0601010f0403e8a7a30c0601010f0202b5840c0601010b040a0a0a0708080a090a090a0a0a0a0a0a09090a090a090a07080a0a0907080a0a07080a090a');
CREATE TABLE IF NOT EXISTS 'petition_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
INSERT INTO petition_fts_idx VALUES(1,X'',2);
INSERT INTO petition_fts_idx VALUES(2,X'',2);
INSERT INTO petition_fts_idx VALUES(3,X'',2);
INSERT INTO petition_fts_idx VALUES(4,X'',2);
INSERT INTO petition_fts_idx VALUES(5,X'',2);
INSERT INTO petition_fts_idx VALUES(6,X'',2);
INSERT INTO petition_fts_idx VALUES(7,X'',2);
INSERT INTO petition_fts_idx VALUES(8,X'',2);
INSERT INTO petition_fts_idx VALUES(9,X'',2);
INSERT INTO petition_fts_idx VALUES(10,X'',2);
INSERT INTO petition_fts_idx VALUES(11,X'',2);
INSERT INTO petition_fts_idx VALUES(12,X'',2);
CREATE TABLE IF NOT EXISTS 'petition_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
INSERT INTO petition_fts_docsize VALUES(1,X'051003');
INSERT INTO petition_fts_docsize VALUES(2,X'051003');
INSERT INTO petition_fts_docsize VALUES(3,X'051003');
INSERT INTO petition_fts_docsize VALUES(4,X'051003');
INSERT INTO petition_fts_docsize VALUES(5,X'051003');
INSERT INTO petition_fts_docsize VALUES(6,X'051003');
INSERT INTO petition_fts_docsize VALUES(7,X'051003');
INSERT INTO petition_fts_docsize VALUES(8,X'051003');
INSERT INTO petition_fts_docsize VALUES(9,X'051003');
INSERT INTO petition_fts_docsize VALUES(10,X'051003');
INSERT INTO petition_fts_docsize VALUES(11,X'051003');
INSERT INTO petition_fts_docsize VALUES(12,X'051003');
CREATE TABLE IF NOT EXISTS 'petition_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO petition_fts_config VALUES('version',4);
CREATE TABLE petition_search (
    petition_id INTEGER PRIMARY KEY REFERENCES petitions(id),
    sig         TEXT NOT NULL
);
INSERT INTO petition_search VALUES(1,'d88e7b395a537f6b');
INSERT INTO petition_search VALUES(2,'eba763c0a7ee2b19');
INSERT INTO petition_search VALUES(3,'63fa1a545ac4355f');
INSERT INTO petition_search VALUES(4,'b7257803dc59bd79');
INSERT INTO petition_search VALUES(5,'2d215026f4ad1333');
INSERT INTO petition_search VALUES(6,'e68216437e4888e9');
INSERT INTO petition_search VALUES(7,'04a22b337a58381f');
INSERT INTO petition_search VALUES(8,'c5ba25be2ed3c139');
INSERT INTO petition_search VALUES(9,'7301672369e5f6fb');
INSERT INTO petition_search VALUES(10,'5a31a29711023c49');
INSERT INTO petition_search VALUES(11,'edad36c19e00576f');
INSERT INTO petition_search VALUES(12,'aac840de5ffc3fdb');
CREATE TABLE petition_keys (
    key         INTEGER NOT NULL,
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    PRIMARY KEY (key, petition_id)
) WITHOUT ROWID;
INSERT INTO petition_keys VALUES(-8955997128253086747,8);
INSERT INTO petition_keys VALUES(-8725710848703043244,3);
INSERT INTO petition_keys VALUES(-8583181435666842104,9);
INSERT INTO petition_keys VALUES(-8388121285795343051,1);
INSERT INTO petition_keys VALUES(-8388121285795343051,11);
INSERT INTO petition_keys VALUES(-7409969724710868700,1);
INSERT INTO petition_keys VALUES(-7409969724710868700,2);
INSERT INTO petition_keys VALUES(-7409969724710868700,3);
INSERT INTO petition_keys VALUES(-7409969724710868700,4);
INSERT INTO petition_keys VALUES(-7409969724710868700,5);
INSERT INTO petition_keys VALUES(-7409969724710868700,6);
INSERT INTO petition_keys VALUES(-7409969724710868700,7);
INSERT INTO petition_keys VALUES(-7409969724710868700,8);
INSERT INTO petition_keys VALUES(-7409969724710868700,9);
INSERT INTO petition_keys VALUES(-7409969724710868700,10);
INSERT INTO petition_keys VALUES(-7409969724710868700,11);
INSERT INTO petition_keys VALUES(-7409969724710868700,12);
INSERT INTO petition_keys VALUES(-7128845739574918044,3);
INSERT INTO petition_keys VALUES(-6979899138314741701,8);
INSERT INTO petition_keys VALUES(-6880378436207038529,1);
INSERT INTO petition_keys VALUES(-6820126664597273102,4);
INSERT INTO petition_keys VALUES(-6425757132179197336,6);
INSERT INTO petition_keys VALUES(-6371132131476225663,9);
INSERT INTO petition_keys VALUES(-6260658774724098418,10);
INSERT INTO petition_keys VALUES(-6062144800134761610,7);
INSERT INTO petition_keys VALUES(-5721784396882703436,7);
INSERT INTO petition_keys VALUES(-5551070962796887003,7);
INSERT INTO petition_keys VALUES(-4911899603890253768,9);
INSERT INTO petition_keys VALUES(-4850421408983485251,4);
INSERT INTO petition_keys VALUES(-4788393080894789788,12);
INSERT INTO petition_keys VALUES(-4709673004728700743,1);
INSERT INTO petition_keys VALUES(-4709673004728700743,11);
INSERT INTO petition_keys VALUES(-4356805209629438493,2);
INSERT INTO petition_keys VALUES(-4356805209629438493,11);
INSERT INTO petition_keys VALUES(-4356805209629438493,12);
INSERT INTO petition_keys VALUES(-3895186276809659930,5);
INSERT INTO petition_keys VALUES(-3639535160271917573,4);
INSERT INTO petition_keys VALUES(-3639535160271917573,7);
INSERT INTO petition_keys VALUES(-3639535160271917573,10);
INSERT INTO petition_keys VALUES(-3469027614808344713,2);
INSERT INTO petition_keys VALUES(-3040713697131241620,9);
INSERT INTO petition_keys VALUES(-2860525184544624355,5);
INSERT INTO petition_keys VALUES(-2527076322005010643,4);
INSERT INTO petition_keys VALUES(-2203575580400075995,2);
INSERT INTO petition_keys VALUES(-2203575580400075995,4);
INSERT INTO petition_keys VALUES(-2203575580400075995,5);
INSERT INTO petition_keys VALUES(-2203575580400075995,7);
INSERT INTO petition_keys VALUES(-2203575580400075995,9);
INSERT INTO petition_keys VALUES(-2203575580400075995,10);
INSERT INTO petition_keys VALUES(-2203575580400075995,11);
INSERT INTO petition_keys VALUES(-2203575580400075995,12);
INSERT INTO petition_keys VALUES(-2074257501574687104,6);
INSERT INTO petition_keys VALUES(-1923508784735042931,3);
INSERT INTO petition_keys VALUES(-1868428561870111486,2);
INSERT INTO petition_keys VALUES(-1868428561870111486,9);
INSERT INTO petition_keys VALUES(-1868428561870111486,11);
INSERT INTO petition_keys VALUES(-1707353723750514607,7);
INSERT INTO petition_keys VALUES(-1594885865428372289,1);
INSERT INTO petition_keys VALUES(-1594885865428372289,11);
INSERT INTO petition_keys VALUES(-459045871044353330,4);
INSERT INTO petition_keys VALUES(-129224292922698987,6);
INSERT INTO petition_keys VALUES(277635685294907709,2);
INSERT INTO petition_keys VALUES(277635685294907709,3);
INSERT INTO petition_keys VALUES(277635685294907709,5);
INSERT INTO petition_keys VALUES(277635685294907709,6);
INSERT INTO petition_keys VALUES(277635685294907709,7);
INSERT INTO petition_keys VALUES(277635685294907709,10);
INSERT INTO petition_keys VALUES(277635685294907709,12);
INSERT INTO petition_keys VALUES(425323796816573054,3);
INSERT INTO petition_keys VALUES(425323796816573054,5);
INSERT INTO petition_keys VALUES(425323796816573054,7);
INSERT INTO petition_keys VALUES(425323796816573054,8);
INSERT INTO petition_keys VALUES(460988734262142570,2);
INSERT INTO petition_keys VALUES(460988734262142570,12);
INSERT INTO petition_keys VALUES(1066793496634716726,1);
INSERT INTO petition_keys VALUES(1066793496634716726,2);
INSERT INTO petition_keys VALUES(1066793496634716726,3);
INSERT INTO petition_keys VALUES(1066793496634716726,4);
INSERT INTO petition_keys VALUES(1066793496634716726,5);
INSERT INTO petition_keys VALUES(1066793496634716726,6);
INSERT INTO petition_keys VALUES(1066793496634716726,7);
INSERT INTO petition_keys VALUES(1066793496634716726,8);
INSERT INTO petition_keys VALUES(1066793496634716726,9);
INSERT INTO petition_keys VALUES(1066793496634716726,10);
INSERT INTO petition_keys VALUES(1066793496634716726,11);
INSERT INTO petition_keys VALUES(1066793496634716726,12);
INSERT INTO petition_keys VALUES(1563406493786928190,6);
INSERT INTO petition_keys VALUES(1665606590681799662,7);
INSERT INTO petition_keys VALUES(1701005261545112572,1);
INSERT INTO petition_keys VALUES(1701005261545112572,2);
INSERT INTO petition_keys VALUES(1701005261545112572,3);
INSERT INTO petition_keys VALUES(1701005261545112572,4);
INSERT INTO petition_keys VALUES(1701005261545112572,5);
INSERT INTO petition_keys VALUES(1701005261545112572,6);
INSERT INTO petition_keys VALUES(1701005261545112572,8);
INSERT INTO petition_keys VALUES(1701005261545112572,9);
INSERT INTO petition_keys VALUES(1701005261545112572,10);
INSERT INTO petition_keys VALUES(1701005261545112572,11);
INSERT INTO petition_keys VALUES(1701005261545112572,12);
INSERT INTO petition_keys VALUES(1808789769198995470,5);
INSERT INTO petition_keys VALUES(1808789769198995470,6);
INSERT INTO petition_keys VALUES(1808789769198995470,10);
INSERT INTO petition_keys VALUES(1940727684064879532,3);
INSERT INTO petition_keys VALUES(2512468981489745996,3);
INSERT INTO petition_keys VALUES(3092949903710153967,4);
INSERT INTO petition_keys VALUES(3396989592142196107,1);
INSERT INTO petition_keys VALUES(3396989592142196107,2);
INSERT INTO petition_keys VALUES(3396989592142196107,3);
INSERT INTO petition_keys VALUES(3396989592142196107,4);
INSERT INTO petition_keys VALUES(3396989592142196107,5);
INSERT INTO petition_keys VALUES(3396989592142196107,7);
INSERT INTO petition_keys VALUES(3396989592142196107,11);
INSERT INTO petition_keys VALUES(3396989592142196107,12);
INSERT INTO petition_keys VALUES(3721675616134689575,1);
INSERT INTO petition_keys VALUES(3721675616134689575,2);
INSERT INTO petition_keys VALUES(3721675616134689575,5);
INSERT INTO petition_keys VALUES(3721675616134689575,6);
INSERT INTO petition_keys VALUES(3721675616134689575,8);
INSERT INTO petition_keys VALUES(3721675616134689575,10);
INSERT INTO petition_keys VALUES(3721675616134689575,11);
INSERT INTO petition_keys VALUES(3721675616134689575,12);
INSERT INTO petition_keys VALUES(3754721517714068708,1);
INSERT INTO petition_keys VALUES(3754721517714068708,11);
INSERT INTO petition_keys VALUES(4251806352847149201,10);
INSERT INTO petition_keys VALUES(5519775804558166653,8);
INSERT INTO petition_keys VALUES(5722364793174448748,6);
INSERT INTO petition_keys VALUES(5770712787729965676,2);
INSERT INTO petition_keys VALUES(5770712787729965676,12);
INSERT INTO petition_keys VALUES(5875269880328319434,8);
INSERT INTO petition_keys VALUES(6067847036199921066,3);
INSERT INTO petition_keys VALUES(6100543333953520221,8);
INSERT INTO petition_keys VALUES(6525256740502858897,8);
INSERT INTO petition_keys VALUES(7339043198881310830,1);
INSERT INTO petition_keys VALUES(7615622330159103866,9);
INSERT INTO petition_keys VALUES(7748701709417453185,8);
INSERT INTO petition_keys VALUES(7754325470298039948,12);
INSERT INTO petition_keys VALUES(7772039059431809686,4);
INSERT INTO petition_keys VALUES(8501789962749142098,5);
INSERT INTO petition_keys VALUES(8501789962749142098,6);
INSERT INTO petition_keys VALUES(8501789962749142098,9);
INSERT INTO petition_keys VALUES(8501789962749142098,10);
INSERT INTO petition_keys VALUES(8524188189639123943,9);
INSERT INTO petition_keys VALUES(9081239089239742027,10);
INSERT INTO petition_keys VALUES(9161369119549672614,1);
CREATE TABLE reception_days (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    day          TEXT NOT NULL,
    start_minute INTEGER NOT NULL,
    end_minute   INTEGER NOT NULL,
    slot_minutes INTEGER NOT NULL,
    per_slot     INTEGER NOT NULL,
    place        TEXT NOT NULL,
    leader_name  TEXT NOT NULL,
    leader_title TEXT NOT NULL,
    topics       TEXT NOT NULL,
    published    INTEGER NOT NULL,
    cancelled    INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    created_by   INTEGER NOT NULL
);
CREATE TABLE reception_bookings (
    id                INTEGER PRIMARY KEY,
    day_id            INTEGER NOT NULL REFERENCES reception_days(id),
    slot_minute       INTEGER NOT NULL,
    confirmation_code TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    phone_sealed      TEXT NOT NULL,
    id_number_sealed  TEXT NOT NULL,
    region_code       TEXT NOT NULL,
    summary           TEXT NOT NULL,
    status            TEXT NOT NULL,
    petition_id       INTEGER,
    created_at        INTEGER NOT NULL,
    version           INTEGER NOT NULL
);
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    key              TEXT NOT NULL UNIQUE,
    channel          TEXT NOT NULL,
    recipient_sealed TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    topic            TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    lease_owner      TEXT NOT NULL DEFAULT '',
    lease_until      INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT NOT NULL DEFAULT '',
    sent_at          INTEGER
);
INSERT INTO outbox VALUES(1,'step:1:sms','sms','v1:woCWzvBocpXhxcyz1ZhpJQDcJ5IrHA1fxrcEkT4Ek9PaxiylICRmJayvnA487ovLsKeK','','【信访】您的信访事项（编号991021-2026-000001）：测试县信访局已登记您的信访事项（来访），编号991021-2026-000001。可凭查询码在网上信访查询。','petition.step',1796286707,'pending',0,1796286707,'',0,'',NULL);
INSERT INTO outbox VALUES(2,'step:2:sms','sms','v1:woCWzvBocpXhxcyz1ZhpJQDcJ5IrHA1fxrcEkT4Ek9PaxiylICRmJayvnA487ovLsKeK','','【信访】您的信访事项（编号991021-2026-000001）：您的信访事项已转送至测试县人社局办理。请依法处理。可凭查询码在网上信访查询。','petition.step',1796286707,'pending',0,1796286707,'',0,'',NULL);
INSERT INTO outbox VALUES(3,'step:3:sms','sms','v1:woCWzvBocpXhxcyz1ZhpJQDcJ5IrHA1fxrcEkT4Ek9PaxiylICRmJayvnA487ovLsKeK','','【信访】您的信访事项（编号991021-2026-000001）：受理告知书：您的信访事项已受理，将在60日内办结并书面答复。（受理告知书，测试县人社信受〔2026〕1号）可凭查询码在网上信访查询。','petition.step',1796286707,'pending',0,1796286707,'',0,'',NULL);
INSERT INTO outbox VALUES(4,'step:4:sms','sms','v1:woCWzvBocpXhxcyz1ZhpJQDcJ5IrHA1fxrcEkT4Ek9PaxiylICRmJayvnA487ovLsKeK','','【信访】您的信访事项（编号991021-2026-000001）：延期告知书：因需调取资料，办理期限延长30日，至2027-03-03。（延期告知书，测试县人社信延〔2026〕2号）可凭查询码在网上信访查询。','petition.step',1796286707,'pending',0,1796286707,'',0,'',NULL);
INSERT INTO outbox VALUES(5,'step:5:sms','sms','v1:woCWzvBocpXhxcyz1ZhpJQDcJ5IrHA1fxrcEkT4Ek9PaxiylICRmJayvnA487ovLsKeK','','【信访】您的信访事项（编号991021-2026-000001）：信访处理意见书：处理结果：予以支持。（信访处理意见书，测试县人社信处〔2026〕3号）可凭查询码在网上信访查询。','petition.step',1796286707,'pending',0,1796286707,'',0,'',NULL);
INSERT INTO outbox VALUES(6,'step:6:sms','sms','v1:ucSJSc6b0AHacpkM4ygq62cqJBK7qeKrenV84y3AiZJoaArlkTwbvK4W49YUXXFk/092','','【信访】您的信访事项（编号991021-2026-000002）：测试县信访局已登记您的信访事项（来访），编号991021-2026-000002。可凭查询码在网上信访查询。','petition.step',1796286707,'pending',0,1796286707,'',0,'',NULL);
INSERT INTO outbox VALUES(7,'step:7:sms','sms','v1:ucSJSc6b0AHacpkM4ygq62cqJBK7qeKrenV84y3AiZJoaArlkTwbvK4W49YUXXFk/092','','【信访】您的信访事项（编号991021-2026-000002）：不予受理告知书：属于劳动争议。请通过以下途径解决：向劳动人事争议仲裁委员会申请仲裁。（不予受理告知书，测试信不受〔2026〕2号）可凭查询码在网上信访查询。','petition.step',1796286707,'pending',0,1796286707,'',0,'',NULL);
INSERT INTO outbox VALUES(8,'step:8:sms','sms','v1:NiZiXdt7E9AHtVG6PNYgDUGJDhU1wsJFPO1hrpwHcfqNTbuz5mCSaAC7xSbl3RJfu4DV','','【信访】您的信访事项（编号991021-2026-000003）：测试县信访局已登记您的信访事项（来访），编号991021-2026-000003。可凭查询码在网上信访查询。','petition.step',1796286707,'pending',0,1796286707,'',0,'',NULL);
INSERT INTO outbox VALUES(9,'step:9:sms','sms','v1:NiZiXdt7E9AHtVG6PNYgDUGJDhU1wsJFPO1hrpwHcfqNTbuz5mCSaAC7xSbl3RJfu4DV','','【信访】您的信访事项（编号991021-2026-000003）：您的信访事项已转送至测试镇人民政府办理。可凭查询码在网上信访查询。','petition.step',1796286707,'pending',0,1796286707,'',0,'',NULL);
INSERT INTO outbox VALUES(10,'step:10:sms','sms','v1:wG86TL2AfIUOSzagriytOLN8QIorGFAij+008uKi73eNe1tKdfdAbaJVRuTwZgOWmRCQ','','【信访】您的信访事项（编号991021-2026-000004）：测试县信访局已登记您的信访事项（来访），编号991021-2026-000004。可凭查询码在网上信访查询。','petition.step',1796286707,'pending',0,1796286707,'',0,'',NULL);
INSERT INTO outbox VALUES(11,'step:11:sms','sms','v1:Loexrw9KC8/kMzwmkSTV6FZuvey1F7RE7QoGrNAy8DIx2wfecEn4zYFntDmfh9t+bpga','','【信访】您的信访事项（编号991021-2026-000005）：测试县信访局已登记您的信访事项（来访），编号991021-2026-000005。可凭查询码在网上信访查询。','petition.step',1796286707,'pending',0,1796286707,'',0,'',NULL);
INSERT INTO outbox VALUES(12,'step:12:sms','sms','v1:Loexrw9KC8/kMzwmkSTV6FZuvey1F7RE7QoGrNAy8DIx2wfecEn4zYFntDmfh9t+bpga','','【信访】您的信访事项（编号991021-2026-000005）：您的信访事项已转送至测试县人社局办理。请依法处理。可凭查询码在网上信访查询。','petition.step',1796286707,'pending',0,1796286707,'',0,'',NULL);
INSERT INTO outbox VALUES(13,'step:13:sms','sms','v1:Loexrw9KC8/kMzwmkSTV6FZuvey1F7RE7QoGrNAy8DIx2wfecEn4zYFntDmfh9t+bpga','','【信访】您的信访事项（编号991021-2026-000005）：受理告知书：您的信访事项已受理，将在60日内办结并书面答复。（受理告知书，测试县人社信受〔2026〕4号）可凭查询码在网上信访查询。','petition.step',1796286708,'pending',0,1796286708,'',0,'',NULL);
INSERT INTO outbox VALUES(14,'step:14:sms','sms','v1:Zi+rsEkAasBJhVPreYx00W1F+OdY50d99hP/VyLhfheYg9/VUEoz+e6q/rBxrqWz2nPs','','【信访】您的信访事项（编号991021-2026-000006）：测试县信访局已登记您的信访事项（来访），编号991021-2026-000006。可凭查询码在网上信访查询。','petition.step',1796286708,'pending',0,1796286708,'',0,'',NULL);
INSERT INTO outbox VALUES(15,'step:15:sms','sms','v1:Zi+rsEkAasBJhVPreYx00W1F+OdY50d99hP/VyLhfheYg9/VUEoz+e6q/rBxrqWz2nPs','','【信访】您的信访事项（编号991021-2026-000006）：不予受理告知书：属于劳动争议。请通过以下途径解决：向劳动人事争议仲裁委员会申请仲裁。（不予受理告知书，测试信不受〔2026〕5号）可凭查询码在网上信访查询。','petition.step',1796286708,'pending',0,1796286708,'',0,'',NULL);
INSERT INTO outbox VALUES(16,'step:16:sms','sms','v1:tZEmUYUARwxA5tdemop+iWRjE/ZL5EDRJcE4OqvcEC1gSmqbLJbcc3UKOrgYSbj24GKp','','【信访】您的信访事项（编号991021-2026-000007）：测试县信访局已登记您的信访事项（来访），编号991021-2026-000007。可凭查询码在网上信访查询。','petition.step',1796286708,'pending',0,1796286708,'',0,'',NULL);
INSERT INTO outbox VALUES(17,'step:17:sms','sms','v1:tZEmUYUARwxA5tdemop+iWRjE/ZL5EDRJcE4OqvcEC1gSmqbLJbcc3UKOrgYSbj24GKp','','【信访】您的信访事项（编号991021-2026-000007）：您的信访事项已转送至测试镇人民政府办理。可凭查询码在网上信访查询。','petition.step',1796286708,'pending',0,1796286708,'',0,'',NULL);
INSERT INTO outbox VALUES(18,'step:18:sms','sms','v1:e4/FzAz9TMENJKT+okjS6YG8/wzqGyr/RmPq5i65CiqOaAgbVd5cJVP3eV6z6m23cWtD','','【信访】您的信访事项（编号991021-2026-000008）：测试县信访局已登记您的信访事项（来访），编号991021-2026-000008。可凭查询码在网上信访查询。','petition.step',1796286708,'pending',0,1796286708,'',0,'',NULL);
INSERT INTO outbox VALUES(19,'step:19:sms','sms','v1:SKYHvtH5mARyCgnFhmUhKyAIedlQytCYDk3apmbSQsP66ZPLkVxC3WLxu7uWVxHIrZ56','','【信访】您的信访事项（编号991021-2026-000009）：测试县信访局已登记您的信访事项（来访），编号991021-2026-000009。可凭查询码在网上信访查询。','petition.step',1796286708,'pending',0,1796286708,'',0,'',NULL);
INSERT INTO outbox VALUES(20,'step:20:sms','sms','v1:SKYHvtH5mARyCgnFhmUhKyAIedlQytCYDk3apmbSQsP66ZPLkVxC3WLxu7uWVxHIrZ56','','【信访】您的信访事项（编号991021-2026-000009）：您的信访事项已转送至测试县人社局办理。请依法处理。可凭查询码在网上信访查询。','petition.step',1796286708,'pending',0,1796286708,'',0,'',NULL);
INSERT INTO outbox VALUES(21,'step:21:sms','sms','v1:SKYHvtH5mARyCgnFhmUhKyAIedlQytCYDk3apmbSQsP66ZPLkVxC3WLxu7uWVxHIrZ56','','【信访】您的信访事项（编号991021-2026-000009）：受理告知书：您的信访事项已受理，将在60日内办结并书面答复。（受理告知书，测试县人社信受〔2026〕5号）可凭查询码在网上信访查询。','petition.step',1796286708,'pending',0,1796286708,'',0,'',NULL);
INSERT INTO outbox VALUES(22,'step:22:sms','sms','v1:SKYHvtH5mARyCgnFhmUhKyAIedlQytCYDk3apmbSQsP66ZPLkVxC3WLxu7uWVxHIrZ56','','【信访】您的信访事项（编号991021-2026-000009）：延期告知书：因需调取资料，办理期限延长30日，至2027-03-03。（延期告知书，测试县人社信延〔2026〕6号）可凭查询码在网上信访查询。','petition.step',1796286708,'pending',0,1796286708,'',0,'',NULL);
INSERT INTO outbox VALUES(23,'step:23:sms','sms','v1:SKYHvtH5mARyCgnFhmUhKyAIedlQytCYDk3apmbSQsP66ZPLkVxC3WLxu7uWVxHIrZ56','','【信访】您的信访事项（编号991021-2026-000009）：信访处理意见书：处理结果：予以支持。（信访处理意见书，测试县人社信处〔2026〕7号）可凭查询码在网上信访查询。','petition.step',1796286708,'pending',0,1796286708,'',0,'',NULL);
INSERT INTO outbox VALUES(24,'step:24:sms','sms','v1:mlsdoy9ImE5ARdAB1z8rixOnWRxnY4NaTIqBmK4mxdaOPAfB2nF8Jf4AdWqNydkMxPZx','','【信访】您的信访事项（编号991021-2026-000010）：测试县信访局已登记您的信访事项（来访），编号991021-2026-000010。可凭查询码在网上信访查询。','petition.step',1796286708,'pending',0,1796286708,'',0,'',NULL);
INSERT INTO outbox VALUES(25,'step:25:sms','sms','v1:mlsdoy9ImE5ARdAB1z8rixOnWRxnY4NaTIqBmK4mxdaOPAfB2nF8Jf4AdWqNydkMxPZx','','【信访】您的信访事项（编号991021-2026-000010）：不予受理告知书：属于劳动争议。请通过以下途径解决：向劳动人事争议仲裁委员会申请仲裁。（不予受理告知书，测试信不受〔2026〕8号）可凭查询码在网上信访查询。','petition.step',1796286708,'pending',0,1796286708,'',0,'',NULL);
INSERT INTO outbox VALUES(26,'step:26:sms','sms','v1:JH5wGW4zomq0Tn82fLfj2e6+sKxfQjnhPc6DRrbJnd+PS/ZcP9HAU2sTyy+Z6hHrNLiD','','【信访】您的信访事项（编号991021-2026-000011）：测试县信访局已登记您的信访事项（来访），编号991021-2026-000011。可凭查询码在网上信访查询。','petition.step',1796286708,'pending',0,1796286708,'',0,'',NULL);
INSERT INTO outbox VALUES(27,'step:27:sms','sms','v1:JH5wGW4zomq0Tn82fLfj2e6+sKxfQjnhPc6DRrbJnd+PS/ZcP9HAU2sTyy+Z6hHrNLiD','','【信访】您的信访事项（编号991021-2026-000011）：您的信访事项已转送至测试镇人民政府办理。可凭查询码在网上信访查询。','petition.step',1796286708,'pending',0,1796286708,'',0,'',NULL);
INSERT INTO outbox VALUES(28,'step:28:sms','sms','v1:VXxDlv1iLlg1BRp5dWNgw5jXgTDaQMnwqKNZHebJ6/r3bSl6h736IBK5vMnz4Mi+Yfkd','','【信访】您的信访事项（编号991021-2026-000012）：测试县信访局已登记您的信访事项（来访），编号991021-2026-000012。可凭查询码在网上信访查询。','petition.step',1796286708,'pending',0,1796286708,'',0,'',NULL);
CREATE TABLE portal_otps (
    query_code    TEXT PRIMARY KEY,
    code_hash     TEXT NOT NULL,
    expires_at    INTEGER NOT NULL,
    attempts_left INTEGER NOT NULL
);
CREATE TABLE document_templates (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    version       INTEGER NOT NULL,
    title         TEXT NOT NULL,
    addressee     TEXT NOT NULL,
    body          TEXT NOT NULL,
    number_format TEXT NOT NULL,
    note          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    created_by    INTEGER NOT NULL,
    UNIQUE (kind, version)
);
INSERT INTO document_templates VALUES(1,'acceptance_notice',1,'信访事项受理告知书','{{信访人}}：',replace('你（单位）于{{信访日期}}提出的“{{信访事项}}”信访事项（信访件编号：{{信访件编号}}）收悉。根据《信访工作条例》第二十三条的规定，本机关决定予以受理。\n本机关将依照《信访工作条例》第三十二条的规定，自受理之日起60日内办结，并出具书面答复意见（本事项答复期限至{{办理期限}}）；情况复杂的，经本机关负责人批准，可以适当延长办理期限，延长期限不超过30日，并告知延期理由。\n你可以凭查询码{{查询码}}在网上信访平台查询办理进度。\n特此告知。','\n',char(10)),'{{机关简称}}信受〔{{年份}}〕{{序号}}号','内置模板',1796286704,0);
INSERT INTO document_templates VALUES(2,'non_acceptance_notice',1,'信访事项不予受理告知书','{{信访人}}：',replace('你（单位）于{{信访日期}}提出的“{{信访事项}}”信访事项（信访件编号：{{信访件编号}}）收悉。经审查，{{不予受理理由}}。根据《信访工作条例》第二十三条的规定，本机关决定不予受理。\n你可以{{法定途径}}。\n特此告知。','\n',char(10)),'{{机关简称}}信不受〔{{年份}}〕{{序号}}号','内置模板',1796286704,0);
INSERT INTO document_templates VALUES(3,'no_further_acceptance_notice',1,'信访事项不再受理告知书','{{信访人}}：',replace('你（单位）于{{信访日期}}提出的“{{信访事项}}”信访事项（信访件编号：{{信访件编号}}）收悉。经审查，该信访事项已经依照《信访工作条例》规定的程序办理终结，你（单位）仍以同一事实和理由提出投诉请求。根据《信访工作条例》第三十六条第三款的规定，本机关不再受理。\n说明：{{不予受理理由}}\n特此告知。','\n',char(10)),'{{机关简称}}信不再〔{{年份}}〕{{序号}}号','内置模板',1796286704,0);
INSERT INTO document_templates VALUES(4,'forward_letter',1,'信访事项转送函','{{接收机关}}：',replace('{{信访日期}}，本机关收到{{信访人}}通过{{信访形式}}反映的“{{信访事项}}”信访事项（信访件编号：{{信访件编号}}）。根据《信访工作条例》第二十二条的规定，该事项属你单位职责范围，现转送你单位依法处理。\n请你单位自收到之日起15日内决定是否受理，并书面告知信访人；认为不属于本单位职责范围的，请于5个工作日内说明理由退回本机关。\n特此函告。','\n',char(10)),'{{机关简称}}信转〔{{年份}}〕{{序号}}号','内置模板',1796286704,0);
INSERT INTO document_templates VALUES(5,'assign_letter',1,'信访事项交办函','{{接收机关}}：',replace('{{信访日期}}，本机关收到{{信访人}}通过{{信访形式}}反映的“{{信访事项}}”信访事项（信访件编号：{{信访件编号}}）。根据《信访工作条例》第二十二条的规定，现交办你单位办理。\n请你单位依法依规办理，并于{{反馈期限}}前将办理结果书面反馈本机关。\n特此函告。','\n',char(10)),'{{机关简称}}信交〔{{年份}}〕{{序号}}号','内置模板',1796286704,0);
INSERT INTO document_templates VALUES(6,'extension_notice',1,'信访事项延期办理告知书','{{信访人}}：',replace('你（单位）于{{信访日期}}提出的“{{信访事项}}”信访事项（信访件编号：{{信访件编号}}），本机关已于{{受理日期}}受理。因{{延期理由}}，经本机关负责人批准，根据《信访工作条例》第三十四条的规定，办理期限延长{{延期天数}}日，答复期限至{{办理期限}}。\n特此告知。','\n',char(10)),'{{机关简称}}信延〔{{年份}}〕{{序号}}号','内置模板',1796286704,0);
INSERT INTO document_templates VALUES(7,'handling_opinion',1,'信访事项处理意见书','{{信访人}}：',replace('你（单位）于{{信访日期}}提出的“{{信访事项}}”信访事项（信访件编号：{{信访件编号}}），本机关已于{{受理日期}}受理。根据《信访工作条例》第三十二条的规定，经调查核实，现提出意见如下：\n一、查明的事实\n{{事实}}\n二、理由和依据\n{{理由}}\n依据：{{依据}}\n三、处理意见\n对你（单位）的信访诉求，{{处理结果}}。\n{{权利告知}}','\n',char(10)),'{{机关简称}}信处〔{{年份}}〕{{序号}}号','内置模板',1796286704,0);
INSERT INTO document_templates VALUES(8,'review_opinion',1,'信访事项复查意见书','{{信访人}}：',replace('你（单位）于{{信访日期}}提出的“{{信访事项}}”信访事项（信访件编号：{{信访件编号}}），本机关已于{{受理日期}}受理。根据《信访工作条例》第三十五条的规定，经调查核实，现提出意见如下：\n一、查明的事实\n{{事实}}\n二、理由和依据\n{{理由}}\n依据：{{依据}}\n三、处理意见\n对你（单位）的信访诉求，{{处理结果}}。\n{{权利告知}}','\n',char(10)),'{{机关简称}}信复查〔{{年份}}〕{{序号}}号','内置模板',1796286704,0);
INSERT INTO document_templates VALUES(9,'re_review_opinion',1,'信访事项复核意见书','{{信访人}}：',replace('你（单位）于{{信访日期}}提出的“{{信访事项}}”信访事项（信访件编号：{{信访件编号}}），本机关已于{{受理日期}}受理。根据《信访工作条例》第三十六条的规定，经调查核实，现提出意见如下：\n一、查明的事实\n{{事实}}\n二、理由和依据\n{{理由}}\n依据：{{依据}}\n三、处理意见\n对你（单位）的信访诉求，{{处理结果}}。\n{{权利告知}}','\n',char(10)),'{{机关简称}}信复核〔{{年份}}〕{{序号}}号','内置模板',1796286704,0);
INSERT INTO document_templates VALUES(10,'supervision_notice',1,'信访事项督办通知','{{接收机关}}：',replace('你单位办理的“{{信访事项}}”信访事项（信访件编号：{{信访件编号}}），{{督办事由}}。根据《信访工作条例》第三十九条的规定，现予督办。\n请你单位依法依规抓紧办理，并于{{反馈期限}}前将办理情况书面反馈本机关。\n特此通知。','\n',char(10)),'{{机关简称}}信督〔{{年份}}〕{{序号}}号','内置模板',1796286704,0);
CREATE TABLE documents (
    id               INTEGER PRIMARY KEY,
    petition_id      INTEGER NOT NULL REFERENCES petitions(id),
    kind             TEXT NOT NULL,
    revision         INTEGER NOT NULL,
    template_id      INTEGER NOT NULL REFERENCES document_templates(id),
    template_version INTEGER NOT NULL,
    doc_number       TEXT NOT NULL,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    fields_json      TEXT NOT NULL,
    content_json     TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    size             INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    created_by       INTEGER NOT NULL,
    UNIQUE (petition_id, kind, revision)
);
INSERT INTO documents VALUES(1,1,'forward_letter',1,4,1,'测试信转〔2026〕1号',4,'{"上级机关":"测试市信访局","信访事项":"升级测试 0","信访人":"王小明","信访件编号":"991021-2026-000001","信访形式":"来访","信访日期":"2026年12月3日","反馈期限":"","受理日期":"","成文日期":"2026年12月3日","承办机关":"测试县信访局","接收机关":"测试县人社局","文号":"测试信转〔2026〕1号","机关简称":"测试","登记机关":"测试县信访局"}','{"title":"信访事项转送函","doc_number":"测试信转〔2026〕1号","addressee":"测试县人社局：","paragraphs":["2026年12月3日，本机关收到王小明通过来访反映的“升级测试 0”信访事项（信访件编号：991021-2026-000001）。根据《信访工作条例》第二十二条的规定，该事项属你单位职责范围，现转送你单位依法处理。","请你单位自收到之日起15日内决定是否受理，并书面告知信访人；认为不属于本单位职责范围的，请于5个工作日内说明理由退回本机关。","特此函告。"],"signer":"测试县信访局","date_text":"2026年12月3日"}','4fc5ff61400d036d03065bf776a966c8377ef1f0a6ce216ebb6d5a3f3e8a18d7',133773,1796286707,1);
INSERT INTO documents VALUES(2,1,'acceptance_notice',1,1,1,'测试县人社信受〔2026〕1号',5,'{"上级机关":"测试市人社局","信访事项":"升级测试 0","信访人":"王小明","信访件编号":"991021-2026-000001","信访形式":"来访","信访日期":"2026年12月3日","办理期限":"2027年2月1日","反馈期限":"","受理日期":"2026年12月3日","成文日期":"2026年12月3日","承办机关":"测试县人社局","文号":"测试县人社信受〔2026〕1号","机关简称":"测试县人社","查询码":"U594-JN2A-UXPZ","登记机关":"测试县信访局"}','{"title":"信访事项受理告知书","doc_number":"测试县人社信受〔2026〕1号","addressee":"王小明：","paragraphs":["你（单位）于2026年12月3日提出的“升级测试 0”信访事项（信访件编号：991021-2026-000001）收悉。根据《信访工作条例》第二十三条的规定，本机关决定予以受理。","本机关将依照《信访工作条例》第三十二条的规定，自受理之日起60日内办结，并出具书面答复意见（本事项答复期限至2027年2月1日）；情况复杂的，经本机关负责人批准，可以适当延长办理期限，延长期限不超过30日，并告知延期理由。","你可以凭查询码U594-JN2A-UXPZ在网上信访平台查询办理进度。","特此告知。"],"signer":"测试县人社局","date_text":"2026年12月3日"}','8cf356bcc09b32a1009ce1f70f401062634e97fbc80f12f72c37afda1cb70e53',143159,1796286707,3);
INSERT INTO documents VALUES(3,1,'extension_notice',1,6,1,'测试县人社信延〔2026〕2号',5,'{"上级机关":"测试市人社局","信访事项":"升级测试 0","信访人":"王小明","信访件编号":"991021-2026-000001","信访形式":"来访","信访日期":"2026年12月3日","办理期限":"2027年3月3日","反馈期限":"","受理日期":"2026年12月3日","延期天数":"30","延期理由":"需调取资料","成文日期":"2026年12月3日","承办机关":"测试县人社局","文号":"测试县人社信延〔2026〕2号","机关简称":"测试县人社","查询码":"U594-JN2A-UXPZ","登记机关":"测试县信访局"}','{"title":"信访事项延期办理告知书","doc_number":"测试县人社信延〔2026〕2号","addressee":"王小明：","paragraphs":["你（单位）于2026年12月3日提出的“升级测试 0”信访事项（信访件编号：991021-2026-000001），本机关已于2026年12月3日受理。因需调取资料，经本机关负责人批准，根据《信访工作条例》第三十四条的规定，办理期限延长30日，答复期限至2027年3月3日。","特此告知。"],"signer":"测试县人社局","date_text":"2026年12月3日"}','2acdd83c95382f8c812cf239e4082aef50cc7a11d26d201b415aec4cf1304769',130599,1796286707,3);
INSERT INTO documents VALUES(4,1,'handling_opinion',1,7,1,'测试县人社信处〔2026〕3号',5,'{"上级机关":"测试市人社局","事实":"经查属实。","依据":"《保障农民工工资支付条例》第三条","信访事项":"升级测试 0","信访人":"王小明","信访件编号":"991021-2026-000001","信访形式":"来访","信访日期":"2026年12月3日","反馈期限":"","受理日期":"2026年12月3日","处理结果":"予以支持","成文日期":"2026年12月3日","承办机关":"测试县人社局","文号":"测试县人社信处〔2026〕3号","机关简称":"测试县人社","权利告知":"如对本处理意见不服，可以自收到本意见书之日起30日内向测试市人社局请求复查（按本意见书出具之日计算，至2027年1月4日止）。","查询码":"U594-JN2A-UXPZ","理由":"依法应予支付。","登记机关":"测试县信访局"}','{"title":"信访事项处理意见书","doc_number":"测试县人社信处〔2026〕3号","addressee":"王小明：","paragraphs":["你（单位）于2026年12月3日提出的“升级测试 0”信访事项（信访件编号：991021-2026-000001），本机关已于2026年12月3日受理。根据《信访工作条例》第三十二条的规定，经调查核实，现提出意见如下：","一、查明的事实","经查属实。","二、理由和依据","依法应予支付。","依据：《保障农民工工资支付条例》第三条","三、处理意见","对你（单位）的信访诉求，予以支持。","如对本处理意见不服，可以自收到本意见书之日起30日内向测试市人社局请求复查（按本意见书出具之日计算，至2027年1月4日止）。"],"signer":"测试县人社局","date_text":"2026年12月3日"}','b1ff51fffe217633ead5cea890994e28c52764881842855bcde31cb3691bf696',140098,1796286707,3);
INSERT INTO documents VALUES(5,2,'non_acceptance_notice',1,2,1,'测试信不受〔2026〕2号',4,'{"上级机关":"测试市信访局","不予受理理由":"属于劳动争议","信访事项":"升级测试 1","信访人":"王小明","信访件编号":"991021-2026-000002","信访形式":"来访","信访日期":"2026年12月3日","反馈期限":"","受理日期":"","成文日期":"2026年12月3日","承办机关":"测试县信访局","文号":"测试信不受〔2026〕2号","机关简称":"测试","查询码":"MA9A-7FU7-XNUW","法定途径":"向劳动人事争议仲裁委员会申请仲裁","登记机关":"测试县信访局"}','{"title":"信访事项不予受理告知书","doc_number":"测试信不受〔2026〕2号","addressee":"王小明：","paragraphs":["你（单位）于2026年12月3日提出的“升级测试 1”信访事项（信访件编号：991021-2026-000002）收悉。经审查，属于劳动争议。根据《信访工作条例》第二十三条的规定，本机关决定不予受理。","你可以向劳动人事争议仲裁委员会申请仲裁。","特此告知。"],"signer":"测试县信访局","date_text":"2026年12月3日"}','f74d98255274aefbd0e03a798e84c0404fa01d0bdd2c8ba73437bdc2a597703d',129886,1796286707,1);
INSERT INTO documents VALUES(6,3,'forward_letter',1,4,1,'测试信转〔2026〕3号',4,'{"上级机关":"测试市信访局","信访事项":"升级测试 2","信访人":"王小明","信访件编号":"991021-2026-000003","信访形式":"来访","信访日期":"2026年12月3日","反馈期限":"","受理日期":"","成文日期":"2026年12月3日","承办机关":"测试县信访局","接收机关":"测试镇人民政府","文号":"测试信转〔2026〕3号","机关简称":"测试","登记机关":"测试县信访局"}','{"title":"信访事项转送函","doc_number":"测试信转〔2026〕3号","addressee":"测试镇人民政府：","paragraphs":["2026年12月3日，本机关收到王小明通过来访反映的“升级测试 2”信访事项（信访件编号：991021-2026-000003）。根据《信访工作条例》第二十二条的规定，该事项属你单位职责范围，现转送你单位依法处理。","请你单位自收到之日起15日内决定是否受理，并书面告知信访人；认为不属于本单位职责范围的，请于5个工作日内说明理由退回本机关。","特此函告。"],"signer":"测试县信访局","date_text":"2026年12月3日"}','1a1b40e1cd15c66c9e3022fbfaa2e5ad3c48e1844874f2f0d64d389542c4841a',134899,1796286707,1);
INSERT INTO documents VALUES(7,5,'forward_letter',1,4,1,'测试信转〔2026〕4号',4,'{"上级机关":"测试市信访局","信访事项":"升级测试 4","信访人":"王小明","信访件编号":"991021-2026-000005","信访形式":"来访","信访日期":"2026年12月3日","反馈期限":"","受理日期":"","成文日期":"2026年12月3日","承办机关":"测试县信访局","接收机关":"测试县人社局","文号":"测试信转〔2026〕4号","机关简称":"测试","登记机关":"测试县信访局"}','{"title":"信访事项转送函","doc_number":"测试信转〔2026〕4号","addressee":"测试县人社局：","paragraphs":["2026年12月3日，本机关收到王小明通过来访反映的“升级测试 4”信访事项（信访件编号：991021-2026-000005）。根据《信访工作条例》第二十二条的规定，该事项属你单位职责范围，现转送你单位依法处理。","请你单位自收到之日起15日内决定是否受理，并书面告知信访人；认为不属于本单位职责范围的，请于5个工作日内说明理由退回本机关。","特此函告。"],"signer":"测试县信访局","date_text":"2026年12月3日"}','bfc9e71a084e9ee7e8927453330628383ebc5fc06ccc2deea20de6713565d073',133852,1796286707,1);
INSERT INTO documents VALUES(8,5,'acceptance_notice',1,1,1,'测试县人社信受〔2026〕4号',5,'{"上级机关":"测试市人社局","信访事项":"升级测试 4","信访人":"王小明","信访件编号":"991021-2026-000005","信访形式":"来访","信访日期":"2026年12月3日","办理期限":"2027年2月1日","反馈期限":"","受理日期":"2026年12月3日","成文日期":"2026年12月3日","承办机关":"测试县人社局","文号":"测试县人社信受〔2026〕4号","机关简称":"测试县人社","查询码":"ZZV4-2KET-ZKUG","登记机关":"测试县信访局"}','{"title":"信访事项受理告知书","doc_number":"测试县人社信受〔2026〕4号","addressee":"王小明：","paragraphs":["你（单位）于2026年12月3日提出的“升级测试 4”信访事项（信访件编号：991021-2026-000005）收悉。根据《信访工作条例》第二十三条的规定，本机关决定予以受理。","本机关将依照《信访工作条例》第三十二条的规定，自受理之日起60日内办结，并出具书面答复意见（本事项答复期限至2027年2月1日）；情况复杂的，经本机关负责人批准，可以适当延长办理期限，延长期限不超过30日，并告知延期理由。","你可以凭查询码ZZV4-2KET-ZKUG在网上信访平台查询办理进度。","特此告知。"],"signer":"测试县人社局","date_text":"2026年12月3日"}','c2e2b387405f740407574fbd535b5ab467ddff2add59bf11dbaba785918844bc',143123,1796286707,3);
INSERT INTO documents VALUES(9,6,'non_acceptance_notice',1,2,1,'测试信不受〔2026〕5号',4,'{"上级机关":"测试市信访局","不予受理理由":"属于劳动争议","信访事项":"升级测试 5","信访人":"王小明","信访件编号":"991021-2026-000006","信访形式":"来访","信访日期":"2026年12月3日","反馈期限":"","受理日期":"","成文日期":"2026年12月3日","承办机关":"测试县信访局","文号":"测试信不受〔2026〕5号","机关简称":"测试","查询码":"ZZUX-V9DG-K6KM","法定途径":"向劳动人事争议仲裁委员会申请仲裁","登记机关":"测试县信访局"}','{"title":"信访事项不予受理告知书","doc_number":"测试信不受〔2026〕5号","addressee":"王小明：","paragraphs":["你（单位）于2026年12月3日提出的“升级测试 5”信访事项（信访件编号：991021-2026-000006）收悉。经审查，属于劳动争议。根据《信访工作条例》第二十三条的规定，本机关决定不予受理。","你可以向劳动人事争议仲裁委员会申请仲裁。","特此告知。"],"signer":"测试县信访局","date_text":"2026年12月3日"}','cfb70cf18106c286f1562fdc5f547b5c606426c38203acb4362b4210093b81c2',129989,1796286708,1);
INSERT INTO documents VALUES(10,7,'forward_letter',1,4,1,'测试信转〔2026〕6号',4,'{"上级机关":"测试市信访局","信访事项":"升级测试 6","信访人":"王小明","信访件编号":"991021-2026-000007","信访形式":"来访","信访日期":"2026年12月3日","反馈期限":"","受理日期":"","成文日期":"2026年12月3日","承办机关":"测试县信访局","接收机关":"测试镇人民政府","文号":"测试信转〔2026〕6号","机关简称":"测试","登记机关":"测试县信访局"}','{"title":"信访事项转送函","doc_number":"测试信转〔2026〕6号","addressee":"测试镇人民政府：","paragraphs":["2026年12月3日，本机关收到王小明通过来访反映的“升级测试 6”信访事项（信访件编号：991021-2026-000007）。根据《信访工作条例》第二十二条的规定，该事项属你单位职责范围，现转送你单位依法处理。","请你单位自收到之日起15日内决定是否受理，并书面告知信访人；认为不属于本单位职责范围的，请于5个工作日内说明理由退回本机关。","特此函告。"],"signer":"测试县信访局","date_text":"2026年12月3日"}','84495ba09d46647fe485ed9c187bfbf51d095a023da012151eafd69f9f2e0913',134958,1796286708,1);
INSERT INTO documents VALUES(11,9,'forward_letter',1,4,1,'测试信转〔2026〕7号',4,'{"上级机关":"测试市信访局","信访事项":"升级测试 8","信访人":"王小明","信访件编号":"991021-2026-000009","信访形式":"来访","信访日期":"2026年12月3日","反馈期限":"","受理日期":"","成文日期":"2026年12月3日","承办机关":"测试县信访局","接收机关":"测试县人社局","文号":"测试信转〔2026〕7号","机关简称":"测试","登记机关":"测试县信访局"}','{"title":"信访事项转送函","doc_number":"测试信转〔2026〕7号","addressee":"测试县人社局：","paragraphs":["2026年12月3日，本机关收到王小明通过来访反映的“升级测试 8”信访事项（信访件编号：991021-2026-000009）。根据《信访工作条例》第二十二条的规定，该事项属你单位职责范围，现转送你单位依法处理。","请你单位自收到之日起15日内决定是否受理，并书面告知信访人；认为不属于本单位职责范围的，请于5个工作日内说明理由退回本机关。","特此函告。"],"signer":"测试县信访局","date_text":"2026年12月3日"}','cbb2e4d4435700e5a6cb7b3b2820c4f1952d686350a592cb45d45a1f20eb5a7f',133990,1796286708,1);
INSERT INTO documents VALUES(12,9,'acceptance_notice',1,1,1,'测试县人社信受〔2026〕5号',5,'{"上级机关":"测试市人社局","信访事项":"升级测试 8","信访人":"王小明","信访件编号":"991021-2026-000009","信访形式":"来访","信访日期":"2026年12月3日","办理期限":"2027年2月1日","反馈期限":"","受理日期":"2026年12月3日","成文日期":"2026年12月3日","承办机关":"测试县人社局","文号":"测试县人社信受〔2026〕5号","机关简称":"测试县人社","查询码":"JC9S-T2GU-F572","登记机关":"测试县信访局"}','{"title":"信访事项受理告知书","doc_number":"测试县人社信受〔2026〕5号","addressee":"王小明：","paragraphs":["你（单位）于2026年12月3日提出的“升级测试 8”信访事项（信访件编号：991021-2026-000009）收悉。根据《信访工作条例》第二十三条的规定，本机关决定予以受理。","本机关将依照《信访工作条例》第三十二条的规定，自受理之日起60日内办结，并出具书面答复意见（本事项答复期限至2027年2月1日）；情况复杂的，经本机关负责人批准，可以适当延长办理期限，延长期限不超过30日，并告知延期理由。","你可以凭查询码JC9S-T2GU-F572在网上信访平台查询办理进度。","特此告知。"],"signer":"测试县人社局","date_text":"2026年12月3日"}','9e806edfdaec9f7bebc5c3b5c69d82433e10bb3c10f7f25963171c371de21dcf',143365,1796286708,3);
INSERT INTO documents VALUES(13,9,'extension_notice',1,6,1,'测试县人社信延〔2026〕6号',5,'{"上级机关":"测试市人社局","信访事项":"升级测试 8","信访人":"王小明","信访件编号":"991021-2026-000009","信访形式":"来访","信访日期":"2026年12月3日","办理期限":"2027年3月3日","反馈期限":"","受理日期":"2026年12月3日","延期天数":"30","延期理由":"需调取资料","成文日期":"2026年12月3日","承办机关":"测试县人社局","文号":"测试县人社信延〔2026〕6号","机关简称":"测试县人社","查询码":"JC9S-T2GU-F572","登记机关":"测试县信访局"}','{"title":"信访事项延期办理告知书","doc_number":"测试县人社信延〔2026〕6号","addressee":"王小明：","paragraphs":["你（单位）于2026年12月3日提出的“升级测试 8”信访事项（信访件编号：991021-2026-000009），本机关已于2026年12月3日受理。因需调取资料，经本机关负责人批准，根据《信访工作条例》第三十四条的规定，办理期限延长30日，答复期限至2027年3月3日。","特此告知。"],"signer":"测试县人社局","date_text":"2026年12月3日"}','04fb0687ef9c20342bceef191759b46961c7bdf83183289e82f1695d68a885b6',130744,1796286708,3);
INSERT INTO documents VALUES(14,9,'handling_opinion',1,7,1,'测试县人社信处〔2026〕7号',5,'{"上级机关":"测试市人社局","事实":"经查属实。","依据":"《保障农民工工资支付条例》第三条","信访事项":"升级测试 8","信访人":"王小明","信访件编号":"991021-2026-000009","信访形式":"来访","信访日期":"2026年12月3日","反馈期限":"","受理日期":"2026年12月3日","处理结果":"予以支持","成文日期":"2026年12月3日","承办机关":"测试县人社局","文号":"测试县人社信处〔2026〕7号","机关简称":"测试县人社","权利告知":"如对本处理意见不服，可以自收到本意见书之日起30日内向测试市人社局请求复查（按本意见书出具之日计算，至2027年1月4日止）。","查询码":"JC9S-T2GU-F572","理由":"依法应予支付。","登记机关":"测试县信访局"}','{"title":"信访事项处理意见书","doc_number":"测试县人社信处〔2026〕7号","addressee":"王小明：","paragraphs":["你（单位）于2026年12月3日提出的“升级测试 8”信访事项（信访件编号：991021-2026-000009），本机关已于2026年12月3日受理。根据《信访工作条例》第三十二条的规定，经调查核实，现提出意见如下：","一、查明的事实","经查属实。","二、理由和依据","依法应予支付。","依据：《保障农民工工资支付条例》第三条","三、处理意见","对你（单位）的信访诉求，予以支持。","如对本处理意见不服，可以自收到本意见书之日起30日内向测试市人社局请求复查（按本意见书出具之日计算，至2027年1月4日止）。"],"signer":"测试县人社局","date_text":"2026年12月3日"}','ea46e8b9e995e8fede02cbc26f740d726d0ef0996c609cc22e7f829bb0ebdcd7',140714,1796286708,3);
INSERT INTO documents VALUES(15,10,'non_acceptance_notice',1,2,1,'测试信不受〔2026〕8号',4,'{"上级机关":"测试市信访局","不予受理理由":"属于劳动争议","信访事项":"升级测试 9","信访人":"王小明","信访件编号":"991021-2026-000010","信访形式":"来访","信访日期":"2026年12月3日","反馈期限":"","受理日期":"","成文日期":"2026年12月3日","承办机关":"测试县信访局","文号":"测试信不受〔2026〕8号","机关简称":"测试","查询码":"3DQ7-5YEK-T3G4","法定途径":"向劳动人事争议仲裁委员会申请仲裁","登记机关":"测试县信访局"}','{"title":"信访事项不予受理告知书","doc_number":"测试信不受〔2026〕8号","addressee":"王小明：","paragraphs":["你（单位）于2026年12月3日提出的“升级测试 9”信访事项（信访件编号：991021-2026-000010）收悉。经审查，属于劳动争议。根据《信访工作条例》第二十三条的规定，本机关决定不予受理。","你可以向劳动人事争议仲裁委员会申请仲裁。","特此告知。"],"signer":"测试县信访局","date_text":"2026年12月3日"}','3282603f4ab15414deb4b4a1831b50a0621256690ab3ed6eaad8c809ce56baf7',130030,1796286708,1);
INSERT INTO documents VALUES(16,11,'forward_letter',1,4,1,'测试信转〔2026〕9号',4,'{"上级机关":"测试市信访局","信访事项":"升级测试 10","信访人":"王小明","信访件编号":"991021-2026-000011","信访形式":"来访","信访日期":"2026年12月3日","反馈期限":"","受理日期":"","成文日期":"2026年12月3日","承办机关":"测试县信访局","接收机关":"测试镇人民政府","文号":"测试信转〔2026〕9号","机关简称":"测试","登记机关":"测试县信访局"}','{"title":"信访事项转送函","doc_number":"测试信转〔2026〕9号","addressee":"测试镇人民政府：","paragraphs":["2026年12月3日，本机关收到王小明通过来访反映的“升级测试 10”信访事项（信访件编号：991021-2026-000011）。根据《信访工作条例》第二十二条的规定，该事项属你单位职责范围，现转送你单位依法处理。","请你单位自收到之日起15日内决定是否受理，并书面告知信访人；认为不属于本单位职责范围的，请于5个工作日内说明理由退回本机关。","特此函告。"],"signer":"测试县信访局","date_text":"2026年12月3日"}','03c3f8199d6ef99d62a8ceb1a4c821d805c55c9d81e6e863fb93bdb170d1b8dd',134915,1796286708,1);
CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    petition_id   INTEGER NOT NULL REFERENCES petitions(id),
    sha256        TEXT NOT NULL,
    size          INTEGER NOT NULL,
    media_type    TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    source        TEXT NOT NULL,
    uploaded_at   INTEGER NOT NULL,
    uploaded_by   INTEGER NOT NULL,
    deleted_at    INTEGER,
    deleted_by    INTEGER NOT NULL DEFAULT 0,
    delete_reason TEXT NOT NULL DEFAULT ''
);
ANALYZE sqlite_schema;
INSERT INTO sqlite_stat1 VALUES('document_templates','sqlite_autoindex_document_templates_1','10 1 1');
INSERT INTO sqlite_stat1 VALUES('outbox','outbox_due','28 14');
INSERT INTO sqlite_stat1 VALUES('outbox','sqlite_autoindex_outbox_1','28 1');
INSERT INTO sqlite_stat1 VALUES('events','events_petition','28 3 1');
INSERT INTO sqlite_stat1 VALUES('sessions','sessions_expiry','2 2');
INSERT INTO sqlite_stat1 VALUES('sessions','sqlite_autoindex_sessions_1','2 1');
INSERT INTO sqlite_stat1 VALUES('petitions','petitions_search_narrow','12 1 1 1 1 1 1 1');
INSERT INTO sqlite_stat1 VALUES('petitions','petitions_received_on','12 12');
INSERT INTO sqlite_stat1 VALUES('petitions','petitions_region','12 12 12');
INSERT INTO sqlite_stat1 VALUES('petitions','petitions_category','12 12 12');
INSERT INTO sqlite_stat1 VALUES('petitions','petitions_due','7 4');
INSERT INTO sqlite_stat1 VALUES('petitions','petitions_current','12 4 3');
INSERT INTO sqlite_stat1 VALUES('petitions','petitions_recent','12 6 1');
INSERT INTO sqlite_stat1 VALUES('petitions','sqlite_autoindex_petitions_2','12 1');
INSERT INTO sqlite_stat1 VALUES('petitions','sqlite_autoindex_petitions_1','12 1');
INSERT INTO sqlite_stat1 VALUES('documents','sqlite_autoindex_documents_1','16 2 1 1');
INSERT INTO sqlite_stat1 VALUES('petition_orgs','petition_orgs_org','18 6 1');
INSERT INTO sqlite_stat1 VALUES('petition_orgs','petition_orgs','18 2 1');
INSERT INTO sqlite_stat1 VALUES('petition_users','petition_users_user','15 8 1');
INSERT INTO sqlite_stat1 VALUES('petition_users','petition_users','15 2 1');
CREATE INDEX orgs_path ON orgs(path);
CREATE INDEX users_org ON users(org_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE INDEX petitions_recent ON petitions(received_at DESC, id DESC);
CREATE INDEX petitions_current ON petitions(current_org_id, state);
CREATE INDEX petitions_due ON petitions(next_due) WHERE next_due IS NOT NULL;
CREATE INDEX petitions_category ON petitions(category_code, received_on);
CREATE INDEX petitions_region ON petitions(region_code, received_on);
CREATE INDEX petition_orgs_org ON petition_orgs(org_id, petition_id);
CREATE INDEX petition_users_user ON petition_users(user_id, petition_id);
CREATE INDEX events_petition ON events(petition_id, id);
CREATE INDEX audit_object ON audit(object_type, object_id, id);
CREATE INDEX petitions_received_on ON petitions(received_on);
CREATE INDEX petitions_search_narrow ON petitions(id, purpose, accused_org_id, category_code, persons, state,
                                                  received_on);
CREATE INDEX reception_days_day ON reception_days(day, start_minute);
CREATE INDEX reception_bookings_day ON reception_bookings(day_id, slot_minute);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE status = 'pending';
CREATE INDEX attachments_petition ON attachments(petition_id);
PRAGMA writable_schema=OFF;
COMMIT;
