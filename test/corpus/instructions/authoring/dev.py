import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *
R = []
R.append(item('r01', '2026-12-03T09:14:00+07:00', D[1],
"""Chuyển Phòng KH chủ trì, P.NS phối hợp, hạn 20/12.

Phước

""" + gmail(D[1]),
'assign', [('KH', 'lead'), ('NS', 'support')], '2026-12-20',
'The basic form; the quoted slip below carries its own 15/12 and the example "hạn 20/12", neither of which may be read.'))

R.append(item('r02', '2026-12-03T08:31:00+07:00', D[2],
"""Đồng ý đề xuất.

Gửi từ iPhone của tôi

""" + iphone_vi(D[2]),
'approve', [('NS', 'lead')], None,
'Approve from an iPhone in Vietnamese; proposal has no deadline so none is set.'))

R.append(item('r03', '2026-12-03T09:02:00+07:00', D[1],
"""dong y

""" + thunderbird(D[1]),
'approve', [('KH', 'lead')], '2026-12-15',
'Two words without diacritics; the proposal deadline 15/12 is kept.'))

R.append(item('r04', '2026-12-03T11:20:00+07:00', D[3],
"""chuyen p.GCS xu ly, han 16/12

""" + zimbra(D[3]),
'assign', [('GCS', 'lead')], '2026-12-16',
'No diacritics, lower-case alias, Zimbra "Thư gốc" header; 16/12 differs from the slip\'s 18/12.'))

R.append(item('r05', '2026-12-03T15:02:00+07:00', D[7],
"""Lưu

""" + SIG_PHUOC + """

""" + outlook_vi(D[7]),
'file', [], None,
'One word then a signature with phone numbers; Outlook quote with no ">" prefix, slip lines stay unmarked.'))

R.append(item('r06', '2026-12-03T15:30:00+07:00', D[7],
"""Lưu VP.""",
'file', [], None,
'"Lưu VP" is filing at the office, not an assignment to unit VP.'))

R.append(item('r07', '2026-12-03T11:05:00+07:00', D[4],
"""Chuyển phòng Quản lý xử lý

""" + gmail(D[4]),
'unreadable', [], None,
'"phòng Quản lý" matches both Phòng Quản lý ngân sách and Phòng Quản lý giá - Công sản.'))

R.append(item('r08', '2026-12-03T14:40:00+07:00', D[5],
"""Gửi chị Lan,
Chuyển Thanh tra Sở chủ trì, Văn phòng phối hợp, xong trước 15h ngày 9/12.
Cảm ơn chị.

""" + outlook_en(D[5]),
'assign', [('TTR', 'lead'), ('VP', 'support')], '2026-12-09',
'Greeting naming the clerk (not a target) before the instruction; a time of day before the date; English Outlook header.'))

R.append(item('r09', '2026-12-03T16:10:00+07:00', D[6],
"""P TH nghien cuu, tham muu trien khai. Hoan thanh trong 5 ngay lam viec""",
'assign', [('TH', 'lead')], '2026-12-10',
'"P TH" typed with a space; "tham mưu" is a lead word; 5 working days from Thu 3/12 is Thu 10/12.'))

R.append(item('r10', '2026-12-03T09:40:00+07:00', D[2],
"""Viec nay ai dang theo doi?

""" + gmail(D[2]),
'unreadable', [], None,
'A question back; contains the role word "theo dõi" but names nobody.'))

R.append(item('r11', '2026-12-04T08:47:00+07:00', D[8],
"""Đồng ý đề xuất, hạn 10/12

""" + outlook_vi(D[8], bar=False),
'approve', [('KH', 'lead'), ('NS', 'support')], '2026-12-10',
'Approve with its own deadline: 10/12 replaces the proposal\'s 11/12.'))

R.append(item('r12', '2026-12-04T09:15:00+07:00', D[9],
"""

""" + gmail(D[9]),
'unreadable', [], None,
'Empty reply: only blank lines over the quoted slip, which itself names a unit and the example instruction.'))

R.append(item('r13', '2026-12-04T10:02:00+07:00', D[9],
"""

--
""" + SIG_PHUOC + """

""" + thunderbird(D[9]),
'unreadable', [], None,
'Only a signature (sent by mistake); the signature has digits that look like dates.'))

R.append(item('r14', '2026-12-03T09:55:00+07:00', D[1],
"""Lưu ý Phòng KH rà soát kỹ danh mục dự án chuyển tiếp, báo cáo trước ngày 14/12.""",
'assign', [('KH', 'lead')], '2026-12-14',
'Starts with "Lưu ý" (take note), which is not "Lưu" (file).'))

