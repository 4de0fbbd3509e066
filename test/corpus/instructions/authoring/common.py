# Hand-authoring helper: the slips and chuyển-giao mails are what vanthu itself would send
# (one fixed layout), and the quoting wrappers reproduce what each mail client does to them.
# Every reply text is written by hand in dev.py / holdout.py / units*.py.
import json, os

OUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # test/corpus/instructions

class Doc:
    def __init__(s, so, ngayden, sent, tacgia, kyhieu, ngayvb, trichyeu, units, han, dokhan='Thường', dexuat=None, token=None):
        s.so, s.ngayden, s.sent, s.tacgia, s.kyhieu, s.ngayvb = so, ngayden, sent, tacgia, kyhieu, ngayvb
        s.trichyeu, s.units, s.han, s.dokhan = trichyeu, units, han, dokhan
        s.dexuat = dexuat
        s.token = token
    def proposal(s):
        return {"units": [{"code": c, "role": r} for c, r in s.units],
                "deadline": s.han}
    def subject(s):
        return '[Trình] Số đến %s - %s' % (s.so, s.trichyeu)

def vn(iso):
    if iso is None: return 'không có'
    y, m, d = iso.split('-'); return '%s/%s/%s' % (d, m, y)

def slip(d):
    return f"""PHIẾU TRÌNH VĂN BẢN ĐẾN
Số đến: {d.so} - Ngày đến: {d.ngayden}
Tác giả: {d.tacgia}
Số, ký hiệu: {d.kyhieu} - Ngày văn bản: {d.ngayvb}
Trích yếu: {d.trichyeu}
Độ khẩn: {d.dokhan}
Đề xuất của văn thư: {d.dexuat}
Hạn giải quyết (đề xuất): {vn(d.han)}
Văn bản gốc đính kèm thư này.

Ý kiến chỉ đạo: xin trả lời thư này, ví dụ "Chuyển Phòng Kế hoạch - Đầu tư chủ trì, hạn 20/12", "Đồng ý đề xuất" hoặc "Lưu".
Mã phiếu: {d.token}
--
Văn thư Sở Tài chính tỉnh Long An
vanthu@sotc.longan.test"""

VT = 'Văn thư Sở Tài chính'
VTA = 'vanthu@sotc.longan.test'
WD_VI = {'Mon': 'Thứ Hai', 'Tue': 'Thứ Ba', 'Wed': 'Thứ Tư', 'Thu': 'Thứ Năm', 'Fri': 'Thứ Sáu', 'Sat': 'Thứ Bảy', 'Sun': 'Chủ Nhật'}
WD_G = {'Mon': 'Th 2', 'Tue': 'Th 3', 'Wed': 'Th 4', 'Thu': 'Th 5', 'Fri': 'Th 6', 'Sat': 'Th 7', 'Sun': 'CN'}
import datetime as dt
def _t(d):
    return dt.datetime.strptime(d.sent, '%Y-%m-%d %H:%M')

def q(text, prefix='> '):
    return '\n'.join((prefix + l) if l else prefix.rstrip() for l in text.split('\n'))

def gmail(d, to='phuoc.nh@sotc.longan.test', wrap=False):
    t = _t(d)
    head = 'Vào %s, %d thg %d, %d vào lúc %s %s <%s> đã viết:' % (WD_G[t.strftime('%a')], t.day, t.month, t.year, t.strftime('%H:%M'), VT, VTA)
    if wrap:
        head = head.replace(' <', ' <\n', 1)
    return head + '\n\n' + q(slip(d))

def outlook_vi(d, to='Nguyễn Hữu Phước <phuoc.nh@sotc.longan.test>', bar=True):
    t = _t(d)
    ampm = 'SA' if t.hour < 12 else 'CH'
    h = t.hour if t.hour <= 12 else t.hour - 12
    head = ('________________________________\n' if bar else '') + \
        'Từ: %s <%s>\nĐã gửi: %s, %d tháng %d, %d %d:%s %s\nĐến: %s\nChủ đề: %s' % (
            VT, VTA, WD_VI[t.strftime('%a')], t.day, t.month, t.year, h, t.strftime('%M'), ampm, to, d.subject())
    return head + '\n\n' + slip(d)

def outlook_en(d, to='Nguyen Huu Phuoc'):
    t = _t(d)
    return ('-----Original Message-----\nFrom: %s [mailto:%s]\nSent: %s\nTo: %s\nSubject: %s\n\n' % (
        VT, VTA, t.strftime('%A, %B ') + str(t.day) + t.strftime(', %Y ') + t.strftime('%I:%M %p').lstrip('0'), to, d.subject())) + slip(d)

