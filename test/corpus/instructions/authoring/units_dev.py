import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from unitcommon import *
U = []
U.append(uitem('u01', '2026-12-03T10:15:00+07:00', """Đã nhận

""" + tgmail(T['1412-KH'], '2026-12-03 10:02'),
'received', None, 'The plain ký nhận over a quote that itself contains "Đã nhận" and "Đã xử lý".'))

U.append(uitem('u02', '2026-12-03T10:40:00+07:00', """Phòng KH đã nhận văn bản.

""" + SIG_KH,
'received', None, 'The unit names itself; signature with a unit name.'))

U.append(uitem('u03', '2026-12-10T16:20:00+07:00', """Đã xử lý xong, đã có văn bản trả lời số 123/STC-KH ngày 10/12/2026.

""" + SIG_KH + """

""" + toutlook(T['1412-KH'], '2026-12-03 10:02', 'Phòng Kế hoạch - Đầu tư <kh@sotc.longan.test>'),
'done', 'Đã xử lý xong, đã có văn bản trả lời số 123/STC-KH ngày 10/12/2026.', 'Completion with the reference of the answer; Outlook quote without ">".'))

U.append(uitem('u04', '2026-12-17T09:05:00+07:00', """Hoàn thành""",
'done', None, 'Bare status word: nothing more to note.'))

U.append(uitem('u05', '2026-12-03T11:02:00+07:00', """da nhan

""" + tgmail(T['1415-NS'], '2026-12-03 10:20'),
'received', None, 'No diacritics.'))

U.append(uitem('u06', '2026-12-09T15:30:00+07:00', """Đã báo cáo

Sent from my iPhone""",
'done', None, 'Bare "Đã báo cáo" from a phone.'))

U.append(uitem('u07', '2026-12-14T08:45:00+07:00', """Xin gia hạn đến 30/12 do đang chờ số liệu của các huyện, thị xã.

""" + SIG_NS + """

""" + tgmail(T['1412-NS'], '2026-12-03 10:02'),
'unreadable', None, 'A request for an extension: the clerk (and the leader) must act, not the reader.'))

U.append(uitem('u08', '2026-12-04T09:10:00+07:00', """Không thuộc chức năng phòng, đề nghị văn thư trình lại chuyển P.GCS.

""" + tgmail(T['1423-DN'], '2026-12-04 08:40'),
'unreadable', None, 'The unit sends the document back; names another unit.'))

U.append(uitem('u09', '2026-12-03T15:20:00+07:00', """Chưa nhận được file đính kèm, đề nghị văn thư gửi lại giúp.

""" + SIG_TTR,
'unreadable', None, '"Chưa nhận" is the negation of a ký nhận.'))

U.append(uitem('u10', '2026-12-03T10:55:00+07:00', """P.NS đã nhận, sẽ phối hợp với P.KH xử lý đúng hạn.""",
'received', None, '"xử lý" in the future tense is not completion.'))

U.append(uitem('u11', '2026-12-03T16:40:00+07:00', """Dạ em nhận rồi ạ

Gửi từ điện thoại""",
'received', None, 'Polite colloquial receipt.'))

U.append(uitem('u12', '2026-12-09T17:05:00+07:00', """Chào chị Lan,

Phòng đã xử lý xong: đã gửi ý kiến góp ý cho Sở KH&ĐT tại Công văn số 3412/STC-KH ngày 09/12/2026.

""" + SIG_KH + """

""" + tgmail(T['1452-KH'], '2026-12-04 09:00'),
'done', 'Phòng đã xử lý xong: đã gửi ý kiến góp ý cho Sở KH&ĐT tại Công văn số 3412/STC-KH ngày 09/12/2026.', 'Greeting line before the completion sentence; the note leaves the greeting out.'))

U.append(uitem('u13', '2026-12-04T08:20:00+07:00', """Đã chuyển chuyên viên Lê Văn Tài xử lý.""",
'received', None, 'Handed on inside the unit: received, though it contains "xử lý".'))