R.append(item('r15', '2026-12-03T10:20:00+07:00', D[2],
"""Chuyen anh Binh xem xet.""",
'assign', [('PGD-BINH', 'lead')], None,
'A person (a deputy) as the only target, no role word.'))

R.append(item('r16', '2026-12-07T08:55:00+07:00', D[10],
"""Ok

Sent from my iPhone

""" + iphone_en(D[10]),
'unreadable', [], None,
'"Ok" approves a proposal that has no units: nothing to act on.'))

R.append(item('r17', '2026-12-04T11:30:00+07:00', D[8],
"""Chuyen P.KH chu tri; P.NS, P.GCS phoi hop. Han: 10/12/26

""" + SIG_PHUOC + """

""" + outlook_vi(D[8]),
'assign', [('KH', 'lead'), ('NS', 'support'), ('GCS', 'support')], '2026-12-10',
'Three units, one role word shared by two of them; two-digit year.'))

R.append(item('r18', '2026-12-03T15:45:00+07:00', D[5],
"""TTr xu ly gap, VP biet""",
'assign', [('TTR', 'lead'), ('VP', 'informed')], None,
'"gấp" is not a date: no deadline, and an assign does not inherit the proposal\'s 10/12.'))

R.append(item('r19', '2026-12-03T16:20:00+07:00', D[6],
"""Chuyển phòng Tin học - Thống kê triển khai, hạn ngày 31/11/2026.""",
'unreadable', [], None,
'31 November does not exist.'))

R.append(item('r20', '2026-12-03T12:05:00+07:00', D[3],
"""Không đồng ý đề xuất. Chuyển TTr kiểm tra hồ sơ, P.GCS phối hợp.

""" + gmail(D[3], wrap=True),
'assign', [('TTR', 'lead'), ('GCS', 'support')], None,
'"Không đồng ý" must not read as approve; Gmail header wrapped over two lines.'))

R.append(item('r21', '2026-12-04T08:30:00+07:00', D[4],
"""phong tai chinh doanh nghiep xu ly""",
'assign', [('DN', 'lead')], None,
'Full unit name, all lower case, no diacritics.'))

R.append(item('r22', '2026-12-03T08:50:00+07:00', D[1],
"""nhat tri

--
Phước

""" + gmail(D[1]),
'approve', [('KH', 'lead')], '2026-12-15',
'"Nhất trí" = approve; the proposal deadline is kept.'))

R.append(item('r23', '2026-12-03T14:55:00+07:00', D[7],
"""Lưu hồ sơ.

""" + outlook_en(D[7]),
'file', [], None,
'"Lưu hồ sơ"; the quoted invitation mentions 22/12 dates.'))

R.append(item('r24', '2026-12-03T15:20:00+07:00', D[7],
"""Anh Binh di du giup anh. VP chuan bi hoa.""",
'assign', [('PGD-BINH', 'lead'), ('VP', 'support')], None,
'Invitation delegated to a deputy; "giúp anh" has a bare "anh" that is no target; no role words, so first named leads.'))

R.append(item('r25', '2026-12-21T09:10:00+07:00', D[11],
"""Chuyển P.KH chủ trì, P.GCS phối hợp, trong 5 ngày làm việc

""" + zimbra(D[11]),
'assign', [('KH', 'lead'), ('GCS', 'support')], '2026-12-28',
'Working days from Mon 21/12 skip the weekend of 26-27/12 (Christmas is no public holiday in Vietnam).'))

R.append(item('r26', '2026-12-24T08:40:00+07:00', D[12],
"""chuyen phong Gia - Cong san thuc hien, han 5/1""",
'assign', [('GCS', 'lead')], '2027-01-05',
'A January date written in December rolls over to 2027.'))

R.append(item('r27', '2026-12-28T08:20:00+07:00', D[13],
"""Gửi các phòng để biết, thực hiện.""",
'unreadable', [], None,
'"các phòng" names no unit; the clerk must ask which.'))

R.append(item('r28', '2026-12-28T09:45:00+07:00', D[13],
"""VP So chu tri, trong 7 ngay""",
'assign', [('VP', 'lead')], '2027-01-04',
'7 calendar days from 28/12 crosses the new year.'))

R.append(item('r29', '2026-12-29T09:05:00+07:00', D[14],
"""P.GCS chủ trì, TCDN phối hợp thẩm định, báo cáo tôi trước ngày 20 tháng 1.

""" + SIG_HUNG + """

""" + outlook_vi(D[14], to='Phạm Minh Hùng <hung.pm@sotc.longan.test>'),
'assign', [('GCS', 'lead'), ('DN', 'support')], '2027-01-20',
'Answered by the deputy, whose name is in his signature (not a target); "ngày 20 tháng 1" rolls over.'))

