#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into tests/fuzz/corpus/<target>/ (small, realistic inputs: the
requests, bodies, ledgers, queries and templates the product sees). Run again after changing it; the fuzzer's own
finds are not committed (scripts/fuzz.sh runs on a temporary copy)."""
import io
import json
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def write(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def j(obj):
    return json.dumps(obj, ensure_ascii=False)


REGISTRATION = {
    "channel": "visit", "purpose": "complaint", "category_code": "0402", "region_code": "991021",
    "title": "拖欠农民工工资", "content": "某建筑工地拖欠我们十二名工人工资共计八万元，多次讨要未果，请求协调解决。",
    "persons": 1, "petitioners": [{"name": "王小明", "id_number": "110101199003074514", "phone": "13812345678",
                                   "address": "青山县幸福路12号"}]}
ACCUSATION = dict(REGISTRATION, purpose="accusation", accused_name="某干部", accused_org_code="qs-rsj",
                  title="检举某干部", content="反映某干部违规收费。")
TEMPLATE = {"title": "信访事项受理告知书", "addressee": "{{信访人}}：",
            "body": "你于{{信访日期}}反映的“{{信访事项}}”收悉。\n本机关决定予以受理。\n特此告知。",
            "number_format": "{{机关简称}}信受〔{{年份}}〕{{序号}}号", "note": "调整措辞", "version": 1}
RECEPTION_DAY = {"org_code": "qs-xfj", "date": "2031-03-04", "start": "09:00", "end": "12:00", "slot_minutes": 30,
                 "per_slot": 5, "place": "青山县来访接待中心", "leader_name": "王县长", "leader_title": "县长",
                 "topics": "劳动保障", "published": True}
MULTIPART = ("--XFBOUNDARY\r\nContent-Disposition: form-data; name=\"files\"; filename=\"补充材料.txt\"\r\n"
             "Content-Type: text/plain\r\n\r\n补充材料：工资条复印件。\r\n--XFBOUNDARY\r\n"
             "Content-Disposition: form-data; name=\"query_code\"\r\n\r\nQ7K2M9\r\n--XFBOUNDARY--\r\n")

# (route as Router::Routes() lists it, session 0-4, path parameter number, body)
API = [
    ("POST /api/v1/session", 0, 0, j({"login": "registrar", "password": "not-the-password"})),
    ("POST /api/v1/petitions", 1, 0, j(REGISTRATION)),
    ("POST /api/v1/petitions", 2, 0, j(ACCUSATION)),
    ("POST /api/v1/petitions", 1, 0, j(dict(REGISTRATION, received_at="2025-03-01T09:30:00+08:00", persons=6,
                                           skipped_level=True, anonymous=False))),
    ("POST /api/v1/petitions/repeat-candidates", 1, 0,
     j({"title": "拖欠工资", "petitioners": [{"name": "王小明", "phone": "13812345678"}]})),
    ("POST /api/v1/petitions/{id}/reveal", 0, 3, j({"reason": "核实身份"})),
    ("POST /api/v1/petitions/{id}/actions/{action}", 2, 0 * 256 + 5, j({"target_org_code": "qs-rsj"})),
    ("POST /api/v1/petitions/{id}/actions/{action}", 2, 9 * 256 + 7, j({})),
    ("POST /api/v1/petitions/{id}/actions/{action}", 2, 5 * 256 + 8,
     j({"reason": "属于劳动争议仲裁受理范围", "legal_route": "向劳动人事争议仲裁委员会申请仲裁"})),
    ("POST /api/v1/petitions/{id}/actions/{action}", 2, 10 * 256 + 9,
     j({"extension_days": 30, "reason": "案情复杂", "approver_id": 3})),
    ("POST /api/v1/petitions/{id}/actions/{action}", 2, 11 * 256 + 10,
     j({"outcome": "support", "facts": "经查属实", "reasons": "用人单位应当支付", "legal_basis": "劳动合同法第三十条",
        "summary": "予以支持"})),
    ("POST /api/v1/petitions/{id}/actions/{action}", 3, 20 * 256 + 11, j({"reason": "逾期未办", "date": "2031-01-10"})),
    ("POST /api/v1/orgs", 0, 0, j({"code": "qs-town9", "name": "青山县第九镇", "level": "township",
                                   "kind": "party_government", "region_code": "991021", "parent_code": "qs-xfj"})),
    ("PATCH /api/v1/orgs/{id}", 0, 4, j({"name": "青山县信访局", "region_code": "991021"})),
    ("POST /api/v1/users", 0, 0, j({"login": "newuser", "display_name": "新用户", "org_code": "qs-xfj",
                                    "password": "a-long-password-1", "roles": ["handler"], "scope": "org"})),
    ("PATCH /api/v1/users/{id}", 0, 11, j({"display_name": "被编辑的用户", "roles": ["registrar"]})),
    ("PUT /api/v1/categories", 0, 0, j({"rows": [{"code": "04", "parent": "", "name": "劳动社保"},
                                                 {"code": "0402", "parent": "04", "name": "拖欠工资"}]})),
    ("POST /api/v1/categories/import", 0, 0, "code\tparent\tname\n04\t\t劳动社保\n0402\t04\t拖欠工资\n"),
    ("PUT /api/v1/calendar/{year}", 0, 2, "date\tkind\tname\n2026-10-01\tholiday\t国庆节\n2026-10-10\tworkday\t调休\n"),
    ("POST /api/v1/portal/petitions", 0, 0, j(dict(REGISTRATION, consent=True, token="x", nonce="1"))),
    ("POST /api/v1/portal/lookup", 0, 0, j({"query_code": "Q7K2M9", "secret": "123456"})),
    ("POST /api/v1/portal/rate", 0, 0, j({"query_code": "Q7K2M9", "secret": "123456", "rating": "satisfied"})),
    ("POST /api/v1/portal/reception-bookings", 0, 0,
     j({"day_id": 1, "slot": 540, "name": "王小明", "phone": "13812345678", "summary": "工资", "token": "t",
        "nonce": "n"})),
    ("POST /api/v1/reception-days", 0, 0, j(RECEPTION_DAY)),
    ("PATCH /api/v1/reception-days/{id}", 0, 1, j({"place": "青山县来访接待中心", "published": False})),
    ("POST /api/v1/documents/{id}/regenerate", 2, 1, j({})),
    ("PUT /api/v1/document-templates/{kind}", 0, 0, j(TEMPLATE)),
    ("POST /api/v1/document-templates/{kind}/preview", 0, 6, j(TEMPLATE)),
    ("POST /api/v1/petitions/{id}/attachments", 2, 2, MULTIPART),
    ("DELETE /api/v1/attachments/{id}", 2, 1, j({"reason": "上传错误"})),
]
for i, (route, session, param, body) in enumerate(API):
    write("api_body_fuzz", f"seed-{i:02d}", f"{route} {session} {param}\n{body}")


def http(method, target, headers=(), body=b""):
    if isinstance(body, str):
        body = body.encode()
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1:8080"] + list(headers)
    if body or method in ("POST", "PUT", "PATCH"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


AUTH = ["Cookie: xf_session=@SESSION@", "X-CSRF-Token: @CSRF@"]
HTTP = [
    http("GET", "/"),
    http("GET", "/api/v1/health"),
    http("GET", "/portal", ["Accept-Language: zh-CN"]),
    http("GET", "/api/v1/petitions?status=open&limit=20&page=2", AUTH),
    http("GET", "/api/v1/search?q=%E6%8B%96%E6%AC%A0%E5%B7%A5%E8%B5%84&limit=10", AUTH),
    http("GET", "/api/v1/petitions/1", AUTH + ["X-Request-Id: abc-123"]),
    http("HEAD", "/api/v1/orgs", AUTH),
    http("OPTIONS", "/api/v1/petitions", AUTH),
    http("POST", "/api/v1/session", ["Content-Type: application/json"], j({"login": "admin", "password": "x"})),
    http("POST", "/api/v1/petitions", AUTH + ["Content-Type: application/json"], j(REGISTRATION)),
    http("POST", "/api/v1/petitions/2/actions/accept", AUTH + ["Content-Type: application/json"], "{}"),
    http("PATCH", "/api/v1/orgs/3", AUTH, j({"name": "新名称"})),
    http("DELETE", "/api/v1/attachments/1?reason=%E9%94%99", AUTH),
    http("POST", "/api/v1/petitions/1/attachments",
         AUTH + ["Content-Type: multipart/form-data; boundary=XFBOUNDARY"], MULTIPART),
    http("GET", "/api/v1/reports/summary?org=qs-xfj&year=2025&quarter=2", AUTH),
    http("GET", "/assets/../../etc/passwd"),
    http("GET", "/%2e%2e/%2fetc"),
    b"POST /api/v1/petitions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nCookie: xf_session=@SESSION@\r\n"
    b"X-CSRF-Token: @CSRF@\r\n\r\n5\r\n{\"a\":\r\n2\r\n1}\r\n0\r\n\r\n",
    b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{}",
    b"GET / HTTP/1.0\r\n\r\n",
    b"GET /api/v1/orgs HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.0.0.1, 127.0.0.1\r\n\r\n",
]
for i, data in enumerate(HTTP):
    write("http_request_fuzz", f"seed-{i:02d}", data)

# Ledgers: the golden fixtures (CSV), a GB18030 one, and small XLSX workbooks.
GOLDEN = os.path.join(HERE, "..", "golden", "fixtures")
for name in ("ledger-2024.csv", "ledger-2025.csv"):
    with open(os.path.join(GOLDEN, name), "rb") as f:
        text = f.read().decode("utf-8")
    write("tabular_import_fuzz", name, text)
HEADER = ["信访件编号", "登记日期", "信访形式", "人数", "信访人", "证件号码", "联系电话", "问题属地", "内容分类", "信访目的",
          "登记单位", "是否重复", "重复信访件编号", "是否越级", "办理方式", "责任单位", "受理日期", "答复日期", "办理结果",
          "是否化解", "满意度", "标题", "内容"]
ROW = ["QS-2025-101", "2025-03-06", "来访", "2", "李四", "110101199003074514", "13812345678", "991021", "0402",
       "申诉求决", "qs-xfj", "否", "", "否", "转送", "qs-rsj", "2025-03-08", "2025-04-20", "予以支持", "是", "满意",
       "讨要工资", "工地拖欠工资"]
write("tabular_import_fuzz", "gb18030.csv", (",".join(HEADER) + "\r\n" + ",".join(ROW) + "\r\n").encode("gb18030"))
write("tabular_import_fuzz", "bom-quoted.csv",
      "\ufeff" + ",".join(HEADER) + "\n" + ",".join(f'"{c}"' for c in ROW[:-1]) + ',"多行""内容""\n第二行"\n')


def xlsx(rows, date_col=None, title=None):
    """A minimal workbook as Excel writes it: shared strings, a date style, optionally a merged title row."""
    strings = []

    def sidx(s):
        if s not in strings:
            strings.append(s)
        return strings.index(s)

    def col(i):
        return chr(ord("A") + i) if i < 26 else "A" + chr(ord("A") + i - 26)

    xml_rows = []
    r0 = 1
    if title:
        xml_rows.append(f'<row r="1"><c r="A1" t="s"><v>{sidx(title)}</v></c></row>')
        r0 = 2
    for ri, row in enumerate(rows):
        cells = []
        for ci, v in enumerate(row):
            ref = f"{col(ci)}{ri + r0}"
            if isinstance(v, (int, float)):
                style = ' s="1"' if ci == date_col else ""
                cells.append(f'<c r="{ref}"{style}><v>{v}</v></c>')
            elif v != "":
                cells.append(f'<c r="{ref}" t="s"><v>{sidx(v)}</v></c>')
        xml_rows.append(f'<row r="{ri + r0}">{"".join(cells)}</row>')
    merge = f'<mergeCells count="1"><mergeCell ref="A1:W1"/></mergeCells>' if title else ""
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetData>{"".join(xml_rows)}</sheetData>{merge}</worksheet>')
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" '
           f'uniqueCount="{len(strings)}">' + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
    files = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'styles" Target="styles.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/styles.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": sst,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))  # reproducible bytes
            z.writestr(info, text, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


row_date = list(ROW)
row_date[1] = 45722  # 2025-03-06 as an Excel serial date
write("tabular_import_fuzz", "ledger.xlsx", xlsx([HEADER, row_date, ROW], date_col=1))
write("tabular_import_fuzz", "ledger-title.xlsx", xlsx([HEADER, ROW], title="青山县信访事项登记台账"))

SEARCH = ["拖欠工资", "拖欠 工资 王小明", "拆遷補償", "ＡＢＣ１２３ 3号楼", "\"物业 费\"", "工资-欠薪,讨薪；维权",
          "a" * 70, "检索 " * 17, "工资\0某建筑工地拖欠我们十二名工人工资共计八万元，多次讨要未果，请求协调解决。",
          "李　四\0信访人：李四，身份证 110101199003074514", "x\0"]
for i, s in enumerate(SEARCH):
    write("search_query_fuzz", f"seed-{i:02d}", s)

US = "\x1f"
TEMPLATES = [
    US.join([TEMPLATE["title"], TEMPLATE["addressee"], TEMPLATE["body"], TEMPLATE["number_format"],
             "信访人=王小明\n信访日期=2026年3月2日\n信访事项=拖欠工资\n机关简称=青山\n承办机关=青山县信访局\n"
             "成文日期=2026年3月9日"]),
    US.join(["信访事项转送函", "{{接收机关}}：", "{{信访日期}}，本机关收到{{信访人}}反映的“{{信访事项}}”。\n"
             "{{法定途径}}\n特此函告。", "{{机关简称}}信转〔{{年份}}〕{{序号}}号", "接收机关=青山县人力资源和社会保障局\n"
             "信访人=李四"]),
    US.join(["标题", "", "正文{{未知字段}}", "", ""]),
    US.join(["标题", "", "{{信访人", "", ""]),
    US.join(["标题\n换行", "", "正文", "无序号", ""]),
]
for i, s in enumerate(TEMPLATES):
    write("template_fuzz", f"seed-{i:02d}", s)

MP = [
    "multipart/form-data; boundary=XFBOUNDARY\n" + MULTIPART,
    "multipart/form-data; boundary=\"a b\"\n--a b\r\nContent-Disposition: form-data; name=\"f\"; "
    "filename*=UTF-8''%E6%9D%90%E6%96%99.pdf\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--a b--\r\n",
    "Multipart/Form-Data; BOUNDARY=x\npreamble\r\n--x\nContent-Disposition: form-data; name=\"a\"; "
    "filename=\"C:\\Users\\x.pdf\"\n\nbody\r\n--x\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n\r\n--x--\r\nepilogue",
    "multipart/form-data; boundary=q\n--q\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a%22b%0D.txt\"\r\n"
    "\r\nx\r\n--q",
]
for i, s in enumerate(MP):
    write("multipart_fuzz", f"seed-{i:02d}", s)
print("seeds written under", CORPUS)