def zimbra(d, to='"Nguyễn Hữu Phước" <phuoc.nh@sotc.longan.test>'):
    t = _t(d)
    return ('----- Thư gốc -----\nTừ: "%s" <%s>\nTới: %s\nĐã gửi: %s, %d Tháng Mười Hai, %d %s\nChủ đề: %s\n\n' % (
        VT, VTA, to, WD_VI[t.strftime('%a')], t.day, t.year, t.strftime('%H:%M:14'), d.subject())) + q(slip(d))

def thunderbird(d):
    t = _t(d)
    return 'Vào lúc %s %s, %s đã viết:\n' % (t.strftime('%H:%M'), t.strftime('%d/%m/%Y'), VT) + q(slip(d))

def iphone_en(d):
    t = _t(d)
    return '> On %s %d, %d, at %s, %s <%s> wrote:\n> \n' % (t.strftime('%b'), t.day, t.year, t.strftime('%H:%M'), VT, VTA) + q(slip(d))

def iphone_vi(d):
    t = _t(d)
    return '> Vào %s, ngày %d thg %d, %d, %s <%s> đã viết:\n> \n' % (t.strftime('%H:%M'), t.day, t.month, t.year, VT, VTA) + q(slip(d))

def item(id, at, d, text, kind, units=(), deadline=None, why=''):
    return {"id": id, "receivedAt": at, "proposal": d.proposal(), "text": text,
            "expected": {"kind": kind, "units": [{"code": c, "role": r} for c, r in units], "deadline": deadline},
            "why": why}

# --- documents presented (the slips' contents) ---
D = {}
D[1] = Doc(1412, '02/12/2026', '2026-12-03 08:02', 'UBND tỉnh Long An', '5123/UBND-KT', '30/11/2026',
           'V/v triển khai kế hoạch đầu tư công trung hạn giai đoạn 2026-2030', [('KH', 'lead')], '2026-12-15',
           dexuat='Phòng Kế hoạch - Đầu tư chủ trì', token='TR-1412-7QK2')
D[2] = Doc(1415, '02/12/2026', '2026-12-03 08:02', 'Bộ Tài chính', '11820/BTC-NSNN', '27/11/2026',
           'V/v hướng dẫn xây dựng dự toán ngân sách nhà nước năm 2027', [('NS', 'lead')], None,
           dexuat='Phòng Quản lý ngân sách chủ trì', token='TR-1415-M3XA')
D[3] = Doc(1420, '03/12/2026', '2026-12-03 10:41', 'UBND huyện Đức Hòa', '2210/UBND-TCKH', '01/12/2026',
           'V/v đề nghị thẩm định giá đất cụ thể dự án khu dân cư Hòa Khánh Tây', [('GCS', 'lead')], '2026-12-18',
           dexuat='Phòng Quản lý giá - Công sản chủ trì', token='TR-1420-B8HN')
D[4] = Doc(1423, '03/12/2026', '2026-12-03 10:41', 'Công ty TNHH MTV Xổ số kiến thiết Long An', '315/XSKT-KT', '28/11/2026',
           'V/v báo cáo tình hình tài chính 9 tháng đầu năm 2026', [('DN', 'lead')], None,
           dexuat='Phòng Tài chính doanh nghiệp chủ trì', token='TR-1423-Q1RZ')
D[5] = Doc(1431, '03/12/2026', '2026-12-03 14:15', 'Thanh tra tỉnh Long An', '642/TTr-NV3', '02/12/2026',
           'V/v cung cấp hồ sơ, tài liệu phục vụ thanh tra', [('TTR', 'lead'), ('VP', 'support')], '2026-12-10',
           dokhan='Khẩn', dexuat='Thanh tra Sở chủ trì, Văn phòng Sở phối hợp', token='TR-1431-ZK0P')
D[6] = Doc(1437, '03/12/2026', '2026-12-03 14:15', 'Sở Thông tin và Truyền thông', '1877/STTTT-CNTT', '01/12/2026',
           'V/v triển khai chữ ký số chuyên dùng công vụ năm 2027', [('TH', 'lead')], None,
           dexuat='Phòng Tin học - Thống kê chủ trì', token='TR-1437-W2DE')
