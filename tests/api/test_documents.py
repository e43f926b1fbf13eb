"""Official documents and attachments (docs/documents.md): the written document each step requires, with its 文号,
as PDF and .docx; regeneration; templates as versioned data; uploads checked by content, with size limits and
name tricks; downloads with the case's authorization; audited deletion; the petitioner's side on the portal."""
import hashlib
import http.client
import io
import os
import subprocess
import tempfile
import uuid
import zipfile

from harness import Server, ServerTestCase
from test_api import registration

# The smallest valid PNG (1×1 transparent pixel).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"


def multipart(files, fields=None):
    """A multipart/form-data body: `files` is [(name, bytes)] under the field "file"."""
    boundary = "----xf" + uuid.uuid4().hex
    out = io.BytesIO()
    for k, v in (fields or {}).items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    for name, data in files:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                  f"Content-Type: application/octet-stream\r\n\r\n".encode())
        out.write(data)
        out.write(b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True,
                              check=True).stdout


def blobs(server):
    """Every stored file under the server's content store (beside the SQLite file, or data/files)."""
    out = []
    for root, _, names in os.walk(os.path.join(server.dir, "files")):
        out += [n for n in names if len(n) == 64]
    return sorted(out)


class DocumentsTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        # A small per-file limit, so that "too large" is cheap to send.
        cls.server = Server(env={"XINFANG_MAX_FILE_MB": "1", "XINFANG_MAX_CASE_MB": "2"})
        cls.port = cls.server.port

    def upload(self, c, pid, files):
        body, ctype = multipart(files)
        return c.request("POST", f"/api/v1/petitions/{pid}/attachments", raw=body, headers={"Content-Type": ctype})

    def accepted_case(self):
        reg, hr = self.client("reg"), self.client("hr")
        status, created, _ = reg.post("/api/v1/petitions", registration())
        self.assertEqual(status, 201, created)
        pid = created["id"]
        reg.act(pid, "forward", {"target_org_code": "county_hr"})
        hr.act(pid, "accept", {})
        return pid, created, reg, hr

    # ------------------------------------------------------------------ documents at steps

    def test_each_step_issues_its_document_with_a_number_pdf_and_docx(self):
        pid, created, reg, hr = self.accepted_case()
        hr_id = hr.get("/api/v1/session")[1]["user"]["id"]
        hr.act(pid, "extend", {"extension_days": 30, "reason": "需调取工程结算资料", "approver_id": hr_id})
        hr.act(pid, "reply", {"outcome": "supported", "facts": "经查，工地确欠工资八万元。",
                              "reasons": "依法应予支付。", "legal_basis": "《保障农民工工资支付条例》第三条"})
        status, doc, _ = hr.get(f"/api/v1/petitions/{pid}/documents")
        self.assertEqual(status, 200, doc)
        kinds = [d["kind"] for d in doc["items"]]
        self.assertEqual(kinds, ["forward_letter", "acceptance_notice", "extension_notice", "handling_opinion"])
        fwd, acc, ext, opinion = doc["items"]
        # 文号: one sequence per issuing office and year, over every kind.
        year = created["number"].split("-")[1]
        self.assertEqual(fwd["doc_number"], f"测试信转〔{year}〕1号")
        self.assertEqual(fwd["org_name"], "测试县信访局")
        # 测试县人社局 → 测试县人社: its own sequence, from 1.
        self.assertEqual(acc["doc_number"], f"测试县人社信受〔{year}〕1号")
        self.assertEqual(ext["doc_number"], f"测试县人社信延〔{year}〕2号")
        self.assertEqual(opinion["doc_number"], f"测试县人社信处〔{year}〕3号")
        self.assertFalse(fwd["to_petitioner"])
        self.assertTrue(opinion["to_petitioner"])
        for d in doc["items"]:
            self.assertRegex(d["sha256"], r"^[0-9a-f]{64}$")
            self.assertTrue(d["latest"])

        # The PDF is the stored one (its SHA-256), with the facts, the 文号 and the review right and deadline.
        conn = http.client.HTTPConnection("127.0.0.1", self.port)
        conn.request("GET", f"/api/v1/documents/{opinion['id']}/pdf", headers={"Cookie": hr.cookie})
        resp = conn.getresponse()
        body = resp.read()
        self.assertEqual(resp.getheader("Content-Type"), "application/pdf")
        self.assertIn("attachment;", resp.getheader("Content-Disposition"))
        self.assertIn("filename*=UTF-8''", resp.getheader("Content-Disposition"))
        self.assertEqual(resp.getheader("X-Content-Type-Options"), "nosniff")
        self.assertTrue(body.startswith(b"%PDF-"))
        self.assertEqual(hashlib.sha256(body).hexdigest(), opinion["sha256"])
        text = pdf_text(body).replace(" ", "")
        self.assertIn("信访事项处理意见书", text)
        self.assertIn(opinion["doc_number"], text)
        self.assertIn("经查，工地确欠工资八万元。", text)
        self.assertIn("测试市人社局请求复查", text)  # the org one level up (Art. 35)
        self.assertIn("测试县人社局", text)

        conn.request("GET", f"/api/v1/documents/{acc['id']}/docx", headers={"Cookie": hr.cookie})
        resp = conn.getresponse()
        body = resp.read()
        self.assertEqual(resp.status, 200)
        z = zipfile.ZipFile(io.BytesIO(body))
        xml = z.read("word/document.xml").decode()
        self.assertIn("信访事项受理告知书", xml)
        self.assertIn(acc["doc_number"], xml)
        conn.close()

        # The timeline names the notice the petitioner is owed; the portal lists it (and never the 转送函).
        status, view, _ = self.client().post("/api/v1/portal/lookup", {"query_code": created["query_code"],
                                                                      "secret": created["secret"]})
        self.assertEqual(status, 200, view)
        self.assertEqual([d["kind_label"] for d in view["documents"]],
                         ["受理告知书", "延期告知书", "信访处理意见书"])
        self.assertTrue(any(acc["doc_number"] in s["text"] for s in view["steps"]))
        # Download with the access token; a 转送函 id is refused like a made-up one.
        anon = self.client()
        status, pdf, resp = anon.post(f"/api/v1/portal/documents/{view['documents'][0]['id']}",
                                      {"query_code": created["query_code"], "access_token": view["access_token"]})
        self.assertEqual(status, 200)
        self.assertEqual(resp.getheader("Content-Type"), "application/pdf")
        status, _, _ = anon.post(f"/api/v1/portal/documents/{fwd['id']}",
                                 {"query_code": created["query_code"], "access_token": view["access_token"]})
        self.assertEqual(status, 404)

        # Another county's staff cannot list or download them.
        other = self.client("other")
        self.assertEqual(other.get(f"/api/v1/petitions/{pid}/documents")[0], 404)
        self.assertEqual(other.get(f"/api/v1/documents/{acc['id']}/pdf")[0], 404)

    def test_regenerate_keeps_number_and_uses_the_latest_template(self):
        pid, created, reg, hr = self.accepted_case()
        docs = hr.get(f"/api/v1/petitions/{pid}/documents")[1]["items"]
        acc = [d for d in docs if d["kind"] == "acceptance_notice"][0]
        # Only the issuing office re-issues.
        self.assertEqual(reg.post(f"/api/v1/documents/{acc['id']}/regenerate")[0], 403)
        status, again, _ = hr.post(f"/api/v1/documents/{acc['id']}/regenerate")
        self.assertEqual(status, 201, again)
        self.assertEqual(again["doc_number"], acc["doc_number"])
        self.assertEqual(again["revision"], 2)
        docs = hr.get(f"/api/v1/petitions/{pid}/documents")[1]["items"]
        by_id = {d["id"]: d for d in docs}
        self.assertFalse(by_id[acc["id"]]["latest"])
        self.assertTrue(by_id[again["id"]]["latest"])
        audit = self.client("prov").get(f"/api/v1/petitions/{pid}/audit")[1]
        self.assertIn("document.regenerate", [a["action"] for a in audit["items"]])

    # ------------------------------------------------------------------ templates

    def test_templates_are_versioned_validated_and_admin_only(self):
        admin, reg = self.client("prov"), self.client("reg")
        status, doc, _ = reg.get("/api/v1/document-templates")
        self.assertEqual(status, 200)
        self.assertEqual(len(doc["items"]), 10)
        self.assertIn("信访人", [f["name"] for f in doc["fields"]])
        current = [t for t in doc["items"] if t["kind"] == "acceptance_notice"][0]
        edit = {k: current[k] for k in ("title", "addressee", "body", "number_format")}
        edit["body"] = current["body"] + "\n如有疑问，请与承办机关联系。"
        edit["note"] = "增加联系提示"
        v = current["version"]
        self.assertEqual(reg.request("PUT", "/api/v1/document-templates/acceptance_notice", edit,
                                     headers={"If-Match": f'"{v}"'})[0], 403)
        bad = dict(edit, body="{{身份证号}}")
        status, err, _ = admin.request("PUT", "/api/v1/document-templates/acceptance_notice", bad,
                                       headers={"If-Match": f'"{v}"'})
        self.assertEqual(status, 400)
        self.assertEqual(err["field"], "body")
        status, saved, r = admin.request("PUT", "/api/v1/document-templates/acceptance_notice", edit,
                                         headers={"If-Match": f'"{v}"'})
        self.assertEqual(status, 200, saved)
        self.assertEqual(saved["version"], v + 1)
        self.assertEqual(r.getheader("ETag"), f'"{v + 1}"')
        # Saving from the old version again is a conflict.
        self.assertEqual(admin.request("PUT", "/api/v1/document-templates/acceptance_notice", edit,
                                       headers={"If-Match": f'"{v}"'})[0], 409)
        versions = admin.get("/api/v1/document-templates/acceptance_notice/versions")[1]["items"]
        self.assertEqual([t["version"] for t in versions][:2], [v + 1, v])
        # A preview is a PDF of a sample case; documents issued from now on record the new version.
        status, _, r = admin.post("/api/v1/document-templates/acceptance_notice/preview", edit)
        self.assertEqual(status, 200)
        self.assertEqual(r.getheader("Content-Type"), "application/pdf")
        pid, _, _, hr = self.accepted_case()
        acc = [d for d in hr.get(f"/api/v1/petitions/{pid}/documents")[1]["items"]
               if d["kind"] == "acceptance_notice"][0]
        self.assertEqual(acc["template_version"], v + 1)
        self.assertEqual(admin.get("/api/v1/document-templates/no_such_kind/versions")[0], 400)

    # ------------------------------------------------------------------ attachments

    def test_upload_download_and_delete(self):
        pid, _, reg, hr = self.accepted_case()
        before = blobs(self.server)
        png = PNG + uuid.uuid4().bytes  # content-addressed: a file no other test stored
        status, doc, _ = self.upload(reg, pid, [("..\\..\\C:\\scans\\来信扫描\u202egnp.png", png)])
        self.assertEqual(status, 201, doc)
        a = doc["items"][0]
        self.assertEqual(a["media_type"], "image/png")
        self.assertNotIn("/", a["file_name"])
        self.assertNotIn("\\", a["file_name"])
        self.assertNotIn("\u202e", a["file_name"])
        self.assertTrue(a["file_name"].endswith(".png"))
        self.assertEqual(len(blobs(self.server)), len(before) + 1)

        # The holding office downloads it, always as an attachment; another county cannot.
        conn = http.client.HTTPConnection("127.0.0.1", self.port)
        conn.request("GET", f"/api/v1/attachments/{a['id']}", headers={"Cookie": hr.cookie})
        resp = conn.getresponse()
        self.assertEqual(resp.read(), png)
        self.assertEqual(resp.getheader("Content-Type"), "image/png")
        self.assertTrue(resp.getheader("Content-Disposition").startswith("attachment;"))
        self.assertEqual(resp.getheader("Content-Security-Policy"), "sandbox; default-src 'none'")
        conn.close()
        other = self.client("other")
        self.assertEqual(other.get(f"/api/v1/attachments/{a['id']}")[0], 404)
        self.assertEqual(self.upload(other, pid, [("x.png", PNG)])[0], 404)
        self.assertEqual(other.request("DELETE", f"/api/v1/attachments/{a['id']}", {"reason": "x"})[0], 404)

        # Deleting needs a reason, keeps the row, and is audited.
        self.assertEqual(hr.request("DELETE", f"/api/v1/attachments/{a['id']}", {})[0], 400)
        self.assertEqual(hr.request("DELETE", f"/api/v1/attachments/{a['id']}", {"reason": "重复上传"})[0], 204)
        self.assertEqual(hr.request("DELETE", f"/api/v1/attachments/{a['id']}", {"reason": "again"})[0], 404)
        self.assertEqual(hr.get(f"/api/v1/attachments/{a['id']}")[0], 404)
        self.assertEqual(hr.get(f"/api/v1/petitions/{pid}/attachments")[1]["items"], [])
        kept = hr.get(f"/api/v1/petitions/{pid}/attachments?include_deleted=1")[1]["items"]
        self.assertTrue(kept[0]["deleted"])
        self.assertEqual(kept[0]["delete_reason"], "重复上传")
        actions = [x["action"] for x in self.client("prov").get(f"/api/v1/petitions/{pid}/audit")[1]["items"]]
        for name in ("attachment.upload", "attachment.download", "attachment.delete"):
            self.assertIn(name, actions)

    def test_refused_uploads_store_nothing(self):
        pid, _, reg, _ = self.accepted_case()
        before = blobs(self.server)
        # HTML with a .pdf name: refused by content.
        status, err, _ = self.upload(reg, pid, [("扫描件.pdf", HTML)])
        self.assertEqual(status, 400, err)
        self.assertEqual(err["field"], "file")
        self.assertIn("HTML", err["detail"].upper())
        # One good file and one bad: neither is kept.
        status, _, _ = self.upload(reg, pid, [("ok.png", PNG), ("evil.png", b"#!/bin/sh\nrm -rf /\n")])
        self.assertEqual(status, 400)
        # Over the per-file limit (1 MB in this server): 413.
        big = b"%PDF-1.4\n" + b"0" * (1 << 20) + b"\n%%EOF\n"
        status, err, _ = self.upload(reg, pid, [("big.pdf", big)])
        self.assertEqual(status, 413, err)
        # Over the request limit (file limit + 5 MB): 413 before the handler.
        huge = b"%PDF-1.4\n" + b"0" * (7 << 20)
        status, err, _ = self.upload(reg, pid, [("huge.pdf", huge)])
        self.assertEqual(status, 413)
        # Not multipart, no file: 400.
        self.assertEqual(reg.post(f"/api/v1/petitions/{pid}/attachments", {"file": "x"})[0], 400)
        self.assertEqual(self.upload(reg, pid, [])[0], 400)
        self.assertEqual(blobs(self.server), before)
        self.assertEqual(reg.get(f"/api/v1/petitions/{pid}/attachments?include_deleted=1")[1]["items"], [])
        # The per-case total (2 MB here): three files of 0.9 MB do not fit.
        part = b"%PDF-1.4\n" + b"1" * (900 << 10) + b"\n%%EOF\n"
        self.assertEqual(self.upload(reg, pid, [("a.pdf", part), ("b.pdf", part)])[0], 201)
        self.assertEqual(self.upload(reg, pid, [("c.pdf", part)])[0], 413)

    def test_portal_upload_with_access_token(self):
        reg = self.client("reg")
        status, created, _ = reg.post("/api/v1/petitions", registration())
        anon = self.client()
        view = anon.post("/api/v1/portal/lookup", {"query_code": created["query_code"],
                                                    "secret": created["secret"]})[1]
        body, ctype = multipart([("现场照片.png", PNG)], {"query_code": created["query_code"],
                                                        "access_token": view["access_token"]})
        status, doc, _ = anon.request("POST", "/api/v1/portal/attachments", raw=body, headers={"Content-Type": ctype})
        self.assertEqual(status, 201, doc)
        self.assertEqual(doc["items"][0]["file_name"], "现场照片.png")
        view = anon.post("/api/v1/portal/lookup", {"query_code": created["query_code"],
                                                    "secret": created["secret"]})[1]
        self.assertEqual([a["file_name"] for a in view["attachments"]], ["现场照片.png"])
        staff = reg.get(f"/api/v1/petitions/{created['id']}/attachments")[1]["items"]
        self.assertEqual(staff[0]["source"], "portal")
        # A wrong token stores nothing.
        before = blobs(self.server)
        body, ctype = multipart([("x.png", PNG + b"x")], {"query_code": created["query_code"],
                                                          "access_token": "t1.1.bad"})
        status, _, _ = anon.request("POST", "/api/v1/portal/attachments", raw=body, headers={"Content-Type": ctype})
        self.assertEqual(status, 404)
        self.assertEqual(blobs(self.server), before)


if __name__ == "__main__":
    import unittest

    unittest.main()