U.append(uitem('u14', '2026-12-03T10:03:00+07:00', """Cảm ơn anh/chị đã gửi thư. Tôi đang nghỉ phép từ 03/12/2026 đến hết 07/12/2026, sẽ trả lời khi trở lại.
Việc gấp xin liên hệ đ/c Lê Thành Nhân, ĐT 0272.3826.140.""",
'unreadable', None, 'Out-of-office auto-reply of a unit member.'))

U.append(uitem('u15', '2026-12-15T10:10:00+07:00', """Đã hoàn thành, báo cáo đã gửi UBND tỉnh qua hệ thống quản lý văn bản ngày 15/12.

""" + SIG_TH + """

""" + tzimbra(T['1437-TH'], '2026-12-03 16:50', '"Phòng Tin học - Thống kê" <thtk@sotc.longan.test>'),
'done', 'Đã hoàn thành, báo cáo đã gửi UBND tỉnh qua hệ thống quản lý văn bản ngày 15/12.', 'Zimbra English header; pipe-separated signature.'))

U.append(uitem('u16', '2026-12-04T09:40:00+07:00', """Đang xử lý, dự kiến xong trước 11/12.""",
'received', None, 'Being processed implies receipt; not done.'))

U.append(uitem('u17', '2026-12-04T10:00:00+07:00', """
""" + tgmail(T['1460-NS'], '2026-12-04 09:30'),
'unreadable', None, 'Empty reply over the quoted transfer (which contains both status words).'))

U.append(uitem('u18', '2026-12-29T14:00:00+07:00', """xong""",
'done', None, 'One lower-case word.'))

U.append(uitem('u19', '2026-12-08T16:45:00+07:00', """Đã nhận văn bản và đã xử lý xong ngày 08/12/2026 (Tờ trình số 210/TTr-STC).

""" + SIG_TTR + """

""" + tgmail(T['1431-TTR'], '2026-12-03 15:00'),
'done', 'Đã nhận văn bản và đã xử lý xong ngày 08/12/2026 (Tờ trình số 210/TTr-STC).', 'Receipt and completion in one reply: done wins.'))

U.append(uitem('u20', '2026-12-16T11:20:00+07:00', """Không xử lý được do hồ sơ của UBND huyện chưa đủ, phòng đã có văn bản đề nghị huyện bổ sung.

""" + SIG_GCS,
'unreadable', None, '"Không xử lý được" is the negation of done.'))

U.append(uitem('u21', '2026-12-03T15:35:00+07:00', """Ok, cảm ơn em""",
'received', None, 'An "Ok" to the transfer mail taken as the ký nhận (unsure: see README).'))

U.append(uitem('u22', '2026-12-11T08:30:00+07:00', """Đã xử lý

""" + SIG_NS + """

""" + FOOT + """

""" + toutlook(T['1460-NS'], '2026-12-04 09:30', 'Phòng Quản lý ngân sách <ns@sotc.longan.test>'),
'done', None, 'Bare status, then signature, confidentiality footer and an unmarked Outlook quote.'))

U.append(uitem('u23', '2026-12-03T15:50:00+07:00', """Chao em, phong da nhan. Cam on.""",
'received', None, 'Greeting and receipt on one line without diacritics.'))

U.append(uitem('u24', '2026-12-29T09:15:00+07:00', """Văn bản này gửi nhầm phòng phải không em? Phòng TCDN mới là đơn vị theo dõi giá nước.

""" + tgmail(T['1535-GCS'], '2026-12-29 09:00'),
'unreadable', None, 'A question back to the clerk.'))

U.append(uitem('u25', '2026-12-18T14:25:00+07:00', """Hoàn thành rồi nhé, kết quả thẩm định giá gửi kèm thư này.

Việt""",
'done', 'Hoàn thành rồi nhé, kết quả thẩm định giá gửi kèm thư này.', 'Completion with what was sent; short first-name signature.'))

dump(os.path.join(OUT, 'unit-replies.json'), U)
print(len(U))