R.append(item('r30', '2026-12-03T10:30:00+07:00', D[2],
"""Chuyen P.QLNS chu tri, bao cao anh truoc 18/12

""" + SIG_BINH,
'assign', [('NS', 'lead')], '2026-12-18',
'A deputy signs with an address containing "Hùng Vương" (not PGĐ Hùng).'))

R.append(item('r31', '2026-12-03T11:40:00+07:00', D[3],
"""xem lai""",
'unreadable', [], None,
'"xem lại" with no target.'))

R.append(item('r32', '2026-12-03T11:45:00+07:00', D[4],
"""Báo cáo tài chính này có gì bất thường không em? Để anh xem rồi cho ý kiến sau.

""" + SIG_PHUOC + """

""" + outlook_vi(D[4]),
'unreadable', [], None,
'A question and a promise to decide later.'))

R.append(item('r33', '2026-12-04T09:50:00+07:00', D[9],
"""Chuyển P.NS đối chiếu với KBNN, xong trước 11.12.2026""",
'assign', [('NS', 'lead')], '2026-12-11',
'KBNN (the sender, an outside agency) is named but is no target; dotted date.'))

R.append(item('r34', '2026-12-03T09:20:00+07:00', D[1],
"""Chuyển Sở KH&ĐT xử lý""",
'unreadable', [], None,
'An outside agency whose abbreviation contains "KH"; not our Phòng KH.'))

R.append(item('r35', '2026-12-03T16:45:00+07:00', D[6],
"""pTH chủ trì, VP phối hợp triển khai cho toàn cơ quan, hạn ngày 15/01/2027

Trân trọng!
""" + SIG_PHUOC + """

""" + FOOT + """

""" + gmail(D[6]),
'assign', [('TH', 'lead'), ('VP', 'support')], '2027-01-15',
'"pTH" glued; full date with year; confidentiality footer.'))

R.append(item('r36', '2026-12-04T14:00:00+07:00', D[8],
"""Chào em,

Anh đồng ý với đề xuất của văn thư.

""" + zimbra(D[8]),
'approve', [('KH', 'lead'), ('NS', 'support')], '2026-12-11',
'Approve phrased as a sentence after a greeting.'))

R.append(item('r37', '2026-12-05T20:15:00+07:00', D[9],
"""Chuyển P.NS xử lý, hạn trong 2 ngày làm việc

Gửi từ điện thoại Samsung Galaxy của tôi.

""" + gmail(D[9]),
'assign', [('NS', 'lead')], '2026-12-08',
'Sent on a Saturday: 2 working days are Mon 7 and Tue 8.'))

R.append(item('r38', '2026-12-07T09:20:00+07:00', D[10],
"""Luu, khong xu ly.""",
'file', [], None,
'"xử lý" appears, negated, inside a file instruction.'))

R.append(item('r39', '2026-12-07T09:00:00+07:00', D[10],
"""VP tham muu tra loi Bao, han 14/12""",
'assign', [('VP', 'lead')], '2026-12-14',
'Proposal was empty; the leader names the unit himself. "Báo" is the newspaper, not a unit.'))

R.append(item('r40', '2026-12-03T10:05:00+07:00', D[1],
"""P.KH chủ trì. À không, để P.NS chủ trì, P.KH phối hợp.

""" + gmail(D[1]),
'unreadable', [], None,
'Self-correction: KH is both lead and support in one reply; contradictory, the clerk asks.'))

R.append(item('r41', '2026-12-03T09:30:00+07:00', D[2],
"""Chuyển Phòng NS&nbsp;xử lý, hạn 15/12<br>
<br>
Phước<br>
[cid:image001.png@01DD6A2B.5C3E8F10]""",
'assign', [('NS', 'lead')], '2026-12-15',
'HTML-to-text leftovers: a literal &nbsp; glued to the alias, <br> tags, an inline image reference.'))

R.append(item('r42', '2026-12-03T14:50:00+07:00', D[5],
"""Thanh tra So chu tri, VP So phoi hop cung cap ho so. Han 9/12. Anh Hung theo doi.

""" + SIG_PHUOC + """

""" + outlook_en(D[5]),
'assign', [('TTR', 'lead'), ('VP', 'support'), ('PGD-HUNG', 'informed')], '2026-12-09',
'Three roles including a person to be informed.'))

R.append(item('r43', '2026-12-03T12:30:00+07:00', D[3],
"""Giao d/c Hung chi dao giai quyet""",
'assign', [('PGD-HUNG', 'lead')], None,
'A deputy as lead through "giải quyết".'))

