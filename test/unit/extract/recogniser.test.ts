// Recogniser cases found with hand-written documents (review of issue 6). Each text is laid out as
// a reader gives it: PDF text flattens the two header columns onto shared lines; DOCX/ODT tables
// give the left column, then the right.
import { describe, expect, it } from 'vitest';
import { extractFromText } from '../../../src/extract/index.js';

const MOTTO = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc';

describe('subject', () => {
  it('keeps a second line that starts with a capital (a name wrapped onto it)', () => {
    const t = `UBND TỈNH LONG AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NỘI VỤ Độc lập - Tự do - Hạnh phúc
Số: 15/QĐ-SNV Long An, ngày 2 tháng 4 năm 2024
QUYẾT ĐỊNH
Về việc kiện toàn Ban Chỉ đạo cải cách hành chính và
Tổ giúp việc Ban Chỉ đạo năm 2024
GIÁM ĐỐC SỞ NỘI VỤ
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;`;
    expect(extractFromText(t).subject).toBe('Về việc kiện toàn Ban Chỉ đạo cải cách hành chính và Tổ giúp việc Ban Chỉ đạo năm 2024');
  });

  it('stops at the first sentence of the body even when it starts with a capital', () => {
    const t = `SỞ Y TẾ ${MOTTO.replace('\n', '\n')}
Số: 30/TB-SYT Long An, ngày 2 tháng 7 năm 2024
THÔNG BÁO
Kết luận của Giám đốc Sở tại cuộc họp giao ban
Ngày 20 tháng 6 năm 2024, Giám đốc Sở chủ trì cuộc họp giao ban.`;
    expect(extractFromText(t).subject).toBe('Kết luận của Giám đốc Sở tại cuộc họp giao ban');
  });

  it('does not take the right column (date) of a flattened công văn header into the subject or the place', () => {
    const t = `UBND TỈNH LONG AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ TÀI CHÍNH Độc lập - Tự do - Hạnh phúc
Số: 210/STC-NS
V/v bố trí kinh phí chuyển đổi số năm 2024 Long An, ngày 12 tháng 3 năm 2024
Kính gửi: Các sở, ban, ngành tỉnh.`;
    expect(extractFromText(t)).toMatchObject({
      subject: 'V/v bố trí kinh phí chuyển đổi số năm 2024',
      place: 'Long An',
      issuedDate: '2024-03-12',
      typeName: 'Công văn',
    });
  });
});

describe('signer', () => {
  it('keeps TM. and KT. of a collective body signed by a deputy; the position is the deputy', () => {
    const t = `ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LONG AN Độc lập - Tự do - Hạnh phúc
Số: 40/QĐ-UBND Long An, ngày 5 tháng 5 năm 2024
QUYẾT ĐỊNH
Về việc giao chỉ tiêu biên chế năm 2024
Điều 1. Giao chỉ tiêu.
Nơi nhận: TM. ỦY BAN NHÂN DÂN
- Như Điều 3; KT. CHỦ TỊCH
- Lưu: VT. PHÓ CHỦ TỊCH
Nguyễn Văn Út`;
    expect(extractFromText(t).signer).toEqual({
      authority: 'KT.',
      authorityChain: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH'],
      position: 'PHÓ CHỦ TỊCH',
      fullName: 'Nguyễn Văn Út',
    });
  });
});

