import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *

def transfer(d, unit, instr, when, code):
    return f"""VĂN BẢN CHUYỂN GIAO
Kính gửi: {unit}
Số đến: {d.so} - Ngày đến: {d.ngayden}
Tác giả: {d.tacgia}
Số, ký hiệu: {d.kyhieu} - Ngày văn bản: {d.ngayvb}
Trích yếu: {d.trichyeu}
Ý kiến chỉ đạo của Giám đốc ({when}): {instr}
Văn bản gốc đính kèm thư này.

Xin đơn vị trả lời thư này: "Đã nhận" để ký nhận; "Đã xử lý" khi hoàn thành.
Mã chuyển giao: {code}
--
Văn thư Sở Tài chính tỉnh Long An
vanthu@sotc.longan.test"""

def tgmail(body, sent):
    t = dt.datetime.strptime(sent, '%Y-%m-%d %H:%M')
    return 'Vào %s, %d thg %d, %d vào lúc %s %s <%s> đã viết:\n\n' % (WD_G[t.strftime('%a')], t.day, t.month, t.year, t.strftime('%H:%M'), VT, VTA) + q(body)

def toutlook(body, sent, to):
    t = dt.datetime.strptime(sent, '%Y-%m-%d %H:%M')
    ampm = 'SA' if t.hour < 12 else 'CH'; h = t.hour if t.hour <= 12 else t.hour - 12
    return '________________________________\nTừ: %s <%s>\nĐã gửi: %s, %d tháng %d, %d %d:%s %s\nĐến: %s\nChủ đề: [Chuyển giao] %s\n\n' % (
        VT, VTA, WD_VI[t.strftime('%a')], t.day, t.month, t.year, h, t.strftime('%M'), ampm, to, 'Văn bản đến') + body

def tzimbra(body, sent, to):
    t = dt.datetime.strptime(sent, '%Y-%m-%d %H:%M')
    return '----- Original Message -----\nFrom: "%s" <%s>\nTo: %s\nSent: %s\nSubject: [Chuyển giao] Văn bản đến\n\n' % (
        VT, VTA, to, t.strftime('%A, %B ') + str(t.day) + t.strftime(', %Y %I:%M:08 %p')) + q(body)

def uitem(id, at, text, kind, note=None, why=''):
    return {"id": id, "receivedAt": at, "text": text, "expected": {"kind": kind, "note": note}, "why": why}

T = {}
T['1412-KH'] = transfer(D[1], 'Phòng Kế hoạch - Đầu tư', 'Phòng KH chủ trì, P.NS phối hợp, hạn 20/12/2026.', '03/12/2026', 'CG-1412-KH')
T['1412-NS'] = transfer(D[1], 'Phòng Quản lý ngân sách', 'Phòng KH chủ trì, P.NS phối hợp, hạn 20/12/2026.', '03/12/2026', 'CG-1412-NS')
T['1415-NS'] = transfer(D[2], 'Phòng Quản lý ngân sách', 'Đồng ý đề xuất: Phòng Quản lý ngân sách chủ trì.', '03/12/2026', 'CG-1415-NS')
T['1420-GCS'] = transfer(D[3], 'Phòng Quản lý giá - Công sản', 'Chuyển P.GCS xử lý, hạn 16/12/2026.', '03/12/2026', 'CG-1420-GCS')
T['1423-DN'] = transfer(D[4], 'Phòng Tài chính doanh nghiệp', 'Phòng Tài chính doanh nghiệp xử lý.', '04/12/2026', 'CG-1423-DN')
T['1431-TTR'] = transfer(D[5], 'Thanh tra Sở', 'Thanh tra Sở chủ trì, VP Sở phối hợp cung cấp hồ sơ, hạn 09/12/2026.', '03/12/2026', 'CG-1431-TTR')
T['1431-VP'] = transfer(D[5], 'Văn phòng Sở', 'Thanh tra Sở chủ trì, VP Sở phối hợp cung cấp hồ sơ, hạn 09/12/2026.', '03/12/2026', 'CG-1431-VP')
T['1437-TH'] = transfer(D[6], 'Phòng Tin học - Thống kê', 'Phòng Tin học - Thống kê chủ trì, Văn phòng Sở phối hợp, hạn 20/12/2026.', '03/12/2026', 'CG-1437-TH')
T['1452-KH'] = transfer(D[8], 'Phòng Kế hoạch - Đầu tư', 'Đồng ý đề xuất, hạn 10/12/2026: Phòng KH chủ trì, P.NS phối hợp.', '04/12/2026', 'CG-1452-KH')
T['1460-NS'] = transfer(D[9], 'Phòng Quản lý ngân sách', 'Chuyển P.NS đối chiếu với KBNN, hạn 11/12/2026.', '04/12/2026', 'CG-1460-NS')
T['1502-KH'] = transfer(D[11], 'Phòng Kế hoạch - Đầu tư', 'Thống nhất như đề xuất, hạn 30/12/2026.', '21/12/2026', 'CG-1502-KH')
T['1518-GCS'] = transfer(D[12], 'Phòng Quản lý giá - Công sản', 'Chuyển phòng Giá - Công sản thực hiện, hạn 05/01/2027.', '24/12/2026', 'CG-1518-GCS')
T['1535-GCS'] = transfer(D[14], 'Phòng Quản lý giá - Công sản', 'P.GCS chủ trì, TCDN phối hợp thẩm định, hạn 20/01/2027.', '29/12/2026', 'CG-1535-GCS')
T['1530-VP'] = transfer(D[13], 'Văn phòng Sở', 'VP Sở chủ trì, hạn 04/01/2027.', '28/12/2026', 'CG-1530-VP')

SIG_KH = """Lê Thành Nhân
Trưởng phòng Kế hoạch - Đầu tư
Sở Tài chính tỉnh Long An
ĐT: 0272.3826.140"""
SIG_NS = """--
Huỳnh Thị Kim Ngân
Phó Trưởng phòng Quản lý ngân sách - STC Long An"""
SIG_GCS = """Trân trọng,
Đặng Quốc Việt
Trưởng phòng Quản lý giá - Công sản"""
SIG_TTR = """Nguyễn Văn Tâm
Chánh Thanh tra Sở"""
SIG_TH = """Trần Minh Khoa | Phòng Tin học - Thống kê | Sở Tài chính Long An
Tel: 0272 3 826 177"""