D[7] = Doc(1440, '03/12/2026', '2026-12-03 14:15', 'Hội Cựu chiến binh tỉnh Long An', '88/GM-HCCB', '01/12/2026',
           'Giấy mời dự họp mặt kỷ niệm 82 năm Ngày thành lập Quân đội nhân dân Việt Nam (22/12/1944 - 22/12/2026)',
           [('VP', 'lead')], None, dexuat='Văn phòng Sở tham mưu', token='TR-1440-J6TT')
D[8] = Doc(1452, '04/12/2026', '2026-12-04 08:05', 'Sở Kế hoạch và Đầu tư', '3301/SKHĐT-TH', '03/12/2026',
           'V/v góp ý dự thảo Kế hoạch phát triển kinh tế - xã hội năm 2027', [('KH', 'lead'), ('NS', 'support')], '2026-12-11',
           dexuat='Phòng Kế hoạch - Đầu tư chủ trì, Phòng Quản lý ngân sách phối hợp', token='TR-1452-C4LM')
D[9] = Doc(1460, '04/12/2026', '2026-12-04 08:05', 'Kho bạc Nhà nước Long An', '890/KBLA-KTNN', '02/12/2026',
           'V/v đối chiếu số liệu thu, chi ngân sách địa phương 11 tháng năm 2026', [('NS', 'lead')], None,
           dexuat='Phòng Quản lý ngân sách chủ trì', token='TR-1460-F9VY')
D[10] = Doc(1466, '07/12/2026', '2026-12-07 08:10', 'Báo Long An', '55/BLA-TS', '04/12/2026',
           'V/v đề nghị phối hợp tuyên truyền chính sách tài chính năm 2027', [], None,
           dexuat='(chưa có đề xuất - không khớp quy tắc nào)', token='TR-1466-H2UU')
D[11] = Doc(1502, '21/12/2026', '2026-12-21 08:20', 'UBND tỉnh Long An', '6011/UBND-KT', '18/12/2026',
           'V/v quyết toán vốn đầu tư dự án hoàn thành năm 2026', [('KH', 'lead'), ('GCS', 'support')], '2026-12-31',
           dexuat='Phòng Kế hoạch - Đầu tư chủ trì, Phòng Quản lý giá - Công sản phối hợp', token='TR-1502-N7SE')
D[12] = Doc(1518, '24/12/2026', '2026-12-24 08:00', 'Bộ Tài chính', '13002/BTC-QLCS', '21/12/2026',
           'V/v báo cáo kê khai, cập nhật dữ liệu tài sản công năm 2026', [('GCS', 'lead')], '2027-01-10',
           dexuat='Phòng Quản lý giá - Công sản chủ trì', token='TR-1518-R5GA')
D[13] = Doc(1530, '28/12/2026', '2026-12-28 07:55', 'UBND tỉnh Long An', '6233/UBND-VX', '25/12/2026',
           'V/v chuẩn bị báo cáo tổng kết công tác năm 2026, phương hướng nhiệm vụ năm 2027', [('VP', 'lead')], None,
           dokhan='Khẩn', dexuat='Văn phòng Sở chủ trì', token='TR-1530-E3PB')
D[14] = Doc(1535, '29/12/2026', '2026-12-29 08:30', 'Công ty Cổ phần Cấp nước Long An', '412/CNLA-KD', '24/12/2026',
           'V/v đề nghị điều chỉnh giá nước sạch sinh hoạt năm 2027', [('GCS', 'lead'), ('DN', 'support')], None,
           dexuat='Phòng Quản lý giá - Công sản chủ trì, Phòng Tài chính doanh nghiệp phối hợp', token='TR-1535-T8KD')

FOOT = """Thư điện tử này và các tệp đính kèm có thể chứa thông tin dành riêng cho người nhận. Nếu nhận nhầm, xin thông báo cho người gửi và xóa thư. Nghiêm cấm sao chép, phát tán dưới mọi hình thức."""
SIG_PHUOC = """Nguyễn Hữu Phước
Giám đốc Sở Tài chính tỉnh Long An
ĐT: 0272.3826.512 - DĐ: 0913.120.512"""
SIG_BINH = """Trần Văn Bình
Phó Giám đốc
Sở Tài chính tỉnh Long An
Số 2 Hùng Vương, Phường 1, TP. Tân An"""
SIG_HUNG = """Phạm Minh Hùng - PGĐ Sở Tài chính Long An
DĐ: 0918 220 315"""
SIG_THAO = """Trân trọng,
Võ Thị Thảo
Phó Giám đốc Sở Tài chính"""

def dump(path, items):
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(items, f, ensure_ascii=False, indent=2)
        f.write('\n')
