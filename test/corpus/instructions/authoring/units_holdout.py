import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from unitcommon import *
V = []
V.append(uitem('v01', '2026-12-03T16:10:00+07:00', """Đã nhận văn bản, cảm ơn văn thư.

""" + tgmail(T['1431-VP'], '2026-12-03 15:00'),
'received', None, 'Receipt with thanks over the quoted transfer.'))

V.append(uitem('v02', '2026-12-03T11:30:00+07:00', """P.GCS da nhan""",
'received', None, 'Unit alias and status without diacritics.'))

V.append(uitem('v03', '2026-12-22T15:40:00+07:00', """Đã xử lý: Phòng đã ban hành Thông báo số 45/TB-STC ngày 22/12/2026 về kết quả thẩm định giá.

""" + SIG_GCS + """

""" + toutlook(T['1420-GCS'], '2026-12-03 12:00', 'Phòng Quản lý giá - Công sản <gcs@sotc.longan.test>'),
'done', 'Đã xử lý: Phòng đã ban hành Thông báo số 45/TB-STC ngày 22/12/2026 về kết quả thẩm định giá.', 'Completion with the issued notice; Outlook quote.'))

V.append(uitem('v04', '2026-12-30T10:00:00+07:00', """hoan thanh

Gửi từ điện thoại""",
'done', None, 'Bare status without diacritics.'))

V.append(uitem('v05', '2026-12-28T10:20:00+07:00', """Đề nghị chuyển văn bản này cho Phòng Tin học - Thống kê, không phải Văn phòng.

""" + tgmail(T['1530-VP'], '2026-12-28 09:50'),
'unreadable', None, 'Sent back with another unit named.'))

V.append(uitem('v06', '2026-12-10T17:15:00+07:00', """Đã xử lý xong. Đã trả lời KBNN bằng Công văn số 2890/STC-QLNS ngày 10/12/2026.

""" + SIG_NS,
'done', 'Đã xử lý xong. Đã trả lời KBNN bằng Công văn số 2890/STC-QLNS ngày 10/12/2026.', 'Two short sentences on one line; the note keeps both.'))

V.append(uitem('v07', '2026-12-24T09:00:00+07:00', """Chưa xử lý xong, phòng đang chờ số liệu của các chủ đầu tư.

""" + SIG_KH,
'received', None, '"Chưa xử lý xong": not done; the unit plainly has the document.'))

V.append(uitem('v08', '2026-12-03T17:20:00+07:00', """Đã nhận ạ

""" + SIG_TH + """

""" + tzimbra(T['1437-TH'], '2026-12-03 16:50', '"Phòng Tin học - Thống kê" <thtk@sotc.longan.test>'),
'received', None, 'Receipt, signature, Zimbra quote.'))

V.append(uitem('v09', '2026-12-04T09:20:00+07:00', """

""" + SIG_KH + """

""" + tgmail(T['1452-KH'], '2026-12-04 09:00'),
'unreadable', None, 'Only a signature over the quote.'))

V.append(uitem('v10', '2026-12-18T08:35:00+07:00', """Xin phép gửi báo cáo chậm 2 ngày do chưa tổng hợp đủ số liệu.""",
'unreadable', None, 'A request for more time.'))

dump(os.path.join(OUT, 'unit-holdout.json'), V)
print(len(V))