R.append(item('r44', '2026-12-03T13:00:00+07:00', D[4],
"""Chuyen anh Minh xu ly""",
'unreadable', [], None,
'"anh Minh" is no configured target (PGĐ Hùng\'s middle name is Minh, but nobody is called that).'))

R.append(item('r45', '2026-12-04T10:30:00+07:00', D[9],
"""chuyển phòng ngân sach xu ly, han 10/12

""" + SIG_BINH,
'assign', [('NS', 'lead')], '2026-12-10',
'Diacritics only partly typed.'))

R.append(item('r46', '2026-12-03T09:05:00+07:00', D[1],
"""Ok em""",
'approve', [('KH', 'lead')], '2026-12-15',
'Two-word approve.'))

R.append(item('r47', '2026-12-21T10:00:00+07:00', D[11],
"""Thống nhất như đề xuất. Hạn 30/12.

""" + SIG_PHUOC + """

""" + zimbra(D[11]),
'approve', [('KH', 'lead'), ('GCS', 'support')], '2026-12-30',
'Approve with its own deadline replacing the proposal\'s 31/12.'))

R.append(item('r48', '2026-12-24T09:20:00+07:00', D[12],
"""Chuyen P.GCS, P.TH""",
'assign', [('GCS', 'lead'), ('TH', 'support')], None,
'Two units, no role word: first leads, second supports; no deadline written.'))

R.append(item('r49', '2026-12-28T08:01:00+07:00', D[13],
"""Tôi đang đi công tác nước ngoài từ ngày 28/12/2026 đến ngày 05/01/2027 và ít có điều kiện kiểm tra thư.
Các việc cần xử lý gấp xin liên hệ PGĐ Phạm Minh Hùng (DĐ: 0918 220 315).

Nguyễn Hữu Phước""",
'unreadable', [], None,
'Out-of-office auto-reply: names a deputy and dates, but is no instruction.'))

R.append(item('r50', '2026-12-03T15:10:00+07:00', D[6],
"""Chuyển phòng Tin học xử lý, hạn trước ngày 18-12

""" + SIG_THAO,
'assign', [('TH', 'lead')], '2026-12-18',
'Dash date; signed by a deputy whose alias "chị Thảo" is a target elsewhere.'))

R.append(item('r51', '2026-12-03T16:00:00+07:00', D[7],
thunderbird(D[7]) + """

luu""",
'file', [], None,
'Bottom-posted: the leader\'s word comes after the quoted slip.'))

R.append(item('r52', '2026-12-04T08:15:00+07:00', D[8],
"""Chuyển Phòng Kế hoạch chủ trì, Phòng Tài chính phối hợp, hạn 11/12

""" + gmail(D[8]),
'unreadable', [], None,
'"Phòng Tài chính" is no unit of a Sở Tài chính; it only prefixes Phòng Tài chính doanh nghiệp, and matching that would be a guess.'))

R.append(item('r53', '2026-12-03T09:25:00+07:00', D[2],
"""Lưu.
P.NS xem, bao cao anh han 15/12""",
'unreadable', [], None,
'File and assign in one reply: contradictory.'))

R.append(item('r54', '2026-12-03T09:35:00+07:00', D[1],
"""Gui em Lan
Chuyen phong ke hoach chu tri thuc hien, han 20/12/2026
Thanks""",
'assign', [('KH', 'lead')], '2026-12-20',
'Greeting to the clerk on its own line; alias without diacritics; "Thanks".'))

R.append(item('r55', '2026-12-04T15:30:00+07:00', D[4],
"""chuyen chi Thao cho y kien""",
'assign', [('PGD-THAO', 'lead')], None,
'A deputy by her alias without diacritics.'))

R.append(item('r56', '2026-12-03T10:50:00+07:00', D[1],
"""P KH xử lý. Hạn 15/12 như đề xuất

Nguyễn Hữu Phước
Giám đốc""",
'assign', [('KH', 'lead')], '2026-12-15',
'"P KH" with a space; "như đề xuất" here only confirms the date; the signature\'s "Giám đốc" is an alias of GD but is the signer.'))

R.append(item('r57', '2026-12-03T16:30:00+07:00', D[6],
"""Phòng Tin học - Thống kê chủ trì, Văn phòng Sở phối hợp, hoàn thành trước ngày 20 tháng 12.

""" + thunderbird(D[6]),
'assign', [('TH', 'lead'), ('VP', 'support')], '2026-12-20',
'Full names and "ngày 20 tháng 12".'))

dump(os.path.join(OUT, 'replies.json'), R)
print(len(R))
