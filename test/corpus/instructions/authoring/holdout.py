import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *
H = []
H.append(item('h01', '2026-12-03T08:45:00+07:00', D[2],
"""Giao P.Ngân sách chủ trì tham mưu, hạn 17/12. Văn phòng nắm.

""" + zimbra(D[2]),
'assign', [('NS', 'lead'), ('VP', 'informed')], '2026-12-17',
'"P.Ngân sách" mixes the abbreviation with the name; "nắm" = informed.'))

H.append(item('h02', '2026-12-03T09:10:00+07:00', D[1],
"""OK. Thong nhat de xuat

Sent from my iPhone

""" + iphone_en(D[1]),
'approve', [('KH', 'lead')], '2026-12-15',
'Approve without diacritics; the proposal deadline stays.'))

H.append(item('h03', '2026-12-03T15:25:00+07:00', D[7],
"""Lưu VT""",
'file', [], None,
'"Lưu VT" (văn thư) - the usual filing mark.'))

H.append(item('h04', '2026-12-04T08:55:00+07:00', D[9],
"""chuyen Phong Quan ly xu ly gap

""" + gmail(D[9]),
'unreadable', [], None,
'"Phòng Quản lý" without diacritics still matches two units.'))

H.append(item('h05', '2026-12-03T11:10:00+07:00', D[3],
"""Chuyển anh Hùng xử lý, P.GCS phối hợp, hạn 20/12.

""" + SIG_PHUOC + """

""" + outlook_vi(D[3]),
'assign', [('PGD-HUNG', 'lead'), ('GCS', 'support')], '2026-12-20',
'A deputy leads and a unit supports.'))

H.append(item('h06', '2026-12-21T08:50:00+07:00', D[11],
"""Dong y de xuat, han 29/12/2026

""" + zimbra(D[11]),
'approve', [('KH', 'lead'), ('GCS', 'support')], '2026-12-29',
'Approve with its own full date.'))

H.append(item('h07', '2026-12-24T10:30:00+07:00', D[12],
"""P GCS chu tri, P TH phoi hop cap nhat du lieu, trong 10 ngay""",
'assign', [('GCS', 'lead'), ('TH', 'support')], '2027-01-03',
'Spaces instead of dots; 10 calendar days from 24/12 rolls into 2027.'))

H.append(item('h08', '2026-12-28T09:00:00+07:00', D[13],
"""Chuyển chị Thảo chỉ đạo VP thực hiện.""",
'assign', [('PGD-THAO', 'lead'), ('VP', 'support')], None,
'A deputy then a unit, no role word from the list: first named leads.'))

H.append(item('h09', '2026-12-03T11:50:00+07:00', D[4],
"""chuyen P.TCDN xu ly, han 31/04""",
'unreadable', [], None,
'31 April does not exist.'))

H.append(item('h10', '2026-12-03T14:20:00+07:00', D[5],
"""Việc này Thanh tra Sở đã xử lý ở đợt trước rồi phải không em?

""" + gmail(D[5]),
'unreadable', [], None,
'A question naming a unit and "xử lý".'))

H.append(item('h11', '2026-12-03T16:05:00+07:00', D[6],
"""Đồng ý.

""" + SIG_THAO + """

""" + outlook_vi(D[6], to='Võ Thị Thảo <thao.vt@sotc.longan.test>'),
'approve', [('TH', 'lead')], None,
'Approve by a deputy whose signature holds her own alias-like name.'))

H.append(item('h12', '2026-12-04T09:30:00+07:00', D[8],
"""P.KHĐT chủ trì tổng hợp ý kiến; P.NS, P.GCS, P.TCDN phối hợp. Gửi trước ngày 10/12/2026.

""" + gmail(D[8]),
'assign', [('KH', 'lead'), ('NS', 'support'), ('GCS', 'support'), ('DN', 'support')], '2026-12-10',
'Four units, one role word shared by three.'))

H.append(item('h13', '2026-12-07T10:05:00+07:00', D[10],
"""Luu

--
Phuoc""",
'file', [], None,
'One word without diacritics and a short signature.'))

H.append(item('h14', '2026-12-03T09:50:00+07:00', D[2],
"""Gửi em Lan,

Anh đang họp, chiều về anh cho ý kiến.

Phước

""" + thunderbird(D[2]),
'unreadable', [], None,
'A promise to answer later.'))

H.append(item('h15', '2026-12-29T08:55:00+07:00', D[14],
"""Chuyển P.GCS để biết; phòng Doanh nghiệp chủ trì làm việc với Công ty, hạn ngày 08/01/2027.

""" + SIG_HUNG,
'assign', [('GCS', 'informed'), ('DN', 'lead')], '2027-01-08',
'The first named unit is only informed; the lead comes second.'))

H.append(item('h16', '2026-12-03T08:40:00+07:00', D[1],
"""Phong KH chu tri thuc hien.

Nguyen Huu Phuoc
Giam doc So Tai chinh

""" + gmail(D[1]),
'assign', [('KH', 'lead')], None,
'Signature without diacritics containing "Giam doc"; proposal deadline not inherited.'))

H.append(item('h17', '2026-12-04T16:10:00+07:00', D[4],
"""*Chuyển P.TCDN xử lý, hạn ngày 11/12/2026*

[image: Sở Tài chính Long An]

""" + gmail(D[4]),
'assign', [('DN', 'lead')], '2026-12-11',
'Gmail bold markers and an image placeholder from HTML.'))

H.append(item('h18', '2026-12-03T17:05:00+07:00', D[5],
"""TTr chủ trì. Hạn: 09.12

""" + SIG_PHUOC + """

""" + outlook_en(D[5]),
'assign', [('TTR', 'lead')], '2026-12-09',
'Dotted day.month without year.'))

H.append(item('h19', '2026-12-24T08:15:00+07:00', D[12],
"""Luu ho so, cho huong dan cua UBND tinh.""",
'file', [], None,
'File with a reason that names an outside body.'))

H.append(item('h20', '2026-12-21T09:40:00+07:00', D[11],
"""Chuyển P.KH xử lý, P.TCDN phối hợp. Hạn trong 3 ngày làm việc.

""" + zimbra(D[11]),
'assign', [('KH', 'lead'), ('DN', 'support')], '2026-12-24',
'3 working days from Mon 21/12.'))

H.append(item('h21', '2026-12-03T13:30:00+07:00', D[3],
"""Em kiểm tra lại xem hồ sơ này đã có ý kiến của UBND huyện chưa rồi trình lại anh.""",
'unreadable', [], None,
'Sent back to the clerk with a question.'))

H.append(item('h22', '2026-12-04T11:10:00+07:00', D[9],
"""Chuyển P.NS xử lý, phòng Kế toán phối hợp""",
'unreadable', [], None,
'"phòng Kế toán" is no unit of the directory; acting on half the instruction would be a guess.'))

dump(os.path.join(OUT, 'holdout.json'), H)
print(len(H))