describe('organ', () => {
  it('reads an organ name wrapped over several lines of a narrow column', () => {
    const t = `ỦY BAN NHÂN DÂN
TỈNH LONG AN
SỞ THÔNG TIN VÀ
TRUYỀN THÔNG
-------
Số: 95/STTTT-BCVT
${MOTTO}
Long An, ngày 9 tháng 9 năm 2024
Kính gửi: Các doanh nghiệp bưu chính.`;
    expect(extractFromText(t)).toMatchObject({ parentOrganName: 'ỦY BAN NHÂN DÂN TỈNH LONG AN', organName: 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG' });
  });

  it('reads a parent and an organ both wrapped, flattened beside the motto', () => {
    const t = `BỘ THÔNG TIN VÀ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TRUYỀN THÔNG Độc lập - Tự do - Hạnh phúc
CỤC BÁO CHÍ
-------
Số: 101/CBC-TTBC Hà Nội, ngày 9 tháng 9 năm 2024`;
    expect(extractFromText(t)).toMatchObject({ parentOrganName: 'BỘ THÔNG TIN VÀ TRUYỀN THÔNG', organName: 'CỤC BÁO CHÍ', place: 'Hà Nội' });
  });

  it('does not glue an unnumbered "Số: /TTr-STTTT" onto the organ; the notation is still read', () => {
    const t = `UBND TỈNH LONG AN
SỞ THÔNG TIN VÀ TRUYỀN THÔNG
Số: /TTr-STTTT
${MOTTO}
Long An, ngày      tháng 6 năm 2024
TỜ TRÌNH
Về việc ban hành Quy chế`;
    const md = extractFromText(t);
    expect(md).toMatchObject({ organName: 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG', parentOrganName: 'UBND TỈNH LONG AN', codeNumber: null, codeNotation: 'TTr-STTTT', typeName: 'Tờ trình' });
  });
});

describe('place', () => {
  it('keeps "Thành phố" of a city written in full, and "TP." when abbreviated', () => {
    const head = (p: string) => `SỞ NỘI VỤ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 7/SNV-VP ${p}, ngày 1 tháng 2 năm 2024\nV/v báo cáo`;
    expect(extractFromText(head('Thành phố Hồ Chí Minh')).place).toBe('Thành phố Hồ Chí Minh');
    expect(extractFromText(head('TP. Hồ Chí Minh')).place).toBe('TP. Hồ Chí Minh');
    expect(extractFromText(head('Quận 1')).place).toBe('Quận 1');
  });

  it('does not take a stamp flattened before the place', () => {
    const t = `SỞ NỘI VỤ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 7/SNV-VP MẬT Long An, ngày 1 tháng 2 năm 2024\nV/v nhân sự`;
    expect(extractFromText(t)).toMatchObject({ place: 'Long An', secrecy: 'Mật', codeNotation: 'SNV-VP' });
  });
});

describe('type', () => {
  it('types a document with a V/v line as Công văn even when the organ code looks like a type (CT = Cục Thuế)', () => {
    const t = `TỔNG CỤC THUẾ ${MOTTO}
CỤC THUẾ TỈNH LONG AN
Số: 1234/CT-TTHT Long An, ngày 3 tháng 3 năm 2024
V/v chính sách thuế giá trị gia tăng
Kính gửi: Công ty TNHH Phú An.`;
    expect(extractFromText(t)).toMatchObject({ codeNotation: 'CT-TTHT', typeName: 'Công văn', organName: 'CỤC THUẾ TỈNH LONG AN' });
  });
});

describe('stamps', () => {
  const doc = (between: string, body: string) => `SỞ NỘI VỤ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 7/SNV-VP Long An, ngày 1 tháng 2 năm 2024
${between}V/v danh sách
Kính gửi: Sở Tài chính.
${body}
Nơi nhận: GIÁM ĐỐC
- Như trên;
- Lưu: VT. Lê Minh Tâm`;

  it('counts a stand-alone MẬT / KHẨN in the header zone', () => {
    expect(extractFromText(doc('MẬT\nKHẨN\n', 'Nội dung.'))).toMatchObject({ secrecy: 'Mật', urgency: 'Khẩn' });
  });

  it('does not count a capitalised MẬT or KHẨN line in the body', () => {
    const md = extractFromText(doc('', 'Danh mục tài liệu:\nMẬT\nKHẨN\nLoại tài liệu được phân loại như trên.'));
    expect(md.secrecy).toBeNull();
    expect(md.urgency).toBeNull();
  });
});

// Found by the hand-made corpus (test/corpus/extract/handmade-*.ts).
describe('found by the hand-made corpus', () => {
  it('leaves Unicode lines alone when a VNI reading scores well ("ĐÔN" is not "ĐƠN")', () => {
    const t = `SỞ GIÁO DỤC VÀ ĐÀO TẠO ${MOTTO}
TRƯỜNG THPT LÊ QUÝ ĐÔN
Số: 112/CV-THPT Tân An, ngày 3 tháng 9 năm 2024
V/v đôn đốc nộp hồ sơ`;
    expect(extractFromText(t)).toMatchObject({ organName: 'TRƯỜNG THPT LÊ QUÝ ĐÔN', subject: 'V/v đôn đốc nộp hồ sơ' });
  });

  it('reads the place of a draft whose day is left blank; the date stays null', () => {
    const t = `UBND TỈNH LONG AN\nSỞ NỘI VỤ\nSố:       /TB-SNV\n${MOTTO}\nLong An, ngày      tháng 3 năm 2024\nTHÔNG BÁO\nLịch tiếp công dân`;
    expect(extractFromText(t)).toMatchObject({ place: 'Long An', issuedDate: null, codeNumber: null, codeNotation: 'TB-SNV' });
  });

  it('takes a subject that starts "Thực hiện …" right under the title', () => {
    const t = `UBND TỈNH LONG AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN Độc lập - Tự do - Hạnh phúc
Số: 3310/HD-SNN Long An, ngày 16 tháng 9 năm 2024
HƯỚNG DẪN
Thực hiện tiêu chí môi trường trong xây dựng
nông thôn mới giai đoạn 2021 - 2025
Thực hiện Quyết định số 211/QĐ-TTg của Thủ tướng Chính phủ, Sở hướng dẫn như sau:`;
    expect(extractFromText(t).subject).toBe('Thực hiện tiêu chí môi trường trong xây dựng nông thôn mới giai đoạn 2021 - 2025');
  });

  it('does not run a subject on into a short body line that starts with a capital and carries a body verb', () => {
    const t = `SỞ GIÁO DỤC VÀ ĐÀO TẠO ${MOTTO}
Số: 112/GM-THPT Tân An, ngày 3 tháng 9 năm 2024
GIẤY MỜI
Dự Lễ khai giảng năm học 2024 - 2025
Trường THPT Lê Quý Đôn trân trọng kính mời quý vị đại biểu đến dự
Lễ khai giảng năm học mới.`;
    expect(extractFromText(t).subject).toBe('Dự Lễ khai giảng năm học 2024 - 2025');
  });

  it('reads a position printed over two lines, flattened beside the recipients', () => {
    const t = `TỔNG CỤC THUẾ ${MOTTO}
CỤC THUẾ TỈNH LONG AN
Số: 1234/CT-TTHT Long An, ngày 18 tháng 3 năm 2024
V/v chính sách thuế
Nơi nhận: TL. CỤC TRƯỞNG
- Như trên; TRƯỞNG PHÒNG TUYÊN TRUYỀN
- Phòng NVDTPC; VÀ HỖ TRỢ NGƯỜI NỘP THUẾ
- Lưu: VT, TTHT.
Lê Thị Thu Hà`;
    const md = extractFromText(t);
    expect(md.signer).toMatchObject({ authority: 'TL.', position: 'TRƯỞNG PHÒNG TUYÊN TRUYỀN VÀ HỖ TRỢ NGƯỜI NỘP THUẾ', fullName: 'Lê Thị Thu Hà' });
    expect(md.recipients).toEqual(['Như trên', 'Phòng NVDTPC', 'Lưu: VT, TTHT']);
  });

  it('reads the name after a rank ("Thượng tá Nguyễn Văn Hậu")', () => {
    const t = `BỘ CÔNG AN ${MOTTO}\nCÔNG AN TỈNH LONG AN\nSố: 1189/CAT-PV01 Long An, ngày 19 tháng 11 năm 2024\nV/v phối hợp\nNơi nhận: KT. GIÁM ĐỐC\n- Như trên; PHÓ GIÁM ĐỐC\n- Lưu: VT.\nThượng tá Nguyễn Văn Hậu`;
    expect(extractFromText(t).signer).toMatchObject({ position: 'PHÓ GIÁM ĐỐC', fullName: 'Nguyễn Văn Hậu' });
  });

  it('reads a "Nơi nhận" list typed without dashes', () => {
    const t = `ỦY BAN NHÂN DÂN ${MOTTO}\nHUYỆN CẦN GIUỘC\nSố: 215/TB-UBND Cần Giuộc, ngày 8 tháng 8 năm 2024\nTHÔNG BÁO\nKết luận cuộc họp\nNội dung.\nNơi nhận: TL. CHỦ TỊCH\nNhư trên; CHÁNH VĂN PHÒNG\nThường trực Huyện ủy;\nCác xã, thị trấn;\nLưu: VT.\nPhan Thanh Tùng`;
    const md = extractFromText(t);
    expect(md.recipients).toEqual(['Như trên', 'Thường trực Huyện ủy', 'Các xã, thị trấn', 'Lưu: VT']);
    expect(md.signer).toMatchObject({ authority: 'TL.', position: 'CHÁNH VĂN PHÒNG', fullName: 'Phan Thanh Tùng' });
  });
});

// Tester's findings (issue "secrecy decided on what was read, and recogniser fixes").
describe('the national motto is never the organ', () => {
  it('when the motto came through damaged (an 8-bit text read as UTF-8) or misread', () => {
    // windows-1258 bytes read as UTF-8: each marked letter is U+FFFD; the motto comes first.
    const damaged = 'C\uFFFD\uFFFDNG HO\uFFFDA XA\uFFFD H\uFFFD\uFFFDI CHU\uFFFD NGHI\uFFFDA VI\uFFFD\uFFFDT NAM\n\uFFFD\uFFFD\uFFFDc l\uFFFD\uFFFDp - T\uFFFD\uFFFD do - Ha\uFFFDnh phu\uFFFDc\nSỞ Y TẾ\nSố: 210/SYT-NV\nLong An, ngày 12 tháng 3 năm 2024\nV/v phòng chống dịch\nKính gửi: Các bệnh viện.';
    expect(extractFromText(damaged)).toMatchObject({ organName: 'SỞ Y TẾ', codeNumber: '210', subject: 'V/v phòng chống dịch' });
    // An OCR misreading ("NAN") that the motto's pattern does not take.
    const misread = 'CONG HOA XA HOI CHU NGHIA VIET NAN\nDoc lap - Tu do - Hanh phuc\nSO Y TE\nSo: 210/SYT-NV\nLong An, ngay 12 thang 3 nam 2024\nV/v phong chong dich';
    expect(extractFromText(misread).organName).toBe('SO Y TE');
  });
});

describe('signer without a "Nơi nhận" block (a Công báo copy)', () => {
  it('reads a position and a name with no authority line', () => {
    const t = `BỘ TƯ PHÁP\nSố: 05/2024/TT-BTP\n${MOTTO}\nHà Nội, ngày 2 tháng 5 năm 2024\nTHÔNG TƯ\nQuy định về công báo\nĐiều 1. Phạm vi\nThông tư này quy định./.\nBỘ TRƯỞNG\n\n\nLê Thành Long`;
    expect(extractFromText(t).signer).toEqual({ authority: null, authorityChain: [], position: 'BỘ TRƯỞNG', fullName: 'Lê Thành Long' });
  });

  it('reads the authority flattened onto the last line of the body, and "(Đã ký)"', () => {
    const t = `BỘ TƯ PHÁP CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 05/2024/TT-BTP Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 2 tháng 5 năm 2024
THÔNG TƯ
Quy định về công báo
Điều 1. Phạm vi
Thông tư này có hiệu lực thi hành kể từ ngày ký./. KT. BỘ TRƯỞNG
THỨ TRƯỞNG
(Đã ký)
Nguyễn Thanh Tịnh`;
    expect(extractFromText(t).signer).toEqual({ authority: 'KT.', authorityChain: ['KT. BỘ TRƯỞNG'], position: 'THỨ TRƯỞNG', fullName: 'Nguyễn Thanh Tịnh' });
  });

  it('does not take a competence line of the body for a signer', () => {
    const t = `UBND TỈNH LONG AN\nSỞ NỘI VỤ\nSố: 21/QĐ-SNV\n${MOTTO}\nLong An, ngày 12 tháng 3 năm 2024\nQUYẾT ĐỊNH\nVề việc ban hành Quy chế làm việc\nGIÁM ĐỐC SỞ NỘI VỤ\nCăn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành Quy chế.`;
    expect(extractFromText(t).signer).toBeNull();
  });
});

describe('subject: where it ends', () => {
  const HEAD = `UBND TỈNH LONG AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NỘI VỤ Độc lập - Tự do - Hạnh phúc`;
  it('keeps a wrapped V/v line that starts with "Điều" (an article cited, not an article of the body)', () => {
    const t = `${HEAD}\nSố: 210/SNV-CCVC Long An, ngày 12 tháng 3 năm 2024\nV/v hướng dẫn thi hành\nĐiều 12 Luật Văn thư\nKính gửi: Các sở, ban, ngành tỉnh.`;
    expect(extractFromText(t).subject).toBe('V/v hướng dẫn thi hành Điều 12 Luật Văn thư');
    const stacked = `UBND TỈNH LONG AN\nSỞ NỘI VỤ\nSố: 210/SNV-CCVC\nV/v hướng dẫn thực hiện\nĐiều 5 Nghị định số 30/2020/NĐ-CP\n${MOTTO}\nLong An, ngày 12 tháng 3 năm 2024\nKính gửi: Các sở, ban, ngành tỉnh.`;
    expect(extractFromText(stacked).subject).toBe('V/v hướng dẫn thực hiện Điều 5 Nghị định số 30/2020/NĐ-CP');
  });

  it.each([['Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.'], ['Điều 12. Phạm vi điều chỉnh'], ['Điều 105: Hiệu lực thi hành']])('still stops at an article of the body ("%s")', (article) => {
    const t = `${HEAD}\nSố: 21/QĐ-SNV Long An, ngày 12 tháng 3 năm 2024\nQUYẾT ĐỊNH\nVề việc ban hành Quy chế làm việc\n${article}`;
    expect(extractFromText(t).subject).toBe('Về việc ban hành Quy chế làm việc');
  });

  it.each([
    ['Kính gởi: Ủy ban nhân dân các huyện, thị xã'],
    ['Đồng kính gửi: Ủy ban nhân dân các huyện'],
    ['Sở Nội vụ nhận được Công văn số 12/UBND-VX của'],
  ])('stops a V/v subject at the body line "%s"', (line) => {
    const t = `${HEAD}\nSố: 210/SNV-CCVC Long An, ngày 12 tháng 3 năm 2024\nV/v tăng cường công tác văn thư\n${line}\nThực hiện chỉ đạo của UBND tỉnh.`;
    expect(extractFromText(t).subject).toBe('V/v tăng cường công tác văn thư');
  });

  it.each([['1/ Mục đích yêu cầu'], ['a) Nâng cao nhận thức'], ['Mục 1. Quy định chung']])('stops a subject under a title at the numbered item "%s"', (line) => {
    const t = `${HEAD}\nSố: 21/KH-SNV Long An, ngày 12 tháng 3 năm 2024\nKẾ HOẠCH\nTổ chức hội nghị tập huấn công tác văn thư\n${line}\nNội dung.`;
    expect(extractFromText(t).subject).toBe('Tổ chức hội nghị tập huấn công tác văn thư');
  });

  it.each([
    ['Từ ngày 01 đến ngày 04 tháng 6 năm 2025, trên địa bàn xã xảy ra mưa lớn'],
    ['Trên địa bàn tỉnh, mưa lớn kéo dài gây ngập úng'],
  ])('stops a wrapped report subject at the body line "%s"', (line) => {
    const t = `${HEAD}\nSố: 86/BC-SNV Long An, ngày 6 tháng 6 năm 2025\nBÁO CÁO\nTình hình thiệt hại do mưa lớn, triều cường\nvà công tác khắc phục\n${line}\ncục bộ.`;
    expect(extractFromText(t).subject).toBe('Tình hình thiệt hại do mưa lớn, triều cường và công tác khắc phục');
  });

  it('stops a subject in capitals at a "QUYẾT ĐỊNH" typed without its colon', () => {
    const t = `${HEAD}\nSố: 21/QĐ-SNV Long An, ngày 12 tháng 3 năm 2024\nQUYẾT ĐỊNH\nVỀ VIỆC BAN HÀNH QUY CHẾ LÀM VIỆC\nQUYẾT ĐỊNH\nĐiều 1. Ban hành.`;
    expect(extractFromText(t).subject).toBe('VỀ VIỆC BAN HÀNH QUY CHẾ LÀM VIỆC');
  });
});
